"""Positions: a person mention with its title and organization, written before the name
("директор школы М.Н. Юмшанова", "I- ый зам.главы МО «Верхоянский район» Н.В. Корнилов")
or after it ("Жилина О.А., директор КОГОБУ СШ пгт Опарино", "Пономарева Оксана
Александровна управляющий ДО №3349/2229 АО «Россельхозбанк»")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extraction.morph import analyzer, phrase_to_nominative
from kg.extraction.orgs import OrgMention
from kg.extraction.people import PersonMention

TITLE_HEADS = (
    r"(?:I-\s*ый\s+зам\.|первый\s+заместитель|заместител[а-я]*|зам\.|директор[а-я]*|"
    r"начальник[а-я]*|специалист[а-я]*|методист[а-я]*|управляющ[а-я]+|глав[аыуе]\b|главн(?:ый|ого|ому|ая|ой)\b|"
    r"председател[а-я]+|член|куратор[а-я]*|руководител[а-я]+|учител[а-я]+|классный|"
    r"библиотекар[а-я]+|заведующ[а-я]+|секретар[а-я]+|советник[а-я]*|инспектор[а-я]*|"
    r"воспитател[а-я]+|психолог[а-я]*|и\.\s*о\.|исполняющ(?:ий|его|ая|ей)\b|"
    r"педагог(?:а|у|ом)?(?:-[а-я]+)?\b|мастер(?:а|у|ом)?\b|преподавател(?:ь|я|ю|ем)\b|"
    r"учени(?:к|ка|ца|цы|цу)\b|обучающ(?:ийся|аяся|егося|ейся)\b|студент(?:а|ка|ки)?\b|"
    r"врач(?:а|у)?\b|ведущ(?:ий|его|ая|ей)\b|старш(?:ий|его|ая|ей)\b|логопед(?:а)?\b|"
    r"тьютор(?:а)?\b|эксперт(?:а)?\b|консультант(?:а)?\b)"
)
_BODY = r"[^,;\n«»:\t()]"
TITLE_AFTER = re.compile(rf"^[ ,]*(?:[–—-][ \t]*)?(?P<title>{TITLE_HEADS}{_BODY}*)", re.I)
SIGNATURE = re.compile(
    rf"^[ \t]*(?P<title>{TITLE_HEADS}[^\t\n_]*?)(?:[ \t]{{2,}}|\t)[\t _]*$", re.I
)
"""A signature line: "Председатель комитета<tabs>А.Г. Чупин"."""
TITLE_BEFORE = re.compile(rf"(?P<title>{TITLE_HEADS}{_BODY}*?)\s*$", re.I)
EXPANSIONS = [
    (re.compile(r"\bи\.\s*о\.\s*", re.I), "исполняющий обязанности "),
    (re.compile(r"\bI-\s*ый\s+зам\.\s*", re.I), "первый заместитель "),
    (re.compile(r"\bзам\.\s*", re.I), "заместитель "),
]
COUNCIL_ROLE = re.compile(
    r"(?:председатель|член)\s+координационного\s+совета|куратор\s+"
    r"образовательного\s+кластера",
    re.I,
)
CLAUSE_START = re.compile(r"[,;:\t(\n]|выступил[аи]?|присутствовал[аи]?")
UNIT_WORDS = {"РУО"}
"""Units named inside a title: "начальник РУО" keeps РУО, as the organization's short name."""


@dataclass(frozen=True)
class Position:
    person: PersonMention
    title: str
    org: str | None
    raw: str = ""
    """The title as written, for what only the document as a whole can tell (which school
    "директор школы" means)."""


def _plain_noun(word: str) -> bool:
    """A noun that is not also an adjective ("главного" is both)."""
    tags = {p.tag.POS for p in analyzer().parse(word)}
    return "NOUN" in tags and not tags & {"ADJF", "PRTF"}


def _nominative_head(title: str) -> str:
    """The title's head in the nominative: "заместителя директора" -> "заместитель директора",
    "главного специалиста комитета" -> "главный специалист комитета", "заведующего" ->
    "заведующий"."""
    words = title.split(" ")
    if any(p.tag.case == "nomn" for p in analyzer().parse(words[0])[:1]):
        return title  # "управляющий офиса": already the nominative
    head = next((i for i, w in enumerate(words[:3]) if _plain_noun(w)), None)
    if head is None:
        first = analyzer().parse(words[0])[0]
        if first.tag.POS in ("ADJF", "PRTF") and first.tag.case not in (None, "nomn"):
            inflected = first.inflect({"nomn", "sing", "masc"})
            words[0] = inflected.word if inflected is not None else words[0]
        return " ".join(words)
    noun = next((p for p in analyzer().parse(words[head]) if p.tag.POS == "NOUN"), None)
    if noun is None or noun.tag.case in (None, "nomn"):
        return " ".join(words)
    return " ".join(phrase_to_nominative(words[: head + 1]) + words[head + 1 :])


