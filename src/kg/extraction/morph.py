"""Russian morphology for names and titles: pymorphy3 (the maintained pymorphy2)."""

from __future__ import annotations

import re
from functools import cache

import pymorphy3


@cache
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


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


def function_word(word: str) -> bool:
    """An adverb, conjunction, verb and the like, as the dictionary knows them: never a name."""
    parse = analyzer().parse(word)[0]
    return bool(
        parse.is_known
        and parse.tag.POS
        in {"ADVB", "CONJ", "PRCL", "PREP", "VERB", "INFN", "PRTF", "PRTS", "GRND", "NPRO", "PRED"}
    )


def thing_noun(word: str) -> bool:
    """A noun naming a thing ("Доклад", "Отчёт"), never a surname."""
    parses = analyzer().parse(word)
    return (
        all(p.is_known and "Surn" not in p.tag for p in parses)
        and parses[0].tag.POS == "NOUN"
        and "inan" in parses[0].tag
    )


SURNAME_ENDING = re.compile(r"(?:[оеё]в|[иы]н|[сц]кий|[оеё]ва|[иы]на|[сц]кая|ко|[ую]к)$")


def plausible_surname(word: str) -> bool:
    """A surname, or a word the dictionary does not know; not "Выступили" or "Руководители"."""
    parses = analyzer().parse(word)
    return (
        bool(SURNAME_ENDING.search(word))
        or any("Surn" in p.tag for p in parses)
        or not any(p.is_known for p in parses)
        or all(
            p.tag.POS == "NOUN" and "anim" in p.tag and p.tag.number == "sing" for p in parses[:1]
        )
    )


def name_case_and_gender(first: str, patronymic: str) -> tuple[str, str] | None:
    """Case and gender of a first name and patronymic written in full ("Юлии Владимировны")."""
    first_cases = {p.tag.case for p in analyzer().parse(first) if "Name" in p.tag}
    for parse in analyzer().parse(patronymic):
        if "Patr" in parse.tag and parse.tag.gender and parse.tag.case in first_cases:
            return str(parse.tag.case), str(parse.tag.gender)
    return None


def to_nominative(word: str, *, case: str, gender: str, tag: str) -> str:
    """`word` (a name part of grammeme `tag`: Surn, Name, Patr) put in the nominative."""
    for parse in analyzer().parse(word):
        if tag in parse.tag and parse.tag.case == case and parse.tag.gender in (gender, None):
            inflected = parse.inflect({"nomn", gender} if tag != "Name" else {"nomn"})
            if inflected is not None:
                return _restore_case(inflected.word.replace("ё", "ё"), word)
    return word


def oblique_female_surname(surname: str) -> str:
    """'Архиповой' -> 'Архипова': a female surname in an oblique case, seen with initials only."""
    if not surname.endswith(("ой", "ою")):
        return surname
    for parse in analyzer().parse(surname):
        if "Surn" in parse.tag and parse.tag.gender == "femn" and parse.tag.case != "nomn":
            inflected = parse.inflect({"nomn", "femn"})
            if inflected is not None:
                return _restore_case(inflected.word, surname)
    return surname


def phrase_to_nominative(words: list[str]) -> list[str]:
    """A phrase of adjectives and a noun in an oblique case ("Восточного образовательного
    округа") put in the nominative singular, the adjectives agreeing with the noun."""
    nouns = [next((p for p in analyzer().parse(w) if p.tag.POS == "NOUN"), None) for w in words]
    gender = next((n.tag.gender for n in reversed(nouns) if n is not None and n.tag.gender), "masc")
    out = []
    for word, noun in zip(words, nouns, strict=True):
        adjective = next((p for p in analyzer().parse(word) if p.tag.POS == "ADJF"), None)
        if adjective is not None and (noun is None or word != words[-1]):
            inflected = adjective.inflect({"nomn", "sing", gender})
        elif noun is not None:
            inflected = noun.inflect({"nomn", "sing"})
        else:
            inflected = None
        out.append(_restore_case(inflected.word, word) if inflected else word)
    return out


def surname_nominatives(surname: str) -> set[str]:
    """The nominatives an oblique surname can come from: "Кичигину" is Кичигин's dative or
    Кичигина's accusative."""
    out = set()
    for parse in analyzer().parse(surname):
        if "Surn" in parse.tag and parse.tag.case != "nomn" and parse.tag.gender:
            inflected = parse.inflect({"nomn", parse.tag.gender})
            if inflected is not None:
                out.add(_restore_case(inflected.word, surname))
    return out


def inflect_title_word(word: str, gender: str | None = None) -> str:
    """One word of a title's head in the nominative singular: "заместителю" -> "заместитель",
    "главного" -> "главный", "заведующей" -> "заведующая" (a participle keeps the holder's
    gender), "педагога-библиотекаря" -> "педагог-библиотекарь". An adjective takes
    `gender` where given: that of the noun it agrees with ("главного" -> "главный")."""
    if "-" in word.strip("-"):
        return "-".join(inflect_title_word(part, gender) for part in word.split("-"))
    wanted = ("ADJF", "PRTF") if gender else ("NOUN", "ADJF", "PRTF")
    parse = next((p for p in analyzer().parse(word) if p.tag.POS in wanted), None)
    if parse is None or (parse.tag.case == "nomn" and parse.tag.number == "sing"):
        return word
    if parse.tag.POS == "NOUN":
        inflected = parse.inflect({"nomn", "sing"})
    else:
        own = parse.tag.gender if parse.tag.number == "sing" and parse.tag.gender else "masc"
        inflected = parse.inflect({"nomn", "sing", gender or own})
    return _restore_case(inflected.word, word) if inflected is not None else word
