"""Derive `lexicons/words.txt` from jieba's dictionary (reproducible; run by hand).

usage: python lexicons/derive_words.py PATH/TO/jieba/dict.txt > lexicons/words.txt
       python lexicons/derive_words.py --rare-nouns PATH/TO/jieba/dict.txt > lexicons/rare_nouns.txt
       python lexicons/derive_words.py --sayings PATH/TO/jieba/dict.txt > lexicons/sayings.txt
       python lexicons/derive_words.py --tags PATH/TO/jieba/dict.txt > lexicons/word_tags.txt

jieba's `dict.txt` (MIT licence, https://github.com/fxsjy/jieba) lists about 350,000 words,
each with a corpus frequency and a part-of-speech tag. The rules need a general reader's
vocabulary from it, for Han words of 2 to 4 characters, in four disjoint sections:

- @common: any tag but ns/nt/nz and the person-name tags, frequency >= COMMON_MIN, and
  person-name-tagged words (nr, nrt, nrfg) from NAME_COMMON_MIN on: the tag is given to
  frequent common words (养老 is tagged nr), while the rare ones are names and brands;
- @name: person-name-tagged words with COMMON_MIN <= frequency < NAME_COMMON_MIN;
- @proper: ns (place), nt (organisation), nz (other proper noun) with frequency >= COMMON_MIN;
- @proper_rare: the same tags with PROPER_MIN <= frequency < COMMON_MIN.

Projects read common = @common and proper nouns = @proper + @proper_rare (evidence that a
phrase is a proper name); slogans read every word of frequency >= COMMON_MIN, whatever its
tag (@common + @name + @proper: a quoted ordinary word, or characters no word covers). The
output is sorted, so that a rerun on the same dictionary gives the same file.

With --rare-nouns the script writes the band below the common words instead: the words of two
characters tagged n (common noun) with PROPER_MIN <= frequency < COMMON_MIN, in one section
@rare_noun (`lexicons/rare_nouns.txt`). Slogans read it as evidence of a figure of speech: a
quoted text that common words and such nouns tile (a picture drawn in words of the dictionary,
seldom written) is no coined abbreviation, whose characters no dictionary word covers.

With --sayings the script writes the longer set phrases instead: the Han words of five
characters or more tagged i (idiom) or l (a set phrase, 习用语), whatever their frequency, but
not those ending in a noun of a system, a body or a movement (NOT_SAYING_ENDINGS: the tag l
marks such set terms too), in one section @saying (`lexicons/sayings.txt`). Slogans read it as
evidence of a saying quoted as speech (十年磨一剑): a proverb or a line of verse the language
already holds, not a formula.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

COMMON_MIN = 20
NAME_COMMON_MIN = 500
NAME_TAGS = {"nr", "nrt", "nrfg"}
PROPER_MIN = 3
PROPER_TAGS = {"ns", "nt", "nz"}
HAN = re.compile(r"[\u4e00-\u9fff]{2,4}")


def derive(path: Path) -> str:
    raw = path.read_bytes()
    sections: dict[str, set[str]] = {k: set() for k in ("common", "name", "proper", "proper_rare")}
    for line in raw.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or not HAN.fullmatch(parts[0]):
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        if tag in PROPER_TAGS:
            if freq >= COMMON_MIN:
                sections["proper"].add(word)
            elif freq >= PROPER_MIN:
                sections["proper_rare"].add(word)
        elif tag in NAME_TAGS:
            if freq >= NAME_COMMON_MIN:
                sections["common"].add(word)
            elif freq >= COMMON_MIN:
                sections["name"].add(word)
        elif freq >= COMMON_MIN:
            sections["common"].add(word)
    head = [
        "# Words of a general Chinese dictionary, read by policytext's rules: the name test of",
        "# projects (policytext.rules.names) and the common-word evidence of slogans.",
        "# Source: jieba 0.42.1 dict.txt (MIT licence, https://github.com/fxsjy/jieba),",
        f"#   sha256 {hashlib.sha256(raw).hexdigest()}.",
        "# Derivation: lexicons/derive_words.py (Han words of 2-4 characters, in sections:",
        f"#   @common any tag but ns/nt/nz with frequency >= {COMMON_MIN}, person-name tags",
        f"#   nr/nrt/nrfg from {NAME_COMMON_MIN}; @name person-name tags {COMMON_MIN}-"
        f"{NAME_COMMON_MIN - 1};",
        f"#   @proper ns/nt/nz from {COMMON_MIN}; @proper_rare ns/nt/nz {PROPER_MIN}-"
        f"{COMMON_MIN - 1}).",
        "#   One word a line. Do not edit by hand; rerun the script.",
    ]
    body = [line for k, words in sections.items() for line in (f"@{k}", *sorted(words))]
    return "\n".join([*head, *body, ""])


RARE_NOUN_TAGS = {"n"}
RARE_NOUN = re.compile(r"[\u4e00-\u9fff]{2}")


def derive_rare_nouns(path: Path) -> str:
    raw = path.read_bytes()
    words: set[str] = set()
    for line in raw.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or not RARE_NOUN.fullmatch(parts[0]):
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        if tag in RARE_NOUN_TAGS and PROPER_MIN <= freq < COMMON_MIN:
            words.add(word)
    head = [
        "# Seldom-written common nouns of a general Chinese dictionary, read by policytext's",
        "# slogan rules as evidence of a figure of speech.",
        "# Source: jieba 0.42.1 dict.txt (MIT licence, https://github.com/fxsjy/jieba),",
        f"#   sha256 {hashlib.sha256(raw).hexdigest()}.",
        "# Derivation: lexicons/derive_words.py --rare-nouns (Han words of 2 characters tagged n,",
        f"#   frequency {PROPER_MIN}-{COMMON_MIN - 1}, in section @rare_noun).",
        "#   One word a line. Do not edit by hand; rerun the script.",
    ]
    return "\n".join([*head, "@rare_noun", *sorted(words), ""])


TAG_NOUN = re.compile(r"[\u4e00-\u9fff]{2,3}")
TAG_CHAR = re.compile(r"[\u4e00-\u9fff]")
# Single characters whose tag makes them a verb or a function word (v, vd, vn, vi, vq, p, c, u,
# r, d): a character that acts or links, which a name's modifier holds none of.
VERBAL_TAGS = ("v", "p", "c", "u", "r", "d")


def derive_tags(path: Path) -> str:
    raw = path.read_bytes()
    nouns: set[str] = set()
    verbal: set[str] = set()
    for line in raw.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        if tag == "n" and freq >= COMMON_MIN and TAG_NOUN.fullmatch(word):
            nouns.add(word)
        elif TAG_CHAR.fullmatch(word) and tag.startswith(VERBAL_TAGS):
            verbal.add(word)
    head = [
        "# Words of a general Chinese dictionary by part of speech, read by policytext's slogan",
        "# rules as evidence of a thing's name (a modifier and a common noun, no verb).",
        "# Source: jieba 0.42.1 dict.txt (MIT licence, https://github.com/fxsjy/jieba),",
        f"#   sha256 {hashlib.sha256(raw).hexdigest()}.",
        "# Derivation: lexicons/derive_words.py --tags (@noun: Han words of 2-3 characters tagged",
        f"#   n, frequency >= {COMMON_MIN}; @verbal: single Han characters tagged "
        + "/".join(VERBAL_TAGS) + "*).",
        "#   One word a line. Do not edit by hand; rerun the script.",
    ]
    body = ["@noun", *sorted(nouns), "@verbal", *sorted(verbal)]
    return "\n".join([*head, *body, ""])


SAYING_TAGS = {"i", "l"}
SAYING = re.compile(r"[\u4e00-\u9fff]{5,}")
# The tag l also marks set terms that name a system, a body or a movement (一票否决制, 劳动合同制,
# 某某有限公司, 某某运动): they end in one of these nouns and are no sayings.
NOT_SAYING_ENDINGS = (
    "制", "权", "工程", "原则", "政策", "体制", "机制", "公司", "集团", "银行", "大学", "学院",
    "中心", "协会", "委员会", "计划", "战略", "运动", "方针", "路线", "精神", "思想", "体系",
    "模式",
)  # fmt: skip


def derive_sayings(path: Path) -> str:
    raw = path.read_bytes()
    words: set[str] = set()
    for line in raw.decode("utf-8").splitlines():
        parts = line.split()
        if (
            len(parts) == 3
            and SAYING.fullmatch(parts[0])
            and parts[2] in SAYING_TAGS
            and not parts[0].endswith(NOT_SAYING_ENDINGS)
        ):
            words.add(parts[0])
    head = [
        "# Set phrases of five characters or more of a general Chinese dictionary (proverbs,",
        "# lines of verse, sayings), read by policytext's slogan rules as evidence of speech.",
        "# Source: jieba 0.42.1 dict.txt (MIT licence, https://github.com/fxsjy/jieba),",
        f"#   sha256 {hashlib.sha256(raw).hexdigest()}.",
        "# Derivation: lexicons/derive_words.py --sayings (Han words of 5 characters or more",
        "#   tagged i or l, any frequency, not those ending in a noun of a system or a body;",
        "#   in section @saying).",
        "#   One word a line. Do not edit by hand; rerun the script.",
    ]
    return "\n".join([*head, "@saying", *sorted(words), ""])


if __name__ == "__main__":
    if sys.argv[1] == "--rare-nouns":
        sys.stdout.write(derive_rare_nouns(Path(sys.argv[2])))
    elif sys.argv[1] == "--sayings":
        sys.stdout.write(derive_sayings(Path(sys.argv[2])))
    elif sys.argv[1] == "--tags":
        sys.stdout.write(derive_tags(Path(sys.argv[2])))
    else:
        sys.stdout.write(derive(Path(sys.argv[1])))
