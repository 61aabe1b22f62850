"""Titles of posts: the words a post is named by (data/post_words.txt), a title put in the
nominative ("заместителю директора по УВР" -> "заместитель директора по УВР"), and the
organization a title names in its own words ("начальник управления образования" names
"Управление образования", "директор Воскресенского колледжа" names "Воскресенский колледж")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kg.extraction.morph import (
    from_dictionary,
    inflect_title_word,
    parses,
    phrase_to_nominative,
    word_cache,
)

STOP_POS = {"VERB", "INFN", "GRND", "PRTS", "NPRO", "PRCL", "CONJ", "PREP", "PRED", "INTJ", "COMP"}
TERRITORY_NOUNS = {"района", "округа", "города", "области", "края", "поселения", "сельсовета"}
TERRITORY = {"администрации", "муниципального", "района", "округа", "области", "края", "города"}
KINDERGARTEN = {"д/с", "д.с.", "д/сад"}
"""детский сад as abbreviated: a pre-school, of kind school as the gold keeps it."""
SCHOOL_ABBREVIATIONS = {"СОШ", "ООШ", "НОШ", "СШ", "ОШ"}


@dataclass(frozen=True)
class Named:
    """An organization a title names in its own words, in the nominative."""

    name: str
    kind: str


@cache
def post_words() -> dict[str, dict[str, str]]:
    """role -> {word: organization kind or ""}."""
    text = files("kg.extraction").joinpath("data/post_words.txt").read_text(encoding="utf-8")
    out: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            role, word, *kind = line.split("\t")
            out.setdefault(role, {})[word] = kind[0] if kind else ""
    return out


@cache
def _role_words() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each role with its words spelled with е, as post_lemmas() spells them."""
    return tuple(
        (name, frozenset(w.replace("ё", "е") for w in words))
        for name, words in post_words().items()
    )


@cache
def _all_post_words() -> frozenset[str]:
    return frozenset().union(*(words for _, words in _role_words()))


@cache
def _post_normal_forms() -> frozenset[str]:
    """The normal forms of the post words' readings, spelled with е."""
    return frozenset(
        p.normal_form.replace("ё", "е")
        for _, words in _role_words()
        for word in words
        for p in parses(word)
    )


@word_cache
def post_lemmas(word: str) -> frozenset[str]:
    """The post words (spelled with е) a word is a form of, by the nominative singular it can
    be ("учителя" -> учитель, "главного" -> главный, "заведующей" -> заведующий); a
    hyphenated word by its first part. A dictionary reading whose normal form no post word's
    reading has is not inflected: no form it inflects to is a post word."""
    word = word.lower().split("-")[0].rstrip(".").replace("ё", "е")
    out = set()
    for parse in parses(word):
        if parse.tag.POS in ("NOUN", "ADJF", "PRTF") and (
            from_dictionary(parse)
            and parse.normal_form.replace("ё", "е") not in _post_normal_forms()
        ):
            continue
        if parse.tag.POS == "NOUN":
            form = parse.inflect({"nomn", "sing"})
        elif parse.tag.POS in ("ADJF", "PRTF"):
            form = parse.inflect({"nomn", "sing", "masc"})
        else:
            form = parse
        if form is not None:
            out.add(form.word.replace("ё", "е"))
    return frozenset(out) & _all_post_words()


@word_cache
def role(word: str) -> str | None:
    """head, modifier, body, unit or institution: what a word is to a post."""
    found = post_lemmas(word)
    return next((name for name, words in _role_words() if found & words), None)


@word_cache
def kind_of(word: str) -> str:
    found = post_lemmas(word)
    for words in post_words().values():
        for w, kind in words.items():
            if w.replace("ё", "е") in found and kind:
                return kind
    return "other"


def stops_a_title(word: str) -> bool:
    """A verb, pronoun, conjunction or preposition: the title has ended ("поблагодарила",
    "который", "в"); "по" and "и" are weighed by the reader."""
    parse = parses(word.lower())[0]
    return parse.tag.POS in STOP_POS or "Apro" in parse.tag


def plural(head: str, *, only: bool = True) -> bool:
    """A head that is plural: only plural ("методисты"; "учителя" can be a genitive
    singular), or, with only=False, one that can be plural in the nominative ("учителя")."""
    readings = [p for p in parses(head.lower()) if p.tag.POS in ("NOUN", "ADJF", "PRTF")]
    if not only:
        return any(p.tag.number == "plur" and p.tag.case == "nomn" for p in readings)
    return bool(readings) and all(p.tag.number == "plur" for p in readings)


def nominative(title: str) -> str:
    """The head of a title and the words before it in the nominative singular; what follows
    the head (its genitive complements) as written. A holder's gender shows only in a
    noun-like participle ("заведующая"); "директор" stays masculine."""
    words = title.split(" ")
    head = next((i for i, w in enumerate(words[:5]) if role(w) == "head"), None)
    if head is None:
        return title
    noun = inflect_title_word(words[head])
    female = any(
        p.tag.POS in ("ADJF", "PRTF") and p.tag.gender == "femn" for p in parses(noun)
    )  # "старшей вожатой" -> "старшая вожатая"; "главного специалиста" -> "главный специалист"
    out = [inflect_title_word(w, "femn" if female else "masc") for w in words[:head]]
    return " ".join([*out, noun, *words[head + 1 :]])


def _tokens(text: str) -> list[str]:
    return re.findall(r"«[^»]*»+|\"[^\"]*\"|\S+", text)


