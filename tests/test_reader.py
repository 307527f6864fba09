"""Reading files: encodings, BOMs, binary input, missing paths, clear errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import policytext
from policytext.errors import EncodingError, InputError, NotTextError
from policytext.reader import decode, read_file
from testdata import CORPUS

SAMPLE = "一、2026年工作安排\n地区生产总值增长6.6%左右。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("gbk"), "gb18030"),
        (SAMPLE.encode("gb18030"), "gb18030"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
    ],
)
def test_decode_detects(data: bytes, encoding: str) -> None:
    text, enc = decode(data)
    assert text == SAMPLE
    assert enc == encoding


def test_forced_encoding() -> None:
    assert decode(SAMPLE.encode("gbk"), encoding="gbk") == (SAMPLE, "gbk")
    with pytest.raises(EncodingError, match="does not decode as utf-8"):
        decode(SAMPLE.encode("gbk"), encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"x", encoding="no-such-codec")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n....", b"\xff\xd8\xff\xe0JFIF", b"abc\x00def"],
)
def test_binary_is_not_text(data: bytes) -> None:
    with pytest.raises(NotTextError):
        decode(data, name="x.bin")


def test_undecodable_names_file_and_encodings() -> None:
    # 0x80 alone is invalid in UTF-8 and a lone lead byte 0xFF is invalid in GB18030
    with pytest.raises(EncodingError) as info:
        decode(b"\xff\xff\x80", name="bad.txt")
    assert "bad.txt" in str(info.value)
    assert "utf-8" in str(info.value) and "gb18030" in str(info.value)


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_file(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        policytext.parse("missing_report.txt")


def test_empty_file_gives_empty_document(tmp_path: Path) -> None:
    for content in (b"", b"  \r\n\xe3\x80\x80\n"):
        p = tmp_path / "empty.txt"
        p.write_bytes(content)
        doc = policytext.parse(p)
        assert doc.text == ""
        assert doc.sections == () and doc.targets == ()


def test_gbk_copy_of_real_report_parses_the_same(tmp_path: Path) -> None:
    src = CORPUS / "raw" / "hailaer_2018.txt"
    text = src.read_bytes().decode("utf-8")
    gbk = tmp_path / "hailaer_2018_gbk.txt"
    gbk.write_bytes(text.encode("gbk"))
    a, b = policytext.parse(src), policytext.parse(gbk)
    assert b.source.encoding == "gb18030"
    assert a.model_dump(exclude={"source"}) == b.model_dump(exclude={"source"})
