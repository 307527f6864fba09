"""Every input the world sends gets a clear answer.

* encodings (tests/fixtures/, written by make_fixtures.py): each decodes to the same Document;
* empty, binary, undecodable and damaged files, missing paths and folders: a named error;
* the command line's exit codes, from a subprocess;
* adversarial text: pathological patterns must not make parsing slow or crash;
* lone surrogates in `str` input.
"""

from __future__ import annotations

import codecs
import importlib.util
import json
import multiprocessing
import os
import re
import stat
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import policytext
from policytext.cli import main
from policytext.errors import EncodingError, InputError, LexiconError, NotTextError
from policytext.models import Document, Mention
from policytext.normalize import normalize
from testdata import CORPUS, REPORTS, assert_spans_slice_back, sections_tile_the_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _load_maker()


def content(doc: Document) -> dict[str, Any]:
    """What a Document found, leaving out how the text was stored (encoding, line breaks)."""
    return doc.model_dump(exclude={"source", "original", "alignment"})


@pytest.fixture(scope="module")
def sample_doc() -> Document:
    return policytext.parse(FIXTURES / "utf8.txt")


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------


def test_fixtures_match_their_generator() -> None:
    for name, data in MAKER.build().items():
        path = FIXTURES / name
        assert path.is_file(), f"{name} missing: run tests/fixtures/make_fixtures.py"
        assert path.read_bytes() == data, f"{name} drifted: run tests/fixtures/make_fixtures.py"


@pytest.mark.parametrize(
    ("name", "encoding", "crlf"),
    [
        ("utf8.txt", "utf-8", False),
        ("utf8_bom.txt", "utf-8-sig", False),
        ("utf8_crlf.txt", "utf-8", True),
        ("gbk.txt", "gb18030", False),
        ("gbk_crlf.txt", "gb18030", True),
        ("utf16le_bom.txt", "utf-16", True),
        ("utf16be_bom.txt", "utf-16", False),
        ("utf32le_bom.txt", "utf-32", False),
    ],
)
def test_every_encoding_gives_the_same_document(
    name: str, encoding: str, crlf: bool, sample_doc: Document
) -> None:
    path = FIXTURES / name
    doc = policytext.parse(path)
    assert doc.source.encoding == encoding
    assert doc.source.path == str(path)
    expected = MAKER.SAMPLE.replace("\n", "\r\n") if crlf else MAKER.SAMPLE
    assert doc.original == expected
    assert content(doc) == content(sample_doc)
    # the same bytes given as bytes, not as a path
    assert content(policytext.parse(path.read_bytes())) == content(sample_doc)


def test_sample_has_structure_to_compare(sample_doc: Document) -> None:
    # The encodings comparison above means something only if the sample parses to something.
    assert [s.title for s in sample_doc.sections] == ["2025年工作回顾", "2026年工作安排"]
    assert sample_doc.sentences


def test_gb18030_characters_outside_gbk() -> None:
    path = FIXTURES / "gb18030.txt"
    doc = policytext.parse(path)
    assert doc.source.encoding == "gb18030"
    assert "䶮山镇" in doc.text and "𠮷野村" in doc.text
    with pytest.raises(EncodingError) as info:
        policytext.parse(path, encoding="gbk")
    assert str(path) in str(info.value) and "gbk" in str(info.value)


def test_gbk_copy_of_real_report_parses_like_its_utf8_copy() -> None:
    name = MAKER.GBK_REPORT
    utf8 = policytext.parse(CORPUS / "raw" / name)
    gbk = policytext.parse(FIXTURES / f"{name[:-4]}_gbk.txt")
    assert gbk.source.encoding == "gb18030"
    assert utf8.source.encoding == "utf-8"
    assert gbk.model_dump(exclude={"source"}) == utf8.model_dump(exclude={"source"})
    assert utf8.sections and utf8.sentences