def adjective(word: str) -> bool:
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parses(word.lower()))


def _distinct(words: list[str]) -> bool:
    """A name that tells one organization from others: a capital, a number or a quote
    ("Воскресенского колледжа", "школы № 7"), not "опорной школы"."""
    return any(w[:1].isupper() or w[:1] in '«"№' or w[:1].isdigit() for w in words)


def split_named(title: str) -> tuple[str, Named | None]:
    """(title, organization) from a title that names its organization in its own words:
    "директор Воскресенского колледжа" -> ("директор", Воскресенский колледж); "начальник
    управления образования" keeps the authority in the title; "заместитель главы
    администрации N района по социальной политике" -> ("заместитель главы по социальной
    политике", Администрация N района)."""
    words = _tokens(title)
    head = next((i for i, w in enumerate(words[:5]) if role(w) == "head"), None)
    if head is None:
        return title, None
    for i in range(head + 1, len(words)):
        found = _named_at(words, head, i)
        if found is not None:
            return found
    return title, None


def _named_at(words: list[str], head: int, i: int) -> tuple[str, Named | None] | None:
    """(title, organization) where the organization's name begins at word i, if it does."""
    word = words[i]
    kind = role(word) if word[:1].isalpha() else None
    later = [j for j in range(i + 1, len(words)) if role(words[j]) == "institution"]
    if kind in ("body", "unit") and later and _distinct(words[later[0] :]):
        return None  # "председатель комитета … Законодательного Собрания": the committee's parent
    if kind == "body" and word.lower().startswith("администрац"):
        return _administration(words, i)
    if kind == "body" and i + 1 < len(words) and words[i + 1][:1].islower():
        core = i + 1
        while (
            core < len(words)
            and words[core][:1].islower()
            and words[core] not in TERRITORY
            and not words[core].endswith(".")  # "г. Электросталь"
        ):
            core += 1
        return " ".join(words[:core]), _named(words[i:], 1)
    if kind == "institution" or word.lower() in KINDERGARTEN:
        start = i
        while start - 1 > head and adjective(words[start - 1]):
            start -= 1
        if _distinct(words[start:]):
            return " ".join(words[:start]), _named(words[start:], i + 1 - start)
    following = words[i + 1][:1] if i + 1 < len(words) else ""
    if word in SCHOOL_ABBREVIATIONS and following and following in "№0123456789":
        return " ".join(words[:i]), Named(" ".join(words[i:]), "school")  # "СОШ № 5"
    if word in SCHOOL_ABBREVIATIONS and words[i - 1][:1].isupper() and i - 1 > head:
        school = f"{inflect_title_word(words[i - 1], 'femn')} {word}"  # СОШ is a школа
        return " ".join(words[: i - 1]), Named(school, "school")
    if re.fullmatch(r"[А-ЯЁ]{2,6}", word) and following in ("«", '"'):
        return " ".join(words[:i]), _named(words[i : i + 2], 0)  # "СДО «Наследники Акпарса»"
    return None


def _administration(words: list[str], i: int) -> tuple[str, Named | None]:
    """ "заместитель главы администрации N округа по социальной политике" -> ("заместитель
    главы по социальной политике", Администрация N округа); "глава администрации" is a post
    of its own; an administration without a name is left out of the title of its head's
    deputy and named nowhere."""
    end = next((j for j in range(i + 1, len(words)) if words[j] == "по"), len(words))
    bare_head = i == 1 and "глава" in post_lemmas(words[0])
    kept = words[:i] + (words[i : i + 1] if bare_head else []) + words[end:]
    if _distinct(words[i + 1 : end]) or TERRITORY_NOUNS & set(words[i + 1 : end]):
        return " ".join(kept), _named(words[i:end], 1)
    if end == i + 1 and not bare_head and "глава" in post_lemmas(words[i - 1]):
        return " ".join(kept), None  # "заместитель главы администрации"
    return " ".join(words), None  # "глава администрации муниципального образования"


def _named(words: list[str], noun_phrase: int) -> Named | None:
    """The organization's name: its first `noun_phrase` words (adjectives and the noun) in
    the nominative, the rest as written, with a capital."""
    if re.fullmatch(r"[а-яё]", words[-1]):
        return None  # "… Бутчинская средняя о": the text is cut inside the name
    name = " ".join(phrase_to_nominative(words[:noun_phrase]) + words[noun_phrase:])
    name = re.sub(r'"([^"]*)"', r"«\1»", name)
    kind = kind_of(words[noun_phrase - 1]) if noun_phrase else "other"
    if words[noun_phrase - 1].lower() in KINDERGARTEN:
        kind = "school"
    return Named(name[:1].upper() + name[1:], kind)


def _initials(title: str) -> str:
    """A title with its "по …" subject written as initials, as its abbreviation spells it:
    "заместитель директора по учебно-воспитательной работе" -> "заместитель директора по увр"."""
    head, by, subject = title.lower().partition(" по ")
    if not by or subject.isupper() or " " not in subject:
        return title.lower()
    initials = "".join(w[0] for w in re.split(r"[\s-]+", subject) if w)
    return f"{head} по {initials}"


def same_post(a: str, b: str) -> bool:
    """One post written twice: the same title, one a fuller form of the other ("заместитель
    директора" and "заместитель директора по УВР"), or the subject abbreviated in one."""
    a, b = _initials(a), _initials(b)
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")
