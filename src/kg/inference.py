"""RDFS subclass and subproperty closure, computed once at build into a graph of its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
import rdflib

from kg.namespaces import RDF, RDFS

TYPE = ox.NamedNode(str(RDF.type))


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
        for q in quads:
            p, o = q.predicate, q.object
            if (p == TYPE and isinstance(o, ox.NamedNode) and o.value in self.entailed_classes) or (
                p.value in self.entailed_properties
            ):
                yield ox.Triple(q.subject, p, o)

    def entailments(self, quads: Iterable[ox.Quad]) -> set[ox.Triple]:
        """Every triple the quads entail, asserted or not."""
        entailed: set[ox.Triple] = set()
        for q in quads:
            s, p, o = q.subject, q.predicate, q.object
            if p == TYPE and isinstance(o, ox.NamedNode):
                entailed.update(ox.Triple(s, TYPE, c) for c in self.superclasses.get(o.value, ()))
            for sup in self.superproperties.get(p.value, ()):
                entailed.add(ox.Triple(s, sup, o))
        return entailed

    def infer(self, quads: Iterable[ox.Quad], graph: str) -> list[ox.Quad]:
        """Entailed triples not already asserted, as quads of `graph`."""
        quads = list(quads)
        asserted = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        name = ox.NamedNode(graph)
        return [
            ox.Quad(t.subject, t.predicate, t.object, name)
            for t in self.entailments(quads) - asserted
        ]
