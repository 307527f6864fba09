"""An HTML view of a parsed report, for checking extractions by looking.

`to_html(doc)` returns one self-contained page (no network: styles and the small script are
inline and a Content-Security-Policy forbids loading anything else): the report text with its
section outline as navigation, every Target, Slogan mention and Project mention highlighted in
its own colour with a tooltip giving its fields and the rule that made it, and a side panel
listing the targets as a table. Outcomes (reported figures about the past) are highlighted
too, more quietly, so the line between a goal and a result can be checked by eye.
`to_html(doc, compact=True)` is a fragment without script for notebooks
(`Document._repr_html_`). Everything taken from the document is HTML-escaped.

Each highlight is a ``<mark>`` with ``data-kind`` (``target``, ``slogan``, ``project``,
``outcome``), ``data-item`` (one per extracted object) and ``data-hid`` (one per highlighted
span: a target, an outcome, or one mention of a slogan or project). A span that crosses a line
or another highlight is drawn as several ``<mark>`` fragments sharing its ``data-hid``.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from itertools import pairwise
from pathlib import Path

from .models import Document, Mention, Outcome, Project, Section, Slogan, Target

__all__ = ["KINDS", "to_html"]

KINDS = ("target", "slogan", "project", "outcome")
"""The kinds of highlight, in drawing order (an outer highlight is opened first)."""

_LABEL = {"target": "Target", "slogan": "Slogan", "project": "Project", "outcome": "Outcome"}
_PREFIX = {"target": "t", "slogan": "s", "project": "p", "outcome": "o"}
_COMPARATOR = {"=": "", "~": "≈ ", ">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< ", "range": ""}
_DIRECTION = {"up": "↑", "down": "↓"}


@dataclass(frozen=True)
class _Mark:
    """One highlighted span: a target, or one mention of a slogan or a project."""

    kind: str
    item: str  # one per extracted object: "t3", "s5", "p1"
    hid: str  # one per highlighted span: "t3", "s5-0", "p1-2"
    start: int
    end: int
    tip: str


# --- tooltips -------------------------------------------------------------------------------


def _num(v: Decimal | None) -> str:
    return "" if v is None else format(v, "f")


def _value(t: Target | Outcome) -> str:
    """`≥ 6.6%`, `6%–6.5%`, `≈ 45万人`: the target as a reader would say it."""
    if t.value is None:
        return ""
    unit = t.unit or ""
    if t.value_max is not None:
        return f"{_num(t.value)}{unit}–{_num(t.value_max)}{unit}"
    return f"{_COMPARATOR.get(t.comparator or '=', '')}{_num(t.value)}{unit}"


def _lines(title: str, fields: Sequence[tuple[str, object]]) -> str:
    out = [title]
    for name, v in fields:
        if v is None or v == "" or v == ():
            continue
        if isinstance(v, tuple):
            v = "、".join(str(x) for x in v)
        elif isinstance(v, Decimal):
            v = _num(v)
        out.append(f"{name}: {v}")
    return "\n".join(out)


def _section_names(doc: Document) -> dict[str, str]:
    """Section id -> the heading as written (`（一）深化重点改革，激发发展新动能`)."""
    return {s.id: s.mark + s.title for s in doc.iter_sections()}


def _target_tip(t: Target | Outcome, names: dict[str, str]) -> str:
    base = None
    same = t.base_value == t.value and t.base_value_max == t.value_max and t.base_unit == t.unit
    if t.base_value is not None and not same:
        base = _num(t.base_value)
        if t.base_value_max is not None:
            base += f"–{_num(t.base_value_max)}"
        base += f" {t.base_unit or ''}".rstrip()
    period = t.period if isinstance(t, Outcome) else None
    return _lines(
        f"{'Outcome' if isinstance(t, Outcome) else 'Target'} · {t.indicator}",
        [
            ("indicator", t.indicator),
            ("value", _value(t)),
            ("direction", t.direction),
            ("comparator", t.comparator),
            ("unit", t.unit),
            ("base", base),
            ("kind", t.kind),
            ("period", period),
            ("section", names.get(t.section or "", t.section)),
            ("rule", t.rule),
        ],
    )


def _slogan_tip(s: Slogan, names: dict[str, str]) -> str:
    return _lines(
        f"Slogan · {s.text}",
        [
            ("text", s.text),
            ("quoted", "yes" if s.quoted else "no"),
            ("numeral", s.numeral),
            ("head", s.head),
            ("expansion", s.expansion),
            ("category", s.category),
            ("canonical", s.canonical if s.canonical != s.text else None),
            ("mentions", len(s.mentions) or 1),
            ("section", names.get(s.section or "", s.section)),
            ("rule", s.rule),
        ],
    )


def _project_tip(p: Project, names: dict[str, str]) -> str:
    return _lines(
        f"Project · {p.name}",
        [
            ("name", p.name),
            ("status", p.status),
            ("category", p.category),
            ("role", p.role),
            ("mentions", len(p.mentions) or 1),
            ("section", names.get(p.section or "", p.section)),
            ("rule", p.rule),
        ],
    )


def _mentions(x: Slogan | Project) -> tuple[Mention, ...]:
    return x.mentions or (Mention(start=x.start, end=x.end, text=x.text),)


def _marks(doc: Document) -> list[_Mark]:
    """Every highlight of the document, sorted outer-first: by start, longest first."""
    names = _section_names(doc)
    marks: list[_Mark] = []
    for i, t in enumerate(doc.targets):
        marks.append(_Mark("target", f"t{i}", f"t{i}", t.start, t.end, _target_tip(t, names)))
    for i, s in enumerate(doc.slogans):
        tip = _slogan_tip(s, names)
        for j, m in enumerate(_mentions(s)):
            marks.append(_Mark("slogan", f"s{i}", f"s{i}-{j}", m.start, m.end, tip))
    for i, p in enumerate(doc.projects):
        tip = _project_tip(p, names)
        for j, m in enumerate(_mentions(p)):
            marks.append(_Mark("project", f"p{i}", f"p{i}-{j}", m.start, m.end, tip))
    for i, o in enumerate(doc.outcomes):
        marks.append(_Mark("outcome", f"o{i}", f"o{i}", o.start, o.end, _target_tip(o, names)))
    marks.sort(key=lambda m: (m.start, -m.end, KINDS.index(m.kind)))
    return marks


# --- the text with highlights ---------------------------------------------------------------


class _Painter:
    """Writes stretches of text with their highlights as properly nested `<mark>` elements."""

    def __init__(self, doc: Document, *, ids: bool) -> None:
        self.text = doc.text
        self.marks = _marks(doc)
        self.ids = ids
        self.seen: set[str] = set()
        # `paint` is called on stretches in text order: the marks not yet reached (from
        # `_next` on) and those reached that may still reach further (`_open_marks`, in mark
        # order) make each call cost what its own stretch holds, not the whole document.
        self._next = 0
        self._open_marks: list[_Mark] = []
        self._pos = 0

    def _overlapping(self, a: int, b: int) -> list[_Mark]:
        """The marks with some text in `[a, b)`, in mark order (outer first)."""
        if a < self._pos:  # out of order: start the sweep again
            self._next, self._open_marks = 0, []
        self._pos = a
        marks = self.marks
        while self._next < len(marks) and marks[self._next].start < b:
            self._open_marks.append(marks[self._next])
            self._next += 1
        self._open_marks = [m for m in self._open_marks if m.end > a]
        return [m for m in self._open_marks if m.start < b and m.start < m.end]

    def _open(self, m: _Mark) -> str:
        attrs = (
            f'class="pt-hl pt-{m.kind}" data-kind="{m.kind}" data-item="{m.item}" '
            f'data-hid="{m.hid}" title="{escape(m.tip)}" tabindex="0"'
        )
        if self.ids and m.hid not in self.seen:
            attrs = f'id="pt-{m.hid}" ' + attrs
        self.seen.add(m.hid)
        return f"<mark {attrs}>"

    def paint(self, a: int, b: int) -> str:
        """`text[a:b]`, escaped, with every highlight overlapping it."""
        inside = self._overlapping(a, b)
        cuts = sorted({a, b} | {min(max(x, a), b) for m in inside for x in (m.start, m.end)})
        out: list[str] = []
        stack: list[_Mark] = []
        # the marks covering each stretch between two cuts, kept by a sweep in mark order
        active: list[_Mark] = []
        nxt = 0
        for x, y in pairwise(cuts):
            while nxt < len(inside) and inside[nxt].start <= x:
                active.append(inside[nxt])
                nxt += 1
            if any(m.end <= x for m in active):
                active = [m for m in active if m.end > x]
            keep = 0
            while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
                keep += 1
            out.extend("</mark>" for _ in stack[keep:])
            del stack[keep:]
            for m in active[keep:]:
                out.append(self._open(m))
                stack.append(m)
            out.append(escape(self.text[x:y]))
        out.extend("</mark>" for _ in stack)
        return "".join(out)


def _lines_of(text: str) -> Iterator[tuple[int, int]]:
    """`(start, end)` of each non-blank line."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            yield pos, end
        pos = end + 1


