"""The `policytext` command line: a thin shell over the library, one module per command.

Exit codes: 0 when every input parsed, 1 when some failed (the others are still written),
2 for usage errors. Errors go to stderr, one line each, naming the file.

This package is the only part of policytext that reads command-line arguments: each module
adds its commands to the parser (`register`) and runs them by calling library functions.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from .._version import __version__
from ..errors import PolicyTextError
from ..render import terminal_safe
from . import batch, evaluate, parse, render, track
from .options import CommandFn, Formatter
from .output import output_over_input

__all__ = ["main"]

# The commands' modules, in the order `policytext --help` lists their commands.
COMMANDS = (parse, evaluate, batch, render, track)


def _build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="policytext",
        description="Structured data from Chinese government work reports.",
        formatter_class=Formatter,
        epilog="example:\n  policytext parse seeds/jinzhou_2019_part2.txt",
    )
    ap.add_argument("--version", action="version", version=f"policytext {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMANDS:
        module.register(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (130 when interrupted with Ctrl-C)."""
    try:
        code = _main(argv)
    except KeyboardInterrupt:
        print("policytext: interrupted", file=sys.stderr)
        code = 130
    if code == 130:  # Ctrl-C was handled, here or by the command (`batch` keeps its output)
        _forget_interrupt()
    return code


def _forget_interrupt() -> None:
    """Make the interpreter forget the Ctrl-C that `main` has handled.

    When a KeyboardInterrupt escapes code that runs from a string (``exec`` of source text, as
    `dataclasses` and `collections.namedtuple` do while the rule modules load on the first
    parse), CPython remembers it even though a caller catches it; under ``python -m
    policytext`` the interpreter then ends itself with SIGINT at exit instead of the exit code
    `main` returns. Running code from a string that ends normally clears that memory.
    """
    exec("")


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
