"""The pipeline: record files -> records -> RDF -> inference -> validation -> store -> Turtle."""

from __future__ import annotations

import gc
import io
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
from rich.progress import track

from kg.errors import KgError, RecordError, RecordErrors, ValidationFailed
from kg.files import write_atomic
from kg.pipeline.mappers import Mappers, Mapping, map_file
from kg.publish.serialize import write_sorted
from kg.rdf.inference import Reasoner
from kg.rdf.mapping import FileMapper
from kg.rdf.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from kg.rdf.naming import (
    build_roots,
    inferred_graph,
    is_document_graph,
    is_inferred,
    record_graphs,
)
from kg.rdf.ontology import ONTOLOGY_FILE, ontology_graph
from kg.rdf.resolve import Index, build_index, define_all, replay
from kg.rdf.shapes import Violation, check, check_store
from kg.records import sources
from kg.records.base import LoadedFile
from kg.store import Backend, OxigraphStore, Store, open_store, staging
from kg.store.entity_index import EntityIndex
from kg.viz.maps import MapFile, write_maps
from kg.viz.projection import project

DEFAULT_OUT = Path("build")
PROGRESS_FROM = 50
"""Show a progress bar from this many record files on."""
MAPS_UP_TO = 100_000
"""A build draws its maps up to this many triples; past it, `kg map` draws the ones wanted
(a national network would be thousands of pages, laid out one by one)."""


@dataclass
class Dataset:
    """Everything a build produces before it is written anywhere."""

    graphs: dict[str, list[ox.Quad]]
    inferred: list[ox.Quad]
    ontology: list[ox.Quad]
    files: list[Path]

    @property
    def asserted(self) -> int:
        return sum(len(q) for q in self.graphs.values())

    def all_quads(self) -> Iterable[ox.Quad]:
        for quads in self.graphs.values():
            yield from quads
        yield from self.inferred
        yield from self.ontology


@dataclass
class ClassCount:
    iri: str
    label: str
    entities: int
    triples: int


@dataclass
class BuildReport:
    files: list[Path]
    store: Path | None
    turtle: Path | None
    asserted: int
    inferred: int
    ontology: int
    seconds: float
    classes: list[ClassCount] = field(default_factory=list)
    maps: list[MapFile] = field(default_factory=list)
    maps_skipped: bool = False

    @property
    def triples(self) -> int:
        return self.asserted + self.inferred + self.ontology


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a build holds millions of records and quads: each
    full collection walks all of them (reading 10,000 schools' records took 36 s with it,
    10 s without). Records and quads form no cycles; what is left is collected after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _each_read(files: list[Path], progress: bool) -> Iterator[LoadedFile]:
    """Each file's records in turn; the errors of all files raised together at the end."""
    errors: list[RecordError] = []
    steps = track(files, description="reading records", transient=True) if progress else files
    for path in steps:
        try:
            yield sources.read(path)
        except RecordErrors as exc:
            errors.extend(exc.errors)
        except RecordError as exc:
            errors.append(exc)
    if errors:
        raise RecordErrors(errors)


def _index_all(files: list[Path], base: str, progress: bool, mappers: Mappers | None) -> Index:
    """Every file's entities, read one file at a time (on the mappers, if any, and told to
    the index in file order). The building process lets each file's records go once they
    are indexed: holding every record for the mapping cost 4.7 GB at 40,000 schools; the
    mappers keep theirs pickled, within a bound (kg.pipeline.mappers)."""
    index = Index(base)
    if mappers is None:
        for file in _each_read(files, progress):
            define_all(index, [file])
        return index
    errors: list[RecordError] = []
    told = zip(files, mappers.definitions(), strict=True)
    steps = track(told, "reading records", total=len(files), transient=True) if progress else told
    for path, (log, found) in steps:
        replay(index, path, log)
        errors.extend(RecordError(*e) for e in found)
    if errors:
        raise RecordErrors(errors)
    return index


def _read_all(files: list[Path], progress: bool) -> list[LoadedFile]:
    return list(_each_read(files, progress))


def load(paths: Sequence[Path], *, base: str = DEFAULT_BASE, progress: bool = False) -> Dataset:
    """Read, resolve, map and infer: the whole dataset in memory, nothing written."""
    files = sources.discover(paths)
    if not files:
        raise KgError(f"no record files (*.yaml, *.yml, *.csv) in {', '.join(map(str, paths))}")
    names = record_graphs(files, build_roots(paths), base)
    progress = progress and len(files) >= PROGRESS_FROM
    loaded = _read_all(files, progress)
    index = build_index(loaded, base)
    graphs = {names[f.path]: FileMapper(f, index, names[f.path]).map() for f in loaded}
    if index.errors:
        raise RecordErrors(index.errors)
    ontology = _ontology()
    asserted = [q for quads in graphs.values() for q in quads]
    inferred = Reasoner(ontology_graph()).infer(asserted, inferred_graph(base))
    return Dataset(graphs, inferred, ontology, files)


