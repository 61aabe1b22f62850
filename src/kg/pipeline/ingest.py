"""`kg ingest`: documents into the built store, each in a named graph of its own.

Extraction gives records; names in them are resolved against what the store already
knows (labels, full names, aliases; people also by surname and initials), so that
"Россельхозбанк" in a news report is the "АО «Россельхозбанк»" of the records. Facts the
graph already holds are cited, not stated again (kg.pipeline.reconcile). The document's
graph (and the inferences drawn from it) replace what an earlier ingest of the same file
left; ingesting the same file twice changes nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from razdel import sentenize

from kg.documents import read_document
from kg.errors import KgError, RecordErrors, ValidationFailed
from kg.extraction import extract
from kg.extraction.to_records import document_title, facts_to_records, unique_positions
from kg.pipeline.facts import LABEL, TYPE, Held
from kg.pipeline.known import Known
from kg.pipeline.reconcile import Conflict, Reconciler, context
from kg.rdf.inference import Reasoner
from kg.rdf.mapping import FileMapper
from kg.rdf.namespaces import KG, RDFS
from kg.rdf.naming import (
    document_graph,
    document_key,
    inferred_of,
    is_document_graph,
    is_inferred,
)
from kg.rdf.ontology import ontology_graph
from kg.rdf.resolve import build_index
from kg.rdf.shapes import check
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
    conflicts: list[Conflict] = field(default_factory=list)
    """Facts that contradict ones the graph holds: kept, each a node of its own."""


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


@dataclass
class _Read:
    path: Path
    text: str
    graph: str
    records: dict[str, Any]
    within: list[Merge]


def _read_all(paths: list[Path], base: str, read: dict[Path, _Read]) -> list[_Read]:
    """Each document's text and facts; what an earlier pass of the same run read is kept."""
    out = []
    for path in paths:
        if path not in read:
            source = read_document(path)
            key = document_key(path.name, source.text)
            facts = extract(source)
            within = [Merge(m["mention"], repr(m["entity"]), m["reason"]) for m in facts["merges"]]
            records = facts_to_records(facts, document_title(source.text, path.stem), key)
            read[path] = _Read(path, source.text, document_graph(base, key), records, within)
        out.append(read[path])
    return out


@dataclass
class _Pass:
    results: list[Ingested]
    pending: dict[str, list[ox.Quad]]  # graph -> its quads and inferred quads
    dropped: list[str]
    read_from: dict[Path, str]


def _pass(docs: list[_Read], opened: OxigraphStore, ingested: dict[Path, str], base: str) -> _Pass:
    """Every document against the graph without the documents of this run (their stored
    graphs, and those their files gave before), each also against the ones before it."""
    batch = {d.graph for d in docs} | {
        g for d in docs if (g := ingested.get(d.path.resolve())) is not None
    }
    held = Held(opened.raw, [name for g in batch for name in (g, inferred_of(g))])
    reasoner = Reasoner(ontology_graph())
    known = Known(opened, base)
    results: list[Ingested] = []
    pending: dict[str, list[ox.Quad]] = {}
    drop: set[str] = set()
    read_from: dict[Path, str] = {}
    done: dict[str, Ingested] = {}
    try:
        for doc in docs:
            resolved = doc.path.resolve()
            read_from[resolved] = doc.graph
            before = ingested.get(resolved)
            if before is not None and before != doc.graph:  # the file changed: its old text goes
                drop.add(before)
            if doc.graph in done:  # the same text read from two files: one graph
                results.append(replace(done[doc.graph], path=doc.path))
                continue
            records = copy.deepcopy(doc.records)  # _resolve names the entities in place
            merges = _resolve(records, known)
            loaded = validate_records(doc.path, records, {})
            index = build_index([loaded], base)
            quads = FileMapper(loaded, index, doc.graph).map()
            if index.errors:
                raise RecordErrors(index.errors)
            quads += quotes(doc.text, quads, doc.graph)
            reconciled = Reconciler(held).reconcile(quads)
            labels = {
                q.subject.value: q.object.value
                for q in quads
                if q.predicate == LABEL
                and isinstance(q.subject, ox.NamedNode)
                and isinstance(q.object, ox.Literal)
            }
            merges += [Merge(labels.get(s.fact, s.fact), s.held, s.reason) for s in reconciled.same]
            quads = reconciled.quads
            inferred = [
                q for q in reasoner.infer(quads, inferred_of(doc.graph)) if not held.holds(q)
            ]
            around, judged = context(held, [*quads, *inferred])
            found = [v for v in check([*quads, *inferred, *around]) if v.focus in judged]
            if found:
                raise ValidationFailed(
                    f"{doc.path}: its facts would break the shapes:\n"
                    + "\n".join(str(v) for v in found)
                )
            held.add([*quads, *inferred])
            known.learn([*quads, *inferred], held.types)
            stored = {*opened.quads(doc.graph), *opened.quads(inferred_of(doc.graph))}
            changed = stored != {*quads, *inferred}
            if changed:
                drop.add(doc.graph)
                pending[doc.graph] = [*quads, *inferred]
            result = Ingested(
                doc.path, doc.graph, len(quads), changed, merges, doc.within, reconciled.conflicts
            )
            done[doc.graph] = result
            results.append(result)
    finally:
        known.close()
    # a text read from two files stays while one of them has it
    shared = set({**ingested, **read_from}.values())
    dropped = sorted(g for g in drop if g in pending or g not in shared)
    return _Pass(results, pending, dropped, read_from)


