"""The Python API; every function here is one `kg` command."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
import yaml
from rich.console import Console

from kg.documents import documents_in, read_document
from kg.errors import KgError
from kg.extraction import extract as extract_facts
from kg.extraction.to_records import document_title, facts_to_records
from kg.files import write_atomic
from kg.pipeline.build import DEFAULT_OUT, ClassCount, build, class_counts, load, violations
from kg.pipeline.ingest import Ingested
from kg.pipeline.ingest import ingest as ingest_documents
from kg.pipeline.review import Reviewed, review
from kg.pipeline.sources import Source
from kg.pipeline.sources import sources as list_sources
from kg.pipeline.update import UpdateReport
from kg.pipeline.update import update as update_records
from kg.publish.anonymize import RANDOM_SALT_NOTE, resolve_salt
from kg.publish.pages import write_site
from kg.publish.passport import gather, to_docx, to_html
from kg.publish.serialize import Format, format_for, serialize
from kg.rdf import naming
from kg.rdf.namespaces import DEFAULT_BASE, ONTOLOGY_IRI
from kg.rdf.naming import document_key
from kg.rdf.ontology import ONTOLOGY_FILE
from kg.rdf.shapes import Violation, check, check_store
from kg.records.synth import SynthReport
from kg.records.synth import synth as write_synthetic
from kg.sparql.catalogue import column_titles, find, is_plain_query_file
from kg.sparql.query import prepare, run, run_local
from kg.sparql.remote import Endpoint, PushReport
from kg.sparql.remote import push as push_store
from kg.sparql.results import render as render_answer
from kg.sparql.serve import make_server
from kg.sparql.xlsx import to_xlsx
from kg.store import OxigraphStore, QueryResult, Store, staging
from kg.viz.analysis import Analysis
from kg.viz.analysis import analyze as run_analysis
from kg.viz.analysis import paths as shortest_paths
from kg.viz.analysis import write as write_analysis
from kg.viz.exchange import FORMATS as NETWORK_FILES
from kg.viz.exchange import write_network
from kg.viz.maps import TEXT, MapFile, cluster_subgraph, render, write_maps
from kg.viz.projection import NODE_KINDS, Options, project

DEFAULT_STORE = DEFAULT_OUT / "store"


def open_built(store: Path = DEFAULT_STORE) -> OxigraphStore:
    """The store a build wrote, opened read-only."""
    staging.recover(store.parent)  # a build killed while switching its outputs in
    if not store.exists():
        raise KgError(f"{store}: no store here; run `kg build` first")
    return OxigraphStore(store, read_only=True)


def base_of(store: Store) -> str:
    """The base IRI the store was built with."""
    return naming.base_of(store.graphs(), DEFAULT_BASE)


def export(
    fmt: Format | None = None,
    *,
    store: Path = DEFAULT_STORE,
    out: Path | None = None,
    inferred: bool = False,
    ontology: bool = False,
    anonymize: bool = False,
    salt: str | None = None,
) -> bytes:
    """The built dataset in `fmt` (by default the one `out`'s extension names, else Turtle);
    also written to `out` if given. `anonymize` replaces every person by a pseudonym keyed by
    `salt` (else $KG_ANONYMIZE_SALT, else a random one, with a warning logged on "kg") and
    scrubs people's names from all text and IRIs."""
    chosen = format_for(fmt, out)
    if anonymize:
        salt, random = resolve_salt(salt)
        if random:
            logging.getLogger("kg").warning(RANDOM_SALT_NOTE)
    opened = open_built(store)
    try:
        data = serialize(
            opened,
            chosen,
            base=base_of(opened),
            inferred=inferred,
            ontology=ontology,
            anonymize=anonymize,
            salt=salt,
        )
    finally:
        opened.close()
    if out is not None:
        write_atomic(out, data)
    return data


def validate(
    sources: Sequence[Path] = (), *, store: Path = DEFAULT_STORE, base: str = DEFAULT_BASE
) -> list[Violation]:
    """Shape violations of record files (when given) or of the built store; [] means valid."""
    if sources:
        return violations(load(sources, base=base))
    opened = open_built(store)
    try:
        graphs = [g for g in opened.graphs() if g != ONTOLOGY_IRI]
        if isinstance(opened, OxigraphStore):
            return check_store(opened.raw, graphs)
        return check(q for g in graphs for q in opened.quads(g))
    finally:
        opened.close()


@dataclass
class Stats:
    triples: int
    graphs: dict[str, int]
    classes: list[ClassCount]


def stats(store: Path = DEFAULT_STORE) -> Stats:
    """Triples in all, per named graph, and entities and triples per class."""
    opened = open_built(store)
    try:
        graphs = {g: sum(1 for _ in opened.quads(g)) for g in opened.graphs()}
        return Stats(len(opened), graphs, class_counts(opened))
    finally:
        opened.close()


def query(
    name: str | None = None,
    *,
    text: str | None = None,
    params: dict[str, str] | None = None,
    store: Path = DEFAULT_STORE,
    endpoint: Endpoint | str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> QueryResult:
    """Run a catalogue query (by name), a .rq file, or SPARQL `text`.

    On the built store, or on a remote SPARQL endpoint (a URL or an Endpoint) if given.
    The whole answer, or `limit` rows of it from `offset` on (its `total` and `more` say
    how many it has).
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise KgError(f"limit {limit} and offset {offset}: rows are counted from 0 up")
    prepared = prepare(name, text, params or {})
    if endpoint is not None:
        remote = Endpoint(endpoint) if isinstance(endpoint, str) else endpoint
        return run(remote, prepared).page(limit, offset)
    return run_local(prepared, store=store).page(limit, offset)


ANSWER_FORMATS = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".md": "md", ".xlsx": "xlsx"}


def save(
    result: QueryResult,
    out: Path,
    fmt: str | None = None,
    *,
    query: str | None = None,
    lang: str = "ru",
) -> Path:
    """Write a query's answer to `out` as csv, tsv, json, md or xlsx (default: by its
    extension); xlsx has typed cells and the catalogue's column titles in `lang`."""
    chosen = fmt or ANSWER_FORMATS.get(out.suffix.lower(), "")
    if chosen not in ANSWER_FORMATS.values():
        raise KgError(f"{out}: which format? csv, tsv, json, md or xlsx (--format)")
    if chosen == "xlsx":
        entry = None
        if query is not None and not is_plain_query_file(Path(query)):
            entry = find(query)
        data = to_xlsx(result, column_titles(result.variables, entry, lang), sheet=query or "kg")
    else:
        data = render_answer(result, chosen).encode("utf-8")
    write_atomic(out, data)
    return out


def push(
    endpoint: Endpoint | str,
    *,
    store: Path = DEFAULT_STORE,
    gsp: str | None = None,
    graph: str | None = None,
) -> PushReport:
    """Upload the built store to a SPARQL endpoint, one named graph per source."""
    remote = Endpoint(endpoint) if isinstance(endpoint, str) else endpoint
    opened = open_built(store)
    try:
        return push_store(opened, remote, gsp_url=gsp, graph=graph)
    finally:
        opened.close()


def serve(
    store: Path = DEFAULT_STORE,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    workers: int = 2,
    timeout: float = 30.0,
) -> ThreadingHTTPServer:
    """A read-only SPARQL endpoint over the built store, bound and ready: call
    serve_forever(). It answers from the store as it is at each request, rebuilt or not,
    in `workers` processes, each query cut after `timeout` seconds."""
    staging.recover(store.parent)  # a build killed while switching its outputs in
    return make_server(store, host=host, port=port, workers=workers, timeout=timeout)


def site(
    store: Path = DEFAULT_STORE, *, out: Path = DEFAULT_OUT / "site", lang: str = "ru"
) -> list[Path]:
    """A static HTML page for every entity of the built store, to publish: the pages
    `kg serve` shows at /id/…, linked to each other, with an index by kind."""
    opened = open_built(store)
    try:
        base = base_of(opened)
        return write_site(opened.raw, base, out, lang)
    finally:
        opened.close()


def report(
    store: Path = DEFAULT_STORE,
    *,
    out: Path = DEFAULT_OUT / "reports",
    cluster: str | None = None,
) -> list[Path]:
    """The passport of a cluster (by name, alias or part of it), or of every cluster, as
    out/<slug>.html and out/<slug>.docx, in Russian."""
    opened = open_built(store)
    try:
        names = [cluster] if cluster else _cluster_names(opened)
        written = []
        for name in names:
            passport = gather(opened, name)
            stem = out / naming.slug(passport.cluster)
            write_atomic(stem.with_suffix(".html"), to_html(passport).encode("utf-8"))
            write_atomic(stem.with_suffix(".docx"), to_docx(passport))
            written += [stem.with_suffix(".html"), stem.with_suffix(".docx")]
        return written
    finally:
        opened.close()


def _cluster_names(store: Store) -> list[str]:
    found = store.query(
        "SELECT DISTINCT ?n WHERE { ?c a <https://w3id.org/edu-cluster-kg/ontology#"
        "EducationalCluster> ; <http://www.w3.org/2000/01/rdf-schema#label> ?n }"
    )
    return sorted(row[0].value for row in found.rows if row[0] is not None)


def map(
    store: Path = DEFAULT_STORE,
    *,
    out: Path = DEFAULT_OUT / "maps",
    cluster: str | None = None,
    kinds: Sequence[str] | None = None,
    lang: str = "ru",
    fold: bool = False,
) -> list[MapFile]:
    """Write network maps: a folder of maps (whole network, overview, each cluster), or,
    when `out` ends in .html, the one map of `cluster` (or of the whole network); .gexf or
    .graphml, that network for Gephi or yEd."""
    unknown = sorted(set(kinds or ()) - set(NODE_KINDS))
    if unknown:
        raise KgError(f"unknown node kind {', '.join(unknown)}; expected {', '.join(NODE_KINDS)}")
    graph = _network(store, Options(kinds=frozenset(kinds or NODE_KINDS), fold=fold))
    if out.suffix.lower() in NETWORK_FILES:  # for Gephi and yEd
        sub = cluster_subgraph(graph, cluster) if cluster else graph
        flat = write_network(sub, out)
        title = cluster or TEXT.get(lang, TEXT["ru"])["network"]
        return [MapFile(out, title, flat.number_of_nodes(), flat.number_of_edges())]
    if out.suffix == ".html":
        sub = cluster_subgraph(graph, cluster) if cluster else graph
        title = (
            next((d["label"] for _, d in sub.nodes(data=True) if d["kind"] == "cluster"), "")
            if cluster
            else TEXT.get(lang, TEXT["ru"])["network"]
        )
        write_atomic(out, render(sub, title, lang=lang).encode("utf-8"))
        return [MapFile(out, title, sub.number_of_nodes(), sub.number_of_edges())]
    return write_maps(graph, out, lang=lang, cluster=cluster)


def analyze(
    store: Path = DEFAULT_STORE,
    *,
    cluster: str | None = None,
    out: Path | None = DEFAULT_OUT / "analysis",
    progress: bool = False,
) -> tuple[Analysis, list[Path]]:
    """Centrality, brokers, weak ties, communities and cluster summaries; written as CSV and
    Markdown into `out` unless it is None. With `progress`, each long step is shown on
    standard error as it runs."""
    shown = Console(stderr=True).status("reading the network") if progress else None
    with shown or nullcontext():
        step = shown.update if shown else (lambda _: None)
        graph = _network(store, Options(hover=False))
        title = "Анализ сети образовательных кластеров"
        if cluster:
            graph = cluster_subgraph(graph, cluster)
            title = f"Анализ сети: {cluster}"
        result = run_analysis(graph, step=step)
        step("writing")
        return result, (write_analysis(result, out, title) if out is not None else [])


def path(a: str, b: str, *, store: Path = DEFAULT_STORE, limit: int = 5) -> list[list[str]]:
    """The shortest chains of named relations between two entities (by name)."""
    return shortest_paths(_network(store, Options(hover=False)), a, b, limit=limit)


def _network(store: Path, options: Options | None = None) -> nx.MultiGraph:
    opened = open_built(store)
    try:
        return project(opened, options or Options())
    finally:
        opened.close()


@dataclass
class Extracted:
    path: Path
    facts: dict[str, Any]
    output: Path | None = None
    reviewed: Reviewed | None = None
    """With a store: what the records name by id, and the events left out."""


def extract(
    given: Sequence[Path | str],
    *,
    fmt: str = "facts",
    out: Path | None = None,
    store: Path | None = None,
) -> list[Extracted]:
    """Facts (the corpus format) or records (the data/ format) of each document (folders: the
    documents below them); with `out`,
    written to out/<stem>.json or out/<stem>.yaml. Records name what the built `store` has
    by its id and leave out the events it holds (kg.pipeline.review)."""
    if fmt not in ("facts", "records"):
        raise KgError(f"unknown format {fmt!r}; expected facts or records")
    paths = documents_in(given)
    if store is not None and fmt != "records":
        raise KgError("--store names what a store has in records: use --format records")
    opened = open_built(store) if store is not None else None
    if out is not None:  # out/<stem>.json: two documents named alike would overwrite one
        stems: dict[str, Path] = {}
        for path in paths:
            if stems.setdefault(path.stem, path) != path:
                raise KgError(f"{path}: named like {stems[path.stem]}; both would be {path.stem}")
    results = []
    for path in paths:
        source = read_document(path)
        facts = extract_facts(source)
        result = Extracted(path, facts)
        if out is not None:
            if fmt == "facts":
                target = out / f"{path.stem}.json"
                data = json.dumps(facts, ensure_ascii=False, indent=2) + "\n"
            else:
                target = out / f"{path.stem}.yaml"
                records = facts_to_records(
                    facts,
                    document_title(source.text, path.stem),
                    document_key(path.name, source.text),
                    source.text,
                )
                header = ""
                if opened is not None:
                    reviewed = review(path, records, opened, base_of(opened))
                    records, header = reviewed.records, reviewed.header()
                    result.reviewed = reviewed
                data = header + yaml.safe_dump(
                    records, allow_unicode=True, sort_keys=False, width=100
                )
            write_atomic(target, data.encode("utf-8"))
            result.output = target
        results.append(result)
    if opened is not None:
        opened.close()
    return results


def ingest(
    paths: Sequence[Path | str], *, store: Path = DEFAULT_STORE, remove: bool = False
) -> list[Ingested]:
    """Extract documents (files or folders of them) and load each into its own named graph
    of the built store, resolving names against what the store knows.

    With `remove`, take ingested documents out instead, each named by the file it was read
    from (a folder: every one below it) or by its graph's IRI: their graphs and inferred
    graphs go, and a document that cited what only they stated is ingested again."""
    if remove:
        return _remove(paths, store)
    documents = documents_in(paths)
    base = _built_base(store)
    with staging.exclusive(store.parent):
        return ingest_documents(documents, store=store, base=base)


def _built_base(store: Path) -> str:
    """The base IRI of the built store, which is closed again for the change to open."""
    opened = open_built(store)
    try:
        return base_of(opened)
    finally:
        opened.close()


def _remove(documents: Sequence[Path | str], store: Path) -> list[Ingested]:
    if not documents:
        raise KgError("name the documents to remove")
    base = _built_base(store)
    with staging.exclusive(store.parent):
        return ingest_documents([], store=store, base=base, remove=[str(d) for d in documents])


def sources(store: Path = DEFAULT_STORE) -> list[Source]:
    """Every source the built store holds, with its triples: each record file's graph, each
    ingested document's graph (its title, and its inferred graph's triples), then the
    records' inferred graph and the ontology. Their triples add up to the store's."""
    opened = open_built(store)
    try:
        return list_sources(opened, store, base_of(opened))
    finally:
        opened.close()


def update(paths: Sequence[Path], *, store: Path = DEFAULT_STORE) -> UpdateReport:
    """Add, change or remove (a file that is gone) record files in the built store, without
    a rebuild; refused where another file depends on what changes."""
    if not paths:
        raise KgError("name the record files to update")
    base = _built_base(store)
    with staging.exclusive(store.parent):
        return update_records(paths, store=store, base=base)


def synth(schools: int, *, seed: int = 1, out: Path = DEFAULT_OUT / "synth") -> SynthReport:
    """Deterministic synthetic records of `schools` schools, for benchmarks."""
    if schools < 1:
        raise KgError("--schools must be at least 1")
    return write_synthetic(schools, seed=seed, out=out)


DOC_LANGUAGES = ("ru", "en")


def docs(out: Path = DEFAULT_OUT / "ontology") -> Path:
    """Render the ontology's HTML documentation with pyLODE, one page per language (pyLODE
    runs a term's labels together, "ШколаSchool"): index.html in Russian, index.en.html in
    English. Returns the Russian page."""
    from pylode import OntPub  # heavy, and it configures logging on import: load it only here

    pages = []
    for lang in DOC_LANGUAGES:
        ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
        for triple in list(ontology):
            literal = triple[2]
            if isinstance(literal, rdflib.Literal) and literal.language not in (None, lang):
                ontology.remove(triple)
        logging.disable(logging.INFO)
        try:
            html = OntPub(ontology=ontology).make_html()
        finally:
            logging.disable(logging.NOTSET)
        page = out / ("index.html" if lang == "ru" else f"index.{lang}.html")
        write_atomic(page, html.encode())
        pages.append(page)
    return pages[0]


__all__ = [
    "Stats",
    "analyze",
    "base_of",
    "build",
    "docs",
    "export",
    "extract",
    "ingest",
    "map",
    "open_built",
    "path",
    "push",
    "query",
    "report",
    "serve",
    "site",
    "sources",
    "stats",
    "synth",
    "validate",
]
