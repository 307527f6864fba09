"""A comparison site: an index page over several reports, beside each report's own page.

`build_site(documents, out_dir)` writes ``index.html`` and one page per report (the HTML view
of `policytext.html`); ``policytext render reports/*.txt -o site/`` does the same from the
command line. The index page holds:

* a table of the reports (place, year, with a link to each page) and their headline targets:
  the indicators that most reports set a target for, one column per indicator and unit, the
  regional GDP (`生产总值`) first, each report's figure chosen by `Column.pick`;
* an inline SVG chart of the first headline indicator's targets across the reports;
* the slogans ranked by how many reports use them, and for each report the slogans that are
  new against the same place's previous report;
* for each place with several years, the targets set against the outcomes the next year's
  report gives for them (`policytext.track`), with a chart of the first headline indicator.

Like the report page, the index is one self-contained file: no script, no request, its one
style sheet allowed by hash in a Content-Security-Policy.

Targets are grouped by `Target.indicator_key` (`gdp`, `urban_new_jobs`: see
`policytext.indicators`); a target without a key has no headline column. (Were the model
without that field, the canonical name of an indicator that is exactly a name of
`lexicons/indicators.toml` would stand in for it.) A column is labelled with the canonical
name (`地区生产总值`).
"""

from __future__ import annotations

import bisect
import itertools
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from html import escape
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .html import page_head
from .lexicons import load_bundled
from .models import Document, Target, formula_key
from .track import TrackRow, canonical_indicator, is_indicator, track

__all__ = ["Column", "build_site", "headline_columns", "index_html", "page_names"]


class _SiteWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    first_indicator: str
    announce: list[str]
    multi_year: list[str]


@cache
def _words() -> _SiteWords:
    return _SiteWords.model_validate(load_bundled("site.toml"))


# Headline columns in the table (the chart shows the first).
MAX_COLUMNS = 4
# Slogans listed in the ranking, and new slogans listed per report.
MAX_SLOGANS = 40
MAX_NEW = 60


# --- grouping targets -----------------------------------------------------------------------


def _key(t: Target) -> str | None:
    """The indicator a target is grouped by (see the module docstring), or None."""
    if hasattr(t, "indicator_key"):  # the model's own key decides, where the model has one
        key = t.indicator_key
        return str(key) if key else None
    if is_indicator(t.indicator):
        return canonical_indicator(t.indicator)
    return None


@dataclass(frozen=True)
class Column:
    """A headline indicator: targets with the same key and unit, one per report."""

    key: str
    unit: str | None
    label: str

    def pick(self, doc: Document) -> Target | None:
        """The report's headline target of this indicator and unit: a figure for the year
        rather than a multi-year average, then one of the announced main targets, then the
        first in text order (``lexicons/site.toml``)."""
        found = [
            t for t in doc.targets
            if t.value is not None and _key(t) == self.key and t.unit == self.unit
        ]  # fmt: skip
        if not found:
            return None
        words = _words()
        starts = [p.start for p in doc.paragraphs]

        def announced(t: Target) -> bool:
            k = bisect.bisect_right(starts, t.start) - 1
            if k < 0:
                return False
            p = doc.paragraphs[k]
            return any(w in doc.text[p.start : p.end] for w in words.announce)

        def rank(t: Target) -> tuple[bool, bool]:
            return any(w in t.text for w in words.multi_year), not announced(t)

        return min(found, key=rank)  # min keeps the first of equals: text order


def headline_columns(docs: Sequence[Document], limit: int = MAX_COLUMNS) -> list[Column]:
    """The indicator-and-unit pairs most reports set a target for (at least two reports, or
    one when there is a single report), GDP first, then by number of reports."""
    count: Counter[tuple[str, str | None]] = Counter()
    label: dict[tuple[str, str | None], str] = {}
    first: dict[tuple[str, str | None], int] = {}
    for doc in docs:
        seen = set()
        for t in doc.targets:
            k = _key(t)
            if k is None or t.value is None:
                continue
            pair = (k, t.unit)
            seen.add(pair)
            label.setdefault(pair, canonical_indicator(t.indicator, t.kind))
            first.setdefault(pair, len(first))
        count.update(seen)
    least = 2 if len(docs) > 1 else 1
    pairs = [p for p, n in count.items() if n >= least]
    first_name = _words().first_indicator
    pairs.sort(key=lambda p: (first_name not in label[p], -count[p], first[p]))
    return [Column(k, u, label[(k, u)]) for k, u in pairs[:limit]]