def _body(doc: Document, painter: _Painter) -> str:
    """Headings and paragraphs: one block per line; a heading line starts a section."""
    lines = list(_lines_of(doc.text))
    starts = [a for a, _ in lines]
    line_starts = set(starts)
    heads: dict[int, Section] = {}
    # a section that does not start a line of its own still gets its anchor, before the line
    # it falls in
    loose: dict[int, list[str]] = {}
    for sec in doc.iter_sections():
        if sec.start in line_starts and sec.start not in heads:
            heads[sec.start] = sec
        elif starts:
            host = starts[max(bisect.bisect_right(starts, sec.start) - 1, 0)]
            loose.setdefault(host, []).append(sec.id)
    out: list[str] = []
    for a, b in lines:
        if painter.ids:
            out += [
                f'<span id="pt-sec-{escape(x)}" class="pt-heading"></span>'
                for x in loose.get(a, ())
            ]
        s = heads.get(a)
        if s is None:
            out.append(f"<p>{painter.paint(a, b)}</p>")
            continue
        h = min(max(s.heading_end, a), b)
        if h == a:  # a heading without text: still an anchor
            h = b
        tag = f"h{s.level + 1}"
        role = f' data-role="{s.role}"' if s.role else ""
        anchor = f' id="pt-sec-{escape(s.id)}"' if painter.ids else ""
        out.append(f'<{tag}{anchor} class="pt-heading"{role}>{painter.paint(a, h)}</{tag}>')
        if doc.text[h:b].strip():
            out.append(f"<p>{painter.paint(h, b)}</p>")
    return "\n".join(out)


