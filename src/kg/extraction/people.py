"""Person names: "Фамилия Имя Отчество", "Имя Отчество Фамилия", "Фамилия И.О.", "И.О. Фамилия",
in any case, put in the nominative with the right gender (Некрасова stays Некрасова)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extraction.morph import (
    SURNAME_ENDING,
    function_word,
    name_case_and_gender,
    oblique_female_surname,
    plausible_surname,
    surname_nominatives,
    thing_noun,
    to_nominative,
)
from kg.extraction.spans import leftmost_longest

CAP = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
PATRONYMIC = r"[А-ЯЁ][а-яё]+(?:вич|вн|ичн|чн|ьич)[а-яё]{0,2}"
FULL = re.compile(rf"\b(?P<s>{CAP})[ \t]+(?P<f>{CAP})[ \t]+(?P<p>{PATRONYMIC})\b")
FULL_SURNAME_LAST = re.compile(rf"\b(?P<f>{CAP})[ \t]+(?P<p>{PATRONYMIC})[ \t]+(?P<s>{CAP})\b")
INITIALS_AFTER = re.compile(rf"\b(?P<s>{CAP})\s+(?P<i>[А-ЯЁ])\s*[.,]\s*,?\s*(?P<j>[А-ЯЁ])\b[.,]?")
INITIALS_BEFORE = re.compile(rf"(?<![А-ЯЁа-яё])(?P<i>[А-ЯЁ])\.\s*(?P<j>[А-ЯЁ])\.\s*(?P<s>{CAP})\b")
SIGNATURE = re.compile(
    r"^[ \t]*(?P<i>[А-ЯЁ])\.[ \t]?(?P<j>[А-ЯЁ])\.[ \t]?(?P<s>[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?)[ \t]*$",
    re.MULTILINE,
)
"""An order's or resolution's signature: "Глава района\nА.А.ЛАЙПАНОВ", the surname in capitals."""
OBLIQUE_SURNAME = re.compile(r"(?:[оеё]в|[иы]н)у$")
GOVERNS_ACCUSATIVE = re.compile(
    r"\b(?:на|назначить|наградить|поздравить|утвердить|слушали|заслушали|заслушать|избрать)\b",
    re.IGNORECASE,
)
"""The preposition and verbs of the genre that take the accusative: "возложить на … Осипову",
"СЛУШАЛИ: Ветрову О.Н."; "поручить Петрову" is a dative."""
FIRST_AND_PATRONYMIC = re.compile(rf"\b(?P<f>{CAP})[ \t]+(?P<p>{PATRONYMIC})\b")
NAMESAKE = re.compile(r"(?:\bим\.|\bимени)\s*(?:[А-ЯЁа-яё]+\s+){0,3}$")
"""'им.М.Л. Новгородова': a name inside an organization's name, not a person."""
NOT_SURNAMES = {"Совет", "Совета", "Управление", "Министерство", "Проект", "Директор", "Опорная"}


@dataclass(frozen=True)
class PersonMention:
    name: str
    surname: str
    first: str | None
    patronymic: str | None
    initials: tuple[str, str]
    start: int
    end: int
    written: str = ""
    """The mention as the document writes it."""
    refers_back: bool = False
    """A first name and patronymic alone, standing for the full name named before it."""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.surname.lower().replace("ё", "е"), *self.initials)

    @property
    def full(self) -> bool:
        return self.first is not None


def _full(m: re.Match[str]) -> PersonMention:
    surname, first, patronymic = m["s"], m["f"], m["p"]
    found = name_case_and_gender(first, patronymic)
    if found and found[0] != "nomn":
        case, gender = found
        surname = to_nominative(surname, case=case, gender=gender, tag="Surn")
        first = to_nominative(first, case=case, gender=gender, tag="Name")
        patronymic = to_nominative(patronymic, case=case, gender=gender, tag="Patr")
    return PersonMention(
        f"{surname} {first} {patronymic}",
        surname,
        first,
        patronymic,
        (first[0], patronymic[0]),
        m.start(),
        m.end(),
        m[0],
    )


