"""Stage 1: numerals, magnitudes, units, qualifiers and ranges (policytext.numbers)."""

from __future__ import annotations

import dataclasses
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import policytext
from policytext import numbers
from policytext.errors import InputError, PolicyTextError
from policytext.numbers import (
    Quantity,
    find_quantities,
    parse_chinese_numeral,
    parse_number,
    unit_info,
)
from testdata import PATHOLOGICAL_SECONDS

GOLDEN = Path(__file__).parent / "golden" / "numbers.json"
CASES: list[dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]


def _as_json(q: Quantity) -> dict[str, Any]:
    def s(d: Decimal | None) -> str | None:
        return None if d is None else str(d)

    return {
        "text": q.text,
        "value": s(q.value),
        "value_max": s(q.value_max),
        "unit": q.unit,
        "base_value": s(q.base_value),
        "base_unit": q.base_unit,
        "comparator": q.comparator,
    }


def test_golden_file_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert sum(1 for c in CASES if not c["expected"]) >= 20  # the traps
    assert all(c["source"] for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_golden(case: dict[str, Any]) -> None:
    got = [_as_json(q) for q in find_quantities(case["text"])]
    assert got == case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_spans_index_the_text(case: dict[str, Any]) -> None:
    text = case["text"]
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.start <= q.core_start < q.core_end <= q.end


# --- parse_number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("6.6", "6.6"),
        ("1,234", "1234"),
        ("3000万", "30000000"),
        ("1.2万亿", "1200000000000"),
        ("16.4亿", "1640000000"),
        ("百分之五", "5"),
        ("三千", "3000"),
        ("三千五百", "3500"),
        ("三千五", "3500"),
        ("一万五", "15000"),
        ("十二", "12"),
        ("一百零五", "105"),
        ("两万", "20000"),
        ("五点五", "5.5"),
        ("三亿五千万", "350000000"),
        ("１２", "12"),
    ],
)
def test_parse_number(written: str, value: str) -> None:
    got = parse_number(written)
    assert got == Decimal(value)
    assert str(got) == value  # no exponent, no trailing zeros


def test_sixteen_point_four_yi_is_exact() -> None:
    assert parse_number("16.4亿") == Decimal(1640000000)
    assert str(parse_number("16.4亿")) == "1640000000"


@pytest.mark.parametrize("bad", ["", "abc", "十四五", "三五", "万一", "6.6%", "第四"])
def test_parse_number_rejects(bad: str) -> None:
    with pytest.raises(InputError) as err:
        parse_number(bad)
    assert isinstance(err.value, PolicyTextError)
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("s", "value"),
    [("十", 10), ("十九", 19), ("二十", 20), ("一百", 100), ("二〇二六", 2026), ("一千零一", 1001)],
)
def test_chinese_numerals(s: str, value: int) -> None:
    assert parse_chinese_numeral(s) == Decimal(value)


@pytest.mark.parametrize("s", ["十四五", "十五五", "百十", "亿万", "一一", ""])
def test_chinese_non_numerals(s: str) -> None:
    assert parse_chinese_numeral(s) is None


# --- units and comparators ------------------------------------------------------------------


def test_percent_and_points_differ() -> None:
    (pct,) = find_quantities("提高1%")
    (pts,) = find_quantities("提高1个百分点")
    assert pct.unit == "%" and pct.kind == "percent"
    assert pts.unit == "个百分点" and pts.kind == "points"
    assert pct.base_unit != pts.base_unit


def test_unit_lexicon() -> None:
    info = unit_info("个工作日")
    assert info is not None and info.unit == "工作日" and info.kind == "time"
    assert unit_info("成") is not None and unit_info("成").factor == Decimal(10)  # type: ignore[union-attr]
    assert unit_info("方面") is None


@pytest.mark.parametrize(
    ("text", "cmp"),
    [
        ("6%左右", "~"),
        ("约6%", "~"),
        ("6%以上", ">="),
        ("不低于6%", ">="),
        ("不少于6家", ">="),
        ("至少6家", ">="),
        ("6%以内", "<="),
        ("6%以下", "<="),
        ("不超过6%", "<="),
        ("超过6%", ">"),
        ("高于6%", ">"),
        ("低于6%", "<"),
        ("6%-6.5%", "range"),
        ("6%", "="),
    ],
)
def test_comparators(text: str, cmp: str) -> None:
    (q,) = find_quantities(text)
    assert q.comparator == cmp
    assert q.text == text