# --- outline, panel, legend -----------------------------------------------------------------


class _Counter:
    """How many highlights of each kind start inside a span (bisecting sorted starts)."""

    def __init__(self, marks: list[_Mark]) -> None:
        self.starts = {k: sorted(m.start for m in marks if m.kind == k) for k in KINDS}

    def in_section(self, s: Section) -> dict[str, int]:
        return {
            k: bisect.bisect_left(starts, s.end) - bisect.bisect_left(starts, s.start)
            for k, starts in self.starts.items()
        }


def _outline(doc: Document, marks: list[_Mark]) -> str:
    counter = _Counter(marks)

    def walk(items: tuple[Section, ...]) -> str:
        if not items:
            return ""
        rows = []
        for s in items:
            got = counter.in_section(s)
            dots = "".join(
                f'<span class="pt-dot pt-{k}" title="{got[k]} {k} highlights">{got[k]}</span>'
                for k in KINDS
                if got[k]
            )
            mark = s.mark
            rows.append(
                f'<li><a href="#pt-sec-{escape(s.id)}"><span class="pt-num">{escape(mark)}</span>'
                f"{escape(s.title)}</a>"
                f'<span class="pt-dots">{dots}</span>{walk(s.children)}</li>'
            )
        return "<ul>" + "".join(rows) + "</ul>"

    top = '<li><a href="#pt-top">(top)</a></li>' if doc.preamble_end else ""
    tree = walk(doc.sections) or "<ul><li>(no numbered sections)</li></ul>"
    if top:
        tree = tree.replace("<ul>", "<ul>" + top, 1)
    return tree


