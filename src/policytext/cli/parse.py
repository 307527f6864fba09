"""The commands `parse`, `sections`, `explain` and `schema`: parse reports and print what was
found, or why."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..errors import InputError, PolicyTextError
from ..models import Document
from ..pipeline import context_of, parse
from ..render import summary_table, terminal_safe, tree_lines
from .options import Formatter, add_reading_options
from .output import open_output

__all__ = ["CSV_FIELDS", "EXPLAIN_FIELDS", "csv_rows", "register"]


def _common_input(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="report text files; - reads standard input"
    )
    add_reading_options(p)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the commands `parse`, `sections`, `explain` and `schema`."""
    p = sub.add_parser(
        "parse",
        help="parse reports: sections, targets, slogans, projects",
        description="Parse reports and print what was found. The default format is a readable "
        "table on a terminal and JSON otherwise.",
        formatter_class=Formatter,
        epilog="examples:\n"
        "  policytext parse seeds/jinzhou_2019_part2.txt\n"
        "  policytext parse --format json -o seed.json seeds/jinzhou_2019_part2.txt\n"
        "  policytext parse --format csv reports/*.txt > items.csv",
    )
    _common_input(p)
    p.add_argument("--format", choices=("table", "json", "jsonl", "csv"), help="output format")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser(
        "sections",
        help="print the section tree of reports",
        description="Print each report's numbered section tree with roles and offsets.",
        formatter_class=Formatter,
        epilog="example:\n  policytext sections seeds/jinzhou_2019_part2.txt",
    )
    _common_input(p)
    p.set_defaults(func=_cmd_sections)

    p = sub.add_parser(
        "explain",
        help="list every slogan candidate of reports with the rule that decided it",
        description="List every quoted stretch and unquoted formula the slogan rules weighed, "
        "one tab-separated line each: the file, the offsets in the parsed text, whether it was "
        "taken as a slogan (yes, no, or project: taken, but the report builds a project of that "
        "name), the rule that decided, the text, and the words around it; tabs and line breaks "
        "in a field become spaces, and nothing is quoted. Unquoted repeats of a quoted formula "
        "are mentions of its slogan, not candidates, and are not listed. To see why a quote is "
        "(not) a slogan on your own reports.",
        formatter_class=Formatter,
        epilog="examples:\n"
        "  policytext explain seeds/jinzhou_2019_part2.txt\n"
        "  policytext explain --rejected --rule reject_no_evidence reports/*.txt",
    )
    _common_input(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--accepted", action="store_true", help="only the slogans taken")
    which.add_argument("--rejected", action="store_true", help="only the candidates turned down")
    p.add_argument(
        "--rule", action="append", default=[], metavar="NAME", help="only this rule; repeatable"
    )
    p.set_defaults(func=_cmd_explain)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of a parsed Document",
        description="Print the JSON Schema that `policytext parse --format json` output follows.",
        formatter_class=Formatter,
        epilog="example:\n  policytext schema > document.schema.json",
    )
    p.set_defaults(func=_cmd_schema)


STDIN = "-"


def _read_input(name: str, args: argparse.Namespace, seen_stdin: list[bool]) -> Document:
    """Parse the file `name`, or standard input for ``-`` (read once: its bytes, decoded as
    a file's are)."""
    if name != STDIN:
        return parse(Path(name), encoding=args.encoding, lexicons=args.lexicon)
    if seen_stdin[0]:
        raise InputError("-: standard input is read only once; name it once")
    seen_stdin[0] = True
    return parse(sys.stdin.buffer.read(), encoding=args.encoding, lexicons=args.lexicon)


def _docs(args: argparse.Namespace) -> Iterator[tuple[str, Document | None]]:
    """Parse each input (``-`` is standard input); report failures on stderr and yield None
    for them."""
    seen_stdin = [False]
    for name in args.files:
        try:
            yield name, _read_input(name, args, seen_stdin)
        except PolicyTextError as exc:
            print(terminal_safe(f"policytext: {exc}"), file=sys.stderr)
            yield name, None
        except Exception as exc:  # a bug must not cost the other files their output
            _internal_error(name, exc)
            yield name, None


def _internal_error(name: str, exc: Exception) -> None:
    """Report a bug met on the file `name` on stderr, one line."""
    print(
        terminal_safe(
            f"policytext: {name}: internal error ({type(exc).__name__}: {exc}); "
            "please report it with the file"
        ),
        file=sys.stderr,
    )


def _open_out(args: argparse.Namespace, stack: contextlib.ExitStack) -> TextIO:
    """The output of a command: the ``-o`` file, committed when `stack` closes without an
    exception, else standard output."""
    if getattr(args, "output", None):
        return stack.enter_context(open_output(args.output))
    return sys.stdout


# The format an output file's suffix implies when --format is not given.
_SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


def _parse_format(args: argparse.Namespace) -> tuple[str, str | None]:
    """The output format of `parse`, and the usage error when the output cannot take it."""
    fmt: str | None = args.format
    out = Path(args.output) if args.output else None
    if fmt is None and out is not None:
        fmt = _SUFFIX_FORMATS.get(out.suffix.lower())
    if fmt is None:
        fmt = "table" if out is None and sys.stdout.isatty() else "json"
    if fmt == "jsonl" and out is not None and out.suffix.lower() == ".json":
        return fmt, (
            f"{out}: JSON Lines (--format jsonl) is not one JSON document; name the output "
            "*.jsonl, or use --format json for one JSON array of all reports"
        )
    return fmt, None


