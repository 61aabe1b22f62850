"""Dates as a news report or protocol writes them in running text: "22 декабря", "30 августа
2022 года", "с 8 по 13 февраля", "3–5 апреля", "3,4 марта", "6 и 9 мая", "с 30 октября по
3 ноября 2023 г.", "14.03.2025", "в мае", "вчера". A day and month without a year take the
year a reader would: the sentence's own year, else the page's date, else the school year the
page speaks of ("2015/2016 учебного года": February is 2016)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from kg.records.dates import MONTH_WORD, month_number

_MONTH = MONTH_WORD.replace("(", "(?:", 1)
_YEAR = r"(?:\s+(?P<year>\d{4})(?:\s*(?:г\.|года?|году))?)?"
DAYS = re.compile(
    rf"(?<![\d.])(?:с\s+)?(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?"
    rf"(?P<more>(?:\s*(?:,|и|[-–—]|по)\s*\d{{1,2}}(?!\s*(?:час|:|\.\d)))*)"
    rf"\s+(?P<month>{_MONTH})\b{_YEAR}",
    re.I,
)
NUMERIC = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{2})\.(?P<y>\d{4})(?![\d.]\d)")
MONTH_ONLY = re.compile(rf"\bв\s+(?P<month>{_MONTH})\b(?:\s+(?P<year>\d{{4}}))?", re.I)
RELATIVE = re.compile(r"\b(?P<word>вчера|сегодня)\b", re.I)
DEADLINE = re.compile(r"(?:\bдо|\bне\s+позднее|\bк|\bпо)\s*$", re.I)
SENTENCE_YEAR = re.compile(r"\b(?:в\s+)?(?P<year>(?:19|20)\d{2})\s+(?:году|года|г\.)", re.I)
SCHOOL_YEAR = re.compile(r"\b(?P<y1>(?:19|20)\d{2})\s*[-–/]\s*(?P<y2>(?:19|20)\d{2})\s+учебн", re.I)


@dataclass(frozen=True)
class When:
    """A date the text gives: `start` and `end` are ISO days or months, `at` its offset."""

    at: int
    start: str | None
    end: str | None = None
    key: str | None = None
    """The day or month as written ("08-25"), to tell dates apart when the year is unknown."""


@dataclass(frozen=True)
class Calendar:
    """What a reader knows of the year: the page's date and the school year it names."""

    page: dt.date | None = None
    school: tuple[int, int] | None = None

    @classmethod
    def of(cls, text: str, page_date: str | None) -> Calendar:
        school = SCHOOL_YEAR.search(text)
        return cls(
            dt.date.fromisoformat(page_date) if page_date and len(page_date) == 10 else None,
            (int(school["y1"]), int(school["y2"])) if school else None,
        )

    def year(self, month: int, sentence: str) -> int | None:
        if self.page is not None:
            return self.page.year
        if (m := SENTENCE_YEAR.search(sentence)) is not None:
            return int(m["year"])
        if self.school is not None:
            return self.school[0] if month >= 9 else self.school[1]
        return None


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _days(m: re.Match[str], sentence: str, calendar: Calendar) -> list[When]:
    """One When per occurrence: a run of days is one span ("3,4 марта", "с 8 по 13
    февраля"), days apart are separate occurrences ("6 и 9 мая")."""
    month = month_number(m["month"])
    year = int(m["year"]) if m["year"] else calendar.year(month, sentence)
    days = [int(m["d1"]), *(int(d) for d in re.findall(r"\d+", m["more"]))]
    if m["m1"]:  # "с 30 октября по 3 ноября 2023 г."
        first_month = month_number(m["m1"])
        first_year = year - 1 if year is not None and first_month > month else year
        first = _iso(first_year, first_month, days[0])
        key = f"{first_month:02d}-{days[0]:02d}"
        return [When(m.start(), first, _iso(year, month, days[-1]), key)]
    ranged = re.search(r"[-–—]|по", m["more"]) is not None
    if ranged or all(b - a == 1 for a, b in itertools.pairwise(days)):
        end = _iso(year, month, days[-1]) if len(days) > 1 else None
        return [When(m.start(), _iso(year, month, days[0]), end, f"{month:02d}-{days[0]:02d}")]
    return [When(m.start(), _iso(year, month, d), None, f"{month:02d}-{d:02d}") for d in days]


def dates_in(clause: str, calendar: Calendar) -> list[When]:
    """Every date the clause gives as the time of something, not as a deadline ("до 20.12")."""
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    for pattern in (DAYS, NUMERIC, MONTH_ONLY, RELATIVE):
        for m in pattern.finditer(clause):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            if DEADLINE.search(clause[: m.start()]) and not clause[m.start() :].startswith("с"):
                continue
            found += _when(m, clause, calendar)
    return sorted(found, key=lambda w: w.at)


def _when(m: re.Match[str], clause: str, calendar: Calendar) -> list[When]:
    if m.re is DAYS:
        return _days(m, clause, calendar)
    if m.re is NUMERIC:
        start = _iso(int(m["y"]), int(m["m"]), int(m["d"]))
        return [When(m.start(), start, None, start[5:] if start else None)]
    if m.re is MONTH_ONLY:
        month = month_number(m["month"])
        year = int(m["year"]) if m["year"] else calendar.year(month, clause)
        return [When(m.start(), f"{year}-{month:02d}" if year else None, None, f"{month:02d}")]
    shift = 1 if m["word"].lower() == "вчера" else 0
    if calendar.page is None:
        return [When(m.start(), None, None, m["word"].lower())]
    day = (calendar.page - dt.timedelta(days=shift)).isoformat()
    return [When(m.start(), day, None, day[5:])]
