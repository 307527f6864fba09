"""Build hook: compiles the parsing modules of policytext with Cython (`policytext._speedups`).

A wheel gets the compiled modules in `policytext/_compiled/` (and a platform tag); an editable
install (`pip install -e .`) gets them in `src/policytext/_compiled/`, next to the builds of
other interpreters. Cython is a build requirement (pip fetches it); without a C compiler, on a
free-threaded Python, or with ``POLICYTEXT_PURE=1``, the package is built pure Python, with a
message (pip shows a build's messages with ``pip install -v``).
"""

from __future__ import annotations

import importlib.util
import shutil
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _speedups_module(root: Path) -> Any:
    """`policytext._speedups`, loaded by path (importing it imports only the standard library)."""
    path = root / "src" / "policytext" / "_speedups.py"
    spec = importlib.util.spec_from_file_location("_policytext_speedups", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class SpeedupsHook(BuildHookInterface):
    """Compiles the parsing modules for a wheel or an editable install."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._scratch: Path | None = None
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        speedups = _speedups_module(root)
        editable = version == "editable"
        in_tree = root / "src" / "policytext" / "_compiled"
        if speedups.disabled() or sysconfig.get_config_var("Py_GIL_DISABLED"):
            if editable:
                speedups.remove_build(in_tree)  # (or the old build would still be imported)
            why = "POLICYTEXT_PURE is set" if speedups.disabled() else "a free-threaded Python"
            self.app.display_info(f"policytext: {why}, building pure Python")
            return
        if editable:
            out = in_tree
        else:
            self._scratch = out = Path(tempfile.mkdtemp(prefix="policytext-compiled-"))
        t0 = time.monotonic()
        try:
            files = speedups.build(root / "src" / "policytext", out)
        except Exception as exc:  # no compiler, a failed compile: pure Python
            if editable:
                speedups.remove_build(out)
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

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)  # (copied into the wheel by now)
