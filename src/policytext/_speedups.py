"""Compiled speedups: the modules that do the parsing, built as C extensions by Cython.

Installing policytext from source (`pip install .`, `pip install -e .`, `make env`) compiles the
modules of `MODULES` when Cython and a C compiler are at hand (`hatch_build.py`); without them
it installs the same package, pure Python. The compiled modules run the very same source, so a
document parsed with them equals one parsed without, field for field (a test compares reports of
the corpus both ways); they parse with 14% fewer instructions, in 9-15% less time.

A compiled module is used only while its source is the one it was compiled from: the build
writes the SHA-256 of every source it compiled to `_compiled/SOURCES.json`, and a source
edited since is imported as it is now, from the `.py` file (so an edit takes effect at once;
building again brings the speed back). ``POLICYTEXT_PURE=1`` in the environment turns the
compiled modules off, for the build and for imports.

This module imports only the standard library: the build loads it by path to read `MODULES`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec
    from types import ModuleType

# (`import policytext` installs the finder: what it needs to read a manifest, hash a source and
# load a module is imported when a module of `MODULES` is first imported, not here)

__all__ = ["MODULES", "install", "loaded"]

# The modules that do the parsing: the rule stages and what they call for every clause. (Not the
# models, the command line or the readers: they run once a document, or not at all in parse.)
MODULES = (
    "policytext.indicators",
    "policytext.normalize",
    "policytext.numbers",
    "policytext.patterns",
    "policytext.periods",
    "policytext.sections",
    "policytext.rules.context",
    "policytext.rules.names",
    "policytext.rules.outcomes",
    "policytext.rules.projects",
    "policytext.rules.resolve",
    "policytext.rules.slogans",
    "policytext.rules.targets",
)

PACKAGE_DIR = Path(__file__).resolve().parent
COMPILED_DIR = PACKAGE_DIR / "_compiled"
MANIFEST = "SOURCES.json"
DISABLE = "POLICYTEXT_PURE"


def source_of(name: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """The `.py` file of module `name` (`policytext.rules.projects` -> `rules/projects.py`)."""
    parts = name.split(".")[1:]
    return package_dir.joinpath(*parts[:-1], parts[-1] + ".py")


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def disabled() -> bool:
    """Whether ``POLICYTEXT_PURE`` asks for the pure-Python modules."""
    return os.environ.get(DISABLE, "").strip() not in ("", "0")


class CompiledFinder:
    """Finds the compiled build of a module of the manifest, while its source is unchanged.

    Every other name (and a module whose source changed, or whose build is not there) is left
    to the import system's own finders, which import the `.py` file."""

    def __init__(self, directory: Path = COMPILED_DIR, package_dir: Path = PACKAGE_DIR) -> None:
        self.directory = directory
        self.package_dir = package_dir
        self._manifest: dict[str, dict[str, str]] | None = None

    def manifest(self) -> dict[str, dict[str, str]]:
        """Module name -> ``{"file": ..., "sha256": ...}``, read once (empty when unreadable)."""
        if self._manifest is None:
            import json

            try:
                data = json.loads((self.directory / MANIFEST).read_text(encoding="utf-8"))
                modules = (
                    data["modules"] if data.get("cache_tag") == sys.implementation.cache_tag else {}
                )
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                modules = {}
            self._manifest = modules if isinstance(modules, dict) else {}
        return self._manifest

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if not fullname.startswith("policytext.") or fullname not in MODULES:
            return None
        entry = self.manifest().get(fullname)
        if not isinstance(entry, dict):
            return None
        from importlib.machinery import EXTENSION_SUFFIXES

        name = str(entry.get("file", ""))
        if not name.endswith(EXTENSION_SUFFIXES[0]):
            return None  # built for another platform or interpreter
        built = self.directory / name
        try:
            fresh = built.is_file() and digest(source_of(fullname, self.package_dir)) == entry.get(
                "sha256"
            )
        except OSError:
            return None
        if not fresh:
            return None
        from importlib.util import spec_from_file_location

        return spec_from_file_location(fullname, built)


_finder: CompiledFinder | None = None


def install() -> None:
    """Put the finder of compiled modules first on `sys.meta_path` (once; not when
    ``POLICYTEXT_PURE`` is set or nothing was compiled). Reads no file: the manifest is read
    when a module of `MODULES` is first imported."""
    global _finder
    if _finder is not None or disabled() or not COMPILED_DIR.is_dir():
        return
    _finder = CompiledFinder()
    sys.meta_path.insert(0, _finder)


def loaded() -> tuple[str, ...]:
    """The modules of `MODULES` imported so far from their compiled build."""
    out = []
    for name in MODULES:
        module = sys.modules.get(name)
        origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
        if module is not None and Path(origin).parent == COMPILED_DIR:
            out.append(name)
    return tuple(out)
