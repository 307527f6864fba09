"""Stage 1: numbers and quantities in Chinese policy text.

A figure as written (`6.6`, `3000万`, `6.2万亩`, `1.2万亿元`, `百分之五`,
`两成`, `三千多`, `1,234`) becomes a `Quantity`: an exact `Decimal` value,
the unit as written, a base value with the magnitude (万, 亿 ...) folded in,
and the comparator its qualifiers give (`左右` -> `~`, `以上` -> `>=`, a range
`6%-6.5%` -> `range`). Years, dates, ordinals (`第四次`, `十九大`) and names
with numbers (`PM2.5`, `5G`, `“8+3”`, `十四五`) are not quantities and are not
returned.

Units and magnitudes come from `lexicons/units.toml`. The module needs nothing else of the
package and is useful alone::

    >>> from policytext.numbers import find_quantities, parse_number
    >>> parse_number("1.2万亿")
    Decimal('1200000000000')
    >>> [(q.value, q.unit, q.comparator) for q in find_quantities("增长6.5%左右")]
    [(Decimal('6.5'), '%', '~')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Decimal, InvalidOperation
from decimal import Context as _DecimalContext
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InputError, LexiconError
from .lexicons import dictionary_words, load_bundled
from .patterns import alternation, trie_pattern

__all__ = [
    "Quantity",
    "UnitInfo",
    "find_quantities",
    "parse_chinese_numeral",
    "parse_number",
]

Comparator = Literal["=", "~", ">=", "<=", ">", "<", "range"]
NumeralKind = Literal["arabic", "chinese", "mixed"]


# --------------------------------------------------------------------------------------------
# lexicon
# --------------------------------------------------------------------------------------------


# (this module's function type, Cython's when compiled: pydantic must know it for methods)
_FUNCTION_TYPES = (type(lambda: None),)


class _UnitEntry(BaseModel):
    model_config = ConfigDict(
        ignored_types=_FUNCTION_TYPES, frozen=True, extra="forbid", defer_build=True
    )

    written: str = Field(min_length=1)
    unit: str | None = None
    base: str | None = None
    factor: Decimal = Decimal(1)
    kind: Literal[
        "percent",
        "points",
        "count",
        "money",
        "area",
        "length",
        "mass",
        "volume",
        "energy",
        "power",
        "time",
        "concentration",
        "ratio",
        "other",
    ]


class _UnitLexicon(BaseModel):
    model_config = ConfigDict(
        ignored_types=_FUNCTION_TYPES, frozen=True, extra="forbid", defer_build=True
    )

    magnitudes: dict[str, int]
    units: list[_UnitEntry]


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A unit of the lexicon: as written, as reported, its base unit, factor and kind."""

    written: str
    unit: str
    base: str
    factor: Decimal
    kind: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    magnitudes: dict[str, int]
    units: dict[str, UnitInfo]
    unit_re: re.Pattern[str]
    mag_re: re.Pattern[str]
    # the first characters of the units and of the magnitudes: elsewhere neither pattern matches
    unit_first: frozenset[str]
    mag_first: frozenset[str]


@cache
def _lexicon() -> _Lexicon:
    raw = load_bundled("units.toml")
    try:
        lex = _UnitLexicon.model_validate(raw)
    except ValidationError as exc:
        raise LexiconError(f"units.toml does not fit its schema: {exc}") from None
    if "" in lex.magnitudes:
        raise LexiconError("units.toml: a magnitude is written with at least one character")
    units: dict[str, UnitInfo] = {}
    for e in lex.units:
        unit = e.unit or e.written
        units[e.written] = UnitInfo(e.written, unit, e.base or unit, e.factor, e.kind)
    return _Lexicon(
        magnitudes=dict(lex.magnitudes),
        units=units,
        unit_re=re.compile(alternation(list(units))),
        mag_re=re.compile(alternation(list(lex.magnitudes))),
        unit_first=frozenset(w[0] for w in units),
        mag_first=frozenset(w[0] for w in lex.magnitudes),
    )


@cache
def _unit_first_chars() -> frozenset[str]:
    """Characters that can follow a lone Chinese digit in a figure (units, magnitudes, 多/余)."""
    lex = _lexicon()
    return frozenset(w[0] for w in [*lex.units, *lex.magnitudes, "多", "余", "点"])


