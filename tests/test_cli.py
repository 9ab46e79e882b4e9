from __future__ import annotations

import json
import re
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


def test_align_beads_output_is_the_gold(tmp_path):
    from conftest import SAMPLE_GOLD

    out = tmp_path / "a.beads"
    r = runner.invoke(app, ["align", str(SAMPLE_ZH), str(SAMPLE_EN), "--format", "beads", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text() == SAMPLE_GOLD.read_text()


def test_align_text_tsv_json():
    r = runner.invoke(app, ["align", str(SAMPLE_ZH), str(SAMPLE_EN)])
    assert r.exit_code == 0 and "│" in r.stdout and "mean confidence" in r.stdout
    r = runner.invoke(app, ["align", str(SAMPLE_ZH), str(SAMPLE_EN), "--format", "tsv"])
    lines = r.stdout.splitlines()
    assert lines[0] == "zh_ids\ten_ids\tscore\tzh\ten" and all(len(x.split("\t")) == 5 for x in lines)
    r = runner.invoke(app, ["align", str(SAMPLE_ZH), str(SAMPLE_EN), "--format", "json", "--level", "clause"])
    data = json.loads(r.stdout)
    assert data["level"] == "clause" and data["signature"].startswith("ipdoc:")
    assert {"zh", "en", "type", "score", "reason", "zh_ids", "en_ids"} <= set(data["beads"][0])
    content = SAMPLE_EN.read_text(encoding="utf-8")
    for u in data["en"]["units"]:
        assert content[u["start"]:u["end"]] == u["text"]


def test_align_presegmented_and_pins(tmp_path):
    zh = tmp_path / "a.zh"
    en = tmp_path / "a.en"
    zh.write_text("我二十一岁。\n她二十六岁。\n我们是朋友。\n", encoding="utf-8")
    en.write_text("I was twenty-one.\nShe was twenty-six.\nWe were friends.\n", encoding="utf-8")
    r = runner.invoke(app, ["align", str(zh), str(en), "--presegmented", "--format", "beads"])
    assert r.stdout == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"
    pins = tmp_path / "pins.txt"
    pins.write_text("# keep 1 with 2\nzh:1=en:2\n")
    r = runner.invoke(app, ["align", str(zh), str(en), "--presegmented", "--format", "beads", "--pins", str(pins)])
    assert r.exit_code == 0 and any(line.startswith("[1") and "2]" in line for line in r.stdout.splitlines())


@pytest.mark.parametrize(
    "extra, needle",
    [(["--pin", "zh:99=en:0"], "out of range"), (["--pin", "zh:1=en:0", "--pin", "zh:0=en:1"], "cross"),
     (["--pin", "one=two"], "not a pin")],
)
def test_align_bad_pins_exit_2(extra, needle):
    r = runner.invoke(app, ["align", str(SAMPLE_ZH), str(SAMPLE_EN), *extra])
    assert r.exit_code == 2 and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_align_swapped_and_empty_inputs(tmp_path):
    r = runner.invoke(app, ["align", str(SAMPLE_EN), str(SAMPLE_ZH)])
    assert r.exit_code == 2 and "swapped" in r.stderr
    empty = tmp_path / "e.txt"
    empty.write_text("")
    r = runner.invoke(app, ["align", str(SAMPLE_ZH), str(empty)])
    assert r.exit_code == 2 and "empty file" in r.stderr


def test_run_aligns_pairs_and_scores_against_gold(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in (SAMPLE_ZH, SAMPLE_EN):
        shutil.copy(p, src / p.name)
    out = tmp_path / "out"
    out.mkdir()
    from conftest import SAMPLE_GOLD

    shutil.copy(SAMPLE_GOLD, out / SAMPLE_GOLD.name)
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / "urban-data-sharing-sample" / "alignment.beads").read_text() == SAMPLE_GOLD.read_text()
    assert "strict F1 1.000" in r.stdout


def test_check_text_and_exit_codes():
    r = runner.invoke(app, ["check", str(USER_EN)])
    assert r.exit_code == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{USER_EN}:") and first.split(":")[1].isdigit()
    assert "T002 unofficial-name" in r.stdout and re.search(r"\d+ findings in \d+ groups \(", r.stdout)
    r = runner.invoke(app, ["check", str(USER_EN), "--fail-on", "never"])
    assert r.exit_code == 0
    r = runner.invoke(app, ["check", str(USER_EN), "--select", "T004", "--fail-on", "error"])
    assert r.exit_code == 0
    r = runner.invoke(app, ["check", str(USER_EN), "--select", "T004", "--fail-on", "warning"])
    assert r.exit_code == 1


def test_check_groups_findings_unless_asked_not_to():
    grouped = runner.invoke(app, ["check", str(USER_EN)]).stdout.split("\n\n")[0].splitlines()
    flat = runner.invoke(app, ["check", str(USER_EN), "--no-group"]).stdout.split("\n\n")[0].splitlines()
    data = json.loads(runner.invoke(app, ["check", str(USER_EN), "--format", "json"]).stdout)
    assert len(grouped) == len(data["groups"]) < len(flat) == len(data["findings"])
    assert sorted(k for g in data["groups"] for k in g["findings"]) == list(range(len(data["findings"])))


def test_check_json_schema():
    r = runner.invoke(app, ["check", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--format", "json", "--fail-on", "never"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    f = data["findings"][0]
    assert {"code", "name", "severity", "side", "start", "end", "line", "col", "message", "evidence", "fix"} <= set(f)
    assert set(data["summary"]) >= {"total", "by_rule", "by_severity"}
    zh_text = SAMPLE_ZH.read_text(encoding="utf-8")
    en_text = SAMPLE_EN.read_text(encoding="utf-8")
    for f in data["findings"]:
        assert (zh_text if f["side"] == "zh" else en_text)[f["start"]:f["end"]] == f["text"]
        if f["fix"]:
            assert set(f["fix"]) == {"start", "end", "replacement", "applicability"}


def test_check_select_ignore_and_bad_code():
    r = runner.invoke(app, ["check", str(USER_EN), "--select", "G,P", "--ignore", "P002", "--format", "json"])
    codes = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert codes == {"G001", "G002", "P001"}
    r = runner.invoke(app, ["check", str(USER_EN), "--select", "X1"])
    assert r.exit_code == 2 and "no rule matches" in r.stderr


def test_review_then_check_leaves_reviewed_out(tmp_path):
    en = tmp_path / "doc.en.txt"
    shutil.copy(USER_EN, en)
    r = runner.invoke(app, ["check", str(en), "--select", "G001", "--format", "json"])
    fps = [f["fingerprint"] for f in json.loads(r.stdout)["findings"]]
    assert len(fps) == 2
    r = runner.invoke(app, ["review", str(en), fps[0], "--note", "known"])
    assert r.exit_code == 0 and (tmp_path / "doc.en.txt.reviewed").exists()
    r = runner.invoke(app, ["check", str(en), "--select", "G001", "--format", "json"])
    assert [f["fingerprint"] for f in json.loads(r.stdout)["findings"]] == fps[1:]
    r = runner.invoke(app, ["review", str(en), "G001-ffffffffffff"])
    assert r.exit_code == 2 and "no current finding" in r.stderr


def test_fix_writes_edition_and_changes(tmp_path):
    out = tmp_path / "edition.txt"
    changes = tmp_path / "changes.json"
    before = USER_EN.read_bytes()
    r = runner.invoke(app, ["fix", str(USER_EN), "-o", str(out), "--changes", str(changes)])
    assert r.exit_code == 0, r.output
    assert USER_EN.read_bytes() == before
    data = json.loads(changes.read_text())
    assert data["summary"]["layout"] == 32 and data["summary"]["edits"] == 17
    first = out.read_bytes()
    r = runner.invoke(app, ["fix", str(USER_EN), "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr
    r = runner.invoke(app, ["fix", str(USER_EN), "-o", str(out), "--force"])
    assert out.read_bytes() == first
    r = runner.invoke(app, ["fix", str(USER_EN), "-o", str(USER_EN), "--force"])
    assert r.exit_code == 2 and "input" in r.stderr and USER_EN.read_bytes() == before


def test_rules_listing():
    r = runner.invoke(app, ["rules"])
    assert r.exit_code == 0 and "G001 garbled-placeholder" in r.stdout and "why:" in r.stdout
    rules = json.loads(runner.invoke(app, ["rules", "--format", "json"]).stdout)
    assert {"code", "name", "family", "severity", "fix", "what", "why", "example"} <= set(rules[0])


def test_run_writes_findings_and_edition(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(USER_EN, src / USER_EN.name)
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    folder = out / "internet-plus-guiding-opinions"
    assert {p.name for p in folder.iterdir()} >= {"findings.json", "findings.txt", "edition.en.txt", "changes.json"}
    assert "17 safe fixes applied, 32 paragraph breaks restored" in r.stdout


@pytest.mark.parametrize("fmt, magic", [("docx", b"PK"), ("docx-clean", b"PK"), ("tmx", b"<?xml"), ("xliff", b"<?xml"),
                                        ("xml", b"<?xml"), ("json", b"{")])
def test_export_every_format(tmp_path, fmt, magic):
    out = tmp_path / f"out.{fmt}"
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(magic)
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", fmt, "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr


def test_project_file_replaces_the_two_texts(tmp_path):
    proj = tmp_path / "p.ipdoc.xml"
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", "xml", "-o", str(proj)])
    assert r.exit_code == 0
    direct = json.loads(runner.invoke(app, ["check", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--format",
                                            "json"]).stdout)
    from_project = json.loads(runner.invoke(app, ["check", str(proj), "--format", "json"]).stdout)

    def strip(d):
        return [(f["code"], f["start"], f["end"], f["message"], f["fingerprint"]) for f in d["findings"]]

    assert strip(from_project) == strip(direct)
    assert from_project["signature"] == direct["signature"]  # the stored alignment, not a new one
    out = tmp_path / "again.xml"
    r = runner.invoke(app, ["export", "--project", str(proj), "--to", "xml", "-o", str(out)])
    assert r.exit_code == 0 and out.read_bytes() == proj.read_bytes()
    tmx = tmp_path / "p.tmx"
    assert runner.invoke(app, ["export", "--project", str(proj), "--to", "tmx", "-o", str(tmx)]).exit_code == 0
    r = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "ed.txt")])
    assert r.exit_code == 0 and "will reach 85%," in (tmp_path / "ed.txt").read_text()


def test_export_errors(tmp_path):
    r = runner.invoke(app, ["export", str(USER_EN), "--to", "tmx", "-o", str(tmp_path / "x.tmx")])
    assert r.exit_code == 2 and "needs the Chinese" in r.stderr and not (tmp_path / "x.tmx").exists()
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "x">]>'
                    '<project xmlns="urn:ipdoc:project:1">&a;</project>')
    r = runner.invoke(app, ["export", "--project", str(bomb), "--to", "json", "-o", str(tmp_path / "o.json")])
    assert r.exit_code == 2 and "entities" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_diff_exit_codes_and_formats(tmp_path):
    b = tmp_path / "b.txt"
    b.write_text(SAMPLE_EN.read_text(encoding="utf-8").replace("Main objectives", "Main targets"), encoding="utf-8")
    r = runner.invoke(app, ["diff", str(SAMPLE_EN), str(SAMPLE_EN)])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("identical")
    r = runner.invoke(app, ["diff", str(SAMPLE_EN), str(b)])
    assert r.exit_code == 1 and "[-objectives-]{+targets+}" in r.stdout and "BLEU signature" in r.stdout
    r = runner.invoke(app, ["diff", str(SAMPLE_EN), str(b), "--format", "json"])
    data = json.loads(r.stdout)
    assert data["summary"]["counts"]["changed"] == 1
    changed = next(o for o in data["ops"] if o["type"] == "changed")
    assert set(changed) >= {"type", "a", "b", "a_text", "b_text", "chrf", "edits"}
    out = tmp_path / "d.html"
    r = runner.invoke(app, ["diff", str(SAMPLE_EN), str(b), "--format", "html", "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    assert r.exit_code == 1 and "<ins>targets</ins>" in page and "http" not in page.replace("http-equiv", "")
    r = runner.invoke(app, ["diff", str(SAMPLE_EN), str(SAMPLE_ZH)])
    assert r.exit_code == 2 and "one language" in r.stderr


def test_score_command(tmp_path):
    r = runner.invoke(app, ["score", str(SAMPLE_EN), str(SAMPLE_EN), "--level", "unit", "--worst", "2"])
    assert r.exit_code == 0 and r.stdout.startswith("BLEU") and "worst 2 of" in r.stdout
    r = runner.invoke(app, ["score", str(SAMPLE_EN), str(SAMPLE_EN), str(SAMPLE_EN), "--format", "json"])
    data = json.loads(r.stdout)
    assert data["scores"]["BLEU"]["score"] == 100.0 and "nrefs:2" in data["scores"]["BLEU"]["signature"]


# ---------------------------------------------------------------------- the project file as the unit of work


def _bad_projects(tmp_path) -> list:
    """Three project files that used to crash deep inside a stage (issue 10)."""
    from helpers import sample_review
    from ipdoc.export import project

    data = project.export_xml(sample_review())
    past = data.replace(b'en="43"', b'en="4300"', 1)
    assert past != data
    d = json.loads(project.export_json(sample_review()))
    d["findings"][0]["message"] = "\ud800"
    surrogate = json.dumps(d).encode()
    deep = b'{"format": "ipdoc-project", "version": "2", "texts": ' + b"[" * 50000 + b"]" * 50000 + b"}"
    out = []
    for name, content in (("past.ipdoc.xml", past), ("surrogate.ipdoc.json", surrogate), ("deep.ipdoc.json", deep)):
        path = tmp_path / name
        path.write_bytes(content)
        out.append(path)
    return out


@pytest.mark.parametrize("command", [["check"], ["fix"], ["export", "--to", "tmx", "--project"], ["report"],
                                     ["diff", str(SAMPLE_EN)]])
def test_a_bad_project_file_is_one_line_and_exit_2(tmp_path, command):
    for path in _bad_projects(tmp_path):
        args = [*command, str(path)]
        if command[0] == "export":
            args += ["-o", str(tmp_path / "o.tmx")]
        r = runner.invoke(app, args)
        assert r.exit_code == 2, (path.name, r.output)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.output
        assert path.name in r.stderr and "internal error" not in r.stderr


def _decisions_for(tmp_path, lines: list[str]):
    path = tmp_path / "decisions.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sample_findings() -> list[dict]:
    r = runner.invoke(app, ["check", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--format", "json"])
    return json.loads(r.stdout)["findings"]


def test_decisions_flow_into_check_fix_and_export(tmp_path):
    findings = _sample_findings()
    suggested = next(f for f in findings if f["fix"] and f["fix"]["applicability"] == "suggested" and f["side"] == "en")
    safe = next(f for f in findings if f["fix"] and f["fix"]["applicability"] == "safe" and f["side"] == "en")
    omission = next(f for f in findings if f["code"] == "B001")
    decisions = _decisions_for(tmp_path, ["# editor", f"{suggested['fingerprint']} accept",
                                          f"{safe['fingerprint']} reject",
                                          f"{omission['fingerprint']} replace Personal data will be protected."])
    pair = [str(SAMPLE_EN), "--zh", str(SAMPLE_ZH)]
    r = runner.invoke(app, ["check", *pair, "--format", "json", "--decisions", str(decisions)])
    left = {f["fingerprint"] for f in json.loads(r.stdout)["findings"]}
    assert len(left) == len(findings) - 3 and suggested["fingerprint"] not in left
    r = runner.invoke(app, ["fix", *pair, "--decisions", str(decisions), "-o", str(tmp_path / "ed.txt")])
    assert r.exit_code == 0, r.output
    assert "1 rejected by the editor" in r.stderr
    edition = (tmp_path / "ed.txt").read_text(encoding="utf-8")
    assert "Personal data will be protected." in edition
    assert edition[suggested["start"]:].startswith(suggested["fix"]["replacement"]) or \
        suggested["fix"]["replacement"] in edition
    tmx = tmp_path / "p.tmx"
    r = runner.invoke(app, ["export", *pair, "--to", "tmx", "--decisions", str(decisions), "-o", str(tmx)])
    assert r.exit_code == 0 and "Personal data will be protected." in tmx.read_text(encoding="utf-8")
    proj = tmp_path / "p.ipdoc.xml"
    r = runner.invoke(app, ["export", *pair, "--to", "xml", "--decisions", str(decisions), "-o", str(proj)])
    assert r.exit_code == 0
    r = runner.invoke(app, ["fix", str(proj), "-o", str(tmp_path / "again.txt")])  # stored in the project
    assert (tmp_path / "again.txt").read_text(encoding="utf-8") == edition


def test_a_bad_decisions_file_names_its_line(tmp_path):
    decisions = _decisions_for(tmp_path, ["# editor", "", "G001-0123456789ab reject"])
    r = runner.invoke(app, ["fix", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--decisions", str(decisions),
                            "-o", str(tmp_path / "ed.txt")])
    assert r.exit_code == 2 and "line 3: no finding has fingerprint G001-0123456789ab" in r.stderr
    assert not (tmp_path / "ed.txt").exists()
    r = runner.invoke(app, ["check", str(SAMPLE_EN), "--decisions", str(decisions)])
    assert r.exit_code == 2 and "line 3" in r.stderr


def test_pins_on_export_and_check(tmp_path):
    pins = tmp_path / "pins.txt"
    pins.write_text("# keep the title with the document number\nzh:0=en:1\n", encoding="utf-8")
    out = tmp_path / "p.json"
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", "json", "--pins", str(pins),
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    d = json.loads(out.read_text(encoding="utf-8"))
    first = d["alignment"]["beads"][0]
    assert 0 in first["zh"] and 1 in first["en"]
    assert d["pins"] == [[0, 1]]
    pins.write_text("zh:0=en:1\nzh:oops\n", encoding="utf-8")
    r = runner.invoke(app, ["check", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--pins", str(pins)])
    assert r.exit_code == 2 and "line 2: not a pin" in r.stderr


def test_report_command(tmp_path):
    out = tmp_path / "report.html"
    r = runner.invoke(app, ["report", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "-o", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="row' in page
    r = runner.invoke(app, ["report", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr


def test_serve_refuses_what_is_not_a_project(tmp_path):
    r = runner.invoke(app, ["serve", str(SAMPLE_EN), "--no-browser"])
    assert r.exit_code == 2 and "not an ipdoc project file" in r.stderr
    r = runner.invoke(app, ["serve", str(tmp_path / "none.ipdoc.xml"), "--no-browser"])
    assert r.exit_code == 2 and "no such file" in r.stderr


def test_review_checks_its_file_before_reading_or_writing(tmp_path):
    """The reviewed file is an output: a FIFO there was read (and the command hung), an input given
    as it, a link or a missing folder were found only after the whole check."""
    import os

    en = tmp_path / "en.txt"
    shutil.copy(SAMPLE_EN, en)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "real.reviewed").write_text("# reviewed\n", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "real.reviewed")
    before = en.read_bytes()
    for target, needle in ((fifo, "FIFO"), (en, "input"), (link, "symbolic link"),
                           (tmp_path / "none" / "x.reviewed", "does not exist")):
        r = runner.invoke(app, ["review", str(en), "--all", "--reviewed", str(target)])
        assert r.exit_code == 2 and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.output
    assert en.read_bytes() == before and (tmp_path / "real.reviewed").read_text(encoding="utf-8") == "# reviewed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.txt", "link", "pipe", "real.reviewed"]


def test_review_never_writes_over_its_english_text(tmp_path):
    """An English text whose every line starts with '#' reads as an empty reviewed file: given as
    --reviewed it was overwritten with the fingerprints."""
    en = tmp_path / "en.txt"
    en.write_text("# The State Council issued opinions on data sharing ,, in 20 15.\n", encoding="utf-8")
    before = en.read_bytes()
    r = runner.invoke(app, ["review", str(en), "--all", "--reviewed", str(en)])
    assert r.exit_code == 2 and "refusing to write over an input file" in r.stderr
    assert en.read_bytes() == before


def test_fix_changes_to_stdout(tmp_path):
    """`--changes -` puts the change list on stdout (it was an internal error: '- was not planned')."""
    out = tmp_path / "edition.txt"
    r = runner.invoke(app, ["fix", str(SAMPLE_EN), "-o", str(out), "--changes", "-"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["changes"] and out.is_file()
    r = runner.invoke(app, ["fix", str(SAMPLE_EN), "--changes", "-"])
    assert r.exit_code == 2 and "two outputs go to stdout" in r.stderr


def test_export_to_stdout(tmp_path):
    """`export -o -` writes to stdout like every other command (it was an internal error)."""
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--to", "json", "-o", "-"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["format"] == "ipdoc-project" and "wrote stdout" in r.stderr


def test_an_error_quoting_a_line_break_stays_one_line(tmp_path):
    """A project file's version "2\\n.0" was quoted as it is: the error took two lines."""
    p = tmp_path / "p.ipdoc.json"
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--to", "json", "-o", str(p)])
    assert r.exit_code == 0, r.output
    d = json.loads(p.read_text(encoding="utf-8"))
    d["version"] = "2\n.0\u2028\x1b[31m"
    p.write_text(json.dumps(d), encoding="utf-8")
    r = runner.invoke(app, ["check", str(p)])
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and len(r.stderr.splitlines()) == 1
    assert "version 2\\n.0\\u2028\\x1b[31m is not supported" in r.stderr