def test_range_keeps_both_ends_in_base_units() -> None:
    (q,) = find_quantities("1万-1.5万亩")
    assert (q.value, q.value_max, q.unit) == (Decimal(1), Decimal("1.5"), "万亩")
    assert (q.base_value, q.base_value_max, q.base_unit) == (Decimal(10000), Decimal(15000), "亩")


def test_every_value_is_decimal() -> None:
    text = "增长6.6%，达到296亿元，新增3.5万个，两成，百分之五，1,234"
    for q in find_quantities(text):
        assert isinstance(q.value, Decimal)
        assert q.base_value is None or isinstance(q.base_value, Decimal)


def test_offsets_in_a_sentence() -> None:
    text = "今年全县地区生产总值增长6.3%，规模以上工业增加值增长8%。"
    qs = find_quantities(text)
    assert [text[q.start : q.end] for q in qs] == ["6.3%", "8%"]


def test_no_match_is_empty() -> None:
    assert find_quantities("") == []
    assert find_quantities("坚持稳中求进工作总基调。") == []


# --- properties -----------------------------------------------------------------------------


@given(st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False))
def test_arabic_round_trip(d: Decimal) -> None:
    written = f"{d:f}"
    assert parse_number(written) == d


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["万", "亿", "万亿"]))
def test_magnitude_folds_exactly(n: int, mag: str) -> None:
    factor = {"万": 10**4, "亿": 10**8, "万亿": 10**12}[mag]
    (q,) = find_quantities(f"达到{n}{mag}元")
    assert q.base_value == Decimal(n * factor)
    assert q.unit == f"{mag}元" and q.base_unit == "元"


@given(st.text(alphabet="一二三万亿个%0123456789.-—至年第“”+G十百千约左右以上", max_size=40))
def test_never_raises_and_spans_hold(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
        assert isinstance(q.value, Decimal)


# --- speed: linear on adversarial input -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1" * 50_000,
        "地区生产总值增长" * 130_000,  # about 1 MB, no punctuation
        "三" * 200_000,
        "〇" * 200_000,
        "“" * 100_000 + "5%",
    ],
    ids=["digits", "cjk-1MB", "cn-numerals", "cn-zeros", "quotes"],
)
def test_linear_time(text: str) -> None:
    t = time.perf_counter()
    find_quantities(text)
    assert time.perf_counter() - t < PATHOLOGICAL_SECONDS


def test_fifty_thousand_digits_is_one_exact_figure() -> None:
    (q,) = find_quantities("增长" + "9" * 50_000 + "万亿元")
    assert q.base_value == Decimal("9" * 50_000 + "0" * 12)


def test_a_percent_sign_typed_twice_is_one_percent() -> None:
    (q,) = find_quantities("增长7.2%%左右")
    assert (q.value, q.unit, q.base_unit, q.comparator) == (Decimal("7.2"), "%", "%", "~")
    doc = policytext.parse_text("二、2031年工作安排\n青禾市地区生产总值增长7.2%%左右。")
    assert [(t.value, t.unit) for t in doc.targets] == [(Decimal("7.2"), "%")]


