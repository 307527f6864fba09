"""Build hook: compiles the parsing modules of policytext with Cython (see `policytext._speedups`).

A wheel gets the compiled modules in `policytext/_compiled/` (and a platform tag); an editable
install (`pip install -e .`) gets them in `src/policytext/_compiled/`. Without Cython or a C
compiler, or with ``POLICYTEXT_PURE=1``, the package is built pure Python, with a warning.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _speedups_module(root: Path) -> Any:
    """`policytext._speedups`, loaded by path (it imports only the standard library)."""
    path = root / "src" / "policytext" / "_speedups.py"
    spec = importlib.util.spec_from_file_location("_policytext_speedups", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def compile_modules(root: Path, out: Path) -> list[Path]:
    """Compile the modules of `_speedups.MODULES` into `out`, with their manifest; the files
    written (the manifest last)."""
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    speedups = _speedups_module(root)
    src = root / "src"
    package_dir = src / "policytext"
    names = list(speedups.MODULES)
    sources = {name: speedups.source_of(name, package_dir) for name in names}
    hashes = {name: speedups.digest(path) for name, path in sources.items()}
    jobs = max(1, min(4, os.cpu_count() or 1))
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    with tempfile.TemporaryDirectory(prefix="policytext-speedups-") as tmp:
        extensions = [Extension(name, [str(sources[name])]) for name in names]
        modules = cythonize(
            extensions,
            build_dir=os.path.join(tmp, "c"),
            nthreads=jobs,
            quiet=True,
            compiler_directives={"language_level": "3"},
        )
        dist = Distribution({"name": "policytext-speedups", "ext_modules": modules})
        build = dist.get_command_obj("build_ext")
        build.build_lib = os.path.join(tmp, "lib")
        build.build_temp = os.path.join(tmp, "tmp")
        build.parallel = jobs
        build.ensure_finalized()
        build.run()
        out.mkdir(parents=True, exist_ok=True)
        written = []
        entries = {}
        for name in names:
            built = (
                Path(tmp, "lib")
                .joinpath(*name.split("."))
                .with_name(name.rsplit(".", 1)[1] + suffix)
            )
            target = out / f"{name}{suffix}"
            shutil.copyfile(built, target)
            written.append(target)
            entries[name] = {"file": target.name, "sha256": hashes[name]}
    manifest = out / speedups.MANIFEST
    manifest.write_text(
        json.dumps(
            {"cache_tag": sys.implementation.cache_tag, "modules": entries},
            indent=1,
            sort_keys=True,
        ),
        encoding="utf-8",
    )
    written.append(manifest)
    return written


class SpeedupsHook(BuildHookInterface):
    """Compiles the parsing modules for a wheel or an editable install."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        if os.environ.get("POLICYTEXT_PURE", "").strip() not in ("", "0"):
            self.app.display_info("policytext: POLICYTEXT_PURE is set, building pure Python")
            return
        editable = version == "editable"
        if editable:
            out = root / "src" / "policytext" / "_compiled"
            shutil.rmtree(out, ignore_errors=True)  # (a manifest of another source must go)
        else:
            out = Path(tempfile.mkdtemp(prefix="policytext-compiled-"))
        t0 = time.monotonic()
        try:
            files = compile_modules(root, out)
        except Exception as exc:  # no Cython, no compiler, a failed compile: pure Python
            shutil.rmtree(out, ignore_errors=True)
            self.app.display_warning(
                f"policytext: the compiled speedups were not built ({type(exc).__name__}: "
                f"{exc}); the package works the same in pure Python, about a tenth slower"
            )
            return
        self.app.display_info(
            f"policytext: compiled {len(files) - 1} modules in {time.monotonic() - t0:.0f} s"
        )
        if not editable:
            for f in files:
                build_data["force_include"][str(f)] = f"policytext/_compiled/{f.name}"
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
