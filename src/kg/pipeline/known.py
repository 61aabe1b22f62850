"""What a built store knows by name, for resolving a document's mentions: the records'
entities through the entity index beside the store (a lookup each, however large the
store), the documents ingested before through their own graphs."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.rdf.namespaces import KG, RDF, RDFS
from kg.rdf.naming import inferred_of, is_document_graph, is_inferred, name_key
from kg.store import OxigraphStore
from kg.store.entity_index import EntityIndex

KINDS = {
    str(KG.Organization): "org",
    str(KG.Person): "person",
    str(KG.EducationalCluster): "cluster",
}
NAMES = [ox.NamedNode(str(p)) for p in (RDFS.label, KG.fullName, KG.alias)]
TYPE = ox.NamedNode(str(RDF.type))

ALL_NAMES = f"""SELECT ?entity ?kind ?name WHERE {{
  VALUES ?kind {{ <{KG.Organization}> <{KG.Person}> <{KG.EducationalCluster}> }}
  ?entity a ?kind ; <{RDFS.label}>|<{KG.fullName}>|<{KG.alias}> ?name .
}}"""


def person_key(name: str) -> tuple[str, str, str] | None:
    """Surname and initials: 'Соколова Ольга Тимофеевна' and 'Соколова О.Т.' alike."""
    words = name.replace(".", ". ").split()
    if len(words) < 2:
        return None
    surname = words[0].lower().replace("ё", "е")
    initials = [w[0] for w in words[1:3]] + ["", ""]
    return surname, initials[0], initials[1]


def _document_names(store: OxigraphStore, base: str) -> list[tuple[str, str, str]]:
    """(entity, kind, name) of the ingested documents' graphs."""
    rows: list[tuple[str, str, str]] = []
    for graph in store.graphs():
        if not is_document_graph(base, graph) or is_inferred(graph):
            continue
        kinds: dict[str, set[str]] = {}
        for name in (graph, inferred_of(graph)):
            for q in store.raw.quads_for_pattern(None, TYPE, None, ox.NamedNode(name)):
                if isinstance(q.object, ox.NamedNode) and q.object.value in KINDS:
                    kinds.setdefault(str(q.subject), set()).add(KINDS[q.object.value])
        for predicate in NAMES:
            for q in store.raw.quads_for_pattern(None, predicate, None, ox.NamedNode(graph)):
                entity, label = q.subject, q.object
                if isinstance(entity, ox.NamedNode) and isinstance(label, ox.Literal):
                    rows += [(entity.value, k, label.value) for k in kinds.get(str(entity), ())]
    return rows


class Known:
    def __init__(self, store: OxigraphStore, base: str):
        self.by_name: dict[tuple[str, str], set[str]] = {}
        self.people: dict[tuple[str, str, str], set[str]] = {}
        self.index: EntityIndex | None = None
        if store.path is not None and (store.path / "kg-index.sqlite").exists():
            self.index = EntityIndex.open(store.path)
            rows = _document_names(store, base)
        else:  # a store without its index (in memory): every name, by one query
            found = store.query(ALL_NAMES).rows
            rows = [(e.value, KINDS[k.value], n.value) for e, k, n in found]  # type: ignore[union-attr]
        for entity, kind, name in rows:
            self.by_name.setdefault((kind, name_key(name)), set()).add(entity)
            if kind == "person" and (pk := person_key(name)):
                self.people.setdefault(pk, set()).add(entity)

    def learn(self, quads: list[ox.Quad], held: Callable[[ox.NamedNode], set[str]]) -> None:
        """The names of a document ingested before in the same run, so that the next one
        finds what it made and the aliases it gave; `held` gives a node's classes in the
        graph, for the nodes the document only names."""
        kinds: dict[str, set[str]] = {}
        for q in quads:
            if q.predicate in NAMES and isinstance(q.subject, ox.NamedNode):
                found = {KINDS[c] for c in held(q.subject) if c in KINDS}
                kinds.setdefault(q.subject.value, set()).update(found)
        for q in quads:
            kind = KINDS.get(q.object.value) if q.predicate == TYPE else None  # type: ignore[union-attr]
            if kind is not None:
                kinds.setdefault(q.subject.value, set()).add(kind)  # type: ignore[union-attr]
        for q in quads:
            if q.predicate in NAMES and isinstance(q.object, ox.Literal):
                for kind in kinds.get(q.subject.value, ()):  # type: ignore[union-attr]
                    self.by_name.setdefault((kind, name_key(q.object.value)), set()).add(
                        q.subject.value  # type: ignore[union-attr]
                    )
                    if kind == "person" and (pk := person_key(q.object.value)):
                        self.people.setdefault(pk, set()).add(q.subject.value)  # type: ignore[union-attr]

    def close(self) -> None:
        if self.index is not None:
            self.index.close()

    def named(self, kind: str, name: str) -> set[str]:
        key = name_key(name)
        found = set(self.by_name.get((kind, key), ()))
        return found | (self.index.lookup(kind, key) if self.index else set())

    def surname_and_initials(self, name: str) -> set[str]:
        key = person_key(name)
        if key is None:
            return set()
        found = set(self.people.get(key, ()))
        if self.index is not None:
            found |= {
                iri
                for entry, iri in self.index.keys_from("person", f"{key[0]} ")
                if person_key(entry) == key
            }
        return found

    def find(self, kind: str, names: list[str]) -> tuple[str, str] | None:
        """The one entity of `kind` ('org', 'person', 'cluster') the names stand for, and why."""
        for name in names:
            found = self.named(kind, name)
            if len(found) == 1:
                return next(iter(found)), f"{name!r} names it in the graph"
        if kind == "person":
            for name in names:
                found = self.surname_and_initials(name)
                if len(found) == 1:
                    return next(iter(found)), "same surname and initials"
        return None
