"""Figures of speech and idioms told from coined abbreviations by a general dictionary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policytext.lexicons import lexicon_path, word_sections
from policytext.rules.context import Context
from policytext.rules.slogans import (
    IDIOMS_FILE,
    RARE_NOUNS_FILE,
    SAYINGS_FILE,
    WORD_TAGS_FILE,
    _figure_of_words,
    explain_slogans,
)

# The word lists of the slogan rules derived from a package's data: (list, its script and the
# script's options, the package, the data's path in the package's folder)
DERIVED = [
    (RARE_NOUNS_FILE, ("derive_words.py", "--rare-nouns"), "jieba", "dict.txt"),  # jieba's tags
    (SAYINGS_FILE, ("derive_words.py", "--sayings"), "jieba", "dict.txt"),
    (WORD_TAGS_FILE, ("derive_words.py", "--tags"), "jieba", "dict.txt"),
    (IDIOMS_FILE, ("derive_idioms.py",), "cm_chengyu", "data/idioms.json"),  # chinese-xinhua's
]


@pytest.mark.parametrize(("name", "script", "package", "data"), DERIVED)
def test_derived_list_matches_its_derivation(
    name: str, script: tuple[str, ...], package: str, data: str
) -> None:
    """The shipped list is what its script in `lexicons/` makes of the package's data."""
    module = pytest.importorskip(package)
    source = Path(module.__file__).resolve().parent / data
    out = subprocess.run(
        [sys.executable, str(lexicon_path(script[0])), *script[1:], str(source)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == lexicon_path(name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "section", "max_size", "lengths", "kept", "left_out"),
    [
        # a seldom noun (the picture of 枯木抽新枝), not a common word
        (RARE_NOUNS_FILE, "rare_noun", 400_000, (2, 2), "新枝", "发展"),
        # long set phrases only: no formula, no system's name
        (SAYINGS_FILE, "saying", 40_000, (5, 99), "一寸光阴一寸金", "一票否决制"),
        # common nouns of two or three characters (a thing's name ends in one), no verb
        (WORD_TAGS_FILE, "noun", 300_000, (2, 3), "家园", "发展"),
        # single characters that act or link, none that names
        (WORD_TAGS_FILE, "verbal", 300_000, (1, 1), "改", "园"),
    ],
)
def test_jieba_lists_name_their_source_and_stay_small(
    name: str, section: str, max_size: int, lengths: tuple[int, int], kept: str, left_out: str
) -> None:
    path = lexicon_path(name)
    head = path.read_text(encoding="utf-8")[:800]
    assert "jieba" in head and "derive_words.py" in head and "sha256" in head
    assert path.stat().st_size < max_size
    words = word_sections(name)[section]
    assert all(lengths[0] <= len(w) <= lengths[1] for w in words)
    assert kept in words and left_out not in words


def test_a_quoted_saying_is_speech_but_a_system_is_no_saying() -> None:
    text = (
        "要有“一寸光阴一寸金”的紧迫感，拿出“万丈高楼平地起”的韧劲，对耕地保护实行“一票否决制”，"
        "办好“五个一工程”。"
    )
    rules = {d.candidate.text: d.rule for d in explain_slogans(Context(text=text))}
    assert rules == {
        "一寸光阴一寸金": "reject_quoted_speech",
        "万丈高楼平地起": "reject_quoted_speech",
        "一票否决制": "numeral_formula",  # a set term of a system: not among the sayings
        "五个一工程": "lexicon",
    }


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("枯木抽新枝", True),  # a common word, a verb, a seldom noun: a picture
        ("铁树开新花", True),
        ("资金入禾", False),  # a province's character coined into a formula
        ("甲乙丙", False),  # characters no word covers
        ("新枝", False),  # too short to draw a picture
        ("青禾新枝", False),  # a name before the noun: a brand, not a picture
        ("新枝工程", False),  # the seldom noun not last
    ],
)
def test_figure_of_words(text: str, figure: bool) -> None:
    assert _figure_of_words(text) is figure


def test_figure_is_turned_down_before_the_abbreviation_rule() -> None:
    text = "青禾县推动闲置厂房“枯木抽新枝”。"
    (d,) = [d for d in explain_slogans(Context(text=text)) if d.candidate.text == "枯木抽新枝"]
    assert not d.accepted and d.rule == "reject_metaphor"


def test_idioms_name_their_source_and_licence_and_stay_small() -> None:
    path = lexicon_path(IDIOMS_FILE)
    head = path.read_text(encoding="utf-8")[:3000]
    assert "chinese-xinhua" in head and "derive_idioms.py" in head and "sha256" in head
    assert "Copyright (c) 2018 PWXCOO" in head and "Permission is hereby granted" in head
    assert path.stat().st_size < 500_000
    idioms = word_sections(IDIOMS_FILE)["idiom"]
    assert len(idioms) > 20_000 and all(len(w) == 4 for w in idioms)
    assert "守株待兔" in idioms and "放管服" not in idioms


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("兜底保障做到“金城汤池”。", "reject_no_evidence"),  # an idiom: no coinage
        ("开展“寅吃卯粮”专项治理行动。", "reject_no_evidence"),  # no policy head makes it one
        ("坚持“三位一体”。", "numbered_formula"),  # an idiom on a count keeps its count
    ],
)
def test_an_idiom_is_no_abbreviation(text: str, rule: str) -> None:
    decisions = explain_slogans(Context(text=text))
    assert decisions[0].rule == rule
