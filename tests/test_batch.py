"""Batch parsing: order, tables, formats, errors, resume, and the same rows on every engine."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import policytext
from policytext import batch, tables
from policytext.batch import (
    BatchError,
    Extracted,
    FailedFile,
    FieldType,
    Progress,
    expand_inputs,
    parse_many,
    read_table,
    run_batch,
    table_names,
    table_schemas,
    table_specs,
)
from policytext.cli import main
from policytext.models import Document, Extraction
from testdata import CORPUS, ROOT, SEED

# Small reports keep the suite fast; the seed has targets, slogans and projects.
SMALL = [SEED, *(CORPUS / "raw" / n for n in ("hailaer_2014.txt", "hebei_2026.txt"))]


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    return make_inputs(tmp_path / "in")


def make_inputs(folder: Path) -> list[Path]:
    """Three good reports (one GBK-encoded) and a PDF in between, in `folder`."""
    folder.mkdir()
    out = []
    for i, src in enumerate(SMALL):
        dst = folder / f"{i}_{src.name}"
        text = src.read_text(encoding="utf-8")
        dst.write_bytes(text.encode("gb18030") if i == 1 else text.encode("utf-8"))
        out.append(dst)
    bad = folder / "1b_scan.txt"
    bad.write_bytes(b"%PDF-1.5 \x00\x01 binary")
    return [out[0], out[1], bad, out[2]]


def tables_of(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {name: read_table(out, name) for name in table_names()}


# --------------------------------------------------------------------------------------------
# parse_many


@pytest.mark.parametrize("workers", [1, 2])
def test_parse_many_yields_in_input_order(inputs: list[Path], workers: int) -> None:
    missing = inputs[0].parent / "missing.txt"
    paths = [*inputs, missing]
    results = list(parse_many(paths, workers=workers))
    assert len(results) == len(paths)
    for path, res in zip(paths, results, strict=True):
        if path.name == "1b_scan.txt":
            assert isinstance(res, FailedFile) and res.code == "PT003" and res.doc_id
        elif path == missing:
            assert isinstance(res, FailedFile) and res.code == "PT001" and res.doc_id is None
            assert "no such file" in res.message
        else:
            assert isinstance(res, Document)
            assert res == policytext.parse(path)  # same Document as parsing the file alone


def test_parse_many_is_on_the_package() -> None:
    assert policytext.parse_many is parse_many


def test_parse_many_rejects_zero_workers() -> None:
    with pytest.raises(BatchError, match="at least 1"):
        list(parse_many([SEED], workers=0))


def test_internal_errors_become_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> Document:
        raise IndexError("boom")

    monkeypatch.setattr(batch.files, "parse_text", broken)
    res = batch.extract(SEED)
    assert isinstance(res, FailedFile)
    assert res.code == "PT999" and res.error == "IndexError" and "boom" in res.message
    assert res.doc_id == batch.content_id(SEED.read_bytes())


# --------------------------------------------------------------------------------------------
# Tables derived from the models


def test_every_extracted_kind_has_a_table() -> None:
    kinds = [
        name
        for name, info in Document.model_fields.items()
        if (item := tables._tuple_item(info.annotation)) is not None
        and isinstance(item, type)
        and issubclass(item, Extraction)
    ]
    names = [s.name for s in table_specs()]
    assert names == ["documents", "sections", *kinds]
    assert {"targets", "slogans", "projects"} <= set(kinds)
    for spec in table_specs():
        cols = [c.name for c in spec.columns]
        assert cols[:2] == ["doc_id", "path"] and len(cols) == len(set(cols))
        if spec.name not in ("documents", "sections"):
            model = dict(tables._extraction_fields())[spec.name]
            keys = {"doc_id", "path", "place", "year", "position"}
            assert set(model.model_fields) | keys == set(cols)
            assert {"start", "end", "rule"} <= set(cols)


def test_rows_follow_the_document() -> None:
    res = batch.extract(SEED)
    assert isinstance(res, Extracted)
    doc = policytext.parse(SEED)
    assert res.doc_id == batch.content_id(SEED.read_bytes()) and len(res.doc_id) == 16
    (drow,) = res.tables["documents"]
    assert drow["text"] == doc.text and drow["n_targets"] == len(doc.targets)
    assert drow["n_sections"] == len(doc.iter_sections())
    sections = res.tables["sections"]
    assert [r["id"] for r in sections] == [s.id for s in doc.iter_sections()]
    for r in sections:
        assert r["parent"] == (r["id"].rsplit(".", 1)[0] if "." in r["id"] else None)
    for kind in ("targets", "slogans", "projects"):
        rows = res.tables[kind]
        objs = getattr(doc, kind)
        assert len(rows) == len(objs)
        for r, obj in zip(rows, objs, strict=True):
            assert (r["start"], r["end"], r["rule"], r["text"]) == (
                obj.start,
                obj.end,
                obj.rule,
                obj.text,
            )
    assert res.tables["targets"], "the seed report has targets"


def test_field_types() -> None:
    assert tables._field_type(int | None) == FieldType("int64", nullable=True)
    assert tables._field_type(tuple[str, ...]).describe() == "list<string>"
    assert tables._field_type(Decimal).describe() == "decimal(38,10)"
    mentions = table_schemas()["slogans"]
    desc = {c.name: c.type.describe() for c in mentions}
    assert desc["mentions"] == "list<struct<start: int64, end: int64, text: string>>"


# --------------------------------------------------------------------------------------------
# Inputs


def test_expand_inputs_folders_globs_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "sub").mkdir()
    for rel in ("a/2.txt", "a/1.txt", "a/sub/3.txt", "a/notes.md", "b.txt"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    got = expand_inputs(
        [tmp_path / "a", str(tmp_path / "*.txt"), tmp_path / "a" / "1.txt", "nope/*.txt"]
    )
    rel = [Path(p).relative_to(tmp_path).as_posix() if p.startswith("/") else p for p in got]
    assert rel[:4] == ["a/1.txt", "a/2.txt", "a/sub/3.txt", "b.txt"]
    assert len(got) == 5 and got[4].endswith("nope/*.txt")


# --------------------------------------------------------------------------------------------
# The batch: a bad file among good ones, formats, resume


def test_bad_file_among_good_ones(inputs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    nothing = str(tmp_path / "none" / "*.txt")
    code = main(["batch", *map(str, inputs), nothing, "-o", str(out), "--workers", "1", "-q"])
    assert code == 1  # some failed
    tables = tables_of(out)
    assert [Path(r["path"]).name for r in tables["documents"]] == [
        inputs[0].name,
        inputs[1].name,
        inputs[3].name,
    ]
    errors = {Path(r["path"]).name: r for r in tables["errors"]}
    assert set(errors) == {"1b_scan.txt", "*.txt"}
    assert errors["1b_scan.txt"]["code"] == "PT003" and "a PDF" in errors["1b_scan.txt"]["message"]
    assert errors["*.txt"]["code"] == "PT001" and "matches no file" in errors["*.txt"]["message"]
    assert tables["documents"][1]["source_encoding"] == "gb18030"
    # Every row of every table belongs to a parsed document.
    ids = {(r["doc_id"], r["path"]) for r in tables["documents"]}
    for name, rows in tables.items():
        if name != "errors":
            assert {(r["doc_id"], r["path"]) for r in rows} <= ids


def _canon(value: Any, ftype: FieldType, fmt: str) -> Any:
    """A cell as read back from `fmt`, brought to one form for comparison."""
    if fmt == "csv":
        if value == "":
            return None
        if ftype.base in ("list", "struct"):
            value = json.loads(value)
        elif ftype.base == "int64":
            return int(value)
        elif ftype.base == "bool":
            return {"true": True, "false": False}[value]
    if value is None:
        return None
    if ftype.base == "decimal":
        return Decimal(str(value)).normalize()
    if ftype.base == "list" and ftype.item is not None:
        return [_canon(v, ftype.item, "jsonl") for v in value]
    if ftype.base == "struct":
        return {n: _canon(value.get(n), t, "jsonl") for n, t in ftype.fields}
    return value


def test_each_format_writes_the_same_rows(inputs: list[Path], tmp_path: Path) -> None:
    seen: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for fmt in batch.FORMATS:
        out = tmp_path / fmt
        summary = run_batch(inputs, out, format=fmt, workers=1, chunk_size=2, progress=False)
        assert (summary.parsed, summary.failed, summary.skipped) == (3, 1, 0)
        assert sorted(p.name for p in (out / "targets").iterdir()) == [
            f"part-00000.{fmt}",
            f"part-00001.{fmt}",
        ]
        schemas = table_schemas()
        canon = {}
        for name, rows in tables_of(out).items():
            cols = schemas[name]
            assert all(list(r) == [c.name for c in cols] for r in rows)
            canon[name] = [{c.name: _canon(r[c.name], c.type, fmt) for c in cols} for r in rows]
        seen[fmt] = canon
    assert seen["parquet"]["targets"], "the inputs have targets"
    assert seen["jsonl"] == seen["parquet"]
    assert seen["csv"] == seen["parquet"]


def test_resume_after_an_interruption(
    inputs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "reference"
    run_batch(inputs, reference, workers=1, chunk_size=1, progress=False)

    out = tmp_path / "out"
    real = batch.files._extract
    calls: list[str] = []

    def interrupted(path: str, options: Any) -> Any:
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, options)

    monkeypatch.setattr(batch.run, "_extract", interrupted)
    first = run_batch(inputs, out, workers=1, chunk_size=1, progress=False)
    assert first.interrupted and not first.ok
    monkeypatch.setattr(batch.run, "_extract", real)
    assert len(read_table(out, "documents")) == 2  # what was written is kept

    # A crash can also leave a part that no manifest line lists and a torn last line.
    shutil.copy(out / "targets" / "part-00000.parquet", out / "targets" / "part-00002.parquet")
    (out / "targets" / ".part-00003.parquet.tmp").write_bytes(b"half")
    with open(out / "manifest.jsonl", "a", encoding="utf-8") as f:
        f.write('{"part": 2, "files": [{"path": ')

    second = run_batch(inputs, out, workers=1, chunk_size=1, progress=False)
    assert (second.skipped, second.parsed, second.failed) == (2, 1, 1)
    assert tables_of(out) == tables_of(reference)  # row for row as if never interrupted

    third = run_batch(inputs, out, workers=1, chunk_size=1, progress=False)
    assert (third.skipped, third.parsed) == (4, 0)  # the failed PDF is not parsed again
    assert third.failed == 1
    assert tables_of(out) == tables_of(reference)


def test_changed_file_is_parsed_again(
    inputs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    run_batch(inputs[:2], out, format="jsonl", workers=1, progress=False)
    inputs[0].write_text("一、2026年工作安排\n地区生产总值增长6%。\n", encoding="utf-8")
    summary = run_batch(inputs[:2], out, format="jsonl", workers=1, progress=False)
    assert (summary.skipped, summary.parsed) == (1, 1)
    assert "changed since it was written" in capsys.readouterr().err
    docs = read_table(out, "documents")
    # read_table shows the latest rows of each file; the earlier part keeps the old ones
    assert [d["path"] for d in docs].count(str(inputs[0])) == 1
    assert len({d["doc_id"] for d in docs}) == 2
    old = [json.loads(line) for line in (out / "documents" / "part-00000.jsonl").open()]
    assert [d["path"] for d in old].count(str(inputs[0])) == 1
    assert {d["doc_id"] for d in old} - {d["doc_id"] for d in docs}


def test_other_settings_refuse_to_mix(inputs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)
    with pytest.raises(BatchError, match="format='jsonl'"):
        run_batch(inputs[:1], out, format="csv", workers=1, progress=False)
    code = main(["batch", str(inputs[0]), "-o", str(out), "--format", "csv", "-q"])
    assert code == 1
    # Tables whose columns changed since (a new model field) do not mix either.
    manifest = out / "manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    settings = json.loads(lines[0])
    assert settings["settings"]["schema"] == batch.schema_id()
    settings["settings"]["schema"] = "0" * 16
    manifest.write_text("\n".join([json.dumps(settings), *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(BatchError, match="other columns"):
        run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)
    with pytest.raises(BatchError, match="no input files"):
        run_batch([], tmp_path / "empty", workers=1)
    # A folder that was not written by a batch is never cleaned up.
    theirs = tmp_path / "theirs"
    (theirs / "documents").mkdir(parents=True)
    (theirs / "documents" / "part-1.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BatchError, match="new or empty output folder"):
        run_batch(inputs[:1], theirs, format="jsonl", workers=1)
    assert (theirs / "documents" / "part-1.txt").exists()


# --------------------------------------------------------------------------------------------
# Progress


def test_progress_line_shows_files_throughput_and_eta() -> None:
    now = [0.0]
    stream = io.StringIO()
    bar = Progress(10, stream=stream, enabled=True, clock=lambda: now[0], interval=0.0)
    for _ in range(4):
        now[0] += 0.5
        bar.advance()
    bar.advance(failed=True)
    line = bar.line()
    assert "5/10 files" in line and "50%" in line and "1 failed" in line
    assert "2.5 files/s" in line and "ETA 0:02" in line  # 5 files in 2 s, 5 to go
    assert stream.getvalue().count("\r") == 5


def test_progress_is_quiet_off_a_terminal(inputs: list[Path], tmp_path: Path) -> None:
    stream = io.StringIO()  # not a terminal
    run_batch(inputs[:1], tmp_path / "out", workers=1, progress_stream=stream)
    assert stream.getvalue() == ""
    loud = io.StringIO()
    run_batch(inputs[:1], tmp_path / "o2", workers=1, progress=True, progress_stream=loud)
    assert "1/1 files" in loud.getvalue()


def test_docs_describe_every_table_and_column() -> None:
    text = (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")
    for name, columns in table_schemas().items():
        assert f"`{name}`" in text, f"docs/batch.md does not describe table {name}"
        for c in columns:
            assert f"`{c.name}`" in text, (
                f"docs/batch.md does not describe column {c.name} of table {name}: "
                "add it to its schema section"
            )


def test_cli_summary_and_usage_errors(
    inputs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(inputs[0]), "-o", str(out), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "1 parsed, 0 failed, 0 already done" in err and "files/s" not in err  # no bar
    assert main(["batch", str(inputs[0]), "-o", str(out), "--workers", "1"]) == 0
    assert "0 parsed, 0 failed, 1 already done" in capsys.readouterr().err
    assert main(["batch", str(inputs[0]), "-o", str(out), "--scheduler", "tcp://x:1"]) == 2
    assert "--engine dask" in capsys.readouterr().err
    assert main(["batch", str(inputs[0]), "-o", str(out), "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# One batch per output folder; the manifest is the truth; workers die with the batch


_HOLD_LOCK = """
import sys
from pathlib import Path
from policytext.batch.manifest import _FolderLock
with _FolderLock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_second_batch_is_refused_while_the_first_runs_and_a_stale_lock_is_taken_over(
    inputs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=_env(),
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BatchError, match="another policytext batch is writing") as info:
            run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)
        assert f"process {holder.pid}" in str(info.value)
        assert main(["batch", str(inputs[0]), "-o", str(out), "-q", "--format", "jsonl"]) == 1
        assert "another policytext batch is writing" in capsys.readouterr().err
        assert not (out / "manifest.jsonl").exists()  # nothing was touched
    finally:
        holder.kill()  # as kill -9: the lock file stays, with the dead owner's pid
        holder.wait()
    assert str(holder.pid) in (out / batch.LOCK).read_text(encoding="utf-8")
    summary = run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)
    assert summary.ok and summary.parsed == 1
    assert f"left by process {holder.pid}" in capsys.readouterr().err
    assert not (out / batch.LOCK).exists()  # released at the end


