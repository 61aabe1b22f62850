"""One entry per organization: the mentions of a document that name the same one grouped,
the fullest form its name, the others its aliases, each merge with its reason."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from kg.extraction.orgs import OrgMention, legal_forms
from kg.rdf.naming import name_key

Facts = dict[str, Any]


def _org_core(name: str) -> str:
    """The part of a name that tells organizations apart: quoted name, legal form removed."""
    quoted = re.search(r"«(.+)»?", name)
    words = name.split()
    while len(words) > 1 and (words[0] in legal_forms() or words[0] in ("ДО", "ДПО")):
        words = words[1:]
    core = quoted.group(1) if quoted else " ".join(words)
    return re.sub(r"[\s«»\"]", "", core.lower().replace("ё", "е"))


@cache
def abbreviations() -> dict[str, str]:
    text = files("kg.extraction").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and line[0] != "#")
    return {short: long for short, long in pairs}


def expand(name: str) -> str:
    """A name with its abbreviations spelled out, compared without case, quotes or spacing."""
    words = re.findall(r"[А-ЯЁа-яё]+|\d+", name.replace("ё", "е"))
    return " ".join(abbreviations().get(w, w) for w in words).lower().replace("ё", "е")


def _acronym(name: str) -> str:
    """Initials of the quoted name's words, as its abbreviation would spell them."""
    quoted = re.search(r"«(.+)»?", name)
    words = re.findall(r"[а-яё]+", (quoted.group(1) if quoted else "").lower())
    return "".join(word[0] for word in words if len(word) > 2)


SAME_CORE = "the same name, legal form and quotes aside"
SHORTER_FORM = "a shorter form of the name, the only one that holds it"
INITIALS_OF_WORDS = "the initials of the name's words"
_FUNCTION_WORDS = frozenset({"и", "по", "с", "им", "имени", "для", "при", "в", "на"})


def _words(name: str) -> list[str]:
    return re.findall(r"[а-яёa-z0-9]+", name.lower().replace("ё", "е"))


def _stems(name: str) -> set[str]:
    """The words cut to five letters, so that cases agree: 'Кировский' and 'Кировской'."""
    return {w[:5] for w in _words(name)}


def _leads(short: str, long: str) -> bool:
    """Whether the longer name goes on from the shorter one ('Управление образования' …
    'администрации …'), or both share an abbreviation ('Кировский ИРО', 'ИРО Кировской
    области'): not 'Администрация округа' inside 'Управление … администрации округа'."""
    if _stems(short.split()[0]) == _stems(long.split()[0]):
        return True
    shared = set(re.findall(r"\b[А-ЯЁ]{2,}\b", short)) & set(re.findall(r"\b[А-ЯЁ]{2,}\b", long))
    return bool(shared)


def _initials(name: str) -> str:
    """'Министерство образования Приморского края' -> 'мопк'."""
    return "".join(w[0] for w in _words(name) if w not in _FUNCTION_WORDS and not w.isdigit())


def _merge_shorter_forms(groups: dict[str, list[OrgMention]], why: dict[str, str]) -> None:
    """'РУО' is 'Верхоянское РУО', 'ЦЗН' is 'ЦЗН Опаринского района', 'МО ПК' is
    'Министерство образования Приморского края', 'Институт развития образования' is 'ИРО
    Кировской области': a form whose words (or initials) stand in exactly one longer name."""
    for key in sorted(groups, key=lambda k: len(groups[k][0].name)):
        name = max((m.name for m in groups[key]), key=len)
        words, initials = _stems(name), _initials(name)
        abbreviated = re.fullmatch(r"[А-ЯЁ]{2,}(?:\s+[А-ЯЁ]{2,})*", name) is not None
        holders = []
        letters = "".join(_words(name)) if abbreviated else ""
        for other, group in groups.items():
            forms = {m.name for m in group}
            if other == key:
                continue
            longer = max(len(f) for f in forms) > len(name)
            if (
                longer
                and any(words < _stems(f) and _leads(name, f) for f in forms)
                and (len(words) > 1 or abbreviated)
            ):
                holders.append((other, SHORTER_FORM))
            elif longer and len(letters) > 1 and any(_initials(f) == letters for f in forms):
                holders.append((other, INITIALS_OF_WORDS))
            elif len(words) > 2 and any(initials.upper() in f.split() for f in forms):
                holders.append((other, INITIALS_OF_WORDS))  # spelled out: 'Институт развития …'
        if len({h for h, _ in holders}) == 1:
            other, reason = holders[0]
            why.update((m.name, reason) for m in groups[key])
            groups[other].extend(groups.pop(key))


SPELLED_OUT = "the same name with its abbreviations spelled out"
INITIALS_OF_NAME = "an abbreviation of the quoted name's words"


def organizations(mentions: list[OrgMention]) -> tuple[list[Facts], dict[str, str], list[Facts]]:
    """One entry per organization; the fullest form is its name, the others its aliases,
    each with the reason it was taken for the same organization."""
    groups: dict[str, list[OrgMention]] = {}
    for m in mentions:
        key = _org_core(m.name) or name_key(m.name)
        groups.setdefault(key, []).append(m)
    why: dict[str, str] = {}
    # "МКОУ СОШ п. Маромица" is "Муниципальное казенное ... п. Маромица"
    spelled: dict[str, str] = {}
    for key, group in list(groups.items()):
        words = expand(group[0].name)
        if words in spelled and spelled[words] in groups and spelled[words] != key:
            why.update((m.name, SPELLED_OUT) for m in group)
            groups[spelled[words]].extend(groups.pop(key))
        else:
            spelled.setdefault(words, key)
    for key in list(groups):  # "КОГПОАУ ОПТ" is "КОГПОАУ «Омутнинский политехнический техникум»"
        expanded = next(
            (
                k
                for k, g in groups.items()
                if k != key and len(key) >= 2 and _acronym(g[0].name) == key
            ),
            None,
        )
        if expanded is not None:
            why.update((m.name, INITIALS_OF_NAME) for m in groups[key])
            groups[expanded].extend(groups.pop(key))
    _merge_shorter_forms(groups, why)
    out, canonical, merges = [], {}, []
    for group in groups.values():
        forms = list(dict.fromkeys(m.name for m in group))
        name = max(forms, key=lambda f: (len(expand(f)), len(f)))  # "fullest": spelled out
        for form in forms:
            canonical[form] = name
            if form != name:
                merges.append({"mention": form, "entity": name, "reason": why.get(form, SAME_CORE)})
        place = next((m.place for m in group if m.place), None)
        out.append(
            {
                "name": name,
                "aliases": [f for f in forms if f != name],
                "kind": group[0].kind,
                "place": place,
            }
        )
    return out, canonical, merges
