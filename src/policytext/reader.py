"""Reading report files: bytes -> text, with encoding detection and clear errors.

Detection, in order (`decode`):

1. a byte-order mark decides: UTF-8, UTF-16 (LE/BE) or UTF-32;
2. binary data is refused (`NotTextError`): the signatures of PDF, images, archives and Office
   files, or NUL bytes anywhere;
3. UTF-8; a file that is UTF-8 but for a few invalid bytes (a truncated download, one pasted
   line in another encoding) is reported as damaged (`EncodingError`) rather than read as
   GB18030 mojibake;
4. GB18030, a superset of GBK and GB2312 (most Chinese government sites);
5. nothing fits: `EncodingError` naming the file and each encoding tried; GB18030 that does not
   read as Chinese (Japanese or Korean bytes, which GB18030 also decodes) is refused the same
   way, naming the encodings that do fit.

Binary signatures and NUL characters are checked behind a byte-order mark too, and a web page
(HTML) is refused with `MarkupError`: its tags and entities are not the text of a report.

`encoding=` forces one codec and skips detection. Like ``PYTHONIOENCODING`` it takes an optional
error handler after a colon: ``"utf-8:replace"`` reads a damaged file with U+FFFD in place of
each invalid byte sequence.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from functools import cache
from pathlib import Path

from .errors import EncodingError, InputError, MarkupError, NotTextError
from .signatures import BINARY_SIGNATURES

__all__ = ["DEFAULT_ENCODINGS", "ERROR_HANDLERS", "check_encoding", "decode", "read_file"]

# Tried in order when no BOM says otherwise. GB18030 is a superset of GBK and GB2312.
DEFAULT_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")

# Error handlers `encoding="codec:handler"` accepts (those that make sense when decoding).
ERROR_HANDLERS: tuple[str, ...] = ("strict", "replace", "ignore", "backslashreplace")

# UTF-32 before UTF-16: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32-LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32-BE"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16-LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16-BE"),
)
_ASCII = bytes(range(128))
_REPLACEMENT_UTF8 = "\ufffd".encode()
# A file is damaged UTF-8 (not another encoding) when its well-formed non-ASCII characters
# outnumber its invalid sequences this many times over, and there are at least _MIN_GOOD of
# them. GBK text read as UTF-8 gives about one well-formed character for five invalid ones.
_UTF8_RATIO = 4
_MIN_GOOD = 8
_WINDOW = 1 << 16
# GB18030 decodes almost any bytes; text in another encoding (Big5...) read as GB18030 lands
# largely in the private-use area, which real GBK reports hardly use.
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_MAX_PRIVATE = 0.05
# Control characters no text file holds (tab, line feed and carriage return are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, *, encoding: str | None = None, name: str = "<bytes>") -> tuple[str, str]:
    """Decode report bytes; return `(text, encoding)`.

    A BOM decides first; otherwise UTF-8, then GB18030 (which covers GBK and GB2312).
    `encoding` forces one (``"gbk"``, ``"utf-8:replace"``...). Raises `NotTextError` for binary
    data, `EncodingError` when no encoding fits, and `InputError` for an unknown encoding.

    A web page (HTML) is refused with `MarkupError`.

    >>> decode("增长6%".encode("gbk"))
    ('增长6%', 'gb18030')
    """
    text, codec = _decode(data, encoding, name)
    _refuse_markup(text, name)
    return text, codec


def _decode(data: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    if encoding is not None:
        return _decode_forced(data, encoding, name)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            _refuse_binary(data[len(bom) :], name, f" behind a {label} byte-order mark")
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"{name}: starts with a {label} byte-order mark but does not decode as "
                    f"{codec} ({exc.reason} at byte {exc.start}); repair the file, or pass "
                    "encoding= (--encoding) to force another encoding"
                ) from None
            nul = text.find("\x00")
            if nul >= 0:
                raise NotTextError(
                    f"{name}: holds NUL characters behind its {label} byte-order mark (the "
                    f"first at character {nul}), so it is binary, not a text file"
                )
            return text, codec
    _refuse_binary(data, name, "")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise NotTextError(
            f"{name}: holds NUL bytes (the first at byte {nul}), so it is binary, not a text "
            f"file{_utf16_hint(data)}"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    good, bad = _utf8_evidence(data, utf8_error.start)
    if good >= max(_MIN_GOOD, _UTF8_RATIO * bad):
        bad = _utf8_counts(data)[1]  # all of them, for the message (fast: they are few)
        raise EncodingError(
            f"{name}: is UTF-8 except for {bad} invalid byte sequence(s), the first at byte "
            f"{utf8_error.start}: the file is truncated or damaged; repair it, or pass "
            "encoding='utf-8:replace' (--encoding utf-8:replace) to read it with U+FFFD in "
            "their place"
        )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        mostly = (
            "; it is mostly UTF-8, with invalid byte sequences (perhaps lines pasted in "
            "another encoding) that encoding='utf-8:replace' would read as U+FFFD"
            if good > bad
            else ""
        )
        raise EncodingError(
            f"{name}: decodes under none of the encodings tried (utf-8 fails at byte "
            f"{utf8_error.start}, gb18030 at byte {exc.start}){mostly}; "
            "pass encoding= (or --encoding) to force one, e.g. big5 or latin-1"
        ) from None
    private = _private_use_share(text)
    if private > _MAX_PRIVATE:
        raise EncodingError(
            f"{name}: is neither UTF-8 nor GB18030: read as GB18030, {private:.0%} of its "
            "non-ASCII characters fall in the private-use area, the mark of another encoding "
            "(Big5...); pass encoding= (or --encoding) to force it, e.g. big5"
        )
    share, letters = _common_share(text)
    if letters >= _MIN_LETTERS and share < COMMON_SHARE:
        raise EncodingError(
            f"{name}: does not read as Chinese: UTF-8 fails, and read as GB18030 only "
            f"{share:.0%} of its {letters} letters are common Chinese characters (Chinese text "
            f"has about 90%){_other_encodings(data)}; pass encoding= (--encoding) to force "
            "an encoding, e.g. --encoding gb18030 to read it as GB18030 anyway"
        )
    return text, "gb18030"


# A web page saved as the report: it starts as an HTML document, or tags are dense in it. Text
# copied from a web page may keep a stray <br> or two; a page has dozens of tags a kilobyte.
_HTML_START = re.compile(
    r"(?:\s|<!--(?:[^-]|-(?!->)){0,4000}-->|<\?xml[^<>]{0,500}>)*"
    r"<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|meta|title|script|style|link|div|p|br|span|table|tbody|tr|td|th"
    r"|a|li|ul|ol|h[1-6]|font|img|strong|em|b|i|center|section|article|nav|header|footer)"
    r"\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_MIN_TAGS = 20
_TAG_EVERY = 200  # at least one tag per this many characters


def _refuse_markup(text: str, name: str) -> None:
    """`MarkupError` when `text` is a web page rather than the text of a report."""
    sample = text[:_SAMPLE]
    if "<" not in sample:
        return
    if _HTML_START.match(sample):
        why = "it starts as an HTML document"
    else:
        tags = sum(1 for _ in _HTML_TAG.finditer(sample))
        if tags < _MIN_TAGS or tags * _TAG_EVERY < len(sample):
            return
        why = f"{tags} HTML tags in its first {len(sample):,} characters"
    raise MarkupError(
        f"{name}: is a web page (HTML: {why}), not the plain text of a report; its tags and "
        "entities would be read as words: save the page's text first (a browser's 'Save as' "
        "text, or a converter such as html2text) and parse that"
    )


def _refuse_binary(data: bytes, name: str, where: str) -> None:
    """`NotTextError` when `data` starts with the signature of a binary format."""
    for magic, what in BINARY_SIGNATURES:
        if data.startswith(magic):
            raise NotTextError(f"{name}: is {what}{where}, not a text file; extract its text first")


# Text read as GB18030 is refused when fewer than COMMON_SHARE of its non-ASCII letters (in a
# sample of _SAMPLE characters) are among the most common Chinese characters
# (lexicons/common_hanzi.toml), and it has at least _MIN_LETTERS of them. Chinese reports score
# about 0.9 and traditional Chinese about 0.7; Japanese or Korean bytes read as GB18030 score
# 0.25 or less.
COMMON_SHARE = 0.5
_MIN_LETTERS = 20
_SAMPLE = 200_000
# Encodings a file refused as not Chinese may be in, named in the message when they fit.
_OTHER_ENCODINGS = ("shift_jis", "euc_jp", "euc_kr", "big5")


@cache
def _common_hanzi() -> frozenset[str]:
    from .lexicons import load_bundled

    return frozenset("".join(load_bundled("common_hanzi.toml")["common"]["chars"]))


def _common_share(text: str) -> tuple[float, int]:
    """`(share of common Chinese characters, count)` of the non-ASCII letters of a sample."""
    sample = text[:_SAMPLE]
    if sample.isascii():
        return 1.0, 0
    letters = [c for c in sample if not c.isascii() and c.isalpha()]
    if not letters:
        return 1.0, 0
    common = _common_hanzi()
    return sum(1 for c in letters if c in common) / len(letters), len(letters)


def _other_encodings(data: bytes) -> str:
    fits = []
    for codec in _OTHER_ENCODINGS:
        try:
            data[:_SAMPLE].decode(codec)
        except UnicodeDecodeError as exc:
            if exc.start < min(len(data), _SAMPLE) - 4:  # not just a character cut at the end
                continue
        fits.append(codec)
    if not fits:
        return ""
    return f"; it decodes as {' and as '.join(fits)}, so it may be Japanese or Korean text"


def check_encoding(spec: str) -> str:
    """Validate an `encoding=` value (``"gbk"``, ``"utf-8:replace"``); return its canonical form.

    Raises `InputError` for an unknown codec, one that is not a text encoding (base64...), or
    an unknown error handler. The command line calls it on ``--encoding`` before reading any
    file, so a typo is a usage error.

    >>> check_encoding("GBK"), check_encoding("UTF8:replace")
    ('gbk', 'utf-8:replace')
    """
    return _parse_spec(spec, "")[2]


def _parse_spec(spec: str, prefix: str) -> tuple[str, str, str]:
    """`(codec, error handler, label)` of an `encoding=` value; `prefix` starts error messages."""
    codec, _, errors = spec.partition(":")
    codec, errors = codec.strip(), errors.strip() or "strict"
    if errors not in ERROR_HANDLERS:
        raise InputError(
            f"{prefix}unknown error handler {errors!r} in encoding {spec!r}; "
            f"use one of {', '.join(ERROR_HANDLERS)}"
        )
    try:
        info = codecs.lookup(codec)
    except LookupError:
        raise InputError(
            f"{prefix}unknown encoding {codec!r}; pass a text encoding such as "
            "utf-8, gb18030 or utf-16"
        ) from None
    if not getattr(info, "_is_text_encoding", True):  # bytes-to-bytes codecs: base64, zlib...
        raise InputError(
            f"{prefix}{codec!r} is not a text encoding; pass one such as utf-8 or gb18030"
        )
    label = info.name if errors == "strict" else f"{info.name}:{errors}"
    return info.name, errors, label


def _decode_forced(data: bytes, spec: str, name: str) -> tuple[str, str]:
    codec, errors, label = _parse_spec(spec, f"{name}: ")
    try:
        return data.decode(codec, errors), label
    except LookupError:  # a str-to-str codec such as rot13
        raise InputError(
            f"{name}: {spec!r} is not a text encoding; pass one such as utf-8 or gb18030"
        ) from None
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{name}: does not decode as {codec} ({exc.reason} at byte {exc.start}); "
            f"omit the encoding to detect it, or pass '{codec}:replace' to read it with "
            "U+FFFD in place of the bad bytes"
        ) from None


def _utf8_evidence(data: bytes, first_bad: int) -> tuple[int, int]:
    """`(well-formed non-ASCII characters, invalid sequences)`: the valid prefix before
    `first_bad` and a window after it (bounded, so a large GBK file costs little here)."""
    prefix = data[:first_bad]
    good = len(prefix.decode("utf-8")) - (len(prefix) - len(prefix.translate(None, _ASCII)))
    good_after, bad = _utf8_counts(data[first_bad : first_bad + _WINDOW])
    return good + good_after, bad


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """`(well-formed non-ASCII characters, invalid byte sequences)` of `data` read as UTF-8."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(_REPLACEMENT_UTF8)
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))
    return len(text) - ascii_bytes - bad, bad


