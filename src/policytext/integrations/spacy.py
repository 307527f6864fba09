"""spaCy integration: the ``policytext`` pipeline component and `to_spacy`.

>>> import spacy
>>> nlp = spacy.blank("zh")
>>> nlp.add_pipe("policytext")                      # doctest: +ELLIPSIS
<policytext.integrations.spacy.PolicyTextComponent object at ...>
>>> doc = nlp("二、2026年工作安排\\n地区生产总值增长6.6%左右。")
>>> [(s.label_, s.text) for s in doc.spans["policytext"]]
[('TARGET', '地区生产总值增长6.6%左右')]

The component parses `Doc.text` with `policytext.parse_text` and puts every Target, every
mention of a Slogan and every mention of a Project in ``doc.spans["policytext"]`` (labels
``TARGET``, ``SLOGAN``, ``PROJECT``), each span widened to whole spaCy tokens
(``alignment_mode="expand"``) and carrying its object on ``span._.policytext``; the whole
`Document` is on ``doc._.policytext``. It works with any tokenizer, since the spans are mapped
through character offsets: spaCy's Chinese ``char``, ``jieba`` and ``pkuseg`` segmenters
(`blank_zh` builds each, pkuseg from the model shipped in the `pkuseg` package, offline).

The Document is kept in ``doc.user_data`` as JSON, and each span names its object by
`Span.id_` (``"policytext:slogans:3"``), so docs keep both through `Doc.to_bytes`, `DocBin`
and ``nlp.pipe(..., n_process=2)``.

This module imports spaCy; it is loaded by spaCy's ``spacy_factories`` entry point or on the
first use of `policytext.to_spacy`, never by ``import policytext``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

try:
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc, Span
except ImportError:
    raise ImportError(
        "the spaCy integration needs spaCy: pip install 'policytext[spacy]'"
    ) from None

from ..errors import InputError, PolicyTextError
from ..models import Document
from ..pipeline import parse_text
from ..tokens import SegmenterError, Token, pkuseg_model_dir, tokenize, user_words

__all__ = [
    "EXTENSION",
    "LABELS",
    "SPANS_KEY",
    "PolicyTextComponent",
    "add_lexicon_words",
    "annotate",
    "blank_zh",
    "make_policytext",
    "to_spacy",
]

SPANS_KEY = "policytext"
EXTENSION = "policytext"
LABELS = {"targets": "TARGET", "slogans": "SLOGAN", "projects": "PROJECT"}
SPACY_SEGMENTERS = ("char", "jieba", "pkuseg")

_DOC_KEY = "policytext:document"  # doc.user_data key: the Document as JSON
_ID_PREFIX = "policytext:"


# --------------------------------------------------------------------------------------------
# Extensions
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _load_document(data: str) -> Document:
    return Document.model_validate_json(data)


def _doc_document(doc: Doc) -> Document | None:
    data = doc.user_data.get(_DOC_KEY)
    return _load_document(data) if isinstance(data, str) else None


def _span_object(span: Span) -> Any:
    sid = span.id_
    if not sid.startswith(_ID_PREFIX):
        return None
    kind, _, index = sid[len(_ID_PREFIX) :].partition(":")
    document = _doc_document(span.doc)
    if document is None or kind not in LABELS or not index.isdigit():
        return None
    items: tuple[Any, ...] = getattr(document, kind)
    return items[int(index)] if int(index) < len(items) else None


def register_extensions() -> None:
    """Register ``Doc._.policytext`` and ``Span._.policytext`` (idempotent)."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, getter=_doc_document)
    if not Span.has_extension(EXTENSION):
        Span.set_extension(EXTENSION, getter=_span_object)


# --------------------------------------------------------------------------------------------
# Spans
# --------------------------------------------------------------------------------------------


