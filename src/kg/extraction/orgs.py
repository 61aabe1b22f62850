"""Organization mentions: the names kg.extraction.org_grammar finds, and those natasha's NER
tags as organizations where the grammar finds nothing; each with its kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kg.extraction.morph import parses
from kg.extraction.ner import ner_spans
from kg.extraction.org_names import find_candidates, nominative_name
from kg.extraction.org_tokens import Candidate, legal_forms_words, lexicon
from kg.extraction.spans import leftmost_longest


def legal_forms() -> frozenset[str]:
    return legal_forms_words()


@cache
def kind_rules() -> tuple[tuple[str, str], ...]:
    text = files("kg.extraction").joinpath("data/org_kinds.txt").read_text(encoding="utf-8")
    rules = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word = line.split("\t")
            rules.append((kind, word.strip()))
    return tuple(rules)


@dataclass(frozen=True)
class OrgMention:
    name: str
    kind: str
    place: str | None
    start: int
    end: int


def org_kind(name: str) -> str:
    tokens = re.findall(r"[а-яё]+", name.lower())
    for kind, marker in kind_rules():
        if " " in marker:
            if marker in name.lower():
                return kind
        elif any(t == marker or (len(marker) > 3 and t.startswith(marker)) for t in tokens):
            return kind
    return "other"


def _ner_candidates(text: str) -> list[Candidate]:
    """natasha's ORG spans, those cut in two at a genitive joined ('Горномарийской
    территориальной организации' + 'Профсоюза работников образования'), the head phrase
    put in the nominative."""
    spans = [s for s in ner_spans(text) if s.type == "ORG"]
    joined: list[tuple[int, int]] = []
    for span in spans:
        if joined and not text[joined[-1][1] : span.start].strip(" \t"):
            joined[-1] = (joined[-1][0], span.end)
        else:
            joined.append((span.start, span.end))
    out = []
    for start, end in joined:
        end = start + len(text[start:end].split("\n")[0])  # NER reads across lines; names don't
        words = _trimmed(text[start:end].split())
        if end == len(text.rstrip()) and len(words[-1:][0] if words else "") < 3:
            words = []  # a word cut where the page's excerpt ends: 'Центральный районный б'
        alone = len(words) == 1 and _common_noun(words[0])
        if alone and (_opens_sentence(text, start) or _kind_word(words[0])):
            continue  # 'Правительство …' opening a sentence, 'Центра'; 'Сбербанк' is a name
        if words and _plausible(words) and text[:start].rstrip()[-1:] not in ("«", '"'):
            end = start + text[start:end].index(words[-1]) + len(words[-1])
            out.append(Candidate(nominative_name(text[start:end]), start, end, None))
    return out


def _kind_word(word: str) -> bool:
    """A word that says what kind an organization is, never its name alone ('Центр')."""
    normal = parses(word.lower())[0].normal_form
    return normal in lexicon("type") or normal in lexicon("authority")


def _common_noun(word: str) -> bool:
    return not word.isupper() and parses(word.lower())[0].is_known


def _trimmed(words: list[str]) -> list[str]:
    """Without the verbs and symbols NER runs on into ('Музей обеспечили', 'Музей ✅')."""
    while words and (
        not any(c.isalnum() for c in words[-1])
        or parses(words[-1].lower())[0].tag.POS in ("VERB", "INFN", "GRND")
    ):
        words = words[:-1]
    return words


def _plausible(words: list[str]) -> bool:
    """An organization's name, not an event or council (NOTES.md: councils are no
    organizations), a person's post, a heading in capitals or a web address."""
    first = words[0]
    readings = [parses(w.lower().strip('«»"')) for w in words]
    if not first[:1].isupper() or first in lexicon("not-name") or "." in "".join(words[-1:]):
        return False
    if any(p[0].normal_form in lexicon("not-organization") for p in readings):
        return False
    head = readings[0][0]
    if len(words) == 1 and head.tag.POS == "ADJF":
        return False  # 'Социальные' of '… партнёры'

    if head.tag.POS not in ("NOUN", "ADJF", None) or (
        head.tag.POS == "NOUN" and "anim" in head.tag
    ):
        return False  # 'Проведена самодиагностика ОУ', 'Методист опорной школы'
    return not (first.isupper() and len(first) > 4 and head.is_known)  # a heading in capitals


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in '.!?\n:;«"(0123456789'


def find_orgs(text: str) -> list[OrgMention]:
    """Organization mentions, left to right: the grammar's and NER's candidates, overlapping
    ones going to the earliest, then the longest."""
    found = leftmost_longest([c for c in find_candidates(text, legal_forms()) if _own(c.name)])
    found += [
        c for c in _ner_candidates(text) if all(c.end <= f.start or c.start >= f.end for f in found)
    ]  # where the grammar found nothing
    return [
        OrgMention(c.name, org_kind(c.name), c.place, c.start, c.end)
        for c in leftmost_longest(found)
        if _own(c.name)
    ]


def _own(name: str) -> bool:
    """Not a programme's centre ('Центр «Точка роста»'), which is a part of its school."""
    folded = name.lower().replace("ё", "е")
    return not any(programme in folded for programme in lexicon("programme"))
