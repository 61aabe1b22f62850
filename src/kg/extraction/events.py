"""Events: the meeting a protocol or news report describes, and the events plan rows name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kg.dates import parse_due

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
GENERIC = re.compile(
    r"^(Участие в мероприятиях|Участие педагогов|Участие обучающихся школ|"
    r"Мониторинги|Анализ итогов)",
    re.I,
)


def event_kind(activity: str) -> str | None:
    low = activity.lower()
    return next((kind for marker, kind in KINDS if marker in low), None)


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
    if kind is None or GENERIC.match(activity):
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
