"""policytext: structured data from Chinese government work reports.

>>> import policytext
>>> doc = policytext.parse_text("二、2026年工作安排\\n地区生产总值增长6.6%左右。")
>>> doc.sections[0].title
'2026年工作安排'

The names below are loaded on first use: `import policytext` reads no lexicon, imports no
rule module and not pydantic; `policytext.parse` (or `policytext.Document`...) imports what
it needs the first time it is looked up.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from . import _speedups
from ._version import __version__
from .errors import EncodingError, InputError, LexiconError, NotTextError, PolicyTextError

_speedups.install()  # the compiled build of the parsing modules, when there is one

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
    from .models import Document as Document
    from .models import Mention as Mention
    from .models import Outcome as Outcome
    from .models import Paragraph as Paragraph
    from .models import Project as Project
    from .models import Section as Section
    from .models import Sentence as Sentence
    from .models import Slogan as Slogan
    from .models import Target as Target
    from .normalize import normalize as normalize
    from .pipeline import parse as parse
    from .pipeline import parse_text as parse_text
    from .track import TrackRow as TrackRow
    from .track import track as track

# Public name -> the module that defines it. `to_spacy` and `displacy_options` import spaCy,
# `to_pandas` pandas, `parse_many` the batch machinery.
_LAZY = {
    **dict.fromkeys(
        ("Document", "Mention", "Outcome", "Paragraph", "Project", "Section", "Sentence",
         "Slogan", "Target"),
        ".models",
    ),
    "normalize": ".normalize",
    "parse": ".pipeline",
    "parse_text": ".pipeline",
    "TrackRow": ".track",
    "track": ".track",
    "to_pandas": ".frames",
    "parse_many": ".batch",
    "to_spacy": ".integrations.spacy",
    "displacy_options": ".integrations.spacy",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use and kept."""
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'policytext' has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(types.ModuleType):
    """The package's module type: `normalize` and `track` name both a function (the public
    name) and a submodule. Importing a submodule sets it as an attribute of its package, which
    would hide the function loaded (or yet to be loaded) under that name; here the function
    keeps the name, as when the package imported both eagerly."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == f".{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
