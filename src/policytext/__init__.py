"""policytext: structured data from Chinese government work reports.

>>> import policytext
>>> doc = policytext.parse_text("二、2026年工作安排\\n地区生产总值增长6.6%左右。")
>>> doc.sections[0].title
'2026年工作安排'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import EncodingError, InputError, LexiconError, NotTextError, PolicyTextError
from .models import (
    Document,
    Mention,
    Outcome,
    Paragraph,
    Project,
    Section,
    Sentence,
    Slogan,
    Target,
)
from .normalize import normalize
from .pipeline import parse, parse_text
from .track import TrackRow, track

__version__ = "0.1.0"

__all__ = [
    "Document",
    "EncodingError",
    "InputError",
    "LexiconError",
    "Mention",
    "NotTextError",
    "Outcome",
    "Paragraph",
    "PolicyTextError",
    "Project",
    "Section",
    "Sentence",
    "Slogan",
    "Target",
    "TrackRow",
    "__version__",
    "normalize",
    "parse",
    "parse_text",
    "to_pandas",
    "track",
]

if TYPE_CHECKING:
    from .batch import parse_many as parse_many
    from .frames import to_pandas as to_pandas
    from .integrations.spacy import displacy_options as displacy_options
    from .integrations.spacy import to_spacy as to_spacy


def __getattr__(name: str) -> Any:
    """Optional parts, loaded on first use: `to_spacy` and `displacy_options` import spaCy,
    `to_pandas` pandas."""
    if name in ("to_spacy", "displacy_options"):
        from .integrations import spacy

        return getattr(spacy, name)
    if name == "to_pandas":
        from .frames import to_pandas

        return to_pandas
    if name == "parse_many":
        from .batch import parse_many

        return parse_many
    raise AttributeError(f"module 'policytext' has no attribute {name!r}")
