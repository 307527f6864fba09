"""Plain-text views of a Document: the section tree and a readable summary table."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .models import Document, Section

__all__ = ["summary_table", "terminal_safe", "tree_lines"]

# What must not reach a terminal as it is: C0 and C1 control characters and DEL (ESC starts the
# escape sequences that move the cursor, retitle the window or ring the bell), the bidirectional
# overrides and isolates that reorder what follows, and lone surrogates (not encodable).
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_OR_LF = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with every character that could act on a terminal written as an escape
    (``\\x1b``, ``\\u202e``): what a report holds is shown, never executed."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_OR_LF
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def _cell(value: object) -> str:
    return terminal_safe("" if value is None else str(value), keep_newlines=False)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _clip(s: str, width: int) -> str:
    if _width(s) <= width:
        return s
    out, w = [], 0
    for c in s:
        cw = _width(c)
        if w + cw > width - 1:
            break
        out.append(c)
        w += cw
    return "".join(out) + "…"


def _pad(s: str, width: int) -> str:
    s = _clip(s, width)
    return s + " " * (width - _width(s))


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> str:
    rows = [[_cell(c) for c in r] for r in rows]
    widths = [
        min(w, max([_width(h)] + [_width(r[i]) for r in rows]))
        for i, (h, w) in enumerate(zip(headers, widths, strict=True))
    ]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def tree_lines(doc: Document) -> list[str]:
    """The section tree, one indented line per section."""
    lines = [f"  (preamble) 0-{doc.preamble_end}"]

    def walk(items: tuple[Section, ...]) -> None:
        for s in items:
            mark = s.mark
            role = f" [{s.role}]" if s.role else ""
            title = _cell(s.title)
            lines.append(f"  {'  ' * (s.level - 1)}{_cell(mark)}{title}{role} {s.start}-{s.end}")
            walk(s.children)

    walk(doc.sections)
    return lines


def _num(v: object) -> str:
    return "" if v is None else str(v)


def summary_table(doc: Document, name: str = "") -> str:
    """A readable summary: sections, then targets, slogans and projects as tables."""
    n_sections = len(doc.iter_sections())
    head = _cell(name or doc.source.path or "<text>")
    parts = [
        f"{head}: {len(doc.text)} characters, {n_sections} sections, {len(doc.targets)} targets, "
        f"{len(doc.slogans)} slogans, {len(doc.projects)} projects",
        "",
        "Sections",
        *tree_lines(doc),
    ]
    if doc.targets:
        rows = []
        for t in doc.targets:
            value = _num(t.value) + (f"-{t.value_max}" if t.value_max is not None else "")
            rows.append(
                [
                    t.indicator,
                    t.direction or "",
                    t.comparator or "",
                    value,
                    t.unit or "",
                    t.kind,
                    t.rule,
                ]
            )
        parts += ["", f"Targets ({len(rows)})"]
        parts.append(
            _table(
                ["indicator", "dir", "cmp", "value", "unit", "kind", "rule"],
                rows,
                [28, 4, 5, 12, 10, 11, 24],
            )
        )
    if doc.slogans:
        rows = [
            [
                s.text,
                _num(s.numeral),
                s.head or "",
                "、".join(s.expansion or ()),
                str(len(s.mentions)),
                s.rule,
            ]
            for s in doc.slogans
        ]
        parts += ["", f"Slogans ({len(rows)})"]
        parts.append(
            _table(["slogan", "n", "head", "expansion", "x", "rule"], rows, [20, 3, 10, 36, 3, 20])
        )
    if doc.projects:
        rows = [
            [p.name, p.status or "", p.category or "", p.role or "", p.rule] for p in doc.projects
        ]
        parts += ["", f"Projects ({len(rows)})"]
        parts.append(
            _table(["project", "status", "category", "role", "rule"], rows, [30, 10, 10, 7, 20])
        )
    return terminal_safe("\n".join(parts))
