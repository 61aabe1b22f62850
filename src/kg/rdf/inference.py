"""RDFS subclass and subproperty closure, computed once at build into a graph of its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import rdflib

from kg.rdf.namespaces import RDF, RDFS

TYPE_IRI = str(RDF.type)
TYPE = ox.NamedNode(TYPE_IRI)
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
Object = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _closure(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for start in edges:
        seen: set[str] = set()
        stack = list(edges[start])
        while stack:
            parent = stack.pop()
            if parent not in seen and parent != start:
                seen.add(parent)
                stack.extend(edges.get(parent, ()))
        out[start] = seen
    return out


class Reasoner:
    """Adds what rdfs:subClassOf and rdfs:subPropertyOf of the ontology entail."""

    def __init__(self, ontology: rdflib.Graph):
        classes: dict[str, set[str]] = defaultdict(set)
        properties: dict[str, set[str]] = defaultdict(set)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sub, rdflib.URIRef) and isinstance(sup, rdflib.URIRef):
                classes[str(sub)].add(str(sup))
        for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
            if isinstance(sub, rdflib.URIRef) and isinstance(sup, rdflib.URIRef):
                properties[str(sub)].add(str(sup))
        self.superclasses = {
            k: [ox.NamedNode(v) for v in sorted(vs)] for k, vs in _closure(classes).items()
        }
        self.superproperties = {
            k: [ox.NamedNode(v) for v in sorted(vs)] for k, vs in _closure(properties).items()
        }
        self.entailed_classes = {c.value for cs in self.superclasses.values() for c in cs}
        self.entailed_properties = {p.value for ps in self.superproperties.values() for p in ps}

    def entailable(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
        """The quads' triples that some other triple could entail: a type that is a
        superclass, or a superproperty."""
        for s, p, o in self._split(quads)[1]:
            yield ox.Triple(s, ox.NamedNode(p), o)

    def entailments(self, quads: Iterable[ox.Quad]) -> set[ox.Triple]:
        """Every triple the quads entail, asserted or not."""
        return {ox.Triple(s, p, o) for s, p, o in self._split(quads)[0]}

    def infer(self, quads: Iterable[ox.Quad], graph: str) -> list[ox.Quad]:
        """Entailed triples not already asserted, as quads of `graph`."""
        return self.infer_split(quads, graph)[0]

    def infer_split(
        self, quads: Iterable[ox.Quad], graph: str
    ) -> tuple[list[ox.Quad], list[ox.Triple]]:
        """What `infer` and `entailable` give, in one pass."""
        entailed, entailable = self._split(quads)
        name = ox.NamedNode(graph)
        asserted = {(s, p, o) for s, p, o in entailable}
        found = [ox.Quad(s, p, o, name) for s, p, o in entailed if (s, p.value, o) not in asserted]
        return found, [ox.Triple(s, ox.NamedNode(p), o) for s, p, o in entailable]

    def _split(
        self, quads: Iterable[ox.Quad]
    ) -> tuple[set[tuple[Subject, ox.NamedNode, Object]], list[tuple[Subject, str, Object]]]:
        """The triples the quads entail, and the quads' own triples that some triple could
        entail (predicate as text). Terms are compared as they are, never built again: at
        millions of quads, making an ox.Triple of each was most of the build's inference."""
        superclasses, superproperties = self.superclasses, self.superproperties
        classes, properties = self.entailed_classes, self.entailed_properties
        entailed: set[tuple[Subject, ox.NamedNode, Object]] = set()
        entailable: list[tuple[Subject, str, Object]] = []
        for q in quads:
            p = q.predicate
            iri = p.value
            if iri == TYPE_IRI:
                o = q.object
                if isinstance(o, ox.NamedNode):
                    cls = o.value
                    if cls in superclasses:
                        s = q.subject
                        entailed.update((s, TYPE, c) for c in superclasses[cls])
                    if cls in classes:
                        entailable.append((q.subject, iri, o))
                continue
            if iri in superproperties:
                s, o = q.subject, q.object
                entailed.update((s, sup, o) for sup in superproperties[iri])
            if iri in properties:
                entailable.append((q.subject, iri, q.object))
        return entailed, entailable
