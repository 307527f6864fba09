"""DataFrames: one row per item, the batch tables' columns, float64 numbers, place and year."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import policytext
from policytext import batch
from policytext.frames import KINDS, PandasMissingError, columns, to_pandas
from testdata import SEED

pd = pytest.importorskip("pandas", reason='pip install "policytext[pandas]"')

QINGHE_2027 = (
    "2027年青禾市政府工作报告\n一、2026年工作回顾\n过去一年，全市地区生产总值增长5.1%，"
    "实施“三大工程”。\n二、2027年工作安排\n主要预期目标是：地区生产总值增长4%—4.5%；"
    "海洋生产总值增长8%；城镇新增就业1.2万人。建设青禾港物流园。"
)
YUNLING_2026 = (
    "2026年云岭县政府工作报告\n一、2026年工作安排\n经济增长6%左右，粮食产量稳定在40万吨。"
)

ITEMS = ("targets", "outcomes", "slogans", "projects")


@pytest.fixture(scope="module")
def docs() -> list[policytext.Document]:
    return [policytext.parse_text(QINGHE_2027), policytext.parse_text(YUNLING_2026)]


@pytest.mark.parametrize("kind", KINDS)
def test_columns_are_the_batch_tables(kind: str) -> None:
    spec = {s.name: s for s in batch.table_specs()}[kind]
    names = [c.name for c in columns(kind)]
    assert set(names) - {"period"} == {c.name for c in spec.columns} - {"period"}
    if kind != "documents":
        assert names[:4] == ["doc_id", "path", "place", "year"]
    if kind in ("targets", "outcomes"):
        assert names[-2:] == ["period", "indicator_key"]


@pytest.mark.parametrize("kind", [*ITEMS, "sections"])
def test_one_row_per_item(docs: list[policytext.Document], kind: str) -> None:
    frame = to_pandas(docs, kind)
    count = {"sections": lambda d: len(d.iter_sections())}.get(
        kind, lambda d: len(getattr(d, kind))
    )
    assert len(frame) == sum(count(d) for d in docs) > 0
    assert list(frame.columns) == [c.name for c in columns(kind)]
    assert list(frame["place"]) == [d.place for d in docs for _ in range(count(d))]
    assert list(frame["year"]) == [d.year for d in docs for _ in range(count(d))]


def test_targets_panel(docs: list[policytext.Document]) -> None:
    frame = policytext.to_pandas(docs, "targets")
    assert frame["value"].dtype == "float64" and frame["value_max"].dtype == "float64"
    assert str(frame["year"].dtype) == "Int64"
    gdp = frame[frame["indicator_key"] == "gdp"]
    assert gdp[["place", "year", "indicator", "value", "unit"]].to_dict("records") == [
        {"place": "青禾市", "year": 2027, "indicator": "地区生产总值", "value": 4.0, "unit": "%"},
        {"place": "云岭县", "year": 2026, "indicator": "经济", "value": 6.0, "unit": "%"},
    ]
    assert gdp["value_max"].iloc[0] == 4.5 and pd.isna(gdp["value_max"].iloc[1])
    marine = frame[frame["indicator"] == "海洋生产总值"]
    assert len(marine) == 1 and pd.isna(marine["indicator_key"].iloc[0])


def test_outcomes_keep_period_and_key(docs: list[policytext.Document]) -> None:
    frame = docs[0].to_pandas("outcomes")
    assert frame[["indicator_key", "period", "value"]].to_dict("records") == [
        {"indicator_key": "gdp", "period": "2026", "value": 5.1}
    ]


def test_document_method_equals_the_function(docs: list[policytext.Document]) -> None:
    pd.testing.assert_frame_equal(docs[0].to_pandas("slogans"), to_pandas([docs[0]], "slogans"))
    pd.testing.assert_frame_equal(to_pandas(docs[0]), to_pandas([docs[0]], "targets"))


def test_empty_input_keeps_columns_and_types() -> None:
    frame = to_pandas([], "targets")
    assert len(frame) == 0 and list(frame.columns) == [c.name for c in columns("targets")]
    assert frame["value"].dtype == "float64"


def test_keys_match_the_batch_for_a_file() -> None:
    doc = policytext.parse(SEED)
    frame = doc.to_pandas("targets")
    rows = batch.extract(SEED)
    assert isinstance(rows, batch.Extracted)
    assert set(frame["doc_id"]) == {rows.doc_id}
    assert set(frame["path"]) == {str(Path(SEED).resolve())}
    table = rows.tables["targets"]
    exact = [None if r["value"] is None else float(r["value"]) for r in table]
    assert exact == [None if pd.isna(v) else v for v in frame["value"]]
    assert {(r["place"], r["year"]) for r in table} == {(doc.place, doc.year)}


def test_unknown_kind() -> None:
    with pytest.raises(policytext.PolicyTextError, match="the kinds are"):
        to_pandas([], "paragraphs")


def test_without_pandas_the_error_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(PandasMissingError, match=r'pip install "policytext\[pandas\]"'):
        to_pandas([], "targets")
    with pytest.raises(ImportError):
        policytext.parse_text(YUNLING_2026).to_pandas()


def test_import_stays_light() -> None:
    # pandas is imported by the first call, not by `import policytext` nor by the attribute.
    code = (
        "import sys, policytext; assert 'policytext.frames' not in sys.modules; "
        "f = policytext.to_pandas; assert 'pandas' not in sys.modules; "
        "f([], 'targets'); assert 'pandas' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
