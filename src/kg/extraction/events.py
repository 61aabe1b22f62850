"""Events: the meeting a protocol or news report describes, and the events plan rows name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kg.extraction.morph import analyzer, phrase_to_nominative
from kg.records.dates import MONTH_WORD, month_number, parse_due

THEME = re.compile(r"(?:Тема|на тему)\s*:\s*[«\"](?P<title>.+?)[»\"]\s*(?:\.|$)", re.M | re.I)
ORGANIZERS = re.compile(r"^Организаторы\s*:\s*(?P<list>.+)$", re.M | re.I)
KINDS = (
    ("круглый стол", "round_table"),
    ("заседани", "meeting"),
    ("совещани", "meeting"),
    ("конференци", "conference"),
    ("семинар", "seminar"),
    ("форум", "forum"),
    ("олимпиад", "olympiad"),
    ("конкурс", "competition"),
    ("профильн", "camp"),
    ("марафон", "other"),
    ("гостиная", "other"),
    ("тестирован", "survey"),
    ("анкетировани", "survey"),
    ("опрос", "survey"),
    ("мониторинг", "monitoring"),
    ("экскурси", "excursion"),
    ("мастер-класс", "workshop"),
)
GENERIC = re.compile(r"^(Мониторинги|Анализ итогов)", re.I)
PARTICIPATION = re.compile(r"^Участие\b", re.I)
"""Taking part is an event of its own when the row names the event in quotes, or when it is
a monitoring round or survey, which is the taking part itself."""
PLANNED_VERB = re.compile(
    r"\b(?:запланировать|провести|организовать)\s+(?:в\s+[а-яё]+\s+\d{4}\s+года?\s+)?"
    r"(?:проведение\s+)?",
    re.I,
)
DAY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:\.(\d{{2}})\.|\s+{MONTH_WORD}\s+)(\d{{4}})", re.I)
DAY_RANGE = re.compile(r"\s*(?:с\s+)?\d{1,2}\s*(?:[-–—]|по)\s*\d{1,2}\s+[А-Яа-яё]")
MONTH = re.compile(rf"\b(?:в\s+)?{MONTH_WORD}\s+(\d{{4}})", re.I)
TITLE_END = re.compile(r"\s+(?:на\s+базе|в\s+срок|в\s+[а-яё]+\s+\d{4}|\d)|[;,.](?=\s|$)", re.I)


def _date_in(text: str) -> str | None:
    """The first date a sentence gives, to the day or the month."""
    if (m := DAY.search(text)) is not None:
        month = int(m[2]) if m[2] else month_number(m[3])
        try:
            return dt.date(int(m[4]), month, int(m[1])).isoformat()
        except ValueError:
            return None
    if (m := MONTH.search(text)) is not None:
        return f"{m[2]}-{month_number(m[1]):02d}"
    return None


def _noun(word: str) -> bool:
    return bool(analyzer().parse(word)[0].tag.POS == "NOUN")


def _quoted_title(text: str) -> str:
    """Text up to where the event's name ends: a date, "на базе", or a clause break
    outside quotes."""
    depth = 0
    for i, char in enumerate(text):
        depth += {"«": 1, "»": -1}.get(char, 0)
        if depth == 0 and TITLE_END.match(text, i):
            return text[:i]
    return text


def event_kind(activity: str) -> str | None:
    low = activity.lower()
    return next((kind for marker, kind in KINDS if re.search(rf"\b{marker}", low)), None)


def planned_in_decisions(decisions: list[str]) -> list[dict[str, Any]]:
    """ "Провести межшкольный конкурс «…» 14.03.2025", "запланировать в марте 2025 года
    проведение «Методического поезда»": an event ahead, dated by its decision."""
    out: list[dict[str, Any]] = []
    for decision in decisions:
        verb = PLANNED_VERB.search(decision)
        start = _date_in(decision)
        if verb is None or start is None:
            continue
        title = _quoted_title(decision[verb.end() :]).strip()
        kind = event_kind(title) or ("other" if title.startswith("«") else None)
        if kind is None:
            continue
        if title.startswith("«"):  # «Методического поезда»: the quoted name is the event
            title = re.sub(r"».*", "", title[1:])
        words = title.split()
        head = next((i + 1 for i, w in enumerate(words) if event_kind(w) or _noun(w)), 1)
        title = " ".join(phrase_to_nominative(words[:head]) + words[head:])
        out.append(
            {
                "kind": kind,
                "title": title[:1].upper() + title[1:],
                "start": start,
                "end": None,
                "organizers": [],
                "participants": [],
            }
        )
    return out


def _precision(
    start: dt.date | None, end: dt.date | None, due: str
) -> tuple[str | None, str | None]:
    """Interval to the precision the plan gives: a day, or months."""
    if start is None and end is None:
        return None, None
    if start is not None and start == end:
        return start.isoformat(), None
    if start is None:
        return None, end.isoformat() if end else None
    if end is not None and DAY_RANGE.match(due):
        return start.isoformat(), end.isoformat()
    first = start.strftime("%Y-%m")
    last = end.strftime("%Y-%m") if end else None
    return first, (last if last != first and not re.search(r"\d", due.split()[0]) else None)


def meeting(
    text: str, date: str | None, organizers: list[str], people: list[str]
) -> dict[str, Any]:
    theme = THEME.search(text)
    return {
        "kind": "meeting",
        "title": theme["title"].strip() if theme else None,
        "start": date,
        "end": None,
        "organizers": organizers,
        "participants": people,
    }


def organizer_names(text: str) -> str | None:
    m = ORGANIZERS.search(text)
    return m["list"] if m else None


def plan_event(
    activity: str, due: str | None, period: tuple[dt.date | None, dt.date | None]
) -> dict[str, Any] | None:
    kind = event_kind(activity)
    quoted = "«" in activity
    taking_part = PARTICIPATION.match(activity) and kind not in ("monitoring", "survey")
    if kind is None or GENERIC.match(activity) or (taking_part and not quoted):
        return None
    start, end = parse_due(due, period) if due else (None, None)
    first, last = _precision(start, end, due or "")
    if due and re.match(r"\s*до\b", due, re.I):
        first = None
    title = re.sub(r"^(Проведение|Организация|Участие (?:в|во))\s+", "", activity).strip()
    return {
        "kind": kind,
        "title": title[:1].upper() + title[1:],
        "start": first,
        "end": last,
        "organizers": [],
        "participants": [],
    }