def _ontology() -> list[ox.Quad]:
    return [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(ONTOLOGY_IRI))
        for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    ]


def violations(dataset: Dataset) -> list[Violation]:
    return check(q for quads in [*dataset.graphs.values(), dataset.inferred] for q in quads)


class _Stream(io.RawIOBase):
    """Chunks of bytes from a generator, read as one file (by the store's bulk loader). An
    exception in the generator is kept for the caller, not lost in the loader."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks, self._chunk, self._at = chunks, b"", 0
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._at >= len(self._chunk):
            try:
                self._chunk, self._at = next(self._chunks), 0
            except StopIteration:
                return 0
            except BaseException as exc:
                self.error = exc
                raise
        n = min(len(buffer), len(self._chunk) - self._at)
        buffer[:n] = self._chunk[self._at : self._at + n]
        self._at += n
        return n


PARALLEL_FROM = 8
"""Map record files on two processes from this many files on."""


def _workers(files: int) -> int:
    return min(2, os.cpu_count() or 1) if files >= PARALLEL_FROM else 1


@dataclass
class _Counts:
    files: list[Path]
    asserted: int
    inferred: int
    ontology: int


def _write_store(
    sources_: Sequence[Path],
    path: Path,
    base: str,
    validate: bool,
    progress: bool,
    fresh: Path,
) -> _Counts:
    """Map the records file by file straight into a new store at `fresh` (with each file's
    RDFS entailments) and validate it there; `build` switches it in for the store at `path`
    (kg.staging). Only one file's quads are in memory at a time. Documents ingested into
    the store at `path` are carried over."""
    files = sources.discover(sources_)
    if not files:
        raise KgError(f"no record files (*.yaml, *.yml, *.csv) in {', '.join(map(str, sources_))}")
    roots = build_roots(sources_)
    names = record_graphs(files, roots, base)
    workers = _workers(len(files))
    mappers = Mappers(files, base, workers) if workers > 1 else None
    try:
        index = _index_all(files, base, progress and len(files) >= PROGRESS_FROM, mappers)
    except BaseException:
        if mappers is not None:
            mappers.stop()
        raise
    reasoner = Reasoner(ontology_graph())
    inferred_name = inferred_graph(base)
    asserted = 0
    entailable: set[ox.Triple] = set()  # asserted triples that some file may also entail
    errors: list[RecordError] = list(index.errors)  # definitions first, then references
    shared = Mapping(files, index, names, reasoner, inferred_name)
    paths, definitions = files, index.definitions
    if mappers is not None:
        mappers.map(shared)

    def chunks() -> Iterator[bytes]:
        nonlocal asserted
        mapped = (
            mappers.results()
            if mappers is not None
            else (map_file(shared, i) for i in range(len(paths)))
        )
        for i, (data, count, more, found, used) in enumerate(mapped):
            uses[paths[i]] = used
            asserted += count
            entailable.update(ox.parse(more, format=ox.RdfFormat.N_TRIPLES))
            errors.extend(RecordError(*e) for e in found)
            yield data
        if mappers is not None:  # their memory back before validation
            mappers.stop()

    try:
        store = OxigraphStore(fresh)
    except KgError as exc:  # its advice, "run `kg build` first", does not fit a build
        if mappers is not None:
            mappers.stop()
        if isinstance(exc.__context__, OSError):
            raise exc.__context__ from None
        raise
    entities: EntityIndex | None = None
    uses: dict[Path, list[str]] = {}
    try:
        entities = EntityIndex.create(fresh, roots)
        # SQLite and Oxigraph's loader both work outside Python's lock: side by side
        with ThreadPoolExecutor(max_workers=1) as side:
            defined = side.submit(entities.replace, names, definitions, {})
            stream = _Stream(chunks())
            try:
                store.bulk_load(stream)  # type: ignore[arg-type]
            except Exception:
                if stream.error is not None:
                    raise stream.error from None
                raise
            finally:
                defined.result()
        definitions.clear()
        if errors:
            raise RecordErrors(errors)
        inferred_node = ox.NamedNode(inferred_name)
        for t in entailable:  # entailed by one file, asserted by another: asserted only
            store.raw.remove(ox.Quad(t.subject, t.predicate, t.object, inferred_node))
        # the shapes judge everything the store will hold: a document ingested into the
        # store this build replaces may cite what the records no longer have
        from kg.pipeline.ingest import carry_over  # its document readers only when needed

        carry_over(path, store, entities, base)
        with ThreadPoolExecutor(max_workers=2) as side:
            recorded = side.submit(entities.record_uses, uses)
            counted = side.submit(_count, store, inferred_name)
            found = check_store(store.raw) if validate else []
            recorded.result()
            inferred = counted.result()
        if found:
            raise ValidationFailed(_with_documents(store, base, found))
        ontology = _ontology()
        store.add(ontology)
    finally:
        if mappers is not None:
            mappers.stop()
        store.close()
        if entities is not None:
            entities.close()
    return _Counts(files, asserted, inferred, len(ontology))


def _with_documents(store: OxigraphStore, base: str, found: list[Violation]) -> str:
    """The violations, each naming the ingested documents whose graphs state its node."""
    lines = []
    for v in found:
        try:
            focus = ox.NamedNode(v.focus)
        except ValueError:  # a value, not a node: say it as it is
            lines.append(str(v))
            continue
        graphs = sorted(
            {
                q.graph_name.value
                for q in store.raw.quads_for_pattern(focus, None, None, None)
                if isinstance(q.graph_name, ox.NamedNode)
                and is_document_graph(base, q.graph_name.value)
                and not is_inferred(q.graph_name.value)
            }
        )
        lines.append(f"{v} (ingested: {', '.join(f'<{g}>' for g in graphs)})" if graphs else str(v))
    return "\n".join(lines)


def _count(store: Store, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    n = rows[0][0]
    assert n is not None
    return int(n.value)


CLASS_COUNTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (SAMPLE(?label) AS ?name) ?entities ?triples WHERE {
  {
    SELECT ?class (COUNT(?s) AS ?entities) (SUM(?n) AS ?triples) WHERE {
      { SELECT DISTINCT ?s ?class WHERE {
          GRAPH ?g { ?s a ?class } FILTER (?g != <ONTOLOGY>)
          FILTER (STRSTARTS(STR(?class), "ONTOLOGY#"))
      } }
      { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s }  # each subject once
    } GROUP BY ?class
  }
  OPTIONAL { ?class rdfs:label ?label FILTER (LANG(?label) = "ru") }
}
GROUP BY ?class ?entities ?triples ORDER BY DESC(?entities) ?class
""".replace("ONTOLOGY", ONTOLOGY_IRI)


