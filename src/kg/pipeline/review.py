"""`kg extract --format records --store`: a document's records for a coordinator to review.

Entities the built store already has are named by their id, organizations keep the kind
the graph gives them, and events the graph already holds (kg.pipeline.reconcile decides,
as for an ingest) are left out and listed in the file's header. The file then validates
as it is beside the records the store was built from: moved into data/, `kg update` takes
it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import RecordErrors
from kg.pipeline.facts import HOLDER, LABEL, TITLE, TYPE, Held
from kg.pipeline.known import Known, Merge, resolve_records
from kg.pipeline.reconcile import Reconciler
from kg.rdf.mapping import FileMapper
from kg.rdf.namespaces import KG
from kg.rdf.naming import document_graph, mint
from kg.rdf.resolve import build_index
from kg.records.base import validate_records
from kg.store import OxigraphStore


@dataclass
class Reviewed:
    records: dict[str, Any]
    merges: list[Merge] = field(default_factory=list)
    """Entities named by the id the graph has them under."""
    held: list[Merge] = field(default_factory=list)
    """Events, posts and plan items left out: the graph holds them already."""

    def header(self) -> str:
        """YAML comments saying what was named by id and which events were left out."""
        lines = [f"# {len(self.merges)} entities the graph has are named by their id."]
        if self.held:
            lines.append("# Left out, the graph holds them already:")
            lines += [f"#   {m}" for m in self.held]
        return "\n".join(lines) + "\n"


def review(path: Path, records: dict[str, Any], store: OxigraphStore, base: str) -> Reviewed:
    """The records of one document, resolved against what `store` holds."""
    records = copy.deepcopy(records)
    known = Known(store, base)
    try:
        merges = resolve_records(records, known)
    finally:
        known.close()
    held = _held(path, records, store, base)
    left_out = []
    events = []
    for event in records.get("events", []):
        same = held.get(mint(base, "event", event["id"])) if event.get("id") else None
        if same is None:
            events.append(event)
        else:
            left_out.append(same)
    records["events"] = events
    for person in records.get("people", []):
        iri = mint(base, "person", person.get("id") or person["name"])
        posts = person.get("positions", [])
        left_out += [held[(iri, p["title"])] for p in posts if (iri, p["title"]) in held]
        person["positions"] = [p for p in posts if (iri, p["title"]) not in held]
    for plan in records.get("plans", []):
        left_out += [held[i["activity"]] for i in plan["items"] if i["activity"] in held]
        plan["items"] = [i for i in plan["items"] if i["activity"] not in held]
    for section in ("events", "plans"):
        records[section] = [e for e in records.get(section, []) if e.get("items", True)]
    for entry in [*records.get("people", []), records]:
        for key in ("positions", "events", "plans"):
            if entry.get(key) == []:
                del entry[key]
    return Reviewed(records, merges, sorted(left_out, key=str))


def _held(path: Path, records: dict[str, Any], store: OxigraphStore, base: str) -> dict[Any, Merge]:
    """The facts the graph holds already (kg.pipeline.reconcile decides, as for an ingest):
    events by IRI, posts by holder and title, plan items by activity."""
    loaded = validate_records(path, records, {})
    index = build_index([loaded], base)
    graph = document_graph(base, records["documents"][0]["id"])
    quads = FileMapper(loaded, index, graph).map()
    if index.errors:
        raise RecordErrors(index.errors)
    about: dict[str, dict[ox.NamedNode, Any]] = {}
    for q in quads:
        if isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.Triple):
            about.setdefault(q.subject.value, {})[q.predicate] = q.object.value
    out: dict[Any, Merge] = {}
    for same in Reconciler(Held(store.raw, [])).reconcile(quads).same:
        facts = about.get(same.fact, {})
        merge = Merge(facts.get(LABEL, same.fact), same.held, same.reason)
        kind = facts.get(TYPE)
        if kind == str(KG.Position):
            out[(facts[HOLDER], facts[TITLE])] = merge
        elif kind == str(KG.PlanItem):
            out[facts[LABEL]] = merge
        else:
            out[same.fact] = merge
    return out