@cache
def _start_re() -> re.Pattern[str]:
    """The first character of a figure of `_TOKEN_RE`, less a lone Chinese numeral that no
    unit, magnitude, 多/余 or 点 follows (一般, 统一, 进一步: a numeral character inside a
    word), so that one search skips those words instead of one loop turn each; `_TOKEN_RE`
    always matches where this does.

    The pattern opens on a character class, which the regex engine scans for in one tight
    loop (a pattern opening on a lookahead is tried in full at every position): the character
    is taken, then told apart by looking behind it."""
    cn = "零〇一二两三四五六七八九十百千万亿"
    first = "".join(sorted(re.escape(ch) for ch in _unit_first_chars()))
    return re.compile(
        rf"[0-9{cn}]"
        rf"(?:(?<=[0-9]){_arabic_tail()}"
        rf"|(?<=百)(?=分之[0-9{cn}])"
        rf"|(?<=[{cn}])(?=[{cn}]|点[零〇一二两三四五六七八九]|[{first}]))"
    )


# The numbers of the groups of `_arabic_tail` in `_start_re` (by number, a group is read a
# little quicker than by name): the pattern's only groups, in their order.
_REST, _MORE_AT, _PLAIN, _MAG, _MU = 1, 2, 3, 4, 5


@cache
def _arabic_tail() -> str:
    """What follows the first digit of an Arabic figure, read in the same match as the digit
    (see `_fast_core`): the rest of the figure as `_TOKEN_RE` reads it (group `rest`), 多/余,
    the longest unit there (`plain`, a lookahead) and the longest magnitude with the longest
    unit after it (`mag`, `mu`): what `_core_at` looks up one by one."""
    lex = _lexicon()
    units = trie_pattern(lex.units)
    return (
        r"(?P<rest>[0-9]*(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?)"
        r"(?P<more>[多余])?"
        rf"(?=(?P<plain>{units})?)"
        rf"(?:(?P<mag>{trie_pattern(lex.magnitudes)})(?P<mu>{units})?)?"
    )


def _inside_words(text: str, start: int, end: int) -> bool:
    """Whether the Chinese figure `text[start:end]` is two halves of words, not a count: its
    numeral ends a word begun before it (统一, 逐一) that does not merely end a word of its own
    there (规划一批: 规划 is one), and its measure word begins a word with the next character
    (列入, 列出, 例外)."""
    words = dictionary_words()["common"]
    return (
        start > 0
        and text[start - 1 : start + 1] in words
        and (start < 2 or text[start - 2 : start] not in words)
        and text[end - 1 : end + 1] in words
    )


@cache
def _goes_on() -> frozenset[str]:
    """The characters that may follow the digits of a figure and belong to it: the first of a
    unit or a magnitude, 多/余, a range's separator."""
    lex = _lexicon()
    return lex.unit_first | lex.mag_first | _MORE | _RANGE_SEPS


@cache
def _closing_quote_free() -> bool:
    """Whether no unit and no magnitude holds a closing quotation mark or a line break: a figure
    (digits, numerals, 点, 多/余, units, magnitudes, a measure word in brackets, a compound unit)
    then never reaches past the closing mark of a quotation it opens in."""
    lex = _lexicon()
    return not any("”" in w or "\n" in w for w in [*lex.units, *lex.magnitudes])


def unit_info(written: str) -> UnitInfo | None:
    """The lexicon entry of a unit as written (`"个工作日"`), or None."""
    return _lexicon().units.get(written)


# --------------------------------------------------------------------------------------------
# numerals
# --------------------------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"

# One figure. Every part after the first digit is optional, so a scan never backtracks over
# a long run of digits: the regex is linear in the length of the text.
_TOKEN_RE = re.compile(
    r"""
    (?P<pct>百分之)?                              # 百分之五: a percentage written in words
    (?:
        (?P<ar>[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?)  # 6.6  1,234  3000
      | (?P<cn>[零〇一二两三四五六七八九十百千万亿]+   # 三千  六万  十四五 (rejected later)
          (?:点[零〇一二两三四五六七八九]+)?)        # 五点五
    )
    """,
    re.VERBOSE,
)
_ARABIC_FULL_RE = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
# Full-width digits and signs read as their ASCII forms, one character for one (offsets kept).
_FULLWIDTH = "０１２３４５６７８９％．／－～"
_FOLD = str.maketrans(_FULLWIDTH, "0123456789%./-~")
# Single characters and two-character words are looked up (a slice and a set), not matched.
_MORE = frozenset("多余")  # 三千多, 1万余户: "more than"
_RANGE_SEPS = frozenset("-—–~～至到")  # 6%-6.5%  6%至6.5%  6—6.5%
_OPEN_BRACKETS = frozenset("（(")
_SUFFIX_CMP: dict[str, Comparator] = {
    "左右": "~",
    "上下": "~",
    "以上": ">=",
    "以内": "<=",
    "之内": "<=",
    "以下": "<=",
}
_SUFFIX_FIRST = frozenset(w[0] for w in _SUFFIX_CMP)  # (most figures are followed by none)
# Qualifiers written before the figure, longest first.
_PREFIX_CMP: tuple[tuple[str, Comparator], ...] = (
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("至少", ">="),
    ("最少", ">="),
    ("最多", "<="),
    ("超过", ">"),
    ("高于", ">"),
    ("多于", ">"),
    ("大于", ">"),
    ("低于", "<"),
    ("少于", "<"),
    ("小于", "<"),
    ("大约", "~"),
    ("约", "~"),
    ("超", ">"),
)
_QUOTED_RE = re.compile(r"“[^“”\n]{0,24}”")
_ALT_UNIT_RE = re.compile(r"[（(](?P<unit>[^（()）\d]{1,2})[）)]")
# A minus sign: the figure is negative (`增长-6.6%`) when the sign follows a word, not a figure.
_MINUS = "-－−"
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_PLUS = "+＋×*"