def _legend(doc: Document, marks: list[_Mark], *, toggles: bool) -> str:
    items = {
        "target": len(doc.targets),
        "slogan": len(doc.slogans),
        "project": len(doc.projects),
        "outcome": len(doc.outcomes),
    }
    spans = {k: sum(1 for m in marks if m.kind == k) for k in KINDS}
    out = []
    for k in KINDS:
        if k == "outcome" and not items[k]:
            continue
        extra = f" ({spans[k]} mentions)" if spans[k] != items[k] else ""
        label = f'<span class="pt-key pt-{k}">{_LABEL[k]}s</span> {items[k]}{extra}'
        if toggles:
            label = f'<label><input type="checkbox" data-toggle="{k}" checked> {label}</label>'
        out.append(f'<span class="pt-legend-item">{label}</span>')
    return '<div class="pt-legend">' + "".join(out) + "</div>"


def _figures_table(
    figures: Sequence[Target | Outcome], names: dict[str, str], *, links: bool
) -> str:
    """Targets (or outcomes) as a table; each indicator links to its highlight."""
    kind = "outcome" if figures and isinstance(figures[0], Outcome) else "target"
    if not figures:
        return f'<p class="pt-empty">No {kind}s found.</p>'
    rows = []
    for i, t in enumerate(figures):
        ind = escape(t.indicator)
        if links:
            to = f"pt-{_PREFIX[kind]}{i}"
            ind = f'<a href="#{to}" data-goto="{to}">{ind}</a>'
        last = t.period if isinstance(t, Outcome) else t.section
        rows.append(
            f'<tr title="{escape(_target_tip(t, names))}"><td>{ind}</td>'
            f'<td class="pt-val">{escape(_value(t))}</td>'
            f"<td>{escape(_DIRECTION.get(t.direction or '', ''))}</td>"
            f"<td>{escape(t.kind)}</td><td>{escape(last or '')}</td></tr>"
        )
    last_head = "period" if kind == "outcome" else "§"
    return (
        f'<div class="pt-scroll"><table class="pt-table pt-table-{kind}"><thead><tr>'
        f"<th>indicator</th><th>{kind}</th><th>dir</th><th>kind</th><th>{last_head}</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>"
    )


def _item_list(doc: Document, kind: str, *, links: bool) -> str:
    items: Sequence[Slogan | Project] = doc.slogans if kind == "slogan" else doc.projects
    if not items:
        return f'<p class="pt-empty">No {kind}s found.</p>'
    rows = []
    names = _section_names(doc)
    for i, x in enumerate(items):
        label = escape(x.text if isinstance(x, Slogan) else x.name)
        tip = _slogan_tip(x, names) if isinstance(x, Slogan) else _project_tip(x, names)
        n = len(x.mentions) or 1
        if links:
            to = f"pt-{_PREFIX[kind]}{i}-0"
            label = f'<a href="#{to}" data-goto="{to}">{label}</a>'
        count = f' <span class="pt-times">×{n}</span>' if n > 1 else ""
        rows.append(f'<li title="{escape(tip)}">{label}{count}</li>')
    return f'<ul class="pt-items pt-items-{kind}">' + "".join(rows) + "</ul>"


# --- style and script -----------------------------------------------------------------------

