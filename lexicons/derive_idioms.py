"""Derive `lexicons/idioms.txt`, the four-character idioms (成语) of a general dictionary
(reproducible; run by hand).

usage: python lexicons/derive_idioms.py PATH/TO/idioms.json > lexicons/idioms.txt

The idioms come from the chinese-xinhua data set (MIT licence,
https://github.com/pwxcoo/chinese-xinhua), as the `cm_chengyu` 1.0.1 source distribution on
PyPI ships them (MIT licence): `cm_chengyu/data/idioms.json`, a JSON list of 29,502 idioms of
four characters. Slogans read the list as evidence of an ordinary expression: a quoted idiom
(“固若金汤”, “砸锅卖铁”) is a set phrase of the language put in quotes for emphasis or as a
figure, not a coined abbreviation, whose characters no dictionary word covers. Idioms built on
numerals (三位一体, 约法三章) are still formulas by their count: the numeral rules decide first.
The output is sorted, so that a rerun on the same data gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HAN4 = re.compile(r"[\u4e00-\u9fff]{4}")

# The licence of the chinese-xinhua data, which the MIT licence asks to travel with copies.
XINHUA_LICENCE = """\
The chinese-xinhua data: MIT License

Copyright (c) 2018 PWXCOO

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def derive(path: Path) -> str:
    raw = path.read_bytes()
    idioms = {w for w in json.loads(raw.decode("utf-8")) if HAN4.fullmatch(w)}
    head = [
        "# Four-character idioms (成语) of a general Chinese dictionary, read by policytext's",
        "# slogan rules as evidence of an ordinary expression (a quoted idiom is no coinage).",
        "# Source: the chinese-xinhua data set (MIT licence, https://github.com/pwxcoo/chinese-xinhua),",
        "#   as shipped by cm_chengyu 1.0.1 (MIT licence, PyPI), cm_chengyu/data/idioms.json,",
        f"#   sha256 {hashlib.sha256(raw).hexdigest()}.",
        "# Derivation: lexicons/derive_idioms.py (Han idioms of 4 characters, in section @idiom).",
        "#   One idiom a line. Do not edit by hand; rerun the script.",
        "#",
        *(f"# {line}".rstrip() for line in XINHUA_LICENCE.splitlines()),
    ]
    return "\n".join([*head, "@idiom", *sorted(idioms), ""])


if __name__ == "__main__":
    sys.stdout.write(derive(Path(sys.argv[1])))
