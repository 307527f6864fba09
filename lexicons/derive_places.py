"""Derive `lexicons/places.txt` from a gazetteer of China's administrative divisions (run by hand).

usage: python lexicons/derive_places.py PATH/TO/cpca/resources > lexicons/places.txt

The gazetteer is the `adcodes.csv` of the cpca package (MIT licence,
https://github.com/DQinYuan/chinese_province_city_area_mapper): about 3,500 provinces,
prefectures and counties with their codes, and `56_nations.csv`, the names of the nationalities
that autonomous units carry (`海北藏族自治州`). The project rules read places as evidence of a
proper name (`怀化国际陆港`, `梁山县港口`): jieba's dictionary tags many city names as common
words (`怀化`, `包头`), and knows few counties.

Each unit gives its full name (`梁山县`) and its short name, without the unit word and the
nationality (`梁山`, `海北`). A name that the general dictionary (`words.txt`, section @common)
knows as a common word is kept only for a province or a prefecture (`包头`, `怀化`): county
names such as `合作`, `资源`, `前进`, `向阳`, and districts named `城区` or `郊区`, are ordinary
words far more often than places. The output is sorted, so that a rerun on the same data
gives the same file.

A second section, `@abbreviating`, lists the characters that abbreviate places in a compound
of places (`深珠通道`: 深圳 and 珠海; `湘琼合作`): the first character of the short name of each
province and prefecture-level unit (adcode xx0000 or xxyy00; counties are not abbreviated
so), and the official one-character abbreviations (简称) of the provinces, a closed set of the
language that the gazetteer does not carry (`湘`, `琼`, `蜀`, `陇`).
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

UNIT_WORDS = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区",
    "省", "市", "县", "区", "旗", "盟",
)  # fmt: skip


# The official one-character abbreviations (简称) of China's provincial units, with the
# alternative forms in common use (`蜀` beside `川`, `陇` beside `甘`, `黔` of 贵州).
PROVINCE_ABBREVIATIONS = (
    "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔贵滇云陕秦甘陇青宁新藏蒙港澳台"
)

# Rows of the gazetteer that group units and name no place (`市辖区`, `省直辖县级行政区划`).
_GROUPING = ("市辖区", "直辖县级行政区划")


def _common_words(words_txt: Path) -> set[str]:
    text = words_txt.read_text(encoding="utf-8")
    for chunk in text.split("\n@")[1:]:
        name, _, body = chunk.partition("\n")
        if name == "common":
            return set(body.split())
    return set()


def _short(name: str, nations: list[str]) -> str:
    base = name
    for unit in UNIT_WORDS:
        if base.endswith(unit) and len(base) > len(unit) + 1:
            base = base[: -len(unit)]
            break
    for nation in nations:  # longest first: 维吾尔族 before 族 names it holds
        for form in (nation, nation[:-1]):  # `蒙古族自治县`, `蒙古自治州`
            if len(form) >= 2 and base.endswith(form) and len(base) >= len(form) + 2:
                return base[: -len(form)]
    return base


def derive(resources: Path, words_txt: Path) -> str:
    adcodes = resources / "adcodes.csv"
    nations_csv = resources / "56_nations.csv"
    nations = sorted(
        (line.split(",")[0].strip() for line in nations_csv.read_text("utf-8").splitlines()),
        key=len,
        reverse=True,
    )
    nations = [n for n in nations if n]
    common = _common_words(words_txt)
    places: set[str] = set()
    abbreviating: set[str] = set(PROVINCE_ABBREVIATIONS)
    with adcodes.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"], row["name"].strip()
            if not name:
                continue
            high = code[4:6] == "00"  # a province (xx0000) or a prefecture (xxyy00)
            short = _short(name, nations)
            if high and len(name) > 1 and not name.endswith(_GROUPING):
                abbreviating.add(short[0])  # `深` of 深圳, `珠` of 珠海 (not `县`, `市辖区`)
            for form in {name, short}:  # (a district named `城区` or `郊区` is no evidence)
                if len(form) >= 2 and (high or form not in common):
                    places.add(form)
    digest = hashlib.sha256(adcodes.read_bytes()).hexdigest()
    head = [
        "# Places of China (provinces, prefectures, counties): full and short names, read by the",
        "# name test of projects (policytext.rules.names) as evidence of a proper name.",
        "# Source: cpca 0.5.5 resources/adcodes.csv and 56_nations.csv (MIT licence,",
        "#   https://github.com/DQinYuan/chinese_province_city_area_mapper),",
        f"#   adcodes.csv sha256 {digest}.",
        "# Derivation: lexicons/derive_places.py. One place a line. Do not edit by hand.",
        "# Section @abbreviating: characters that abbreviate a place in a compound of places",
        "#   (`深珠`: 深圳, 珠海): first characters of provinces and prefecture-level units",
        "#   (adcode xx0000 or xxyy00) and the provinces' official abbreviations (简称).",
        "@places",
    ]
    body = [*head, *sorted(places), "@abbreviating", *sorted(abbreviating)]
    return "\n".join(body) + "\n"


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.stdout.write(derive(Path(sys.argv[1]), here / "words.txt"))
