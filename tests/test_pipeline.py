"""parse()/parse_text(): the Document, its alignment, JSON round trip, a light import."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import threading
from typing import Any

import pytest

import policytext
from policytext import pipeline
from policytext.models import Document
from testdata import CORPUS, REPORTS, SEED, assert_spans_slice_back


def test_seed_text_and_alignment(seed_doc: Document) -> None:
    for needle in ("地区生产总值增长6.6%", "“五位一体”", "滨海新区中海油LPG物流"):
        assert needle in seed_doc.text
    i = seed_doc.text.index("6.6%")
    assert seed_doc.source_text(i, i + 4) == "6 . 6 %"
    a, b = seed_doc.source_span(i, i + 4)
    assert SEED.read_text(encoding="utf-8")[a:b] == "6 . 6 %"
    assert seed_doc.source.segmented is True
    assert seed_doc.source.encoding == "utf-8"


def test_every_extracted_span_slices_back(seed_doc: Document) -> None:
    assert seed_doc.targets and seed_doc.slogans and seed_doc.projects
    assert_spans_slice_back(seed_doc)


def test_json_round_trip(seed_doc: Document) -> None:
    again = Document.model_validate_json(seed_doc.model_dump_json())
    assert again == seed_doc
    schema = Document.model_json_schema()
    assert {"text", "sections", "targets", "slogans", "projects"} <= set(schema["properties"])
    json.dumps(schema)


def test_parse_accepts_text_path_and_bytes() -> None:
    text = SEED.read_text(encoding="utf-8")
    by_path = policytext.parse(SEED)
    by_str_path = policytext.parse(str(SEED))
    by_text = policytext.parse(text)
    by_bytes = policytext.parse(text.encode("gb18030"))
    assert by_path.text == by_str_path.text == by_text.text == by_bytes.text
    assert by_path.source.path == str(SEED)
    assert by_bytes.source.encoding == "gb18030"


def test_section_at(seed_doc: Document) -> None:
    i = seed_doc.text.index("滨海新区中海油LPG物流")
    s = seed_doc.section_at(i)
    assert s is not None and s.level == 2
    assert seed_doc.section_at(0) is not None  # the seed starts with its heading


def test_import_is_light() -> None:
    code = (
        "import sys, policytext; "
        "heavy = [m for m in ('spacy', 'jieba', 'pkuseg', 'pandas', 'pyarrow') "
        "if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("variant", ["raw", "segmented"])
def test_targets_and_outcomes_arrive_with_their_indicator_key(variant: str) -> None:
    """The rules set each figure's `indicator_key` as `with_keys` would, so `parse` need not
    set it again: over every report of the corpus, `with_keys` changes nothing."""
    from policytext.indicators import with_keys

    figures = 0
    for name in REPORTS:
        doc = policytext.parse((CORPUS / variant / name).read_text(encoding="utf-8"))
        for kind in (doc.targets, doc.outcomes):
            assert with_keys(kind) == list(kind)
            assert all(a is b for a, b in zip(with_keys(kind), kind, strict=True))
            figures += len(kind)
    assert figures > 1000


def test_parsing_leaves_no_reference_cycles() -> None:
    # why the collector may pause while a document is parsed: nothing it would free is made
    texts = [(CORPUS / v / name).read_text(encoding="utf-8") for v in ("raw", "segmented")
             for name in REPORTS[:4]] + [SEED.read_text(encoding="utf-8")]  # fmt: skip
    policytext.parse(texts[-1])  # rules and lexicons loaded
    gc.collect()
    was_on = gc.isenabled()
    gc.disable()
    try:
        for t in texts:
            doc = policytext.parse(t)
            del doc
        assert gc.collect() == 0
    finally:
        if was_on:
            gc.enable()


def test_the_collector_pauses_during_a_parse_and_returns_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []
    real = pipeline.normalize

    def spy(text: str) -> Any:
        seen.append(gc.isenabled())
        return real(text)

    monkeypatch.setattr(pipeline, "normalize", spy)
    assert gc.isenabled()
    policytext.parse_text("二、2026年工作安排\n地区生产总值增长6%。")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        policytext.parse_text("地区生产总值增长6%。")
        assert not gc.isenabled()  # a collector the caller turned off stays off
    finally:
        gc.enable()

    def fail(text: str) -> Any:
        raise RuntimeError(text)

    monkeypatch.setattr(pipeline, "normalize", fail)
    with pytest.raises(RuntimeError):
        policytext.parse_text("地区生产总值增长6%。")
    assert gc.isenabled()  # and an error does not leave it paused


def test_the_collector_returns_once_the_last_of_parses_in_threads_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inside = threading.Barrier(2)
    real = pipeline.normalize

    def meet(text: str) -> Any:
        inside.wait(timeout=30)  # both parses are under way at once
        return real(text)

    monkeypatch.setattr(pipeline, "normalize", meet)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            policytext.parse_text("地区生产总值增长6%。")
            assert not gc.isenabled() or pipeline._pausing == 0
        except BaseException as e:  # (reported below)
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors and pipeline._pausing == 0 and gc.isenabled()
