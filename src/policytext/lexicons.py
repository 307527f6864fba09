"""Finding and loading the data files of `lexicons/` (shipped inside the package)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from .errors import LexiconError


@cache
def lexicon_dir() -> Path:
    """The folder holding the bundled lexicons (inside the wheel, or the source checkout)."""
    here = Path(__file__).resolve().parent
    for cand in (here / "lexicons", here.parents[1] / "lexicons"):
        if cand.is_dir():
            return cand
    raise LexiconError(f"bundled lexicons not found next to {here}; reinstall policytext")


def lexicon_path(name: str) -> Path:
    """Path of the bundled lexicon file `name` (e.g. ``"units.toml"``)."""
    return lexicon_dir() / name


def load_toml(path: str | Path) -> dict[str, Any]:
    """Read a TOML lexicon file, turning syntax errors into `LexiconError` naming the file."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise LexiconError(f"lexicon file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{p}: not valid TOML: {exc}") from None


@cache
def load_bundled(name: str) -> dict[str, Any]:
    """A bundled TOML lexicon, parsed once per process."""
    return load_toml(lexicon_path(name))
