"""`kg ingest`: documents into the built store, each in a named graph of its own.

Extraction gives records; names in them are resolved against what the store already
knows (labels, full names, aliases; people also by surname and initials), so that
"Россельхозбанк" in a news report is the "АО «Россельхозбанк»" of the records. The
document's graph (and the inferences drawn from it) replace what an earlier ingest of the
same file left; ingesting the same file twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from razdel import sentenize

from kg.documents import read_document
from kg.errors import KgError, RecordErrors, ValidationFailed
from kg.extraction import extract
from kg.extraction.to_records import document_title, facts_to_records, unique_positions
from kg.pipeline.known import Known
from kg.rdf.inference import Reasoner
from kg.rdf.mapping import FileMapper
from kg.rdf.namespaces import KG, RDFS
from kg.rdf.naming import document_graph, document_key, inferred_of, is_document_graph
from kg.rdf.ontology import ontology_graph
from kg.rdf.resolve import build_index
from kg.rdf.shapes import check
from kg.rdf.terms import to_graph
from kg.records.base import validate_records
from kg.store import OxigraphStore
from kg.store.entity_index import EntityIndex

QUOTE_MAX = 500


def _norm(text: str) -> str:
    return text.lower().replace("ё", "е")


def quotes(text: str, quads: list[ox.Quad], graph: str) -> list[ox.Quad]:
    """For each fact of the document, the sentence that states it: a position by its holder's
    sentence, anything else by the sentence holding its label."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    normalized = [_norm(line) for line in lines]
    labels = {
        q.subject: q.object.value
        for q in quads
        if q.predicate.value == str(RDFS.label) and isinstance(q.object, ox.Literal)
    }
    holders = {
        q.subject: q.object
        for q in quads
        if q.predicate.value == str(KG.holder) and isinstance(q.object, ox.NamedNode)
    }
    out = []
    name = ox.NamedNode(graph)
    for subject in sorted(
        {q.subject for q in quads if q.predicate.value == str(KG.statedIn)}, key=str
    ):
        label = labels.get(holders.get(subject, subject)) or labels.get(subject, "")
        wanted = _norm(label)[:80]
        line = next((lines[i] for i, n in enumerate(normalized) if wanted and wanted in n), None)
        if line is not None:
            out.append(
                ox.Quad(
                    subject,
                    ox.NamedNode(str(KG.quote)),
                    ox.Literal(_sentence(line, wanted)[:QUOTE_MAX], language="ru"),
                    name,
                )
            )
    return out


def _sentence(line: str, wanted: str) -> str:
    """The sentence of `line` that names `wanted`; the line if the name spans sentences."""
    return next((s.text for s in sentenize(line) if wanted in _norm(s.text)), line)


@dataclass
class Merge:
    mention: str
    entity: str
    reason: str

    def __str__(self) -> str:
        return f"{self.mention!r} = {self.entity}: {self.reason}"


@dataclass
class Ingested:
    path: Path
    graph: str
    triples: int
    changed: bool
    merges: list[Merge] = field(default_factory=list)
    """Mentions taken for entities the graph already had."""
    within: list[Merge] = field(default_factory=list)
    """Mentions taken for one entity within the document."""


def _resolve(records: dict[str, Any], known: Known) -> list[Merge]:
    """Give each extracted entity the id of the entity the graph already has, if any."""
    merges = []
    for section, kind in (
        ("organizations", "org"),
        ("people", "person"),
        ("clusters", "cluster"),
    ):
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
            if (
                entity in kept
            ):  # two mentions of one entity: one entry, the other's names its aliases
                first = kept[entity]
                first["aliases"] = list(dict.fromkeys([*first.get("aliases", []), *names]))
                first["positions"] = unique_positions(
                    [*first.get("positions", []), *entry.get("positions", [])]
                )
                if section != "people":
                    first.pop("positions")
                continue
            entry["id"] = entity.rstrip("/").rsplit("/", 1)[1]
            kept[entity] = entry
            entries.append(entry)
        if section in records:
            records[section] = entries
    return merges


def ingest(paths: list[Path], *, store: Path, base: str) -> list[Ingested]:
    if not store.exists():
        raise KgError(f"{store}: no store here; run `kg build` first")
    opened = OxigraphStore(store)
    entities = EntityIndex.open(store)
    reasoner = Reasoner(ontology_graph())
    results = []
    pending: dict[str, list[ox.Quad]] = {}  # graph -> its quads and inferred quads
    drop: set[str] = set()
    ingested = entities.documents()
    read_from: dict[Path, str] = {}
    known: Known | None = None
    try:
        known = Known(opened, base)
        for path in paths:
            source = read_document(path)
            key = document_key(path.name, source.text)
            graph = document_graph(base, key)
            facts = extract(source)
            within = [Merge(m["mention"], repr(m["entity"]), m["reason"]) for m in facts["merges"]]
            records = facts_to_records(facts, document_title(source.text, path.stem), key)
            merges = _resolve(records, known)
            loaded = validate_records(path, records, {})
            index = build_index([loaded], base)
            quads = FileMapper(loaded, index, graph).map()
            if index.errors:
                raise RecordErrors(index.errors)
            quads += quotes(source.text, quads, graph)
            inferred = reasoner.infer(quads, inferred_of(graph))
            found = check(to_graph(quads) + to_graph(inferred))
            if found:
                raise ValidationFailed("\n".join(str(v) for v in found))
            resolved = path.resolve()
            read_from[resolved] = graph
            before = ingested.get(resolved)
            if before is not None and before != graph:  # the file changed: its old text goes
                drop.add(before)
            changed = set(opened.quads(graph)) != set(quads)
            if changed:
                drop.add(graph)
                pending[graph] = [*quads, *inferred]
            results.append(Ingested(path, graph, len(quads), changed, merges, within))
        ingested.update(read_from)
        shared = set(ingested.values())  # a text read from two files stays while one has it
        dropped = sorted(g for g in drop if g in pending or g not in shared)
        # only once every document has passed, and all in one transaction
        opened.change(
            drop=[name for g in dropped for name in (g, inferred_of(g))],
            insert=[q for quads in pending.values() for q in quads],
        )
        entities.set_documents(read_from)
    finally:
        if known is not None:
            known.close()
        entities.close()
        opened.close()
    return results


def carry_over(old: Path, into: OxigraphStore, entities: EntityIndex, base: str) -> int:
    """Copy the ingested documents' graphs, and which file each was read from, from the
    store a build replaces."""
    if not old.exists():
        return 0
    previous = OxigraphStore(old, read_only=True)
    quads = [q for g in previous.graphs() if is_document_graph(base, g) for q in previous.quads(g)]
    previous.close()
    try:
        kept = EntityIndex.open(old)
    except KgError:  # a store from before documents were indexed: its graphs come, unindexed
        kept = None
    if kept is not None:
        entities.set_documents(kept.documents())
        kept.close()
    into.add(ox.Quad(q.subject, q.predicate, q.object, q.graph_name) for q in quads)
    return len(quads)
