"""Agenda items: who spoke on what. A protocol numbers its topics and names the speakers on
the lines below ("2. «Опорная школа как ...»" / "Грязева Елена Борисовна, методист ...");
a report says "выступила с темой «...»"."""

from __future__ import annotations

import re
from itertools import pairwise

from kg.extraction.people import PersonMention

TOPIC_LINE = re.compile(r"^\s*\d{1,2}\s*\.\s*(?P<topic>\S.*?)\s*$")
SPOKE_ON = re.compile(r"(?:с\s+темой|на\s+тему|с\s+вопрос(?:ом|ами))\s*:?\s*(?=[«\"])", re.I)


def _quoted(text: str, at: int) -> str:
    """The quoted text opening at `at`, nested «» included."""
    if text[at] == '"':
        end = text.find('"', at + 1)
        return text[at + 1 : end if end > 0 else len(text)]
    depth = 0
    for i in range(at, len(text)):
        depth += {"«": 1, "»": -1}.get(text[i], 0)
        if depth == 0:
            return text[at + 1 : i]
    return text[at + 1 :]


def _spoken_topic(text: str, start: int, end: int) -> tuple[int, str] | None:
    m = SPOKE_ON.search(text, start, end)
    return (m.start(), _quoted(text, m.end())) if m else None


def _strip_quotes(topic: str) -> str:
    topic = topic.strip().rstrip(".")
    if topic.startswith("«") and topic.count("«") == topic.count("»") and topic.endswith("»"):
        topic = topic[1:-1]
    return topic.strip()


def speakers(
    text: str, people: list[PersonMention], decisions_from: int | None = None
) -> list[tuple[PersonMention, str | None]]:
    """(person name, topic) in agenda order; a person may speak on several topics."""
    out: list[tuple[PersonMention, str | None]] = []
    limit = decisions_from if decisions_from is not None else len(text)
    topic: str | None = None
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    for start, end in pairwise(offsets):
        if start >= limit:
            break
        line = text[start:end]
        if (m := TOPIC_LINE.match(line)) and not any(start <= p.start < end for p in people):
            topic = _strip_quotes(m["topic"])
            continue
        on_line = [p for p in people if start <= p.start < end]
        claimed: set[int] = set()
        for i, person in enumerate(on_line):
            after_end = on_line[i + 1].start if i + 1 < len(on_line) else end
            before_start = on_line[i - 1].end if i else start
            spoken = _spoken_topic(text, person.end, after_end)
            if spoken is None:  # "с темой «...» выступила X": the last unclaimed topic before
                before = [
                    m.start()
                    for m in SPOKE_ON.finditer(text, before_start, person.start)
                    if m.start() not in claimed
                ]
                spoken = _spoken_topic(text, before[-1], person.start) if before else None
            if spoken:
                claimed.add(spoken[0])
                out.append((person, _strip_quotes(spoken[1])))
            elif topic is not None and person.start - start < 5:
                out.append((person, topic))
    unique: dict[tuple[tuple[str, str, str], str | None], tuple[PersonMention, str | None]] = {}
    for person, said in out:
        unique.setdefault((person.key, said), (person, said))
    return list(unique.values())
