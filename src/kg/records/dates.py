"""Dates as plans write them: months without years, ranges, deadlines, repeats.

A hand-written parser rather than dateparser: plan cells need ranges and the year
taken from the plan's period, which date libraries do not model.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

# Month stems cover every case form: "сентябрь", "сентября", "сентябре".
MONTHS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}
MONTH_WORD = (
    r"(январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]\w*|июн\w*|июл\w*|август\w*"
    r"|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)"
)
_NUMERIC = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s+" + MONTH_WORD + r"(?:\s+(\d{4}))?", re.IGNORECASE)
_DAY_RANGE = re.compile(
    r"(?<!\d)(?:с\s+)?(\d{1,2})\s*(?:[-–—]|по)\s*(\d{1,2})\s+" + MONTH_WORD + r"(?:\s+(\d{4}))?",
    re.IGNORECASE,
)
"""Days of one month: "с 3 по 5 апреля", "3–5 апреля 2024"."""
_MONTH_YEAR = re.compile(MONTH_WORD + r"(?:\s+(\d{4}))?", re.IGNORECASE)
_WHOLE_PERIOD = re.compile(
    r"ежемесячно|еженедельно|ежеквартально|в течение|постоянно|систематически", re.IGNORECASE
)
_UNTIL = re.compile(r"^\s*до\b", re.IGNORECASE)

Interval = tuple[dt.date | None, dt.date | None]


def month_number(word: str) -> int:
    word = word.lower()
    return next(n for stem, n in MONTHS.items() if word.startswith(stem))


def _year_for(month: int, period: Interval) -> int | None:
    """The year in which a month without a year falls inside the plan period."""
    start, end = period
    if start is None or end is None:
        return None
    for year in range(start.year, end.year + 1):
        first = dt.date(year, month, 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        if first <= end and last >= start:
            return year
    return None


def _spans(text: str, period: Interval) -> list[tuple[dt.date, dt.date]] | None:
    """Every date or month named in the text, as day spans; None if one cannot be placed."""
    days: list[tuple[int, dt.date]] = []
    months: list[tuple[int, int, int | None]] = []  # (position, month, year or None)
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    for m in _NUMERIC.finditer(text):
        days.append((m.start(), dt.date(int(m[3]), int(m[2]), int(m[1]))))
        taken.append(m.span())
    for m in _DAY_RANGE.finditer(text):
        month = month_number(m[3])
        year = int(m[4]) if m[4] else _year_for(month, period)
        if year is None:
            return None
        try:
            days += [(m.start(), dt.date(year, month, int(m[d]))) for d in (1, 2)]
        except ValueError:
            continue
        taken.append(m.span())
    for m in _DAY_MONTH.finditer(text):
        if free(m):
            month = month_number(m[2])
            year = int(m[3]) if m[3] else _year_for(month, period)
            if year is None:
                return None
            days.append((m.start(), dt.date(year, month, int(m[1]))))
            taken.append(m.span())
    for m in _MONTH_YEAR.finditer(text):
        if free(m):
            months.append((m.start(), month_number(m[1]), int(m[2]) if m[2] else None))
    out = [(day, day) for _, day in days]
    for i, (_pos, month, year) in enumerate(months):
        # A range "Март – апрель 2023" writes the year once, after the last month.
        if year is None:
            year = next((y for _, _, y in months[i + 1 :] if y is not None), None)
        if year is None:
            year = _year_for(month, period)
        if year is None:
            return None
        last = calendar.monthrange(year, month)[1]
        out.append((dt.date(year, month, 1), dt.date(year, month, last)))
    return out


def parse_due(text: str | None, period: Interval = (None, None)) -> Interval:
    """The interval a plan cell's due text stands for, within the plan's period."""
    if not text:
        return (None, None)
    if _UNTIL.match(text):
        spans = _spans(text, period)
        return (None, max(s[1] for s in spans)) if spans else (None, None)
    if _WHOLE_PERIOD.search(text) and not _spans(text, period):
        return period
    spans = _spans(text, period)
    if not spans:
        return (None, None)
    return (min(s[0] for s in spans), max(s[1] for s in spans))