def class_counts(store: Store) -> list[ClassCount]:
    """Entities of each kg class, and the triples about them (asserted and inferred)."""
    result = store.query(CLASS_COUNTS)
    out = []
    for iri, label, entities, triples in result.rows:
        assert iri is not None and entities is not None and triples is not None
        out.append(
            ClassCount(
                iri.value, label.value if label else "", int(entities.value), int(triples.value)
            )
        )
    return out


def build(
    sources_: Sequence[Path] = (Path("data"),),
    *,
    out: Path = DEFAULT_OUT,
    base: str = DEFAULT_BASE,
    backend: Backend = "oxigraph",
    turtle: bool = True,
    maps: bool = True,
    validate: bool = True,
    progress: bool = False,
) -> BuildReport:
    """Build the graph from record files into `out/store`, `out/kg.ttl` and `out/maps/`:
    all of them are written aside and switched in together, so that a failure or a killed
    process leaves the previous ones as they were (kg.staging)."""
    started = time.perf_counter()
    with staging.staged(out) as stage:
        store_path: Path | None = None
        if backend == "oxigraph":
            with stage.writing("store"), _collector_paused():
                counts = _write_store(
                    sources_, out / "store", base, validate, progress, stage.path("store")
                )
                store = open_store(stage.path("store"), read_only=True)
            store_path = out / "store"
        else:
            with _collector_paused():
                dataset = load(sources_, base=base, progress=progress)
            if validate and (found := violations(dataset)):
                raise ValidationFailed("\n".join(str(v) for v in found))
            store = open_store(None, backend)
            store.add(dataset.all_quads())
            counts = _Counts(
                dataset.files, dataset.asserted, len(dataset.inferred), len(dataset.ontology)
            )

        def write_turtle() -> None:
            with stage.writing("kg.ttl"):
                write_atomic(
                    stage.path("kg.ttl"),
                    lambda handle: write_sorted(store, "ttl", handle, base=base),
                )

        try:
            # Turtle beside the class counts where it is Oxigraph's dump and `sort`; rdflib's
            # SPARQL is neither thread-safe nor faster for a thread (it holds the GIL).
            beside = turtle and isinstance(store, OxigraphStore)
            with ThreadPoolExecutor(max_workers=1) as side:
                written = side.submit(write_turtle) if beside else None
                classes = class_counts(store)
                if written is not None:
                    written.result()
                elif turtle:
                    write_turtle()
            turtle_path = out / "kg.ttl" if turtle else None
            drawn = []
            if maps and counts.asserted + counts.inferred <= MAPS_UP_TO:
                with stage.writing("maps"):
                    drawn = write_maps(project(store), stage.path("maps"))
        finally:
            store.close()
    report = BuildReport(
        counts.files,
        store_path,
        turtle_path,
        counts.asserted,
        counts.inferred,
        counts.ontology,
        0.0,
        classes,
        [replace(m, path=out / "maps" / m.path.name) for m in drawn],  # where they are now
        maps_skipped=maps and counts.asserted + counts.inferred > MAPS_UP_TO,
    )
    report.seconds = time.perf_counter() - started
    return report