_CSS = """
.pt-root{--pt-target:#fcd34d;--pt-target-line:#b45309;--pt-slogan:#bfdbfe;
 --pt-slogan-line:#1d4ed8;--pt-project:#a7f3d0;--pt-project-line:#047857;
 --pt-outcome:#ede9fe;--pt-outcome-line:#8b5cf6;
 --pt-ink:#1f2933;--pt-muted:#61707f;--pt-rule:#d9dee4;--pt-paper:#fff;--pt-side:#f6f7f9;
 color:var(--pt-ink);font-family:system-ui,-apple-system,"Segoe UI","PingFang SC",
 "Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",
 "WenQuanYi Micro Hei",sans-serif;font-size:16px;line-height:1.5}
.pt-root *{box-sizing:border-box}
.pt-root mark.pt-hl{color:inherit;border-radius:2px;padding:0 1px;cursor:help;
 -webkit-box-decoration-break:clone;box-decoration-break:clone}
.pt-root mark.pt-target{background:var(--pt-target);border-bottom:2px solid var(--pt-target-line)}
.pt-root mark.pt-slogan{background:var(--pt-slogan);border-bottom:2px dotted var(--pt-slogan-line)}
.pt-root mark.pt-project{background:var(--pt-project);
 border-bottom:2px dashed var(--pt-project-line)}
.pt-root mark.pt-outcome{background:var(--pt-outcome);
 border-bottom:1px solid var(--pt-outcome-line)}
.pt-root mark.pt-hl:focus{outline:2px solid var(--pt-ink);outline-offset:1px}
.pt-root mark.pt-flash{animation:pt-flash 1.2s ease-out 1}
@keyframes pt-flash{0%{box-shadow:0 0 0 6px rgba(220,38,38,.6)}100%{box-shadow:0 0 0 0 transparent}}
.pt-root.pt-hide-target mark.pt-target,.pt-root.pt-hide-slogan mark.pt-slogan,
.pt-root.pt-hide-project mark.pt-project,.pt-root.pt-hide-outcome mark.pt-outcome{
 background:none;border-bottom-color:transparent}
.pt-key{display:inline-block;padding:0 .35em;border-radius:3px;font-weight:600}
.pt-key.pt-target,.pt-dot.pt-target{background:var(--pt-target);
 border-bottom:2px solid var(--pt-target-line)}
.pt-key.pt-slogan,.pt-dot.pt-slogan{background:var(--pt-slogan);
 border-bottom:2px dotted var(--pt-slogan-line)}
.pt-key.pt-project,.pt-dot.pt-project{background:var(--pt-project);
 border-bottom:2px dashed var(--pt-project-line)}
.pt-key.pt-outcome,.pt-dot.pt-outcome{background:var(--pt-outcome);
 border-bottom:1px solid var(--pt-outcome-line);font-weight:400}
.pt-legend{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center}
.pt-legend label{cursor:pointer}
.pt-text h2,.pt-text h3,.pt-text h4{line-height:1.5;scroll-margin-top:1em}
.pt-text h2{font-size:1.3em;margin:1.2em 0 .6em}
.pt-text h3{font-size:1.1em;margin:1.4em 0 .5em;padding-top:.6em;
 border-top:1px solid var(--pt-rule)}
.pt-text h4{font-size:1em;margin:1em 0 .4em}
.pt-text p{margin:0 0 .9em;line-height:1.95;text-align:justify;overflow-wrap:anywhere}
.pt-table{border-collapse:collapse;width:100%;font-size:.85em}
.pt-table th,.pt-table td{padding:.3em .4em;border-bottom:1px solid var(--pt-rule);
 text-align:left;vertical-align:top}
.pt-table th{position:sticky;top:0;background:var(--pt-side);font-weight:600;
 color:var(--pt-muted)}
.pt-table td.pt-val{white-space:nowrap;font-variant-numeric:tabular-nums}
.pt-table a,.pt-items a{color:inherit;text-decoration:none;
 border-bottom:1px solid var(--pt-target-line)}
.pt-items a{border-bottom:none}
.pt-scroll{overflow-x:auto}
.pt-empty{color:var(--pt-muted);font-style:italic}
.pt-items{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.35em;
 font-size:.85em}
.pt-items li{padding:.05em .45em;border-radius:3px}
.pt-items-slogan li{background:var(--pt-slogan)}
.pt-items-project li{background:var(--pt-project)}
.pt-times{color:var(--pt-muted);font-size:.85em}
.pt-compact{border:1px solid var(--pt-rule);border-radius:6px;padding:.6em .9em;
 background:var(--pt-paper)}
.pt-compact .pt-head{font-weight:600;margin-bottom:.3em}
.pt-compact .pt-stats{font-weight:400;color:var(--pt-muted);font-size:.85em;margin-left:.4em}
.pt-compact .pt-text{max-height:28em;overflow-y:auto;margin:.5em 0;padding-right:.5em}
.pt-compact details{margin-top:.4em}
.pt-compact summary{cursor:pointer;color:var(--pt-muted)}
"""