def clean_title(raw: str) -> str:
    title = re.sub(r"_{2,}", " ", raw).strip(" .,:-–\t")
    for pattern, replacement in EXPANSIONS:
        title = pattern.sub(replacement, title)
    title = re.sub(r"\s+", " ", title).strip()
    title = _nominative_head(title[:1].lower() + title[1:])
    title = re.sub(r"^(первый заместитель главы|глава)\b.*", r"\1", title)
    return re.sub(r"\s+(школы|опорной школы|опорной)$", "", title)


def _with_unit(title: str, org: OrgMention | None) -> str:
    first = org.name.split()[0] if org else ""
    return f"{title} {first}" if first in UNIT_WORDS and len(title.split()) == 1 else title


def _council_roles(person: PersonMention, clause: str) -> list[Position]:
    return [
        Position(
            person,
            role.group().lower().replace("координационного совета", "Координационного Совета"),
            None,
        )
        for role in COUNCIL_ROLE.finditer(clause)
    ]


def _preceding_clause(text: str, end: int, floor: int) -> str:
    """The clause before an opening bracket ("Специалисту (Архиповой А.А.)"), or the last
    non-blank line above a name that stands on its own line ("Директор\n\nЮ.И. Чульская")."""
    head = text[floor:end].rstrip()
    if text[end] == "\n":
        last = head.rsplit("\n", 1)[-1]
        return last if TITLE_BEFORE.fullmatch(last.strip()) else ""
    starts = [m.end() for m in CLAUSE_START.finditer(head)]
    return head[max([0, *starts]) :]


def find_positions(
    text: str, people: list[PersonMention], orgs: list[OrgMention]
) -> list[Position]:
    out: list[Position] = []
    for i, person in enumerate(people):
        previous_end = people[i - 1].end if i else 0
        next_start = people[i + 1].start if i + 1 < len(people) else len(text)
        org_before = next(
            (
                o
                for o in orgs
                if previous_end <= o.start <= o.end <= person.start
                and not text[o.end : person.start].strip()
                and "\n" not in text[o.end : person.start]
            ),
            None,
        )
        limit = org_before.start if org_before else person.start
        starts = [m.end() for m in CLAUSE_START.finditer(text, previous_end, limit)]
        clause_start = max([previous_end, *starts])
        before = text[clause_start:limit]
        line_above_names_someone = i > 0 and "\n" not in text[previous_end : clause_start - 1]
        if (
            not before.strip()
            and clause_start > 0
            and text[clause_start - 1] in "(\n"
            and not (text[clause_start - 1] == "\n" and line_above_names_someone)
        ):
            before = _preceding_clause(text, clause_start - 1, previous_end)
        line_start = text.rfind("\n", 0, person.start) + 1
        m = TITLE_BEFORE.search(before) or SIGNATURE.match(text[line_start : person.start])
        if m and re.search(r"\s[–—-]\s*$", m["title"]):
            m = None  # "Секретарь – Одинцова М.С., педагог-организатор": a role of the meeting
        if m:
            out.append(
                Position(
                    person,
                    _with_unit(clean_title(m["title"]), org_before),
                    org_before.name if org_before else None,
                    m["title"],
                )
            )
            continue
        line_end = text.find("\n", person.end)
        after = text[person.end : min(len(text) if line_end < 0 else line_end, next_start)]
        after = re.split(r"[;\t]", after, maxsplit=1)[0]
        out.extend(_council_roles(person, after))
        m = TITLE_AFTER.match(COUNCIL_ROLE.sub(",", after))
        if not m or (m["title"][0].isupper() and not m["title"].startswith("I")):
            continue  # "Руководители ОУ": another party of a plan cell, not a title
        title_start = person.end + after.find(m["title"])
        title_end = title_start + len(m["title"])
        org = next((o for o in orgs if title_start < o.start < title_end + 2), None)
        if org is not None and org.start < title_end:
            title_end = org.start
        title = clean_title(text[title_start:title_end])
        if title:
            out.append(
                Position(
                    person,
                    _with_unit(title, org),
                    org.name if org else None,
                    text[title_start:title_end],
                )
            )
    return out
