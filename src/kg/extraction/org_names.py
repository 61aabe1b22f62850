"""Organization names in the nominative: the head phrase inflected ('средней
общеобразовательной школы' -> 'Средняя общеобразовательная школа', 'Осиновской СОШ' ->
'Осиновская СОШ'), the complement kept as written; and every candidate the grammar finds."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extraction.morph import parses, phrase_to_nominative
from kg.extraction.org_grammar import (
    abbreviation,
    authority_name,
    legal_form_name,
    lowercase_adjectives,
    quoted_name,
    spelled_legal_form,
    type_noun,
    typed_name,
)
from kg.extraction.org_tokens import Candidate, Tokens, lexicon, normal_forms, reads_as


def _adjective_nominative(word: str, gender: str) -> str:
    for parse in parses(word.lower()):
        if parse.tag.POS == "ADJF":
            inflected = parse.inflect({"nomn", "sing", gender})
            if inflected is not None:
                return _spelled_as(_case_like(inflected.word, word), word)
    return word


def _spelled_as(word: str, like: str) -> str:
    """The dictionary writes ё; a text that writes е keeps it ('казенное')."""
    return word if "ё" in like.lower() else word.replace("ё", "е").replace("Ё", "Е")


def _case_like(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    shape = like.split("-")
    parts = word.split("-")
    return "-".join(
        p[:1].upper() + p[1:] if k < len(shape) and shape[k][:1].isupper() else p
        for k, p in enumerate(parts)
    )


def _head_phrase(tokens: Tokens, i: int, end: int) -> dict[int, str]:
    """The leading adjectives and their noun (or abbreviation) of tokens i..end, each in the
    nominative: 'средней общеобразовательной школы' -> 'средняя общеобразовательная школа',
    'Осиновской СОШ' -> 'Осиновская СОШ'."""
    j = i
    while j < end and reads_as(tokens.at(j), "ADJF"):
        j += 1
    if j >= end or (j == i and not tokens.at(j).isalpha()):
        return {}
    head = tokens.at(j)
    if head.isupper() and len(head) > 1:  # an abbreviation: the adjectives agree with its noun
        gender = next((g for g in ("femn", "neut") if head in lexicon(g)), "masc")
        return {k: _adjective_nominative(tokens.at(k), gender) for k in range(i, j)}
    if not reads_as(head, "NOUN"):
        return {}
    words = [tokens.at(k) for k in range(i, j + 1)]
    inflected = phrase_to_nominative(words)
    return {
        k: _spelled_as(w, tokens.at(k)) for k, w in zip(range(i, j + 1), inflected, strict=True)
    }


def _rebuilt(tokens: Tokens, i: int, end: int, replaced: dict[int, str]) -> str:
    start, stop = tokens.items[i].start, tokens.items[end - 1].end
    out = tokens.text[start:stop]
    for k in sorted(replaced, reverse=True):
        item = tokens.items[k]
        out = out[: item.start - start] + replaced[k] + out[item.end - start :]
    out = re.sub(r"\s+", " ", out)
    if "«" in out and "»" not in out:  # a quote never closed; an open outer one stays
        out += "»"
    return out[:1].upper() + out[1:]


def _inside_quotes(tokens: Tokens, i: int, end: int) -> dict[int, str]:
    """The noun phrase opening each quoted part, in the nominative: '«Гимназии № 1»'."""
    out: dict[int, str] = {}
    for k in range(i, end - 1):
        if tokens.at(k) in ("«", '"', "“", "„") and normal_forms(tokens.at(k + 1)) & lexicon(
            "type"
        ) | ({"средний", "основной", "начальный"} & normal_forms(tokens.at(k + 1))):
            out.update(_head_phrase(tokens, k + 1, end))
    return out


def _place(tokens: Tokens, i: int, end: int) -> str | None:
    for k in range(i, end):
        stop = tokens.settlement(k)
        if stop is not None and stop <= end:
            return tokens.text[tokens.items[k].start : tokens.items[stop - 1].end]
    return None


def find_candidates(text: str, legal_forms: frozenset[str]) -> list[Candidate]:
    """Every name the shapes find, overlapping ones included."""
    tokens = Tokens(text)
    out = []
    for i in range(len(tokens)):
        if not tokens.at(i)[0].isalpha() and not reads_as(tokens.at(i), "ADJF"):
            continue  # a number or a mark: no shape begins with one
        shapes: list[tuple[int | None, Callable[[Tokens, int, int], dict[int, str]]]] = [
            (legal_form_name(tokens, i, legal_forms), _legal_nominative),
            (typed_name(tokens, i), _head_phrase),
            (authority_name(tokens, i), _head_phrase),
            (quoted_name(tokens, i), _head_phrase),
        ]
        for end, nominative in shapes:
            if end is not None:
                name = _rebuilt(tokens, i, end, nominative(tokens, i, end))
                start, stop = tokens.items[i].start, tokens.items[end - 1].end
                out.append(Candidate(name, start, stop, _place(tokens, i, end)))
    return out


def _legal_nominative(tokens: Tokens, i: int, end: int) -> dict[int, str]:
    out = _inside_quotes(tokens, i, end)
    spelled = spelled_legal_form(tokens, i)
    if spelled is not None:
        out.update(_head_phrase(tokens, i, spelled))
    for k in range(i + 1, end):
        after = lowercase_adjectives(tokens, k + 1)
        qualifies = abbreviation(tokens, after) or type_noun(tokens, after)
        if tokens.name_adjective(k) and k not in out and qualifies:
            out.update(_head_phrase(tokens, k, end))
    return out


def nominative_name(name: str) -> str:
    """A name found elsewhere (by NER) with its head phrase in the nominative."""
    tokens = Tokens(name)
    return (
        _rebuilt(tokens, 0, len(tokens), _head_phrase(tokens, 0, len(tokens)))
        if tokens.items
        else name
    )
