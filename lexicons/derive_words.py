"""Derive `lexicons/words.txt` from jieba's dictionary (reproducible; run by hand).

usage: python lexicons/derive_words.py PATH/TO/jieba/dict.txt > lexicons/words.txt

jieba's `dict.txt` (MIT licence, https://github.com/fxsjy/jieba) lists about 350,000 words,
each with a corpus frequency and a part-of-speech tag. The project rules need two facts from
it, for Han words of 2 to 4 characters:

- common words: any tag but ns/nt/nz, frequency >= COMMON_MIN (a word a general reader
  knows: 公园, 改造, 幸福). A word tagged as a person name (nr, nrt, nrfg) counts as common
  only from NAME_COMMON_MIN on: the tag is given to frequent common words (养老 is tagged
  nr), while the rare ones are names and brands (华为 is tagged nr), unknown words here;
- proper nouns: tag ns (place), nt (organisation) or nz (other proper noun), frequency >=
  PROPER_MIN (北京, 长江, 大唐).

A word of both kinds is listed once, as proper. The output is sorted so that a rerun on the
same dictionary gives the same file.
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
    common: set[str] = set()
    proper: set[str] = set()
    for line in raw.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) != 3 or not HAN.fullmatch(parts[0]):
            continue
        word, freq, tag = parts[0], int(parts[1]), parts[2]
        if tag in PROPER_TAGS and freq >= PROPER_MIN:
            proper.add(word)
        elif tag in NAME_TAGS:
            if freq >= NAME_COMMON_MIN:
                common.add(word)
        elif tag not in PROPER_TAGS and freq >= COMMON_MIN:
            common.add(word)
    common -= proper
    head = [
        "# Common words and proper nouns of a general Chinese dictionary, for the project name",
        "# test of policytext.rules.projects (evidence that a phrase is a proper name).",
        "# Source: jieba 0.42.1 dict.txt (MIT licence, https://github.com/fxsjy/jieba),",
        f"#   sha256 {hashlib.sha256(raw).hexdigest()}.",
        "# Derivation: lexicons/derive_words.py (Han words of 2-4 characters; common = any tag",
        f"#   but ns/nt/nz with frequency >= {COMMON_MIN}, person-name tags nr/nrt/nrfg from",
        f"#   {NAME_COMMON_MIN}; proper = ns/nt/nz with frequency >= {PROPER_MIN}).",
        "#   One word a line, under '@common' and '@proper'.",
    ]
    return "\n".join([*head, "@common", *sorted(common), "@proper", *sorted(proper), ""])


if __name__ == "__main__":
    sys.stdout.write(derive(Path(sys.argv[1])))
