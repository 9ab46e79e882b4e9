"""``ipdoc diff`` on the same text as TXT and as DOCX: layout is reported, ``-w`` ignores it."""

from __future__ import annotations

import docx
from typer.testing import CliRunner

from conftest import SAMPLE_ZH
from ipdoc.cli import app

runner = CliRunner()


def test_txt_and_docx_of_one_text_differ_only_in_layout(tmp_path):
    document = docx.Document()
    for line in SAMPLE_ZH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line)
    path = tmp_path / "notice.zh.docx"
    document.save(str(path))
    r = runner.invoke(app, ["diff", str(SAMPLE_ZH), str(path)])
    assert r.exit_code == 1
    assert "paragraph break removed" in r.stdout and "differ: 44 unchanged, 20 layout;" in r.stdout
    r = runner.invoke(app, ["diff", str(SAMPLE_ZH), str(path), "-w"])
    assert r.exit_code == 0, r.output
