"""Progress of long runs: `tqdm` when it is installed, a plain line otherwise.

`progress_bar` picks the display of a batch:

* ``enabled=False`` (``policytext batch --quiet``): nothing at all;
* ``enabled=None`` (the default): shown on a terminal (stderr is a tty) and in a Jupyter
  kernel, silent otherwise (a log file, a pipe);
* ``enabled=True``: always shown.

When shown on the default stream, `tqdm.auto` draws it if tqdm is installed (the notebook
widget in Jupyter, a text bar on a terminal); without tqdm, the one-line display the caller
passes as `line` (`policytext.batch.Progress`) writes to stderr, which Jupyter shows as well.
A `stream` of the caller's own (a log file, a test's buffer) always gets that plain line.

tqdm is optional (``pip install 'policytext[progress]'``) and imported only when a bar is shown.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any, Protocol, TextIO

__all__ = ["Bar", "TqdmProgress", "in_notebook", "progress_bar", "tqdm_class"]


class Bar(Protocol):
    """What a batch needs of a progress display (`total` may be set once it is known)."""

    total: int

    def advance(self, n: int = 1, *, failed: bool = False) -> None: ...

    def close(self) -> None: ...


LineFactory = Callable[..., Bar]


def in_notebook() -> bool:
    """Whether this process is a Jupyter kernel (IPython running with a kernel)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # an IPython without a running shell
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


def tqdm_class() -> Any:
    """`tqdm.auto.tqdm` (the notebook widget in Jupyter, the text bar elsewhere), or None when
    tqdm is not installed."""
    try:
        auto = importlib.import_module("tqdm.auto")
    except ImportError:
        return None
    return auto.tqdm


class TqdmProgress:
    """A tqdm bar counting files, with the failures as its postfix."""

    def __init__(self, total: int, tqdm: Any, *, stream: TextIO | None = None) -> None:
        self.done = 0
        self.failed = 0
        self.bar = tqdm(
            total=total,
            desc="policytext",
            unit="file",
            file=stream if stream is not None else sys.stderr,
            dynamic_ncols=True,
        )

    @property
    def total(self) -> int:
        return int(self.bar.total or 0)

    @total.setter
    def total(self, n: int) -> None:
        self.bar.total = n
        self.bar.refresh()

    def advance(self, n: int = 1, *, failed: bool = False) -> None:
        self.done += n
        if failed:
            self.failed += 1
            self.bar.set_postfix(failed=self.failed, refresh=False)
        self.bar.update(n)

    def close(self) -> None:
        self.bar.close()


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def progress_bar(
    total: int,
    *,
    line: LineFactory,
    stream: TextIO | None = None,
    enabled: bool | None = None,
) -> Bar:
    """The progress display of a run of `total` files (see the module docstring).

    `line(total, stream=..., enabled=...)` makes the plain one-line display.
    """
    if enabled is False:
        return line(total, stream=stream, enabled=False)
    if stream is not None:
        return line(total, stream=stream, enabled=enabled)
    shown = enabled is True or in_notebook() or _is_terminal(sys.stderr)
    if not shown:
        return line(total, stream=None, enabled=False)
    tqdm = tqdm_class()
    if tqdm is None:
        return line(total, stream=None, enabled=True)
    return TqdmProgress(total, tqdm)
