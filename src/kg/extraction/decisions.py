"""Decisions: the numbered points under "РЕШИЛИ:", "ПОСТАНОВИЛИ:", "П Р И К А З Ы В А Ю:" or
a line announcing a resolution ("… приняли резолюцию:"); a protocol has a block per agenda
item (1.1, 1.2, 2.1, …). A point ending in a colon leads its sub-points ("2. Утвердить:" /
"2.1. состав …" is "Утвердить состав …") or the lines under it. With no such block, what a
report quotes from a resolution ("в резолюции … предложение: «…»") is the decision."""

from __future__ import annotations

import re
from collections.abc import Iterator


def _spaced(word: str) -> str:
    """A word also as typists space it out: "П Р И К А З Ы В А Ю"."""
    return "|".join([word, r"\s?".join(word)])


DECISIONS_HEADER = re.compile(
    rf"^[ \t*]*(?:решени[ея]\b.*|(?:{_spaced('решили')}|{_spaced('постановили')}|"
    rf"{_spaced('приказываю')}|{_spaced('постановляю')}|{_spaced('постановляет')}|"
    rf"{_spaced('решение')})[ \t]*:?)[ \t*]*$"
    r"|^[^\n]{0,200}\b(?:резолюци|решени[ея]|рекомендаци|рекомендовал|постановил|решил)"
    r"[^\n]*:[ \t]*$"
    r"|^[^\n]*\b(?:приказываю|постановляю|постановляет|постановил[аи]?|распоряжаюсь|обязываю|"
    r"решил[аи]?)[ \t]*:[ \t]*$",
    re.I | re.M,
)
"""The line that opens the operative part: "РЕШИЛИ:", "П Р И К А З Ы В А Ю:", "… Администрация
района постановляет:" at the end of a preamble however long."""
NUMBERED = re.compile(
    r"^[ \t]*(?P<number>\d{1,2}(?:\.\d{1,2})?)(?:[.)][ \t]*|[ \t]+)(?P<text>\S.*)$"
)
QUOTED_DECISION = re.compile(
    r"\b(?:резолюци|решени|постановлени|предложени|рекомендаци)[^.:\n]{0,120}:\s*«(?P<text>.+?)»"
    r"\s*\.?\s*$",
    re.M | re.I,
)
"""A report quoting what a resolution or decision says ("в принятой резолюции … было включено
предложение: «…»", "принято решение: «…»")."""
NUMBER_ALONE = re.compile(r"^[ \t]*(?P<number>\d{1,2}(?:\.\d{1,2})?)[.)]?[ \t]*$")
"""A list copied from a word processor into a page: "1." on its own line, the point under it."""
OPENING_POINT = re.compile(r"^[ \t]*1[.)]?[ \t]*[А-ЯЁ]")
AGENDA_MARK = re.compile(r"\b(?:СЛУШАЛИ|ВЫСТУПИЛИ|ГОЛОСОВАЛИ)\b")

Number = tuple[int, ...]


def _follows(previous: Number | None, number: Number) -> bool:
    """The next point after `previous`: its sibling, its first sub-point, or its parent's
    sibling. A block opens with 1, 1.1 or N.1 (the decisions on agenda item N)."""
    if previous is None:
        return number[-1] == 1
    return number in (
        (*previous[:-1], previous[-1] + 1),
        (*previous, 1),
        (previous[0] + 1,) if len(previous) == 2 else (),
    )


ALONE = "\x00"
"""Marks a point whose number stood alone: its lines wrap where the page wrapped them."""


def _joined_to_numbers(lines: list[str]) -> Iterator[str]:
    """ "1." alone on its line joined to the line under it, marked as such."""
    pending: str | None = None
    for line in lines:
        if pending is not None and line.strip():
            yield f"{ALONE}{pending}. {line.strip()}"
            pending = None
        elif (m := NUMBER_ALONE.match(line)) is not None:
            pending = m["number"]
        elif pending is None:
            yield line


def _points(lines: list[str]) -> Iterator[tuple[Number, str]]:
    """The numbered points at the start of `lines`, each with the unnumbered lines under it."""
    previous: Number | None = None
    text: str | None = None
    blank = alone = False
    for marked in _joined_to_numbers(lines):
        line = marked.removeprefix(ALONE)
        if not line.strip():
            blank = True
            continue
        m = NUMBERED.match(line)
        number = tuple(int(n) for n in m["number"].split(".")) if m else None
        if m and number and _follows(previous, number) and not AGENDA_MARK.search(line):
            if blank and previous is not None and len(previous) > 1:
                break  # after a blank line, "2." opens the next agenda item, not a point
            if previous is not None and text is not None:
                yield previous, text
            previous, text, blank = number, m["text"].strip(), False
            alone = marked.startswith(ALONE)
        elif (
            text is not None
            and not blank
            and (
                line.strip()[0].islower()
                or text.endswith(":")
                or (alone and not text.endswith((".", ";", "!", "?")))
            )
        ):
            text = f"{text} {line.strip()}"  # a point running on over several lines
        else:
            break
    if previous is not None and text is not None:
        yield previous, text


def _decisions(points: list[tuple[Number, str]]) -> list[str]:
    out = []
    for i, (number, text) in enumerate(points):
        leads = [t for n, t in points[:i] if n == number[: len(n)] and t.endswith(":")]
        has_subpoints = i + 1 < len(points) and len(points[i + 1][0]) > len(number)
        if text.endswith(":") and has_subpoints:
            continue
        lead = " ".join(t[:-1].strip() for t in leads[-1:])
        out.append(f"{lead} {text}".strip().rstrip(";").strip() if lead else text.rstrip(";"))
    return out


def find_decisions(text: str, genre: str | None = None) -> list[str]:
    """Every decision of the document, in order. An order whose operative part has no
    heading of its own ("В целях … :" / "1. Утвердить …") decides in its first numbered
    points."""
    out: list[str] = []
    for header in DECISIONS_HEADER.finditer(text):
        out += _decisions(list(_points(text[header.end() :].splitlines()[1:])))
    if out:
        return out
    if genre == "order":
        lines = text.splitlines()
        first = next((i for i, line in enumerate(lines) if OPENING_POINT.match(line)), None)
        if first is not None:
            return _decisions(list(_points(lines[first:])))
    return [m["text"].strip() for m in QUOTED_DECISION.finditer(text)]
