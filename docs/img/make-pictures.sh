#!/usr/bin/env bash
# The README's pictures: the first page of each DOCX that `ipdoc run` writes for the
# shipped documents (and the first page of the sample's review table), printed to PDF
# by LibreOffice and rasterised by poppler's pdftoppm at 60 dpi. Run `ipdoc run` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cp alignments/*/*.docx "$TMP"/
soffice -env:UserInstallation="file://$TMP/profile" --headless --convert-to pdf --outdir "$TMP" "$TMP"/*.docx >/dev/null
for pdf in "$TMP"/*.pdf; do
  pdftoppm -r 60 -png -f 1 -l 1 -singlefile "$pdf" "docs/img/$(basename "$pdf" .pdf)"
done
pdftoppm -r 60 -png -f 3 -l 3 -singlefile "$TMP/urban-data-sharing-sample.review.pdf" \
  docs/img/urban-data-sharing-sample.review-table