def test_forced_encoding_skips_detection(sample_doc: Document) -> None:
    doc = policytext.parse(FIXTURES / "gbk.txt", encoding="GBK")
    assert doc.source.encoding == "gbk"
    assert content(doc) == content(sample_doc)
    # UTF-16 without a byte-order mark is read when forced (detection calls it binary)
    doc = policytext.parse(FIXTURES / "utf16le_nobom.txt", encoding="utf-16-le")
    assert content(doc) == content(sample_doc)


@pytest.mark.parametrize("name", ["empty.txt", "whitespace.txt", "bom_only.txt"])
def test_empty_or_blank_file_gives_an_empty_document(name: str) -> None:
    doc = policytext.parse(FIXTURES / name)
    assert doc.text == ""
    assert doc.sections == () and doc.paragraphs == () and doc.sentences == ()
    assert doc.targets == () and doc.slogans == () and doc.projects == ()
    assert doc.original == (FIXTURES / name).read_bytes().decode("utf-8-sig")


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("nul.bin", "NUL bytes"),
        ("report.pdf", "is a PDF"),
        ("image.png", "PNG image"),
        ("report.docx", "ZIP archive"),
        ("utf16le_nobom.txt", "--encoding utf-16-le"),
    ],
)
def test_binary_file_is_not_text(name: str, says: str) -> None:
    path = FIXTURES / name
    with pytest.raises(NotTextError) as info:
        policytext.parse(path)
    assert str(path) in str(info.value)
    assert says in str(info.value)
    assert str(info.value).startswith("[PT003]")


def test_undecodable_file_names_the_file_and_the_encodings_tried() -> None:
    path = FIXTURES / "latin1.txt"
    with pytest.raises(EncodingError) as info:
        policytext.parse(path)
    msg = str(info.value)
    assert str(path) in msg and "utf-8" in msg and "gb18030" in msg and "--encoding" in msg
    doc = policytext.parse(path, encoding="latin-1")
    assert "économique" in doc.text


def test_big5_is_not_taken_for_gb18030() -> None:
    path = FIXTURES / "big5.txt"
    with pytest.raises(EncodingError) as info:
        policytext.parse(path)
    assert str(path) in str(info.value) and "big5" in str(info.value)
    assert policytext.parse(path, encoding="big5").text.startswith("政府工作報告")


def test_damaged_utf8_is_reported_not_read_as_gb18030() -> None:
    path = FIXTURES / "truncated_utf8.txt"
    data = path.read_bytes()
    with pytest.raises(EncodingError) as info:
        policytext.parse(path)
    msg = str(info.value)
    assert str(path) in msg and "truncated or damaged" in msg
    assert f"byte {len(data) - 2}" in msg  # the two bytes left of the cut "。"
    doc = policytext.parse(path, encoding="utf-8:replace")
    assert doc.source.encoding == "utf-8:replace"
    assert doc.original == data.decode("utf-8", "replace")
    assert doc.original.endswith("\ufffd")


def test_mostly_utf8_with_lines_in_another_encoding() -> None:
    report = (CORPUS / "raw" / MAKER.GBK_REPORT).read_text(encoding="utf-8")
    data = report.encode("utf-8") + "\n另一种编码粘贴的一行。\n".encode("gbk")
    with pytest.raises(EncodingError, match="is UTF-8 except for"):
        policytext.parse(data)
    doc = policytext.parse(data, encoding="utf-8:replace")
    assert doc.original.startswith(report)


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (codecs.BOM_UTF8 + "增长6%".encode("gbk"), "UTF-8"),
        (codecs.BOM_UTF16_LE + "增长6%".encode("utf-16-le")[:-1], "UTF-16-LE"),
        (codecs.BOM_UTF16_BE + b"\xdc\x00", "UTF-16-BE"),  # a lone low surrogate
    ],
)
def test_bom_over_bytes_it_does_not_fit_names_the_bom(data: bytes, label: str) -> None:
    with pytest.raises(EncodingError, match=f"starts with a {label} byte-order mark"):
        policytext.parse(data)


