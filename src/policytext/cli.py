"""The `policytext` command line: a thin shell over the library.

Exit codes: 0 when every input parsed, 1 when some failed (the others are still written),
2 for usage errors. Errors go to stderr, one line each, naming the file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import importlib.util
import io
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from .errors import InputError, PolicyTextError
from .models import Document
from .pipeline import parse
from .reader import check_encoding
from .render import summary_table, terminal_safe, tree_lines

__all__ = ["main"]

CommandFn = Callable[[argparse.Namespace], int]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    pass


def _common_input(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="report text files; - reads standard input"
    )
    add_reading_options(p)


def add_reading_options(p: argparse.ArgumentParser, *, encoding: bool = True) -> None:
    """The options every command that reads reports shares: --encoding and --lexicon."""
    if encoding:
        p.add_argument(
            "--encoding",
            type=_encoding,
            help="force an encoding, optionally with an error handler: gbk, utf-8:replace "
            "(default: BOM, then UTF-8, then GB18030)",
        )
    p.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="PATH",
        help="extra lexicon file (TOML, same schema as the bundled one); repeatable",
    )


def _encoding(value: str) -> str:
    """`--encoding` checked before any file is read: a typo is a usage error (exit 2)."""
    try:
        check_encoding(value)
    except PolicyTextError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="policytext",
        description="Structured data from Chinese government work reports.",
        formatter_class=_Formatter,
        epilog="example:\n  policytext parse seeds/jinzhou_2019_part2.txt",
    )
    from . import __version__

    ap.add_argument("--version", action="version", version=f"policytext {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser(
        "parse",
        help="parse reports: sections, targets, slogans, projects",
        description="Parse reports and print what was found. The default format is a readable "
        "table on a terminal and JSON otherwise.",
        formatter_class=_Formatter,
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
        formatter_class=_Formatter,
        epilog="example:\n  policytext sections seeds/jinzhou_2019_part2.txt",
    )
    _common_input(p)
    p.set_defaults(func=_cmd_sections)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of a parsed Document",
        description="Print the JSON Schema that `policytext parse --format json` output follows.",
        formatter_class=_Formatter,
        epilog="example:\n  policytext schema > document.schema.json",
    )
    p.set_defaults(func=_cmd_schema)

    for module in _command_modules():
        module.register_cli(sub)
    return ap


# Commands that live in modules of their own, each exposing `register_cli(subparsers)`.
# They are imported only when the command line runs, so `import policytext` stays light.
COMMAND_MODULES = ("policytext.evaluate", "policytext.batch", "policytext.html", "policytext.track")


def _command_modules() -> list[Any]:
    found = []
    for name in COMMAND_MODULES:
        if importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name))
    return found


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
            print(
                terminal_safe(
                    f"policytext: {name}: internal error ({type(exc).__name__}: {exc}); "
                    "please report it with the file"
                ),
                file=sys.stderr,
            )
            yield name, None


def _open_out(args: argparse.Namespace) -> TextIO:
    if getattr(args, "output", None):
        return open_output(args.output)
    return sys.stdout


class _AtomicOutput(io.TextIOWrapper):
    """A text file written to a hidden temporary file beside its target and renamed over it
    when closed, so that a failed or interrupted run leaves the old file as it was: closed
    while an exception is on its way (an error, Ctrl-C), the temporary file is removed."""

    def __init__(self, target: str, tmp: str, fd: int) -> None:
        super().__init__(os.fdopen(fd, "wb"), encoding="utf-8", newline="")
        self.target, self.tmp = target, tmp

    def close(self) -> None:
        if self.closed:
            return
        failing = sys.exc_info()[0] is not None
        try:
            super().close()
        finally:
            if failing:
                with contextlib.suppress(OSError):
                    os.unlink(self.tmp)
        if not failing:
            try:
                os.replace(self.tmp, self.target)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(self.tmp)
                raise


def open_output(path: str | os.PathLike[str]) -> TextIO:
    """Open `path` for writing text atomically: the content replaces the old file only when
    the file is closed without an exception in flight (see `_AtomicOutput`). A symbolic link
    is followed: the file it points to is replaced."""
    target = os.path.realpath(os.fspath(path))
    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        return _AtomicOutput(target, tmp, fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise


def _inputs_of(args: argparse.Namespace) -> list[str]:
    files = getattr(args, "files", None)
    if isinstance(files, list):
        return [str(f) for f in files]
    one = getattr(args, "file", None)
    return [str(one)] if one else []


def output_over_input(args: argparse.Namespace) -> str | None:
    """The message refusing a command whose ``-o`` file is one of its inputs (the same file,
    also through a symbolic or hard link), or None."""
    out = getattr(args, "output", None)
    if not out or getattr(args, "command", None) == "batch":  # batch: -o is a folder
        return None
    for name in _inputs_of(args):
        try:
            same = os.path.samefile(out, name)
        except (OSError, ValueError):
            same = os.path.realpath(out) == os.path.realpath(name)
        if same:
            return (
                f"-o {out} is the input {name}: writing there would destroy it; choose another "
                "output file"
            )
    return None


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
    out = _open_out(args)
    try:
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
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if failed else 0


# `item` says what a row is (target, outcome, slogan, project); `kind` is a figure's kind
# (growth, level, count, qualitative); `place` and `year` are the report's.
CSV_FIELDS = [
    "file", "place", "year", "item", "kind", "start", "end", "text", "name", "indicator",
    "indicator_key", "direction", "comparator", "value", "value_max", "unit", "base_value",
    "base_unit", "period", "status", "category", "numeral", "expansion", "rule", "section",
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


def _cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (130 when interrupted with Ctrl-C)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("policytext: interrupted", file=sys.stderr)
        return 130


def _main(argv: Sequence[str] | None) -> int:
    _utf8_stdio()
    ap = _build_parser()
    args = ap.parse_args(argv)
    func: CommandFn = args.func
    refused = output_over_input(args)
    if refused:
        print(f"policytext {args.command}: {refused}", file=sys.stderr)
        return 2
    try:
        return func(args)
    except BrokenPipeError:
        return 0
    except PolicyTextError as exc:
        print(terminal_safe(f"policytext: {exc}"), file=sys.stderr)
        return 1
    except OSError as exc:
        print(terminal_safe(f"policytext: {exc}"), file=sys.stderr)
        return 1


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and (stream.encoding or "").lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")
