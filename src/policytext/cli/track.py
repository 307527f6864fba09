"""The command `track`: targets against the next year's outcomes (`policytext.track`)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..errors import PolicyTextError
from ..pipeline import parse
from ..track import places_of, track, write_csv
from .options import add_reading_options
from .output import open_output

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `track` command."""
    p = sub.add_parser(
        "track",
        help="align each year's targets with the next year's reported outcomes",
        description="Read reports of one or more places and write one row per target: the "
        "target, the outcome the same place's next report gives for it, and whether it was "
        "met. Rows are grouped by place, then year.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  policytext track tests/corpus/raw/hailaer_20*.txt -o hailaer.csv\n"
        "  policytext track reports/*.txt --place 海拉尔区",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="reports of one or more places")
    p.add_argument("-o", "--output", metavar="OUT", help="CSV file (default: stdout)")
    p.add_argument("--place", help="keep only reports of this place (as detected, e.g. 海拉尔区)")
    p.add_argument(
        "--year",
        action="append",
        default=[],
        type=_file_year,
        metavar="FILE=YEAR",
        help="the year of a report that does not say it; repeatable",
    )
    add_reading_options(p)
    p.set_defaults(func=_cmd_track)


def _file_year(item: str) -> tuple[str, int]:
    """`--year FILE=YEAR`, checked by argparse: anything else is a usage error (exit 2)."""
    name, _, value = item.rpartition("=")
    if not name or not re.fullmatch(r"[0-9]{4}", value):
        raise argparse.ArgumentTypeError(f"takes FILE=YEAR with a 4-digit year, not {item!r}")
    return name, int(value)


def _cmd_track(args: argparse.Namespace) -> int:
    years: dict[str, int] = dict(args.year)
    docs = []
    for name in args.files:
        doc = parse(Path(name), encoding=args.encoding, lexicons=args.lexicon)
        if name in years:
            doc = doc.model_copy(update={"year": years[name]})
        docs.append(doc)
    places = places_of(docs)
    if args.place is not None and args.place not in places:
        raise PolicyTextError(
            f"no report of {args.place!r}; the inputs name "
            + (", ".join(places) if places else "no place")
        )
    if args.place is None and len(places) > 1:
        shown = ", ".join(places[:5]) + (", ..." if len(places) > 5 else "")
        print(
            f"policytext: warning: the inputs hold reports of {len(places)} places ({shown}); "
            "each place's rows are tracked apart, grouped by place; --place PLACE keeps one",
            file=sys.stderr,
        )
    rows = track(docs, place=args.place)
    if args.output:
        with open_output(args.output) as out:  # the old file stays until the new one is whole
            write_csv(rows, out)
    else:
        write_csv(rows, None)
    return 0
