"""Typed results: frozen pydantic models that every stage produces and every tool reads.

All offsets (`start`, `end`) index `Document.text`, the normalized text; `Document.source_span`
maps them back to the decoded original.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, overload

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticSerializationError

from .normalize import Alignment

if TYPE_CHECKING:
    from .tokens import Token

Direction = Literal["up", "down"]
Comparator = Literal["=", "~", ">=", "<=", ">", "<", "range"]
TargetKind = Literal["growth", "level", "count", "qualitative"]
Role = Literal["review", "plan"]


class Model(BaseModel):
    """Base of all result models: immutable, no unknown fields.

    Validators and serializers are built on a model's first use (`defer_build`), not at
    import: every field is still checked, and `import policytext` stays quick.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    def model_dump_json(self, **kwargs: Any) -> str:
        """JSON of the model, as pydantic writes it.

        JSON is UTF-8, which cannot hold a lone surrogate (a `str` passed to `parse_text` may
        have one; decoded files never do): each becomes U+FFFD in the JSON, one character for
        one, so every offset stays valid. The model itself keeps the text as given.
        """
        try:
            return super().model_dump_json(**kwargs)
        except PydanticSerializationError:
            replaced = [0]
            clean = _replace_surrogates(self.model_dump(), replaced)
            if not replaced[0]:
                raise
            return BaseModel.model_dump_json(type(self).model_validate(clean), **kwargs)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _replace_surrogates(value: Any, replaced: list[int]) -> Any:
    """`value` (from `model_dump`) with each lone surrogate in its strings made U+FFFD."""
    if isinstance(value, str):
        out, n = _SURROGATE.subn("\ufffd", value)
        replaced[0] += n
        return out
    if isinstance(value, dict):
        return {k: _replace_surrogates(v, replaced) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_replace_surrogates(v, replaced) for v in value)
    return value


class Span(Model):
    """A stretch of `Document.text`: `text == document.text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Section(Model):
    """A numbered heading and everything under it until the next heading of its level or higher.

    `id` is the position path (`"2"`, `"2.3"`), stable even when the numbering skips.
    `number` is the numeral as written; None for a top-level part heading printed without one
    (`2026年重点工作` on a line of its own), whose `ordinal` is then its position.
    `role` says whether the section reviews the past or plans ahead; a sub-section takes its
    parent's role, and only reads its own title when the parent has none.
    """

    id: str
    level: int = Field(ge=1, le=3)
    number: str | None
    ordinal: int
    title: str
    start: int
    end: int
    heading_end: int
    role: Role | None = None
    children: tuple[Section, ...] = ()

    @property
    def mark(self) -> str:
        """The heading's numeral as printed (`一、`, `（二）`, `3.`); empty when it has none."""
        if self.number is None:
            return ""
        return {1: f"{self.number}、", 2: f"（{self.number}）", 3: f"{self.number}."}[self.level]


class Paragraph(Model):
    """One line of the normalized text. `topic` is a short lead sentence used as a sub-heading."""

    start: int
    end: int
    section: str | None
    topic: str | None = None


class Sentence(Model):
    """A sentence, split on 。！？； outside quotes and brackets."""

    start: int
    end: int
    paragraph: int


def _offsets(values: Iterable[int]) -> array[int]:
    """`values` as an array of 8-byte integers (an array of that kind is kept as it is)."""
    if isinstance(values, array) and values.typecode == "q":
        return values
    return array("q", values)


