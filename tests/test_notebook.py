"""notebooks/quickstart.ipynb runs top to bottom (nbclient), so it never rots.

The notebook is stored without outputs; here it is executed in a fresh kernel from the
notebooks/ folder, and its chart, tables and inline HTML view are checked.
"""

from __future__ import annotations

from typing import Any

import pytest

from testdata import ROOT

NOTEBOOK = ROOT / "notebooks" / "quickstart.ipynb"

nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[dev]' (nbformat)")
nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[dev]' (nbclient)")
pytest.importorskip("ipykernel", reason="pip install -e '.[dev]' (ipykernel)")
pytest.importorskip("matplotlib", reason="pip install -e '.[dev]' (matplotlib)")


def outputs(cell: Any) -> list[dict[str, Any]]:
    return list(cell.get("outputs", []))


def test_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has code cells"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_notebook_runs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code)
    for cell in code:
        for out in outputs(cell):
            assert out["output_type"] != "error", cell.source[:60]

    def data_of(fragment: str) -> list[dict[str, Any]]:
        cell = next(c for c in code if fragment in c.source)
        return [o.get("data", {}) for o in outputs(cell)]

    def text_of(fragment: str) -> str:
        cell = next(c for c in code if fragment in c.source)
        return "".join(o.get("text", "") for o in outputs(cell) if o["output_type"] == "stream")

    # Chinese labels with a CJK font, else a fallback that says so
    assert ("Chinese labels, font:" in text_of("CJK_FONTS")) != (
        "No CJK font installed" in text_of("CJK_FONTS")
    )
    # the DataFrames are displayed as tables
    for fragment in (
        'doc.to_pandas("targets")',
        'doc.to_pandas("slogans")',
        'doc.to_pandas("projects")',
        "gdp = pd.DataFrame",
    ):
        assert any("text/html" in d and "<table" in d["text/html"] for d in data_of(fragment))
    # every provincial report has a GDP growth target, found by indicator_key
    gdp_table = "".join(d.get("text/html", "") for d in data_of("gdp = pd.DataFrame"))
    provinces = [p.stem for p in (ROOT / "tests" / "corpus" / "raw").glob("*_2026.txt")]
    assert len(provinces) == 15
    assert "no GDP growth target found in: none" in text_of("ax.bar(")
    assert gdp_table.count("<tr>") > 15
    # the bar chart is drawn
    assert any("image/png" in d for d in data_of("ax.bar(")), "no chart in the output"
    # targets against next year's outcomes: a table of judged rows and a chart
    assert any("<table" in d.get("text/html", "") and "met" in d["text/html"]
               for d in data_of("policytext.track("))  # fmt: skip
    assert any("image/png" in d for d in data_of("ax.plot(")), "no tracking chart"
    # the most frequent slogans: a table of up to 15 rows
    assert any("slogan" in d.get("text/plain", "") for d in data_of("most_common"))
    # the inline HTML view of the Document
    assert code[-1].source.strip() == "doc"
    view = [o.get("data", {}) for o in outputs(code[-1])]
    assert any('class="pt-root pt-compact"' in d.get("text/html", "") for d in view)