def _places(document: Document) -> Iterator[tuple[str, int, int, int]]:
    """`(kind, index, start, end)` of every target and of every slogan and project mention."""
    for i, t in enumerate(document.targets):
        yield "targets", i, t.start, t.end
    for i, s in enumerate(document.slogans):
        for start, end in [(m.start, m.end) for m in s.mentions] or [(s.start, s.end)]:
            yield "slogans", i, start, end
    for i, p in enumerate(document.projects):
        for start, end in [(m.start, m.end) for m in p.mentions] or [(p.start, p.end)]:
            yield "projects", i, start, end


def _source_spans(document: Document) -> Callable[[int, int], tuple[int, int]]:
    """`Document.source_span` with the alignment's keys computed once (many spans, one doc)."""
    align = document.alignment or ((0, 0),)
    norms = [n for n, _ in align]
    size = len(document.text)

    def offset(i: int) -> int:
        k = max(bisect.bisect_right(norms, i) - 1, 0)
        return align[k][1] + (i - align[k][0])

    def span(start: int, end: int) -> tuple[int, int]:
        if start == end:
            at = offset(start) if start < size else len(document.original)
            return at, at
        return offset(start), offset(end - 1) + 1

    return span


def annotate(doc: Doc, document: Document, *, spans_key: str = SPANS_KEY) -> Doc:
    """Put the targets, slogans and projects of `document` on `doc` (whose text it parsed).

    `doc.text` must equal `document.original`, as it does for a Doc made by a spaCy pipeline
    from the same text or by `to_spacy`; otherwise `InputError` is raised.
    """
    if doc.text != document.original:
        raise InputError(
            "the Doc's text differs from the Document's original text; parse doc.text, or "
            "build the Doc with policytext.to_spacy(document, nlp)"
        )
    register_extensions()
    doc.user_data[_DOC_KEY] = document.model_dump_json()
    spans: list[Span] = []
    seen: set[tuple[str, int, int, str]] = set()
    source_span = _source_spans(document)
    for kind, index, start, end in _places(document):
        a, b = source_span(start, end)
        sid = f"{_ID_PREFIX}{kind}:{index}"
        span = doc.char_span(a, b, label=LABELS[kind], alignment_mode="expand", span_id=sid)
        if span is None:
            continue
        key = (span.label_, span.start, span.end, sid)
        if key not in seen:
            seen.add(key)
            spans.append(span)
    spans.sort(key=lambda s: (s.start, -s.end))
    doc.spans[spans_key] = spans
    return doc


