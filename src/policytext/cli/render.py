"""The command `render`: one report as an HTML page (`policytext.html`), or several as a site
(`policytext.site`)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..errors import PolicyTextError
from ..html import to_html
from ..pipeline import parse
from ..site import build_site
from .options import add_reading_options
from .output import open_output

__all__ = ["cmd_site", "is_site", "register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `render` command."""
    p = subparsers.add_parser(
        "render",
        help="render a report as one self-contained HTML page",
        description="Parse a report and write an HTML page showing its text with every target, "
        "slogan and project highlighted (tooltips give their fields and rule), the section "
        "outline as navigation and the targets as a table. The page needs no network.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  policytext render seeds/jinzhou_2019_part2.txt -o report.html\n"
        "  policytext render --compact seeds/jinzhou_2019_part2.txt > fragment.html\n"
        "  policytext render reports/*.txt -o site/     (an index page comparing them, "
        "beside one page each)",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="report text file; several files or a folder make a site (see policytext.site)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to OUT instead of stdout (a folder for a site of several reports)",
    )
    p.add_argument("--compact", action="store_true", help="a fragment without page or script")
    add_reading_options(p)
    p.set_defaults(func=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    if is_site(args.files, args.output):
        return cmd_site(args)
    doc = parse(Path(args.files[0]), encoding=args.encoding, lexicons=args.lexicon)
    page = to_html(doc, compact=args.compact)
    if args.output:
        with open_output(args.output) as out:
            out.write(page)
    else:
        sys.stdout.write(page)
    return 0


# --- a site: several reports (a branch of `policytext render`) ---------------------------


def is_site(files: Sequence[str], output: str | None) -> bool:
    """Whether `policytext render FILES -o OUTPUT` makes a site: several inputs, a folder
    input, or an output that is a folder (existing, or written with a trailing slash)."""
    if len(files) > 1 or any(Path(f).is_dir() for f in files):
        return True
    return output is not None and (Path(output).is_dir() or output.endswith(("/", os.sep)))


def _inputs(files: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for f in files:
        p = Path(f)
        out.extend(sorted(p.glob("*.txt")) if p.is_dir() else [p])
    return out


def cmd_site(args: argparse.Namespace) -> int:
    """`policytext render FILES... -o DIR`: parse each input and write the site."""
    if not args.output:
        print("policytext render: several reports make a site; name its folder with -o DIR",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.compact:
        print("policytext render: --compact renders one report, not a site", file=sys.stderr)
        return 2
    paths = _inputs(args.files)
    if not paths:
        print("policytext render: no .txt report in the folder given", file=sys.stderr)
        return 1
    docs, failed = [], 0
    for path in paths:
        try:
            docs.append(parse(path, encoding=args.encoding, lexicons=args.lexicon))
        except PolicyTextError as exc:
            print(f"policytext: {exc}", file=sys.stderr)
            failed += 1
    if not docs:
        return 1
    index = build_site(docs, args.output)
    print(f"policytext render: {len(docs)} reports -> {index}", file=sys.stderr)
    return 1 if failed else 0
