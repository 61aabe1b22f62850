"""Events a report narrates, read sentence by sentence as a reader does: "9 апреля …
состоялся расширенный Совет руководителей …", "посетил Батагайское ПУ №32", "В работе
конференции приняли участие …". A mention that a verb of happening governs, that is named
in quotes, that carries a date of its own or that people take part in is an event; a later
bare mention of the same kind ("на конференции") is the same event again, unless its own
date or quoted name tells it apart. A narrated event without a date of its own took place on
the last date the narrative gave."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from razdel import sentenize

from kg.extraction.news_events import LEMMAS, Mention, governed, mentions_in, signings, visits
from kg.extraction.prose_dates import Calendar, When, dates_in

STAY = re.compile(r"\b(?:работал[аи]?|находил(?:ся|ась|ись)|пребывал[аи]?)\s+(?:в|во|на)\s", re.I)
"""Someone working or staying in a place over a span of days ("с 8 по 11 апреля 2014 года
работал в нашем улусе") is on a working visit."""
ORGANIZED = re.compile(r"\b(?:организатор\w*|при\s+организации|по\s+инициативе)\b", re.I)
VENUE = re.compile(r"(?:\bна\s+базе|\bв|\bво)\s+$", re.I)


@dataclass
class Event:
    kind: str
    lemma: str
    title: str | None
    strength: int
    start: str | None
    end: str | None
    at: int
    key: str | None = None
    organizers: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    place: str | None = None

    @classmethod
    def told(cls, m: Mention, at: int, when: When | None, start: str | None = None) -> Event:
        """The event a mention tells of, on its own date or else on `start`."""
        if when is None:
            return cls(m.kind, m.lemma, m.title, m.strength, start, None, at)
        return cls(m.kind, m.lemma, m.title, m.strength, when.start, when.end, at, when.key)

    def facts(self) -> dict[str, Any]:
        out = {
            "kind": self.kind,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "organizers": self.organizers,
            "participants": self.participants,
        }
        return out | ({"place": self.place} if self.place else {})


QUOTES_AND_BREAKS = re.compile(r"[«»\n]")


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets; a line broken mid-sentence (the next starts in lower case,
    or inside an open quote) runs on; a line on its own (a heading, a protocol's line) stands
    alone."""
    flat = re.sub(r"\n(?=[ \t]*[а-яё])", " ", text)
    chars, depth = list(flat), 0  # a quoted name broken over lines is one sentence
    for mark in QUOTES_AND_BREAKS.finditer(flat):
        char, i = mark[0], mark.start()
        if char == "«":
            depth += 1
        elif char == "»":
            depth = max(0, depth - 1)
        elif depth and "»" in flat[i + 1 : _line_end(flat, i + 1)]:
            chars[i] = " "
        else:
            depth = 0
    out: list[tuple[int, str]] = []
    for line in re.finditer(r"[^\n]+", "".join(chars)):
        for s in sentenize(line[0]):
            open_quote = out and out[-1][1].count("«") > out[-1][1].count("»")
            if open_quote and "»" in s.text:  # razdel split inside a quoted name
                at, _ = out.pop()
                out.append((at, line[0][at - line.start() : s.stop]))
            else:
                out.append((line.start() + s.start, s.text))
    return out


def _same(event: Event, mention: Mention, when: When | None) -> bool:
    if event.kind != mention.kind or (
        event.kind in ("other", "visit") and event.lemma != mention.lemma
    ):
        return False
    if when is not None and event.start is not None and when.start != event.start:
        return False
    if when is not None and None not in (when.key, event.key) and when.key != event.key:
        return False
    differ = event.title != mention.title
    return not (event.strength == mention.strength == 2 and differ)


def _another(m: Mention, event: Event) -> bool:
    """ "На общем собрании руководителей РМО" after "заседания РМО": another noun of the kind
    that says whose gathering it is names another event."""
    whose = m.title is not None and m.strength == 1 and len(m.title.split()) > 2
    return whose and event.lemma in LEMMAS and m.lemma != event.lemma


def _qualifies(m: Mention, when: When | None) -> bool:
    """An event of its own, not a bare mention of one told before."""
    dated_day = when is not None and when.start is not None and len(when.start) == 10
    if m.plural:
        return m.named or m.governed or dated_day
    return m.named or m.governed or m.participation or when is not None


def _dated(mentions: list[Mention], dates: list[When]) -> dict[int, list[When]]:
    """Each date of a clause goes to the mention nearest to it; a list of days apart ("6 и 9
    мая") gives that mention one occurrence a day."""
    out: dict[int, list[When]] = {}
    for when in dates:
        if mentions:
            i = min(range(len(mentions)), key=lambda i: abs(mentions[i].start - when.at))
            if not out.get(i) or out[i][0].at == when.at:
                out.setdefault(i, []).append(when)
    return out


@dataclass
class Reader:
    """The state of reading: the events so far and the date the narrative last gave."""

    calendar: Calendar
    carried: str | None
    events: list[Event] = field(default_factory=list)
    candidates: list[tuple[Mention, int, When | None]] = field(default_factory=list)

    def take(self, m: Mention, at: int, when: When | None) -> Event | None:
        told = when or (When(at, self.carried) if m.governed and self.carried else None)
        target = next((e for e in reversed(self.events) if _same(e, m, told)), None)
        if target is not None and _another(m, target):
            target = None
        elif not _qualifies(m, when):
            if target is None and not m.plural:
                self.candidates.append((m, at, when))
            return target
        if target is None:
            target = Event.told(m, at, when, self.carried if m.governed else None)
            self.events.append(target)
        elif when is not None and target.start is None and target.key is None:
            target.start, target.end, target.key = when.start, when.end, when.key
        if m.strength > target.strength:
            target.title, target.strength = m.title, m.strength
        if when is not None and when.start and m.governed:
            self.carried = when.start
        return target


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in re.finditer(";", sentence)] + [len(sentence) + 1]
    return list(itertools.pairwise(bounds))


def _mentions(sentence: str, calendar: Calendar) -> list[tuple[Mention, When | None]]:
    found = governed(sentence, mentions_in(sentence))
    found += visits(sentence, found) + signings(sentence)
    out: list[tuple[Mention, When | None]] = []
    for a, b in _clauses(sentence):
        dates = [replace(w, at=w.at + a) for w in dates_in(sentence[a:b], calendar)]
        here = sorted((m for m in found if a <= m.start < b), key=lambda m: m.start)
        stay = STAY.search(sentence[a:b])
        ranged = [w for w in dates if w.end]
        if stay and ranged and not any(m.kind == "visit" for m in found):
            here.append(
                Mention("visit", "посещение", a + stay.start(), a + stay.end(), governed=True)
            )
        dated = _dated(here, dates)
        for i, m in enumerate(here):
            whens: list[When | None] = [*dated.get(i, [])] or [None]
            out += [(m, when) for when in whens]
    return out


def narrated_events(
    text: str,
    page_date: str | None,
    *,
    people: Sequence[tuple[int, str]] = (),
    orgs: Sequence[tuple[int, int, str]] = (),
    main: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The events of a report or protocol, `main` (the protocol's own meeting) first. People
    take part in the event whose sentences name them; the first event of a report is what the
    report is about, and everyone it names took part."""
    calendar = Calendar.of(text, page_date)
    reader = Reader(calendar, page_date if main else None)
    if main is not None:
        strength = 2 if main["title"] else 0
        reader.events.append(Event("meeting", "", main["title"], strength, main["start"], None, 0))
    current: Event | None = reader.events[0] if reader.events else None
    told: list[tuple[int, Event | None]] = []  # from which offset on the text tells of which event
    for at, sentence in sentences(text):
        told.append((at, current))
        first = True  # people named before the sentence's first event belong to it too
        for m, when in _mentions(sentence, calendar):
            event = reader.take(m, at + m.start, when)
            if event is not None:
                told.append((at if first else at + m.start, event))
                current, first = event, False
                event.place = event.place or _venue(text[at : at + len(sentence)], at, orgs)
        if current is not None and (organized := ORGANIZED.search(sentence)):
            named = [name for a, _, name in orgs if at + organized.end() <= a < at + len(sentence)]
            current.organizers += [n for n in named if n not in current.organizers]
    if not reader.events and reader.candidates:  # what a report only names is its subject
        reader.events.append(Event.told(*reader.candidates[0]))
    for offset, name in people:
        owner = next((e for a, e in reversed(told) if a <= offset), None)
        if owner is not None and name not in owner.participants:
            owner.participants.append(name)
    out = [e.facts() for e in reader.events]
    if out and main is not None:  # the protocol's own meeting: its header first, then prose
        told_first = out[0]
        out[0] = main | {k: main[k] or told_first[k] for k in ("title", "start", "end")}
        out[0]["organizers"] = list(dict.fromkeys(main["organizers"] + told_first["organizers"]))
    elif out:
        out[0]["participants"] = list(dict.fromkeys(name for _, name in people))
    return out


def _venue(sentence: str, at: int, orgs: Sequence[tuple[int, int, str]]) -> str | None:
    """ "на базе МБОУ …", "в МАОУ «…»": the organization the sentence says it was held at."""
    for start, _, name in orgs:
        if at <= start < at + len(sentence) and VENUE.search(sentence[: start - at][-12:]):
            return name
    return None