def _orphans(opened: OxigraphStore, base: str, run: _Pass) -> set[str]:
    """The documents' graphs, outside the run, that name a node only a dropped graph made:
    ingested again, they make it themselves."""
    gone = {ox.NamedNode(n) for g in run.dropped for n in (g, inferred_of(g))}
    new = ox.Store()
    new.extend(q for quads in run.pending.values() for q in quads)
    lost = set()
    for graph in run.dropped:
        for q in opened.raw.quads_for_pattern(None, TYPE, None, ox.NamedNode(graph)):
            s = q.subject
            kept = any(
                k.graph_name not in gone for k in opened.raw.quads_for_pattern(s, TYPE, None, None)
            )
            if not kept and next(new.quads_for_pattern(s, TYPE, None, None), None) is None:
                lost.add(s)
    mine = set(run.pending) | set(run.dropped)
    graphs = {
        q.graph_name.value
        for s in lost
        for q in [
            *opened.raw.quads_for_pattern(s, None, None, None),
            *opened.raw.quads_for_pattern(None, None, s, None),
        ]
        if isinstance(q.graph_name, ox.NamedNode)
    }
    return {
        g
        for g in graphs
        if is_document_graph(base, g)
        and not is_inferred(g)
        and g not in mine
        and ox.NamedNode(g) not in gone
    }


def ingest(paths: list[Path], *, store: Path, base: str) -> list[Ingested]:
    if not store.exists():
        raise KgError(f"{store}: no store here; run `kg build` first")
    opened = OxigraphStore(store)
    entities = EntityIndex.open(store)
    try:
        ingested = entities.documents()
        read: dict[Path, _Read] = {}
        todo = list(paths)
        while True:
            run = _pass(_read_all(todo, base, read), opened, ingested, base)
            files = {g: p for p, g in ingested.items()}
            taken = {p.resolve() for p in todo}
            more = [
                files[g]
                for g in sorted(_orphans(opened, base, run))
                if g in files and files[g].is_file() and files[g].resolve() not in taken
            ]
            if not more:
                break
            todo += more  # their graphs are part of the run now, and made again after ours
        ingested.update(run.read_from)
        # only once every document has passed, and all in one transaction
        opened.change(
            drop=[name for g in run.dropped for name in (g, inferred_of(g))],
            insert=[q for quads in run.pending.values() for q in quads],
        )
        entities.set_documents(run.read_from)
    finally:
        entities.close()
        opened.close()
    return run.results


def carry_over(old: Path, into: OxigraphStore, entities: EntityIndex, base: str) -> int:
    """Copy the ingested documents' graphs, and which file each was read from, from the
    store a build replaces."""
    if not old.exists():
        return 0
    previous = OxigraphStore(old, read_only=True)
    graphs = sorted(g for g in previous.graphs() if is_document_graph(base, g))
    by_graph = {g: list(previous.quads(g)) for g in graphs}
    previous.close()
    # the records may now hold what a document added: what they hold, it no longer restates
    held = Held(into.raw, graphs)
    quads: list[ox.Quad] = []
    for graph in (g for g in graphs if not is_inferred(g)):
        kept_quads = Reconciler(held).trim(by_graph[graph])
        inferred = [q for q in by_graph.get(inferred_of(graph), []) if not held.holds(q)]
        held.add([*kept_quads, *inferred])
        quads += [*kept_quads, *inferred]
    try:
        kept = EntityIndex.open(old)
    except KgError:  # a store from before documents were indexed: its graphs come, unindexed
        kept = None
    if kept is not None:
        entities.set_documents(kept.documents())
        kept.close()
    into.add(ox.Quad(q.subject, q.predicate, q.object, q.graph_name) for q in quads)
    return len(quads)
