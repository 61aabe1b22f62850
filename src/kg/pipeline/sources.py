"""`kg sources`: what a built store holds, source by source — each record file's graph and
each ingested document's graph (with its inferred graph), then the graphs the build adds.
Together their triples are every triple of the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from kg.errors import KgError
from kg.pipeline.facts import DOCUMENTS, LABEL, TYPE
from kg.rdf.namespaces import ONTOLOGY_IRI
from kg.rdf.naming import inferred_graph, inferred_of, is_document_graph, is_inferred
from kg.store import Store
from kg.store.entity_index import EntityIndex

Kind = Literal["records", "document", "inferred", "ontology", "other"]
ORDER: tuple[Kind, ...] = ("records", "document", "inferred", "ontology", "other")
"""Record files first, then documents, then what the build adds; a graph none of them
claims (there should be none) last."""

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Source:
    kind: Kind
    graph: str
    triples: int
    files: tuple[Path, ...] = ()
    """The files it was read from, as the entity index remembers them (resolved); two for a
    document whose text was ingested from two files."""
    title: str | None = None
    """A document's title: the label its graph gives the document."""
    inferred: int = 0
    """The triples of a document's inferred graph (kg.rdf.naming.inferred_of)."""

    @property
    def inferred_graph(self) -> str | None:
        return inferred_of(self.graph) if self.kind == "document" else None


def _sizes(opened: Store) -> dict[str, int]:
    rows = opened.query(PER_GRAPH).rows
    return {g.value: int(n.value) for g, n in rows if g is not None and n is not None}


def _title(opened: Store, graph: str) -> str | None:
    """The label a document's graph gives the document it states (the first, if two)."""
    quads = list(opened.quads(graph))
    documents = {
        q.subject
        for q in quads
        if q.predicate == TYPE
        and isinstance(q.object, ox.NamedNode)
        and q.object.value in DOCUMENTS
    }
    labels = sorted(
        q.object.value
        for q in quads
        if q.predicate == LABEL and q.subject in documents and isinstance(q.object, ox.Literal)
    )
    return labels[0] if labels else None


def _index(store: Path) -> tuple[dict[Path, str], dict[Path, str]]:
    """(record files, documents) by file, each with its graph; none for a store without
    its entity index."""
    try:
        entities = EntityIndex.open(store)
    except KgError:
        return {}, {}
    try:
        return entities.files(), entities.documents()
    finally:
        entities.close()


def _is_document(base: str, graph: str) -> bool:
    return is_document_graph(base, graph) and not is_inferred(graph)


def _kind(base: str, graph: str, records: set[str]) -> Kind:
    if graph in records:
        return "records"
    if graph == inferred_graph(base):
        return "inferred"
    return "ontology" if graph == ONTOLOGY_IRI else "other"


def sources(opened: Store, store: Path, base: str) -> list[Source]:
    """Every source of the store at `store` (opened as `opened`), sorted: record files and
    documents by file, the rest by graph."""
    sizes = _sizes(opened)
    files, documents = _index(store)
    read_from: dict[str, tuple[Path, ...]] = {}
    for path, graph in sorted({**files, **documents}.items()):
        read_from[graph] = (*read_from.get(graph, ()), path)
    records = set(files.values())
    paired = {inferred_of(g) for g in sizes if _is_document(base, g)}
    found = []
    for graph, triples in sizes.items():
        paths = read_from.get(graph, ())
        if _is_document(base, graph):
            title, inferred = _title(opened, graph), sizes.get(inferred_of(graph), 0)
            found.append(Source("document", graph, triples, paths, title, inferred))
        elif graph not in paired:
            found.append(Source(_kind(base, graph, records), graph, triples, paths))
    return sorted(found, key=lambda s: (ORDER.index(s.kind), s.files == (), s.files, s.graph))