_PAGE_CSS = """
html,body{margin:0;padding:0;background:#fff}
body{-webkit-text-size-adjust:100%;text-size-adjust:100%}
.pt-page{display:grid;grid-template-columns:minmax(0,1fr);grid-template-areas:
 "top" "nav" "text" "panel"}
.pt-top{grid-area:top;padding:.8em 1em;border-bottom:1px solid var(--pt-rule);
 background:var(--pt-paper)}
.pt-top h1{font-size:1.15em;margin:0 0 .25em;overflow-wrap:anywhere}
.pt-stats{color:var(--pt-muted);font-size:.85em;margin-bottom:.35em}
.pt-jump{display:inline-block;margin-top:.4em;font-size:.85em;color:var(--pt-target-line)}
.pt-nav{grid-area:nav;background:var(--pt-side);border-bottom:1px solid var(--pt-rule);
 padding:.5em 1em;font-size:.9em}
.pt-nav summary,.pt-panel summary{cursor:pointer;font-weight:600;color:var(--pt-muted);
 padding:.2em 0}
.pt-nav ul{list-style:none;margin:0;padding:0 0 0 .9em}
.pt-nav>details>ul{padding-left:0}
.pt-nav li{margin:.25em 0}
.pt-nav a{color:var(--pt-ink);text-decoration:none}
.pt-nav a:hover{text-decoration:underline}
.pt-nav a.pt-current{font-weight:700}
.pt-num{color:var(--pt-muted)}
.pt-dots{margin-left:.35em;white-space:nowrap}
.pt-dot{display:inline-block;min-width:1.5em;margin-right:.2em;text-align:center;
 font-size:.75em;line-height:1.3;border-radius:3px}
.pt-text{grid-area:text;padding:.5em 1em 2em;max-width:46em;width:100%;justify-self:center}
.pt-panel{grid-area:panel;background:var(--pt-side);border-top:1px solid var(--pt-rule);
 padding:.6em 1em 2em}
.pt-panel h2{font-size:1em;margin:.8em 0 .4em}
.pt-panel h2:first-child{margin-top:.2em}
#pt-tip{position:fixed;z-index:10;max-width:min(26em,calc(100vw - 16px));padding:.5em .7em;
 background:#1f2933;color:#fff;border-radius:6px;font-size:.85em;line-height:1.45;
 pointer-events:none;box-shadow:0 4px 14px rgba(0,0,0,.25)}
#pt-tip[hidden]{display:none}
#pt-tip b{display:block;margin-bottom:.25em;font-size:1.05em}
#pt-tip .pt-tip-row{display:grid;grid-template-columns:6.5em minmax(0,1fr)}
#pt-tip .pt-tip-k{color:#aab6c3}
@media (min-width:1000px){
 .pt-page{grid-template-columns:minmax(0,1fr) 24em;grid-template-areas:
  "top top" "nav panel" "text panel";align-items:start}
 .pt-jump{display:none}
 .pt-panel{position:sticky;top:0;height:100vh;overflow-y:auto;border-top:none;
  border-left:1px solid var(--pt-rule)}
}
@media (min-width:1300px){
 .pt-page{grid-template-columns:17em minmax(0,1fr) 26em;grid-template-areas:
  "top top top" "nav text panel"}
 .pt-nav{position:sticky;top:0;height:100vh;overflow-y:auto;border-bottom:none;
  border-right:1px solid var(--pt-rule)}
}
"""

