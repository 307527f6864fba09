"""The command line: every command documented with an example, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policytext.cli import _build_parser, main
from testdata import SEED

COMMANDS = sorted(_build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "example" in out and f"policytext {command}" in out


def test_parse_json(tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    assert main(["parse", "--format", "json", "-o", str(out), str(SEED)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["sections"]) == 1 and "targets" in data


def test_parse_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "table", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "2019年主要工作安排" in out and "Sections" in out


def test_parse_jsonl_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "jsonl", str(SEED), str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(json.loads(line)["text"] for line in lines)
    assert main(["parse", "--format", "csv", str(SEED)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert all(r["file"] == str(SEED) for r in rows)


def test_partial_failure_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.5 binary")
    code = main(["parse", "--format", "jsonl", str(SEED), str(bad), str(tmp_path / "no.txt")])
    assert code == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1  # the good file is still written
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert "scan.pdf" in errors[0] and "no.txt" in errors[1]


def test_usage_error_exit_2() -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2


def test_sections_and_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sections", str(SEED)]) == 0
    assert "（五）狠抓开放合作" in capsys.readouterr().out
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Document"


def test_module_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "policytext", "sections", str(SEED)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2019年主要工作安排" in out.stdout


def test_unexpected_error_in_one_file_spares_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import policytext.cli as cli

    real = cli.parse
    bad = tmp_path / "bad.txt"
    bad.write_text("一、工作安排\n", encoding="utf-8")

    def flaky(path: Path, **kw: object) -> object:
        if Path(path) == bad:
            raise RuntimeError("rule crashed")
        return real(path, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "parse", flaky)
    assert main(["parse", "--format", "jsonl", str(bad), str(SEED)]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1
    assert "bad.txt: internal error (RuntimeError: rule crashed)" in captured.err


# --------------------------------------------------------------------------------------------
# Output safety: -o never destroys an input; outputs replace the old file only when complete


@pytest.mark.parametrize(
    "command", ["parse --format json", "parse --format csv", "render", "track"]
)
@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "relative"])
def test_output_naming_an_input_is_refused(
    command: str, how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes(SEED.read_bytes())
    out = {"same": report, "relative": tmp_path / "." / "report.txt"}.get(how)
    if how == "symlink":
        out = tmp_path / "link.txt"
        out.symlink_to(report)
    elif how == "hardlink":
        out = tmp_path / "hard.txt"
        os.link(report, out)
    assert out is not None
    assert main([*command.split(), str(report), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "would destroy it" in err and err.count("\n") == 1
    assert report.read_bytes() == SEED.read_bytes()


def test_a_failed_run_leaves_the_old_output_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    import policytext.cli as cli

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "parse", interrupted)
    assert main(["parse", "--format", "json", "-o", str(out), str(SEED)]) == 130
    assert capsys.readouterr().err == "policytext: interrupted\n"
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary file left
    monkeypatch.undo()
    assert main(["parse", "--format", "json", "-o", str(out), str(SEED)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["targets"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
@pytest.mark.parametrize("command", ["parse --format json -o OUT", "sections", "render -o OUT"])
def test_ctrl_c_exits_130_with_one_line_and_no_partial_output(command: str, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    reports = sorted((Path(__file__).parent / "corpus" / "raw").glob("*.txt"))
    big.write_text("\n".join(r.read_text(encoding="utf-8") for r in reports) * 6, encoding="utf-8")
    out = tmp_path / "out.html"
    args = [a.replace("OUT", str(out)) for a in command.split()]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "policytext", *args, str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    # wait until the command runs (inside `main`), then press Ctrl-C
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if _running_main(proc.pid, tmp_path, writes=command.startswith("parse")):
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert stderr.decode() == "policytext: interrupted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]  # no partial output


def _running_main(pid: int, folder: Path, *, writes: bool) -> bool:
    """Whether the child runs the command: its temporary output file exists (`parse -o` opens
    it first), or it has used more CPU than starting the interpreter and importing take."""
    if writes:
        return any(p.name.endswith(".tmp") for p in folder.iterdir())
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        time.sleep(3)  # cannot tell: give it time
        return True
    fields = raw[raw.rfind(b")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return cpu > 2.5
