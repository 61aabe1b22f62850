"""`kg ingest`: documents into the built store, each in a named graph of its own.

Extraction gives records; names in them are resolved against what the store already
knows (labels, full names, aliases; people also by surname and initials), so that
"Россельхозбанк" in a news report is the "АО «Россельхозбанк»" of the records. Facts the
graph already holds are cited, not stated again (kg.pipeline.reconcile). The document's
graph (and the inferences drawn from it) replace what an earlier ingest of the same file
left; ingesting the same file twice changes nothing. Removing a document drops its graphs
the same way, as a changed one's old text is dropped.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.documents import read_document
from kg.errors import KgError, RecordErrors, ValidationFailed
from kg.extraction import extract
from kg.extraction.to_records import document_title, facts_to_records
from kg.pipeline.facts import LABEL, TYPE, Held
from kg.pipeline.known import Known, Merge, resolve_records
from kg.pipeline.reconcile import Conflict, Reconciler, context
from kg.rdf.inference import Reasoner
from kg.rdf.mapping import FileMapper
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
    removed: bool = False
    """Taken out of the store (`changed`: its graph went; else another file has its text)."""


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
            records = facts_to_records(
                facts, document_title(source.text, path.stem), key, source.text
            )
            read[path] = _Read(path, source.text, document_graph(base, key), records, within)
        out.append(read[path])
    return out


@dataclass
class _Pass:
    results: list[Ingested]
    pending: dict[str, list[ox.Quad]]  # graph -> its quads and inferred quads
    dropped: list[str]
    read_from: dict[Path, str | None]  # None: the file's document is removed


def _pass(
    docs: list[_Read],
    opened: OxigraphStore,
    ingested: dict[Path, str],
    base: str,
    removing: Mapping[Path, str],
) -> _Pass:
    """Every document against the graph without the documents of this run (their stored
    graphs, those their files gave before, and those removed), each also against the ones
    before it."""
    batch = (
        {d.graph for d in docs}
        | {g for d in docs if (g := ingested.get(d.path.resolve())) is not None}
        | set(removing.values())
    )
    held = Held(opened.raw, [name for g in batch for name in (g, inferred_of(g))])
    reasoner = Reasoner(ontology_graph())
    known = Known(opened, base)
    results: list[Ingested] = []
    pending: dict[str, list[ox.Quad]] = {}
    drop: set[str] = set(removing.values())
    read_from: dict[Path, str | None] = dict.fromkeys(removing)
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
            records = copy.deepcopy(doc.records)  # resolve_records names the entities in place
            merges = resolve_records(records, known)
            loaded = validate_records(doc.path, records, {})
            index = build_index([loaded], base)
            quads = FileMapper(loaded, index, doc.graph).map()
            if index.errors:
                raise RecordErrors(index.errors)
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
    shared = {g for g in {**ingested, **read_from}.values() if g is not None}
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


def ingest(
    paths: list[Path], *, store: Path, base: str, remove: Sequence[str] = ()
) -> list[Ingested]:
    """Ingest the documents at `paths`, and take out those `remove` names (see `_named`);
    the documents that cited what only a dropped graph stated are ingested again."""
    if not store.exists():
        raise KgError(f"{store}: no store here; run `kg build` first")
    opened = OxigraphStore(store)
    entities = EntityIndex.open(store)
    try:
        ingested = entities.documents()
        removing = _named(remove, ingested)
        read: dict[Path, _Read] = {}
        todo = list(paths)
        while True:
            run = _pass(_read_all(todo, base, read), opened, ingested, base, removing)
            files = {g: p for p, g in ingested.items() if p not in removing}
            taken = {p.resolve() for p in todo}
            more = [
                files[g]
                for g in sorted(_orphans(opened, base, run))
                if g in files and files[g].is_file() and files[g].resolve() not in taken
            ]
            if not more:
                break
            todo += more  # their graphs are part of the run now, and made again after ours
        removed = [
            Ingested(p, g, len(list(opened.quads(g))), g in run.dropped, removed=True)
            for p, g in removing.items()
        ]
        # only once every document has passed, and all in one transaction
        opened.change(
            drop=[name for g in run.dropped for name in (g, inferred_of(g))],
            insert=[q for quads in run.pending.values() for q in quads],
        )
        entities.set_documents(run.read_from)
    finally:
        entities.close()
        opened.close()
    return [*removed, *run.results]


def _named(documents: Sequence[str], ingested: Mapping[Path, str]) -> dict[Path, str]:
    """The ingested files, with their graphs, that the documents name: each by the file it
    was read from (a folder: every file below it) or by its graph's IRI. Refused, naming
    them, where one names none."""
    found: dict[Path, str] = {}
    unknown = []
    for document in documents:
        below = Path(document).resolve()
        named = {
            p: g
            for p, g in ingested.items()
            if document and (g == document or p.is_relative_to(below))
        }
        if not named:
            unknown.append(f"{document}: not an ingested document (`kg sources` lists them)")
        found.update(sorted(named.items()))
    if unknown:
        raise KgError("\n".join(unknown))
    return found


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