_JS = """
(function () {
  "use strict";
  var root = document.querySelector(".pt-page");
  var tip = document.getElementById("pt-tip");
  var shown = null;
  document.querySelectorAll("mark.pt-hl[title]").forEach(function (el) {
    el.setAttribute("data-tip", el.getAttribute("title"));
    el.setAttribute("aria-label", el.getAttribute("title"));
    el.removeAttribute("title");
  });
  function show(el) {
    var lines = el.getAttribute("data-tip").split("\\n");
    tip.textContent = "";
    var head = document.createElement("b");
    head.textContent = lines.shift();
    tip.appendChild(head);
    lines.forEach(function (line) {
      var row = document.createElement("div"), cut = line.indexOf(": ");
      row.className = "pt-tip-row";
      var key = document.createElement("span");
      key.className = "pt-tip-k";
      key.textContent = cut < 0 ? "" : line.slice(0, cut);
      row.appendChild(key);
      row.appendChild(document.createTextNode(cut < 0 ? line : line.slice(cut + 2)));
      tip.appendChild(row);
    });
    tip.hidden = false;
    var r = el.getBoundingClientRect(), t = tip.getBoundingClientRect();
    var x = Math.min(Math.max(8, r.left), window.innerWidth - t.width - 8);
    var y = r.bottom + 6;
    if (y + t.height > window.innerHeight - 8) { y = r.top - t.height - 6; }
    y = Math.max(8, Math.min(y, window.innerHeight - t.height - 8));
    tip.style.left = x + "px";
    tip.style.top = y + "px";
    shown = el;
  }
  function hide() { tip.hidden = true; shown = null; }
  function markOf(target) {
    return target && target.closest ? target.closest("mark.pt-hl[data-tip]") : null;
  }
  document.addEventListener("mouseover", function (e) {
    var el = markOf(e.target);
    if (el) { show(el); } else if (shown) { hide(); }
  });
  document.addEventListener("focusin", function (e) {
    var el = markOf(e.target);
    if (el) { show(el); }
  });
  document.addEventListener("focusout", hide);
  document.addEventListener("click", function (e) {
    var el = markOf(e.target);
    if (el) { show(el); return; }
    var link = e.target.closest ? e.target.closest("[data-goto]") : null;
    if (link) {
      var to = document.getElementById(link.getAttribute("data-goto"));
      if (to) {
        e.preventDefault();
        to.scrollIntoView({block: "center"});
        to.classList.remove("pt-flash");
        void to.offsetWidth;
        to.classList.add("pt-flash");
        to.focus({preventScroll: true});
      }
    } else if (shown) { hide(); }
  });
  window.addEventListener("scroll", hide, {passive: true});
  document.querySelectorAll("input[data-toggle]").forEach(function (box) {
    box.addEventListener("change", function () {
      root.classList.toggle("pt-hide-" + box.getAttribute("data-toggle"), !box.checked);
    });
  });
  var links = {};
  document.querySelectorAll(".pt-nav a[href^='#pt-sec-']").forEach(function (a) {
    links[a.getAttribute("href").slice(1)] = a;
  });
  if ("IntersectionObserver" in window) {
    var current = null;
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (en) {
        if (en.isIntersecting && links[en.target.id]) {
          if (current) { current.classList.remove("pt-current"); }
          current = links[en.target.id];
          current.classList.add("pt-current");
        }
      });
    }, {rootMargin: "0px 0px -70% 0px"});
    document.querySelectorAll(".pt-heading").forEach(function (h) { seen.observe(h); });
  }
  if (window.matchMedia("(min-width: 1300px)").matches) {
    document.querySelectorAll(".pt-nav details, .pt-panel details").forEach(function (d) {
      d.open = true;
    });
  }
})();
"""


