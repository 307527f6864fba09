"""The compiled build of the parsing modules: used only while fresh, and parsing alike.

`make env` (an editable install) compiles them when Cython and a C compiler are at hand. With
POLICYTEXT_REQUIRE_SPEEDUPS=1 in the environment (CI) a build that is missing or stale is an
error here, not a skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.util import module_from_spec
from pathlib import Path
from types import ModuleType

import pytest

import policytext
from policytext import _speedups
from testdata import CORPUS, SEED

SUFFIX = EXTENSION_SUFFIXES[0]  # what a build for this interpreter and platform ends in
REQUIRED = os.environ.get("POLICYTEXT_REQUIRE_SPEEDUPS", "").strip() not in ("", "0")
# Three reports of the corpus (one of them segmented) and the seed: every stage has work in each.
SAMPLES = [
    CORPUS / "raw" / "hebei_2026.txt",
    CORPUS / "raw" / "zhejiang_2026.txt",
    CORPUS / "segmented" / "henan_2026.txt",
    SEED,
]


def _package(tmp_path: Path, source: str = "X = 1\n") -> tuple[Path, Path]:
    """A package folder holding `rules/projects.py` and an empty folder of compiled modules."""
    package = tmp_path / "policytext"
    (package / "rules").mkdir(parents=True)
    (package / "rules" / "projects.py").write_text(source, encoding="utf-8")
    compiled = package / "_compiled"
    compiled.mkdir()
    return package, compiled


def _manifest(compiled: Path, entries: dict[str, dict[str, str]], tag: str | None = None) -> None:
    data = {"cache_tag": tag or sys.implementation.cache_tag, "modules": entries}
    (compiled / _speedups.manifest_name()).write_text(json.dumps(data), encoding="utf-8")


def _fresh_build(tmp_path: Path) -> tuple[Path, Path, Path]:
    """`_package` with a (dummy) build of `rules/projects.py` listed as fresh in its manifest."""
    package, compiled = _package(tmp_path)
    built = compiled / f"policytext.rules.projects{SUFFIX}"
    built.write_bytes(b"")
    sha = _speedups.digest(package / "rules" / "projects.py")
    _manifest(compiled, {"policytext.rules.projects": {"file": built.name, "sha256": sha}})
    return package, compiled, built


def test_a_fresh_build_is_found_in_place_of_the_source(tmp_path: Path) -> None:
    package, compiled, built = _fresh_build(tmp_path)
    spec = _speedups.CompiledFinder(compiled, package).find_spec("policytext.rules.projects")
    assert spec is not None
    assert spec.name == "policytext.rules.projects"
    assert spec.origin == str(built)


def test_a_module_edited_since_its_build_is_imported_from_its_source(tmp_path: Path) -> None:
    package, compiled, _ = _fresh_build(tmp_path)
    (package / "rules" / "projects.py").write_text("X = 2\n", encoding="utf-8")
    assert (
        _speedups.CompiledFinder(compiled, package).find_spec("policytext.rules.projects") is None
    )


def test_a_build_for_another_python_or_a_missing_file_is_not_used(tmp_path: Path) -> None:
    package, compiled = _package(tmp_path)
    sha = _speedups.digest(package / "rules" / "projects.py")
    here = f"policytext.rules.projects{SUFFIX}"
    entry = {"policytext.rules.projects": {"file": here, "sha256": sha}}
    _manifest(compiled, entry)
    finder = _speedups.CompiledFinder(compiled, package)
    assert finder.find_spec("policytext.rules.projects") is None  # (no such file)
    (compiled / here).write_bytes(b"")
    _manifest(compiled, entry, tag="cpython-00")
    finder = _speedups.CompiledFinder(compiled, package)
    assert finder.find_spec("policytext.rules.projects") is None  # (another interpreter's)
    other = "policytext.rules.projects.cpython-311-other-platform.so"
    (compiled / other).write_bytes(b"")
    _manifest(compiled, {"policytext.rules.projects": {"file": other, "sha256": sha}})
    finder = _speedups.CompiledFinder(compiled, package)
    assert finder.find_spec("policytext.rules.projects") is None  # (another platform's)


def test_a_reload_runs_the_source(tmp_path: Path) -> None:
    package, compiled, _ = _fresh_build(tmp_path)
    finder = _speedups.CompiledFinder(compiled, package)
    assert finder.find_spec("policytext.rules.projects") is not None
    # (`importlib.reload` passes the module: a compiled module cannot be run a second time)
    module = ModuleType("policytext.rules.projects")
    assert finder.find_spec("policytext.rules.projects", None, module) is None


def test_names_it_was_not_asked_to_build_are_left_to_the_import_system(tmp_path: Path) -> None:
    package, compiled = _package(tmp_path)
    (compiled / f"x{SUFFIX}").write_bytes(b"")
    entries = {
        name: {"file": f"x{SUFFIX}", "sha256": "0"}
        for name in ("policytext.models", "policytext.cli", "json")
    }
    _manifest(compiled, entries)
    finder = _speedups.CompiledFinder(compiled, package)
    assert all(finder.find_spec(name) is None for name in entries)


def test_no_manifest_or_a_broken_one_means_no_compiled_module(tmp_path: Path) -> None:
    package, compiled = _package(tmp_path)
    finder = _speedups.CompiledFinder(compiled, package)
    assert finder.find_spec("policytext.rules.projects") is None
    (compiled / _speedups.manifest_name()).write_text("{not json", encoding="utf-8")
    assert (
        _speedups.CompiledFinder(compiled, package).find_spec("policytext.rules.projects") is None
    )


def test_every_module_it_builds_is_a_module_of_the_package() -> None:
    package = Path(policytext.__file__).parent
    for name in _speedups.MODULES:
        assert _speedups.source_of(name, package).is_file(), name


def _loaded_here() -> tuple[str, ...]:
    policytext.parse_text("二、2026年工作安排\n地区生产总值增长6%左右。")
    return _speedups.loaded()


def test_the_build_is_used_where_it_is_fresh() -> None:
    loaded = _loaded_here()
    if not loaded:
        if REQUIRED:
            pytest.fail("POLICYTEXT_REQUIRE_SPEEDUPS is set but no compiled module was imported")
        pytest.skip("no compiled build here (make env builds it with Cython and a C compiler)")
    if REQUIRED:
        assert loaded == _speedups.MODULES  # a clean build: every module compiled and used
        return
    # a module edited since the build runs from its source (`make speedups` compiles it again)
    manifest = _speedups.CompiledFinder().manifest()
    for name in _speedups.MODULES:
        fresh = manifest.get(name, {}).get("sha256") == _speedups.digest(_speedups.source_of(name))
        assert (name in loaded) == fresh, name


PURE_SCRIPT = """
import json, sys
import policytext
from policytext import _speedups
docs = [policytext.parse(p).model_dump_json() for p in sys.argv[1:]]
print(json.dumps({"loaded": _speedups.loaded(), "docs": docs}))
"""


def test_compiled_and_pure_modules_give_the_same_documents() -> None:
    if not _loaded_here():
        if REQUIRED:
            pytest.fail("POLICYTEXT_REQUIRE_SPEEDUPS is set but no compiled module was imported")
        pytest.skip("no compiled build to compare with")
    env = {**os.environ, "POLICYTEXT_PURE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", PURE_SCRIPT, *map(str, SAMPLES)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    pure = json.loads(out.stdout)
    assert pure["loaded"] == []  # POLICYTEXT_PURE turned them off
    compiled = [policytext.parse(p).model_dump_json() for p in SAMPLES]
    for path, a, b in zip(SAMPLES, compiled, pure["docs"], strict=True):
        assert a == b, path.name


def test_compiled_modules_take_what_the_source_takes() -> None:
    # (Cython would make annotations C types: a `str` subclass, as an HTML parser or numpy
    # hands out, would be refused where the source takes it; `_speedups.DIRECTIVES` say no)
    if not _loaded_here():
        pytest.skip("no compiled build here")

    class Text(str):
        pass

    text = SEED.read_text(encoding="utf-8")
    plain = policytext.parse_text(text)
    assert policytext.parse_text(Text(text)).model_dump_json() == plain.model_dump_json()
    from policytext.rules.resolve import resolve

    kinds = (plain.targets, plain.slogans, plain.projects, plain.outcomes)  # (tuples, not lists)
    assert [len(k) for k in resolve(*kinds)] == [len(k) for k in kinds]


TINY = """
def shout(text: str, times: int = 2) -> str:
    return text * times + "!"