def _cmd_parse(args: argparse.Namespace) -> int:
    fmt, usage = _parse_format(args)
    if usage is not None:
        print(f"policytext parse: error: {usage}", file=sys.stderr)
        return 2
    # --format json writes one document for one input, and one array for several.
    array = fmt == "json" and len(args.files) > 1
    failed = 0
    written = 0
    with contextlib.ExitStack() as stack:
        out = _open_out(args, stack)
        writer = None
        if array:
            out.write("[")
        for name, doc in _docs(args):
            if doc is None:
                failed += 1
                continue
            if fmt == "table":
                out.write(summary_table(doc, name) + "\n")
            elif array:
                out.write(("," if written else "") + "\n" + doc.model_dump_json(indent=2))
            elif fmt == "json":
                out.write(doc.model_dump_json(indent=2) + "\n")
            elif fmt == "jsonl":
                out.write(doc.model_dump_json() + "\n")
            else:
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
                    writer.writeheader()
                writer.writerows(csv_rows(doc, name))
            written += 1
            out.flush()
        if array:
            out.write("\n]\n")
    return 1 if failed else 0


# `item` says what a row is (target, outcome, slogan, project); `kind` is a figure's kind
# (growth, level, count, qualitative); `place` and `year` are the report's.
CSV_FIELDS = [
    "file", "place", "year", "item", "kind", "start", "end", "text", "name", "indicator",
    "indicator_key", "direction", "comparator", "value", "value_max", "unit", "base_value",
    "base_unit", "period", "status", "category", "numeral", "expansion", "canonical", "rule",
    "section",
]  # fmt: skip
_ITEM_FIELDS = set(CSV_FIELDS) - {"file", "place", "year", "item"}


def csv_rows(doc: Document, name: str) -> Iterator[dict[str, object]]:
    """One row per extracted object, all of them in one table: targets, outcomes, slogans,
    projects."""
    where = {"file": name, "place": doc.place, "year": doc.year}
    for t in doc.targets:
        yield {**where, "item": "target", **t.model_dump(include=_ITEM_FIELDS)}
    for o in doc.outcomes:
        yield {**where, "item": "outcome", **o.model_dump(include=_ITEM_FIELDS)}
    for s in doc.slogans:
        row = s.model_dump(include=_ITEM_FIELDS)
        row["expansion"] = "、".join(s.expansion) if s.expansion else None
        yield {**where, "item": "slogan", **row}
    for p in doc.projects:
        yield {**where, "item": "project", **p.model_dump(include=_ITEM_FIELDS)}


def _cmd_sections(args: argparse.Namespace) -> int:
    failed = 0
    for name, doc in _docs(args):
        if doc is None:
            failed += 1
            continue
        print(terminal_safe(name))
        for line in tree_lines(doc):
            print(line)
    return 1 if failed else 0


EXPLAIN_FIELDS = ["file", "start", "end", "slogan", "rule", "text", "context"]
_CONTEXT_CHARS = 12  # the words shown on each side of a candidate
_FLAT = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def _cmd_explain(args: argparse.Namespace) -> int:
    from ..rules.slogans import COUNTED_LIST, NAMED_ELSEWHERE, RULES, SIBLING

    names = {r.name for r in RULES} | {SIBLING, NAMED_ELSEWHERE, COUNTED_LIST}
    unknown = sorted(set(args.rule) - names)
    if unknown:
        print(
            f"policytext explain: no rule named {', '.join(unknown)}; the rules are "
            + ", ".join(sorted(names)),
            file=sys.stderr,
        )
        return 2
    failed = 0
    print("\t".join(EXPLAIN_FIELDS))
    for name, doc in _docs(args):
        if doc is None:
            failed += 1
            continue
        try:
            rows = _explained(name, doc, args)
        except Exception as exc:  # a bug must not cost the other files their output
            _internal_error(name, exc)
            failed += 1
            continue
        for row in rows:
            print("\t".join(terminal_safe(str(v).translate(_FLAT)) for v in row))
    return 1 if failed else 0


def _explained(name: str, doc: Document, args: argparse.Namespace) -> list[list[object]]:
    """The rows of `policytext explain` for one parsed report."""
    from ..rules.slogans import explain_slogans

    text = doc.text
    projects = {p.name for p in doc.projects}
    rows: list[list[object]] = []
    for d in explain_slogans(context_of(doc, lexicons=args.lexicon)):
        if (args.accepted and not d.accepted) or (args.rejected and d.accepted):
            continue
        if args.rule and d.rule not in args.rule:
            continue
        c = d.candidate
        around = text[max(0, c.start - _CONTEXT_CHARS) : c.end + _CONTEXT_CHARS]
        # (a text the rules take that names one of the report's projects is that project)
        taken = ("project" if c.text in projects else "yes") if d.accepted else "no"
        rows.append([name, c.start, c.end, taken, d.rule, c.text, around])
    return rows


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))
    return 0
