"""Reading one post from the text: a head word with its modifiers ("главного специалиста"),
its complements ("отдела образования", "по УВР", "истории и обществознания") and the
organization it names, as an org mention ("директор МОУ Осиновская СОШ") or in its own words
("начальник управления образования"); the title comes out in the nominative."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extraction.orgs import OrgMention
from kg.extraction.titles import Named, adjective, nominative, role, split_named, stops_a_title

TOKEN = re.compile(
    r"(?P<abbr>I-?\s*ый\s+зам\.?|и\.\s*о\.|зам(?:\.|\b)|врио\b)"
    r"|(?P<quote>«[^»\n]*»+|\"[^\"\n]*\")"
    r"|(?P<number>№\s*[\d/.-]*\d|\d+(?:-?[а-я]{1,2})?\b)"
    r"|(?P<short>(?:[а-яё]{1,3}|обл)\.(?!\.))"
    r"|(?P<word>[А-ЯЁа-яёA-Za-z]+(?:-[А-ЯЁа-яё]+)*)"
)
GAP = re.compile(r"[ \xa0]*(?:\n(?=[ \t]*[а-яё])[ \t]*)?")
"""Spaces, or a line break inside a sentence (the next line goes on in lower case); a tab
parts the cells of a table."""
EXPANSIONS = [
    (re.compile(r"\bи\.\s*о\.\s*", re.I), "исполняющий обязанности "),
    (re.compile(r"\bврио\b\s*", re.I), "временно исполняющий обязанности "),
    (re.compile(r"\bI-\s*ый\s+зам\.?\s*", re.I), "первый заместитель "),
    (re.compile(r"\bзам(?:\.\s*|\s+|$)", re.I), "заместитель "),
]
CUT = re.compile(r"[ \xa0]+[а-яё](?:\s*(?:\n|…|\.\.\.)|$)")
UNIT_WORDS = {"РУО"}
"""Units named inside a title: "начальник РУО" keeps РУО, as the organization's short name."""


@dataclass(frozen=True)
class Post:
    start: int
    end: int
    title: str
    org: OrgMention | None
    named: Named | None
    raw: str
    head: str


def starts_a_post(text: str, lo: int, hi: int) -> Iterator[int]:
    """Where a post can begin between lo and hi: a head word, a modifier or an abbreviation."""
    for m in TOKEN.finditer(text, lo, hi):
        if m["abbr"] or (m["word"] and role(m.group()) in ("head", "modifier")):
            yield m.start()


def _next_word(text: str, at: int, hi: int) -> str:
    gap = GAP.match(text, at, hi)
    m = TOKEN.match(text, gap.end() if gap else at, hi)
    return m.group() if m and m["word"] else ""


def _continues(word: str) -> bool:
    """A word that goes on a title after "и": "истории и обществознания", not "и Дедова"."""
    return word[:1].islower() and role(word) not in ("head", "modifier") and not stops_a_title(word)


def read_post(
    text: str, at: int, hi: int, orgs: list[OrgMention], *, org_first: bool = False
) -> Post | None:
    """The post that begins at `at` and ends by `hi`; None where no head word begins it.
    With org_first, an org mention may stand before the head ("ОАО ЭЗТМ технический
    директор")."""
    by_start = {o.start: o for o in orgs}
    lead = by_start.get(at) if org_first else None
    found = [lead] if lead is not None and lead.end <= hi else []
    start = pos = end = _skip(text, found[0].end, hi) if found else at
    head, after_po = "", False
    while pos < hi:
        org = by_start.get(pos)
        m = TOKEN.match(text, pos, hi)
        if org is not None and head and org.end <= hi:
            found.append(org)
            end, after_po = org.end, after_po or " по " in text[org.start : org.end]
        elif m is None:
            break
        elif not head:
            kind = "head" if m["abbr"] else role(m.group()) if m["word"] else None
            if kind == "modifier" or (kind is None and end > start and adjective(m.group())):
                end = m.end()  # "главный ветеринарный врач": an adjective after a modifier
            elif kind == "head":
                head, end = m.group(), m.end()
            else:
                return None
        else:
            low = m.group().lower()
            if m["word"] and low == "и" and not _continues(_next_word(text, m.end(), hi)):
                break
            if m["word"] and (
                (low == "с" and not after_po)
                or (low not in ("и", "по", "с") and not m.group().isupper() and stops_a_title(low))
            ):  # "ДО №3349/2229" is a branch, not the preposition
                break
            after_po, end = after_po or low == "по", m.end()
        pos = _skip(text, end, hi)
    return _post(text, start, end, head, found) if head else None


def _skip(text: str, at: int, hi: int) -> int:
    gap = GAP.match(text, at, hi)
    return gap.end() if gap else at


def _post(text: str, start: int, end: int, head: str, found: list[OrgMention]) -> Post:
    raw = text[start:end]
    named: Named | None = None
    kinds = [role(text[o.start : o.end].split()[0]) for o in found]
    parents = [o for o, kind in zip(found, kinds, strict=True) if kind not in ("unit", "body")]
    bodies = [o for o, kind in zip(found, kinds, strict=True) if kind == "body"]
    chosen = parents or bodies  # "начальник отдела … АО «…»": the parent
    org = chosen[-1] if chosen else None
    if org is None:
        written, named = split_named(expand(re.sub(r"\s+", " ", raw)))
        if named is not None and CUT.match(text, end):
            named = None  # "… Бутчинская средняя о⏎…": the text is cut inside the name
    elif org.end <= start:
        written = raw  # the organization stood before the head
    else:
        written = text[start : org.start].strip()
        tail = text[org.end : end].strip()
        if role(text[org.start : org.end].split()[0]) == "body":
            written = split_named(f"{written} {text[org.start : org.end]}")[0]
        if tail.startswith("по "):
            written = f"{written} {tail}"
    title = clean_title(written)
    if org is not None and title.split() == [title] and org.name.split()[0] in UNIT_WORDS:
        title = f"{title} {org.name.split()[0]}"
    first = min([start, *(o.start for o in found)])
    return Post(first, end, title, org, named, raw, head)


def expand(title: str) -> str:
    """A title's abbreviated words spelled out: "зам." -> "заместитель"."""
    for pattern, replacement in EXPANSIONS:
        title = pattern.sub(replacement, title)
    return title


def clean_title(raw: str) -> str:
    title = expand(re.sub(r"_{2,}", " ", raw).strip(" .,:-–\t"))
    title = re.sub(r"\s+", " ", title).strip()
    if not title[1:2].isupper():
        title = title[:1].lower() + title[1:]
    return re.sub(r"\s+(школы|опорной школы|опорной)$", "", nominative(title))
