"""The spaCy component, to_spacy and displacy, with spaCy's char, jieba and pkuseg segmenters."""

from __future__ import annotations

import doctest
import subprocess
import sys
from typing import Any

import pytest

spacy = pytest.importorskip("spacy")

from spacy import displacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

import policytext  # noqa: E402
from policytext.integrations import spacy as pt_spacy  # noqa: E402
from testdata import CORPUS, PAIR_REPORT  # noqa: E402

SAMPLE = "二、2026年工作安排\n地区生产总值增长6.6%左右。深化“放管服”改革，华为云计算中心投入运营。"


@pytest.fixture(scope="module")
def raw_text() -> str:
    return (CORPUS / "raw" / PAIR_REPORT).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Language]:
    out = {}
    for name in pt_spacy.SPACY_SEGMENTERS:
        nlp = pt_spacy.blank_zh(name)
        nlp.add_pipe("policytext")
        out[name] = nlp
    return out


def _expected(document: policytext.Document) -> list[tuple[str, Any, tuple[int, int]]]:
    """(label, object, original span) of every target and slogan/project mention."""
    out = []
    for t in document.targets:
        out.append(("TARGET", t, document.source_span(t.start, t.end)))
    for label, items in (("SLOGAN", document.slogans), ("PROJECT", document.projects)):
        for item in items:
            for m in item.mentions:
                out.append((label, item, document.source_span(m.start, m.end)))
    return out


def _found(doc: Doc) -> list[tuple[str, Any]]:
    return sorted(
        ((s.label_, s._.policytext) for s in doc.spans["policytext"]),
        key=lambda x: (x[0], x[1].start, x[1].text),
    )


def _key(items: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    return sorted((label, obj.model_dump_json()) for label, obj in items)


def test_the_component_comes_from_the_entry_point() -> None:
    nlp = spacy.blank("zh")
    component = nlp.add_pipe("policytext")
    assert isinstance(component, pt_spacy.PolicyTextComponent)
    assert nlp.pipe_names == ["policytext"]
    doc = nlp(SAMPLE)
    assert [(s.label_, s.text) for s in doc.spans["policytext"]] == [
        ("TARGET", "地区生产总值增长6.6%左右"),
        ("SLOGAN", "放管服"),
        ("PROJECT", "华为云计算中心"),
    ]
    assert isinstance(doc._.policytext, policytext.Document)
    assert doc._.policytext.original == SAMPLE


def test_char_segmenter_spans_are_exact(
    pipelines: dict[str, Language], raw_text: str, raw_doc: policytext.Document
) -> None:
    assert raw_doc.original == raw_text
    doc = pipelines["char"](raw_text)
    expected = _expected(raw_doc)
    assert len(expected) > 50
    got = [(s.label_, s._.policytext, (s.start_char, s.end_char)) for s in doc.spans["policytext"]]
    key = lambda x: (x[0], x[2])  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)
    document = doc._.policytext
    assert document.original == raw_text
    assert (document.targets, document.slogans, document.projects) == (
        raw_doc.targets,
        raw_doc.slogans,
        raw_doc.projects,
    )


@pytest.mark.parametrize("name", ["jieba", "pkuseg"])
def test_word_segmenters_expand_to_whole_tokens(
    name: str, pipelines: dict[str, Language], raw_text: str, raw_doc: policytext.Document
) -> None:
    nlp = pipelines[name]
    doc = nlp(raw_text)
    char_doc = pipelines["char"](raw_text)
    # the tokenizer really segments words
    assert len(doc) < 0.8 * len(char_doc)
    assert _key(_found(doc)) == _key(_found(char_doc))
    for span in doc.spans["policytext"]:
        obj = span._.policytext
        places = [(obj.start, obj.end), *((m.start, m.end) for m in getattr(obj, "mentions", ()))]
        spans = [raw_doc.source_span(a, b) for a, b in places]
        assert any(span.start_char <= a and b <= span.end_char for a, b in spans)
        # alignment_mode="expand": the span starts and ends on token boundaries
        assert span[0].idx == span.start_char
        assert span[-1].idx + len(span[-1]) == span.end_char


def test_pkuseg_pipeline_uses_the_shipped_model(pipelines: dict[str, Language]) -> None:
    tokenizer: Any = pipelines["pkuseg"].tokenizer
    assert tokenizer.segmenter == "pkuseg"
    words = [t.text for t in pipelines["pkuseg"]("地区生产总值增长6.6%左右")]
    assert words[:3] == ["地区", "生产", "总值"]


