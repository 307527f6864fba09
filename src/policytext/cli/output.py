"""Files the commands write: atomically, and never over one of their inputs."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import stat
import sys
import tempfile
from typing import TextIO

__all__ = ["open_output", "output_over_input"]


class _AtomicOutput(io.TextIOWrapper):
    """A text file written to a hidden temporary file beside its target and renamed over it
    when closed, so that a failed or interrupted run leaves the old file as it was: closed
    while an exception is on its way (an error, Ctrl-C), the temporary file is removed."""

    def __init__(self, target: str, tmp: str, fd: int) -> None:
        super().__init__(os.fdopen(fd, "wb"), encoding="utf-8", newline="")
        self.target, self.tmp = target, tmp

    def close(self) -> None:
        if self.closed:
            return
        failing = sys.exc_info()[0] is not None
        try:
            super().close()
        finally:
            if failing:
                with contextlib.suppress(OSError):
                    os.unlink(self.tmp)
        if not failing:
            try:
                os.replace(self.tmp, self.target)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(self.tmp)
                raise


def open_output(path: str | os.PathLike[str]) -> TextIO:
    """Open `path` for writing text atomically: the content replaces the old file only when
    the file is closed without an exception in flight (see `_AtomicOutput`). A symbolic link
    is followed: the file it points to is replaced."""
    target = os.path.realpath(os.fspath(path))
    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder or ".")
    try:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        return _AtomicOutput(target, tmp, fd)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        raise


def _inputs_of(args: argparse.Namespace) -> list[str]:
    files = getattr(args, "files", None)
    if isinstance(files, list):
        return [str(f) for f in files]
    one = getattr(args, "file", None)
    return [str(one)] if one else []


def output_over_input(args: argparse.Namespace) -> str | None:
    """The message refusing a command whose ``-o`` file is one of its inputs (the same file,
    also through a symbolic or hard link), or None."""
    out = getattr(args, "output", None)
    if not out or getattr(args, "command", None) == "batch":  # batch: -o is a folder
        return None
    for name in _inputs_of(args):
        try:
            same = os.path.samefile(out, name)
        except (OSError, ValueError):
            same = os.path.realpath(out) == os.path.realpath(name)
        if same:
            return (
                f"-o {out} is the input {name}: writing there would destroy it; choose another "
                "output file"
            )
    return None
