"""spaCy integration: the ``policytext`` pipeline component and `to_spacy`.

>>> import spacy
>>> nlp = spacy.blank("zh")
>>> nlp.add_pipe("policytext")                      # doctest: +ELLIPSIS
<policytext.integrations.spacy.PolicyTextComponent object at ...>
>>> doc = nlp("二、2026年工作安排\\n地区生产总值增长6.6%左右。")
>>> [(s.label_, s.text) for s in doc.spans["policytext"]]
[('TARGET', '地区生产总值增长6.6%左右')]

The component parses `Doc.text` with `policytext.parse_text` and puts every Target, every
Outcome, every mention of a Slogan and every mention of a Project in ``doc.spans["policytext"]``
(labels ``TARGET``, ``OUTCOME``, ``SLOGAN``, ``PROJECT``), each span widened to whole spaCy
tokens (``alignment_mode="expand"``) and carrying its object on ``span._.policytext``, with the
object's offsets in `doc.text` characters; the whole `Document` is on ``doc._.policytext``. It
works with any tokenizer, since the spans are mapped through character offsets: spaCy's
Chinese ``char``, ``jieba`` and ``pkuseg`` segmenters (`blank_zh` builds each, pkuseg from the
model shipped in the `pkuseg` package, offline).

A text without sections that plan or review (one paragraph of a report) cannot say whether
its figures plan or review: there the component labels a figure ``TARGET`` only where the text
itself looks forward (``lexicons/fragment_cues.toml``), ``FIGURE`` otherwise, and warns once
(`FragmentWarning`). ``to_spacy(document, nlp, by="paragraph")`` gives one Doc per paragraph
with the whole report's reading instead.

The Document is kept in ``doc.user_data`` as JSON, and each span names its object by
`Span.id_` (``"policytext:slogans:3"``), so docs keep both through `Doc.to_bytes`, `DocBin`
and ``nlp.pipe(..., n_process=2)``.

This module imports spaCy; it is loaded by spaCy's ``spacy_factories`` entry point or on the
first use of `policytext.to_spacy`, never by ``import policytext``.
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal, overload

from pydantic import BaseModel, ConfigDict

try:
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc, Span
except ImportError:
    raise ImportError(
        "the spaCy integration needs spaCy: pip install 'policytext[spacy]'"
    ) from None

from ..errors import InputError, PolicyTextError
from ..lexicons import load_bundled
from ..models import Document
from ..patterns import alternation
from ..pipeline import parse_text
from ..tokens import SegmenterError, Token, pkuseg_model_dir, tokenize, user_words

__all__ = [
    "COLORS",
    "EXTENSION",
    "FIGURE",
    "LABELS",
    "SPANS_KEY",
    "FragmentWarning",
    "PolicyTextComponent",
    "add_lexicon_words",
    "annotate",
    "blank_zh",
    "displacy_options",
    "make_policytext",
    "to_spacy",
]

SPANS_KEY = "policytext"
EXTENSION = "policytext"
LABELS = {
    "targets": "TARGET",
    "outcomes": "OUTCOME",
    "slogans": "SLOGAN",
    "projects": "PROJECT",
}
# The label of a figure that a text without sections does not show to be a goal.
FIGURE = "FIGURE"
# displaCy colours, those of the HTML view (policytext.html) for the same objects.
COLORS = {
    "TARGET": "#fcd34d",
    "OUTCOME": "#ede9fe",
    "SLOGAN": "#bfdbfe",
    "PROJECT": "#a7f3d0",
    FIGURE: "#e5e7eb",
}
SPACY_SEGMENTERS = ("char", "jieba", "pkuseg")

_DOC_KEY = "policytext:document"  # doc.user_data key: the Document as JSON
# doc.user_data key: where doc.text starts in Document.original (a paragraph Doc), else absent
_OFFSET_KEY = "policytext:offset"
# doc.user_data key: the index in Document.paragraphs of a paragraph Doc
_PARAGRAPH_KEY = "policytext:paragraph"
_ID_PREFIX = "policytext:"


class FragmentWarning(UserWarning):
    """A text without sections that plan or review went through the component (see the
    module docstring and `to_spacy`)."""


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
    """The object of a span, its offsets (and those of its mentions) in `doc.text` characters.

    `start`/`end` are those of the occurrence the span marks (a target, an outcome, or one
    mention of a slogan or project); `mentions` keeps the mentions inside this Doc.
    """
    sid = span.id_
    if not sid.startswith(_ID_PREFIX):
        return None
    kind, _, index = sid[len(_ID_PREFIX) :].partition(":")
    doc = span.doc
    document = _doc_document(doc)
    if document is None or kind not in LABELS or not index.isdigit():
        return None
    items: tuple[Any, ...] = getattr(document, kind)
    if int(index) >= len(items):
        return None
    obj = items[int(index)]
    offset = doc.user_data.get(_OFFSET_KEY, 0)
    source_span = _source_spans(document)
    size = len(doc.text)

    def local(start: int, end: int) -> tuple[int, int]:
        a, b = source_span(start, end)
        return a - offset, b - offset

    if kind in ("targets", "outcomes"):
        a, b = local(obj.start, obj.end)
        return obj.model_copy(update={"start": a, "end": b})
    mentions = []
    for m in obj.mentions or ():
        a, b = local(m.start, m.end)
        if a >= 0 and b <= size:
            mentions.append(m.model_copy(update={"start": a, "end": b}))
    inside = [m for m in mentions if span.start_char <= m.start and m.end <= span.end_char] or [
        None
    ]
    if inside[0] is not None:
        a, b = inside[0].start, inside[0].end
    else:
        a, b = local(obj.start, obj.end)
    return obj.model_copy(update={"start": a, "end": b, "mentions": tuple(mentions)})


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
    """`(kind, index, start, end)` of every target and outcome and of every slogan and project
    mention."""
    for i, t in enumerate(document.targets):
        yield "targets", i, t.start, t.end
    for i, o in enumerate(document.outcomes):
        yield "outcomes", i, o.start, o.end
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


def annotate(
    doc: Doc,
    document: Document,
    *,
    spans_key: str = SPANS_KEY,
    figures: Iterable[int] = (),
) -> Doc:
    """Put the targets, outcomes, slogans and projects of `document` on `doc` (whose text it
    parsed); the targets whose index is in `figures` are labelled ``FIGURE``.

    `doc.text` must equal `document.original`, as it does for a Doc made by a spaCy pipeline
    from the same text or by `to_spacy`; otherwise `InputError` is raised.
    """
    if doc.text != document.original:
        raise InputError(
            "the Doc's text differs from the Document's original text; parse doc.text, or "
            "build the Doc with policytext.to_spacy(document, nlp)"
        )
    return _annotate(doc, document, document.model_dump_json(), spans_key, set(figures))


def _annotate(
    doc: Doc,
    document: Document,
    data: str,
    spans_key: str,
    figures: set[int],
    window: tuple[int, int, int] | None = None,
) -> Doc:
    """`annotate` with the Document's JSON given; `window` is `(start, end, offset)`: only the
    places inside normalized `text[start:end]`, on a Doc whose text starts at `offset` of the
    original."""
    register_extensions()
    doc.user_data[_DOC_KEY] = data
    lo, hi, offset = window or (0, len(document.text), 0)
    if window is not None:
        doc.user_data[_OFFSET_KEY] = offset
    spans: list[Span] = []
    seen: set[tuple[str, int, int, str]] = set()
    source_span = _source_spans(document)
    for kind, index, start, end in _places(document):
        if not (lo <= start and end <= hi):
            continue
        a, b = source_span(start, end)
        sid = f"{_ID_PREFIX}{kind}:{index}"
        label = FIGURE if kind == "targets" and index in figures else LABELS[kind]
        span = doc.char_span(
            a - offset, b - offset, label=label, alignment_mode="expand", span_id=sid
        )
        if span is None:
            continue
        key = (span.label_, span.start, span.end, sid)
        if key not in seen:
            seen.add(key)
            spans.append(span)
    spans.sort(key=lambda s: (s.start, -s.end))
    doc.spans[spans_key] = spans
    return doc


# --------------------------------------------------------------------------------------------
# Texts without sections
# --------------------------------------------------------------------------------------------


class _Cues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    plan_time: list[str]
    goal_words: list[str]
    future_markers: list[str]
    adverbs: list[str]
    goal_verbs: list[str]
    neutral: list[str]
    past_words: list[str]


@dataclass(frozen=True)
class _CuePattern:
    pattern: re.Pattern[str]
    forward: frozenset[str]
    past: frozenset[str]


@cache
def _cues() -> _CuePattern:
    c = _Cues.model_validate(load_bundled("fragment_cues.toml"))
    future = (
        f"(?:{alternation(c.future_markers)})(?:{alternation(c.adverbs)})?"
        f"(?:{alternation(c.goal_verbs)})"
    )
    words = alternation(c.plan_time + c.goal_words + c.neutral + c.past_words)
    return _CuePattern(
        pattern=re.compile(f"(?P<future>{future})|{words}"),
        forward=frozenset(c.plan_time + c.goal_words),
        past=frozenset(c.past_words),
    )


def _looks_forward(text: str) -> bool:
    """Whether the last cue of `text` (a paragraph up to the end of a figure) looks forward."""
    cues = _cues()
    state = False
    for m in cues.pattern.finditer(text):
        if m.group("future") or m.group() in cues.forward:
            state = True
        elif m.group() in cues.past:
            state = False
    return state


def is_fragment(document: Document) -> bool:
    """Whether `document` lacks the section structure that says what plans and what reviews:
    no section of it has a role (a paragraph, or one sub-section of a report)."""
    return not any(s.role for s in document.iter_sections())


def fragment_figures(document: Document) -> list[int]:
    """Indices of the targets of `document` that its own words do not show to be goals.

    For a text without section headings: a target stays one when a forward word (a plan time
    word, `预期目标`, `力争`, a goal verb with a future marker) stands before it in its
    paragraph, with no word of looking back after that word (``lexicons/fragment_cues.toml``).
    """
    starts = [p.start for p in document.paragraphs]
    out = []
    for i, t in enumerate(document.targets):
        k = bisect.bisect_right(starts, t.start) - 1
        begin = document.paragraphs[k].start if k >= 0 else 0
        if not _looks_forward(document.text[begin : t.end]):
            out.append(i)
    return out


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
        self._warned = False
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        document = parse_text(doc.text, lexicons=self.lexicons)
        figures: list[int] = []
        if is_fragment(document):
            figures = fragment_figures(document)
            if document.targets and not self._warned:
                self._warned = True
                warnings.warn(
                    "policytext: this text has no section that says whether it plans or "
                    "reviews (one paragraph of a report?), so only the figures its own words "
                    "show to be goals are labelled TARGET, the others FIGURE. For the "
                    "paragraphs of a report, parse the whole report and use "
                    'policytext.to_spacy(document, nlp, by="paragraph"): each paragraph Doc '
                    "then has the whole report's reading.",
                    FragmentWarning,
                    stacklevel=2,
                )
        return _annotate(doc, document, document.model_dump_json(), self.spans_key, set(figures))


@Language.factory(
    "policytext",
    assigns=["doc.spans", "doc._.policytext", "span._.policytext"],
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


def displacy_options(spans_key: str = SPANS_KEY) -> dict[str, Any]:
    """Options for ``displacy.render(doc, style="span", options=...)``: the span key and a
    colour per label (`COLORS`, those of the HTML view)."""
    return {"spans_key": spans_key, "colors": dict(COLORS)}


# --------------------------------------------------------------------------------------------
# Docs from a Document
# --------------------------------------------------------------------------------------------


def _words_and_spaces(
    document: Document, tokens: list[Token], window: tuple[int, int] | None = None
) -> tuple[list[str], list[bool]]:
    """spaCy words and trailing-space flags whose text is exactly `document.original`, or
    ``original[a:b]`` for `window` ``(a, b)`` (the tokens given must lie inside it).

    Each token becomes the slice of the original it came from; blanks between tokens become
    a trailing space (one ``" "``) and, for anything longer, a whitespace token of their own.
    """
    lo, hi = window or (0, len(document.original))
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

    pos = lo
    source_span = _source_spans(document)
    for t in tokens:
        a, b = source_span(t.start, t.end)
        if a < pos or b > hi:
            continue
        gap(original[pos:a])
        words.append(original[a:b])
        spaces.append(False)
        pos = b
    gap(original[pos:hi])
    return words, spaces


def _run_pipeline(nlp: Language, doc: Doc) -> tuple[Doc, str]:
    """`doc` through the pipeline's components other than policytext, and the span key."""
    key = SPANS_KEY
    for _, proc in nlp.pipeline:
        if isinstance(proc, PolicyTextComponent):
            key = proc.spans_key
            continue
        doc = proc(doc)
    return doc, key