class Sentences(Sequence[Sentence]):
    """The sentences of a document: reads as a tuple of `Sentence` (`len`, index, slice,
    iteration, equality with a tuple of them), kept as three arrays of machine integers.

    A report has thousands of sentences and a sentence is three integers: as one validated
    model each, building them cost about 3% of `parse`. A `Sentence` is made when one is read
    (so `doc.sentences[0] is doc.sentences[0]` is false; they compare equal). pydantic
    validates a `Sentences` from and serializes it to a list of sentences, each field checked
    as `Sentence` checks it (see `__get_pydantic_core_schema__`); the arrays only hold
    integers, so one built from offsets is checked too. The arrays are read-only.
    """

    __slots__ = ("_ends", "_paragraphs", "_starts")

    def __init__(
        self, starts: Iterable[int] = (), ends: Iterable[int] = (), paragraphs: Iterable[int] = ()
    ) -> None:
        self._starts = _offsets(starts)
        self._ends = _offsets(ends)
        self._paragraphs = _offsets(paragraphs)
        if not len(self._starts) == len(self._ends) == len(self._paragraphs):
            raise ValueError("sentences need as many ends and paragraphs as starts")

    @classmethod
    def of(cls, sentences: Iterable[Sentence]) -> Sentences:
        """The table of `sentences` (a `Sentences` is returned as it is)."""
        if isinstance(sentences, Sentences):
            return sentences
        items = list(sentences)
        return cls([s.start for s in items], [s.end for s in items], [s.paragraph for s in items])

    @property
    def starts(self) -> array[int]:
        """The start of each sentence, in order. Read-only."""
        return self._starts

    @property
    def ends(self) -> array[int]:
        """The end of each sentence, in order. Read-only."""
        return self._ends

    @property
    def paragraphs(self) -> array[int]:
        """The index in `Document.paragraphs` of each sentence's paragraph. Read-only."""
        return self._paragraphs

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Sentence: ...
    @overload
    def __getitem__(self, index: slice) -> Sentences: ...
    def __getitem__(self, index: int | slice) -> Sentence | Sentences:
        if isinstance(index, slice):
            return Sentences(self._starts[index], self._ends[index], self._paragraphs[index])
        return Sentence(
            start=self._starts[index], end=self._ends[index], paragraph=self._paragraphs[index]
        )

    def __iter__(self) -> Iterator[Sentence]:
        for a, b, p in zip(self._starts, self._ends, self._paragraphs, strict=True):
            yield Sentence(start=a, end=b, paragraph=p)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sentences):
            return (
                self._starts == other._starts
                and self._ends == other._ends
                and self._paragraphs == other._paragraphs
            )
        if isinstance(other, tuple | list):
            return len(other) == len(self) and all(x == y for x, y in zip(other, self, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        # (the hash of the equal tuple of sentences: equal objects hash alike)
        return hash(tuple(self))

    def __repr__(self) -> str:
        shown = ", ".join(repr(s) for s in self[:2])
        more = f", ... ({len(self)} sentences)" if len(self) > 2 else ""
        return f"Sentences([{shown}{more}])"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Sentences, (self._starts, self._ends, self._paragraphs))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        items = handler.generate_schema(tuple[Sentence, ...])

        def validate(value: Any, check: Any) -> Sentences:
            # a table as it is; anything else checked as a tuple of sentences is, with the
            # same error locations (`sentences.0.end`)
            return value if isinstance(value, Sentences) else cls.of(check(value))

        def serialize(value: Sentences, write: Any) -> Any:
            # as the tuple of sentences, `include`/`exclude` of items and fields honoured
            return write(tuple(value))

        return core_schema.no_info_wrap_validator_function(
            validate,
            items,
            serialization=core_schema.wrap_serializer_function_ser_schema(serialize, schema=items),
        )


class Extraction(Model):
    """Common fields of everything extracted: the span, the rule that made it, its section."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    rule: str
    section: str | None = None


class Figure(Extraction):
    """A quantified statement about an indicator: the fields targets and outcomes share.

    `text` is the surface span; `value`/`value_max` and `unit` are as written, `base_value`
    and `base_unit` have the magnitude folded in (`6.2万亩` -> 62000 `亩`). `indicator_key` is
    the canonical indicator (`gdp`, `cpi`...) that `indicator` names, from
    ``lexicons/indicators.toml`` (see `policytext.indicators`), or None when none fits.
    """

    text: str
    indicator: str
    direction: Direction | None = None
    comparator: Comparator | None = None
    value: Decimal | None = None
    value_max: Decimal | None = None
    unit: str | None = None
    base_value: Decimal | None = None
    base_value_max: Decimal | None = None
    base_unit: str | None = None
    kind: TargetKind
    indicator_key: str | None = None


class Target(Figure):
    """A forward-looking quantified goal (see ANNOTATION.md); qualitative ones have no value.

    `period` is the years the goal is for: `"2026"` for the coming year, `"2026-2030"` for a
    five-year-plan goal (年均, the 十五五 chapter, 到2030年), `"2026-2027"` when the text sets
    that deadline; `plan_name` names the five-year plan (`"十五五"`) when the goal is one.
    """

    period: str | None = None
    plan_name: str | None = None


class Mention(Model):
    """One occurrence of a slogan or project."""

    start: int
    end: int
    text: str


def formula_key(text: str) -> str:
    """`text` without its enumeration commas (甲乙、丙丁 -> 甲乙丙丁): a formula is one formula
    with or without them."""
    return text.replace("、", "")


class Slogan(Extraction):
    """A fixed policy formula; one per distinct `text` per document (with or without its
    enumeration commas), all `mentions` kept.

    `text` is the formula without quotes; `start`/`end` are those of the first mention.
    `canonical` names the formula across its written forms and reports: the lexicon's name of
    it when `text` is one of its forms (``一个中心两个基本点`` -> ``一个中心、两个基本点``), else
    `text` without its enumeration commas (`formula_key`; also when a `Slogan` is made without
    it). Two forms of one formula in a report are two slogans of one `canonical`; a panel that
    counts formulas groups by it.
    """

    text: str
    quoted: bool
    numeral: int | None = None
    head: str | None = None
    expansion: tuple[str, ...] | None = None
    category: str | None = None
    canonical: str = Field(
        "",  # (from `text` when not given: see `_canonical_defaults_to_text`)
        description="the formula across its written forms and reports: the lexicon's name of "
        "it, else the text without its enumeration commas; always set",
    )
    mentions: tuple[Mention, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _canonical_defaults_to_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("canonical") and "text" in data:
            return {**data, "canonical": formula_key(data["text"])}
        return data


class Project(Extraction):
    """A named construction project, work, park, facility or platform.

    `text` is the surface of the first mention (evidence), `name` the cleaned name.
    """

    text: str
    name: str
    status: str | None = None
    category: str | None = None
    role: Role | None = None
    mentions: tuple[Mention, ...] = ()


class Outcome(Figure):
    """A reported figure about the past (`2025年地区生产总值增长5.2%`).

    `period` is the year (`"2025"`) or the span of years (`"2021-2025"`) the figure refers
    to, when the text or the report's year tells it; `plan_name` names the five-year plan
    (`"十四五"`) when the span is one. A figure is a Target or an Outcome, never both.
    """

    value: Decimal
    period: str | None = None
    plan_name: str | None = None


class SourceInfo(Model):
    """Where the text came from and how it was read."""

    path: str | None = None
    encoding: str | None = None
    segmented: bool = False


class Document(Model):
    """A parsed report. `text` is the normalized text that all offsets index.

    `place` and `year` are read from the report's title and date lines (`2027年青禾市政府工作报告`,
    `——2027年2月9日在青禾区第十二届人民代表大会…`) when it has them.

    `alignment` holds breakpoints `(normalized_offset, original_offset)`: from each breakpoint
    on, normalized characters map one-to-one onto original characters until the next one.
    """

    text: str
    original: str = Field(repr=False)
    # two integer arrays read as a sequence of pairs (a list of pairs in JSON): compact
    alignment: Alignment = Field(repr=False)
    # `model_construct`: the default is made without running SourceInfo's validator, which
    # would otherwise be built at import (the value equals `SourceInfo()`).
    source: SourceInfo = SourceInfo.model_construct()
    place: str | None = None
    year: int | None = None
    preamble_end: int = 0
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = Field(default=(), repr=False)
    sentences: Sentences = Field(
        default_factory=Sentences, repr=False, json_schema_extra={"default": []}
    )
    targets: tuple[Target, ...] = ()
    slogans: tuple[Slogan, ...] = ()
    projects: tuple[Project, ...] = ()
    outcomes: tuple[Outcome, ...] = ()

    def original_offset(self, offset: int) -> int:
        """Offset in `original` of the normalized character at `offset`."""
        return self.alignment.original_offset(offset)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The `(start, end)` in `original` covering normalized `text[start:end]` exactly."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside the text (length {len(self.text)})")
        if start == end:
            at = self.original_offset(start) if start < len(self.text) else len(self.original)
            return at, at
        return self.original_offset(start), self.original_offset(end - 1) + 1

    def source_text(self, start: int, end: int) -> str:
        """The slice of the original text that normalized `text[start:end]` came from."""
        a, b = self.source_span(start, end)
        return self.original[a:b]

    def iter_sections(self) -> list[Section]:
        """All sections, depth first, in text order."""
        out: list[Section] = []

        def walk(items: tuple[Section, ...]) -> None:
            for s in items:
                out.append(s)
                walk(s.children)

        walk(self.sections)
        return out

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding `offset`, or None in the preamble."""
        found: Section | None = None
        items = self.sections
        while items:
            nxt: tuple[Section, ...] = ()
            for s in items:
                if s.start <= offset < s.end:
                    found, nxt = s, s.children
                    break
            items = nxt
        return found

    def to_html(self, *, compact: bool = False) -> str:
        """The report as one self-contained HTML page with every extraction highlighted.

        `compact=True` gives a fragment without script, as notebooks show inline.
        """
        from .html import to_html

        return to_html(self, compact=compact)

    def _repr_html_(self) -> str:
        """The compact HTML view, shown by notebooks."""
        from .html import to_html

        return to_html(self, compact=True)

    def to_pandas(self, kind: str = "targets") -> Any:
        """A pandas DataFrame of one kind of item: ``targets``, ``outcomes``, ``slogans``,
        ``projects`` or ``sections`` (see `policytext.to_pandas`; needs pandas)."""
        from .frames import to_pandas

        return to_pandas([self], kind)

    def tokens(self, segmenter: str | None = None) -> list[Token]:
        """The tokens of the report, each with its span in `text` (see `policytext.tokens`).

        `segmenter`: ``"original"`` (the words of segmented input, the default for it),
        ``"jieba"`` (the default for raw text) or ``"pkuseg"``.
        """
        from .tokens import tokenize

        return tokenize(self, segmenter)
