"""RDF terms for the hot path: pyoxigraph's, built once per vocabulary term."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from kg.rdf.namespaces import XSD

XSD_DATE = NamedNode(str(XSD.date))
XSD_GYEARMONTH = NamedNode(str(XSD.gYearMonth))
XSD_GYEAR = NamedNode(str(XSD.gYear))
XSD_INTEGER = NamedNode(str(XSD.integer))


@lru_cache(maxsize=1 << 16)
def node(iri: str) -> NamedNode:
    return NamedNode(iri)


def ru(text: str) -> Literal:
    return Literal(text, language="ru")


def plain(text: str) -> Literal:
    return Literal(text)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


def date(value: str | dt.date) -> Literal:
    """A date at the precision given: 2025-02-26 (xsd:date), 2025-03 (gYearMonth), 2025 (gYear)."""
    text = value.isoformat() if isinstance(value, dt.date) else value
    datatype = {10: XSD_DATE, 7: XSD_GYEARMONTH, 4: XSD_GYEAR}[len(text)]
    return Literal(text, datatype=datatype)


Term = NamedNode | BlankNode | Literal
XSD_STRING = str(XSD.string)


def to_rdflib(term: Term | Triple) -> rdflib.term.Identifier:
    """pyoxigraph term to rdflib; plain strings drop their explicit xsd:string, as rdflib's do."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Triple):
        raise TypeError("RDF-star triples are not used by kg")
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == XSD_STRING else datatype)


def from_rdflib(term: rdflib.term.Identifier) -> Term:
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_graph(quads: Iterable[Quad], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """The triples of the quads in an rdflib graph (a new one unless given)."""
    graph = rdflib.Graph() if graph is None else graph
    for q in quads:
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph
