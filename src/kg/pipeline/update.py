"""`kg update`: one record file (or a few) into a built store, without a rebuild.

The file is mapped against the entity index kept beside the store, so its references
resolve as in a full build. Its graph is replaced, and the entailments its old and new
triples could change are recomputed against the whole store, in one transaction. A change
that would alter how another file's names resolve (a renamed or removed entity others
refer to) is refused: that needs `kg build`."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, RecordError, RecordErrors, ValidationFailed
from kg.pipeline.build import DEFAULT_OUT
from kg.rdf.inference import TYPE, Reasoner
from kg.rdf.mapping import FileMapper
from kg.rdf.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from kg.rdf.naming import inferred_graph, is_document_graph, record_graphs
from kg.rdf.ontology import ontology_graph
from kg.rdf.resolve import KIND_NAMES, Definition, define_all
from kg.rdf.shapes import check
from kg.records import sources
from kg.records.base import LoadedFile
from kg.records.models import RecordFile
from kg.store import OxigraphStore
from kg.store.entity_index import EntityIndex, OverlayIndex


@dataclass
class Updated:
    path: Path
    graph: str
    before: int
    after: int
    removed: bool


@dataclass
class UpdateReport:
    files: list[Updated]
    inferred_added: int
    inferred_removed: int
    seconds: float


def _read(path: Path, known: dict[Path, str]) -> LoadedFile:
    if not path.exists() and path in known:  # the file is gone: its graph goes too
        return LoadedFile(path, RecordFile())
    sources.discover([path])  # refuses folders' absence and unknown suffixes by name
    return sources.read(path)


def _graph_names(
    wanted: list[Path], known: dict[Path, str], roots: list[Path], base: str
) -> dict[Path, str]:
    """Known files keep their graphs; new ones are named from the build's folders, and may
    not take a graph another file has."""
    names = {p: known[p] for p in wanted if p in known}
    fresh = record_graphs([p for p in wanted if p not in known], roots, base)
    owners = {g: p for p, g in known.items() if p not in wanted}
    for path, graph in fresh.items():
        if graph in owners:
            raise RecordError(
                path,
                None,
                None,
                f"would share the graph <{graph}> with {owners[graph]}; rename one",
            )
    return names | fresh


def _dependents(stored: EntityIndex, index: OverlayIndex, replaced: list[Path]) -> None:
    """Refuse a change that would make another file's references resolve otherwise."""
    before: list[Definition] = [d for p in replaced for d in stored.defined_by(p)]
    changed = set()
    for kind, key in {(d.kind, k) for d in [*before, *index.definitions] for k in d.keys}:
        if stored.lookup(kind, key) != index.lookup(kind, key):
            changed.add(f"{kind}\t{key}")
    for iri in {d.iri for d in [*before, *index.definitions]}:
        old = stored.definitions(iri)
        gone = index.defined_at(iri) is None
        if gone or (old and old[0][1].label != index.current_label(iri)):
            changed.add(f"label\t{iri}")
    users = stored.users(changed, index.replaced)
    if users:
        lines = [
            f"{shown(path)}: {_dependence(key)}, which this update changes"
            for path, key in users[:10]
        ]
        more = f"\n(and {len(users) - 10} more)" if len(users) > 10 else ""
        raise KgError("\n".join(lines) + more + "\nrun `kg build` to rebuild everything")


