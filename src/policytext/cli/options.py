"""What the commands share: the help formatter and the options of every command that reads
reports (--encoding, --lexicon)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from ..errors import PolicyTextError
from ..reader import check_encoding

__all__ = ["CommandFn", "Formatter", "add_reading_options"]

CommandFn = Callable[[argparse.Namespace], int]


class Formatter(argparse.RawDescriptionHelpFormatter):
    pass


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
