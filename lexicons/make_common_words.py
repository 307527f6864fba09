"""Rebuild ``common_words.txt``: the common words of a general Chinese dictionary.

Source: the dictionary shipped with jieba (``jieba/dict.txt``, MIT licence; one
``word frequency part-of-speech`` line per entry, frequencies counted on a general corpus).
Derivation: keep the entries written only in Chinese characters, two to four characters long,
with a frequency of at least ``--min-freq``; write them sorted, one a line, under a header that
records the source, its checksum and the threshold. The output is deterministic: the same
dict.txt and threshold give the same file byte for byte.

The list is a general-language signal for the rules, not a segmenter: a quoted string that is
one such word is an ordinary word (硬骨头, 指挥棒), and a string that these words do not cover
is a compressed abbreviation (放管服). It holds no policy vocabulary of its own.

usage: python lexicons/make_common_words.py [--dict PATH] [--min-freq N] [--out PATH]
       (default dict: the one of the installed jieba package)
"""

from __future__ import annotations

import argparse
import hashlib
import re
from pathlib import Path

MIN_FREQ = 20
MIN_LEN, MAX_LEN = 2, 4
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _default_dict() -> Path:
    import jieba  # only this script needs jieba; the package reads the derived file

    return Path(jieba.__file__).resolve().parent / "dict.txt"


def common_words(dict_txt: Path, min_freq: int) -> list[str]:
    words = set()
    with dict_txt.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word, freq = parts[0], int(parts[1])
            if freq >= min_freq and MIN_LEN <= len(word) <= MAX_LEN and _CJK_WORD.fullmatch(word):
                words.add(word)
    return sorted(words)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dict", type=Path, default=None, help="jieba's dict.txt")
    ap.add_argument("--min-freq", type=int, default=MIN_FREQ)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("common_words.txt"))
    args = ap.parse_args()
    src = args.dict or _default_dict()
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    words = common_words(src, args.min_freq)
    header = [
        "# Common words of a general Chinese dictionary, one a line (read by policytext's rules).",
        "# Source: jieba's dict.txt (https://github.com/fxsjy/jieba, MIT licence),",
        f"#   sha256 {digest}.",
        f"# Derivation: lexicons/make_common_words.py --min-freq {args.min_freq}: entries of",
        f"#   {MIN_LEN}-{MAX_LEN} Chinese characters with a corpus frequency of at least "
        f"{args.min_freq}, sorted.",
        f"# {len(words)} words. Do not edit by hand; rerun the script.",
    ]
    args.out.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(words)} words")


if __name__ == "__main__":
    main()
