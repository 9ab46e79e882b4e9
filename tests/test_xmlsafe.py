"""XML we did not write: decoded first, entity declarations refused in any encoding,
no DTD loaded, and the root element found however long the prolog."""

from __future__ import annotations

import codecs

import pytest
from lxml import etree
from typer.testing import CliRunner

from ipdoc.cli import app
from ipdoc.errors import InputError
from ipdoc.export import tmx, xliff
from ipdoc.xmlsafe import decode_xml, is_root, parse_xml, root_name

runner = CliRunner()

LAUGHS = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE {root} [<!ENTITY lol "lol">'
          '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<{root}>&lol2;</{root}>')
XXE = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
       "<{root}>&xxe;</{root}>")
# (codec, byte-order mark): UTF-16 with and without a BOM, both byte orders
UTF16 = [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""),
         ("utf-16-be", b"")]


@pytest.mark.parametrize("codec, bom", UTF16)
@pytest.mark.parametrize("attack", [LAUGHS, XXE])
def test_utf16_entity_declarations_are_refused(codec, bom, attack):
    """Issue: a file saved as UTF-16 that declares entities was accepted (the guard searched raw bytes)."""
    data = bom + attack.format(root="tmx").encode(codec)
    with pytest.raises(InputError, match="declares entities"):
        parse_xml(data, "x.tmx", "TMX")


def test_every_reader_refuses_utf16_entities(tmp_path):
    """Project files, TMX, XLIFF and TBX, as the issue lists them."""
    with pytest.raises(InputError, match="declares entities"):
        tmx.parse(codecs.BOM_UTF16_LE + LAUGHS.format(root="tmx").encode("utf-16-le"))
    with pytest.raises(InputError, match="declares entities"):
        xliff.parse(codecs.BOM_UTF16_BE + LAUGHS.format(root="xliff").encode("utf-16-be"))
    from ipdoc import termbase

    tbx = tmp_path / "g.tbx"
    tbx.write_bytes(codecs.BOM_UTF16_LE + XXE.format(root="tbx").encode("utf-16-le"))
    with pytest.raises(InputError, match="declares entities"):
        termbase.load(tbx)
    proj = tmp_path / "p.ipdoc.xml"
    proj.write_bytes(LAUGHS.format(root="project").replace("<project>", '<project xmlns="urn:ipdoc:project:1">')
                     .encode("utf-16"))
    out = tmp_path / "o.json"
    r = runner.invoke(app, ["export", "--project", str(proj), "--to", "json", "-o", str(out)])
    assert r.exit_code == 2 and "declares entities" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_plain_doctype_is_allowed_and_its_dtd_never_loaded(tmp_path):
    dtd = tmp_path / "tmx14.dtd"
    dtd.write_text('<!ENTITY company "Loaded From The DTD">')
    doc = (f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tmx SYSTEM "{dtd.as_uri()}">\n'
           '<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg>数据共享</seg></tuv></tu></body></tmx>')
    root = parse_xml(doc.encode("utf-16"), "x.tmx", "TMX")
    assert root.tag == "tmx" and root.findtext(".//seg") == "数据共享"
    used = doc.replace("<seg>数据共享</seg>", "<seg>&company;</seg>")
    root = parse_xml(used.encode("utf-16"), "x.tmx", "TMX")  # the reference stays a reference
    assert b"Loaded From The DTD" not in etree.tostring(root) and b"&company;" in etree.tostring(root)


def test_declared_encodings():
    doc = '<?xml version="1.0" encoding="GB2312"?>\n<tbx><term>数据共享</term></tbx>'
    assert parse_xml(doc.encode("gb2312"), "g.tbx").findtext("term") == "数据共享"
    assert decode_xml(doc.encode("gb2312")) == (doc, "gb2312")
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        parse_xml(b'<?xml version="1.0" encoding="klingon"?><a/>', "a.xml")
    with pytest.raises(InputError, match="declares UTF-16 but is not"):
        parse_xml(b'<?xml version="1.0" encoding="UTF-16"?><a/>', "a.xml")
    with pytest.raises(InputError, match="invalid utf-8 at byte offset 44"):
        parse_xml(b'<?xml version="1.0" encoding="UTF-8"?><a>caf\xe9</a>', "a.xml")
    ebcdic = '<?xml version="1.0" encoding="cp037"?><a>EBCDIC text</a>'.encode("cp037")
    assert parse_xml(ebcdic, "a.xml").text == "EBCDIC text"


def test_broken_xml_is_one_line():
    with pytest.raises(InputError, match="not well-formed TMX"):
        parse_xml(b"<tmx><unclosed></tmx>", "x.tmx", "TMX")
    with pytest.raises(InputError, match="empty file"):
        parse_xml(b"  \n", "x.tmx")


# --------------------------------------------------------------------------- the root element

PROJECT_NS = "urn:ipdoc:project:1"


def _project(prolog: str = "") -> str:
    root = f'<project xmlns="{PROJECT_NS}" version="1"><text/></project>'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}{root}'


def test_root_after_a_long_comment_and_pis():
    """The project detection looked at the first 400 bytes only."""
    doc = _project("<!-- " + "a long comment " * 10_000 + "-->\n<?ipdoc note?>\n")
    assert len(doc) > 100_000
    assert is_root(doc.encode("utf-8"), PROJECT_NS, "project")
    assert root_name(doc.encode("utf-8"), chunk=1000) == (PROJECT_NS, "project")


@pytest.mark.parametrize("codec, bom", UTF16)
def test_root_in_utf16(codec, bom):
    doc = _project("<!-- saved by an editor -->\n").replace("UTF-8", "UTF-16")
    assert is_root(bom + doc.encode(codec), PROJECT_NS, "project")


def test_root_with_a_prefix_and_wrong_roots():
    assert is_root(f'<p:project xmlns:p="{PROJECT_NS}"/>'.encode(), PROJECT_NS, "project")
    assert not is_root(b'<project xmlns="urn:other"/>', PROJECT_NS, "project")
    assert not is_root(b"<project/>", PROJECT_NS, "project")
    assert root_name(b"<project/>") == (None, "project")


@pytest.mark.parametrize("data", [b"", b"The State Council issued opinions.", "国务院".encode("utf-16"),
                                  b"<unclosed", b'<?xml version="1.0" encoding="nope"?><a/>', b"\xff\xfe\x00"])
def test_not_xml_has_no_root(data):
    assert root_name(data) is None


@pytest.mark.parametrize("encoding", ["rot13", "hex", "undefined"])
def test_declared_encoding_that_is_not_a_text_encoding(encoding):
    """A declaration naming rot13 or hex (LookupError) or undefined (UnicodeError) was an internal error."""
    data = f'<?xml version="1.0" encoding="{encoding}"?><project xmlns="urn:ipdoc:project:1"/>'.encode("ascii")
    with pytest.raises(InputError, match=f"unknown encoding '{encoding}'"):
        parse_xml(data, "p.xml")
    assert root_name(data) is None


def test_idna_declaration_with_bytes_it_cannot_read():
    data = b'<?xml version="1.0" encoding="idna"?><a>xn--\x80\x80.</a>'
    with pytest.raises(InputError, match="not well-formed XML"):
        decode_xml(data, "a.xml")
