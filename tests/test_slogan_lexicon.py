"""The slogan lexicon files: schema, duplicates, user files, and the bundled content."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from policytext.errors import LexiconError
from policytext.lexicons import lexicon_path
from policytext.pipeline import parse_text
from policytext.rules.slogans import (
    SloganEntry,
    load_slogan_lexicon,
    load_slogan_rules,
    parse_numeral,
)

BUNDLED = lexicon_path("slogans.toml")


def write(tmp_path: Path, body: str, name: str = "user.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


# --- the bundled file -------------------------------------------------------------------------


def test_bundled_lexicon_loads_with_enough_entries() -> None:
    lex = load_slogan_lexicon()
    assert len(lex.entries) >= 150


def test_bundled_header_says_where_expansions_come_from() -> None:
    head = BUNDLED.read_text(encoding="utf-8").split("\n[[slogan]]", 1)[0]
    assert "Where the expansions come from" in head
    assert "Government Work Reports" in head


@pytest.mark.parametrize(
    ("text", "numeral", "expansion"),
    [
        ("三农", 3, ("农业", "农村", "农民")),
        ("放管服", None, ("简政放权", "放管结合", "优化服务")),
        ("四个全面", 4, None),
        ("五位一体", 5, None),
        ("六稳", 6, None),
        ("六保", 6, None),
        ("三大攻坚战", 3, None),
        ("一带一路", None, None),
        ("双循环", 2, None),
    ],
)
def test_core_formulas_are_present(
    text: str, numeral: int | None, expansion: tuple[str, ...] | None
) -> None:
    entry = load_slogan_lexicon().lookup(text)
    assert entry is not None
    assert entry.numeral == numeral
    assert entry.expansion
    if expansion is not None:
        assert entry.expansion == expansion


def test_bundled_numerals_agree_with_the_text() -> None:
    """An entry's numeral, when the text starts with a count, is the count the text shows."""
    rules = load_slogan_rules()
    for e in load_slogan_lexicon().entries:
        parsed = parse_numeral(e.text, rules)
        if parsed is not None:
            assert e.numeral == parsed, e.text


def test_bundled_expansion_lengths_match_small_counts() -> None:
    for e in load_slogan_lexicon().entries:
        if (
            e.numeral
            and e.expansion
            and e.numeral <= 8
            and e.text.startswith(("两个", "三个", "四个", "五个", "六个", "四风", "六稳", "六保"))
        ):
            assert len(e.expansion) == e.numeral, e.text


def test_bundled_file_has_no_duplicate_forms() -> None:
    data = tomllib.loads(BUNDLED.read_text(encoding="utf-8"))
    forms = [f for e in data["slogan"] for f in (e["text"], *e.get("aliases", []))]
    assert len(forms) == len(set(forms))


# --- the schema ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        '[[slogan]]\ntext = "放管服"\ncolour = "red"\n',  # unknown key
        '[[slogan]]\ntext = ""\n',  # empty text
        '[[slogan]]\ntext = "“放管服”"\n',  # quotes in the text
        '[[slogan]]\ntext = "放 管服"\n',  # whitespace in the text
        '[[slogan]]\ntext = "三农"\nnumeral = "three"\n',  # numeral not a number
        '[[slogan]]\ntext = "三农"\nnumeral = 0\n',  # numeral out of range
        '[[slogan]]\ntext = "三农"\nexpansion = "农业、农村、农民"\n',  # expansion not a list
        '[[slogan]]\ntext = "三农"\nexpansion = ["农业", ""]\n',  # empty part
        '[[slogan]]\ntext = "三农"\ncategory = "global"\n',  # unknown category
        "[[slogan]]\nnumeral = 3\n",  # no text
        '[[slogan]]\ntext = "三农"\naliases = ["农", "农"]\n',  # alias twice
        '[[slogan]]\ntext = "两补"\nunquoted = false\nunquoted_after = ["老人"]\n',  # never bare
        '[[slogan]]\ntext = "两补"\nunquoted_after = [""]\n',  # empty word to follow
        '[[slogan\ntext = "三农"\n',  # not TOML
    ],
)
def test_malformed_entry_fails(tmp_path: Path, body: str) -> None:
    with pytest.raises(LexiconError):
        load_slogan_lexicon([write(tmp_path, body)])