@overload
def to_spacy(
    document: Document, nlp: Language, *, segmenter: str | None = ..., by: None = ...
) -> Doc: ...
@overload
def to_spacy(
    document: Document,
    nlp: Language,
    *,
    segmenter: str | None = ...,
    by: Literal["paragraph"],
) -> list[Doc]: ...
def to_spacy(
    document: Document,
    nlp: Language,
    *,
    segmenter: str | None = None,
    by: Literal["paragraph"] | None = None,
) -> Doc | list[Doc]:
    """A spaCy `Doc` of `document.original` made of the document's own tokens, or with
    ``by="paragraph"`` one Doc per paragraph (`Document.paragraphs`, in order).

    For segmented input the words are the report's own segmentation (`segmenter`
    ``"original"``, the default for it), with its spaces; for raw input they come from
    ``"jieba"`` (default) or ``"pkuseg"`` (see `policytext.tokens`). The pipeline's other
    components run on each Doc, then the targets, outcomes, slogans and projects of
    `document` are put on it as the ``policytext`` component would (``doc.spans["policytext"]``,
    ``doc._.policytext``); `doc.text == document.original`.

    A paragraph Doc holds the original text of its line (``doc.text`` is
    ``document.original[a:b]`` for ``(a, b) = document.source_span(p.start, p.end)``) and the
    whole report's spans that lie in it, read with the whole report's sections: together the
    paragraph Docs hold exactly the spans of the whole-report Doc. ``doc._.policytext`` is the
    whole Document; ``doc.user_data["policytext:offset"]`` is ``a`` and
    ``doc.user_data["policytext:paragraph"]`` the paragraph's index.
    """
    tokens = tokenize(document, segmenter)
    if by is None:
        words, spaces = _words_and_spaces(document, tokens)
        doc, key = _run_pipeline(nlp, Doc(nlp.vocab, words=words, spaces=spaces))
        return annotate(doc, document, spans_key=key)
    if by != "paragraph":
        raise ValueError(f"to_spacy(by={by!r}): only by='paragraph' is known")
    data = document.model_dump_json()
    starts = [t.start for t in tokens]
    source_span = _source_spans(document)
    out = []
    for i, p in enumerate(document.paragraphs):
        a, b = source_span(p.start, p.end)
        inside = tokens[bisect.bisect_left(starts, p.start) : bisect.bisect_left(starts, p.end)]
        words, spaces = _words_and_spaces(document, inside, (a, b))
        doc, key = _run_pipeline(nlp, Doc(nlp.vocab, words=words, spaces=spaces))
        doc.user_data[_PARAGRAPH_KEY] = i
        out.append(_annotate(doc, document, data, key, set(), (p.start, p.end, a)))
    return out


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