def _private_use_share(text: str) -> float:
    """Share of the non-ASCII characters of `text` that lie in the private-use area."""
    if _PRIVATE_USE.search(text) is None:
        return 0.0
    private = len(_PRIVATE_USE.findall(text))
    wide = len(text) - len(text.encode("ascii", "ignore"))
    return private / max(1, wide)


def _utf16_hint(data: bytes) -> str:
    """A hint when the bytes read as UTF-16 text without a BOM: NULs on one side, no controls."""
    head = data[:4096]
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    codec = "utf-16-le" if odd > even else "utf-16-be"
    text = head.decode(codec, "replace")
    if max(even, odd) >= 4 * min(even, odd) + 1 and not _CONTROL.search(text):
        return f"; if it is {codec.upper()} text without a byte-order mark, pass --encoding {codec}"
    return "; extract its text first"


def read_file(path: str | os.PathLike[str], *, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a report file; return `(text, encoding)`.

    Raises `InputError` for a missing path, a folder, a device or an unreadable file, and
    what `decode` raises for its content. Pipes are read (``policytext parse <(curl ...)``).
    """
    p = Path(path)
    try:
        st = p.stat()
    except (FileNotFoundError, NotADirectoryError):
        broken = " (a broken symbolic link)" if p.is_symlink() else ""
        raise InputError(f"{p}: no such file{broken}; check the path") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(f"{p}: cannot be opened ({reason}); check the path") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{p}: is a folder; pass the report files inside it")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise InputError(f"{p}: is not a regular file (a device or socket); save the text first")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{p}: cannot be read ({exc.strerror or exc}); check its permissions"
        ) from None
    return decode(data, encoding=encoding, name=str(p))
