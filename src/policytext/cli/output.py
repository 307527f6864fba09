"""Files the commands write: atomically, and never over one of their inputs."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import stat
import tempfile
from typing import TextIO

__all__ = ["open_output", "output_over_input"]


class _AtomicOutput(io.TextIOWrapper):
    """A text file written to a hidden temporary file beside its target. Used as a context
    manager, it replaces the target when the block ends normally and is thrown away when the
    block ends with an exception (an error, Ctrl-C), leaving the old file as it was. `close()`
    commits; a file dropped without being closed is thrown away, never committed half-written.
    """

    def __init__(self, target: str, tmp: str, fd: int) -> None:
        super().__init__(os.fdopen(fd, "wb"), encoding="utf-8", newline="")
        self.target, self.tmp = target, tmp

    def close(self) -> None:
        """Finish the file and put it in place of the target."""
        if self.closed:
            return
        try:
            super().close()
            os.replace(self.tmp, self.target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)
            raise

    def discard(self) -> None:
        """Close without committing: the target stays as it was."""
        if self.closed:
            return
        try:
            super().close()
        finally:
            with contextlib.suppress(OSError):
                os.unlink(self.tmp)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()

    def __del__(self) -> None:
        self.discard()


def open_output(path: str | os.PathLike[str]) -> TextIO:
    """Open `path` for writing text atomically; use it in a ``with`` block: the content
    replaces the old file only when the block ends without an exception (see
    `_AtomicOutput`). A symbolic link is followed: the file it points to is replaced."""
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
