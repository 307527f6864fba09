"""Errors policytext raises. Each has a stable code, shown at the start of its message."""

from __future__ import annotations


class PolicyTextError(Exception):
    """Base of every error policytext raises on misuse or unreadable input."""

    code = "PT000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(PolicyTextError, ValueError):
    """The input path is missing, a folder, or otherwise unusable."""

    code = "PT001"


class EncodingError(PolicyTextError, UnicodeError):
    """The bytes decode under none of the encodings tried."""

    code = "PT002"


class NotTextError(PolicyTextError, ValueError):
    """The file is binary (NUL bytes, an image, a PDF...), not text."""

    code = "PT003"


class LexiconError(PolicyTextError, ValueError):
    """A lexicon file is missing, malformed, or fails its schema."""

    code = "PT004"


class MarkupError(NotTextError):
    """The file is a web page (HTML markup), not the plain text of a report."""

    code = "PT005"


class BatchError(PolicyTextError, ValueError):
    """A batch cannot start: bad options, an output folder written with other settings, or
    one another batch is writing."""

    code = "PT030"


class DecimalRangeError(PolicyTextError, ValueError):
    """A figure does not fit the Parquet decimal column exactly (too large or too precise)."""

    code = "PT031"