def _initials(m: re.Match[str]) -> PersonMention:
    surname = "-".join(w.capitalize() for w in m["s"].split("-")) if m["s"].isupper() else m["s"]
    surname = _dative_or_accusative(oblique_female_surname(surname), m)
    return PersonMention(
        f"{surname} {m['i']}.{m['j']}.",
        surname,
        None,
        None,
        (m["i"], m["j"]),
        m.start(),
        m.end(),
        m[0],
    )


def _dative_or_accusative(surname: str, m: re.Match[str]) -> str:
    """'Осипову' with initials: the accusative of Осипова after "на", "назначить"…, else the
    dative of Осипов."""
    if not OBLIQUE_SURNAME.search(surname):
        return surname
    sentence = re.split(r"[.!?]\s", m.string[max(0, m.start() - 200) : m.start()])[-1]
    return surname[:-1] + "а" if GOVERNS_ACCUSATIVE.search(sentence) else surname[:-1]


def find_people(text: str) -> list[PersonMention]:
    """Every person mention, left to right; overlapping candidates go to the longest."""
    candidates: list[PersonMention] = []
    for pattern, build in (
        (FULL, _full),
        (FULL_SURNAME_LAST, _full),
        (INITIALS_BEFORE, _initials),
        (INITIALS_AFTER, _initials),
        (SIGNATURE, _initials),
    ):
        for m in pattern.finditer(text):
            if m["s"] in NOT_SURNAMES or NAMESAKE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            if pattern is INITIALS_AFTER and not plausible_surname(m["s"]):
                continue
            if pattern is FULL and thing_noun(m["s"]) and not SURNAME_ENDING.search(m["s"]):
                continue  # "Доклад Елены Борисовны", but "Комков Алексей Александрович"
            if pattern is FULL and name_case_and_gender(m["s"], m["f"]):
                continue  # "Максим Леонидович Беркович": the surname comes last
            if pattern is not INITIALS_AFTER and function_word(m["s"]):
                continue  # "Также Оксана Александровна рассказала"
            candidates.append(build(m))
    found = _in_nominative(leftmost_longest(candidates))
    return sorted([*found, *_back_references(text, found)], key=lambda p: p.start)


def _in_nominative(found: list[PersonMention]) -> list[PersonMention]:
    """ "СЛУШАЛИ: Кичигину Н.П." is the Кичигина Н.П. the document names elsewhere: a surname
    with initials, in a case that could be oblique, takes the nominative another mention of
    the same initials has."""
    keys = {p.key for p in found}
    out = []
    for p in found:
        if not p.full and p.key in keys:
            for surname in sorted(surname_nominatives(p.surname)):
                key = (surname.lower().replace("ё", "е"), *p.initials)
                if key != p.key and key in keys:
                    name = f"{surname} {p.initials[0]}.{p.initials[1]}."
                    p = replace(p, name=name, surname=surname)
                    break
        out.append(p)
    return out


def _back_references(text: str, found: list[PersonMention]) -> list[PersonMention]:
    """ "Елена Борисовна рассказала": a first name and patronymic alone stand for the person
    last named in full with them ("Грязева Елена Борисовна"); with no such person, nobody."""
    out = []
    for m in FIRST_AND_PATRONYMIC.finditer(text):
        if any(p.start <= m.start() < p.end or m.start() <= p.start < m.end() for p in found):
            continue
        first, patronymic = m["f"], m["p"]
        if (grammar := name_case_and_gender(first, patronymic)) and grammar[0] != "nomn":
            case, gender = grammar
            first = to_nominative(first, case=case, gender=gender, tag="Name")
            patronymic = to_nominative(patronymic, case=case, gender=gender, tag="Patr")
        named = [
            p
            for p in found
            if p.end <= m.start() and (p.first, p.patronymic) == (first, patronymic)
        ]
        if named:
            out.append(
                replace(named[-1], start=m.start(), end=m.end(), written=m[0], refers_back=True)
            )
    return out


def same_person(a: PersonMention, b: PersonMention) -> bool:
    return a.key == b.key