# One as a Decimal: a Decimal compares with another quicker than with an int (no conversion).
_ONE = Decimal(1)

# Exact arithmetic whatever the figure's length: no rounding to the default 28 digits.
_EXACT = _DecimalContext(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _scale(*factors: Decimal | int) -> Decimal:
    """The exact product of `factors`, cleaned (`16.4` * 10**8 -> `1640000000`)."""
    out = Decimal(1)
    for f in factors:
        if f != 1:  # (a factor of one changes no value, and `_clean` reads only the value)
            out = _EXACT.multiply(out, Decimal(f))
    return _clean(out)


def _product(value: Decimal, mag: int, factor: Decimal) -> Decimal:
    """`_scale(value, mag, factor)` by at most two multiplications: `_clean` reads only the
    value of the exact product, whatever the factors of one left in or out."""
    out = _EXACT.multiply(value, mag) if mag != 1 else value
    if factor != _ONE:
        out = _EXACT.multiply(out, factor)
    return _clean(out)


@cache
def _zeros() -> dict[int, str]:
    """The zeros that write each magnitude of the lexicon that is a power of ten, and one
    (10000: "0000", 1: ""): a figure times one of these is its digits with the point moved."""
    out = {1: ""}
    for mag in _lexicon().magnitudes.values():
        written = str(mag)
        if written == "1" + "0" * (len(written) - 1):
            out[mag] = written[1:]
    return out


def _shifted(figure: str, zeros: str) -> Decimal:
    """`_product(Decimal(figure), 10 ** len(zeros), 1)` for an Arabic figure as `_TOKEN_RE`
    reads it (digits, commas between thousands, one point at most): its digits with the point
    moved `len(zeros)` places right and the trailing zeros of a fraction dropped, read by one
    `Decimal` (a third of the cost of the multiplication and `_clean`). `_clean` gives a whole
    number exponent 0 and a fraction its digits up to the last one not a zero: what a `Decimal`
    read from such a string has (leading zeros are not kept in either)."""
    if "," in figure:
        figure = figure.replace(",", "")
    whole, point, frac = figure.partition(".")
    if not point:
        return Decimal(figure + zeros)
    k = len(zeros)
    if len(frac) <= k:
        return Decimal(whole + frac + zeros[len(frac) :])
    rest = frac[k:].rstrip("0")
    return Decimal(f"{whole}{frac[:k]}.{rest}" if rest else whole + frac[:k])


_INT_DIGITS = 28


def _clean(d: Decimal) -> Decimal:
    """`d` without exponent notation or trailing zeros (`1640000000.0` -> `1640000000`).

    The result depends only on the value of `d` (`1.50` and `1.5` give `1.5`)."""
    if d.is_finite() and not d.is_signed() and d.adjusted() < _INT_DIGITS:
        # (a figure's value: by its whole part, several times quicker than through its digits
        # below; a whole number is made with exponent 0, as `quantize` to 1 makes it, and
        # `normalize` leaves a fraction without trailing zeros as it is. Only below 10**28:
        # the conversion to and from `int` grows with the square of the number of digits)
        whole = int(d)
        return Decimal(whole) if whole == d else _EXACT.normalize(d)
    _sign, digits, exp = d.as_tuple()
    # already clean: a whole number without exponent (3000), or a fraction whose last digit is
    # not a zero (6.6); the slow path below returns these unchanged
    if exp == 0 or (isinstance(exp, int) and exp < 0 and digits[-1] != 0):
        return d
    if d == _EXACT.to_integral_value(d):
        return _EXACT.quantize(d, Decimal(1))
    return _EXACT.normalize(d)


def parse_chinese_numeral(s: str) -> Decimal | None:
    """Value of a numeral in Chinese characters (`三千五百`, `两`, `十二`, `五点五`), or None.

    Sequences that are not numerals (`十四五`, `三五`, `万一`) give None.
    """
    if not s:
        return None
    int_part, sep, frac = s.partition("点")
    value = _parse_cn_int(int_part)
    if value is None:
        return None
    if not sep:
        return Decimal(value)
    if not frac or any(c not in _CN_DIGITS for c in frac):
        return None
    return Decimal(f"{value}.{''.join(str(_CN_DIGITS[c]) for c in frac)}")


def _parse_cn_int(s: str) -> int | None:
    if not s:
        return None
    if all(c in _CN_DIGITS for c in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        if ("〇" in s or "零" in s) and len(s) <= 20:  # 二〇二六: digit by digit
            return int("".join(str(_CN_DIGITS[c]) for c in s))
        return None
    high = 0  # complete multiples of 亿
    mid = 0  # multiples of 万 below 亿
    sec = 0  # below 万
    num: int | None = None
    last_small = 10**5
    last_big = 10**9
    zero = False
    for i, c in enumerate(s):
        if c in _CN_DIGITS:
            d = _CN_DIGITS[c]
            if d == 0:
                zero, num = True, None
                continue
            if num is not None:
                return None
            num = d
        elif c in _CN_SMALL:
            u = _CN_SMALL[c]
            if u >= last_small:
                return None
            if num is None:
                if u == 10 and i == 0:
                    num = 1  # 十二
                else:
                    return None
            sec += num * u
            num, last_small, zero = None, u, False
        else:
            b = _CN_BIG[c]
            if b >= last_big:
                return None
            part = sec + (num or 0)
            if b == 10**8:
                if part == 0 and mid == 0:
                    return None
                high = (high + mid + part) * b
                mid = 0
            else:
                if part == 0:
                    return None
                mid = part * b
            sec, num, last_small, last_big, zero = 0, None, 10**5, b, False
    if num is not None:
        # 三千五 = 3500, 一万五 = 15000 (colloquial); 一百零五 = 105
        if not zero and last_small < 10**5 and last_small > 10:
            num *= last_small // 10
        elif not zero and last_small == 10**5 and last_big < 10**9 and sec == 0:
            num *= last_big // 10
        sec += num
    return high + mid + sec


def parse_number(s: str) -> Decimal:
    """The value of a written figure: `6.6`, `1,234`, `3000万`, `1.2万亿`, `百分之五`, `三千`.

    The magnitude is folded in (`1.2万亿` -> 1200000000000); `百分之五` gives 5 (a percentage).
    Raises `InputError` (a `ValueError`) when `s` is not a figure.
    """
    t = s.strip().translate(_FOLD)
    if t.startswith("百分之"):
        t = t[3:]
    lex = _lexicon()
    mag = 1
    # a trailing magnitude (万, 亿, 万亿 ...) after an Arabic figure
    for m in sorted(lex.magnitudes, key=len, reverse=True):
        if len(t) > len(m) and t.endswith(m) and t[-len(m) - 1].isdigit():
            mag, t = lex.magnitudes[m], t[: -len(m)]
            break
    value: Decimal | None = None
    if _ARABIC_FULL_RE.fullmatch(t):
        try:
            value = Decimal(t.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the regex admits only valid figures
            value = None
    elif t and all(c in _CN_CHARS or c == "点" for c in t):
        value = parse_chinese_numeral(t)
    if value is None:
        raise InputError(f"not a number: {s!r}; pass a figure such as '6.6', '3000万' or '三千'")
    return _scale(value, mag)


# --------------------------------------------------------------------------------------------
# quantities
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure with its unit and qualifiers, as found in a text.

    `start`/`end` cover the whole phrase, qualifiers included (`不低于80%`, `6%左右`);
    `core_start`/`core_end` only the figure and its unit. `unit` is as written (`万亩`), `base_*`
    have the magnitude folded in (62000 `亩`). `kind` is the unit's kind from the lexicon
    (`percent`, `points`, `count`, `money` ...), None for a bare figure.
    """

    start: int
    end: int
    text: str
    value: Decimal
    unit: str | None = None
    base_value: Decimal | None = None
    base_unit: str | None = None
    comparator: Comparator = "="
    value_max: Decimal | None = None
    base_value_max: Decimal | None = None
    kind: str | None = None
    numeral: NumeralKind = "arabic"
    core_start: int = 0
    core_end: int = 0

    def figure_fields(self) -> dict[str, Decimal | str | None]:
        """The value fields a Target or Outcome takes over from this quantity, as written."""
        return {
            "value": self.value,
            "value_max": self.value_max,
            "unit": self.unit,
            "base_value": self.base_value,
            "base_value_max": self.base_value_max,
            "base_unit": self.base_unit,
        }


class _Unfrozen:
    """`Quantity`'s twin: the same slots, in the same order, and plain attribute assignment.

    `find_quantities` makes one empty, stores each field into it right in its loop (one fast
    store per field, and no call) and then makes it a `Quantity` (`__class__` may change between
    classes whose instances lay out alike: the same slots, no `__dict__`). The frozen
    dataclass's own `__init__` sets each field through `object.__setattr__`, setting the slots
    one descriptor call at a time costs twice as much, and a constructor of this class, called
    with fourteen arguments, a third more: all are measurable over thousands of figures."""

    __slots__ = Quantity.__slots__

    start: int
    end: int
    text: str
    value: Decimal
    unit: str | None
    base_value: Decimal | None
    base_unit: str | None
    comparator: Comparator
    value_max: Decimal | None
    base_value_max: Decimal | None
    kind: str | None
    numeral: NumeralKind
    core_start: int
    core_end: int


# A figure and its unit, before qualifiers and ranges: (start, end, value, magnitude, magnitude
# as written, unit, unit as written with its magnitude (万亩, 万元/人, 人/百亿元), base unit,
# followed by 多/余, numeral kind, clean: `value` is as `_clean` gives it (3000, 6.6: most
# figures)). A tuple: one is made for every figure of a report.
_Core = tuple[
    int, int, Decimal, int, str, UnitInfo | None, str, str | None, bool, NumeralKind, bool
]


def _match_unit(text: str, pos: int, lex: _Lexicon) -> tuple[str, int, str, UnitInfo | None, int]:
    """At `pos`: (magnitude text, magnitude, unit text, unit, end); a plain unit wins a tie."""
    first = text[pos : pos + 1]
    plain = lex.unit_re.match(text, pos) if first in lex.unit_first else None
    mag = lex.mag_re.match(text, pos) if first in lex.mag_first else None
    best: tuple[str, int, str, UnitInfo | None, int] = ("", 1, "", None, pos)
    if plain:
        best = ("", 1, plain.group(), lex.units[plain.group()], plain.end())
    if mag:
        after = mag.end()
        u = lex.unit_re.match(text, after)
        end = u.end() if u else after
        if end > best[4]:
            unit = lex.units[u.group()] if u else None
            best = (mag.group(), lex.magnitudes[mag.group()], u.group() if u else "", unit, end)
    return best


@lru_cache(maxsize=1024)
def _chinese_figure(cn: str) -> tuple[Decimal, str, int, bool] | None:
    """(value, magnitude text, magnitude, clean) of a figure in Chinese numerals as `_TOKEN_RE`
    matches it (`三千万`: 3000, 万), or None when it is no figure. Remembered: reports write
    the same few numerals again and again (一, 两, 三, 十)."""
    if not any(c in _CN_DIGITS for c in cn) and not cn.startswith("十"):
        return None
    body = cn
    mag_text, mag = "", 1
    # a trailing 万/亿 is the magnitude: 三千万元 = 3000 万元
    if "点" not in body:
        stripped = body.rstrip("万亿")
        if stripped and stripped != body:
            cand = body[len(stripped) :]
            magnitudes = _lexicon().magnitudes
            if cand in magnitudes:
                mag_text, mag = cand, magnitudes[cand]
                body = stripped
    parsed = parse_chinese_numeral(body)
    if parsed is None:
        return None
    return parsed, mag_text, mag, "点" not in body  # (clean: a whole number)


def _core_at(
    text: str,
    start: int,
    end: int,
    pct: str | None,
    ar: str | None,
    cn: str | None,
    lex: _Lexicon,
) -> _Core | None:
    """The figure `_TOKEN_RE` matched at `start:end` (its groups `pct`, `ar`, `cn`), with its
    magnitude and unit, or None."""
    numeral: NumeralKind
    mag_text, mag = "", 1
    if ar is not None:
        value = Decimal(ar.replace(",", "") if "," in ar else ar)
        clean = "." not in ar or ar[-1] != "0"  # no exponent, no trailing zero
        numeral = "arabic"
    else:
        read = _chinese_figure(cn or "")
        if read is None:
            return None
        value, mag_text, mag, clean = read
        numeral = "chinese"
    more = False
    if text[end : end + 1] in _MORE:
        more, end = True, end + 1
    unit: UnitInfo | None
    units = lex.units
    if pct is not None:
        unit = units["%"]
        unit_text = "%"
    else:
        # (`_match_unit`, written out: most figures have a unit)
        first = text[end : end + 1]
        mt, mv, ui, uend = "", 1, None, end
        if first in lex.unit_first:
            plain = lex.unit_re.match(text, end)
            if plain is not None:
                ui, uend = units[plain.group()], plain.end()
        if first in lex.mag_first:
            mg = lex.mag_re.match(text, end)
            if mg is not None:
                after = mg.end()
                u = lex.unit_re.match(text, after)
                mend = u.end() if u is not None else after
                if mend > uend:
                    mt = mg.group()
                    mv, ui, uend = lex.magnitudes[mt], units[u.group()] if u else None, mend
        if mag_text and mt:
            return None  # 三千万万: not a figure
        if mt:
            if ar is not None:
                numeral = "mixed"
            mag_text, mag = mt, mv
        elif ui is None and mag_text:
            # Chinese figure with its own magnitude (三千万), unit after it
            u2 = lex.unit_re.match(text, end)
            if u2:
                ui, uend = units[u2.group()], u2.end()
        if mt or ui is not None:
            end = uend
        unit = ui
        if not more and unit is None and mag_text and text[end : end + 1] in _MORE:
            more, end = True, end + 1
            u3 = lex.unit_re.match(text, end)
            if u3:
                unit, end = units[u3.group()], u3.end()
        unit_text = mag_text + unit.unit if unit is not None else mag_text
    if unit is None:
        return (start, end, value, mag, mag_text, None, unit_text, None, more, numeral, clean)
    base_unit = unit.base
    # an alternative measure word in brackets, part of the unit as written: 1000台（套）
    if unit.kind == "count" and text[end : end + 1] in _OPEN_BRACKETS:
        alt = _ALT_UNIT_RE.match(text, end)
        if alt is not None:
            other = units.get(alt.group("unit"))
            if other is not None and other.kind == "count":
                unit_text += alt.group()
                base_unit = (base_unit or "") + alt.group()
                end = alt.end()
    # a compound unit: 万元/人, 微克/立方米, 人/百亿元
    if text[end : end + 1] == "/":
        dm, _dv, dt, du, dend = _match_unit(text, end + 1, lex)
        if du is not None:
            denom = dm + dt
            unit_text = f"{unit_text}/{denom}"
            base_unit = f"{unit.base}/{denom}"
            end = dend
    return (start, end, value, mag, mag_text, unit, unit_text, base_unit, more, numeral, clean)


def _fast_core(
    text: str, found: re.Match[str], start: int, end: int, ar: str, lex: _Lexicon
) -> _Core | None:
    """`_core_at(text, start, end, None, ar, None, lex)` for the Arabic figure `ar` =
    `text[start:end]` that `found` (a match of `_start_re` at its first digit) read with what
    follows it; the rare shapes (a magnitude alone then 多/余, a measure word in brackets, a
    compound unit) are left to `_core_at`."""
    value = Decimal(ar.replace(",", "") if "," in ar else ar)
    clean = "." not in ar or ar[-1] != "0"  # no exponent, no trailing zero
    mag_text: str | None
    plain: str | None
    mag_text, plain, more_text = found.group(_MAG, _PLAIN, _MORE_AT)  # (one call for three)
    more = more_text is not None
    figure_end = end
    after = end + 1 if more else end  # where the unit may start
    units = lex.units
    unit: UnitInfo
    numeral: NumeralKind
    if mag_text is not None and found.end() > (found.end(_PLAIN) if plain is not None else after):
        # a magnitude, with the unit after it if any, reaches further than a plain unit
        mu = found.group(_MU)
        end = found.end()
        if mu is None:
            if not more and text[end : end + 1] in _MORE:
                return _core_at(text, start, figure_end, None, ar, None, lex)
            mag = lex.magnitudes[mag_text]
            return (start, end, value, mag, mag_text, None, mag_text, None, more, "mixed", clean)
        unit, mag, numeral = units[mu], lex.magnitudes[mag_text], "mixed"
    elif plain is not None:
        unit, end, mag, mag_text, numeral = units[plain], found.end(_PLAIN), 1, "", "arabic"
    else:
        return (start, after, value, 1, "", None, "", None, more, "arabic", clean)
    nxt = text[end] if end < len(text) else ""  # (cheaper than a slice)
    if nxt == "/" or (unit.kind == "count" and nxt in _OPEN_BRACKETS):
        return _core_at(text, start, figure_end, None, ar, None, lex)
    return (
        start,
        end,
        value,
        mag,
        mag_text,
        unit,
        mag_text + unit.unit,
        unit.base,
        more,
        numeral,
        clean,
    )


# The characters before and after a figure that `_is_name_context` reads: next to others it
# finds no name, and is not asked.
_ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_NAME_BEFORE = frozenset(f"第几数.{_PLUS}{_ASCII_LETTERS}")
_NAME_AFTER = frozenset(f".{_PLUS}{_ASCII_LETTERS}")


def _is_name_context(text: str, start: int, end: int) -> bool:
    """True when the figure at text[start:end] is part of a name, an ordinal or a formula."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before == "第":
        return True  # 第四次, 第十五个五年规划
    if before in ("几", "数") and not text[start].isdigit():
        return True  # 几十个, 数百家: no figure is given (人数12万: one is)
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return True  # PM2.5, 5G, M102
    if (before and before in _PLUS) or (after and after in _PLUS):
        return True  # “8+3”, 1+3, 2×35万千瓦 (a formula or a specification)
    return before == "." or (after == "." and end + 1 < len(text) and text[end + 1].isdigit())


def _bare_ok(text: str, end: int) -> bool:
    """A figure with no unit counts only before punctuation, a qualifier or the end."""
    if end >= len(text):
        return True
    c = text[end]
    if c.isdigit() or c in _CN_CHARS:
        return False
    if text[end : end + 2] in _SUFFIX_CMP:
        return True
    return not ("\u4e00" <= c <= "\u9fff") and c not in "/年月日号"


_PREFIX_BY_WORD = dict(_PREFIX_CMP)
_PREFIX_LENGTHS = sorted({len(w) for w, _ in _PREFIX_CMP}, reverse=True)
_PREFIX_LAST = frozenset(w[-1] for w, _ in _PREFIX_CMP)  # (most figures follow none of these)


def _prefix_comparator(text: str, start: int) -> tuple[Comparator | None, int]:
    """The qualifier written right before `start` (longest first), and where it starts."""
    if start == 0 or text[start - 1] not in _PREFIX_LAST:
        return None, start
    for n in _PREFIX_LENGTHS:
        if start >= n:
            cmp = _PREFIX_BY_WORD.get(text[start - n : start])
            if cmp is not None:
                return cmp, start - n
    return None, start


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in `text`, in order. Years, dates, ordinals and names are left out.

    Offsets index `text`; full-width digits and signs (`１２％`) are read as ASCII.
    """
    original = text
    # (one `in` per character: a text without any, as normalized ones are, is read through
    # twice as fast as by a search for the class of them)
    if any(ch in text for ch in _FULLWIDTH):
        text = text.translate(_FOLD)
    lex = _lexicon()
    search = _start_re().search
    token_match = _TOKEN_RE.match
    goes_on = _goes_on()
    zeros = _zeros()
    new, unfrozen, frozen = object.__new__, _Unfrozen, Quantity
    name_before, name_after = _NAME_BEFORE, _NAME_AFTER
    out: list[Quantity] = []
    quoted = [(q.start(), q.end()) for q in _QUOTED_RE.finditer(text)]
    n_quoted = len(quoted)
    early_quotes = n_quoted > 0 and _closing_quote_free()
    qi = 0
    pos = 0
    n = len(text)
    last_end = -2  # the end of the last quantity found
    while pos < n:
        # the next figure, a lone numeral character inside a word skipped (see `_start_re`)
        found = search(text, pos)
        if found is None:
            break
        m_end = found.end(_REST)
        if m_end >= 0:  # an Arabic figure, read with its unit (see `_fast_core`)
            m_start = found.start()
            pct, ar, cn = None, text[m_start:m_end], None
        else:
            m = token_match(text, found.start())
            if m is None:  # pragma: no cover - a figure starts wherever `_start_re` matches
                pos = found.end()
                continue
            m_start, m_end = m.span()
            pct, ar, cn = m.group("pct", "ar", "cn")
        if early_quotes:
            # A figure opening inside a short quotation ends inside it: no unit or magnitude
            # holds its closing mark. It is a name (see below), skipped before it is read.
            while qi < n_quoted and quoted[qi][1] <= m_start:
                qi += 1
            if qi < n_quoted and quoted[qi][0] < m_start:
                pos = m_end
                continue
        if (
            pct is None
            and ar is not None
            and m_end < n
            and text[m_end] not in goes_on
            and not _bare_ok(text, m_end)
        ):
            # An Arabic figure that nothing can follow (no unit, magnitude, 多/余 or range)
            # and that may not stand bare (a year: 2026年): what the steps below decide for it.
            pos = m_end
            continue
        if cn is None and pct is None:
            core = _fast_core(text, found, m_start, m_end, ar, lex)
        else:
            core = _core_at(text, m_start, m_end, pct, ar, cn, lex)
        if core is None:
            pos = m_end
            continue
        c_start, c_end, value, mag, mag_text, unit, unit_text, base_unit, more, numeral, clean = (
            core
        )
        pos = c_end
        if cn is not None and _inside_words(text, c_start, c_end):
            continue  # 统一列入, 逐一列出: a numeral and a measure word each inside a word
        if not early_quotes:  # (else a figure opening inside one was skipped above, unread)
            while qi < n_quoted and quoted[qi][1] <= c_start:
                qi += 1
            if qi < n_quoted and quoted[qi][0] < c_start and c_end < quoted[qi][1]:
                continue  # inside a short quotation: a name (“3个100”, “十四五”)
        # the characters right before and after the figure (empty at the text's ends; a
        # character taken by its index costs two thirds of a slice of one)
        before = text[c_start - 1] if c_start else ""
        after = text[c_end] if c_end < n else ""
        if (
            pct is None
            and (before in name_before or after in name_after)
            and _is_name_context(text, c_start, c_end)
        ):
            continue
        comparator: Comparator = ">" if more else "="
        value_max: Decimal | None = None
        l_end, l_unit, l_mag_text = c_end, unit, mag_text  # the last figure: of a range, its end
        # a range: 6%-6.5%, 6%至6.5%, 6—6.5%
        if after in _RANGE_SEPS:
            m2 = token_match(text, c_end + 1)
            core2 = None
            if m2 is not None:
                p2, a2, n2 = m2.group("pct", "ar", "cn")
                core2 = _core_at(text, m2.start(), m2.end(), p2, a2, n2, lex)
            if (
                core2 is not None
                and core2[2] > value
                and (unit_text in ("", core2[6]) or (unit is None and mag_text == core2[4]))
                and core2[6]
                and not _is_name_context(text, core2[0], core2[1])
            ):
                if unit_text != core2[6]:
                    mag, mag_text, unit, unit_text, base_unit = core2[3:8]
                comparator, value_max = "range", core2[2]
                l_end, l_unit, l_mag_text = core2[1], core2[5], core2[4]
        if l_unit is None and not l_mag_text and not _bare_ok(text, l_end):
            continue
        if unit is None and not mag_text:
            if numeral == "chinese" and not more:
                continue  # a Chinese numeral with no unit is a word, not a figure (三千多 is)
            figure = text[m_start:m_end]
            if "." not in figure and _YEAR_RE.fullmatch(figure):
                continue  # a year
        end = l_end
        # (every suffix has two characters; `after` is the first after a figure that is no range)
        first = after if end == c_end else text[end : end + 1]
        suf = _SUFFIX_CMP.get(text[end : end + 2]) if first in _SUFFIX_FIRST else None
        if suf is not None:
            if comparator != "range":
                comparator = suf
            end += 2
        start = c_start
        if before in _PREFIX_LAST:  # (`before` is empty at the start: in no set)
            pre, pstart = _prefix_comparator(text, start)
            if pre is not None:
                if comparator == "=":
                    comparator, start = pre, pstart
                elif comparator == ">" and pre in (">", ">="):
                    start = pstart
        negative = (
            start == c_start
            and start > 0
            and before in _MINUS
            and (start < 2 or not (text[start - 2].isdigit() or text[start - 2] in "%％"))
            and not last_end >= start - 1
        )
        if negative:
            start -= 1
        pos = end
        # the base value (the magnitude and the unit's factor folded in)
        base_value: Decimal | None = None
        base_max: Decimal | None = None
        if unit is None and mag == 1:
            base_unit = None
        else:
            factor = unit.factor if unit is not None else _ONE
            # (a clean value with nothing to fold in is what `_scale` gives)
            if clean and mag == 1 and factor == _ONE:
                base_value = value
            elif ar is not None and factor == _ONE and mag in zeros:
                base_value = _shifted(ar, zeros[mag])  # (`value` is read from `ar`)
            else:
                base_value = _product(value, mag, factor)
            if value_max is not None:
                base_max = _product(value_max, mag, factor)
        if not clean:
            value = _clean(value)
        if negative:
            value = -value
            if base_value is not None:
                base_value = -base_value
        last_end = end
        made = new(unfrozen)  # (every field stored below: see `_Unfrozen`)
        made.start = start
        made.end = end
        made.text = original[start:end]
        made.value = value
        made.unit = unit_text or None
        made.base_value = base_value
        made.base_unit = base_unit
        made.comparator = comparator
        made.value_max = _clean(value_max) if value_max is not None else None
        made.base_value_max = base_max
        made.kind = unit.kind if unit is not None else None
        made.numeral = numeral
        made.core_start = c_start
        made.core_end = l_end
        made.__class__ = frozen  # type: ignore[assignment]  # (see `_Unfrozen`)
        out.append(made)  # type: ignore[arg-type]
    return out
