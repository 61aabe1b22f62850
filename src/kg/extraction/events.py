"""Events: the meeting a protocol or news report describes, and the events plan rows name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kg.dates import month_number, parse_due
from kg.extraction.morph import phrase_to_nominative

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
PLANNED = re.compile(
    r"(?:запланировать|провести)\b[^.]*?\bв\s+(?P<month>[а-яё]+)\s+(?P<year>\d{4})"
    r"\s+года?\s+(?:проведение\s+)?«(?P<title>[^»]+)»",
    re.I,
)


def event_kind(activity: str) -> str | None:
    low = activity.lower()
    return next((kind for marker, kind in KINDS if re.search(rf"\b{marker}", low)), None)


def planned_in_decisions(decisions: list[str]) -> list[dict[str, Any]]:
    """ "запланировать в марте 2025 года проведение «Методического поезда»": an event ahead."""
    out: list[dict[str, Any]] = []
    for decision in decisions:
        for m in PLANNED.finditer(decision):
            try:
                start = f"{m['year']}-{month_number(m['month']):02d}"
            except StopIteration:
                continue
            words = m["title"].split()
            title = " ".join(phrase_to_nominative(words[:2]) + words[2:])
            out.append(
                {
                    "kind": event_kind(title) or "other",
                    "title": title,
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
