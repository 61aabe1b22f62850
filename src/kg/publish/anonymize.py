"""Exports without personal data: every person becomes a pseudonymous IRI with a neutral
label, every IRI minted from a person's name (positions, and any other whose name holds one)
is re-minted, and people's names are scrubbed from every text, as open-data publishing of
personal data requires.

Pseudonyms are an HMAC-SHA256 of the original IRI keyed by a salt, so they cannot be found
by hashing candidate names; without a salt a random one is used and pseudonyms change from
export to export. Names are recognised from what the graph knows about its people (labels
and aliases), so the export depends on no extractor.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.rdf.namespaces import KG, PREFIXES, RDF, RDFS
from kg.rdf.naming import slug
from kg.store import Store

SALT_ENV = "KG_ANONYMIZE_SALT"
RANDOM_SALT_NOTE = (
    "anonymized with a random salt: pseudonyms differ from run to run; "
    f"give --salt (or {SALT_ENV}) to keep them stable"
)
REDACTED = "[скрыто]"
NAMES = {str(RDFS.label), str(KG.alias)}
VOCABULARIES = tuple(PREFIXES.values())

_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*")
_STARTS_WITH_INITIALS = re.compile(r"\s*[А-ЯЁ]\.")
_PATRONYMIC = re.compile(r"(?:ич|овна|евна|ична|инична)$")
_ENDINGS = "аеёиоуыэюяйь"
_CYRILLIC = "а-яёА-ЯЁ"
_HASHED_SLUG = re.compile(r"(?:^|-)([a-z]{3,})-[0-9a-f]{8}$")  # fewer letters tell no name


def resolve_salt(salt: str | None) -> tuple[str, bool]:
    """The salt given, else $KG_ANONYMIZE_SALT, else a random one; and whether it is random."""
    chosen = salt or os.environ.get(SALT_ENV)
    if chosen:
        return chosen, False
    return secrets.token_hex(16), True


def _stem(word: str) -> str:
    """The part of a name that survives declension: 'Кириловская' -> 'кириловск'."""
    stem = word.lower().replace("ё", "е")
    for _ in range(2):
        if len(stem) > 3 and stem[-1] in _ENDINGS:
            stem = stem[:-1]
    return stem


def _cyrillic(word: str) -> str:
    """A name word in any case (падеж) and gender, each part of a double name declined."""
    stems = (re.escape(_stem(part)).replace("е", "[её]") for part in word.split("-"))
    return "-".join(stem + "[а-яё]{0,3}" for stem in stems)


def _latin(word: str) -> str:
    """The same, transliterated as IRIs are (kg.rdf.naming.slug)."""
    return "-".join(re.escape(slug(_stem(part))) + "[a-z]{0,4}" for part in word.split("-"))


@dataclass
class _Parsed:
    surnames: set[str] = field(default_factory=set)
    given: set[tuple[str, str]] = field(default_factory=set)  # first name, patronymic
    first_names: set[str] = field(default_factory=set)


def _parse(names: Iterable[str]) -> _Parsed:
    """Surnames, first names and patronymics of labels like 'Белёва Ирина Викторовна',
    'Ирина Викторовна Белёва', 'Кириловская Е.П.' and 'С.В. Тобохов'."""
    out = _Parsed()
    for name in names:
        words = _WORD.findall(name)
        if not words:
            continue
        if _STARTS_WITH_INITIALS.match(name):
            out.surnames.add(words[-1])
        elif len(words) >= 2 and _PATRONYMIC.search(words[1]):
            out.given.add((words[0], words[1]))
            out.surnames.update(words[2:])
        elif len(words) >= 3 and _PATRONYMIC.search(words[2]):
            out.surnames.add(words[0])
            out.given.add((words[1], words[2]))
        else:
            out.surnames.update(words[:1] + words[2:])
            out.first_names.update(words[1:2])
    out.first_names.update(first for first, _ in out.given)
    out.surnames = {s for s in out.surnames if len(s) >= 3}
    return out


def _alternation(patterns: Iterable[str]) -> str:
    return "|".join(sorted(set(patterns), key=len, reverse=True))


class NameScrubber:
    """Finds the names of the graph's people in texts and in IRIs' local names."""

    def __init__(self, names: Iterable[str]):
        parsed = _parse(names)
        cyrillic = [_cyrillic(s) for s in parsed.surnames]
        cyrillic += [rf"{_cyrillic(f)}\s+{_cyrillic(p)}" for f, p in parsed.given]
        latin = [_latin(s) for s in parsed.surnames]
        latin += [f"{_latin(f)}-{_latin(p)}" for f, p in parsed.given]
        self.latin_words = {slug(_stem(s)) for s in parsed.surnames}
        # A surname in any letter case too: protocols write "КОКОРИНА С.В.".
        self.cyrillic = self._compile(cyrillic, _CYRILLIC)
        self.latin = self._compile(latin, "a-zA-Z")
        r = re.escape(REDACTED)
        # What is left of a name around a redacted part: initials, a first name, a second part.
        leftovers = [rf"{r}(?:\s*[А-ЯЁ]\.){{1,2}}", rf"(?:[А-ЯЁ]\.\s*){{1,2}}{r}", rf"{r}\s+{r}"]
        if parsed.first_names:
            first = "(?i:" + _alternation(_cyrillic(f) for f in parsed.first_names) + ")"
            leftovers += [
                rf"{r}\s+{first}(?![{_CYRILLIC}])",
                rf"(?<![{_CYRILLIC}]){first}\s+{r}",
            ]
        self.leftovers = re.compile("|".join(leftovers))

    @staticmethod
    def _compile(patterns: list[str], letters: str) -> re.Pattern[str] | None:
        if not patterns:
            return None
        body = _alternation(patterns)
        return re.compile(rf"(?<![{letters}])(?:{body})(?![{letters}])", re.IGNORECASE)

    def scrub(self, text: str) -> str:
        for pattern in (self.cyrillic, self.latin):
            if pattern is not None:
                text = pattern.sub(REDACTED, text)
        if REDACTED in text:
            while (collapsed := self.leftovers.sub(REDACTED, text)) != text:
                text = collapsed
        return text

    def in_local_name(self, segment: str) -> bool:
        """Whether an IRI's path segment holds a name, also where a long slug was cut short
        before its hash ('…-kokori-1a2b3c4d')."""
        if self.latin is not None and self.latin.search(segment):
            return True
        cut = _HASHED_SLUG.search(segment)
        return cut is not None and any(w.startswith(cut[1]) for w in self.latin_words)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return "" if isinstance(term, ox.Triple) else term.value


class Anonymizer:
    def __init__(self, store: Store, base: str, salt: str):
        self.base = base
        self.key = salt.encode()
        typed: dict[str, set[str]] = defaultdict(set)
        names: dict[str, list[str]] = defaultdict(list)
        kinds = {str(KG.Person), str(KG.Position)}
        for q in store.quads():
            if not isinstance(q.subject, ox.NamedNode):
                continue
            if q.predicate.value == str(RDF.type) and _value(q.object) in kinds:
                typed[_value(q.object)].add(q.subject.value)
            elif q.predicate.value in NAMES and isinstance(q.object, ox.Literal):
                names[q.subject.value].append(q.object.value)
        self.people = typed[str(KG.Person)]
        self.renamed = self.people | typed[str(KG.Position)]
        self.names = NameScrubber(n for person in self.people for n in names[person])
        self._iris: dict[str, str] = {}

    def _digest(self, iri: str) -> str:
        return "anon-" + hmac.new(self.key, iri.encode(), hashlib.sha256).hexdigest()[:12]

    def iri(self, iri: str) -> str:
        """The IRI, with every path segment that is or names a person re-minted by a keyed
        hash: 'position/griazeva-…' -> 'position/anon-…', 'event/x/agenda-1' stays."""
        if iri in self._iris:
            return self._iris[iri]
        if iri.startswith(VOCABULARIES):
            out = iri
        elif self.base and iri.startswith(self.base):
            kind, *segments = iri[len(self.base) :].split("/")
            out = self.base + kind
            for i, segment in enumerate(segments):
                prefix = "/".join([self.base + kind, *segments[: i + 1]])
                renamed = prefix in self.renamed or self.names.in_local_name(segment)
                out += "/" + (self._digest(prefix) if renamed else segment)
        else:
            head, sep, _ = iri.rpartition("/")
            renamed = iri in self.renamed or self.names.in_local_name(iri)
            out = f"{head}{sep}{self._digest(iri)}" if renamed else iri
        self._iris[iri] = out
        return out

    def term(self, term: Any) -> Any:
        """A re-minted IRI, scrubbed text for a literal, else the term."""
        if isinstance(term, ox.NamedNode):
            return ox.NamedNode(self.iri(term.value))
        if isinstance(term, ox.Literal) and (
            term.language or term.datatype.value.endswith("#string")
        ):
            scrubbed = self.names.scrub(term.value)
            if scrubbed != term.value:
                return (
                    ox.Literal(scrubbed, language=term.language)
                    if term.language
                    else ox.Literal(scrubbed)
                )
        return term

    def apply(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        for q in quads:
            subject = _value(q.subject)
            if subject in self.people and q.predicate.value in NAMES:
                if q.predicate.value == str(RDFS.label):
                    pseudonym = self.iri(subject)
                    label = f"Человек {pseudonym.rsplit('/', 1)[1]}"
                    yield ox.Quad(
                        ox.NamedNode(pseudonym),
                        q.predicate,
                        ox.Literal(label, language="ru"),
                        self.term(q.graph_name),
                    )
                continue
            yield ox.Quad(
                self.term(q.subject), q.predicate, self.term(q.object), self.term(q.graph_name)
            )