def test_utf8_damaged_at_its_first_byte_is_still_utf8() -> None:
    # the evidence after the first bad byte decides, not only the valid prefix before it
    report = (CORPUS / "raw" / MAKER.GBK_REPORT).read_bytes()
    with pytest.raises(EncodingError, match="is UTF-8 except for 1 invalid byte sequence"):
        policytext.parse(b"\xff" + report)


@pytest.mark.parametrize(
    ("encoding", "says"),
    [
        ("no-such-codec", "unknown encoding"),
        ("base64", "not a text encoding"),
        ("rot13", "not a text encoding"),
        ("utf-8:shout", "unknown error handler"),
    ],
)
def test_unusable_encoding_is_an_input_error(encoding: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        policytext.parse(FIXTURES / "utf8.txt", encoding=encoding)


# --------------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------------


def test_missing_path_folder_and_broken_link(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        policytext.parse(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)
    with pytest.raises(InputError, match="no such file"):
        policytext.parse(tmp_path / "not_a_folder.txt" / "x.txt")
    with pytest.raises(InputError, match="is a folder"):
        policytext.parse(tmp_path)
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="broken symbolic link"):
        policytext.parse(link)


@pytest.mark.parametrize("text", ["增长6%/年", "人均GDP达到1万美元/人，增长6%", "一是/二是、三是"])
def test_one_line_text_with_a_slash_is_text_not_a_path(text: str) -> None:
    # regression: any one-line str with a slash used to be taken for a missing path
    assert policytext.parse(text).text == text


@pytest.mark.parametrize("typo", ["reports/missing_report", "reports/missing.txt"])
def test_path_typo_is_still_an_input_error(typo: str) -> None:
    with pytest.raises(InputError, match="no such file"):
        policytext.parse(typo)


@pytest.mark.parametrize("path", ["x" * 5000 + ".txt", "report\x00.txt"])
def test_unopenable_path_is_an_input_error(path: str) -> None:
    with pytest.raises(InputError, match="cannot be opened"):
        policytext.parse(Path(path))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_device_is_refused_not_read_forever() -> None:
    with pytest.raises(InputError, match="not a regular file"):
        policytext.parse(Path("/dev/zero"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_read(tmp_path: Path, sample_doc: Document) -> None:
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    writer = threading.Thread(target=fifo.write_bytes, args=(MAKER.SAMPLE.encode("gbk"),))
    writer.start()
    doc = policytext.parse(fifo)
    writer.join()
    assert content(doc) == content(sample_doc)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("增长6%", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError, match="cannot be read"):
        policytext.parse(path)


# --------------------------------------------------------------------------------------------
# The command line, from a subprocess
# --------------------------------------------------------------------------------------------


def _cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policytext", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_cli_exit_0_when_every_input_parsed() -> None:
    res = _cli("parse", "--format", "jsonl", FIXTURES / "utf8.txt", FIXTURES / "gbk.txt")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    docs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [d["source"]["encoding"] for d in docs] == ["utf-8", "gb18030"]


def test_cli_exit_1_when_some_failed_and_the_others_are_written(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    bad = [tmp_path / "missing.txt", FIXTURES / "nul.bin", FIXTURES / "latin1.txt"]
    good = [FIXTURES / "utf8.txt", FIXTURES / "utf16le_bom.txt"]
    res = _cli("parse", "--format", "jsonl", "-o", out, good[0], *bad, good[1])
    assert res.returncode == 1
    written = [json.loads(line)["source"]["path"] for line in out.read_text("utf-8").splitlines()]
    assert written == [str(p) for p in good]
    lines = res.stderr.splitlines()
    assert len(lines) == len(bad)  # one line per failed file, in order
    for line, path in zip(lines, bad, strict=True):
        assert line.startswith("policytext: [PT00")
        assert str(path) in line


def test_cli_exit_2_for_a_usage_error() -> None:
    res = _cli("parse", "--encoding", "no-such-codec", FIXTURES / "utf8.txt")
    assert res.returncode == 2
    assert res.stdout == ""
    assert "usage:" in res.stderr and "unknown encoding 'no-such-codec'" in res.stderr


# The same contract in-process, where each case costs no interpreter start.


@pytest.mark.parametrize("command", ["parse --format csv", "parse --format table", "sections"])
def test_main_returns_1_and_still_writes_the_good_file(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([*command.split(), str(FIXTURES / "utf8.txt"), str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "2026年工作安排" in out or "utf8.txt" in out
    assert err.count("\n") == 1 and "is a folder" in err and str(tmp_path) in err


def test_main_forced_encoding(capsys: pytest.CaptureFixture[str]) -> None:
    big5 = str(FIXTURES / "big5.txt")
    assert main(["parse", "--format", "json", "--encoding", "big5", big5]) == 0
    assert json.loads(capsys.readouterr().out)["source"]["encoding"] == "big5"
    assert main(["parse", "--format", "json", big5]) == 1
    out, err = capsys.readouterr()
    assert out == "" and big5 in err and "big5" in err


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["parse"],
        ["no-such-command"],
        ["parse", "--format", "xml", "utf8.txt"],
        ["parse", "--no-such-option", "utf8.txt"],
        ["parse", "--encoding", "base64", "utf8.txt"],
        ["sections", "--encoding", "utf-8:shout", "utf8.txt"],
    ],
)
def test_main_exits_2_for_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage:" in err


# --------------------------------------------------------------------------------------------
# Properties on real reports
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("report", REPORTS)
def test_raw_and_segmented_copies_give_the_same_document(report: str) -> None:
    raw = policytext.parse(CORPUS / "raw" / report)
    seg = policytext.parse(CORPUS / "segmented" / report)
    assert content(raw) == content(seg)
    assert normalize(raw.text).text == raw.text  # normalizing twice changes nothing


# --------------------------------------------------------------------------------------------
# Adversarial text: each input runs the whole parse in a child process, which must finish within
# GUARD_S seconds. Linear code parses each in about a second; the guard only catches
# pathological (quadratic, backtracking) slowdowns, and keeps CI from hanging on them.
# --------------------------------------------------------------------------------------------

GUARD_S = 20.0
MB = 1_000_000


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


_SCRIPTS = (
    "Россия Ελλάδα العربية עברית 한국어 日本語のテキスト ไทย हिन्दी "
    "e\u0301\u0302 👨\u200d👩\u200d👧 🇨🇳 𠮷𪚥 \u202e反向\u202c ＡＢＣ１２３ 増長 "
)
_CONTROLS = "".join(map(chr, [*range(0, 32), 127, *range(0x80, 0xA0)])) + "\u2028\u2029\ufeff"

ADVERSARIAL: dict[str, Callable[[], str]] = {
    # one line of 1 MB (UTF-8) without any punctuation
    "line_1mb_han": lambda: _repeat("发展经济建设改革开放推进", MB // 3),
    "line_1mb_mixed": lambda: _repeat("地区生产总值增长6左右建设项目工程abc十四五", MB // 3),
    "line_1mb_segmented": lambda: _repeat("发展 经济 建设 改革 开放 ", MB // 3),
    "line_segmented_figures": lambda: _repeat("增长 6 . 6 % 左右 ", 300_000),
    "line_1mb_latin": lambda: _repeat("Hong Kong ", MB),
    "line_1mb_blanks": lambda: _repeat("\t \u3000\u00a0\u200b", MB),
    # 100 000 unbalanced quotes
    "quotes_open_100k": lambda: "“" * 100_000,
    "quotes_close_100k": lambda: "”" * 100_000,
    "quotes_ascii_100k": lambda: '"' * 100_000,
    "quotes_open_words_100k": lambda: "“加快发展" * 100_000,
    "quotes_open_formula_100k": lambda: "“放管服" * 100_000,
    # one line of page furniture before the first heading holding 150 000 quotes, and a list of
    # 16 000 quotes each after a place: each quote read once, not its line or list again
    "quotes_preamble_line_150k": lambda: (
        "".join(f"推进“{MAKER._name(i)}”" for i in range(150_000)) + "\n一、工作回顾\n推进改革。"
    ),
    "quotes_placed_list_16k": lambda: (
        "推进"
        + "、".join(f"{('长沙', '岳阳', '常德')[i % 3]}“{MAKER._name(i)}”" for i in range(16_000))
        + "战略。"
    ),
    # one formula repeated: every repeat is a mention of one slogan
    "formula_repeated_20k": lambda: "三大攻坚战" * 20_000,
    # 50 000 digits in a row, bare and where the number rules look
    "digits_50k": lambda: "1" * 50_000,
    "digits_target_50k": lambda: "地区生产总值增长" + "6" * 50_000 + "%左右。",
    "digits_fullwidth_50k": lambda: "增长" + "６" * 50_000 + "％",
    "digits_decimal_50k": lambda: "增长" + "6." * 25_000 + "亿元",
    "digits_grouped_50k": lambda: "投资" + "1," * 25_000 + "万元",
    "digits_han_50k": lambda: "增长" + "一二三四五六七八九十百千万亿" * 3_600 + "倍",
    "digits_range_50k": lambda: "增长" + "6-" * 25_000 + "%",
    # 10 000 nested brackets
    "brackets_cjk_10k": lambda: "（" * 10_000 + "增长6%" + "）" * 10_000,
    "brackets_ascii_10k": lambda: "(" * 10_000 + "一" + ")" * 10_000,
    "brackets_mixed_10k": lambda: "“（《【" * 10_000 + "放管服" + "】》）”" * 10_000,
    "brackets_headings_10k": lambda: "（一）（1）" * 10_000 + "\n" + "一、" * 10_000,
    # many short lines: headings, numbered items, targets
    "lines_headings_30k": lambda: "一、\n（一）\n1.\n" * 10_000,
    "lines_targets_10k": lambda: "地区生产总值增长6%左右。\n" * 10_000,
    # mixed scripts, combining marks, emoji sequences, bidi controls
    "mixed_scripts": lambda: _repeat(_SCRIPTS + "地区生产总值增长6%左右。“放管服”\n", 300_000),
    # control characters: C0, C1, and the line separators str.splitlines knows
    "control_characters": lambda: _repeat(_CONTROLS + "增长6%“放管服”一、工作安排\n", 300_000),
    # lone surrogates throughout (JSON writes each as U+FFFD)
    "lone_surrogates": lambda: _repeat("一、增长6\ud800%“放管\udfff服”\udc00\n", 150_000),
}


def check_document(text: str) -> None:
    """Everything that must hold for any input, in time linear in its length."""
    doc = policytext.parse_text(text)
    loaded = json.loads(doc.model_dump_json())
    assert len(loaded["text"]) == len(doc.text)
    assert sections_tile_the_text(doc)
    assert_spans_slice_back(doc)


def _child(build: Callable[[], str], send: Connection) -> None:
    try:
        check_document(build())
        send.send("")
    except BaseException:
        send.send(traceback.format_exc())
    finally:
        send.close()
        os._exit(0)


def run_guarded(name: str, build: Callable[[], str], guard: float = GUARD_S) -> None:
    """Run `check_document(build())` in a forked child; fail on error or after `guard` s."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(build, send), daemon=True)
    proc.start()
    send.close()
    try:
        if not recv.poll(guard):
            pytest.fail(f"{name}: parse still running after {guard:.0f} s (pathological)")
        error = recv.recv()
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
    assert error == "", f"{name}:\n{error}"


pytestmark_fork = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)


@pytestmark_fork
@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_parses_in_linear_time(name: str) -> None:
    run_guarded(name, ADVERSARIAL[name])


def test_guard_reports_a_crash_in_the_child() -> None:
    def boom() -> str:
        raise RuntimeError("boom in the child")

    with pytest.raises(AssertionError, match="boom in the child"):
        run_guarded("boom", boom)


# --------------------------------------------------------------------------------------------
# Lone surrogates in str input: parse keeps them; JSON writes each as U+FFFD
# --------------------------------------------------------------------------------------------

SURROGATE_TEXTS = [
    "\ud800",
    "\udfff一、工作安排\n地区生产总值增长6%左右。",
    "一、2026年工作\ud83d安排\n地区生产总值增长6\udc00%左右，深化“放管\ud800服”改革。",
    "“\ud800”" * 50 + "\n" + "（\udbff）\n",
    "地区 生产 总值 增长 7 . 3 % \ud800 ，\n固定 资产 投资 增长 9 %",
]


@pytest.mark.parametrize("text", SURROGATE_TEXTS)
def test_lone_surrogates_parse_and_serialize(text: str) -> None:
    doc = policytext.parse_text(text)
    check_document(text)
    assert doc.original == text  # kept as given
    out = doc.model_dump_json(indent=2)
    back = Document.model_validate_json(out)
    # each surrogate became one U+FFFD, so every offset still holds
    assert back.original == re.sub("[\ud800-\udfff]", "\ufffd", text)
    assert len(back.text) == len(doc.text)
    assert back.alignment == doc.alignment
    assert [(x.start, x.end) for x in back.iter_sections()] == [
        (x.start, x.end) for x in doc.iter_sections()
    ]


def test_surrogate_replacement_keeps_other_fields_and_options() -> None:
    m = Mention(start=3, end=4, text="\udc80")
    assert json.loads(m.model_dump_json()) == {"start": 3, "end": 4, "text": "\ufffd"}
    assert json.loads(m.model_dump_json(include={"text"})) == {"text": "\ufffd"}
    assert Mention(start=0, end=1, text="放").model_dump_json() == (
        '{"start":0,"end":1,"text":"放"}'
    )


# --------------------------------------------------------------------------------------------
# Every module-level pattern of the package, alone, against traps: runs of one character, of
# the pattern's own characters, near misses, scanned with finditer. The traps are short
# (TRAP_LEN) so a pattern that is merely quadratic under finditer (``.*X``, used with match on
# a bounded window) passes in milliseconds; catastrophic backtracking (exponential, cubic) is
# still running after PATTERN_GUARD_S seconds, and the failure names the pattern and the trap.
# Quadratic behaviour where the patterns are really used is the whole-parse tests' business.
# --------------------------------------------------------------------------------------------

PATTERN_GUARD_S = 10.0
TRAP_LEN = 2_000
_GENERIC_TRAPS = [
    "1", "1.", "1,", "6%", "一", "十", "万", "发展", "增长6", " ", "\u3000", "a", "\n", "-", "—",
    "“", "”", "\"", "（", "）", "(", ")", "《", "》", "、", "，", "。", "年", "2026年", "第一",
]  # fmt: skip


def _package_patterns() -> list[tuple[str, Any]]:
    import importlib
    import pkgutil

    import regex

    found = []
    for info in pkgutil.walk_packages(policytext.__path__, "policytext."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional dependency missing
            continue
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern | regex.Pattern):
                found.append((f"{info.name}.{attr}", value))
    return found


def _traps(pattern: Any) -> list[tuple[str, str]]:
    source = pattern.pattern if isinstance(pattern.pattern, str) else ""
    own = sorted({ch for ch in source if not ch.isascii()} | set("0123456789.%"))
    units = [*_GENERIC_TRAPS, "".join(own), *own[:20]]
    traps = [(unit, _repeat(unit, TRAP_LEN)) for unit in units]
    # near misses: a long run then a character that spoils the match at the very end
    traps += [(unit + "!", _repeat(unit, TRAP_LEN) + "!") for unit in ("1", "一", "“", "（")]
    return traps


def _scan_child(send: Connection) -> None:
    try:
        for name, pattern in _package_patterns():
            for unit, trap in _traps(pattern):
                send.send(("start", f"{name} over {unit!r} x {len(trap) // max(1, len(unit))}"))
                for _ in pattern.finditer(trap):
                    pass
        send.send(("done", ""))
    except BaseException:
        send.send(("error", traceback.format_exc()))
    finally:
        send.close()
        os._exit(0)


@pytestmark_fork
def test_every_package_pattern_scans_traps_in_linear_time() -> None:
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_scan_child, args=(send,), daemon=True)
    proc.start()
    send.close()
    last = "(starting)"
    scanned = 0
    try:
        while True:
            if not recv.poll(PATTERN_GUARD_S):
                pytest.fail(f"{last}: still scanning after {PATTERN_GUARD_S:.0f} s (backtracking)")
            kind, what = recv.recv()
            if kind == "start":
                last, scanned = what, scanned + 1
                continue
            assert kind == "done", what
            break
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        recv.close()
    assert scanned > 100  # the package has patterns, and they were all scanned


# --------------------------------------------------------------------------------------------
# User lexicons: every broken file is a LexiconError naming the file and the problem; the cache
# follows the content
# --------------------------------------------------------------------------------------------

LEXICON_TEXT = "二、2026年工作安排\n落实“云岭十条”和“青禾九条”，推进甲乙产业园建设。"


@pytest.mark.parametrize("name", sorted(MAKER.bad_lexicons()))
def test_broken_user_lexicon_is_a_lexicon_error(name: str, tmp_path: Path) -> None:
    data, says = MAKER.bad_lexicons()[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LexiconError) as info:
        policytext.parse_text(LEXICON_TEXT, lexicons=[path])
    assert str(path) in str(info.value) and says in str(info.value)
    assert "internal error" not in str(info.value)


def test_folder_and_unreadable_lexicons_are_lexicon_errors(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(LexiconError, match="is a folder"):
        policytext.parse_text(LEXICON_TEXT, lexicons=[folder])
    with pytest.raises(LexiconError, match="not found"):
        policytext.parse_text(LEXICON_TEXT, lexicons=[tmp_path / "missing.toml"])
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads any file
        locked = tmp_path / "locked.toml"
        locked.write_text(MAKER.GOOD_LEXICON, encoding="utf-8")
        locked.chmod(0)
        with pytest.raises(LexiconError, match="cannot be read"):
            policytext.parse_text(LEXICON_TEXT, lexicons=[locked])


def test_broken_lexicon_on_the_command_line_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(MAKER.bad_lexicons()["gbk.toml"][0])
    report = tmp_path / "r.txt"
    report.write_text(LEXICON_TEXT, encoding="utf-8")
    assert main(["parse", "--format", "json", "--lexicon", str(path), str(report)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "[PT004]" in err and "internal error" not in err


def test_a_lexicon_edited_between_two_parses_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "local.toml"
    path.write_text(MAKER.GOOD_LEXICON, encoding="utf-8")

    def found() -> dict[str, str | None]:
        doc = policytext.parse_text(LEXICON_TEXT, lexicons=[path])
        return {s.text: s.category for s in doc.slogans if s.rule == "lexicon"}

    assert found() == {"青禾九条": "provincial"}
    path.write_text(MAKER.GOOD_LEXICON.replace("青禾九条", "云岭十条"), encoding="utf-8")
    assert found() == {"云岭十条": "provincial"}
    assert found() == {"云岭十条": "provincial"}  # and stays so


def test_a_valid_user_lexicon_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(codecs.BOM_UTF8 + MAKER.GOOD_LEXICON.encode("utf-8"))
    doc = policytext.parse_text(LEXICON_TEXT, lexicons=[path])
    assert "青禾九条" in {s.text for s in doc.slogans if s.rule == "lexicon"}


# --------------------------------------------------------------------------------------------
# Text that is not Chinese, and binary content behind a byte-order mark
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "codec", "text"),
    [
        ("shift_jis.txt", "shift_jis", MAKER.JAPANESE),
        ("euc_jp.txt", "euc_jp", MAKER.JAPANESE),
        ("euc_kr.txt", "euc_kr", MAKER.KOREAN),
    ],
)
def test_japanese_or_korean_bytes_are_not_read_as_gb18030(name: str, codec: str, text: str) -> None:
    path = FIXTURES / name
    with pytest.raises(EncodingError) as info:
        policytext.parse(path)
    message = str(info.value)
    assert str(path) in message and "GB18030" in message and "--encoding" in message
    assert codec in message  # the encoding it does fit is named
    # forcing the encoding reads it
    assert policytext.parse(path, encoding=codec).original == text


def test_chinese_in_gb18030_still_passes_the_check() -> None:
    from policytext.reader import COMMON_SHARE, _common_share

    for name in ("gbk.txt", "gb18030.txt", "beijing_2026_gbk.txt"):
        text, enc = policytext.reader.decode((FIXTURES / name).read_bytes())
        assert enc == "gb18030"
        assert _common_share(text)[0] > COMMON_SHARE + 0.3
    traditional = "政府工作報告。過去一年，全市經濟穩定增長，民生持續改善，發展質量明顯提高。"
    assert _common_share(traditional)[0] > COMMON_SHARE


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("utf8_bom_pdf.txt", "a PDF behind a UTF-8 byte-order mark"),
        ("utf8_bom_png.txt", "a PNG image behind a UTF-8 byte-order mark"),
        ("utf16le_bom_nul.txt", "NUL characters behind its UTF-16-LE byte-order mark"),
    ],
)
def test_binary_behind_a_bom_is_not_text(name: str, says: str) -> None:
    with pytest.raises(NotTextError, match=says):
        policytext.parse(FIXTURES / name)


# --------------------------------------------------------------------------------------------
# 1 MB of distinct items back to back, one file per scanner (make_fixtures.adversarial): a scan
# that restarts at every item is quadratic and runs for minutes; linear code takes seconds.
# --------------------------------------------------------------------------------------------

SCANNER_GUARD_S = 60.0


@pytestmark_fork
@pytest.mark.parametrize("kind", sorted(MAKER.ADVERSARIAL_UNITS))
def test_one_megabyte_of_distinct_items_parses_in_linear_time(kind: str) -> None:
    run_guarded(f"1 MB of {kind}", lambda: MAKER.adversarial(kind), guard=SCANNER_GUARD_S)


# --------------------------------------------------------------------------------------------
# Memory: a word-segmented report has a breakpoint at every removed blank; the alignment keeps
# them in integer arrays, so parsing stays within 20 times the input (once: 56 times).
# --------------------------------------------------------------------------------------------


def _peak_ratio(text: str) -> float:
    import tracemalloc

    policytext.parse_text(text)  # rules, lexicons and the rules' bounded caches filled first
    tracemalloc.start()
    try:
        doc = policytext.parse_text(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.targets
    return peak / len(text.encode("utf-8"))


def test_parsing_segmented_text_stays_within_20_times_the_input() -> None:
    reports = sorted((CORPUS / "segmented").glob("*.txt"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in reports[:6])
    assert len(normalize(text).alignment) > 50_000  # a breakpoint per removed blank
    assert _peak_ratio(text) < 20


# --------------------------------------------------------------------------------------------
# A web page given as a report; a one-line str that reads as text; --year with a non-ASCII digit
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page.html.txt", "page_no_doctype.txt", "page_fragment.txt"])
def test_web_page_is_refused_with_a_markup_error(name: str) -> None:
    from policytext.errors import MarkupError

    with pytest.raises(MarkupError, match="is a web page") as info:
        policytext.parse(FIXTURES / name)
    assert str(FIXTURES / name) in str(info.value) and isinstance(info.value, NotTextError)
    with pytest.raises(MarkupError):
        policytext.parse((FIXTURES / name).read_bytes())


def test_text_with_a_stray_tag_from_a_web_page_still_parses(sample_doc: Document) -> None:
    doc = policytext.parse(FIXTURES / "web_debris.txt")
    assert [t.indicator for t in doc.targets] == [t.indicator for t in sample_doc.targets]


@pytest.mark.parametrize("text", ["城镇/农村居民人均消费支出增长6", "全省/全市地区生产总值"])
def test_one_line_with_chinese_and_a_slash_is_text(text: str) -> None:
    assert policytext.parse(text).text == text


def test_track_year_with_a_non_ascii_digit_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = str(FIXTURES / "utf8.txt")
    with pytest.raises(SystemExit) as exit_:
        main(["track", report, "--year", f"{report}=²"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "takes FILE=YEAR" in err
