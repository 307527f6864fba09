"""Progress of a batch: tqdm when installed (notebook-aware), the plain line otherwise."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import pytest

from policytext import progress
from policytext.batch import Progress, run_batch
from policytext.cli import main

REPORT = (
    "一、2025年工作回顾\n地区生产总值增长5.2%。\n二、2026年工作安排\n地区生产总值增长5%左右。\n"
)


@pytest.fixture
def two_reports(tmp_path: Path) -> list[Path]:
    out = []
    for name in ("qinghe.txt", "yunling.txt"):
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(REPORT, encoding="utf-8")
        out.append(path)
    return out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _no_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import tqdm.auto` raise ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)


def test_tqdm_draws_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    bar = progress.progress_bar(0, line=Progress)
    assert isinstance(bar, progress.TqdmProgress)
    bar.total = 3  # known once the inputs are planned
    assert bar.total == 3
    bar.advance()
    bar.advance(failed=True)
    bar.advance()
    bar.close()
    shown = err.getvalue()
    assert "3/3" in shown and "failed=1" in shown and "policytext" in shown


def test_the_line_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_tqdm(monkeypatch)
    assert progress.tqdm_class() is None
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    bar = progress.progress_bar(2, line=Progress)
    assert isinstance(bar, Progress)
    bar.advance()
    bar.advance()
    bar.close()
    assert "2/2 files" in err.getvalue()


def test_silent_off_a_terminal_and_when_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()  # not a terminal, not a notebook
    monkeypatch.setattr(sys, "stderr", err)
    for enabled in (None, False):
        bar = progress.progress_bar(2, line=Progress, enabled=enabled)
        bar.advance()
        bar.close()
    assert err.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", _Terminal())
    quiet = progress.progress_bar(2, line=Progress, enabled=False)
    quiet.advance()
    quiet.close()
    assert sys.stderr.getvalue() == ""


def test_a_notebook_gets_the_auto_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    """In a Jupyter kernel stderr is no terminal, yet the bar is shown, by tqdm.auto."""
    shell = types.SimpleNamespace(kernel=object())
    fake = types.ModuleType("IPython")
    fake.get_ipython = lambda: shell  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", fake)
    assert progress.in_notebook()
    made: list[dict[str, object]] = []

    class FakeTqdm:
        def __init__(self, **kwargs: object) -> None:
            made.append(kwargs)

        def update(self, n: int) -> None: ...

        def set_postfix(self, **kwargs: object) -> None: ...

        def close(self) -> None: ...

    monkeypatch.setattr(progress, "tqdm_class", lambda: FakeTqdm)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    bar = progress.progress_bar(5, line=Progress)
    assert isinstance(bar, progress.TqdmProgress) and made[0]["total"] == 5
    # a console IPython (no kernel) is not a notebook
    shell.kernel = None
    assert not progress.in_notebook()


def test_batch_command_shows_progress_and_quiet_silences_it(
    two_reports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for tqdm_installed in (True, False):
        if not tqdm_installed:
            _no_tqdm(monkeypatch)
        err = _Terminal()
        monkeypatch.setattr(sys, "stderr", err)
        out = tmp_path / f"out_{tqdm_installed}"
        assert main(["batch", *map(str, two_reports), "-o", str(out), "--format", "jsonl"]) == 0
        shown = err.getvalue()
        assert ("2/2" in shown) and (("2/2 files" in shown) != tqdm_installed)
        quiet = _Terminal()
        monkeypatch.setattr(sys, "stderr", quiet)
        again = tmp_path / f"quiet_{tqdm_installed}"
        args = ["batch", *map(str, two_reports), "-o", str(again), "--format", "jsonl", "-q"]
        assert main(args) == 0
        assert quiet.getvalue() == ""


def test_a_stream_of_ones_own_gets_the_line(two_reports: list[Path], tmp_path: Path) -> None:
    log = io.StringIO()
    run_batch(two_reports, tmp_path / "o", format="jsonl", workers=1, progress=True,
              progress_stream=log)  # fmt: skip
    assert "2/2 files" in log.getvalue()


def test_a_batch_in_a_jupyter_kernel_shows_progress(
    two_reports: list[Path], tmp_path: Path
) -> None:
    """In a real kernel (stderr no terminal), the batch shows tqdm.auto's bar: the widget when
    ipywidgets is installed, else tqdm's text bar on stderr, which Jupyter shows."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("tqdm")
    code = (
        "from policytext.batch import run_batch\n"
        f"run_batch({[str(p) for p in two_reports]!r}, {str(tmp_path / 'out')!r}, "
        "format='jsonl', workers=1)\n"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outs = nb.cells[0].outputs
    assert not [o for o in outs if o["output_type"] == "error"]
    text = "".join(o.get("text", "") for o in outs if o["output_type"] == "stream")
    widget = any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outs)
    assert widget or ("2/2" in text and "policytext" in text)
    assert "files/s |" not in text  # not the plain line
