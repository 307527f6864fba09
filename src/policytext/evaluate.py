"""How right is policytext on annotated reports? Scoring against gold files: `policytext eval`.

A gold file annotates one report (``{"doc": ..., "scope": "full", ...}``) or several
(``{"scope": "main_targets", "docs": [...]}``); the format is described in docs/eval.md and in
`load_gold`. Parsed reports are matched against it with the rules of the annotation guideline
("Matching, for scoring"), exactly as the project's reference scorer applies them:

* targets: a prediction matches a gold target when its span overlaps the gold evidence and the
  values agree (`base_value` and `base_unit`, else `value` and `unit`; ``个工作日`` equals
  ``工作日``). The *full* match also needs the same `comparator` and `direction` and indicators
  that contain one another. Matching is greedy and one-to-one, in prediction order. Gold
  targets without a value (qualitative) are never missed; a prediction that overlaps an
  ``optional`` gold target is never false.
* slogans: equal texts, quotes and blanks removed, each distinct text once per document.
* projects: names that contain one another, the shorter at least half as long as the longer.
* sections: equal ``(level, number, title)``.
* periods: of the targets matched on their values whose gold names a ``period``, how many
  carry that same period (``target periods: right N of M``).

In the ``main_targets`` scope only targets are scored, and only predictions that start in the
line that begins with the gold ``paragraph_start``.

>>> from policytext.evaluate import evaluate
>>> report = evaluate(["tests/gold/jinzhou_2019_part2.json"], "seeds")  # doctest: +SKIP
>>> report.f1()["section_f1"]  # doctest: +SKIP
1.0
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PolicyTextError
from .models import Document, Project, Slogan, Target

__all__ = [
    "METRICS",
    "SCOPES",
    "Counts",
    "DocScore",
    "EvalReport",
    "Finding",
    "GoldDoc",
    "GoldError",
    "evaluate",
    "find_text",
    "load_gold",
    "score_document",
]

SCOPES = ("full", "main_targets")

# Metric keys, in display order, with their labels.
METRICS: dict[str, str] = {
    "target_value": "targets (value match)",
    "target_full": "targets (full match)",
    "slogan": "slogans",
    "project": "projects",
    "section": "sections",
}
_FULL_ONLY = ("slogan", "project", "section")

GoldItem = dict[str, Any]
Parser = Callable[[Path], Document]


class GoldError(PolicyTextError, ValueError):
    """A gold file is missing, not JSON, or does not follow the gold format."""

    code = "PT020"


# --------------------------------------------------------------------------------------------
# Strings and spans, compared the way the annotation guideline compares them


_WS = re.compile(r"\s+")
# Full-width ASCII variants fold to ASCII, except the CJK punctuation kept as written.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in "，：；！？（）"}
_QUOTES = "“”\"'「」『』"


def _fold(s: str | None) -> str:
    return (s or "").translate(_FOLD)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` folded and without whitespace, plus the offset in `text` of each kept character."""
    keep: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(_fold(text)):
        if not ch.isspace():
            keep.append(ch)
            index.append(i)
    return "".join(keep), index


def _compact(s: str | None) -> str:
    return _fold(_WS.sub("", s or ""))