@pytest.mark.parametrize(
    "body",
    [
        '[[slogan]]\ntext = "山海福地"\n[[slogan]]\ntext = "山海福地"\n',
        '[[slogan]]\ntext = "山海福地"\n[[slogan]]\ntext = "锦绣之州"\naliases = ["山海福地"]\n',
    ],
)
def test_duplicate_entry_fails(tmp_path: Path, body: str) -> None:
    with pytest.raises(LexiconError, match="listed twice"):
        load_slogan_lexicon([write(tmp_path, body)])


def test_entry_model_forbids_unknown_fields() -> None:
    with pytest.raises(ValueError):
        SloganEntry.model_validate({"text": "三农", "source": "x"})


def test_missing_user_file_fails(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="not found"):
        load_slogan_lexicon([tmp_path / "nope.toml"])


# --- user files ---------------------------------------------------------------------------------


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[slogan]]\ntext = "山海福地"\ncategory = "local"\n'
        '[[slogan]]\ntext = "三农"\nnumeral = 3\n'
        'expansion = ["农业", "农村", "农民", "农业人口"]\n',
    )
    lex = load_slogan_lexicon([path])
    local = lex.lookup("山海福地")
    assert local is not None and local.category == "local"
    sannong = lex.lookup("三农")
    assert sannong is not None and len(sannong.expansion) == 4
    assert len(lex.entries) == len(load_slogan_lexicon().entries) + 1


def test_bare_form_counts_only_after_its_holder(tmp_path: Path) -> None:
    path = write(tmp_path, '[[slogan]]\ntext = "三项津贴"\nunquoted_after = ["护林员"]\n')
    lexicon = [path]
    held = parse_text("按时发放护林员三项津贴。", lexicons=lexicon)
    assert [s.text for s in held.slogans] == ["三项津贴"]
    other = parse_text("按时发放教师三项津贴。", lexicons=lexicon)
    assert other.slogans == ()
    quoted = parse_text("按时发放教师“三项津贴”。", lexicons=lexicon)
    assert [s.text for s in quoted.slogans] == ["三项津贴"]


def test_user_file_with_other_tables_is_read_for_slogans_only(tmp_path: Path) -> None:
    path = write(tmp_path, '[[project]]\nname = "滨河路"\n[[slogan]]\ntext = "山海福地"\n')
    assert load_slogan_lexicon([path]).lookup("山海福地") is not None


def test_rule_lists_reject_unknown_keys(tmp_path: Path) -> None:
    data = tomllib.loads(lexicon_path("slogan_rules.toml").read_text(encoding="utf-8"))
    rules = load_slogan_rules()
    assert set(data) == set(type(rules).model_fields)
    with pytest.raises(ValueError):
        type(rules).model_validate({**data, "extra_list": []})


@pytest.mark.parametrize(
    ("key", "value"),
    [
        # every regex setting is compiled on load, so a broken one fails there, not on the
        # first quote that reaches its rule
        ("zero_level_pattern", "^零["),
        ("grade_pattern", "(?:级"),
        # an empty mark would end every quoted text and make each one a vessel's name
        ("vessel_mark", ""),
        # the rules that read a named group find it there (the rank's 中, the name toured)
        ("rank_after_pattern", "^前十"),
        ("tour_app_pattern", "^一键游(?P<toured>"),
        ("tour_app_pattern", "^一键游[\u4e00-\u9fff]{2,4}$"),
        # the count's gap and the noun of goods, each named
        ("listed_product_pattern", "等?\\d+[个项](?P<gap>.{0,6}?)(?:应用|产品)"),
        ("listed_product_pattern", "等?\\d+[个项](?:应用|(?P<goods>产品))"),
        ("listed_product_pattern", "等?\\d+[个项](?P<gap>.{0,6}?)(?:应用|(?P<goods>产品)"),
    ],
)
def test_rule_settings_are_checked_on_load(key: str, value: str) -> None:
    data = tomllib.loads(lexicon_path("slogan_rules.toml").read_text(encoding="utf-8"))
    rules_type = type(load_slogan_rules())
    rules_type.model_validate(data)  # (the bundled settings pass)
    with pytest.raises(ValueError):
        rules_type.model_validate({**data, key: value})
