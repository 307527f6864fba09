"""`policytext eval`: the matching rules, gold files, the command, and agreement with the
project's reference scorer (shared/tools/score.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import policytext
from policytext.cli import main
from policytext.evaluate import (
    METRICS,
    Counts,
    EvalReport,
    GoldDoc,
    GoldError,
    evaluate,
    find_text,
    load_gold,
    score_document,
)
from policytext.models import Document, Project, Slogan, Target
from testdata import CORPUS, GOLD, ROOT, SEED

SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"

TEXT = (
    "二、2026年工作安排\n"
    "地区生产总值增长6.6%左右，人工造林6.2万亩。审批时限压缩至90个工作日。\n"
    "推进“放管服”改革，打好三大攻坚战。建设华为云计算中心和滨河路四期。\n"
)


@pytest.fixture(scope="module")
def base() -> Document:
    return policytext.parse_text(TEXT)


def target(doc: Document, surface: str, **fields: Any) -> Target:
    start = doc.text.index(surface)
    values: dict[str, Any] = {"indicator": "x", "kind": "level", "rule": "test"}
    values.update(fields)
    return Target(start=start, end=start + len(surface), text=surface, **values)


def slogan(doc: Document, text: str) -> Slogan:
    start = doc.text.index(text)
    return Slogan(start=start, end=start + len(text), text=text, quoted=False, rule="test")


def project(doc: Document, name: str) -> Project:
    start = doc.text.index(name)
    return Project(start=start, end=start + len(name), text=name, name=name, rule="test")


def with_preds(doc: Document, **preds: Any) -> Document:
    update = {"targets": (), "slogans": (), "projects": ()}
    update.update({k: tuple(v) for k, v in preds.items()})
    return doc.model_copy(update=update)


def gold(scope: str = "full", **items: Any) -> GoldDoc:
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in items.items()}
    return GoldDoc(doc="t", scope=scope, gold_file="t.json", **fields)


GDP = {
    "evidence": "地区生产总值增长6.6%左右",
    "indicator": "地区生产总值",
    "direction": "up",
    "comparator": "~",
    "value": 6.6,
    "unit": "%",
}


def counts(doc: Document, g: GoldDoc, metric: str) -> tuple[int, int, int]:
    scored = score_document(doc, g)
    assert scored is not None
    c = scored.counts[metric]
    return c.tp, c.fp, c.fn


# --- targets ---------------------------------------------------------------------------------


def test_target_value_and_full_match(base: Document) -> None:
    good = target(
        base, "地区生产总值增长6.6%左右", indicator="地区生产总值", direction="up",
        comparator="~", value=Decimal("6.6"), unit="%",
    )  # fmt: skip
    doc = with_preds(base, targets=[good])
    assert counts(doc, gold(targets=[GDP]), "target_value") == (1, 0, 0)
    assert counts(doc, gold(targets=[GDP]), "target_full") == (1, 0, 0)


def test_target_fields_off_count_only_in_full_match(base: Document) -> None:
    wrong = target(
        base, "增长6.6%左右", indicator="地区生产总值", direction=None, comparator="~",
        value=Decimal("6.6"), unit="%",
    )  # fmt: skip
    doc = with_preds(base, targets=[wrong])
    scored = score_document(doc, gold(targets=[GDP]))
    assert scored is not None
    assert (scored.counts["target_value"].tp, scored.counts["target_full"].fp) == (1, 1)
    assert scored.counts["target_full"].fn == 1
    (finding,) = [f for f in scored.findings if f.kind == "target"]
    assert finding.error == "fields" and "dir=None" in finding.item and "dir=up" in finding.item
    assert finding.sentence == "地区生产总值增长6.6%左右，人工造林6.2万亩。"


def test_indicators_must_contain_one_another(base: Document) -> None:
    other = target(
        base, "6.6%左右", indicator="居民收入", direction="up", comparator="~",
        value=Decimal("6.6"), unit="%",
    )  # fmt: skip
    doc = with_preds(base, targets=[other])
    assert counts(doc, gold(targets=[GDP]), "target_value") == (1, 0, 0)
    assert counts(doc, gold(targets=[GDP]), "target_full") == (0, 1, 1)


def test_base_value_matches_across_magnitudes(base: Document) -> None:
    pred = target(base, "人工造林6.2万亩", value=Decimal("62"), unit="千亩",
                  base_value=Decimal("62000"), base_unit="亩")  # fmt: skip
    g = {"evidence": "人工造林6.2万亩", "value": 6.2, "unit": "万亩", "base_value": 62000,
         "base_unit": "亩", "comparator": None, "direction": None}  # fmt: skip
    assert counts(with_preds(base, targets=[pred]), gold(targets=[g]), "target_value") == (1, 0, 0)
    g_no_base = {k: v for k, v in g.items() if not k.startswith("base_")}
    assert counts(with_preds(base, targets=[pred]), gold(targets=[g_no_base]), "target_value") == (
        0, 1, 1,
    )  # fmt: skip


def test_unit_with_measure_word_matches(base: Document) -> None:
    pred = target(base, "压缩至90个工作日", value=Decimal("90"), unit="个工作日")
    g = {"evidence": "审批时限压缩至90个工作日", "value": 90, "unit": "工作日"}
    assert counts(with_preds(base, targets=[pred]), gold(targets=[g]), "target_value") == (1, 0, 0)


def test_span_must_overlap_the_evidence(base: Document) -> None:
    elsewhere = target(base, "人工造林6.2万亩", value=Decimal("6.6"), unit="%")
    scored = score_document(with_preds(base, targets=[elsewhere]), gold(targets=[GDP]))
    assert scored is not None
    assert (scored.counts["target_value"].fp, scored.counts["target_value"].fn) == (1, 1)
    errors = sorted(f.error for f in scored.findings if f.kind == "target")
    assert errors == ["false", "missed"]


def test_matching_is_one_to_one(base: Document) -> None:
    p = target(base, "增长6.6%左右", value=Decimal("6.6"), unit="%")
    doc = with_preds(base, targets=[p, p])
    assert counts(doc, gold(targets=[GDP]), "target_value") == (1, 1, 0)


def test_optional_and_qualitative_gold(base: Document) -> None:
    qualitative = {"evidence": "人工造林6.2万亩", "value": None, "optional": True}
    optional = {**GDP, "optional": True}
    p = target(base, "人工造林6.2万亩", value=Decimal("1"), unit="个")
    doc = with_preds(base, targets=[p])
    # a prediction on an optional item is not false; unmatched optional items are not missed
    assert counts(doc, gold(targets=[qualitative, optional]), "target_value") == (0, 0, 0)
    # a qualitative gold target that is not optional is never missed either
    assert counts(with_preds(base), gold(targets=[{**qualitative, "optional": False}]),
                  "target_value") == (0, 0, 0)  # fmt: skip


def test_main_targets_scope_scores_only_the_paragraph(base: Document) -> None:
    inside = target(base, "增长6.6%左右", value=Decimal("6.6"), unit="%")
    outside = target(base, "建设华为云计算中心", value=Decimal("9"), unit="个")
    doc = with_preds(base, targets=[inside, outside])
    g = gold("main_targets", targets=[GDP], paragraph_start="地区生产总值增长6.6%")
    scored = score_document(doc, g)
    assert scored is not None and set(scored.counts) == {"target_value", "target_full"}
    assert counts(doc, g, "target_value") == (1, 0, 0)
    assert score_document(doc, gold("main_targets", targets=[GDP])) is None


def test_main_targets_paragraph_not_found(base: Document) -> None:
    g = gold("main_targets", targets=[GDP, {**GDP, "optional": True}], paragraph_start="无此段落")
    scored = score_document(with_preds(base), g)
    assert scored is not None and not scored.paragraph_found
    assert counts(with_preds(base), g, "target_full") == (0, 0, 1)


# --- slogans, projects, sections ------------------------------------------------------------


def test_slogans_compare_text_without_quotes(base: Document) -> None:
    doc = with_preds(base, slogans=[slogan(base, "放管服"), slogan(base, "三大攻坚战")])
    g = gold(slogans=[{"text": "“放管服”"}, {"text": "三大攻坚战", "optional": True},
                      {"text": "五位一体"}])  # fmt: skip
    assert counts(doc, g, "slogan") == (1, 0, 1)
    doc = with_preds(base, slogans=[slogan(base, "三大攻坚战")])
    assert counts(doc, gold(slogans=[{"text": "放管服"}]), "slogan") == (0, 1, 1)


def test_projects_contain_one_another_at_half_length(base: Document) -> None:
    g = gold(projects=[{"name": "云计算中心"}, {"name": "滨河路四期", "optional": True}])
    doc = with_preds(base, projects=[project(base, "华为云计算中心"), project(base, "滨河路四期")])
    assert counts(doc, g, "project") == (1, 0, 0)  # the optional one matched: neither tp nor fp
    short = with_preds(base, projects=[project(base, "中心")])
    assert counts(short, gold(projects=[{"name": "华为云计算中心"}]), "project") == (0, 1, 1)
    scored = score_document(short, gold(projects=[{"name": "华为云计算中心"}]))
    assert scored is not None
    false = next(f for f in scored.findings if f.error == "false")
    assert false.sentence == "建设华为云计算中心和滨河路四期。"


def test_sections(base: Document) -> None:
    for title in ("2026年工作安排。", "“2026年工作安排”"):
        good = {"level": 1, "number": "二", "title": title}
        assert counts(base, gold(sections=[good]), "section") == (1, 0, 0)
    bad = {"level": 2, "number": "二", "title": "2026年工作安排"}
    assert counts(base, gold(sections=[bad]), "section") == (0, 1, 1)


def test_counts_arithmetic() -> None:
    c = Counts(3, 1, 2)
    assert (c.precision, c.recall) == (0.75, 0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0 and Counts(0, 2, 0).precision == 0.0
    assert find_text(policytext.parse_text("地区 生产 总值 增长 7 . 3 %"), "增长７.３％") == (6, 12)


# --- gold files ------------------------------------------------------------------------------


def test_load_gold_both_scopes() -> None:
    full = load_gold(GOLD / "beijing_2026.json")
    assert [(g.doc, g.scope) for g in full] == [("beijing_2026", "full")]
    assert full[0].targets and full[0].slogans and full[0].projects and full[0].sections
    main_targets = load_gold(GOLD / "main_targets.json")
    assert len(main_targets) > 1 and {g.scope for g in main_targets} == {"main_targets"}
    assert all(g.paragraph_start and not g.slogans for g in main_targets)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a readable JSON"),
        ("[]", "one JSON object"),
        ('{"doc": "a", "scope": "partial"}', "scope 'partial' is unknown"),
        ('{"docs": [{"targets": []}]}', "needs a `doc` name"),
        ('{"doc": "a", "targets": [{"value": 1}]}', "targets[0] lacks evidence"),
        ('{"doc": "a", "projects": {"name": "x"}}', "must be a list"),
    ],
)
def test_bad_gold_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "g.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=re.escape(message)):
        load_gold(path)
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold(tmp_path / "absent.json")


# --- evaluate() and the command ---------------------------------------------------------------


def write_gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.json"
    section = {"level": 1, "number": "二", "title": "2026年工作安排"}
    data = {"doc": "report", "scope": "full", "targets": [GDP], "slogans": [{"text": "放管服"}],
            "projects": [], "sections": [section]}  # fmt: skip
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_evaluate_finds_texts_and_parses_each_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "segmented").mkdir(parents=True)
    (corpus / "report.txt").write_text(TEXT, encoding="utf-8")
    g = write_gold(tmp_path)
    parsed: list[Path] = []

    def parser(path: Path) -> Document:
        parsed.append(path)
        return policytext.parse(path)

    report = evaluate([g, g], corpus, variant="segmented", parser=parser)
    assert parsed == [corpus / "report.txt"] and len(report.docs) == 2
    assert report.totals["section"].tp == 2 and not report.missing
    assert set(report.f1()) == {f"{k}_f1" for k in METRICS}
    elsewhere = evaluate([g], [tmp_path], parser=parser)
    assert elsewhere.docs == [] and elsewhere.missing == [f"report ({g})"]
    with pytest.raises(GoldError, match="corpus folder not found"):
        evaluate([g], tmp_path / "nowhere")


def test_eval_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    g = write_gold(tmp_path)
    assert main(["eval", str(g), "--corpus", str(tmp_path), "--show"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^overall\s+sections\s+1\.000\s+1\.000\s+1\.000\s+1\s+0\s+0$", out, re.M)
    assert main(["eval", str(g), "--corpus", str(tmp_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["section"]["f1"] == 1.0 and data["docs"][0]["doc"] == "report"
    # the first corpus folder that holds the text wins
    assert main(["eval", str(g), "--corpus", str(GOLD), "--corpus", str(tmp_path)]) == 0
    capsys.readouterr()
    (tmp_path / "report.txt").unlink()
    assert main(["eval", str(g), "--corpus", str(tmp_path)]) == 1
    assert "no text for report" in capsys.readouterr().err


def test_show_lists_misses_with_their_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(GOLD / "jinzhou_2019_part2.json"), "--corpus", str(SEED.parent),
                 "--show", "--format", "json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    doc = policytext.parse(SEED)
    for f in data["docs"][0]["findings"]:
        assert f["error"] in {"missed", "false", "fields", "period"}
        if f["start"] is not None and f["kind"] != "section":
            assert f["sentence"] and f["sentence"] in doc.text


# --- agreement with the reference scorer --------------------------------------------------------

_DOC_LINE = re.compile(
    r"^(?P<doc>\S+)\s+(?P<scope>full|main_targets)\s+targets value tp/fp/fn (\d+)/(\d+)/(\d+)"
    r"\s+full (\d+)/(\d+)/(\d+)(?:\s+slogans (\d+)/(\d+)/(\d+)\s+projects (\d+)/(\d+)/(\d+))?"
)
_TOTAL_LINE = re.compile(r"^(?P<label>[a-z ()]+?)\s+P [\d.]+ R [\d.]+ F1 [\d.]+ "
                         r"\(tp (\d+) fp (\d+) fn (\d+)\)$")  # fmt: skip


def _ours_per_doc(report: EvalReport) -> dict[tuple[str, str], list[int]]:
    out = {}
    for d in report.docs:
        keys = ["target_value", "target_full"] + (
            ["slogan", "project"] if d.scope == "full" else []
        )
        c = [d.counts[k] for k in keys]
        out[(d.doc, d.scope)] = [n for x in c for n in (x.tp, x.fp, x.fn)]
    return out


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared reference scorer is not present")
def test_figures_agree_with_the_reference_scorer(tmp_path: Path) -> None:
    # one corpus folder with the shipped reports and the seed, so one run covers all gold files
    raw = tmp_path / "corpus" / "raw"
    raw.mkdir(parents=True)
    for path in [*sorted((CORPUS / "raw").glob("*.txt")), SEED]:
        (raw / path.name).symlink_to(path)
    golds = sorted(GOLD.glob("*.json"))
    assert {g.scope for p in golds for g in load_gold(p)} == {"full", "main_targets"}
    # the reference scorer runs in its own process while this one scores the same input
    ref = subprocess.Popen(
        [sys.executable, str(SCORER), "--python", sys.executable, "--corpus",
         str(tmp_path / "corpus"), *map(str, golds)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    report = evaluate(golds, tmp_path / "corpus")
    out, err = ref.communicate(timeout=600)
    assert ref.returncode == 0, err
    lines = out.splitlines()

    theirs_docs = {
        (m["doc"], m["scope"]): [int(x) for x in m.groups()[2:] if x is not None]
        for m in map(_DOC_LINE.match, lines)
        if m
    }
    assert theirs_docs == _ours_per_doc(report)

    totals = {m["label"]: [int(m[2]), int(m[3]), int(m[4])]
              for m in map(_TOTAL_LINE.match, lines) if m}  # fmt: skip
    ours = {METRICS[k]: [c.tp, c.fp, c.fn] for k, c in report.totals.items()}
    assert totals == ours
    assert json.loads(lines[-1]) == report.f1()


def test_periods_of_matched_targets(base: Document) -> None:
    yearly = target(base, "地区生产总值增长6.6%左右", value=Decimal("6.6"), unit="%",
                    period="2026")  # fmt: skip
    planned = target(base, "人工造林6.2万亩", value=Decimal("6.2"), unit="万亩", period="2026")
    unmatched = target(base, "压缩至90个工作日", value=Decimal(91), unit="个工作日", period="2026")
    forest = {"evidence": "人工造林6.2万亩", "value": 6.2, "unit": "万亩", "period": "2026-2030"}
    limit = {"evidence": "压缩至90个工作日", "value": 90, "unit": "个工作日", "period": "2026"}
    no_period = {**GDP, "evidence": "地区生产总值增长6.6%左右"}
    g = gold(targets=[{**GDP, "period": "2026"}, forest, limit])
    scored = score_document(with_preds(base, targets=[yearly, planned, unmatched]), g)
    assert scored is not None
    # only value matches count: the third prediction misses its gold, so it is not judged
    assert scored.periods == [1, 2]
    (off,) = [f for f in scored.findings if f.error == "period"]
    assert "2026-2030" in off.item and "人工造林" in off.item
    # a gold target without a period is not judged
    bare = score_document(with_preds(base, targets=[yearly]), gold(targets=[no_period]))
    assert bare is not None and bare.periods == [0, 0]
    report = EvalReport(docs=[scored, bare])
    assert report.periods == (1, 2)
    assert "target periods: right 1 of 2 (0.500)" in report.table()
    assert report.as_dict()["periods"] == {"right": 1, "of": 2}


@pytest.mark.skipif(not SCORER.is_file(), reason="the shared reference scorer is not present")
def test_periods_agree_with_the_reference_scorer(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(TEXT, encoding="utf-8")
    forest = {"evidence": "人工造林6.2万亩", "value": 6.2, "unit": "万亩", "period": "2026-2030"}
    golds = [
        {**GDP, "period": "2026"},
        # an optional item first: a prediction goes to the required one, as the scorer does
        {**forest, "optional": True, "period": "2026"},
        forest,
        {"evidence": "压缩至90个工作日", "value": 90, "unit": "个工作日", "period": "2026"},
    ]
    path = tmp_path / "g.json"
    path.write_text(json.dumps({"doc": "report", "targets": golds}), encoding="utf-8")
    ref = subprocess.run(
        [sys.executable, str(SCORER), "--python", sys.executable, "--corpus", str(tmp_path),
         str(path)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    (theirs,) = re.findall(r"target periods: right (\d+) of (\d+)", ref.stdout)
    report = evaluate([path], tmp_path)
    assert report.periods == (int(theirs[0]), int(theirs[1]))
    assert report.periods[1] == 3  # the three required ones match on their values
    (line,) = [m for m in map(_DOC_LINE.match, ref.stdout.splitlines()) if m]
    assert _ours_per_doc(report)[("report", "full")][:6] == [int(x) for x in line.groups()[2:8]]


def test_main_targets_report_shows_only_target_totals(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "qinghe_2026.txt").write_text(
        "二、2026年工作安排\n今年全县发展主要预期目标是：地区生产总值增长3.4%，城镇新增就业8000人。\n",
        encoding="utf-8",
    )
    path = tmp_path / "main.json"
    gdp = {"evidence": "地区生产总值增长3.4%", "value": 3.4, "unit": "%"}
    entry = {"doc": "qinghe_2026", "paragraph_start": "今年全县发展主要预期目标是",
             "targets": [gdp]}  # fmt: skip
    path.write_text(json.dumps({"scope": "main_targets", "docs": [entry]}), encoding="utf-8")
    report = evaluate([path], corpus)
    overall = [line for line in report.table().splitlines() if line.startswith("overall")]
    assert len(overall) == 2 and all("targets" in line for line in overall)
    assert report.totals["target_value"].fn + report.totals["target_value"].tp == 1


def gold_as_predictions(doc: Document, g: GoldDoc) -> Document:
    """The document with the gold items as its predictions (spans from the gold evidence)."""
    targets = []
    for item in g.targets:
        span = find_text(doc, item["evidence"])
        assert span is not None, f"{g.doc}: evidence not in the text: {item['evidence']}"
        if item.get("value") is None:
            continue
        fields = {k: item.get(k) for k in ("indicator", "direction", "comparator", "unit")}
        values = {k: Decimal(str(item[k])) for k in ("value", "base_value") if k in item}
        targets.append(
            Target(start=span[0], end=span[1], text=doc.text[span[0] : span[1]], rule="gold",
                   kind="level", base_unit=item.get("base_unit"), **fields, **values)
        )  # fmt: skip
    slogans = [Slogan(start=0, end=1, text=s["text"], quoted=False, rule="gold") for s in g.slogans]
    projects = [
        Project(start=0, end=1, text=p["name"], name=p["name"], rule="gold") for p in g.projects
    ]
    return with_preds(doc, targets=targets, slogans=slogans, projects=projects)


@pytest.mark.parametrize("name", ["beijing_2026", "hailaer_2018", "main_targets", SEED.stem])
def test_gold_scored_against_itself_is_perfect(name: str) -> None:
    for g in load_gold(GOLD / f"{name}.json"):
        path = CORPUS / "raw" / f"{g.doc}.txt"
        raw = (path if path.is_file() else SEED.parent / f"{g.doc}.txt").read_text("utf-8")
        doc = Document(text=policytext.normalize(raw).text, original=raw, alignment=())
        scored = score_document(gold_as_predictions(doc, g), g)
        assert scored is not None and scored.paragraph_found
        for metric in ("target_value", "target_full", "slogan", "project"):
            if metric in scored.counts:
                c = scored.counts[metric]
                assert (c.fp, c.fn) == (0, 0), (g.doc, metric, scored.findings)
        # an optional gold target is neither right nor wrong, as the reference scorer counts
        assert scored.counts["target_value"].tp == sum(
            1 for t in g.targets if t.get("value") is not None and not t.get("optional")
        )
