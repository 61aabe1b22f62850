"""Russian morphology for names and titles: pymorphy3 (the maintained pymorphy2)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse
from pymorphy3.units import DictionaryAnalyzer


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


word_cache = lru_cache(maxsize=1 << 15)
"""For what is asked of a word: the extractors ask about the same words many times over (every
rule at every token; a document's names; the genre's common words), and pymorphy3 parses
afresh each time. A process keeps the answers for its working vocabulary, the 32,768 words
last asked about at most (some 30 MB of pymorphy3's readings)."""


@word_cache
def parses(word: str) -> tuple[Parse, ...]:
    """pymorphy3's readings of `word`, best first; none for a word with a character
    Unicode gives no name (pymorphy3's shape check raises on it)."""
    try:
        return tuple(analyzer().parse(word))
    except ValueError:
        return ()


def from_dictionary(parse: Parse) -> bool:
    """A reading of a word the dictionary holds, not a guess: each form it inflects to is a
    word of the dictionary with the reading's normal form."""
    stack = parse.methods_stack
    return len(stack) == 1 and isinstance(stack[0][0], DictionaryAnalyzer)


def _restore_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        parts = word.split("-")
        shape = like.split("-")
        return "-".join(
            p[:1].upper() + p[1:] if i == 0 or (i < len(shape) and shape[i][:1].isupper()) else p
            for i, p in enumerate(parts)
        )
    return word


@word_cache
def function_word(word: str) -> bool:
    """An adverb, conjunction, verb and the like, as the dictionary knows them: never a name."""
    parse = next(iter(parses(word)), None)
    return bool(
        parse is not None
        and parse.is_known
        and parse.tag.POS
        in {"ADVB", "CONJ", "PRCL", "PREP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "NPRO", "PRED"}
    )


@word_cache
def thing_noun(word: str) -> bool:
    """A noun naming a thing ("Доклад", "Отчёт"), never a surname."""
    readings = parses(word)
    return (
        all(p.is_known and "Surn" not in p.tag for p in readings)
        and readings[0].tag.POS == "NOUN"
        and "inan" in readings[0].tag
    )


SURNAME_ENDING = re.compile(r"(?:[оеё]в|[иы]н|[сц]кий|[оеё]ва|[иы]на|[сц]кая|ко|[ую]к)$")


@word_cache
def plausible_surname(word: str) -> bool:
    """A surname, or a word the dictionary does not know; not "Выступили" or "Руководители"."""
    readings = parses(word)
    return (
        bool(SURNAME_ENDING.search(word))
        or any("Surn" in p.tag for p in readings)
        or not any(p.is_known for p in readings)
        or all(
            p.tag.POS == "NOUN" and "anim" in p.tag and p.tag.number == "sing" for p in readings[:1]
        )
    )


@word_cache
def name_case_and_gender(first: str, patronymic: str) -> tuple[str, str] | None:
    """Case and gender of a first name and patronymic written in full ("Юлии Владимировны")."""
    first_cases = {p.tag.case for p in parses(first) if "Name" in p.tag}
    for parse in parses(patronymic):
        if "Patr" in parse.tag and parse.tag.gender and parse.tag.case in first_cases:
            return str(parse.tag.case), str(parse.tag.gender)
    return None


@word_cache
def to_nominative(word: str, *, case: str, gender: str, tag: str) -> str:
    """`word` (a name part of grammeme `tag`: Surn, Name, Patr) put in the nominative."""
    for parse in parses(word):
        if tag in parse.tag and parse.tag.case == case and parse.tag.gender in (gender, None):
            inflected = parse.inflect({"nomn", gender} if tag != "Name" else {"nomn"})
            if inflected is not None:
                return _restore_case(inflected.word.replace("ё", "ё"), word)
    return word


@word_cache
def oblique_female_surname(surname: str) -> str:
    """'Архиповой' -> 'Архипова': a female surname in an oblique case, seen with initials only."""
    if not surname.endswith(("ой", "ою")):
        return surname
    for parse in parses(surname):
        if "Surn" in parse.tag and parse.tag.gender == "femn" and parse.tag.case != "nomn":
            inflected = parse.inflect({"nomn", "femn"})
            if inflected is not None:
                return _restore_case(inflected.word, surname)
    return surname


def phrase_to_nominative(words: list[str]) -> list[str]:
    """A phrase of adjectives and a noun in an oblique case ("Восточного образовательного
    округа") put in the nominative singular, the adjectives agreeing with the noun."""
    return list(_phrase_to_nominative(tuple(words)))


@word_cache
def _phrase_to_nominative(words: tuple[str, ...]) -> tuple[str, ...]:
    nouns = [next((p for p in parses(w) if p.tag.POS == "NOUN"), None) for w in words]
    gender = next((n.tag.gender for n in reversed(nouns) if n is not None and n.tag.gender), "masc")
    out = []
    for word, noun in zip(words, nouns, strict=True):
        adjective = next((p for p in parses(word) if p.tag.POS == "ADJF"), None)
        if adjective is not None and (noun is None or word != words[-1]):
            inflected = adjective.inflect({"nomn", "sing", gender})
        elif noun is not None:
            inflected = noun.inflect({"nomn", "sing"})
        else:
            inflected = None
        out.append(_restore_case(inflected.word, word) if inflected else word)
    return tuple(out)


@word_cache
def surname_nominatives(surname: str) -> frozenset[str]:
    """The nominatives an oblique surname can come from: "Кичигину" is Кичигин's dative or
    Кичигина's accusative."""
    out = set()
    for parse in parses(surname):
        if "Surn" in parse.tag and parse.tag.case != "nomn" and parse.tag.gender:
            inflected = parse.inflect({"nomn", parse.tag.gender})
            if inflected is not None:
                out.add(_restore_case(inflected.word, surname))
    return frozenset(out)


@word_cache
def inflect_title_word(word: str, gender: str | None = None) -> str:
    """One word of a title's head in the nominative singular: "заместителю" -> "заместитель",
    "главного" -> "главный", "заведующей" -> "заведующая" (a participle keeps the holder's
    gender), "педагога-библиотекаря" -> "педагог-библиотекарь". An adjective takes
    `gender` where given: that of the noun it agrees with ("главного" -> "главный")."""
    if "-" in word.strip("-"):
        return "-".join(inflect_title_word(part, gender) for part in word.split("-"))
    wanted = ("ADJF", "PRTF") if gender else ("NOUN", "ADJF", "PRTF")
    parse = next((p for p in parses(word) if p.tag.POS in wanted), None)
    if parse is None or (parse.tag.case == "nomn" and parse.tag.number == "sing"):
        return word
    if parse.tag.POS == "NOUN":
        inflected = parse.inflect({"nomn", "sing"})
    else:
        own = parse.tag.gender if parse.tag.number == "sing" and parse.tag.gender else "masc"
        inflected = parse.inflect({"nomn", "sing", gender or own})
    return _restore_case(inflected.word, word) if inflected is not None else word
