"""The command `batch`: many reports to tables, resumably (`policytext.batch`)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..batch import DEFAULT_CHUNK_SIZE, ERRORS, FORMATS, default_workers, run_batch, table_specs
from .options import add_reading_options

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `batch` command to the `policytext` command line."""
    p = subparsers.add_parser(
        "batch",
        help="parse many reports into tables (Parquet, JSON Lines, CSV), resumably",
        description="Parse every report that the inputs name (files, folders searched for "
        ".txt files, globs) into tables in OUT_DIR: documents, sections, "
        + ", ".join(s.name for s in table_specs()[2:])
        + " and errors, keyed by doc_id (content hash) and path. Files that fail become rows "
        "of the errors table and the batch goes on. Rerunning the same command resumes: files "
        "already written are skipped.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
        "  policytext batch reports/ -o tables\n"
        "  policytext batch 'reports/**/*.txt' -o tables --format jsonl --workers 8\n"
        "  policytext batch reports/ -o tables --engine dask --scheduler tcp://scheduler:8786\n"
        "exit codes: 0 every file parsed, 1 some failed (see the errors table), 2 usage "
        "errors, 130 interrupted (rerun the same command to resume)",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="report files, folders or globs")
    p.add_argument("-o", "--output", required=True, metavar="OUT_DIR", help="output folder")
    p.add_argument("--format", choices=FORMATS, default="parquet", help="default: parquet")
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="local processes (default: the CPU count); with --engine dask and no "
        "--scheduler, the worker processes of the local Dask cluster",
    )
    p.add_argument("--engine", choices=("local", "dask"), default="local", help="default: local")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="address of a running Dask scheduler (tcp://host:8786); its workers write the "
        "parts, so OUT_DIR and the inputs must be on a filesystem they share at the same path; "
        "with --engine dask and no address, a local Dask cluster is started",
    )
    p.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, metavar="N",
                   help=f"files per part file (default: {DEFAULT_CHUNK_SIZE})")  # fmt: skip
    add_reading_options(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line, no summary")
    p.set_defaults(func=_cmd_batch)


def _cmd_batch(args: argparse.Namespace) -> int:
    if args.scheduler and args.engine != "dask":
        print("policytext batch: --scheduler needs --engine dask", file=sys.stderr)
        return 2
    for flag, value in (("--workers", args.workers), ("--chunk-size", args.chunk_size)):
        if value is not None and value < 1:
            print(f"policytext batch: {flag} must be at least 1, not {value}", file=sys.stderr)
            return 2
    try:
        with _engine(args) as client:
            summary = run_batch(
                args.inputs,
                args.output,
                format=args.format,
                workers=args.workers,
                client=client,
                encoding=args.encoding,
                lexicons=args.lexicon,
                chunk_size=args.chunk_size,
                progress=False if args.quiet else None,
            )
    except ImportError as exc:
        print(f"policytext batch: {exc}", file=sys.stderr)
        return 1
    if summary.interrupted:
        print(
            f"policytext batch: interrupted; what was written is kept in {summary.out_dir}, "
            "rerun the same command to resume",
            file=sys.stderr,
        )
        return 130
    if not args.quiet:
        print(
            f"policytext batch: {summary.parsed} parsed, {summary.failed} failed, "
            f"{summary.skipped} already done, in {summary.seconds:.1f} s -> {summary.out_dir}",
            file=sys.stderr,
        )
        if summary.failed:
            print(
                f"policytext batch: see {summary.out_dir / ERRORS} for what failed",
                file=sys.stderr,
            )
    return 0 if summary.ok else 1


class _engine:
    """The Dask client the command line asked for (None for the local engine)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.client: Any = None
        self.cluster: Any = None

    def __enter__(self) -> Any:
        if self.args.engine != "dask":
            return None
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ImportError(
                "the Dask engine needs dask.distributed: pip install 'policytext[dask]'"
            ) from None
        if self.args.scheduler:
            self.client = Client(self.args.scheduler)  # type: ignore[no-untyped-call]
        else:
            self.cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=self.args.workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
            )
            self.client = Client(self.cluster)  # type: ignore[no-untyped-call]
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
