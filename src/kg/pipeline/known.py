"""What a built store knows by name, for resolving a document's mentions: the records'
entities through the entity index beside the store (a lookup each, however large the
store), the documents ingested before through their own graphs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.extraction.to_records import unique_positions
from kg.rdf.mapping import ORG_CLASS
from kg.rdf.namespaces import KG, RDF, RDFS
from kg.rdf.naming import inferred_of, is_document_graph, is_inferred, mint, name_key, slug
from kg.store import OxigraphStore
from kg.store.entity_index import EntityIndex

KINDS = {
    str(KG.Organization): "org",
    str(KG.Person): "person",
    str(KG.EducationalCluster): "cluster",
}
NAMES = [ox.NamedNode(str(p)) for p in (RDFS.label, KG.fullName, KG.alias)]
TYPE = ox.NamedNode(str(RDF.type))
LABEL = ox.NamedNode(str(RDFS.label))
ORG_KINDS = {str(cls): kind for kind, cls in ORG_CLASS.items() if kind != "other"}

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
        self.store, self.base = store, base
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

    def label(self, iri: str) -> str | None:
        """The entity's label: the records' (the first file's), else a document's."""
        if self.index is not None:
            for _, definition in self.index.definitions(iri):
                return definition.label
        return next(
            (
                q.object.value
                for q in self.store.raw.quads_for_pattern(ox.NamedNode(iri), LABEL, None, None)
                if isinstance(q.object, ox.Literal)
            ),
            None,
        )

    def org_kind(self, iri: str) -> str | None:
        """The kind the records give an organization, or the class a document's graph gives
        it: an entry naming it again must not contradict it."""
        if self.index is not None:
            for _, definition in self.index.definitions(iri):
                if definition.org_kind:
                    return definition.org_kind
        kinds = sorted(
            ORG_KINDS[q.object.value]
            for q in self.store.raw.quads_for_pattern(ox.NamedNode(iri), TYPE, None, None)
            if isinstance(q.object, ox.NamedNode)
            and q.object.value in ORG_KINDS
            and isinstance(q.graph_name, ox.NamedNode)
            and not is_inferred(q.graph_name.value)
        )
        return kinds[0] if kinds else None


@dataclass
class Merge:
    mention: str
    entity: str
    reason: str

    def __str__(self) -> str:
        return f"{self.mention!r} = {self.entity}: {self.reason}"


SECTIONS = (("organizations", "org"), ("people", "person"), ("clusters", "cluster"))


def resolve_records(records: dict[str, Any], known: Known) -> list[Merge]:
    """Give each extracted entity the id of the entity the graph already has, if any, and
    make every reference to it that id: the records then say which entity they mean even
    beside files where the name is ambiguous."""
    merges = []
    for section, kind in SECTIONS:
        kept: dict[str, dict[str, Any]] = {}
        entries = []
        for entry in records.get(section, []):
            names = [entry["name"], *entry.get("aliases", [])]
            found = known.find(kind, names)
            if found is None:
                entries.append(entry)
                continue
            entity, reason = found
            merges.append(Merge(entry["name"], entity, reason))
            if entity in kept:  # two mentions of one entity: one entry, the other's names aliases
                first = kept[entity]
                first["aliases"] = list(dict.fromkeys([*first.get("aliases", []), *names]))
                first["positions"] = unique_positions(
                    [*first.get("positions", []), *entry.get("positions", [])]
                )
                if section != "people":
                    first.pop("positions")
                continue
            # the name the graph has stays its label, whichever file a build reads first
            label = known.label(entity) or entry["name"]
            aliases = [n for n in names if name_key(n) != name_key(label)]
            ordered = {
                "id": entity.rstrip("/").rsplit("/", 1)[1],
                **entry,
                "name": label,
                "aliases": list(dict.fromkeys(aliases)),
            }
            entry.clear()
            entry.update({k: v for k, v in ordered.items() if v != []})
            if kind == "org" and (held := known.org_kind(entity)) is not None:
                entry["kind"] = held
            kept[entity] = entry
            entries.append(entry)
        if section in records:
            records[section] = entries
    _refer_by_id(records)
    _places_as_held(records, known)
    return merges


def _places_as_held(records: dict[str, Any], known: Known) -> None:
    """A place is named by its slug: written as the graph writes it, it keeps one label."""
    held = {}
    for place in records.get("places", []):
        label = known.label(mint(known.base, "place", place["name"]))
        if label is not None:
            held[slug(place["name"])] = label
            place["name"] = label
    for section in ("organizations", "clusters", "events"):
        for entry in records.get(section, []):
            if "place" in entry:
                entry["place"] = held.get(slug(entry["place"]), entry["place"])


def _refer_by_id(records: dict[str, Any]) -> None:
    ids: dict[str, dict[str, str]] = {}
    for section, kind in SECTIONS:
        for entry in records.get(section, []):
            if "id" in entry:
                for name in [entry["name"], *entry.get("aliases", [])]:
                    ids.setdefault(kind, {}).setdefault(name_key(name), entry["id"])

    def by_id(name: str, *kinds: str) -> str:
        key = name_key(name)
        return next((ids[k][key] for k in kinds if key in ids.get(k, {})), name)

    for cluster in records.get("clusters", []):
        if "hub" in cluster:
            cluster["hub"] = by_id(cluster["hub"], "org")
        cluster["members"] = [by_id(m, "org") for m in cluster.get("members", [])]
    for person in records.get("people", []):
        for position in person.get("positions", []):
            if "org" in position:
                position["org"] = by_id(position["org"], "org")
    for event in records.get("events", []):
        event["organizers"] = [by_id(o, "org") for o in event.get("organizers", [])]
        event["participants"] = [by_id(p, "person", "org") for p in event.get("participants", [])]
        for speaker in event.get("speakers", []):
            speaker["person"] = by_id(speaker["person"], "person")
        for key in ("organizers", "participants"):
            if not event[key]:
                del event[key]
    for cluster in records.get("clusters", []):
        if not cluster["members"]:
            del cluster["members"]
