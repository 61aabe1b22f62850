"""Events a report narrates: "9 апреля ... состоялся расширенный Совет руководителей ...",
"посетил Батагайское ПУ №32", "провели workshop". A sentence without a date of its own
takes the last date the narrative gave, as a reader does."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from razdel import sentenize

from kg.records.dates import MONTH_WORD, month_number

HAPPENED = re.compile(
    r"\b(?:проведен[аоы]?|провел[аи]?|состоял[аи]?сь|состоялся|прош[её]л|"
    r"прошл[аио]|организован[аоы]?|посетил[аи]?|работал[аи]?)\b",
    re.I,
)
NOUNS = (
    (re.compile(r"\bкругл(?:ый|ого)\s+стол", re.I), "round_table"),
    (re.compile(r"\b(?:workshop|мастер-класс|практикум)", re.I), "workshop"),
    (re.compile(r"\bсеминар", re.I), "seminar"),
    (re.compile(r"\bконференци", re.I), "conference"),
    (re.compile(r"\bфорум", re.I), "forum"),
    (re.compile(r"\b(?:[Сс]овет|заседани[ея]|совещани[ея])\b", re.I), "meeting"),
    (re.compile(r"\bпосетил[аи]?\b|\bработал[аи]?\s+в\b", re.I), "visit"),
)
ACTION = re.compile(
    r"\b(?P<adj>[А-ЯЁа-яё]+(?:ой|ая|ую))\s+(?P<adj2>[а-яё]+(?:ой|ая|ую))\s+"
    r"(?P<noun>акци[иейяю])\s+«(?P<name>[^»]+)»"
)
DAY = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_WORD})(?:\s+(?P<year>\d{{4}}))?", re.I
)
RANGE = re.compile(
    rf"\bс\s+(?P<d1>\d{{1,2}})\s+по\s+(?P<d2>\d{{1,2}})\s+(?P<month>{MONTH_WORD})"
    rf"(?:\s+(?P<year>\d{{4}}))?",
    re.I,
)
QUOTED = re.compile(r"«([^«»]+)»")


def _day(day: str, month: str, year: int) -> str | None:
    try:
        return dt.date(year, month_number(month), int(day)).isoformat()
    except (ValueError, StopIteration):
        return None


def narrated_events(text: str, document_date: str | None) -> list[dict[str, Any]]:
    year = int(document_date[:4]) if document_date else None
    current: str | None = document_date
    out: list[dict[str, Any]] = []
    for sentence in (s.text for s in sentenize(text)):
        start, end = None, None
        if (m := RANGE.search(sentence)) and (year or m["year"]):
            y = int(m["year"] or year)  # type: ignore[arg-type]
            start, end = _day(m["d1"], m["month"], y), _day(m["d2"], m["month"], y)
        elif (m := DAY.search(sentence)) and (year or m["year"]):
            start = _day(m["day"], m["month"], int(m["year"] or year))  # type: ignore[arg-type]
        current = start or current
        for m in ACTION.finditer(sentence):
            words = [m["adj"], m["adj2"], "акция"]
            title = f"{_nominative(words)} «{m['name']}»"
            out.append(
                {
                    "kind": "other",
                    "title": title,
                    "start": None,
                    "end": None,
                    "organizers": [],
                    "participants": [],
                }
            )
        if not HAPPENED.search(sentence):
            continue
        for pattern, kind in NOUNS:
            if pattern.search(sentence):
                quoted = QUOTED.search(sentence)
                out.append(
                    {
                        "kind": kind,
                        "title": quoted.group(1) if quoted else None,
                        "start": start or current,
                        "end": end if kind == "visit" else None,
                        "organizers": [],
                        "participants": [],
                    }
                )
    return out


def _nominative(words: list[str]) -> str:
    from kg.extraction.morph import phrase_to_nominative

    return " ".join(phrase_to_nominative(words))
