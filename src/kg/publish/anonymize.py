"""Exports without personal data: every person becomes a stable pseudonymous IRI with a
neutral label, and the names of people are scrubbed from every text (titles of positions,
topics, decisions, quotes), as open-data publishing of personal data requires."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from kg.extraction.people import find_people
from kg.rdf.namespaces import KG, RDF, RDFS
from kg.store import Store

SALT_ENV = "KG_ANONYMIZE_SALT"
REDACTED = "[скрыто]"
NAMES = {str(RDFS.label), str(KG.alias)}


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return "" if isinstance(term, ox.Triple) else term.value


class Anonymizer:
    def __init__(self, store: Store, base: str):
        self.base = base
        self.salt = os.environ.get(SALT_ENV, "kg")
        people = {
            q.subject.value
            for q in store.quads()
            if q.predicate.value == str(RDF.type)
            and isinstance(q.object, ox.NamedNode)
            and q.object.value == str(KG.Person)
            and isinstance(q.subject, ox.NamedNode)
        }
        self.people = {iri: self._pseudonym(iri) for iri in people}
        surnames: set[str] = set()
        for q in store.quads():
            if _value(q.subject) in self.people and q.predicate.value in NAMES:
                words = re.findall(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", _value(q.object))
                surnames.update(w for w in words[:1] + words[2:] if len(w) > 3)
        stems = sorted(
            {s[:-1] if s[-1] in "ауяиыйое" else s for s in surnames}, key=len, reverse=True
        )
        # A surname in any case and gender: "Кириловская", "(Кириловской)", "Павлова".
        self.surname = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")[а-яё]*\b")
            if stems
            else None
        )

    def _pseudonym(self, iri: str) -> str:
        digest = hashlib.sha256(f"{self.salt}:{iri}".encode()).hexdigest()[:12]
        return f"{self.base}person/anon-{digest}"

    def scrub(self, text: str) -> str:
        for mention in reversed(find_people(text)):
            text = text[: mention.start] + REDACTED + text[mention.end :]
        return self.surname.sub(REDACTED, text) if self.surname else text

    def term(self, term: Any) -> Any:
        """A pseudonym for a person's IRI, scrubbed text for a literal, else the term."""
        if isinstance(term, ox.NamedNode) and term.value in self.people:
            return ox.NamedNode(self.people[term.value])
        if isinstance(term, ox.Literal) and (
            term.language or term.datatype.value.endswith("#string")
        ):
            scrubbed = self.scrub(term.value)
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
                    pseudonym = self.people[subject]
                    label = f"Человек {pseudonym.rsplit('/', 1)[1]}"
                    yield ox.Quad(
                        ox.NamedNode(pseudonym),
                        q.predicate,
                        ox.Literal(label, language="ru"),
                        q.graph_name,
                    )
                continue
            yield ox.Quad(self.term(q.subject), q.predicate, self.term(q.object), q.graph_name)
