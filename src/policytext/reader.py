"""Reading report files: bytes -> text, with encoding detection and clear errors."""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import EncodingError, InputError, NotTextError

__all__ = ["DEFAULT_ENCODINGS", "decode", "read_file"]

# Tried in order when no BOM says otherwise. GB18030 is a superset of GBK and GB2312.
DEFAULT_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of common binary formats people mistake for reports.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx...)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (doc, xls)"),
)


def decode(data: bytes, *, encoding: str | None = None, name: str = "<bytes>") -> tuple[str, str]:
    """Decode report bytes; return `(text, encoding)`.

    A BOM decides first; otherwise UTF-8, then GB18030 (which covers GBK and GB2312).
    `encoding` forces one. Raises `NotTextError` for binary data and `EncodingError` when no
    encoding fits.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"{name}: does not decode as {encoding} (byte {exc.start}); "
                "omit the encoding to detect it"
            ) from None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotTextError(f"{name}: is {what}, not a text file; extract its text first")
    if b"\x00" in data[:65536]:
        raise NotTextError(f"{name}: holds NUL bytes, so it is binary, not a text file")
    for enc in DEFAULT_ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    tried = ", ".join(DEFAULT_ENCODINGS)
    raise EncodingError(
        f"{name}: decodes under none of the encodings tried ({tried}); "
        "pass encoding= (or --encoding) to force one"
    )


def read_file(path: str | Path, *, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a report file; return `(text, encoding)`."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; pass the report files inside it")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror})") from None
    return decode(data, encoding=encoding, name=str(p))
