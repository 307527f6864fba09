"""Compiled speedups: the modules that do the parsing, built as C extensions by Cython.

Installing policytext from source (`pip install .`, `pip install -e .`, `make env`) compiles the
modules of `MODULES` when a C compiler is at hand (`hatch_build.py` calls `build`; pip fetches
Cython for the build); without one it installs the same package, pure Python. The compiled
modules run the very same source, with Python's semantics (annotations are not made C types:
a `str` subclass or a tuple is taken wherever the source takes it), so a document parsed with
them equals one parsed without, field for field (a test compares reports of the corpus both
ways); they parse with 11% fewer instructions, in 9-15% less time.

A compiled module is used only while its source is the one it was compiled from: the build
writes the SHA-256 of every source it compiled to a manifest of the interpreter it was built
for (`_compiled/SOURCES.cpython-311.json`), and a source edited since is imported as it is now,
from the `.py` file (building again brings the speed back). A reload (`importlib.reload`,
IPython's autoreload) always runs the source, as a compiled module cannot be run twice.
``POLICYTEXT_PURE=1`` in the environment turns the compiled modules off, for the build and
for imports.

Importing this module imports only the standard library: the build loads it by path.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from pathlib import Path
    from types import ModuleType

# (`import policytext` installs the finder: what it needs to read a manifest, hash a source and
# load a module, `pathlib` included, is imported when a module of `MODULES` is first imported,
# not here: the paths below are plain strings)

__all__ = ["MODULES", "build", "install", "loaded"]

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

PACKAGE_DIR = os.path.dirname(os.path.realpath(__file__))
COMPILED_DIR = os.path.join(PACKAGE_DIR, "_compiled")
DISABLE = "POLICYTEXT_PURE"

# How Cython compiles them: Python 3 semantics, annotations left as documentation (Cython would
# otherwise check `str`, `tuple`... arguments by their exact type and convert `int`, `float` and
# `bool` ones, which the source does not do).
DIRECTIVES = {"language_level": "3", "annotation_typing": False}


def manifest_name(cache_tag: str | None = None) -> str:
    """The manifest of the builds for one interpreter (`SOURCES.cpython-311.json`): builds for
    several interpreters can share the folder."""
    return f"SOURCES.{cache_tag or sys.implementation.cache_tag}.json"


def extension_suffix() -> str:
    """What a compiled module's file ends in for this interpreter and platform."""
    from importlib.machinery import EXTENSION_SUFFIXES

    return EXTENSION_SUFFIXES[0]


def source_of(name: str, package_dir: str | Path = PACKAGE_DIR) -> Path:
    """The `.py` file of module `name` (`policytext.rules.projects` -> `rules/projects.py`)."""
    from pathlib import Path

    parts = name.split(".")[1:]
    return Path(package_dir).joinpath(*parts[:-1], parts[-1] + ".py")


def digest(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    import hashlib

    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def disabled() -> bool:
    """Whether ``POLICYTEXT_PURE`` asks for the pure-Python modules."""
    return os.environ.get(DISABLE, "").strip() not in ("", "0")


def remove_build(out: Path) -> None:
    """Remove this interpreter's build from `out` (its manifest first, then its modules)."""
    (out / manifest_name()).unlink(missing_ok=True)
    suffix = extension_suffix()
    for path in out.glob(f"*{suffix}") if out.is_dir() else ():
        path.unlink(missing_ok=True)


def build(package_dir: Path, out: Path, names: Sequence[str] = MODULES) -> list[Path]:
    """Compile the modules `names` of the package in `package_dir` into `out` for this
    interpreter, with their manifest; the files written (the manifest last, once every module
    is in place). Needs Cython and setuptools, imported here; raises when a compile fails.

    The sources are copied first and the copies hashed and compiled: a source edited while the
    build runs cannot end up with another's hash."""
    import json
    import shutil
    import tempfile
    from pathlib import Path

    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    jobs = max(1, min(4, os.cpu_count() or 1))
    debug = [] if os.name == "nt" else ["-g0"]  # (no debug information: a tenth of the size)
    suffix = extension_suffix()
    with tempfile.TemporaryDirectory(prefix="policytext-speedups-") as tmp:
        copies = Path(tmp, "src")
        extensions = []
        hashes = {}
        for name in names:
            copy = source_of(name, copies / "policytext")
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source_of(name, package_dir), copy)
            hashes[name] = digest(copy)
            extensions.append(Extension(name, [str(copy)], extra_compile_args=debug))
        modules = cythonize(  # type: ignore[no-untyped-call]
            extensions,
            build_dir=os.path.join(tmp, "c"),
            nthreads=jobs,
            quiet=True,
            compiler_directives=DIRECTIVES,
        )
        dist = Distribution({"name": "policytext-speedups", "ext_modules": modules})
        step = dist.get_command_obj("build_ext")
        step.build_lib = os.path.join(tmp, "lib")
        step.build_temp = os.path.join(tmp, "tmp")
        step.parallel = jobs
        step.ensure_finalized()
        step.run()
        out.mkdir(parents=True, exist_ok=True)
        remove_build(out)
        written = []
        entries = {}
        for name in names:
            built = Path(step.get_ext_fullpath(name))
            if not built.name.endswith(suffix):
                raise RuntimeError(f"{built.name} is not named as this interpreter loads it")
            target = out / f"{name}{suffix}"
            shutil.copyfile(built, target)
            written.append(target)
            entries[name] = {"file": target.name, "sha256": hashes[name]}
    manifest = out / manifest_name()
    data = {"cache_tag": sys.implementation.cache_tag, "modules": entries}
    manifest.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    written.append(manifest)
    return written


class CompiledFinder:
    """Finds the compiled build of a module of the manifest, while its source is unchanged.

    Every other name (and a module whose source changed, or whose build is not there, or a
    module being reloaded) is left to the import system's own finders, which import the `.py`
    file."""

    def __init__(
        self, directory: str | Path = COMPILED_DIR, package_dir: str | Path = PACKAGE_DIR
    ) -> None:
        self.directory = directory
        self.package_dir = package_dir
        self._manifest: dict[str, dict[str, str]] | None = None

    def manifest(self) -> dict[str, dict[str, str]]:
        """Module name -> ``{"file": ..., "sha256": ...}``, read once (empty when unreadable)."""
        if self._manifest is None:
            import json

            try:
                with open(os.path.join(self.directory, manifest_name()), encoding="utf-8") as f:
                    text = f.read()
                data = json.loads(text)
                tag = data.get("cache_tag")
                modules = data["modules"] if tag == sys.implementation.cache_tag else {}
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
        if target is not None or not fullname.startswith("policytext.") or fullname not in MODULES:
            return None  # (`target`: a reload, which a compiled module cannot take)
        entry = self.manifest().get(fullname)
        if not isinstance(entry, dict):
            return None
        name = str(entry.get("file", ""))
        if not name.endswith(extension_suffix()):
            return None  # built for another platform or interpreter
        built = os.path.join(self.directory, name)
        try:
            fresh = os.path.isfile(built) and digest(
                source_of(fullname, self.package_dir)
            ) == entry.get("sha256")
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
    if _finder is not None or disabled() or not os.path.isdir(COMPILED_DIR):
        return
    _finder = CompiledFinder()
    sys.meta_path.insert(0, _finder)


def loaded() -> tuple[str, ...]:
    """The modules of `MODULES` running from their compiled build (imported so far)."""
    out = []
    for name in MODULES:
        module = sys.modules.get(name)
        origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
        if module is not None and os.path.dirname(origin) == COMPILED_DIR:
            out.append(name)
    return tuple(out)
