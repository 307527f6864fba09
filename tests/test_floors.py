"""Accuracy floors: the eval on the shipped dev gold must not fall below tests/floors.json.

Each run in floors.json names gold files, corpus folders and a text variant; its `floors` are
the F1 per metric that the library must keep reaching. A regression fails here; an improvement
raises the floors in the same commit:

    .venv/bin/python tests/test_floors.py            # current figures next to the floors
    .venv/bin/python tests/test_floors.py --update   # raise floors to current - margin
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from policytext.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]
FLOORS = Path(__file__).resolve().parent / "floors.json"


def load_floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS.read_text(encoding="utf-8"))
    return data


def current(run: dict[str, Any]) -> dict[str, float]:
    report = evaluate(
        [ROOT / g for g in run["gold"]],
        [ROOT / c for c in run["corpus"]],
        variant=run["variant"],
    )
    assert not report.missing, f"texts missing for {report.missing}"
    return report.f1()


RUNS = load_floors()["runs"]


@pytest.mark.parametrize("name", sorted(RUNS))
def test_accuracy_does_not_fall_below_the_floors(name: str) -> None:
    run = RUNS[name]
    figures = current(run)
    assert set(run["floors"]) == set(figures), "floors.json must list every metric"
    below = {k: (figures[k], floor) for k, floor in run["floors"].items() if figures[k] < floor}
    assert not below, f"{name}: F1 below its floor (now, floor): {below}"
    margin = load_floors()["margin"]
    room = {k: figures[k] for k, floor in run["floors"].items() if figures[k] - floor > 2 * margin}
    if room:
        warnings.warn(
            f"{name}: F1 well above its floor, raise it with tests/test_floors.py --update: {room}",
            stacklevel=1,
        )


def _floor(value: float, margin: float) -> float:
    return max(0.0, math.floor((value - margin) * 1000) / 1000)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Show or raise the accuracy floors.")
    ap.add_argument("--update", action="store_true", help="raise floors to current - margin")
    ap.add_argument("--lower", action="store_true", help="with --update, also lower floors")
    args = ap.parse_args(argv)
    data = load_floors()
    for name, run in sorted(data["runs"].items()):
        figures = current(run)
        for k, value in figures.items():
            floor = run["floors"].get(k, 0.0)
            new = _floor(value, data["margin"])
            mark = "BELOW" if value < floor else ""
            print(f"{name:<16} {k:<18} now {value:.4f}  floor {floor:.3f}  {mark}")
            if args.update and (new > floor or args.lower or k not in run["floors"]):
                run["floors"][k] = new
    if args.update:
        FLOORS.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
