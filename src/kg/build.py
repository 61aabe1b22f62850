"""The pipeline: record files -> records -> RDF -> inference -> validation -> store -> Turtle."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rich.progress import track

from kg import sources
from kg.errors import KgError, RecordError, RecordErrors, ValidationFailed
from kg.export import inferred_graph, serialize, write_atomic
from kg.inference import Reasoner
from kg.ingest import carry_over
from kg.mapping import FileMapper, graph_name
from kg.maps import MapFile, write_maps
from kg.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from kg.ontology import ONTOLOGY_FILE, ontology_graph
from kg.projection import project
from kg.resolve import build_index
from kg.sources.base import LoadedFile
from kg.stores import Backend, OxigraphStore, Store, open_store
from kg.terms import to_graph
from kg.validate import Violation, check

DEFAULT_OUT = Path("build")
PROGRESS_FROM = 50
"""Show a progress bar from this many record files on."""


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

    @property
    def triples(self) -> int:
        return self.asserted + self.inferred + self.ontology


def _graph_names(files: Sequence[Path], base: str) -> dict[Path, str]:
    names = {}
    for path in files:
        try:
            relative = path.resolve().relative_to(Path.cwd()).with_suffix("")
        except ValueError:
            relative = path.with_suffix("")
        parts = relative.parts[1:] if relative.parts[:1] == ("data",) else relative.parts
        names[path] = graph_name(base, "/".join(parts) or path.stem)
    return names


def _read_all(files: list[Path], progress: bool) -> list[LoadedFile]:
    loaded, errors = [], []
    steps = track(files, description="reading records", transient=True) if progress else files
    for path in steps:
        try:
            loaded.append(sources.read(path))
        except RecordErrors as exc:
            errors.extend(exc.errors)
        except RecordError as exc:
            errors.append(exc)
    if errors:
        raise RecordErrors(errors)
    return loaded


def load(paths: Sequence[Path], *, base: str = DEFAULT_BASE, progress: bool = False) -> Dataset:
    """Read, resolve, map and infer: the whole dataset in memory, nothing written."""
    files = sources.discover(paths)
    if not files:
        raise KgError(f"no record files (*.yaml, *.yml, *.csv) in {', '.join(map(str, paths))}")
    progress = progress and len(files) >= PROGRESS_FROM
    loaded = _read_all(files, progress)
    index = build_index(loaded, base)
    names = _graph_names(files, base)
    graphs = {names[f.path]: FileMapper(f, index, names[f.path]).map() for f in loaded}
    if index.errors:
        raise RecordErrors(index.errors)
    ontology = [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(ONTOLOGY_IRI))
        for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    ]
    asserted = [q for quads in graphs.values() for q in quads]
    inferred = Reasoner(ontology_graph()).infer(asserted, inferred_graph(base))
    return Dataset(graphs, inferred, ontology, files)


def violations(dataset: Dataset) -> list[Violation]:
    return check(
        to_graph(q for quads in dataset.graphs.values() for q in quads) + to_graph(dataset.inferred)
    )


def _replace_store(dataset: Dataset, path: Path, base: str) -> None:
    """Write a new store beside the old one, then swap, so a failure leaves the old one whole.
    Documents ingested into the old store are carried over."""
    fresh = path.with_name(path.name + ".new")
    stale = path.with_name(path.name + ".old")
    for leftover in (fresh, stale):
        if leftover.exists():
            shutil.rmtree(leftover)
    store = OxigraphStore(fresh)
    store.add(dataset.all_quads())
    carry_over(path, store, base)
    store.close()
    if path.exists():
        path.rename(stale)
    fresh.rename(path)
    shutil.rmtree(stale, ignore_errors=True)


CLASS_COUNTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?s) AS ?entities) (COUNT(*) AS ?triples)
WHERE {
  { SELECT DISTINCT ?s ?class WHERE {
      GRAPH ?g { ?s a ?class } FILTER (?g != <ONTOLOGY>)
      FILTER (STRSTARTS(STR(?class), "ONTOLOGY#"))
  } }
  ?s ?p ?o .
  OPTIONAL { ?class rdfs:label ?label FILTER (LANG(?label) = "ru") }
}
GROUP BY ?class ORDER BY DESC(?entities) ?class
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
    """Build the graph from record files into `out/store`, `out/kg.ttl` and `out/maps/`."""
    started = time.perf_counter()
    dataset = load(sources_, base=base, progress=progress)
    if validate and (found := violations(dataset)):
        raise ValidationFailed("\n".join(str(v) for v in found))
    store_path: Path | None = None
    if backend == "oxigraph":
        store_path = out / "store"
        out.mkdir(parents=True, exist_ok=True)
        _replace_store(dataset, store_path, base)
        store = open_store(store_path, read_only=True)
    else:
        store = open_store(None, backend)
        store.add(dataset.all_quads())
    turtle_path = None
    if turtle:
        turtle_path = out / "kg.ttl"
        write_atomic(turtle_path, serialize(store, "ttl", base=base))
    report = BuildReport(
        dataset.files,
        store_path,
        turtle_path,
        dataset.asserted,
        len(dataset.inferred),
        len(dataset.ontology),
        0.0,
        class_counts(store),
        write_maps(project(store), out / "maps") if maps else [],
    )
    store.close()
    report.seconds = time.perf_counter() - started
    return report
