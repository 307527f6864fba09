"""The result models: the compact table of a document's sentences reads as a tuple of them."""

from __future__ import annotations

import pickle
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from policytext import Document, Sentence, Slogan, parse_text
from policytext.models import Sentences

_TEXT = "一、回顾\n青禾市经济平稳运行。“先行先试；再作推广”成为共识！\n二、安排\n力争增长5%左右。"

rows = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 99)))


@given(rows)
def test_reads_as_the_tuple_of_its_sentences(items: list[tuple[int, int, int]]) -> None:
    as_tuple = tuple(Sentence(start=a, end=b, paragraph=p) for a, b, p in items)
    table = Sentences.of(as_tuple)
    assert len(table) == len(as_tuple)
    assert tuple(table) == as_tuple
    assert table == as_tuple and table == list(as_tuple)
    assert [table[i] for i in range(-len(table), len(table))] == [*as_tuple, *as_tuple]
    assert tuple(table[1:-1]) == as_tuple[1:-1] and tuple(table[::2]) == as_tuple[::2]
    assert list(table.starts) == [a for a, _, _ in items]
    assert list(table.ends) == [b for _, b, _ in items]
    assert list(table.paragraphs) == [p for _, _, p in items]
    assert pickle.loads(pickle.dumps(table)) == table
    assert hash(table) == hash(as_tuple)  # equal to the tuple, so hashed alike


def test_inequality_and_bounds() -> None:
    table = Sentences([0, 5], [5, 9], [0, 0])
    assert table != Sentences([0, 5], [5, 8], [0, 0])
    assert table != (Sentence(start=0, end=5, paragraph=0),)
    assert table != "not sentences"
    with pytest.raises(IndexError):
        table[2]


def test_only_integers_and_equal_lengths() -> None:
    with pytest.raises(TypeError):
        Sentences([0, 1.5], [2, 3], [0, 0])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        Sentences(array("d", [0.5]), [2], [0])
    with pytest.raises(ValueError, match="as many"):
        Sentences([0, 4], [4], [0, 0])


def test_a_document_keeps_the_same_sentences_through_json_and_validation() -> None:
    doc = parse_text(_TEXT)
    assert isinstance(doc.sentences, Sentences)
    # the sentences as the text shows them: stops inside quotes do not split
    assert [doc.text[s.start : s.end] for s in doc.sentences][:3] == [
        "一、回顾",
        "青禾市经济平稳运行。",
        "“先行先试；再作推广”成为共识！",
    ]
    again = Document.model_validate_json(doc.model_dump_json())
    assert again == doc and isinstance(again.sentences, Sentences)
    dumped = doc.model_dump()["sentences"]
    assert dumped == tuple(s.model_dump() for s in doc.sentences)
    # a tuple of sentences (or of their fields) is checked field by field, as `Sentence` is
    fields = {k: v for k, v in doc.model_dump().items() if k != "sentences"}
    rebuilt = Document.model_validate({**fields, "sentences": tuple(doc.sentences)})
    assert rebuilt.sentences == doc.sentences
    with pytest.raises(ValidationError) as bad_type:
        Document.model_validate({**fields, "sentences": [{"start": "x", "end": 1, "paragraph": 0}]})
    assert [e["loc"] for e in bad_type.value.errors()] == [("sentences", 0, "start")]
    with pytest.raises(ValidationError) as missing:
        Document.model_validate({**fields, "sentences": [{"start": 0, "end": 1}]})
    assert [e["loc"] for e in missing.value.errors()] == [("sentences", 0, "paragraph")]


def test_dumps_of_some_sentences_or_fields() -> None:
    doc = parse_text(_TEXT)
    first = doc.model_dump(include={"sentences": {0}})["sentences"]
    assert first == ({"start": 0, "end": 4, "paragraph": 0},)
    bounds = doc.model_dump(exclude={"sentences": {"__all__": {"paragraph"}}})["sentences"]
    assert bounds == tuple({"start": s.start, "end": s.end} for s in doc.sentences)
    assert hash(Document.model_validate_json(doc.model_dump_json())) == hash(doc)


def test_a_slogan_made_without_canonical_takes_its_text_without_enumeration_commas() -> None:
    made = Slogan(start=0, end=5, rule="by hand", text="甲乙、丙丁", quoted=True)
    assert made.canonical == "甲乙丙丁"
    named = Slogan(start=0, end=5, rule="by hand", text="甲乙、丙丁", quoted=True, canonical="戊")
    assert named.canonical == "戊"
    # what the parser gives a formula its lexicon does not hold is the same
    (parsed,) = parse_text("推进“青禾、云岭”协作。").slogans
    assert parsed.text == "青禾、云岭" and parsed.canonical == "青禾云岭"