def test_lock_is_exclusive_within_one_process_too(inputs: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with batch.manifest._FolderLock(out), pytest.raises(BatchError, match="wait for it to finish"):
        run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)


def _process_tree(pid: int) -> set[int]:
    """`pid` and every process descended from it (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                raw = Path(f"/proc/{entry}/stat").read_bytes()
            except OSError:
                continue
            fields = raw[raw.rfind(b")") + 2 :].split()
            parents[int(entry)] = int(fields[1])
    tree = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                grew = True
    return tree


def _running(pid: int) -> bool:
    return batch.pool._process_identity(pid) is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_a_batch_leaves_no_process_behind(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        shutil.copy(SMALL[i % len(SMALL)], folder / f"{i:03d}.txt")
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytext", "batch", str(folder), "-o", str(tmp_path / "out"),
         "--workers", "2", "--chunk-size", "4", "-q"],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        tree: set[int] = set()
        while time.monotonic() < deadline and len(tree) < 4:  # batch, fork server, 2 workers
            time.sleep(0.2)
            tree = _process_tree(proc.pid)
        assert len(tree) >= 4, f"the workers did not start: {tree}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(p) for p in tree):
        time.sleep(0.1)
    assert not [p for p in tree if _running(p)], "processes of the killed batch survive"
    # and the folder is usable again at once
    again = run_batch([folder], tmp_path / "out", workers=1, progress=False)
    assert again.ok and again.parsed + again.skipped == 40


def test_parts_the_manifest_does_not_list_are_invisible_and_cleaned(
    inputs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    (out / "targets").mkdir(parents=True)
    (out / "targets" / ".keep").write_text("", encoding="utf-8")
    real = batch.manifest._Manifest.commit
    calls = []

    def crash_on_second(self: Any, number: int, entries: Any, lexicon_hash: str) -> None:
        calls.append(number)
        if len(calls) == 2:
            raise RuntimeError("crash")  # the parts are written, the manifest line is not
        real(self, number, entries, lexicon_hash)

    monkeypatch.setattr(batch.manifest._Manifest, "commit", crash_on_second)
    with pytest.raises(RuntimeError, match="crash"):
        run_batch(inputs, out, format="jsonl", workers=1, chunk_size=1, progress=False)
    monkeypatch.setattr(batch.manifest._Manifest, "commit", real)
    # the uncommitted part exists only as a hidden file; no reader of the folder sees it
    assert sorted(p.name for p in (out / "targets").iterdir()) == [
        ".keep",
        ".part-00001.jsonl.tmp",
        "part-00000.jsonl",
    ]
    # a part copied in by hand is not in the manifest: read_table does not read it
    shutil.copy(out / "documents" / "part-00000.jsonl", out / "documents" / "part-00007.jsonl")
    assert len(read_table(out, "documents")) == 1
    summary = run_batch(inputs, out, format="jsonl", workers=1, chunk_size=1, progress=False)
    assert (summary.skipped, summary.parsed, summary.failed) == (1, 2, 1)
    names = sorted(p.name for p in (out / "targets").iterdir())
    assert ".keep" in names and not any(n.endswith(".tmp") for n in names)
    assert "part-00007.jsonl" not in {p.name for p in (out / "documents").iterdir()}
    assert len(read_table(out, "documents")) == 3


def test_a_committed_part_still_hidden_is_revealed_on_resume(
    inputs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)
    part = out / "targets" / "part-00000.jsonl"
    rows = read_table(out, "targets")
    part.rename(out / "targets" / ".part-00000.jsonl.tmp")  # killed between commit and rename
    assert read_table(out, "targets") == rows  # listed, and whole: read from its hidden file
    run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)
    assert part.exists() and read_table(out, "targets") == rows


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_a_listed_part_missing_on_disk_is_an_error_naming_it(
    inputs: list[Path], tmp_path: Path, fmt: batch.Format
) -> None:
    out = tmp_path / "out"
    run_batch(inputs, out, format=fmt, workers=1, chunk_size=2, progress=False)
    assert len(read_table(out, "documents")) == 3
    gone = out / "documents" / f"part-00001.{fmt}"
    gone.unlink()
    with pytest.raises(BatchError, match="manifest lists this part but the file is missing") as e:
        read_table(out, "documents")
    assert str(gone) in str(e.value)
    assert len(read_table(out, "targets")) > 0  # the other tables are whole


def test_stray_files_of_part_writers_are_cleaned_on_resume(
    inputs: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_batch(inputs[:1], out, format="jsonl", workers=1, progress=False)
    # a writer stopped halfway (a Dask task of a killed batch): its own temporary file
    stray = out / "targets" / ".part-00001.jsonl.0123456789abcdef0123456789abcdef.tmp"
    stray.write_text("half a part", encoding="utf-8")
    run_batch(inputs[:2], out, format="jsonl", workers=1, progress=False)
    assert not stray.exists()
    assert not [p for p in (out / "targets").iterdir() if p.name.endswith(".tmp")]
    assert {r["path"] for r in read_table(out, "documents")} == {
        str(p.resolve()) for p in inputs[:2]
    }


def test_a_part_writer_of_a_batch_that_no_longer_holds_the_folder_writes_nothing(
    inputs: list[Path], tmp_path: Path
) -> None:
    from policytext.batch.cluster import _Chunk, _Job, _write_chunk
    from policytext.batch.files import _Options
    from policytext.batch.manifest import _FolderLock

    out = tmp_path / "out"
    out.mkdir()
    chunk = _Chunk(0, (str(inputs[0]),))
    with pytest.raises(BatchError, match="share at the same path"):  # no lock: another folder
        _write_chunk(chunk, _Job(str(out), "jsonl", _Options(), "0" * 32))
    with _FolderLock(out) as lock:
        with pytest.raises(BatchError, match="no longer holds the folder"):
            _write_chunk(chunk, _Job(str(out), "jsonl", _Options(), "f" * 32))
        assert not (out / "targets").exists()
        (entry,) = _write_chunk(chunk, _Job(str(out), "jsonl", _Options(), lock.run))
    assert entry["status"] == "ok" and entry["path"] == str(inputs[0])
    assert (out / "targets" / ".part-00000.jsonl.tmp").exists()


def test_the_fork_server_preload_is_set_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.forkserver

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this system")
    calls: list[list[str]] = []
    monkeypatch.setattr(multiprocessing.forkserver, "set_forkserver_preload", calls.append)
    batch.pool._mp_context.cache_clear()
    try:
        contexts = {id(batch.pool._mp_context()) for _ in range(3)}
    finally:
        batch.pool._mp_context.cache_clear()
    assert len(contexts) == 1
    assert calls == [["policytext.batch"]]


def test_a_rerun_with_edited_lexicon_contents_parses_again(
    inputs: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lexicon = tmp_path / "local.toml"
    lexicon.write_text('[[slogan]]\ntext = "青禾九条"\n', encoding="utf-8")
    out = tmp_path / "out"
    good = [inputs[0], inputs[3]]
    first = run_batch(good, out, format="jsonl", workers=1, lexicons=[lexicon], progress=False)
    assert first.parsed == 2
    same = run_batch(good, out, format="jsonl", workers=1, lexicons=[lexicon], progress=False)
    assert (same.parsed, same.skipped) == (0, 2)
    lexicon.write_text('[[slogan]]\ntext = "云岭十条"\n', encoding="utf-8")
    again = run_batch(good, out, format="jsonl", workers=1, lexicons=[lexicon], progress=False)
    assert (again.parsed, again.skipped) == (2, 0)
    assert "other lexicon contents" in capsys.readouterr().err
    assert len(read_table(out, "documents")) == 2  # the latest rows only


def test_a_broken_lexicon_stops_the_batch_before_any_file(
    inputs: list[Path], tmp_path: Path
) -> None:
    lexicon = tmp_path / "local.toml"
    lexicon.write_text("[[slogan]]\ntext = \n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(policytext.LexiconError, match=r"local\.toml"):
        run_batch(inputs[:1], out, format="jsonl", workers=1, lexicons=[lexicon], progress=False)
    assert not (out / "manifest.jsonl").exists()


# --------------------------------------------------------------------------------------------
# Poison files: each fails alone (or parses despite its name); the corpus completes


def _maker() -> Any:
    import importlib.util

    path = ROOT / "tests" / "fixtures" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_fixtures", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_corpus_with_one_poison_file_of_each_kind_completes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    poison = {p.name: p for p in _maker().write_poison_corpus(folder, 200)}
    out = tmp_path / "out"
    code = main(["batch", str(folder), "-o", str(out), "--workers", "2", "--chunk-size", "32"])
    assert code == 1  # some failed, the rest written
    err = capsys.readouterr().err
    assert "Traceback" not in err and "194 parsed, 6 failed" in err
    errors = {Path(r["path"]).name: r for r in read_table(out, "errors")}
    assert set(errors) == {
        "huge_figure.txt",
        "precise_figure.txt",
        "scan.txt",
        "bom_scan.txt",
        "japanese.txt",
        "page.txt",
    }
    assert errors["huge_figure.txt"]["code"] == "PT031"
    assert "9" * 29 in errors["huge_figure.txt"]["message"]
    assert errors["precise_figure.txt"]["code"] == "PT031"  # never rounded to 6.1234567890
    assert "6.12345678901" in errors["precise_figure.txt"]["message"]
    assert errors["scan.txt"]["code"] == errors["bom_scan.txt"]["code"] == "PT003"
    assert (
        errors["japanese.txt"]["code"] == "PT002"
        and "shift_jis" in errors["japanese.txt"]["message"]
    )
    assert errors["page.txt"]["code"] == "PT005"
    docs = read_table(out, "documents")
    assert len(docs) == 194
    # the GBK-named file parsed; its path shows the bytes that are not UTF-8 escaped
    (gbk_name,) = [
        n for n in poison if n.encode("utf-8", "surrogateescape") != n.encode("utf-8", "replace")
    ]
    shown = batch.display_path(str(poison[gbk_name]))
    assert "\\x" in shown and shown in {d["path"] for d in docs}
    assert any(t["path"] == shown for t in read_table(out, "targets"))
    before = {name: read_table(out, name) for name in table_names()}
    # a rerun is a no-op
    again = run_batch([folder], out, workers=2, chunk_size=32, progress=False)
    assert (again.parsed, again.skipped, again.failed) == (0, 200, 6)
    assert {name: read_table(out, name) for name in table_names()} == before


def test_figures_beyond_parquet_decimals_are_kept_as_written_in_json_lines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    poison = {p.name: p for p in _maker().write_poison_corpus(folder, 6)}
    out = tmp_path / "out"
    summary = run_batch(
        [poison["huge_figure.txt"], poison["precise_figure.txt"]], out, format="jsonl", workers=1
    )
    assert summary.ok
    values = [t["value"] for t in read_table(out, "targets")]
    assert values == ["9" * 29, "6.12345678901"]


def test_figures_that_fit_exactly_are_stored(tmp_path: Path) -> None:
    col = FieldType("decimal")
    assert batch.write._quantize(Decimal("1E+19"), col) == Decimal("10000000000000000000")
    assert batch.write._quantize(Decimal("0.0000000001"), col) == Decimal("1E-10")
    for bad in ("1E+28", "0.00000000001", "NaN", "Infinity"):
        with pytest.raises(batch.DecimalRangeError):
            batch.write._quantize(Decimal(bad), col)


def test_a_batch_started_while_another_runs_is_refused_and_the_first_completes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(150):
        shutil.copy(SMALL[i % len(SMALL)], folder / f"{i:03d}.txt")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SMALL[0], other / "x.txt")
    out = tmp_path / "out"
    first = subprocess.Popen(
        [sys.executable, "-m", "policytext", "batch", str(folder), "-o", str(out),
         "--workers", "1", "--chunk-size", "5", "-q", "--format", "jsonl"],
        env=_env(),
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (out / batch.LOCK).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.poll() is None, "the first batch ended before the second could start"
        with pytest.raises(BatchError, match=f"process {first.pid}"):
            run_batch([other], out, format="jsonl", workers=1, progress=False)
    finally:
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err.decode()
    assert len(read_table(out, "documents")) == 150  # nothing lost to the refused run
    assert {Path(d["path"]).parent for d in read_table(out, "documents")} == {folder}


def test_an_unreadable_lexicon_is_a_lexicon_error_even_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexicon = tmp_path / "local.toml"
    lexicon.write_text('[[slogan]]\ntext = "青禾九条"\n', encoding="utf-8")
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "local.toml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(policytext.LexiconError, match="cannot be read"):
        policytext.parse_text("二、工作安排\n增长6%。", lexicons=[lexicon])


@pytest.mark.parametrize("procfs", [True, False])
def test_a_worker_tells_a_running_parent_from_a_gone_one(
    procfs: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if procfs and not os.path.exists("/proc/self/stat"):
        pytest.skip("no /proc here")
    monkeypatch.setattr(batch.pool, "_HAS_PROC", procfs)  # without /proc: signal 0 decides
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert batch.pool._process_identity(os.getpid()) is not None
    assert batch.pool._process_identity(gone.pid) is None
