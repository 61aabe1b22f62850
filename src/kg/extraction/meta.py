"""What a document is: its genre, its own date, its plan period, the clusters it names."""

from __future__ import annotations

import datetime as dt
import re

from kg.extraction.morph import phrase_to_nominative
from kg.records.dates import MONTH_WORD, month_number

ORDER = re.compile(
    r"^\s*\**\s*(?:ПРИКАЗ|П Р И К А З|РАСПОРЯЖЕНИЕ|Распоряжение|ПОСТАНОВЛЕНИЕ|Постановление)\b"
    r"|\b(?:приказываю|постановляю|постановляет|распоряжаюсь|П Р И К А З Ы В А Ю)\s*:",
    re.M,
)
"""An order, a directive or a resolution of an authority: its heading, or the verb that opens
its operative part ("… приказываю:")."""
PROTOCOL = re.compile(r"^\s*Протокол\b", re.M | re.I)
PLAN = re.compile(
    r"^\s*(?:План|ПЛАН|Муниципальный план|Комплекс мер|КОМПЛЕКС МЕР|Дорожная карта)\b", re.M
)
DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})\s+{MONTH_WORD}\s+(\d{{4}})", re.I)
RANGE = re.compile(rf"\bс\s+(\d{{1,2}})\s+по\s+(\d{{1,2}})\s+{MONTH_WORD}\s+(\d{{4}})", re.I)
NUMERIC = re.compile(r"(?<!\d)(\d{2})([.-])(\d{2})\2(\d{4})")
DATELINE = re.compile(
    r"^[ \t]*(\d{2})\.(\d{2})\.(\d{2}|\d{4})(?:[ \t]+\d{1,2}:\d{2})?[ \t]*$", re.M
)
"""A news page's dateline, a line with the date alone ("30.10.13", "19.02.2024 10:35")."""
CLUSTER = re.compile(
    r"\b(?P<adj>[А-ЯЁ][а-яё]+(?:ого|ий|ый|ой))\s+(?P<edu>образовательн[а-яё]+\s+)?"
    r"(?P<noun>кластер[а-яё]*)\b"
)
DIRECTION_CLUSTER = re.compile(r"[-–]\s*(?P<adj>[а-яё]+(?:ий|ый))\s+кластер\b")
HUB = re.compile(r"\(опорная школа\s+(?P<cluster>[^)]+)\)")
HALF_YEAR = re.compile(r"на\s+(?P<half>[12])\s*-?\s*е?\s+полугодие\s+(?P<year>\d{4})", re.I)
SCHOOL_YEAR = re.compile(r"на\s+(?P<y1>\d{4})\s*[-–]\s*(?P<y2>\d{4})\s+учебный\s+год", re.I)
YEAR = re.compile(r"на\s+(?P<year>\d{4})\s+год", re.I)


def genre(text: str) -> str:
    head = text[:1500]
    if ORDER.search(head):
        return "order"
    if PROTOCOL.search(head[:300]):
        return "protocol"
    if PLAN.search(head):
        return "plan"
    return "news"


def _date(day: str, month: str, year: str) -> str | None:
    try:
        return dt.date(int(year), month_number(month), int(day)).isoformat()
    except ValueError:
        return None


def document_date(text: str, kind: str) -> str | None:
    """The document's own date: the first date of its opening lines ("от 26 февраля 2025",
    "От 14.10.2022", "с 8 по 11 апреля 2014 года": the 8th). A plan has none of its own."""
    head = text[:1200] if kind != "news" else text[:400]
    if kind == "plan" and not re.search(r"\bот\s+\d", head):
        return None
    found = []
    for m in RANGE.finditer(head):
        found.append((m.start(), _date(m[1], m[3], m[4])))
    for m in DAY_MONTH_YEAR.finditer(head):
        found.append((m.start(), _date(m[1], m[2], m[3])))
    for m in NUMERIC.finditer(head):
        found.append((m.start(), _numeric(m[1], m[3], m[4])))
    found = sorted((pos, d) for pos, d in found if d)
    if not found and kind == "news":
        found = [(m.start(), _numeric(*m.groups())) for m in DATELINE.finditer(text)]
        found = [(pos, d) for pos, d in found if d]
    return found[0][1] if found else None


def _numeric(day: str, month: str, year: str) -> str | None:
    try:
        return dt.date(
            int(year) + (2000 if len(year) == 2 else 0), int(month), int(day)
        ).isoformat()
    except ValueError:
        return None


def plan_period(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The period the document plans for, as its first mention of one states it."""
    found = [m for pattern in (HALF_YEAR, SCHOOL_YEAR, YEAR) if (m := pattern.search(text))]
    if not found:
        return None, None
    m = min(found, key=lambda match: match.start())
    if m.re is HALF_YEAR:
        year = int(m["year"])
        return (
            (dt.date(year, 1, 1), dt.date(year, 6, 30))
            if m["half"] == "1"
            else (dt.date(year, 7, 1), dt.date(year, 12, 31))
        )
    if m.re is SCHOOL_YEAR:
        return dt.date(int(m["y1"]), 9, 1), dt.date(int(m["y2"]), 8, 31)
    return dt.date(int(m["year"]), 1, 1), dt.date(int(m["year"]), 12, 31)


def cluster_name(match: re.Match[str]) -> str:
    words = [match["adj"], *(match["edu"].split() if match["edu"] else []), match["noun"]]
    name = " ".join(phrase_to_nominative(words))
    return name[:1].upper() + name[1:]


def clusters(text: str) -> list[str]:
    names: dict[str, None] = {}
    for m in CLUSTER.finditer(text):
        if m["adj"].lower().startswith(("образовательн", "кластерн")):
            continue
        names[cluster_name(m)] = None
    for m in DIRECTION_CLUSTER.finditer(text):
        names[f"{m['adj'].capitalize()} кластер"] = None
    fullest: dict[str, str] = {}  # "Опаринский кластер" shortens "Опаринский образовательный ..."
    for name in names:
        adjective = name.split()[0].lower()
        if len(name) > len(fullest.get(adjective, "")):
            fullest[adjective] = name
    return list(dict.fromkeys(fullest[name.split()[0].lower()] for name in names))


def hubs(text: str) -> dict[str, int]:
    """Cluster name -> the position in the text just before which its hub school is named."""
    out = {}
    for m in HUB.finditer(text):
        inner = CLUSTER.search(m["cluster"])
        if inner:
            out[cluster_name(inner)] = m.start()
    return out
