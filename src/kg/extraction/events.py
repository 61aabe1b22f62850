"""Events: the meeting a protocol or news report describes, and the events plan rows name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kg.extraction.event_titles import READABLE
from kg.extraction.morph import parses, phrase_to_nominative
from kg.extraction.news_events import mentions_in
from kg.extraction.prose_dates import Calendar, When, dates_in
from kg.records.dates import parse_due

THEME = re.compile(r"(?:Тема|на тему)\s*:\s*[«\"](?P<title>.+?)[»\"]\s*(?:\.|$)", re.M | re.I)
PROTOCOL_HEADING = re.compile(
    r"^[ \t]*протокол\b[ \t]*(?:№[ \t]*[\w/-]+)?(?P<rest>(?:.*\n?){1,6})", re.I | re.M
)
HEADING_DATE = re.compile(
    r"(?:\bот\s+)?\d{1,2}[./]\d{1,2}[./]\d{2,4}\s*г?\.?|\bот\s+\d{1,2}\s+\w+\s+\d{4}.*"
)
HEADING_END = re.compile(
    r"(?:г\.|с\.|п\.|пгт|Место|Присутствовали|Тема|Повестка|Председател|\d)", re.I
)
ORGANIZERS = re.compile(r"^Организаторы\s*:\s*(?P<list>.+)$", re.M | re.I)
KINDS = (
    ("круглый стол", "round_table"),
    ("заседани", "meeting"),
    ("совещани", "meeting"),
    ("конференци", "conference"),
    ("семинар", "seminar"),
    ("вебинар", "seminar"),
    ("форум", "forum"),
    ("олимпиад", "olympiad"),
    ("конкурс", "competition"),
    (r"смотр(?:а|е|ы|ов|ах)?\b", "competition"),
    ("чемпионат", "competition"),
    ("турнир", "competition"),
    ("соревновани", "competition"),
    (r"профильн\w*\s+смен", "camp"),
    (r"(?:летн|осенн|зимн|весенн)\w*\s+(?:профильн\w*\s+)?школ", "camp"),
    ("тестирован", "survey"),
    ("анкетировани", "survey"),
    ("опрос", "survey"),
    ("мониторинг", "monitoring"),
    ("экскурси", "excursion"),
    ("мастер-класс", "workshop"),
    ("фестивал", "other"),
    (r"акци[яиюей]\b", "other"),
    ("выставк", "other"),
    ("марафон", "other"),
    ("квест", "other"),
    ("сл[её]т", "other"),
    ("гостиная", "other"),
    ("день открытых дверей", "other"),
)
"""Event kinds by the words that name them; the formats at the end (festival, action,
exhibition, marathon, quest, rally, literary or music "гостиная", open day) are kind other."""
RESULTS = re.compile(r"\b(?:итог\w*|анализ\w*|результат\w*)\s+(?:[а-яё]+\s+)?$", re.I)
""""Анализ итогов мониторинга": what is analysed took place before; the row is no event."""
PARTICIPATION = re.compile(r"^Участие\b", re.I)
"""Taking part is an event of its own when the row names the event in quotes, or when it is
a monitoring round or survey, which is the taking part itself."""
PLANNED_VERB = re.compile(
    r"\b(?:запланировать|провести|организовать)\s+(?:в\s+[а-яё]+\s+\d{4}\s+года?\s+)?"
    r"(?:проведение\s+)?",
    re.I,
)
DAY_RANGE = re.compile(r"\s*(?:с\s+)?\d{1,2}\s*(?:[-–—]|по)\s*\d{1,2}\s+[А-Яа-яё]")
ORGANIZER = re.compile(
    r"\bорганизатор\w*(?:\s+[а-яё]+)?\s*(?:[–—-]|определить)\s*(?P<org>[^;)]+?)\s*(?:[;)]|\.?$)"
)
""""(организатор – МБУ «ИМЦ»)", "организатором конкурса определить МКУ «ИМЦ»"."""
TITLE_END = re.compile(r"\s+(?:на\s+базе|в\s+срок|в\s+[а-яё]+\s+\d{4}|\d)|[;,.](?=\s|$)", re.I)


def _when(text: str) -> When | None:
    """The first date a decision gives as a time, to the day or the month."""
    return next((w for w in dates_in(text, Calendar()) if w.start), None)


def _noun(word: str) -> bool:
    readable = READABLE.fullmatch(word) is not None
    return readable and parses(word)[0].tag.POS == "NOUN"


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
    for marker, kind in KINDS:
        m = re.search(rf"\b{marker}", low)
        if m is not None and not RESULTS.search(low[: m.start()]):
            return kind
    return None


def _series(activity: str) -> bool:
    """ "Мониторинги …", "Тематические экскурсии …": a row heading many events, not one."""
    found = mentions_in(activity)
    return bool(found) and found[0].start == 0 and found[0].plural


def planned_in_decisions(decisions: list[str]) -> list[dict[str, Any]]:
    """ "Провести межшкольный конкурс «…» 14.03.2025", "запланировать в марте 2025 года
    проведение «Методического поезда»": an event ahead, dated by its decision."""
    out: list[dict[str, Any]] = []
    for decision in decisions:
        verb = PLANNED_VERB.search(decision)
        when = _when(decision)
        if verb is None or when is None:
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
                "start": when.start,
                "end": when.end,
                "organizers": [m["org"].strip()] if (m := ORGANIZER.search(decision)) else [],
                "participants": [],
            }
        )
    return out


def distinct(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per event: the narrative, a plan row and a decision may all name it."""
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        key = (event["kind"], event["start"] or re.sub(r"\W+", " ", event["title"] or "").lower())
        if key[1] and key in seen:
            first = seen[key]
            first["organizers"] += [o for o in event["organizers"] if o not in first["organizers"]]
            continue
        seen[key] = event
        out.append(event)
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


def protocol_title(text: str) -> str | None:
    """What the protocol's heading says was held: "ПРОТОКОЛ № 2 / заседания координационного
    совета …" is "Заседание координационного совета …", "Протокол №6 / управляющего совета"
    is "Заседание управляющего совета"."""
    heading = PROTOCOL_HEADING.search(text[:1500])
    if heading is None:
        return None
    lines: list[str] = []
    for line in heading["rest"].split("\n"):
        line = HEADING_DATE.sub("", line).strip(" \t,")
        if not line:
            if lines:
                break
            continue
        if HEADING_END.match(line):
            break
        lines.append(line)
    words = " ".join(" ".join(lines).split())
    if not words:
        return None
    named = mentions_in(words)
    if named and named[0].start == 0 and named[0].title:
        return named[0].title
    return f"Заседание {words}" if words[0].islower() else words


def meeting(
    text: str, date: str | None, organizers: list[str], people: list[str]
) -> dict[str, Any]:
    theme = THEME.search(text)
    return {
        "kind": "meeting",
        "title": theme["title"].strip() if theme else protocol_title(text),
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
    if kind is None or _series(activity) or (taking_part and not quoted):
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
