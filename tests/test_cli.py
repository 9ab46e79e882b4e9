from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_EN, SAMPLE_ZH, USER_EN
from ipdoc import __version__
from ipdoc.cli import app

runner = CliRunner()


def test_version_and_help():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output
    for cmd in ([], ["run"], ["segment"]):
        r = runner.invoke(app, [*cmd, "--help"])
        assert r.exit_code == 0 and "Usage" in r.output


def test_segment_json_on_user_translation():
    r = runner.invoke(app, ["segment", str(USER_EN), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["lang"] == "en" and data["encoding"] == "utf-8"
    kinds = [u["kind"] for u in data["units"]]
    assert kinds.count("section") == 7 and kinds.count("item") == 25 and kinds.count("attribution") == 23
    for u in data["units"]:
        assert set(u) >= {"id", "kind", "number", "parent", "start", "end", "text"}
    content = USER_EN.read_text(encoding="utf-8")
    for u in data["units"]:
        assert content[u["start"]:u["end"]] == u["text"]
    section6 = next(u for u in data["units"] if u["kind"] == "section" and u["value"] == 6)
    assert section6["number"] == "(VI)"
    assert {n["code"] for n in data["notes"]} >= {"marker-misprinted", "attribution-unclosed"}


def test_segment_levels_and_text_output():
    r = runner.invoke(app, ["segment", str(SAMPLE_ZH), "--level", "clause"])
    assert r.exit_code == 0
    assert "clause" in r.stdout and "（一）" in r.stdout
    r = runner.invoke(app, ["segment", str(SAMPLE_EN), "--level", "block", "--format", "json"])
    kinds = {u["kind"] for u in json.loads(r.stdout)["units"]}
    assert "sentence" not in kinds and "item" in kinds


@pytest.mark.parametrize(
    "content, needle",
    [(b"", "empty file"), (b"\x7fELF\x02\x01\x01" + bytes(100), "binary file"),
     (b"PK\x03\x04\x14\x00\x00\x00broken", "DOCX")],
)
def test_bad_input_one_line_exit_2(tmp_path, content, needle):
    p = tmp_path / ("bad.docx" if content.startswith(b"PK") else "bad.txt")
    p.write_bytes(content)
    out = tmp_path / "out.json"
    r = runner.invoke(app, ["segment", str(p), "--format", "json", "-o", str(out)])
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and str(p) in lines[0]
    assert "Traceback" not in r.output
    assert not out.exists()
    assert p.read_bytes() == content


def test_output_refuses_overwrite_without_force(tmp_path):
    out = tmp_path / "seg.json"
    out.write_text("keep")
    r = runner.invoke(app, ["segment", str(SAMPLE_EN), "--format", "json", "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr
    assert out.read_text() == "keep"
    r = runner.invoke(app, ["segment", str(SAMPLE_EN), "--format", "json", "-o", str(out), "--force"])
    assert r.exit_code == 0 and json.loads(out.read_text())["lang"] == "en"


def test_run_processes_pairs_and_singles(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in (USER_EN, SAMPLE_ZH, SAMPLE_EN):
        shutil.copy(p, src / p.name)
    (src / "README.md").write_text("not a text to process")
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / "urban-data-sharing-sample" / "segments.zh.json").exists()
    assert (out / "internet-plus-guiding-opinions" / "segments.en.json").exists()
    assert "7 sections, 25 items, 23 attributions" in r.stdout
    # inputs untouched
    assert (src / USER_EN.name).read_bytes() == USER_EN.read_bytes()


def test_run_reports_a_bad_pair_and_exits_2(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SAMPLE_EN, src / "x.zh.txt")  # English where Chinese is expected
    shutil.copy(SAMPLE_EN, src / "x.en.txt")
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(tmp_path / "out")])
    assert r.exit_code == 2
    assert "expected Chinese" in r.stderr
    assert not (tmp_path / "out" / "x").exists()
