"""Fuzzing the reader and the whole parse (hypothesis), bounded for CI.

Each target runs FUZZ_EXAMPLES examples: 150 by default, so the file takes seconds. For a long
run by hand, raise it:

    POLICYTEXT_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider

A failure prints the smallest input that breaks a property; add it as an `@example` of the
target that found it (below), so it stays a regression test.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import policytext
from policytext.errors import EncodingError, NotTextError
from policytext.models import Document
from policytext.normalize import normalize
from policytext.reader import decode
from testdata import CORPUS, REPORTS, sections_tile_the_text

FUZZ_EXAMPLES = int(os.environ.get("POLICYTEXT_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

# The stuff reports are made of, and the stuff that breaks parsers.
PIECES = [
    "一、", "二、", "十二、", "（一）", "(二)", "（十）", "1.", "2、", "12.", "（3）", "(4)",
    "一是",
    "第一，", "2026年", "工作回顾", "工作安排", "主要预期目标", "地区生产总值", "增长", "下降",
    "6", "6.6", ".", "%", "％", "个百分点", "左右", "以上", "以内", "万", "亿", "亿元", "万亩",
    "万人", "6-7", "6%—7%", "百分之六", "三", "十四五", "“", "”", "\"", "'", "《", "》", "（",
    "）", "(", ")", "【", "】", "「", "」", "放管服", "三大攻坚战", "五位一体", "项目", "工程",
    "华为云计算中心", "投入运营", "开工建设", "，", "。", "；", "：", "！", "？", "、", "\n",
    "\r\n", "\r", " ", "  ", "\t", "\u3000", "\u00a0", "\ufeff", "\u200b", "\x0b", "\x0c",
    "\x1c", "\x85", "\u2028", "\u2029", "\x00", "\x07", "\x7f", "６", "．", "＋", "Hong", "Kong",
    "GDP", "a", "Z", "-", "+", "~", "—", "…", "e\u0301", "𠮷", "🇨🇳", "\u202e",
]  # fmt: skip
SURROGATE = st.characters(categories=["Cs"])
PIECE = st.one_of(st.sampled_from(PIECES), SURROGATE, st.characters())
REPORTISH = st.lists(PIECE, max_size=80).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), REPORTISH)


@cache
def corpus_lines() -> tuple[str, ...]:
    """Lines of the segmented corpus, word-segmented with spaces."""
    lines: list[str] = []
    for name in REPORTS:
        text = (CORPUS / "segmented" / name).read_text(encoding="utf-8")
        lines.extend(line for line in text.splitlines() if len(line.split()) >= 2)
    return tuple(lines)


@st.composite
def segmented_window(draw: st.DrawFn) -> list[str]:
    """A run of consecutive tokens from a few lines of the segmented corpus."""
    lines = corpus_lines()
    i = draw(st.integers(0, len(lines) - 1))
    n = draw(st.integers(1, 4))
    tokens: list[str] = []
    for line in lines[i : i + n]:
        words = line.split()
        a = draw(st.integers(0, len(words) - 1))
        b = draw(st.integers(a + 1, min(len(words), a + 40)))
        tokens.extend(words[a:b])
        tokens.append("\n")
    return tokens[:-1]


ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-32", "big5"]


@st.composite
def report_bytes(draw: st.DrawFn) -> bytes:
    """Bytes as files come: text in some encoding, perhaps cut, spliced or with bytes flipped."""
    text = draw(REPORTISH.filter(lambda s: not re.search("[\ud800-\udfff]", s)))
    enc = draw(st.sampled_from(ENCODINGS))
    data = bytearray(text.encode(enc, "replace"))
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["cut", "flip", "insert"]))
        if op == "cut":
            del data[at:]
        elif op == "flip":
            data[at] = draw(st.integers(0, 255))
        else:
            data[at:at] = draw(st.binary(max_size=4))
    return bytes(data)


ANY_BYTES = st.one_of(st.binary(max_size=300), report_bytes())

# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------


@FUZZ
@given(ANY_BYTES)
@example(b"\xef\xbb\xbf\xff")  # a UTF-8 BOM over bytes that are not UTF-8
@example(b"\xff\xfe\x00")  # a UTF-16 BOM and an odd byte
@example("增长6%".encode("utf-16-le"))  # UTF-16 without a BOM
def test_decode_answers_text_or_a_named_error(data: bytes) -> None:
    try:
        text, enc = decode(data, name="fuzz.txt")
    except (EncodingError, NotTextError) as exc:
        assert "fuzz.txt" in str(exc)
        assert "\n" not in str(exc)  # one line on the command line's stderr
        return
    assert enc in {"utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030"}
    if enc.startswith("utf-8"):  # nothing lost
        assert text.encode(enc) == data
    elif enc == "gb18030":
        assert "\x00" not in text


@FUZZ
@given(ANY_TEXT)
@example("\ud800")
@example("一、\ud83d安排\n增长6\udc00%。")
@example("\x1c一、工作\x85（一）\u2028增长6%")
def test_parse_never_raises_and_everything_holds(text: str) -> None:
    doc = policytext.parse_text(text)
    assert doc.original == text
    # normalizing twice changes nothing
    assert normalize(doc.text).text == doc.text
    # JSON always works; without lone surrogates it reads back to the same Document
    out = doc.model_dump_json()
    if re.search("[\ud800-\udfff]", text) is None:
        assert Document.model_validate_json(out) == doc
    else:
        assert len(json.loads(out)["text"]) == len(doc.text)
    # every span slices back to its text and to the right slice of the original
    spans = [(t.start, t.end, t.text) for t in doc.targets]
    spans += [(m.start, m.end, m.text) for s in doc.slogans for m in s.mentions]
    spans += [(m.start, m.end, m.text) for p in doc.projects for m in p.mentions]
    spans += [(s.start, s.end, doc.text[s.start : s.end]) for s in doc.sentences]
    for start, end, surface in spans:
        assert doc.text[start:end] == surface
        assert normalize(doc.source_text(start, end)).text == surface
    # sections partition the text
    assert sections_tile_the_text(doc)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@FUZZ
@given(segmented_window())
def test_raw_and_segmented_copies_give_the_same_document(tokens: list[str]) -> None:
    segmented = " ".join(tokens)
    raw = ""
    for tok in tokens:
        # where segmentation split two Latin words, raw text has a space too
        if (
            raw
            and raw[-1].isascii()
            and raw[-1].isalpha()
            and tok[0].isascii()
            and tok[0].isalpha()
        ):
            raw += " "
        raw += tok
    a, b = policytext.parse_text(raw), policytext.parse_text(segmented)
    assert a.text == b.text
    assert a.sections == b.sections and a.paragraphs == b.paragraphs
    assert a.targets == b.targets and a.slogans == b.slogans and a.projects == b.projects
