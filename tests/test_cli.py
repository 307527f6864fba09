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


def _tsv(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))


def test_explain_lists_every_candidate_with_its_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "r.txt"
    report.write_text('落实“六稳”工作，啃下“硬骨头”，建成"青禾港"码头。\n', encoding="utf-8")
    assert main(["explain", str(report)]) == 0
    rows = _tsv(capsys.readouterr().out)
    got = {r["text"]: (r["slogan"], r["rule"]) for r in rows}
    assert got["六稳"] == ("yes", "lexicon")
    assert got["硬骨头"][0] == "no" and got["硬骨头"][1].startswith("reject_")
    first = rows[0]
    assert (first["file"], first["start"], first["end"]) == (str(report), "3", "5")
    assert "落实“六稳”工作" in first["context"]
    # filters: only what was turned down, only one rule
    assert main(["explain", "--rejected", str(report)]) == 0
    rejected = _tsv(capsys.readouterr().out)
    assert rejected and all(r["slogan"] == "no" for r in rejected)
    assert main(["explain", "--rule", "lexicon", str(report)]) == 0
    only = _tsv(capsys.readouterr().out)
    assert [r["text"] for r in only] == ["六稳"]
    assert main(["explain", "--rule", "no_such_rule", str(report)]) == 2
    err = capsys.readouterr().err
    assert "no rule named no_such_rule" in err and "reject_no_evidence" in err
    # plain TSV: a quote mark of the text is written as it is, never doubled
    assert any('建成"青禾港"码头' in r["context"] for r in rows)


def test_explain_goes_on_after_a_report_it_cannot_explain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from policytext.rules import slogans

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("落实“六稳”工作。\n", encoding="utf-8")
    b.write_text("推进“青禾+”行动。\n", encoding="utf-8")
    real = slogans.explain_slogans
    calls = []

    def fails_first(ctx: object) -> object:
        calls.append(ctx)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(slogans, "explain_slogans", fails_first)
    assert main(["explain", str(a), str(b)]) == 1
    out = capsys.readouterr()
    assert [r["text"] for r in _tsv(out.out)] == ["青禾+"]
    assert f"{a}: internal error (RuntimeError: boom)" in out.err


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
    import policytext.cli.parse as cli

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


REPORT = (
    "2027年青禾市政府工作报告\n一、2026年工作回顾\n过去一年，全市地区生产总值增长5.1%。\n"
    "二、2027年工作安排\n地区生产总值增长6%左右，推进“三大工程”。建设青禾港物流园。"
)


def test_parse_csv_keeps_item_and_kind_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "qinghe.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert main(["parse", "--format", "csv", str(path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_item = {(r["item"], r["kind"], r["indicator_key"], r["value"]) for r in rows}
    assert ("target", "growth", "gdp", "6") in by_item
    assert ("outcome", "growth", "gdp", "5.1") in by_item
    assert {r["item"] for r in rows} >= {"target", "outcome", "slogan"}
    assert {(r["place"], r["year"]) for r in rows} == {("青禾市", "2027")}
    outcome = next(r for r in rows if r["item"] == "outcome")
    assert outcome["period"] == "2026"


def test_parse_json_of_several_inputs_is_one_array(tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    assert main(["parse", "--format", "json", "-o", str(out), str(SEED), str(SEED)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 2 and data[0]["text"] == data[1]["text"]
    # without --format, the suffix of the output decides
    lines = tmp_path / "all.jsonl"
    assert main(["parse", "-o", str(lines), str(SEED), str(SEED)]) == 0
    assert [json.loads(line)["text"] for line in lines.read_text("utf-8").splitlines()] == [
        data[0]["text"]
    ] * 2


def test_parse_json_array_with_a_failed_input_stays_valid(tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    code = main(["parse", "--format", "json", "-o", str(out), str(tmp_path / "no.txt"), str(SEED)])
    assert code == 1
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 1


def test_parse_refuses_json_lines_into_a_json_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.json"
    assert main(["parse", "--format", "jsonl", "-o", str(out), str(SEED)]) == 2
    assert "--format json" in capsys.readouterr().err and not out.exists()


def test_parse_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(REPORT.encode("gb18030")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["parse", "--format", "jsonl", "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["place"] == "青禾市" and doc["source"]["encoding"] == "gb18030"
    # standard input is read once
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode("utf-8"))))
    assert main(["parse", "--format", "jsonl", "-", "-"]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1 and "only once" in captured.err


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
    import policytext.cli.parse as cli

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


def test_ctrl_c_inside_code_run_from_a_string_still_exits_130(tmp_path: Path) -> None:
    """Code run from a string (``exec`` of source text, as `dataclasses` does while modules
    load) can be where Ctrl-C lands; under ``python -m`` the exit code must still be 130."""
    probe = tmp_path / "interrupt_probe"
    probe.mkdir()
    (probe / "__main__.py").write_text(
        "import sys\n"
        "import policytext.cli.parse as command\n"
        "from policytext.cli import main\n"
        "def interrupted(*args, **kwargs):\n"
        "    exec('raise KeyboardInterrupt')\n"
        "command.parse = interrupted\n"
        "raise SystemExit(main(['parse', '--format', 'json', sys.argv[1]]))\n",
        encoding="utf-8",
    )
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(tmp_path)])}
    proc = subprocess.run(
        [sys.executable, "-m", "interrupt_probe", str(SEED)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 130, proc.stderr.decode()
    assert proc.stderr.decode() == "policytext: interrupted\n"
    assert proc.stdout == b""


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
    return cpu > 1.0  # (importing takes a tenth of that; the command runs for seconds)


def test_output_is_written_when_the_command_runs_inside_an_exception_handler(
    tmp_path: Path,
) -> None:
    """Whether an output is committed depends on the command's own outcome, not on an exception
    that a calling program happens to be handling."""
    out = tmp_path / "seed.json"
    try:
        raise KeyError("the caller's own")
    except KeyError:
        assert main(["parse", "--format", "json", "-o", str(out), str(SEED)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["targets"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seed.json"]