class PolicyTextComponent:
    """The ``policytext`` pipeline component (see the module docstring)."""

    def __init__(
        self,
        name: str = "policytext",
        *,
        spans_key: str = SPANS_KEY,
        lexicons: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.lexicons = tuple(lexicons)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        document = parse_text(doc.text, lexicons=self.lexicons)
        return annotate(doc, document, spans_key=self.spans_key)


@Language.factory(
    "policytext",
    default_config={"spans_key": SPANS_KEY, "lexicons": []},
)
def make_policytext(
    nlp: Language, name: str, spans_key: str, lexicons: list[str]
) -> PolicyTextComponent:
    """Factory of the ``policytext`` component: ``nlp.add_pipe("policytext")``.

    `spans_key` names the span group; `lexicons` are paths of user lexicon files, as for
    `policytext.parse`.
    """
    return PolicyTextComponent(name, spans_key=spans_key, lexicons=lexicons)


# --------------------------------------------------------------------------------------------
# Docs from a Document
# --------------------------------------------------------------------------------------------


def _words_and_spaces(document: Document, tokens: list[Token]) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags whose text is exactly `document.original`.

    Each token becomes the slice of the original it came from; blanks between tokens become
    a trailing space (one ``" "``) and, for anything longer, a whitespace token of their own.
    """
    original = document.original
    words: list[str] = []
    spaces: list[bool] = []

    def gap(text: str) -> None:
        if not text:
            return
        if words and text[0] == " " and not spaces[-1]:
            spaces[-1] = True
            text = text[1:]
        if text:
            words.append(text)
            spaces.append(False)

    pos = 0
    source_span = _source_spans(document)
    for t in tokens:
        a, b = source_span(t.start, t.end)
        if a < pos:
            continue
        gap(original[pos:a])
        words.append(original[a:b])
        spaces.append(False)
        pos = b
    gap(original[pos:])
    return words, spaces


def to_spacy(document: Document, nlp: Language, *, segmenter: str | None = None) -> Doc:
    """A spaCy `Doc` of `document.original` made of the document's own tokens.

    For segmented input the words are the report's own segmentation (`segmenter`
    ``"original"``, the default for it), with its spaces; for raw input they come from
    ``"jieba"`` (default) or ``"pkuseg"`` (see `policytext.tokens`). The pipeline's other
    components run on the Doc, then the targets, slogans and projects of `document` are put
    on it as the ``policytext`` component would (``doc.spans["policytext"]``,
    ``doc._.policytext``); `doc.text == document.original`.
    """
    words, spaces = _words_and_spaces(document, tokenize(document, segmenter))
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    key = SPANS_KEY
    for _, proc in nlp.pipeline:
        if isinstance(proc, PolicyTextComponent):
            key = proc.spans_key
            continue
        doc = proc(doc)
    return annotate(doc, document, spans_key=key)


def blank_zh(segmenter: str = "char", *, lexicon_words: bool = False) -> Language:
    """A blank Chinese pipeline with spaCy's `segmenter` (``"char"``, ``"jieba"``, ``"pkuseg"``).

    ``"pkuseg"`` is initialized offline from the ``default`` model shipped inside the `pkuseg`
    package (it needs the `spacy-pkuseg` package: ``pip install 'policytext[spacy,pkuseg]'``).
    With `lexicon_words`, pkuseg also gets the bundled slogan formulas as user words. Add the
    component with ``nlp.add_pipe("policytext")``.
    """
    if segmenter not in SPACY_SEGMENTERS:
        raise SegmenterError(
            f"unknown spaCy segmenter {segmenter!r}; use one of "
            f"{', '.join(map(repr, SPACY_SEGMENTERS))}"
        )
    config = {"nlp": {"tokenizer": {"segmenter": segmenter}}}
    if segmenter == "char":
        return spacy.blank("zh")
    if segmenter == "jieba":
        try:
            import jieba  # noqa: F401
        except ImportError:
            raise ImportError(
                "spaCy's jieba segmenter needs jieba: pip install 'policytext[spacy,jieba]'"
            ) from None
        return spacy.blank("zh", config=config)
    try:
        import spacy_pkuseg  # noqa: F401
    except ImportError:
        raise ImportError(
            "spaCy's pkuseg segmenter needs spacy-pkuseg: pip install 'policytext[spacy,pkuseg]'"
        ) from None
    model = pkuseg_model_dir()
    nlp = spacy.blank("zh", config=config)
    tokenizer: Any = nlp.tokenizer
    try:
        tokenizer.initialize(pkuseg_model=model)
    except Exception as exc:  # spacy-pkuseg raises plain exceptions on a bad model folder
        raise PolicyTextError(
            f"spaCy's pkuseg segmenter could not load the pkuseg model in {model}: {exc}; "
            "reinstall pkuseg (pip install --no-build-isolation pkuseg)"
        ) from None
    if lexicon_words:
        add_lexicon_words(nlp)
    return nlp


def add_lexicon_words(nlp: Language) -> None:
    """Give a pipeline's pkuseg segmenter the bundled slogan formulas as user words.

    spaCy's jieba segmenter uses jieba's process-wide dictionary, which policytext leaves
    alone; the ``char`` segmenter has no dictionary. Raises `SegmenterError` for those.
    """
    tokenizer: Any = nlp.tokenizer
    if getattr(tokenizer, "segmenter", None) != "pkuseg":
        raise SegmenterError(
            "only spaCy's pkuseg segmenter takes user words; build the pipeline with "
            "blank_zh('pkuseg')"
        )
    tokenizer.pkuseg_update_user_dict(list(user_words("pkuseg")))


register_extensions()