def shown(path: Path) -> Path:
    """The path from the working folder where it is below it, as users typed it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _dependence(key: str) -> str:
    kind, name = key.split("\t")
    if kind == "label":
        return f"uses the label of <{name}>"
    return f"refers to the {KIND_NAMES[kind]} named {name!r}"


class _Asserted:
    """Asserted record triples as they will be once the new graphs replace the old."""

    def __init__(self, store: ox.Store, base: str, new: dict[str, list[ox.Quad]]):
        self.store = store
        self.replaced = {ox.NamedNode(g) for g in new}
        self.skip = {ox.NamedNode(inferred_graph(base)), ox.NamedNode(ONTOLOGY_IRI)}
        self.base = base
        self.new: dict[Any, set[ox.Triple]] = {}
        self._cache: dict[Any, list[ox.Triple]] = {}
        for quads in new.values():
            for q in quads:
                self.new.setdefault(q.subject, set()).add(
                    ox.Triple(q.subject, q.predicate, q.object)
                )

    def counts(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
        return (
            isinstance(graph, ox.NamedNode)
            and graph not in self.replaced
            and graph not in self.skip
            and not is_document_graph(self.base, graph.value)
        )

    def about(self, s: Any, p: ox.NamedNode | None, o: Any) -> list[ox.Triple]:
        """Triples of subject `s` (with predicate `p` or object `o` if given)."""
        if s not in self._cache:
            self._cache[s] = [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in self.store.quads_for_pattern(s, None, None, None)
                if self.counts(q.graph_name)
            ] + list(self.new.get(s, ()))
        return [
            t
            for t in self._cache[s]
            if (p is None or t.predicate == p) and (o is None or t.object == o)
        ]


def _inferred_changes(
    store: ox.Store,
    reasoner: Reasoner,
    base: str,
    old: list[ox.Quad],
    new: dict[str, list[ox.Quad]],
) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """(delete, insert) on the inferred graph: every triple the old or new quads entail or
    assert, judged again against the whole store. Entailment is local (one subject, one
    object), so these are the only triples whose standing can change."""
    fresh = [q for qs in new.values() for q in qs]
    candidates = set(reasoner.entailable(old)) | reasoner.entailments(old)
    candidates |= set(reasoner.entailable(fresh)) | reasoner.entailments(fresh)
    asserted = _Asserted(store, base, new)
    graph = ox.NamedNode(inferred_graph(base))
    delete, insert = [], []
    for t in sorted(candidates, key=str):
        s, p, o = t.subject, t.predicate, t.object
        if p == TYPE:
            types = [x.object for x in asserted.about(s, TYPE, None)]
            is_asserted = o in types
            entailed = any(
                isinstance(c, ox.NamedNode) and o in reasoner.superclasses.get(c.value, ())
                for c in types
            )
        else:
            links = [x.predicate for x in asserted.about(s, None, o)]
            is_asserted = p in links
            entailed = any(p in reasoner.superproperties.get(x.value, ()) for x in links)
        wanted = entailed and not is_asserted
        present = ox.Quad(s, p, o, graph) in store
        if wanted and not present:
            insert.append(ox.Quad(s, p, o, graph))
        elif present and not wanted:
            delete.append(ox.Quad(s, p, o, graph))
    return delete, insert


def _validate(
    store: ox.Store,
    base: str,
    old: list[ox.Quad],
    new: dict[str, list[ox.Quad]],
    inferred: tuple[list[ox.Quad], list[ox.Quad]],
) -> None:
    """The shapes, on every subject the update touches, with all their triples and those of
    the things they point to: as a full build would check them."""
    fresh = [q for qs in new.values() for q in qs]
    focus = {q.subject for q in [*old, *fresh]}
    asserted = _Asserted(store, base, new)
    deleted = set(inferred[0])
    graph = ox.NamedNode(inferred_graph(base))
    data = [*fresh, *inferred[1]]

    def fetch(nodes: Iterable[Any]) -> None:
        for node in nodes:
            for q in store.quads_for_pattern(node, None, None, None):
                if asserted.counts(q.graph_name) or (q.graph_name == graph and q not in deleted):
                    data.append(q)

    fetch(focus)
    fetch({q.object for q in data if isinstance(q.object, ox.NamedNode)} - focus)
    found = [v for v in check(data) if ox.NamedNode(v.focus) in focus]
    if found:
        raise ValidationFailed("\n".join(str(v) for v in found))


def update(
    paths: Iterable[Path], *, store: Path = DEFAULT_OUT / "store", base: str = DEFAULT_BASE
) -> UpdateReport:
    """Add, change or (for a file that is gone) remove record files in the built store."""
    started = time.perf_counter()
    store_path = store
    if not store_path.exists():
        raise KgError(f"{store_path}: no store here; run `kg build` first")
    stored = EntityIndex.open(store_path)
    try:
        known = stored.files()
        # an update the process did not finish is finished now
        wanted = sorted({p.resolve() for p in paths} | set(stored.pending()))
        loaded = [_read(p, known) for p in wanted]
        index = OverlayIndex(base, stored, wanted)
        define_all(index, [f for f in loaded if f.path.exists()])
        names = _graph_names(wanted, known, stored.roots(), base)
        new: dict[str, list[ox.Quad]] = {}
        uses: dict[Path, set[str]] = {}
        for f in loaded:
            index.trace = set()
            new[names[f.path]] = FileMapper(f, index, names[f.path]).map()
            uses[f.path], index.trace = index.trace, None
        if index.errors:
            raise RecordErrors(index.errors)
        _dependents(stored, index, wanted)
        return _apply(store_path, stored, base, index, loaded, names, new, uses, started)
    except RecordError as exc:
        raise RecordErrors([exc]) from None
    finally:
        stored.close()


def _apply(
    store_path: Path,
    stored: EntityIndex,
    base: str,
    index: OverlayIndex,
    loaded: list[LoadedFile],
    names: dict[Path, str],
    new: dict[str, list[ox.Quad]],
    uses: dict[Path, set[str]],
    started: float,
) -> UpdateReport:
    store = OxigraphStore(store_path)
    try:
        old = [q for g in new for q in store.quads(g)]
        before = {g: sum(1 for q in old if q.graph_name == ox.NamedNode(g)) for g in new}
        delete: list[ox.Quad] = []
        insert: list[ox.Quad] = []
        if set(old) != {q for qs in new.values() for q in qs}:  # else only the index changes
            reasoner = Reasoner(ontology_graph())
            delete, insert = _inferred_changes(store.raw, reasoner, base, old, new)
            _validate(store.raw, base, old, new, (delete, insert))
            stored.mark_pending(f.path for f in loaded)
            store.change(
                drop=list(new),
                delete=delete,
                insert=[*(q for qs in new.values() for q in qs), *insert],
            )
        gone = {f.path for f in loaded if not f.path.exists()}
        stored.replace(
            {f.path: None if f.path in gone else names[f.path] for f in loaded},
            index.definitions,
            uses,
        )
    finally:
        store.close()
    files = [
        Updated(
            f.path, names[f.path], before[names[f.path]], len(new[names[f.path]]), f.path in gone
        )
        for f in loaded
    ]
    return UpdateReport(files, len(insert), len(delete), time.perf_counter() - started)