def _canonical(d: Decimal) -> str:
    """The written form of `d` without exponent or trailing zeros, computed the slow way."""
    from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN
    from decimal import Context as DecimalContext

    exact = DecimalContext(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
    if d == exact.to_integral_value(d):
        return str(exact.quantize(d, Decimal(1)))
    return str(exact.normalize(d))


@pytest.mark.parametrize(
    "text",
    ["增长6.60%", "投资1,200.50万元", "造林3000亩", "下降0.0%", "五点零倍", "1.0万亿元", "10.5%",
     "100万元", "两成", "三千万元", "6%-6.50%", "1.20万亩", "50.0万千瓦", "百分之五"],
)  # fmt: skip
def test_values_are_clean_on_every_path(text: str) -> None:
    """Figures already clean skip the cleaning; every value still reads without exponent or
    trailing zeros, as the cleaning writes it."""
    qs = find_quantities(text)
    assert qs
    for q in qs:
        for d in (q.value, q.value_max, q.base_value, q.base_value_max):
            if d is not None:
                assert str(d) == _canonical(d), (text, d)


def test_found_quantities_equal_those_built_by_the_dataclass() -> None:
    # find_quantities builds its figures as their unfrozen twin, then makes them Quantities:
    # they must be the same frozen dataclass instances as the constructor's, field for field
    from policytext.numbers import _Unfrozen

    assert _Unfrozen.__slots__ == Quantity.__slots__
    assert [f.name for f in dataclasses.fields(Quantity)] == list(Quantity.__slots__)
    for q in find_quantities("青山县粮食产量不低于3.5万吨，增长6%-6.5%，新建学校三所多。"):
        names = [f.name for f in dataclasses.fields(Quantity)]
        rebuilt = Quantity(*(getattr(q, n) for n in names))
        assert type(q) is Quantity
        assert q == rebuilt
        assert hash(q) == hash(rebuilt)
        assert repr(q) == repr(rebuilt)
        assert [getattr(q, n) for n in names] == [getattr(rebuilt, n) for n in names]
        assert not hasattr(q, "__dict__")  # slots only
        with pytest.raises(dataclasses.FrozenInstanceError):
            q.start = 0  # type: ignore[misc]


_ARABIC_SHAPES = [
    "柳溪镇新建停车位3000个，改造老旧小区1,250户",
    "地区生产总值增长6.5%左右，粮食产量不低于3.5万吨",
    "完成投资1.2万亿元，引进人才3万多人，新增绿地2万余亩",
    "配置设备1000台（套），人均收入达到5.6万元/人",
    "新增装机12万千瓦，PM2.5浓度下降到28微克/立方米",
    "石湾村接待游客40万人次、收入2.30亿元，开行班车120班次",
    "3万多，5万余户，7.0万，8万元（含补贴），9亿多元",
]


@pytest.mark.parametrize("text", _ARABIC_SHAPES)
def test_an_arabic_figure_read_in_the_start_match_has_the_core_read_step_by_step(
    text: str,
) -> None:
    # the scan reads an Arabic figure with its unit in the match of its first digit
    # (`_fast_core`); that must be what `_core_at` reads after the token match
    lex = numbers._lexicon()
    seen = 0
    for found in numbers._start_re().finditer(text):
        if found.start("rest") < 0:
            continue  # a Chinese numeral: read by `_core_at` alone
        token = numbers._TOKEN_RE.match(text, found.start())
        assert token is not None and token.group("ar") is not None
        assert token.end() == found.end("rest")
        start, end = token.span()
        fast = numbers._fast_core(text, found, start, end, text[start:end], lex)
        slow = numbers._core_at(text, start, end, None, token.group("ar"), None, lex)
        assert repr(fast) == repr(slow), (text, token.group())
        seen += 1
    assert seen >= 2


def test_no_unit_or_magnitude_holds_a_closing_quote() -> None:
    # what lets the scan skip a figure opening inside a short quotation before reading it: the
    # figure cannot reach past the quotation's closing mark
    assert numbers._closing_quote_free()


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("实施“3个100”工程，新建学校5所", ["5所"]),
        ("打造“十四五”品牌，改造道路12公里", ["12公里"]),
        ("建设“百城万企”平台，新增就业3000人", ["3000人"]),
        ("“5万亩”“2亿元”之外，另有8个项目", ["8个"]),
        ("设立“两区”，“增长6.5%左右”", []),
        ("资金“不足”12亿元，占比“高”", ["12亿元"]),
    ],
)
def test_figures_inside_short_quotations_are_names(text: str, kept: list[str]) -> None:
    assert [q.text for q in find_quantities(text)] == kept


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("增长１２％", "12", "%"),
        ("增长6．5%", "6.5", "%"),
        ("增长６%－７%", "6", "%"),
        ("新增３个", "3", "个"),
    ],
)
def test_full_width_digits_and_signs_read_as_ascii(written: str, value: str, unit: str) -> None:
    """A text holding any full-width digit or sign is read folded to ASCII, offsets kept."""
    (q,) = find_quantities(written)
    assert (q.value, q.unit, q.text) == (Decimal(value), unit, written[2:])


