"""People named by first name and surname alone ("Ирина Соколова", "Соколовой Ирине"):
natasha's news NER says which word pairs are people, pymorphy3 which word is the first
name and how to put both in the nominative. The grammars of kg.extraction.people cover
full names and initials; this covers what they cannot without guessing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from kg.extraction.morph import parses, plausible_surname, to_nominative, word_cache
from kg.extraction.people import CAP, PersonMention

PAIR = re.compile(rf"\b({CAP})[ \t]+({CAP})\b")


@cache
def _tagger() -> Any:
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


@word_cache
def _first_name(word: str) -> tuple[str, str] | None:
    """Case and gender of `word` read as a first name, if the dictionary knows it as one."""
    for parse in parses(word):
        if "Name" in parse.tag and parse.score >= 0.1 and parse.tag.gender in ("masc", "femn"):
            return str(parse.tag.case), str(parse.tag.gender)
    return None


@word_cache
def _name_part(word: str) -> bool:
    """A first name or patronymic, never a surname."""
    return any({"Name", "Patr"} & set(map(str, p.tag.grammemes)) for p in parses(word))


def _person(first: str, surname: str, start: int, end: int, written: str) -> PersonMention | None:
    grammar = _first_name(first)
    if grammar is None or not plausible_surname(surname) or _name_part(surname):
        return None
    case, gender = grammar
    if case != "nomn":
        first = to_nominative(first, case=case, gender=gender, tag="Name")
        surname = to_nominative(surname, case=case, gender=gender, tag="Surn")
    return PersonMention(
        f"{surname} {first}", surname, first, None, (first[0], ""), start, end, written
    )


@dataclass(frozen=True)
class Span:
    type: str  # PER, ORG or LOC
    start: int
    end: int
    text: str


@lru_cache(maxsize=8)  # the people and the organizations of one document read the same
def ner_spans(text: str) -> tuple[Span, ...]:
    """natasha's news NER over the text: its PER, ORG and LOC spans. The tagger is called as
    natasha's Doc.tag_ner calls it, without the Doc: the tagger tokenizes the text itself, and
    the Doc's segmentation into sentences and tokens only hangs them on the spans, unused."""
    if not text.strip():
        return ()
    return tuple(
        Span(kind, start, stop, text[start:stop]) for start, stop, kind in _tagger()(text).spans
    )


def _free(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def first_name_people(text: str, taken: list[tuple[int, int]]) -> list[PersonMention]:
    """People named by first name and surname outside the `taken` spans (other mentions)."""
    if not any(
        _free(m.start(), m.end(), taken) and (_first_name(m[1]) or _first_name(m[2]))
        for m in PAIR.finditer(text)
    ):
        return []  # natasha only reads documents where such a name can be
    out = []
    for span in ner_spans(text):
        words = span.text.split()
        if span.type != "PER" or len(words) != 2 or not _free(span.start, span.end, taken):
            continue
        a, b = words
        found = _person(a, b, span.start, span.end, span.text) or _person(
            b, a, span.start, span.end, span.text
        )
        if found is not None:
            out.append(found)
    return out