# --- formatting -----------------------------------------------------------------------------

_CMP = {"~": "≈", ">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": ""}


def _num(v: Decimal) -> str:
    s = format(v, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def figure(t: Target) -> str:
    """`≈5%`, `≥5%`, `4.5–5%`, `↓3%`: a target's figure in a few characters."""
    if t.value is None:
        return ""
    unit = t.unit or ""
    if t.comparator == "range" and t.value_max is not None:
        text = f"{_num(t.value)}–{_num(t.value_max)}{unit}"
    else:
        text = f"{_CMP.get(t.comparator or '=', '')}{_num(t.value)}{unit}"
    return ("↓" if t.direction == "down" else "") + text


def _name(doc: Document, page: str) -> str:
    """How a report is named on the index: its place, else its page's file name."""
    return doc.place or Path(page).stem


def _title(doc: Document, page: str) -> str:
    return f"{_name(doc, page)} {doc.year}" if doc.year else _name(doc, page)


# --- charts (inline SVG) --------------------------------------------------------------------


def _text_width(text: str) -> int:
    """Width of `text` at the charts' 12px: wide (CJK) characters 12, others 7."""
    return sum(12 if unicodedata.east_asian_width(c) in "WF" else 7 for c in text)


def bar_chart(rows: Sequence[tuple[str, Decimal, Decimal | None, str]], caption: str) -> str:
    """Horizontal bars, one per `(label, value, value_max, text)`, longest first."""
    if not rows:
        return ""
    rows = sorted(rows, key=lambda r: (-(r[2] if r[2] is not None else r[1]), r[0]))
    top = max(max(r[1], r[2] or r[1]) for r in rows)
    scale = float(top) if top > 0 else 1.0
    label_w = min(max(_text_width(r[0]) for r in rows) + 10, 200)
    value_w = max(_text_width(r[3]) for r in rows) + 10
    bar_w, row_h = 240, 24
    width = label_w + bar_w + value_w
    height = row_h * len(rows) + 8
    out = [
        f'<svg class="ps-chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'role="img" aria-label="{escape(caption)}">'
    ]
    for i, (label, value, value_max, text) in enumerate(rows):
        y = 4 + i * row_h
        w = bar_w * max(float(value), 0.0) / scale
        out.append(
            f'<text class="ps-label" x="{label_w - 6}" y="{y + 15}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        out.append(f'<rect class="ps-bar" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="15"/>')
        end = w
        if value_max is not None and value_max > value:
            extra = bar_w * float(value_max - value) / scale
            out.append(
                f'<rect class="ps-bar-range" x="{label_w + w:.1f}" y="{y + 3}" '
                f'width="{extra:.1f}" height="15"/>'
            )
            end += extra
        out.append(
            f'<text class="ps-value" x="{label_w + end + 5:.1f}" y="{y + 15}">{escape(text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def series_chart(
    points: Sequence[tuple[int, Decimal | None, Decimal | None]], caption: str, unit: str
) -> str:
    """Target against outcome by year: two lines over `(year, target, outcome)`."""
    values = [v for _, a, b in points for v in (a, b) if v is not None]
    if len(points) < 2 or not values:
        return ""
    lo, hi = min(min(values), Decimal(0)), max(values)
    span = float(hi - lo) or 1.0
    left, right, top, bottom, width, height = 44, 16, 14, 30, 420, 190
    plot_w, plot_h = width - left - right, height - top - bottom
    first, last = points[0][0], points[-1][0]

    def x(year: int) -> float:
        return left + plot_w * (year - first) / ((last - first) or 1)

    def y(v: Decimal) -> float:
        return top + plot_h * (1 - float(v - lo) / span)

    out = [
        f'<svg class="ps-chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'role="img" aria-label="{escape(caption)}">',
        f'<line class="ps-axis" x1="{left}" y1="{y(lo):.1f}" x2="{width - right}" '
        f'y2="{y(lo):.1f}"/>',
        f'<text class="ps-value" x="{left - 6}" y="{y(hi) + 4:.1f}" text-anchor="end">'
        f"{escape(_num(hi) + unit)}</text>",
        f'<text class="ps-value" x="{left - 6}" y="{y(lo) + 4:.1f}" text-anchor="end">'
        f"{escape(_num(lo) + unit)}</text>",
    ]
    for year, _, _ in points:
        out.append(
            f'<text class="ps-label" x="{x(year):.1f}" y="{height - 10}" '
            f'text-anchor="middle">{year}</text>'
        )
    for kind, pick in (("target", 0), ("outcome", 1)):
        marks = [(year, v) for year, *vs in points if (v := vs[pick]) is not None]
        if len(marks) > 1:
            path = " ".join(f"{x(year):.1f},{y(v):.1f}" for year, v in marks)
            out.append(f'<polyline class="ps-line-{kind}" points="{path}"/>')
        for year, v in marks:
            out.append(
                f'<circle class="ps-dot-{kind}" cx="{x(year):.1f}" cy="{y(v):.1f}" r="3.5">'
                f"<title>{year} {kind} {escape(_num(v) + unit)}</title></circle>"
            )
    out.append("</svg>")
    return "".join(out)


# --- the index page -------------------------------------------------------------------------


def _reports_table(docs: Sequence[Document], pages: Sequence[str], cols: list[Column]) -> str:
    head = "".join(
        f"<th>{escape(c.label)}{f' ({escape(c.unit)})' if c.unit else ''}</th>" for c in cols
    )
    rows = []
    order = sorted(range(len(docs)), key=lambda i: (_name(docs[i], pages[i]), docs[i].year or 0))
    for i in order:
        doc, page = docs[i], pages[i]
        cells = []
        for c in cols:
            t = c.pick(doc)
            cells.append(
                f'<td class="ps-val" title="{escape(t.text)}">{escape(figure(t))}</td>'
                if t
                else '<td class="ps-none">–</td>'
            )
        rows.append(
            f'<tr><td class="ps-place"><a href="{escape(page)}">{escape(_name(doc, page))}</a></td>'
            f"<td>{doc.year or ''}</td>{''.join(cells)}"
            f'<td class="ps-n">{len(doc.targets)}</td><td class="ps-n">{len(doc.outcomes)}</td>'
            f'<td class="ps-n">{len(doc.slogans)}</td></tr>'
        )
    return (
        '<div class="ps-scroll"><table class="ps-table"><thead><tr><th>Place</th><th>Year</th>'
        f"{head}<th>Targets</th><th>Outcomes</th><th>Slogans</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>"
    )


def _chart_section(docs: Sequence[Document], pages: Sequence[str], cols: list[Column]) -> str:
    if not cols:
        return '<p class="ps-empty">No indicator has a target in several reports.</p>'
    col = cols[0]
    rows = []
    for doc, page in zip(docs, pages, strict=True):
        t = col.pick(doc)
        if t is not None and t.value is not None:
            upper = t.value_max if t.comparator == "range" else None
            rows.append((_title(doc, page), t.value, upper, figure(t)))
    caption = f"{col.label} targets" + (f" ({col.unit})" if col.unit else "")
    note = (
        '<p class="ps-note">One bar per report, highest first; a range is drawn to its upper '
        "end in a lighter shade.</p>"
    )
    return f"<h3>{escape(caption)}</h3>{bar_chart(rows, caption)}{note}"


def _formulas(doc: Document) -> dict[str, str]:
    """The formulas of a report's slogans, in order of first use: the name its written forms
    share (`Slogan.canonical`), keyed without enumeration commas (`formula_key`: a canonical
    given by hand may keep them)."""
    out: dict[str, str] = {}
    for s in doc.slogans:
        out.setdefault(formula_key(s.canonical), s.canonical)
    return out


def slogan_ranking(docs: Sequence[Document], pages: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(slogan, the reports that use it), most used first, then in order of first use; the
    written forms of one formula count as one (`Slogan.canonical`)."""
    users: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for doc, page in zip(docs, pages, strict=True):
        for key, name in _formulas(doc).items():
            names.setdefault(key, name)
            users[key].append(_title(doc, page))
    ranked = sorted(users.items(), key=lambda kv: -len(kv[1]))
    return [(names[key], reports) for key, reports in ranked]


def new_slogans(docs: Sequence[Document]) -> list[tuple[int, int, list[str]]]:
    """For each report with an earlier report of the same place: (its index, the index of the
    place's latest earlier report, the formulas it has that the earlier one has not, by
    `Slogan.canonical`)."""
    by_place: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        if d.place and d.year:
            by_place[d.place].append(i)
    out = []
    for idxs in by_place.values():
        idxs.sort(key=lambda i: docs[i].year or 0)
        for prev, cur in itertools.pairwise(idxs):
            if docs[prev].year == docs[cur].year:
                continue
            before = _formulas(docs[prev])
            new = [name for key, name in _formulas(docs[cur]).items() if key not in before]
            out.append((cur, prev, new))
    return sorted(out, key=lambda x: (docs[x[0]].place or "", docs[x[0]].year or 0))


def _some(names: Sequence[str], shown: int = 6) -> str:
    """`names` joined, the first `shown` of them and how many more."""
    if len(names) <= shown + 1:
        return "、".join(names)
    return "、".join(names[:shown]) + f" and {len(names) - shown} more"


def _slogans_section(docs: Sequence[Document], pages: Sequence[str]) -> str:
    ranking = slogan_ranking(docs, pages)
    if not ranking:
        return '<p class="ps-empty">No slogans found.</p>'
    rows = "".join(
        f'<tr><td class="ps-slogan">{escape(text)}</td><td class="ps-n">{len(where)}</td>'
        f'<td class="ps-where" title="{escape("、".join(where))}">{escape(_some(where))}</td></tr>'
        for text, where in ranking[:MAX_SLOGANS]
    )
    shown = min(len(ranking), MAX_SLOGANS)
    out = [
        f"<h3>Used by the most reports ({shown} of {len(ranking)})</h3>",
        '<div class="ps-scroll"><table class="ps-table"><thead><tr><th>Slogan</th>'
        f"<th>Reports</th><th>Where</th></tr></thead><tbody>{rows}</tbody></table></div>",
    ]
    news = new_slogans(docs)
    if news:
        out.append("<h3>New against the same place's previous report</h3>")
        for cur, prev, new in news:
            items = "".join(f"<li>{escape(s)}</li>" for s in new[:MAX_NEW])
            more = (
                f'<li class="ps-more">… {len(new) - MAX_NEW} more</li>'
                if len(new) > MAX_NEW
                else ""
            )
            out.append(
                f"<details><summary>{escape(_title(docs[cur], pages[cur]))}: {len(new)} new "
                f"against {docs[prev].year}</summary>"
                f'<ul class="ps-items">{items}{more}</ul></details>'
            )
    return "".join(out)


def _status(row: TrackRow) -> str:
    return {"met": "✓ met", "missed": "✗ missed"}.get(row.status, "–")


def _track_section(docs: Sequence[Document], pages: Sequence[str], cols: list[Column]) -> str:
    by_place: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        if d.place and d.year:
            by_place[d.place].append(i)
    places = {p: idxs for p, idxs in by_place.items() if len({docs[i].year for i in idxs}) > 1}
    if not places:
        return '<p class="ps-empty">No place has reports of several years.</p>'
    out = []
    for place in sorted(places):
        idxs = sorted(places[place], key=lambda i: docs[i].year or 0)
        rows = track([docs[i] for i in idxs], place=place)
        matched = [r for r in rows if r.status != "unknown"]
        years = [docs[i].year or 0 for i in idxs]
        out.append(f"<h3>{escape(place)} {min(years)}–{max(years)}</h3>")
        if cols:
            col = cols[0]
            points: list[tuple[int, Decimal | None, Decimal | None]] = []
            for i in idxs:
                t = col.pick(docs[i])
                year = docs[i].year or 0
                hit = next(
                    (r for r in rows if t is not None and r.year == year
                     and r.target_text == t.text and r.outcome_value is not None),
                    None,
                )  # fmt: skip
                points.append((year, t.value if t else None, hit.outcome_value if hit else None))
            caption = f"{place}: {col.label} target and outcome"
            chart = series_chart(points, caption, col.unit or "")
            if chart:
                out.append(
                    f'<p class="ps-note">{escape(col.label)}'
                    f"{f' ({escape(col.unit)})' if col.unit else ''}: "
                    '<span class="ps-key-target">target</span> and '
                    '<span class="ps-key-outcome">outcome</span> reported the next year.</p>'
                    + chart
                )
        if not matched:
            out.append('<p class="ps-empty">No target matched an outcome of the next year.</p>')
            continue
        met = sum(r.status == "met" for r in matched)
        body = "".join(_track_row(r) for r in matched)
        out.append(
            f'<p class="ps-note">{met} of {len(matched)} targets with a reported outcome met '
            f"({len(rows)} targets with a figure in all).</p>"
            '<div class="ps-scroll"><table class="ps-table"><thead><tr><th>Year</th>'
            "<th>Indicator</th><th>Target</th><th>Outcome</th><th>Status</th></tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )
    return "".join(out)


def _track_row(r: TrackRow) -> str:
    target = _track_figure(r.target_comparator, r.target_value, r.target_value_max, r.target_unit)
    outcome = _num(r.outcome_value) + (r.outcome_unit or "") if r.outcome_value is not None else ""
    return (
        f"<tr><td>{r.year}</td><td>{escape(r.indicator)}</td>"
        f'<td class="ps-val" title="{escape(r.target_text)}">{escape(target)}</td>'
        f'<td class="ps-val" title="{escape(r.outcome_text or "")}">{escape(outcome)}</td>'
        f'<td class="ps-{r.status}">{_status(r)}</td></tr>'
    )


def _track_figure(
    comparator: str | None, value: Decimal | None, value_max: Decimal | None, unit: str | None
) -> str:
    if value is None:
        return ""
    if comparator == "range" and value_max is not None:
        return f"{_num(value)}–{_num(value_max)}{unit or ''}"
    return f"{_CMP.get(comparator or '=', '')}{_num(value)}{unit or ''}"


_CSS = """
html,body{margin:0;padding:0;background:#fff}
body{-webkit-text-size-adjust:100%;text-size-adjust:100%}
.ps{--ps-ink:#1f2933;--ps-muted:#61707f;--ps-rule:#d9dee4;--ps-side:#f6f7f9;
 --ps-target:#f59e0b;--ps-target-light:#fcd34d;--ps-outcome:#8b5cf6;
 color:var(--ps-ink);font-family:system-ui,-apple-system,"Segoe UI","PingFang SC",
 "Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",
 "WenQuanYi Micro Hei",sans-serif;font-size:16px;line-height:1.5;
 max-width:60em;margin:0 auto;padding:.8em 1em 2em}
.ps *{box-sizing:border-box}
.ps h1{font-size:1.3em;margin:.2em 0}
.ps h2{font-size:1.15em;margin:1.6em 0 .5em;padding-top:.6em;border-top:1px solid var(--ps-rule)}
.ps h3{font-size:1em;margin:1.2em 0 .4em}
.ps-sub,.ps-note,.ps-empty,.ps-where,.ps-more{color:var(--ps-muted);font-size:.85em}
.ps-empty{font-style:italic}
.ps nav{display:flex;flex-wrap:wrap;gap:.3em 1em;font-size:.9em}
.ps a{color:inherit}
.ps-scroll{overflow-x:auto;max-width:100%}
.ps-table{border-collapse:collapse;width:100%;font-size:.85em}
.ps-table th,.ps-table td{padding:.3em .45em;border-bottom:1px solid var(--ps-rule);
 text-align:left;vertical-align:top}
.ps-table th{background:var(--ps-side);font-weight:600;color:var(--ps-muted)}
.ps-val,.ps-n,.ps-place{white-space:nowrap;font-variant-numeric:tabular-nums}
.ps-n{text-align:right}
.ps-none{color:var(--ps-muted)}
.ps-slogan{font-weight:600;overflow-wrap:anywhere}
.ps-met{color:#047857;white-space:nowrap}
.ps-missed{color:#b91c1c;white-space:nowrap}
.ps-chart{display:block;max-width:100%;height:auto}
.ps-chart text{font-size:12px;fill:var(--ps-ink)}
.ps-chart .ps-value{fill:var(--ps-muted)}
.ps-bar{fill:var(--ps-target)}
.ps-bar-range{fill:var(--ps-target-light)}
.ps-axis{stroke:var(--ps-rule);stroke-width:1}
.ps-line-target{fill:none;stroke:var(--ps-target);stroke-width:2}
.ps-line-outcome{fill:none;stroke:var(--ps-outcome);stroke-width:2;stroke-dasharray:5 3}
.ps-dot-target{fill:var(--ps-target)}
.ps-dot-outcome{fill:var(--ps-outcome)}
.ps-key-target{border-bottom:3px solid var(--ps-target)}
.ps-key-outcome{border-bottom:3px dashed var(--ps-outcome)}
.ps details{margin:.3em 0}
.ps summary{cursor:pointer}
.ps-items{list-style:none;margin:.3em 0 .6em;padding:0;display:flex;flex-wrap:wrap;gap:.35em;
 font-size:.85em}
.ps-items li{padding:.05em .45em;border-radius:3px;background:#bfdbfe}
.ps-items li.ps-more{background:none}
.ps footer{margin-top:2em;color:var(--ps-muted);font-size:.8em}
"""


def index_html(docs: Sequence[Document], pages: Sequence[str]) -> str:
    """The index page of `docs`, whose own pages are the relative links `pages`."""
    if len(docs) != len(pages):
        raise ValueError("one page name per document")
    cols = headline_columns(docs)
    places = sorted({_name(d, p) for d, p in zip(docs, pages, strict=True)})
    years = sorted({d.year for d in docs if d.year})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    sub = f"{len(docs)} reports · {len(places)} places" + (f" · {span}" if span else "")
    return f"""{page_head("Reports compared", _CSS)}
<div class="ps">
<header>
<h1>Government work reports compared</h1>
<div class="ps-sub">{escape(sub)}</div>
<nav aria-label="Parts"><a href="#reports">Reports</a><a href="#chart">Chart</a>
<a href="#slogans">Slogans</a><a href="#track">Promised and delivered</a></nav>
</header>
<main>
<section id="reports" aria-labelledby="h-reports">
<h2 id="h-reports">Reports and headline targets</h2>
{_reports_table(docs, pages, cols)}
</section>
<section id="chart" aria-labelledby="h-chart">
<h2 id="h-chart">One indicator across reports</h2>
{_chart_section(docs, pages, cols)}
</section>
<section id="slogans" aria-labelledby="h-slogans">
<h2 id="h-slogans">Slogans</h2>
{_slogans_section(docs, pages)}
</section>
<section id="track" aria-labelledby="h-track">
<h2 id="h-track">Promised and delivered</h2>
{_track_section(docs, pages, cols)}
</section>
</main>
<footer>Made by policytext from the reports' text alone. Each report's page shows where every
figure was read.</footer>
</div>
</body>
</html>
"""


# --- writing the site -----------------------------------------------------------------------


def page_names(docs: Sequence[Document]) -> list[str]:
    """A distinct page file name per report: its file's stem (else place and year), `.html`."""
    out: list[str] = []
    used: set[str] = set()
    for i, d in enumerate(docs):
        if d.source.path:
            stem = Path(d.source.path).stem
        else:
            stem = "_".join(x for x in (d.place, str(d.year) if d.year else None) if x)
        stem = stem or f"report{i + 1}"
        name, n = f"{stem}.html", 2
        while name in used or name == "index.html":
            name, n = f"{stem}-{n}.html", n + 1
        used.add(name)
        out.append(name)
    return out


def build_site(documents: Iterable[Document], out_dir: str | Path) -> Path:
    """Write ``index.html`` and one page per report into `out_dir`; return the index's path."""
    from .html import to_html

    docs = list(documents)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages = page_names(docs)
    for doc, page in zip(docs, pages, strict=True):
        (out / page).write_text(to_html(doc), encoding="utf-8")
    index = out / "index.html"
    index.write_text(index_html(docs, pages), encoding="utf-8")
    return index