"""


def _cython() -> None:
    try:
        import Cython  # noqa: F401
        import setuptools  # noqa: F401
    except ImportError:
        if REQUIRED:
            pytest.fail("POLICYTEXT_REQUIRE_SPEEDUPS is set but Cython or setuptools is missing")
        pytest.skip("building needs Cython and setuptools (make env installs them)")


def test_a_build_is_found_loaded_and_runs_as_its_source(tmp_path: Path) -> None:
    _cython()
    package, _ = _package(tmp_path)
    (package / "periods.py").write_text(TINY, encoding="utf-8")  # (a name of MODULES)
    out = tmp_path / "out"
    written = _speedups.build(package, out, ["policytext.periods"])
    assert [p.name for p in written] == [f"policytext.periods{SUFFIX}", _speedups.manifest_name()]
    spec = _speedups.CompiledFinder(out, package).find_spec("policytext.periods")
    assert spec is not None and spec.origin == str(out / f"policytext.periods{SUFFIX}")
    module = module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    assert type(module.shout).__name__ != "function"  # (compiled)

    class Text(str):
        pass

    assert module.shout(Text("ab"), 3) == "ababab!"  # (a `str` subclass, as the source takes)
    assert module.shout("ab") == "abab!"
    (package / "periods.py").write_text(TINY + "\n# edited\n", encoding="utf-8")
    assert _speedups.CompiledFinder(out, package).find_spec("policytext.periods") is None


def test_a_failed_build_writes_no_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _cython()
    package, _ = _package(tmp_path)
    (package / "periods.py").write_text(TINY, encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setenv("CC", "false")  # a compiler that always fails
    with pytest.raises(Exception):  # noqa: B017 (setuptools' own error type, whichever it is)
        _speedups.build(package, out, ["policytext.periods"])
    assert not (out / _speedups.manifest_name()).exists()