def test_pkuseg_lexicon_words(pipelines: dict[str, Language]) -> None:
    nlp = pipelines["pkuseg"]
    tokenizer: Any = nlp.tokenizer
    before = [t.text for t in nlp("深化放管服改革")]
    pt_spacy.add_lexicon_words(nlp)
    try:
        assert "放管服" not in before
        assert "放管服" in [t.text for t in nlp("深化放管服改革")]
    finally:
        tokenizer.pkuseg_update_user_dict([], reset=True)
    with pytest.raises(policytext.PolicyTextError, match="pkuseg"):
        pt_spacy.add_lexicon_words(pipelines["jieba"])


def test_blank_zh_rejects_unknown_segmenters() -> None:
    with pytest.raises(policytext.PolicyTextError, match="'char'"):
        pt_spacy.blank_zh("thulac")


def test_raw_with_jieba_and_pkuseg_and_the_segmented_copy_agree(
    pipelines: dict[str, Language], raw_text: str, seg_doc: policytext.Document
) -> None:
    """The same Targets, Slogans and Projects whatever the segmentation."""
    seg_spacy = policytext.to_spacy(seg_doc, spacy.blank("zh"))
    reference = _key(_found(seg_spacy))
    assert reference
    for name in ("jieba", "pkuseg"):
        assert _key(_found(pipelines[name](raw_text))) == reference


def test_to_spacy_keeps_the_original_segmentation(seg_doc: policytext.Document) -> None:
    nlp = spacy.blank("zh")
    doc = pt_spacy.to_spacy(seg_doc, nlp)
    assert doc.text == seg_doc.original
    words = [t.text for t in doc if not t.is_space]
    assert words == seg_doc.original.split()
    assert sum(1 for t in doc if t.whitespace_) > len(words) // 2
    assert _key(_found(doc)) == _key([(label, obj) for label, obj, _ in _expected(seg_doc)])
    for span in doc.spans["policytext"]:
        a, b = seg_doc.source_span(span._.policytext.start, span._.policytext.end)
        if span.label_ == "TARGET":
            assert (span.start_char, span.end_char) == (a, b)


def test_to_spacy_runs_the_other_components_and_raw_input() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("policytext", config={"spans_key": "pt"})
    document = policytext.parse_text(SAMPLE)
    doc = policytext.to_spacy(document, nlp)
    assert doc.text == SAMPLE
    assert len(list(doc.sents)) >= 2
    assert {s.text for s in doc.spans["pt"]} >= {"放管服", "华为云计算中心"}
    assert "放管服" in [t.text for t in doc]


def test_displacy_renders_the_spans(pipelines: dict[str, Language]) -> None:
    doc = pipelines["jieba"](SAMPLE)
    html = displacy.render(doc, style="span", options={"spans_key": "policytext"})
    assert isinstance(html, str)
    for label in ("TARGET", "SLOGAN", "PROJECT"):
        assert label in html
    assert "放管服" in html


def test_docs_keep_their_objects_through_serialization(pipelines: dict[str, Language]) -> None:
    doc = pipelines["char"](SAMPLE)
    back = Doc(doc.vocab).from_bytes(doc.to_bytes())
    assert _key(_found(back)) == _key(_found(doc))
    assert back._.policytext == doc._.policytext
    bin_ = DocBin(store_user_data=True, docs=[doc])
    [again] = list(DocBin().from_bytes(bin_.to_bytes()).get_docs(doc.vocab))
    assert _key(_found(again)) == _key(_found(doc))


def test_annotate_refuses_a_doc_of_another_text() -> None:
    nlp = spacy.blank("zh")
    with pytest.raises(policytext.InputError, match="to_spacy"):
        pt_spacy.annotate(nlp("别的文本"), policytext.parse_text(SAMPLE))


def test_plain_spans_have_no_object(pipelines: dict[str, Language]) -> None:
    doc = pipelines["char"](SAMPLE)
    assert doc[0:2]._.policytext is None
    assert spacy.blank("zh")("文本")._.policytext is None


def test_import_policytext_does_not_import_spacy() -> None:
    code = (
        "import sys, policytext\n"
        "assert 'spacy' not in sys.modules and 'jieba' not in sys.modules\n"
        "assert callable(policytext.to_spacy) and 'spacy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    with pytest.raises(AttributeError):
        _ = policytext.no_such_name  # type: ignore[attr-defined]


def test_module_docstring_example() -> None:
    result = doctest.testmod(pt_spacy, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and result.failed == 0


def test_fast_source_spans_match_the_document(
    raw_doc: policytext.Document, seg_doc: policytext.Document
) -> None:
    for document in (raw_doc, seg_doc):
        source_span = pt_spacy._source_spans(document)
        n = len(document.text)
        cuts = sorted({0, n, *range(0, n, 97), *range(5, n, 131)})
        pairs = [(a, b) for a, b in zip(cuts, cuts[3:], strict=False)] + [(n, n), (7, 7)]
        assert all(source_span(a, b) == document.source_span(a, b) for a, b in pairs)