class _Haystack:
    """A document text prepared for finding gold strings in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.hay, self.index = _squeeze(text)

    def locate(self, needle: str | None) -> tuple[int, int] | None:
        """Span in the text of the first occurrence of `needle` (blanks and width ignored)."""
        n = _compact(needle)
        if not n:
            return None
        at = self.hay.find(n)
        if at < 0:
            return None
        return self.index[at], self.index[at + len(n) - 1] + 1


def find_text(doc: Document, needle: str) -> tuple[int, int] | None:
    """Span in `doc.text` of the first occurrence of `needle`, ignoring blanks and width.

    This is how gold evidence strings are located: `find_text(doc, "增长6.6%左右")`.
    """
    return _Haystack(doc.text).locate(needle)


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _num(x: Any) -> float | None:
    try:
        return None if x is None else float(x)
    except (TypeError, ValueError):
        return None


def _same(a: Any, b: Any) -> bool:
    x, y = _num(a), _num(b)
    return x is not None and y is not None and abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def _unit_key(u: str | None) -> str:
    u = _fold(u).strip()
    if len(u) > 1 and u.startswith("个") and u != "个百分点":
        u = u[1:]
    return u


def _value_match(p: Target, g: GoldItem) -> bool:
    if (
        _num(g.get("base_value")) is not None
        and _num(p.base_value) is not None
        and _same(p.base_value, g["base_value"])
        and _unit_key(p.base_unit) == _unit_key(g.get("base_unit"))
    ):
        return True
    return _same(p.value, g.get("value")) and _unit_key(p.unit) == _unit_key(g.get("unit"))


def _contains(a: str | None, b: str | None) -> bool:
    x, y = _compact(a), _compact(b)
    return bool(x) and bool(y) and (x in y or y in x)


def _full_match(p: Target, g: GoldItem) -> bool:
    return (
        p.comparator == g.get("comparator")
        and (p.direction or None) == (g.get("direction") or None)
        and _contains(p.indicator, g.get("indicator"))
    )


def _clean(s: str | None) -> str:
    return _compact(s).strip(_QUOTES)


# --------------------------------------------------------------------------------------------
# Gold files


@dataclass(frozen=True)
class GoldDoc:
    """The annotation of one report in a gold file."""

    doc: str
    scope: str
    gold_file: str
    targets: tuple[GoldItem, ...] = ()
    slogans: tuple[GoldItem, ...] = ()
    projects: tuple[GoldItem, ...] = ()
    sections: tuple[GoldItem, ...] = ()
    paragraph_start: str | None = None


_REQUIRED = {
    "targets": ("evidence",),
    "slogans": ("text",),
    "projects": ("name",),
    "sections": ("level", "number", "title"),
}


def _items(d: dict[str, Any], key: str, where: str) -> tuple[GoldItem, ...]:
    items = d.get(key, [])
    if not isinstance(items, list):
        raise GoldError(f"{where}: `{key}` must be a list of objects; fix the gold file")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise GoldError(f"{where}: {key}[{i}] must be an object; fix the gold file")
        missing = [k for k in _REQUIRED[key] if k not in item]
        if missing:
            raise GoldError(
                f"{where}: {key}[{i}] lacks {', '.join(missing)}; every {key[:-1]} needs "
                f"{', '.join(_REQUIRED[key])} (see the gold file format in docs/eval.md)"
            )
    return tuple(items)


def load_gold(path: str | os.PathLike[str]) -> list[GoldDoc]:
    """Read a gold file: one report (``{"doc": ...}``) or several (``{"docs": [...]}``).

    Raises `GoldError` when the file is missing, not JSON, or not in the gold format.
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{p}: no such gold file; check the path") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{p}: not a readable JSON gold file ({exc}); fix or re-save it") from None
    if not isinstance(data, dict):
        raise GoldError(
            f"{p}: a gold file holds one JSON object; see the gold file format in docs/eval.md"
        )
    scope = data.get("scope", "full")
    if scope not in SCOPES:
        raise GoldError(f"{p}: scope {scope!r} is unknown; use one of {', '.join(SCOPES)}")
    docs = data.get("docs", [data])
    if not isinstance(docs, list):
        raise GoldError(f"{p}: `docs` must be a list of objects; fix the gold file")
    out: list[GoldDoc] = []
    for i, d in enumerate(docs):
        if not isinstance(d, dict) or not isinstance(d.get("doc"), str) or not d["doc"]:
            raise GoldError(
                f"{p}: document {i} needs a `doc` name (the text file's name without .txt)"
            )
        where = f"{p}: {d['doc']}"
        start = d.get("paragraph_start")
        if start is not None and not isinstance(start, str):
            raise GoldError(f"{where}: `paragraph_start` must be a string; fix the gold file")
        out.append(
            GoldDoc(
                doc=d["doc"],
                scope=scope,
                gold_file=str(p),
                targets=_items(d, "targets", where),
                slogans=_items(d, "slogans", where) if scope == "full" else (),
                projects=_items(d, "projects", where) if scope == "full" else (),
                sections=_items(d, "sections", where) if scope == "full" else (),
                paragraph_start=start,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Finding:
    """One error: a gold item `missed`, a `false` prediction, or a target whose `fields` differ.

    `sentence` is the sentence of the document it sits in ("" when the gold string is not found).
    """

    kind: str
    error: str
    item: str
    sentence: str
    start: int | None = None


@dataclass
class DocScore:
    """The scores of one report under one gold annotation."""

    doc: str
    scope: str
    gold_file: str
    path: str
    counts: dict[str, Counts]
    findings: list[Finding] = field(default_factory=list)
    paragraph_found: bool = True
    periods: list[int] = field(default_factory=lambda: [0, 0])
    """[right, all]: matched targets whose gold names a period, and those that carry it."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "scope": self.scope,
            "gold_file": self.gold_file,
            "path": self.path,
            "paragraph_found": self.paragraph_found,
            "scores": {k: c.as_dict() for k, c in self.counts.items()},
            "periods": {"right": self.periods[0], "of": self.periods[1]},
            "findings": [f.__dict__ for f in self.findings],
        }


@dataclass
class EvalReport:
    """Scores per document and overall; `missing` names documents whose text was not found."""

    docs: list[DocScore]
    missing: list[str] = field(default_factory=list)
    variant: str = "raw"

    @property
    def totals(self) -> dict[str, Counts]:
        out = {k: Counts() for k in METRICS}
        for d in self.docs:
            for k, c in d.counts.items():
                out[k].add(c)
        return out

    @property
    def periods(self) -> tuple[int, int]:
        """(right, all) over every document: the matched targets whose gold names a period,
        and how many of them carry it."""
        return (sum(d.periods[0] for d in self.docs), sum(d.periods[1] for d in self.docs))

    def f1(self) -> dict[str, float]:
        """Overall F1 per metric, keyed like the reference scorer's JSON line."""
        return {f"{k}_f1": round(c.f1, 4) for k, c in self.totals.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "totals": {k: c.as_dict() for k, c in self.totals.items()},
            "f1": self.f1(),
            "periods": {"right": self.periods[0], "of": self.periods[1]},
            "docs": [d.as_dict() for d in self.docs],
            "missing": self.missing,
        }

    def table(self, *, show: bool = False) -> str:
        """Readable text: one row per document and metric, the overall rows, and with
        `show` every miss and false positive with its sentence."""
        head = f"{'document':<22} {'scope':<12} {'metric':<22} {'P':>6} {'R':>6} {'F1':>6}"
        head += f" {'tp':>5} {'fp':>5} {'fn':>5}"
        lines = [head, "-" * len(head)]
        for d in self.docs:
            for k, c in d.counts.items():
                lines.append(_row(d.doc, d.scope, METRICS[k], c))
            if not d.paragraph_found:
                lines.append(f"    paragraph not found: {d.doc} ({d.gold_file})")
            if show:
                for f in d.findings:
                    lines.append(f"    {f.error:<6} {f.kind:<8} {f.item}")
                    if f.sentence:
                        lines.append(f"           in: {f.sentence}")
        lines.append("-" * len(head))
        right, of = self.periods
        if of:
            lines.append(f"target periods: right {right} of {of} ({right / of:.3f})")
        scored = {k for d in self.docs for k in d.counts}
        for k, c in self.totals.items():
            if k in scored:  # slogans, projects, sections only when a `full` gold was read
                lines.append(_row("overall", "", METRICS[k], c))
        for name in self.missing:
            lines.append(f"missing text: {name}")
        return "\n".join(lines)


def _row(doc: str, scope: str, label: str, c: Counts) -> str:
    return (
        f"{doc:<22} {scope:<12} {label:<22} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
        f" {c.tp:>5} {c.fp:>5} {c.fn:>5}"
    )


# --------------------------------------------------------------------------------------------
# Scoring one document


class _Sentences:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts = [s.start for s in doc.sentences]

    def at(self, span: tuple[int, int] | None) -> str:
        if span is None:
            return ""
        i = bisect.bisect_right(self.starts, span[0]) - 1
        if i >= 0 and span[0] < self.doc.sentences[i].end:
            s = self.doc.sentences[i]
            return self.doc.text[s.start : s.end]
        # no sentence index: the line around the span
        a = self.doc.text.rfind("\n", 0, span[0]) + 1
        b = self.doc.text.find("\n", span[1])
        return self.doc.text[a : b if b >= 0 else len(self.doc.text)]


def _match_targets(
    preds: Sequence[Target],
    golds: Sequence[GoldItem],
    gold_spans: Sequence[tuple[int, int] | None],
    window: tuple[int, int] | None,
    strict: bool,
) -> tuple[Counts, list[Target], list[int], list[tuple[Target, int]]]:
    """Greedy one-to-one matching in prediction order: counts, false preds, indices missed,
    and the matched pairs (prediction, gold index)."""
    used: set[int] = set()
    tp = 0
    false: list[Target] = []
    pairs: list[tuple[Target, int]] = []
    for p in preds:
        ps = (p.start, p.end)
        if window and not window[0] <= p.start < window[1]:
            continue
        # a required gold target only: a prediction on an optional one is neither right nor
        # wrong, whatever its fields
        hit = None
        for i, g in enumerate(golds):
            if i in used or g.get("value") is None or g.get("optional"):
                continue
            if not (_overlaps(ps, gold_spans[i]) and _value_match(p, g)):
                continue
            if strict and not _full_match(p, g):
                continue
            hit = i
            break
        if hit is None:
            optional = any(
                g.get("optional") and _overlaps(ps, gold_spans[i]) for i, g in enumerate(golds)
            )
            if not optional:
                false.append(p)
        else:
            used.add(hit)
            pairs.append((p, hit))
            tp += 1
    missed = [
        i
        for i, g in enumerate(golds)
        if i not in used and not g.get("optional") and g.get("value") is not None
    ]
    return Counts(tp, len(false), len(missed)), false, missed, pairs


_SHOWN = ("indicator", "direction", "comparator", "value", "value_max", "unit")


def _describe_target(t: Target | GoldItem) -> str:
    f: dict[str, Any] = t.model_dump(include=set(_SHOWN)) if isinstance(t, Target) else t
    if f.get("value") is None:
        value = "(no value: qualitative)"
    elif f.get("value_max") is None:
        value = f"{f['value']}{f.get('unit') or ''}"
    else:
        value = f"{f['value']}-{f['value_max']}{f.get('unit') or ''}"
    return f"{f.get('indicator')} dir={f.get('direction')} cmp={f.get('comparator')} {value}"


def _score_targets(
    doc: Document, gold: GoldDoc, hay: _Haystack, sents: _Sentences, out: DocScore
) -> None:
    golds = gold.targets
    countable = [g for g in golds if g.get("value") is not None and not g.get("optional")]
    window: tuple[int, int] | None = None
    if gold.scope == "main_targets":
        w = hay.locate(gold.paragraph_start)
        if w is None:
            out.paragraph_found = False
            out.counts["target_value"] = Counts(0, 0, len(countable))
            out.counts["target_full"] = Counts(0, 0, len(countable))
            for g in countable:
                out.findings.append(Finding("target", "missed", str(g.get("evidence")), ""))
            return
        end = doc.text.find("\n", w[0])
        window = (w[0], end if end >= 0 else len(doc.text))
    spans = [hay.locate(g.get("evidence")) for g in golds]
    value, false, missed, pairs = _match_targets(doc.targets, golds, spans, window, strict=False)
    full, false_full, _, _ = _match_targets(doc.targets, golds, spans, window, strict=True)
    out.counts["target_value"] = value
    out.counts["target_full"] = full
    for p, i in pairs:
        want = golds[i].get("period")
        if not want:
            continue
        out.periods[1] += 1
        if str(p.period or "") == str(want):
            out.periods[0] += 1
        else:
            item = f"{_describe_target(p)}  [{p.text}]  period {p.period}, gold {want}"
            out.findings.append(
                Finding("target", "period", item, sents.at((p.start, p.end)), p.start)
            )
    for p in false:
        out.findings.append(
            Finding(
                "target",
                "false",
                f"{_describe_target(p)}  [{p.text}]",
                sents.at((p.start, p.end)),
                p.start,
            )
        )
    for i in missed:
        g, span = golds[i], spans[i]
        out.findings.append(
            Finding(
                "target",
                "missed",
                f"{_describe_target(g)}  [{g.get('evidence')}]",
                sents.at(span),
                span[0] if span else None,
            )
        )
    false_ids = {id(p) for p in false}
    for p in false_full:
        if id(p) in false_ids:
            continue
        expected = next(
            (
                g
                for g, s in zip(golds, spans, strict=True)
                if g.get("value") is not None
                and _overlaps((p.start, p.end), s)
                and _value_match(p, g)
            ),
            None,
        )
        item = f"{_describe_target(p)}  [{p.text}]"
        if expected is not None:
            item += f"  gold: {_describe_target(expected)}"
        out.findings.append(Finding("target", "fields", item, sents.at((p.start, p.end)), p.start))


def _score_slogans(
    doc: Document, gold: GoldDoc, hay: _Haystack, sents: _Sentences, out: DocScore
) -> None:
    gs = {_clean(s["text"]) for s in gold.slogans if not s.get("optional")}
    go = {_clean(s["text"]) for s in gold.slogans if s.get("optional")}
    first: dict[str, Slogan] = {}
    for s in doc.slogans:
        first.setdefault(_clean(s.text), s)
    ps = set(first)
    out.counts["slogan"] = Counts(len(ps & gs), len(ps - gs - go), len(gs - ps))
    for text in sorted(gs - ps):
        span = hay.locate(text)
        out.findings.append(
            Finding("slogan", "missed", text, sents.at(span), span[0] if span else None)
        )
    for text in sorted(ps - gs - go):
        p = first[text]
        out.findings.append(Finding("slogan", "false", text, sents.at((p.start, p.end)), p.start))


def _score_projects(
    doc: Document, gold: GoldDoc, hay: _Haystack, sents: _Sentences, out: DocScore
) -> None:
    gp = gold.projects
    first: dict[str, Project] = {}
    for p in doc.projects:
        first.setdefault(_compact(p.name), p)
    used: set[int] = set()
    tp = 0
    false: list[str] = []
    for name in first:
        hit = next(
            (
                i
                for i, x in enumerate(gp)
                if i not in used
                and _contains(name, x["name"])
                and min(len(name), len(x["name"])) >= 0.5 * max(len(name), len(x["name"]))
            ),
            None,
        )
        if hit is None:
            false.append(name)
        else:
            used.add(hit)
            tp += 0 if gp[hit].get("optional") else 1
    missed = [x for i, x in enumerate(gp) if i not in used and not x.get("optional")]
    out.counts["project"] = Counts(tp, len(false), len(missed))
    for x in missed:
        span = hay.locate(x.get("evidence") or x["name"])
        out.findings.append(
            Finding("project", "missed", str(x["name"]), sents.at(span), span[0] if span else None)
        )
    for name in false:
        p = first[name]
        out.findings.append(Finding("project", "false", name, sents.at((p.start, p.end)), p.start))


def _score_sections(doc: Document, gold: GoldDoc, out: DocScore) -> None:
    def key(level: Any, number: Any, title: Any) -> tuple[Any, Any, str]:
        return (level, number, _clean(title).rstrip("。"))

    gsec = {key(s["level"], s["number"], s["title"]) for s in gold.sections}
    psec = {key(s.level, s.number, s.title) for s in doc.iter_sections()}
    out.counts["section"] = Counts(len(psec & gsec), len(psec - gsec), len(gsec - psec))
    for level, number, title in sorted(gsec - psec, key=str):
        out.findings.append(Finding("section", "missed", f"{level} {number} {title}", ""))
    for level, number, title in sorted(psec - gsec, key=str):
        out.findings.append(Finding("section", "false", f"{level} {number} {title}", ""))


def score_document(doc: Document, gold: GoldDoc, *, path: str = "") -> DocScore | None:
    """Score one parsed report against its gold annotation.

    Returns None for a ``main_targets`` entry without a ``paragraph_start`` (nothing to score).
    """
    if gold.scope == "main_targets" and not gold.paragraph_start:
        return None
    out = DocScore(doc=gold.doc, scope=gold.scope, gold_file=gold.gold_file, path=path, counts={})
    hay = _Haystack(doc.text)
    sents = _Sentences(doc)
    _score_targets(doc, gold, hay, sents, out)
    if gold.scope == "full":
        _score_slogans(doc, gold, hay, sents, out)
        _score_projects(doc, gold, hay, sents, out)
        _score_sections(doc, gold, out)
    return out


# --------------------------------------------------------------------------------------------
# Scoring gold files against a corpus


def _text_path(corpus: Sequence[Path], variant: str, doc: str) -> Path | None:
    for folder in corpus:
        for cand in (folder / variant / f"{doc}.txt", folder / f"{doc}.txt"):
            if cand.is_file():
                return cand
    return None


def evaluate(
    gold_paths: Iterable[str | os.PathLike[str]],
    corpus_dir: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    variant: str = "raw",
    lexicons: Sequence[str | os.PathLike[str]] = (),
    parser: Parser | None = None,
) -> EvalReport:
    """Parse the reports the gold files annotate and score them.

    Each report `<doc>` is read from the first of the corpus folders that holds
    `<variant>/<doc>.txt` or `<doc>.txt`; a report found nowhere is listed in
    `EvalReport.missing` and not scored. Each text is parsed once, with `policytext.parse`
    (and `lexicons`) unless another `parser` is given.

    >>> report = evaluate(["my_gold.json"], "my_reports")  # doctest: +SKIP
    >>> report.totals["target_value"].f1  # doctest: +SKIP
    """
    folders = (
        [Path(corpus_dir)]
        if isinstance(corpus_dir, (str, os.PathLike))
        else [Path(c) for c in corpus_dir]
    )
    if not folders:
        raise GoldError("no corpus folder given; pass the folder holding the report texts")
    for folder in folders:
        if not folder.is_dir():
            raise GoldError(f"{folder}: corpus folder not found; pass the folder of the texts")
    if parser is None:
        from .pipeline import parse

        lex = tuple(lexicons)

        def parser(path: Path) -> Document:
            return parse(path, lexicons=lex)

    golds = [g for p in gold_paths for g in load_gold(p)]
    if not golds:
        raise GoldError("no gold file given; pass at least one gold JSON file")
    cache: dict[Path, Document] = {}
    report = EvalReport(docs=[], variant=variant)
    for g in golds:
        path = _text_path(folders, variant, g.doc)
        if path is None:
            report.missing.append(f"{g.doc} ({g.gold_file})")
            continue
        if path not in cache:
            cache[path] = parser(path)
        scored = score_document(cache[path], g, path=str(path))
        if scored is not None:
            report.docs.append(scored)
    return report
