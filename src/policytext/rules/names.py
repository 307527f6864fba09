"""Evidence that a phrase is a proper name, from a general dictionary (`lexicons/words.txt`).

A project is named: `甲乙高速`, `华汇地下商城`, `大唐露天矿`. A facility type is not:
`雨污分流泵站`, `四星级宾馆`. What tells them apart on any report is the name part in front
of the head: it holds a proper noun of the dictionary (a place, an organisation, a brand:
`北京`, `长江`, `大唐`), or a word the dictionary does not know as a common word (`华汇`,
`青禾`: coined names, small places), or Latin letters (`LPG`).

The phrase is cut into words by forward maximum matching over the dictionary's words of 2-4
characters; a run of two or more characters that no dictionary word covers is an unknown word.
The word list is read once, on first use (about 80,000 words).
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import chain

import regex

from ..lexicons import Words, dictionary_words, word_sections, word_set

_LATIN = regex.compile(r"[A-Za-z]{2,}")


def _latin(word: str) -> bool:
    """Whether `word` is a run of two Latin letters or more (what `_LATIN` matches whole),
    told by string methods: an ASCII string is alphabetic exactly when it is made of A-Z a-z."""
    return len(word) >= 2 and word.isascii() and word.isalpha()


_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=1 << 12)
def _is_han(ch: str) -> bool:
    """Whether the character `ch` is a Han character (`_HAN`), remembered: a lookup costs a
    fraction of a call of the regex module."""
    return _HAN.match(ch) is not None


_NO_WORDS: Words = word_set(())


@cache
def _dictionary() -> tuple[Words, Words]:
    """(common words, proper nouns) of `lexicons/words.txt`, read once."""
    sections = dictionary_words()
    return sections["common"], word_set(chain(sections["proper"], sections["proper_rare"]))


def is_common(word: str) -> bool:
    """Whether the dictionary knows `word` as a common (not proper) word."""
    return word in _dictionary()[0]


def is_proper(word: str) -> bool:
    """Whether the dictionary knows `word` as a place, organisation or other proper noun."""
    return word in _dictionary()[1]


@cache
def _known_words() -> Words:
    """Every word of the dictionary, common or proper: one set to look words up in."""
    common, proper = _dictionary()
    return word_set(chain(common, proper))


def _place_sections() -> dict[str, Words]:
    """The sections of `lexicons/places.txt`, read once: `places` (provinces, prefectures and
    counties of a gazetteer, full and short names) and `abbreviating` (the characters that
    abbreviate provinces and prefectures in a compound of places)."""
    return word_sections("places.txt")


@cache
def _places() -> Words:
    """The places of the gazetteer (`lexicons/places.txt`, section @places)."""
    return _place_sections()["places"]


def gazetteer_places() -> Words:
    """The places of the gazetteer (provinces, prefectures and counties, full and short)."""
    return _places()


_LONGEST_PLACE = 8


@cache
def _place_openings() -> frozenset[str]:
    """The first two characters of each place of the gazetteer: where a phrase's two
    characters open none, no place starts (one lookup spares cutting out each stretch)."""
    return frozenset(p[:2] for p in _places() if len(p) >= 2)


@lru_cache(maxsize=1 << 16)
def place_word(phrase: str) -> str | None:
    """The first place of the gazetteer in `phrase` that starts and ends where its words do
    (`怀化` in `怀化国际陆港`; not `海口` inside `出海口`), or None."""
    places = _places()
    openings = _place_openings()
    cut = words(phrase)
    bounds = [0]
    for w in cut:
        bounds.append(bounds[-1] + len(w))
    for a, i in enumerate(bounds[:-1]):
        if phrase[i : i + 2] not in openings:
            continue  # no place of two characters or more starts here
        for j in bounds[a + 1 :]:
            if j - i > _LONGEST_PLACE:
                break
            if j - i >= 2 and phrase[i:j] in places:
                return phrase[i:j]
    return None


def _forward(phrase: str) -> list[str]:
    known = _known_words()
    han = _is_han
    out: list[str] = []
    i, n = 0, len(phrase)
    while i < n:
        if not han(phrase[i]):
            j = i + 1
            while j < n and not han(phrase[j]):
                j += 1
            out.append(phrase[i:j])
            i = j
            continue
        size = 1
        for k in (4, 3, 2):
            if i + k <= n and phrase[i : i + k] in known:
                size = k
                break
        out.append(phrase[i : i + size])
        i += size
    return out


def _backward(phrase: str) -> list[str]:
    known = _known_words()
    han = _is_han
    out: list[str] = []
    j = len(phrase)
    while j > 0:
        if not han(phrase[j - 1]):
            i = j - 1
            while i > 0 and not han(phrase[i - 1]):
                i -= 1
            out.append(phrase[i:j])
            j = i
            continue
        size = 1
        for k in (4, 3, 2):
            if j - k >= 0 and phrase[j - k : j] in known:
                size = k
                break
        out.append(phrase[j - size : j])
        j -= size
    return out[::-1]


def _forward_han(phrase: str, known: Words) -> list[str]:
    """`_forward` of a phrase of Han characters only (no test per character); the word found
    is the slice looked up (no second slice)."""
    out: list[str] = []
    i, n = 0, len(phrase)
    while i < n:
        # (near the end a slice is shorter: the same as the shorter slice, looked up again)
        w = phrase[i : i + 4]
        if w not in known:
            w = phrase[i : i + 3]
            if w not in known:
                w = phrase[i : i + 2]
                if w not in known:
                    w = phrase[i]
        out.append(w)
        i += len(w)
    return out


def _backward_han(phrase: str, known: Words) -> list[str]:
    """`_backward` of a phrase of Han characters only (no test per character); the word found
    is the slice looked up (no second slice)."""
    out: list[str] = []
    j = len(phrase)
    while j > 0:
        # ("" stands for a slice too long for what is left: no word is empty, as the word
        # lists are split on whitespace)
        w = phrase[j - 4 : j] if j >= 4 else ""
        if w not in known:
            w = phrase[j - 3 : j] if j >= 3 else ""
            if w not in known:
                w = phrase[j - 2 : j] if j >= 2 else ""
                if w not in known:
                    w = phrase[j - 1]
        out.append(w)
        j -= len(w)
    out.reverse()
    return out


_HAN_ONLY = regex.compile(r"\p{Han}+")


@lru_cache(maxsize=1 << 16)
def words(phrase: str) -> tuple[str, ...]:
    """`phrase` cut into dictionary words of 2-4 characters by maximum matching, forward and
    backward, keeping the cut with fewer pieces (then fewer single characters, then the
    backward one); a character no word covers stands alone, a run of other characters
    (Latin letters, digits) stays whole."""
    if _HAN_ONLY.fullmatch(phrase):
        known = _known_words()
        if len(phrase) <= 4 and phrase in known:
            return (phrase,)  # a word of its own: both cuts keep it whole
        if len(phrase) <= 2:
            return tuple(phrase)  # no word covers it: both cuts leave its characters alone
        fw, bw = _forward_han(phrase, known), _backward_han(phrase, known)
    else:
        fw, bw = _forward(phrase), _backward(phrase)

    if fw == bw or len(fw) != len(bw):  # (most phrases: one cut, or one with fewer pieces)
        return tuple(fw if len(fw) < len(bw) else bw)
    singles_fw = sum(1 for w in fw if len(w) == 1)
    singles_bw = sum(1 for w in bw if len(w) == 1)
    return tuple(fw if singles_fw < singles_bw else bw)


def unknown_words(phrase: str) -> list[str]:
    """Runs of two or more Han characters that no dictionary word covers (`华汇`, `青禾`)."""
    return _unknown_runs(words(phrase))


def _unknown_runs(cut: tuple[str, ...]) -> list[str]:
    """`unknown_words` of a phrase already cut into `cut` (its `words`)."""
    runs: list[str] = []
    run = ""
    for w in cut:
        if len(w) == 1 and _is_han(w):
            run += w
            continue
        if len(run) >= 2:
            runs.append(run)
        run = ""
    if len(run) >= 2:
        runs.append(run)
    return runs


def proper_word(phrase: str) -> str | None:
    """The first proper noun of the dictionary (or run of Latin letters) in `phrase`, or None."""
    proper = _dictionary()[1]
    return next((w for w in words(phrase) if w in proper or _latin(w)), None)


def name_evidence(phrase: str) -> str | None:
    """The word of `phrase` that shows it is a proper name, or None: a proper noun of the
    dictionary, a place of the gazetteer, an unknown word, or Latin letters."""
    proper = _dictionary()[1]
    cut = words(phrase)
    for w in cut:
        if w in proper or _latin(w):
            return w
    runs = _unknown_runs(cut)
    return runs[0] if runs else place_word(phrase)


def abbreviates_places(run: str) -> bool:
    """Whether every character of `run` abbreviates a province or a prefecture-level city (the
    first character of its name, or a province's official abbreviation): a compound of places
    (`深珠`: 深圳 and 珠海; `湘琼`), not compressed jargon (`产训`, `文旅`). Counties are not
    abbreviated in such compounds; their first characters open half the language."""
    abbreviating = _place_sections().get("abbreviating", _NO_WORDS)
    return all(ch in abbreviating for ch in run)


# A character that stands in fewer two-character common words than this is rare in the
# general vocabulary (禾, 岭, 墩, 碳: 2-6 words), not a morpheme that abbreviates a broad field
# (产, 算, 科, 创: dozens of words each).
_FEW_WORDS = 10


@cache
def _morphemes() -> frozenset[str]:
    """The characters of the common vocabulary that are no characters of names: those in many
    two-character common words (`_FEW_WORDS`: 产, 算, 科, 创), and the rare ones that no person
    name of the dictionary uses (碳, 氢, 链: terms of a field, `双碳`, `零碳`, `绿氢`). A
    character of names is rare in common words and used by names (禾, 岭, 墩, 瑞), or not used
    by common words at all (昇, 泓)."""
    sections = dictionary_words()
    two: dict[str, int] = {}
    in_common: set[str] = set()
    for w in sections["common"]:
        in_common.update(w)
        if len(w) == 2:
            for ch in w:
                two[ch] = two.get(ch, 0) + 1
    in_names = {ch for w in sections["name"] for ch in w}
    return frozenset(ch for ch in in_common if two.get(ch, 0) >= _FEW_WORDS or ch not in in_names)


def coined_name(run: str) -> bool:
    """Whether an unknown two-character `run` reads as a name: it abbreviates places, or one
    of its characters is a character of names (`青禾`, `双墩`); two morphemes (`产训`, `存算`,
    `科创`, `双碳`) are compressed jargon."""
    if abbreviates_places(run):
        return True
    morphemes = _morphemes()
    return any(ch not in morphemes for ch in run)


def _holds_place(run: str) -> bool:
    """Whether some stretch of two characters or more of `run` is a place of the gazetteer."""
    places = _places()
    return any(
        run[i:j] in places
        for i in range(len(run) - 1)
        for j in range(i + 2, min(len(run), i + _LONGEST_PLACE) + 1)
    )


def jargon_run(run: str) -> bool:
    """Whether an unknown `run` is policy jargon, not a name: two fields compressed into one
    character each (`产训`, `存算`), or a longer run made wholly of such pairs (`甲碳乙氢` of
    `低碳`-like pieces: each pair a common word or a pair that is no `coined_name`). A run of
    odd length, one with a place of the gazetteer, or one with a character of names is a name
    (`马栏山`, `青禾智谷`)."""
    if len(run) % 2:
        return False
    if len(run) > 2 and _holds_place(run):
        return False
    pairs = [run[i : i + 2] for i in range(0, len(run), 2)]
    return all(is_common(p) or not coined_name(p) for p in pairs)


def described_name_evidence(phrase: str) -> str | None:
    """`name_evidence` for what stands before a head that says what a facility does (平台,
    基地, 中心): there a two-character word the dictionary does not know is most often policy
    jargon, two fields compressed into one character each (`产训融合`, `存算一体化`, `科创`),
    so it counts only when it reads as a name (`coined_name`: `深珠通道`, `青禾陆港`). A proper
    noun, Latin letters, a longer unknown word (`马栏山`) or a place of the gazetteer count as
    before."""
    proper = _dictionary()[1]
    cut = words(phrase)
    for w in cut:
        if w in proper or _latin(w):
            return w
    for run in _unknown_runs(cut):
        if not jargon_run(run):
            return run
    return place_word(phrase)