def test_clean_is_the_value_without_exponent_or_trailing_zeros() -> None:
    """`_clean` gives, for every sign and exponent, what reading the digits gives: a whole
    number with exponent 0, else the fraction without trailing zeros."""
    import random

    from policytext.numbers import _EXACT, _clean

    def by_digits(d: Decimal) -> Decimal:
        if d == _EXACT.to_integral_value(d):
            return _EXACT.quantize(d, Decimal(1))
        return _EXACT.normalize(d)

    rng = random.Random(3)
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 14)))
        d = Decimal(digits).scaleb(rng.randint(-16, 16))
        for x in (d, -d):
            got, want = _clean(x), by_digits(x)
            assert (str(got), got.as_tuple()) == (str(want), want.as_tuple()), x


def test_clean_of_a_huge_figure_stays_linear() -> None:
    """A figure of a hundred thousand digits is cleaned through its digits, not through `int`
    (whose conversions grow with the square of the digits: seconds at this size)."""
    from policytext.numbers import _clean

    d = Decimal("1" + "0" * 100_000 + ".0")
    t0 = time.perf_counter()
    got = _clean(d)
    assert time.perf_counter() - t0 < 0.5
    assert got.as_tuple().exponent == 0 and got == d


def test_suffix_qualifiers_have_two_characters() -> None:
    # find_quantities slices two characters after a figure for its qualifier, and only when the
    # first of them opens one (`_SUFFIX_FIRST`)
    assert all(len(w) == 2 for w in numbers._SUFFIX_CMP)
    assert {w[0] for w in numbers._SUFFIX_CMP} == numbers._SUFFIX_FIRST
    qs = find_quantities("增长6%左右，投资3亿元以上，用地5亩之内，新增8个")
    assert [q.comparator for q in qs] == ["~", ">=", "<=", "="]


def test_group_numbers_of_the_start_pattern() -> None:
    # find_quantities reads the groups of the start pattern by number
    index = numbers._start_re().groupindex
    assert dict(index) == {
        "rest": numbers._REST,
        "more": numbers._MORE_AT,
        "plain": numbers._PLAIN,
        "mag": numbers._MAG,
        "mu": numbers._MU,
    }
    assert numbers._start_re().groups == len(index)


_ARABIC_FIGURES = st.builds(
    lambda whole, groups, frac: whole + "".join("," + g for g in groups) + frac,
    st.from_regex(r"[0-9]{1,30}", fullmatch=True),
    st.lists(st.from_regex(r"[0-9]{3}", fullmatch=True), max_size=3),
    st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,20}", fullmatch=True)),
)


@given(_ARABIC_FIGURES, st.sampled_from(sorted(numbers._zeros())))
def test_a_figure_shifted_by_its_zeros_is_its_product(figure: str, mag: int) -> None:
    """`_shifted` (the point moved by string) gives what `_product` gives: the same digits and
    exponent, so the same text when written out."""
    want = numbers._product(Decimal(figure.replace(",", "")), mag, Decimal(1))
    got = numbers._shifted(figure, numbers._zeros()[mag])
    assert (str(got), got.as_tuple()) == (str(want), want.as_tuple())


def test_the_zeros_are_those_of_the_magnitudes_that_are_powers_of_ten() -> None:
    zeros = numbers._zeros()
    assert zeros[1] == "" and zeros[10**4] == "0000" and zeros[10**12] == "0" * 12
    assert all(10 ** len(z) == mag for mag, z in zeros.items())
    assert set(zeros) == {1, *numbers._lexicon().magnitudes.values()}


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("投资1.25万元", "12500"),
        ("投资0.00001万元", "0.1"),
        ("投资1.50000万元", "15000"),
        ("投资1,234.5678901亿元", "123456789010"),
        ("投资0万元", "0"),
        ("投资3-5万元", "30000"),
        ("增长百分之5.50", "5.5"),
    ],
)
def test_base_values_of_shifted_figures(text: str, base: str) -> None:
    (q,) = find_quantities(text)
    assert q.base_value is not None and str(q.base_value) == base
