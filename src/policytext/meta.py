"""The report's place and year, read from its title and date lines."""

from __future__ import annotations

import re

__all__ = ["detect_place_year"]

# ——2027年2月9日在青禾区第十二届人民代表大会第三次会议上, or the same in brackets:
# （2027年2月9日在青禾区第十二届人民代表大会第三次会议上）. A session of a people's congress (人大
# for short), not of its standing committee (常务委员会, 常委会) nor of a political consultative
# conference.
_DATE_LINE = re.compile(
    r"^[—\-－─]*[ \t\u3000]*(?P<bracket>[（(]?)[ \t\u3000]*"
    r"(?P<year>(?:19|20)\d\d)年\d{1,2}月\d{1,2}日"
    r"在(?P<place>[^，。\n]{2,20}?)"
    r"第[一二三四五六七八九十]{1,3}届\s*(?:人民代表大会|人大)(?!\s*常(?:务委员|委)会)",
    re.MULTILINE,
)
# 2027年青禾市政府工作报告 / 2027年云岭省人民政府工作报告 / 2027年政府工作报告
_TITLE = re.compile(
    r"^(?P<year>(?:19|20)\d\d)年(?P<place>[^，。\n\d]{0,20}?)(?:人民)?政府工作报告\s*$",
    re.MULTILINE,
)
# How far into the text the title and date lines may stand (web-page debris comes first).
_HEAD = 600


def detect_place_year(text: str, preamble_end: int | None = None) -> tuple[str | None, int | None]:
    """`(place, year)` of a report from the lines before its first section, if it says them."""
    limit = _HEAD if not preamble_end else min(_HEAD, preamble_end)
    head = text[:limit]
    place: str | None = None
    year: int | None = None
    # (a dashed date line before one in brackets, which other dated sessions and sentences also
    # stand in: a bracketed one closes on 会议上 and its bracket, and gives way to a title that
    # names another year or place)
    lines = [d for d in _DATE_LINE.finditer(head) if not d.group("bracket") or _closes(head, d)]
    m = next((d for d in lines if not d.group("bracket")), lines[0] if lines else None)
    t = _TITLE.search(head)
    if m and m.group("bracket") and t and _differs(t, m):
        m = None
    if m:
        place, year = m.group("place"), int(m.group("year"))
    if t:
        year = year or int(t.group("year"))
        place = place or (t.group("place") or None)
    return place, year


# The rest of a bracketed date line: the session, 会议上 and the closing bracket.
_BRACKET_CLOSE = re.compile(r"[^（()）。，\n]{0,16}会议上[ \t\u3000]*[）)]")


def _closes(head: str, line: re.Match[str]) -> bool:
    """Whether a bracketed date line goes on to 会议上 and closes its bracket."""
    return _BRACKET_CLOSE.match(head, line.end()) is not None


def _differs(title: re.Match[str], line: re.Match[str]) -> bool:
    """Whether a title names another year, or another place, than a date line."""
    place = title.group("place")
    return title.group("year") != line.group("year") or bool(place and place != line.group("place"))
