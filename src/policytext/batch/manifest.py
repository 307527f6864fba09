"""What an output folder holds: its manifest (the settings, then one line per committed part)
and the lock that lets one batch at a time write there."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Literal

from ..errors import BatchError
from .pool import _pid_alive
from .write import _write_atomic

MANIFEST = "manifest.jsonl"


@dataclasses.dataclass
class _Manifest:
    path: Path
    settings: dict[str, Any]
    parts: list[int]
    # Latest entry per path: {"path", "doc_id", "status", "part", "lexicon_hash", and for
    # errors "code", "error",...}
    files: dict[str, dict[str, Any]]

    @classmethod
    def read(cls, out_dir: Path) -> _Manifest:
        """The manifest as it stands, without checking or repairing it (for readers)."""
        path = out_dir / MANIFEST
        records, _, _ = _manifest_records(path)
        if not records or "settings" not in records[0]:
            raise BatchError(
                f"{path}: is not a policytext batch manifest; choose another output folder"
            )
        return cls._from_records(path, records)

    @classmethod
    def _from_records(cls, path: Path, records: list[dict[str, Any]]) -> _Manifest:
        parts: list[int] = []
        files: dict[str, dict[str, Any]] = {}
        for rec in records[1:]:
            number = int(rec["part"])
            parts.append(number)
            for entry in rec["files"]:
                entry = {**entry, "part": number}
                if "lexicon_hash" in rec:
                    entry["lexicon_hash"] = rec["lexicon_hash"]
                files[entry["path"]] = entry
        return cls(path, records[0]["settings"], parts, files)

    @classmethod
    def open(cls, out_dir: Path, settings: dict[str, Any]) -> _Manifest:
        path = out_dir / MANIFEST
        if not path.exists():
            _write_atomic(path, (json.dumps({"settings": settings}) + "\n").encode("utf-8"))
            return cls(path, settings, [], {})
        records, clean, whole = _manifest_records(path)
        if not records or "settings" not in records[0]:
            raise BatchError(
                f"{path}: is not a policytext batch manifest; choose another output folder"
            )
        found = records[0]["settings"]
        for key in ("format", "encoding", "lexicons"):
            if found.get(key) != settings.get(key):
                raise BatchError(
                    f"{out_dir}: was written with {key}={found.get(key)!r}, not "
                    f"{settings.get(key)!r}; rerun with the same options to resume, or write "
                    "to another output folder"
                )
        if found.get("schema") != settings.get("schema"):
            raise BatchError(
                f"{out_dir}: was written by a policytext whose tables have other columns; "
                "write to another output folder"
            )
        if found.get("version") != settings.get("version"):
            print(
                f"policytext batch: {out_dir} was started by policytext {found.get('version')}, "
                f"this is {settings.get('version')}: the rows already written stay as they are",
                file=sys.stderr,
            )
        if clean != whole:
            _write_atomic(path, clean)
        return cls._from_records(path, records)

    def commit(self, number: int, entries: list[dict[str, Any]], lexicon_hash: str) -> None:
        record = {"part": number, "lexicon_hash": lexicon_hash, "files": entries}
        try:
            line = json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: \udcXX escapes keep it
            line = json.dumps(record).encode("ascii")
        with open(self.path, "ab") as f:
            f.write(line + b"\n")
            f.flush()
            os.fsync(f.fileno())
        self.parts.append(number)
        for entry in entries:
            self.files[entry["path"]] = {**entry, "part": number, "lexicon_hash": lexicon_hash}


def _manifest_records(path: Path) -> tuple[list[dict[str, Any]], bytes, bytes]:
    """The records of a manifest up to its first torn line, those lines, and the whole file."""
    whole = path.read_bytes()
    lines = whole.split(b"\n")
    records: list[dict[str, Any]] = []
    good = 0
    for raw in lines:
        if not raw.strip():
            continue
        try:
            records.append(json.loads(raw))
        except ValueError:
            break  # a line torn by an interruption, and nothing after it counts
        good += 1
    kept = [line for line in lines if line.strip()][:good]
    return records, b"".join(line + b"\n" for line in kept), whole


LOCK = ".policytext-batch.lock"


class _FolderLock:
    """An exclusive lock on an output folder, held while a batch writes to it.

    The lock file ``OUT_DIR/.policytext-batch.lock`` holds the owner's process id, host and
    start time. Where the system has `fcntl.flock`, the lock is the kernel's, released when the
    owner exits however it exits, so a lock left by a killed batch is taken over at once;
    elsewhere a lock whose owner no longer runs (same host) is taken over.
    """

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK
        self.fd: int | None = None
        # This run's own name, written in the lock file: a Dask task checks it before it
        # writes, so that a task of a stopped batch never writes into a later batch's run.
        self.run = uuid.uuid4().hex

    def __enter__(self) -> _FolderLock:
        for _ in range(20):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                kernel = _flock(fd)
                if kernel == "held" or (kernel == "unsupported" and self._held_by_live_owner()):
                    raise BatchError(self._refusal())
                try:
                    same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
                except FileNotFoundError:
                    same = False
            except BaseException:
                os.close(fd)
                raise
            if not same:  # the owner removed the file as we opened it: lock the new one
                os.close(fd)
                continue
            self._take_over(fd)
            self.fd = fd
            return self
        raise BatchError(f"{self.path}: could not take the lock; try again")

    def _owner(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes() or b"{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _held_by_live_owner(self) -> bool:
        owner = self._owner()
        pid = owner.get("pid")
        if not isinstance(pid, int) or pid == os.getpid():
            return False
        if owner.get("host") not in (None, _host()):
            return True  # another machine's batch: cannot check it, so respect it
        return _pid_alive(pid)

    def _refusal(self) -> str:
        owner = self._owner()
        who = f"process {owner.get('pid')}" if owner.get("pid") else "another process"
        host = f" on {owner['host']}" if owner.get("host") else ""
        since = f", started {owner['started']}" if owner.get("started") else ""
        return (
            f"{self.path.parent}: another policytext batch is writing to this folder "
            f"({who}{host}{since}); wait for it to finish, or choose another output folder"
        )

    def _take_over(self, fd: int) -> None:
        owner = self._owner()
        pid = owner.get("pid")
        if isinstance(pid, int) and pid != os.getpid():
            print(
                f"policytext batch: taking over the lock of {self.path.parent} left by process "
                f"{pid}, which no longer runs",
                file=sys.stderr,
            )
        me = {
            "pid": os.getpid(),
            "host": _host(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "run": self.run,
        }
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(me).encode("utf-8"))

    def __exit__(self, *exc: object) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)  # no owner left behind where the file cannot be removed
            os.unlink(self.path)
        os.close(self.fd)  # releases the kernel lock
        self.fd = None


def _check_run(out: Path, run: str) -> None:
    """Raise `BatchError` unless the batch `run` still holds the lock of `out` (a Dask task
    checks this before writing a part; a reader of the folder elsewhere sees the same file)."""
    try:
        owner = json.loads((out / LOCK).read_bytes() or b"{}")
    except FileNotFoundError:
        owner = None
    except (OSError, ValueError):
        owner = {}
    if owner is None:
        raise BatchError(
            f"{out}: no batch holds this folder as seen from this worker; the output folder "
            "must be on a filesystem that the Dask workers and the batch share at the same path"
        )
    if not isinstance(owner, dict) or owner.get("run") != run:
        raise BatchError(f"{out}: the batch that sent this task no longer holds the folder")


def _host() -> str:
    import socket

    return socket.gethostname()


def _flock(fd: int) -> Literal["locked", "held", "unsupported"]:
    """Take the kernel lock on `fd` without waiting: ``locked``; ``held`` when another process
    holds it; ``unsupported`` on a system or filesystem without `flock`."""
    try:
        import fcntl
    except ImportError:
        return _windows_lock(fd)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return "held"
    except OSError:
        return "unsupported"
    return "locked"


def _windows_lock(fd: int) -> Literal["locked", "held", "unsupported"]:
    """The same on Windows: a lock on the file's first byte, released when the owner exits."""
    try:
        import msvcrt
    except ImportError:
        return "unsupported"
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
    except OSError:
        return "held"
    return "locked"
