"""The spaCy component, to_spacy and displacy, with spaCy's char, jieba and pkuseg segmenters."""

from __future__ import annotations

import doctest
import subprocess
import sys
import warnings
from decimal import Decimal
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
    """(label, object, original span) of every target, outcome and slogan/project mention."""
    out = []
    for label, figures in (("TARGET", document.targets), ("OUTCOME", document.outcomes)):
        for t in figures:
            out.append((label, t, document.source_span(t.start, t.end)))
    for label, items in (("SLOGAN", document.slogans), ("PROJECT", document.projects)):
        for item in items:
            for m in item.mentions:
                out.append((label, item, document.source_span(m.start, m.end)))
    return out


def _whole(span: Any) -> Any:
    """The object of `span` as its Document holds it (offsets in the normalized text)."""
    kind, _, index = span.id_.removeprefix("policytext:").partition(":")
    return getattr(span.doc._.policytext, kind)[int(index)]


def _found(doc: Doc) -> list[tuple[str, Any]]:
    return sorted(
        ((s.label_, _whole(s)) for s in doc.spans["policytext"]),
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
    got = [(s.label_, _whole(s), (s.start_char, s.end_char)) for s in doc.spans["policytext"]]
    key = lambda x: (x[0], x[2])  # noqa: E731
    assert sorted(got, key=key) == sorted(expected, key=key)
    document = doc._.policytext
    assert document.original == raw_text
    assert (document.targets, document.outcomes, document.slogans, document.projects) == (
        raw_doc.targets,
        raw_doc.outcomes,
        raw_doc.slogans,
        raw_doc.projects,
    )
    assert {label for label, _, _ in expected} == {"TARGET", "OUTCOME", "SLOGAN", "PROJECT"}


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
        obj = _whole(span)
        places = [(obj.start, obj.end), *((m.start, m.end) for m in getattr(obj, "mentions", ()))]
        spans = [raw_doc.source_span(a, b) for a, b in places]
        assert any(span.start_char <= a and b <= span.end_char for a, b in spans)
        # alignment_mode="expand": the span starts and ends on token boundaries
        assert span[0].idx == span.start_char
        assert span[-1].idx + len(span[-1]) == span.end_char


@pytest.mark.filterwarnings("ignore::policytext.integrations.spacy.FragmentWarning")
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
        whole = _whole(span)
        obj = span._.policytext
        # the extension's offsets index doc.text: those of the figure or of the span's mention
        if span.label_ in ("TARGET", "OUTCOME"):
            assert (obj.start, obj.end) == seg_doc.source_span(whole.start, whole.end)
            assert (span.start_char, span.end_char) == (obj.start, obj.end)
        else:
            assert span.start_char <= obj.start < obj.end <= span.end_char
            assert [(m.start, m.end) for m in obj.mentions] == [
                seg_doc.source_span(m.start, m.end) for m in whole.mentions
            ]
        assert "".join(doc.text[obj.start : obj.end].split()) == whole.text


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


# --------------------------------------------------------------------------------------------
# Outcomes, assigns, displaCy colours, doc.text offsets
# --------------------------------------------------------------------------------------------

REVIEW_AND_PLAN = (
    "一、2025年工作回顾\n青禾县地区生产总值增长5.2%，粮食产量达到80万吨。\n"
    "二、2026年工作安排\n地区生产总值增长5%左右。"
)


def test_outcomes_are_in_the_span_group() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    doc = nlp(REVIEW_AND_PLAN)
    spans = [(s.label_, s.text) for s in doc.spans["policytext"]]
    assert ("OUTCOME", "青禾县地区生产总值增长5.2%") in spans
    assert ("TARGET", "地区生产总值增长5%左右") in spans
    outcome = next(s for s in doc.spans["policytext"] if s.label_ == "OUTCOME")
    assert isinstance(outcome._.policytext, policytext.Outcome)
    assert outcome._.policytext.value == Decimal("5.2")


def test_the_factory_declares_what_it_assigns() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    assigns = nlp.get_pipe_meta("policytext").assigns
    assert {"doc.spans", "doc._.policytext", "span._.policytext"} <= set(assigns)
    summary = nlp.analyze_pipes()["summary"]["policytext"]
    assert "doc.spans" in summary["assigns"]


def test_span_objects_count_in_doc_text_characters() -> None:
    """Full-width digits and the blanks of segmented text shift normalized offsets."""
    text = "二、 2026年 工作 安排\n青禾 县 地区 生产 总值 增长 ６．６％ 左右 ，"
    text += " 深化 “ 放管服 ” 改革 。"
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    doc = nlp(text)
    target = next(s for s in doc.spans["policytext"] if s.label_ == "TARGET")
    obj = target._.policytext
    assert doc.text[obj.start : obj.end] == "青禾 县 地区 生产 总值 增长 ６．６％ 左右"
    assert obj.text == "青禾县地区生产总值增长6.6%左右"
    assert obj.value == Decimal("6.6")
    # the Document keeps its own offsets, which index the normalized text
    whole = _whole(target)
    assert (
        doc._.policytext.text[whole.start : whole.end]
        == obj.text
        != doc.text[whole.start : whole.end]
    )
    slogan = next(s for s in doc.spans["policytext"] if s.label_ == "SLOGAN")
    assert doc.text[slogan._.policytext.start : slogan._.policytext.end] == "放管服"
    assert [doc.text[m.start : m.end] for m in slogan._.policytext.mentions] == ["放管服"]


def test_displacy_options_give_each_label_a_colour() -> None:
    options = policytext.displacy_options()
    assert options["spans_key"] == "policytext"
    colors = options["colors"]
    assert set(colors) == {*pt_spacy.LABELS.values(), pt_spacy.FIGURE}
    assert len(set(colors.values())) == len(colors)
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    doc = nlp(REVIEW_AND_PLAN + "深化“放管服”改革。")
    html = displacy.render(doc, style="span", options=options)
    for label in ("TARGET", "OUTCOME", "SLOGAN"):
        assert label in html and colors[label] in html
    plain = displacy.render(doc, style="span", options={"spans_key": "policytext"})
    assert colors["TARGET"] not in plain


# --------------------------------------------------------------------------------------------
# Paragraphs: the fragment reading of nlp.pipe and the whole-report path
# --------------------------------------------------------------------------------------------


def _original_spans(doc: Doc) -> set[tuple[str, str, int, int]]:
    """(label, id, start, end) of the spans of `doc`, in the report's original offsets."""
    offset = doc.user_data.get("policytext:offset", 0)
    return {
        (s.label_, s.id_, s.start_char + offset, s.end_char + offset)
        for s in doc.spans["policytext"]
    }


@pytest.mark.parametrize("copy", ["raw", "segmented"])
def test_paragraph_docs_hold_exactly_the_whole_reports_spans(
    copy: str, raw_doc: policytext.Document, seg_doc: policytext.Document
) -> None:
    document = raw_doc if copy == "raw" else seg_doc
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    whole = policytext.to_spacy(document, nlp)
    docs = policytext.to_spacy(document, nlp, by="paragraph")
    assert len(docs) == len(document.paragraphs)
    union: set[tuple[str, str, int, int]] = set()
    for i, (doc, p) in enumerate(zip(docs, document.paragraphs, strict=True)):
        a, b = document.source_span(p.start, p.end)
        assert doc.text == document.original[a:b]
        assert doc.user_data["policytext:offset"] == a
        assert doc.user_data["policytext:paragraph"] == i
        assert doc._.policytext == document
        for span in doc.spans["policytext"]:
            obj = span._.policytext
            assert 0 <= obj.start < obj.end <= len(doc.text)
            assert "".join(doc.text[obj.start : obj.end].split()) == "".join(
                document.source_text(*_span_place(span)).split()
            )
        union |= _original_spans(doc)
    expected = _original_spans(whole)
    assert {label for label, *_ in expected} == {"TARGET", "OUTCOME", "SLOGAN", "PROJECT"}
    assert union == expected


def _span_place(span: Any) -> tuple[int, int]:
    """Normalized (start, end) of the occurrence a span marks."""
    whole = _whole(span)
    if span.label_ in ("TARGET", "OUTCOME"):
        return whole.start, whole.end
    offset = span.doc.user_data.get("policytext:offset", 0)
    for m in whole.mentions:
        a, b = span.doc._.policytext.source_span(m.start, m.end)
        if span.start_char <= a - offset and b - offset <= span.end_char:
            return m.start, m.end
    raise AssertionError(f"no mention of {whole.text} inside {span.text}")


def test_pipe_over_paragraphs_claims_only_what_each_shows(
    raw_text: str, raw_doc: policytext.Document
) -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    whole = _original_spans(policytext.to_spacy(raw_doc, nlp))
    by_place = {(a, b): label for label, _, a, b in whole}
    lines = raw_text.split("\n")
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = list(nlp.pipe(lines))
    fragment_warnings = [w for w in caught if issubclass(w.category, pt_spacy.FragmentWarning)]
    assert len(fragment_warnings) == 1
    assert 'to_spacy(document, nlp, by="paragraph")' in str(fragment_warnings[0].message)
    claimed = {"TARGET": 0, "FIGURE": 0}
    for start, doc in zip(starts, docs, strict=True):
        for span in doc.spans["policytext"]:
            place = (span.start_char + start, span.end_char + start)
            if span.label_ == "TARGET":
                # a paragraph alone claims a target only where the whole report has one
                assert by_place.get(place) == "TARGET", span.text
            if span.label_ in claimed:
                claimed[span.label_] += 1
    whole_targets = sum(1 for label, *_ in whole if label == "TARGET")
    assert claimed["TARGET"] > 0 and claimed["FIGURE"] > 0
    assert claimed["TARGET"] < whole_targets
    # the paragraph path gives every paragraph the whole report's targets
    paragraph_docs = policytext.to_spacy(raw_doc, nlp, by="paragraph")
    targets = [s for d in paragraph_docs for s in d.spans["policytext"] if s.label_ == "TARGET"]
    assert len(targets) == whole_targets


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("今年青禾县地区生产总值增长5%左右。", ["TARGET"]),
        ("青禾县地区生产总值增长5.2%。", ["FIGURE"]),
        ("力争粮食产量达到120万吨。", ["TARGET"]),
        ("云岭市森林覆盖率将达到45%。", ["TARGET"]),
        ("主要预期目标是：地区生产总值增长4%左右；城镇新增就业1.2万人。", ["TARGET", "TARGET"]),
        ("主要指标增长5%。", ["FIGURE"]),
        ("培育未来产业，青禾县高新技术企业达到120家。", ["FIGURE"]),
        ("未来五年，云岭市森林覆盖率提高到45%。", ["TARGET"]),
        ("云岭县地区生产总值比上年增长5%，今年力争城镇新增就业1万人。", ["FIGURE", "TARGET"]),
    ],
)
def test_a_fragment_claims_a_target_only_where_it_looks_forward(
    text: str, labels: list[str]
) -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    with pytest.warns(pt_spacy.FragmentWarning, match='by="paragraph"'):
        doc = nlp(text)
    got = [s.label_ for s in doc.spans["policytext"] if s.label_ in ("TARGET", "FIGURE")]
    assert got == labels
    assert all(isinstance(s._.policytext, policytext.Target) for s in doc.spans["policytext"])


def test_the_fragment_warning_comes_once_and_not_for_a_structured_text() -> None:
    nlp = spacy.blank("zh")
    nlp.add_pipe("policytext")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = nlp(SAMPLE)  # a heading that plans: the whole reading, no warning
    assert next(s.label_ for s in doc.spans["policytext"]) == "TARGET"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nlp("青禾县地区生产总值增长5.2%。")
        nlp("云岭县粮食产量达到80万吨。")
    assert [w.category for w in caught] == [pt_spacy.FragmentWarning]


def test_to_spacy_knows_only_the_paragraph_split(raw_doc: policytext.Document) -> None:
    with pytest.raises(ValueError, match="paragraph"):
        policytext.to_spacy(raw_doc, spacy.blank("zh"), by="sentence")  # type: ignore[call-overload]
