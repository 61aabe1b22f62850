"""What an event is called in a report: the quoted name after its noun ("семинар «…»",
"конференция под названием «…»"), the theme the sentence gives ("по теме «…»", "Тема
конференции … «…»", "«…» — под таким девизом прошло заседание"), what it is devoted to
("семинар, посвящённый итогам …"), or else its noun phrase put in the nominative
("расширенного заседания совета" -> "Расширенное заседание совета")."""

from __future__ import annotations

import re

from pymorphy3.analyzer import Parse

from kg.extraction.morph import parses

LINKS = re.compile(
    r"\s*(?:[,:—–-]\s*)?(?:под\s+(?:названием|девизом)|по\s+теме|на\s+тему|тема)?\s*:?\s*$",
    re.I,
)
"""What may stand between an event's noun phrase and its quoted name."""
THEME_WORD = re.compile(r"\b(?:по\s+теме|на\s+тему|тема|темой|под\s+(?:названием|девизом))\b", re.I)
MOTTO_BEFORE = re.compile(r"^\s*[—–-]\s*под\s+(?:таким|этим)\s+(?:девизом|названием)", re.I)
DEVOTED = re.compile(
    r"^\s*,?\s*посвящ[её]нн?(?:ый|ая|ое|ого|ой|ом|ую)\s+(?P<topic>[^,.;«]+(?:«[^»]*»+)?)", re.I
)

Span = tuple[int, int]
READABLE = re.compile(r"[А-Яа-яЁёA-Za-z0-9-]+")
"""Words the dictionary can read: pymorphy3 fails on letters of other scripts."""


def quotes(sentence: str) -> list[Span]:
    """Spans of every «…» (nested ones too) and "…" in a sentence, outermost first."""
    spans: list[Span] = []
    opened: list[int] = []
    for i, char in enumerate(sentence):
        if char == "«":
            opened.append(i)
        elif char == "»" and opened:
            spans.append((opened.pop(), i + 1))
    if opened:  # "«Гостиная «Русь»": the outer quote closes with the inner one
        last = max((b for _, b in spans if b > opened[0]), default=len(sentence))
        spans.append((opened[0], last))
    spans += [m.span() for m in re.finditer(r"\"[^\"]+\"", sentence)]
    return sorted(spans, key=lambda span: (span[0], -span[1]))


def quoted_after(sentence: str, end: int) -> Span | None:
    """The quoted name that follows a noun phrase ending at `end`."""
    return next(
        ((a, b) for a, b in quotes(sentence) if a >= end and LINKS.fullmatch(sentence[end:a])),
        None,
    )


def theme(sentence: str, start: int) -> Span | None:
    """The quote the sentence gives as a theme or motto of an event named at `start`."""
    spans = quotes(sentence)
    if (word := THEME_WORD.search(sentence)) is not None:
        found = next(((a, b) for a, b in spans if a >= word.end()), None)
        if found is not None:
            return found
    return next((s for s in spans if s[1] <= start and MOTTO_BEFORE.match(sentence[s[1] :])), None)


def unquote(sentence: str, span: Span) -> str:
    a, b = span
    inner = sentence[a + 1 : b - 1] if sentence[b - 1] in '»"' else sentence[a + 1 : b]
    if inner.count("«") > inner.count("»"):
        inner += "»"  # the outer quote was left open and closed with the inner one
    return clean(inner)


def devoted(rest: str) -> str | None:
    """ ", посвящённый итогам работы программы «Точка роста»" -> "Итоги работы программы …"."""
    m = DEVOTED.match(rest)
    if m is None:
        return None
    first, *others = m["topic"].split()
    return capitalized(clean(" ".join([_nominative(first), *others])))


def noun_phrase(words: list[str], tail: str, plural: bool) -> str | None:
    """The title a noun phrase (adjectives, the noun, its complement) gives: None for a bare
    noun ("конференция")."""
    if len(words) == 1 and not tail:
        return None
    phrase = nominative_phrase(words, plural)
    return capitalized(clean(" ".join([*phrase, tail])))


def nominative_phrase(words: list[str], plural: bool) -> list[str]:
    """ "расширенного заседания" -> "расширенное заседание": adjectives and participles agree
    with the noun that ends the phrase, in its number."""
    readings = [_parse(w) for w in words]
    noun = next((p for p in readings[-1] if p.tag.POS == "NOUN"), None)
    grammemes = {"nomn", "plur" if plural else "sing"}
    gender = {noun.tag.gender} if noun is not None and noun.tag.gender and not plural else set()
    out = []
    for word, options in zip(words, readings, strict=True):
        parse = next((p for p in options if p.tag.POS in ("NOUN", "ADJF", "PRTF")), None)
        agree = grammemes | (gender if parse is not None and parse.tag.POS != "NOUN" else set())
        inflected = parse.inflect(agree) if parse is not None else None
        out.append(_cased(str(inflected.word), word) if inflected is not None else word)
    return out


def genitive(word: str) -> str:
    """ "трёхстороннее" -> "трёхстороннего": for "Подписание трёхстороннего соглашения"."""
    for parse in _parse(word):
        if parse.tag.POS in ("NOUN", "ADJF", "PRTF") and parse.tag.number == "sing":
            inflected = parse.inflect({"gent", "sing"})
            if inflected is not None:
                return str(inflected.word)
    return word


def _nominative(word: str) -> str:
    """ "итогам" -> "итоги": the nominative in the word's own number."""
    for parse in _parse(word):
        if parse.tag.POS == "NOUN" and (inflected := parse.inflect({"nomn"})) is not None:
            return _cased(str(inflected.word), word)
    return word


def _parse(word: str) -> tuple[Parse, ...]:
    return parses(word.lower()) if READABLE.fullmatch(word) else ()


def _cased(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return capitalized(word) if like[:1].isupper() else word


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def clean(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" ,.;:")