def _sha256(s: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()


# --- the page -------------------------------------------------------------------------------


def page_head(title: str, css: str, *, script: str | None = None) -> str:
    """The start of a self-contained page, up to and including ``<body>``: its only style sheet
    and script are allowed by their hashes in the Content-Security-Policy, nothing else loads.
    `title` is HTML already escaped."""
    scripts = f"script-src '{_sha256(script)}'; " if script is not None else ""
    csp = (
        f"default-src 'none'; style-src '{_sha256(css)}'; {scripts}"
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">
<meta name="generator" content="policytext">
<title>{title} · policytext</title>
<style>{css}</style>
</head>
<body>"""


def _title(doc: Document) -> str:
    """The report's place and year when known (`北京市 2026年`), else its file name."""
    where = " ".join(x for x in (doc.place, f"{doc.year}年" if doc.year else None) if x)
    if where:
        return where
    return Path(doc.source.path).name if doc.source.path else "report"


def _stats(doc: Document) -> str:
    n = len(doc.iter_sections())
    where = " ".join(x for x in (doc.place, str(doc.year) if doc.year else None) if x)
    return (
        (f"{where} · " if where else "")
        + f"{len(doc.text):,} characters · {n} sections · {len(doc.targets)} targets · "
        f"{len(doc.slogans)} slogans · {len(doc.projects)} projects · "
        f"{len(doc.outcomes)} outcomes"
    )


def to_html(document: Document, *, compact: bool = False) -> str:
    """The document as HTML: a whole self-contained page, or a compact fragment for notebooks.

    >>> from policytext import parse_text
    >>> page = to_html(parse_text("二、2026年工作安排\\n推进“放管服”改革。"))
    >>> page.startswith("<!DOCTYPE html>") and 'data-kind="slogan"' in page
    True
    """
    painter = _Painter(document, ids=not compact)
    names = _section_names(document)
    body = _body(document, painter)
    marks = painter.marks
    title = escape(_title(document))
    if compact:
        return (
            f'<div class="pt-root pt-compact"><style>{_CSS}</style>'
            f'<div class="pt-head">{title} <span class="pt-stats">{escape(_stats(document))}'
            f"</span></div>{_legend(document, marks, toggles=False)}"
            f'<div class="pt-text">{body}</div>'
            f"<details><summary>Targets ({len(document.targets)})</summary>"
            f"{_figures_table(document.targets, names, links=False)}</details>"
            f"<details><summary>Slogans ({len(document.slogans)})</summary>"
            f"{_item_list(document, 'slogan', links=False)}</details>"
            f"<details><summary>Projects ({len(document.projects)})</summary>"
            f"{_item_list(document, 'project', links=False)}</details>"
            f"<details><summary>Outcomes ({len(document.outcomes)})</summary>"
            f"{_figures_table(document.outcomes, names, links=False)}</details></div>"
        )
    return f"""{page_head(title, _CSS + _PAGE_CSS, script=_JS)}
<div class="pt-root pt-page">
<header class="pt-top" id="pt-top">
<h1>{title}</h1>
<div class="pt-stats">{escape(_stats(document))}</div>
{_legend(document, marks, toggles=True)}
<a class="pt-jump" href="#pt-panel">Targets table ↓</a>
</header>
<nav class="pt-nav" aria-label="Sections">
<details><summary>Sections</summary>
{_outline(document, marks)}
</details>
</nav>
<main class="pt-text" lang="zh-Hans">
{body}
</main>
<aside class="pt-panel" id="pt-panel" aria-label="Extracted items">
<h2>Targets ({len(document.targets)})</h2>
{_figures_table(document.targets, names, links=True)}
<details><summary>Slogans ({len(document.slogans)})</summary>
{_item_list(document, "slogan", links=True)}
</details>
<details><summary>Projects ({len(document.projects)})</summary>
{_item_list(document, "project", links=True)}
</details>
<details><summary>Outcomes, figures about the past ({len(document.outcomes)})</summary>
{_figures_table(document.outcomes, names, links=True)}
</details>
</aside>
<div id="pt-tip" role="tooltip" hidden></div>
</div>
<script>{_JS}</script>
</body>
</html>
"""
