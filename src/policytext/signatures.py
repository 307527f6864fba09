"""Signatures of common binary formats people mistake for text files: the reader refuses such
a report, and the lexicon loader such a lexicon file."""

from __future__ import annotations

# (the first bytes, what they say the file is)
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx, odt...)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (doc, xls)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable"),
)
