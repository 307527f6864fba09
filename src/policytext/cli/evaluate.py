"""The command `eval`: score policytext against gold annotations (`policytext.evaluate`)."""

from __future__ import annotations

import argparse
import json
import sys

from ..evaluate import evaluate
from .options import add_reading_options

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `eval` command to the `policytext` command line."""
    p = subparsers.add_parser(
        "eval",
        help="score policytext against gold annotations (precision, recall, F1)",
        description="Parse the reports that gold files annotate and print precision, recall "
        "and F1 per document and overall for targets (value match and full match), slogans, "
        "projects and sections. Texts are read from CORPUS/<variant>/<doc>.txt or "
        "CORPUS/<doc>.txt.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  policytext eval tests/gold/*.json --corpus tests/corpus --corpus seeds\n"
        "  policytext eval tests/gold/main_targets.json --corpus tests/corpus "
        "--variant segmented --show\n"
        "  policytext eval my_gold.json --corpus my_reports --format json > scores.json\n"
        "exit codes: 0 scored, 1 a report text was not found, 2 usage errors",
    )
    p.add_argument("gold", nargs="+", metavar="GOLD.json", help="gold files")
    p.add_argument(
        "--corpus",
        action="append",
        required=True,
        metavar="DIR",
        help="folder holding the report texts; repeatable (the first that has a text wins)",
    )
    p.add_argument(
        "--variant",
        default="raw",
        help="subfolder of DIR to read first, e.g. raw or segmented (default: raw)",
    )
    p.add_argument("--show", action="store_true", help="list every miss and false positive")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    add_reading_options(p, encoding=False)
    p.set_defaults(func=_cmd_eval)


def _cmd_eval(args: argparse.Namespace) -> int:
    report = evaluate(args.gold, args.corpus, variant=args.variant, lexicons=args.lexicon)
    if args.format == "json":
        data = report.as_dict()
        if not args.show:
            for d in data["docs"]:
                d.pop("findings")
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(report.table(show=args.show))
    for name in report.missing:
        print(f"policytext: no text for {name} in {', '.join(args.corpus)}", file=sys.stderr)
    return 1 if report.missing else 0
