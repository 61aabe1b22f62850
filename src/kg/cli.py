"""The `kg` command: a thin typer layer over the API in kg.api and kg.build."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

import kg
from kg.api import DEFAULT_STORE
from kg.errors import KgError, RecordErrors, ValidationFailed
from kg.pipeline.build import DEFAULT_OUT
from kg.pipeline.update import shown
from kg.publish.anonymize import RANDOM_SALT_NOTE, resolve_salt
from kg.publish.serialize import SUFFIXES, Format
from kg.rdf.namespaces import DEFAULT_BASE
from kg.sparql.catalogue import catalogue
from kg.sparql.results import FORMATS, compact, render
from kg.store import Backend
from kg.viz.analysis import TITLES

if TYPE_CHECKING:
    from kg.pipeline.sources import Source

app = typer.Typer(
    help="kg: a knowledge graph of educational clusters and their partnerships.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


EXAMPLES: dict[str, str | tuple[str, ...]] = {
    "build": "kg build data/ --out build",
    "export": "kg export --format trig -o build/kg.trig",
    "validate": "kg validate data/",
    "stats": "kg stats --store build/store",
    "queries": "kg queries --format json",
    "query": (
        "kg query cluster-partners -p cluster=Подосиновский",
        "kg query my.rq",
        "kg query -e 'SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name } LIMIT 5'",
    ),
    "push": "KG_ENDPOINT_USER=kg KG_ENDPOINT_PASSWORD=secret"
    " kg push --endpoint http://127.0.0.1:8890/sparql-auth",
    "serve": "kg serve --port 7878 --timeout 30 --workers 2",
    "map": (
        "kg map --cluster 'Подосиновский образовательный кластер' -o build/podosinovets.html",
        "kg map -o build/network.gexf",
    ),
    "analyze": "kg analyze --cluster Подосиновский -o build/analysis",
    "path": "kg path Пономарева Шутова",
    "extract": "kg extract protocols/ --format records -o review/",
    "ingest": "kg ingest protocols/",
    "sources": "kg sources",
    "update": "kg update data/podosinovets.yaml",
    "synth": "kg synth --schools 1000 -o build/synth",
    "docs": "kg docs -o build/ontology",
    "site": "kg site -o build/site --lang ru",
    "report": ("kg report --cluster Подосиновский -o build/reports", "kg report --all"),
}
"""Examples of each command, shown under its help."""


def _example(command: str) -> str:
    given = EXAMPLES[command]
    lines = "\n\n".join(f"  {c}" for c in ((given,) if isinstance(given, str) else given))
    return f"Example:\n\n{lines}"


def _version(shown: bool) -> None:
    if shown:
        out.print(f"kg {version('kg')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show kg's version and exit."
        ),
    ] = False,
) -> None:
    """kg: a knowledge graph of educational clusters and their partnerships."""


# Plain by default: what is printed is mostly the user's data (names, values, messages that
# quote them), where rich would read "[...]" as markup and ":label:" as an emoji. The few
# lines styled on purpose ask for markup.
out = Console(soft_wrap=True, markup=False, emoji=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, markup=False, emoji=False, highlight=False)

EXIT_INVALID = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
KEPT = "interrupted; the previous build is kept"
UNCHANGED = "interrupted; the store is as it was"

Sources = Annotated[
    list[Path] | None,
    typer.Argument(help="Record files or folders (YAML, CSV). Default: data/.", show_default=False),
]
StoreOption = Annotated[Path, typer.Option("--store", help="The store a build wrote.")]
UserOption = Annotated[
    str | None, typer.Option(help="Endpoint user (or $KG_ENDPOINT_USER).", show_default=False)
]
PasswordOption = Annotated[
    str | None,
    typer.Option(help="Endpoint password (or $KG_ENDPOINT_PASSWORD).", show_default=False),
]


@contextmanager
def reported(interrupted: str = "interrupted") -> Iterator[None]:
    """Turn kg's errors into messages and exit codes: 1 invalid data, 2 anything else, 130
    for Ctrl-C, which gets one line (`interrupted`) rather than tracebacks."""
    try:
        yield
    except KeyboardInterrupt:
        err.print(interrupted)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except ValidationFailed as exc:
        err.print("[bold red]The graph does not conform to the shapes:[/]", markup=True)
        err.print(exc.report, markup=False, highlight=False)
        raise typer.Exit(EXIT_INVALID) from None
    except RecordErrors as exc:
        err.print(f"[bold red]{len(exc.errors)} bad record(s):[/]", markup=True)
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(EXIT_INVALID) from None
    except KgError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_ERROR) from None


def _count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


@app.command(epilog=_example("build"))
def build(
    sources: Sources = None,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the store and exports.")
    ] = DEFAULT_OUT,
    base: Annotated[str, typer.Option(help="Base IRI of the entities.")] = DEFAULT_BASE,
    backend: Annotated[
        str, typer.Option(help="oxigraph (on disk) or memory (rdflib).")
    ] = "oxigraph",
    validate: Annotated[bool, typer.Option(help="Check the SHACL shapes.")] = True,
) -> None:
    """Load records, infer, validate, and write the store and the Turtle export."""
    backend_name: Backend = "memory" if backend == "memory" else "oxigraph"
    with reported(KEPT):
        report = kg.build(
            sources or [Path("data")],
            out=out_dir,
            base=base,
            backend=backend_name,
            validate=validate,
            progress=sys.stderr.isatty(),
        )
    out.print(
        f"Built {_count(report.triples)} triples from {len(report.files)} record files "
        f"in {report.seconds:.2f} s: {_count(report.asserted)} asserted, "
        f"{_count(report.inferred)} inferred, {_count(report.ontology)} ontology.",
        highlight=False,
    )
    if validate:
        out.print("Shapes: conforms.", highlight=False)
    if report.store:
        out.print(f"Store:  {report.store}/", highlight=False)
    if report.turtle:
        out.print(f"Turtle: {report.turtle}", highlight=False)
    if report.maps:
        folder = report.maps[0].path.parent
        out.print(
            f"Maps:   {folder}/ ({len(report.maps)} maps: index.html is the whole network, "
            f"clusters.html the overview)",
            highlight=False,
        )
    if report.maps_skipped:
        out.print("Maps:   not drawn for a graph this size; `kg map` draws them", highlight=False)
    out.print(_class_table(report.classes))


def _class_table(classes: list[kg.build.ClassCount]) -> Table:  # type: ignore[name-defined]
    table = Table("class", "label", "entities", "triples", box=None, pad_edge=False)
    for c in classes:
        table.add_row(c.iri.rsplit("#", 1)[-1], c.label, str(c.entities), str(c.triples))
    return table


@app.command(epilog=_example("export"))
def export(
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="ttl, nt, trig, jsonld or xml; default: the --out file's extension, else ttl.",
            show_default=False,
        ),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write; default: stdout.")
    ] = None,
    store: StoreOption = DEFAULT_STORE,
    inferred: Annotated[bool, typer.Option(help="Include the inferred triples.")] = False,
    ontology: Annotated[bool, typer.Option(help="Include the ontology.")] = False,
    anonymize: Annotated[
        bool,
        typer.Option(help="Replace people by pseudonyms and scrub their names from all text."),
    ] = False,
    salt: Annotated[
        str | None,
        typer.Option(
            help="Key of the --anonymize pseudonyms (or $KG_ANONYMIZE_SALT); default: random.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export the built dataset; TriG keeps one named graph per source."""
    if fmt is not None and fmt not in SUFFIXES:
        err.print(f"error: unknown format {fmt!r}; expected one of {', '.join(SUFFIXES)}")
        raise typer.Exit(EXIT_ERROR)
    chosen: Format | None = fmt  # type: ignore[assignment]
    random_salt = False
    if anonymize:
        salt, random_salt = resolve_salt(salt)
    with reported():
        data = kg.export(
            chosen,
            store=store,
            out=out_file,
            inferred=inferred,
            ontology=ontology,
            anonymize=anonymize,
            salt=salt,
        )
    if random_salt:
        err.print(RANDOM_SALT_NOTE, markup=False, highlight=False)
    if out_file is None:
        sys.stdout.buffer.write(data)
    else:
        err.print(f"Wrote {out_file} ({_count(len(data))} bytes).", highlight=False)


@app.command(epilog=_example("validate"))
def validate(sources: Sources = None, store: StoreOption = DEFAULT_STORE) -> None:
    """Check record files (if given) or the built store against the SHACL shapes."""
    with reported():
        found = kg.validate(sources or [], store=store)
    if found:
        err.print(f"[bold red]{len(found)} violation(s):[/]", markup=True)
        for v in found:
            err.print(str(v), markup=False, highlight=False)
        raise typer.Exit(EXIT_INVALID)
    out.print("Conforms.")


@app.command(epilog=_example("stats"))
def stats(store: StoreOption = DEFAULT_STORE) -> None:
    """Triples per named graph, and entities and triples per class."""
    with reported():
        s = kg.stats(store)
    out.print(f"{_count(s.triples)} triples in {len(s.graphs)} named graphs", highlight=False)
    graphs = Table("graph", "triples", box=None, pad_edge=False)
    for name, n in s.graphs.items():
        graphs.add_row(name, str(n))
    out.print(graphs)
    out.print(_class_table(s.classes))


@app.command("queries", epilog=_example("queries"))
def list_queries(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """List the query catalogue: name, title, description, parameters."""
    with reported():
        entries = list(catalogue().values())
    if fmt == "json":
        out.print_json(
            data=[
                {
                    "name": q.name,
                    "title": {"ru": q.title_ru, "en": q.title_en},
                    "description": q.description,
                    "params": [
                        {
                            "name": p.name,
                            "type": p.type,
                            "default": p.default,
                            "example": p.example,
                            "description": p.description,
                        }
                        for p in q.params
                    ],
                }
                for q in entries
            ]
        )
        return
    for q in entries:  # a block each, whole lines: a table cuts names at the terminal's width
        out.print(f"{q.name}  {q.title_ru} / {q.title_en}", highlight=False)
        out.print(f"    {q.description}", highlight=False)
        for p in q.params:
            out.print(f"    -p {p.name}=…  {p.type}, default {p.default}", highlight=False)
        out.print()


TABLE_ROWS = 100
"""Rows a table shows unless asked for more: a terminal is no place for 68,000 of them."""


@app.command(epilog=_example("query"))
def query(
    name: Annotated[str | None, typer.Argument(help="Catalogue name or .rq file.")] = None,
    text: Annotated[str | None, typer.Option("-e", "--execute", help="SPARQL text.")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable.")
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, tsv, json, md; xlsx with -o FILE.")
    ] = "table",
    store: StoreOption = DEFAULT_STORE,
    endpoint: Annotated[
        str | None, typer.Option(help="A SPARQL endpoint URL to ask instead of the built store.")
    ] = None,
    user: UserOption = None,
    password: PasswordOption = None,
    limit: Annotated[
        int | None,
        typer.Option(help=f"Rows to show; default {TABLE_ROWS} in a table, all in a file format."),
    ] = None,
    offset: Annotated[int, typer.Option(help="Rows to skip first.")] = 0,
    show_all: Annotated[bool, typer.Option("--all", help="Every row, in a table too.")] = False,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Write the whole answer to this file (.csv, .tsv, .json, .md, .xlsx).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run a catalogue query, a query file, or SPARQL text on the built store or an endpoint."""
    if fmt not in (*FORMATS, "xlsx"):
        err.print(f"error: unknown format {fmt!r}; expected one of {', '.join(FORMATS)}, xlsx")
        raise typer.Exit(EXIT_ERROR)
    if fmt == "xlsx" and out_file is None:
        err.print("error: --format xlsx writes a file: give -o FILE.xlsx")
        raise typer.Exit(EXIT_ERROR)
    if limit is None and not show_all and fmt == "table" and out_file is None:
        limit = TABLE_ROWS
    with reported():
        params = _params(param or [])
        remote = kg.Endpoint(endpoint, user=user, password=password) if endpoint else None
        result = kg.query(
            name, text=text, params=params, store=store, endpoint=remote,
            limit=None if show_all else limit, offset=offset,
        )  # fmt: skip
        if out_file is not None:
            kg.save(result, out_file, None if fmt == "table" else fmt, query=name)
    if out_file is not None:
        err.print(f"Wrote {out_file} ({_count(len(result.rows))} rows).", highlight=False)
        return
    if fmt == "table" and result.kind == "select":
        table = Table(*result.variables, box=None, pad_edge=False)
        for row in result.rows:
            table.add_row(*(compact(t) for t in row))
        out.print(table)
        total = len(result.rows) if result.total is None else result.total
        err.print(f"{total} row(s)", highlight=False)
    else:
        sys.stdout.write(render(result, fmt))
    if result.more:
        err.print(f"{result.more} more rows; --limit/--offset/--all", highlight=False)


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise KgError(f"--param {pair!r}: expected key=value")
        params[key.strip()] = value
    return params


@app.command(epilog=_example("push"))
def push(
    endpoint: Annotated[str, typer.Option(help="SPARQL endpoint URL (queries and updates).")],
    gsp: Annotated[
        str | None,
        typer.Option(help="Graph Store Protocol URL: upload by PUT instead of SPARQL Update."),
    ] = None,
    graph: Annotated[
        str | None, typer.Option(help="Put everything into this one named graph.")
    ] = None,
    user: UserOption = None,
    password: PasswordOption = None,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Upload the built graph to an endpoint, one named graph per source, replacing each."""
    with reported():
        report = kg.push(
            kg.Endpoint(endpoint, user=user, password=password), store=store, gsp=gsp, graph=graph
        )
    for name, n in report.graphs.items():
        out.print(f"{name}: {_count(n)} triples", highlight=False)
    out.print(
        f"Pushed {len(report.graphs)} graphs to {endpoint} by {report.method}.", highlight=False
    )


@app.command(epilog=_example("serve"))
def serve(
    store: StoreOption = DEFAULT_STORE,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    timeout: Annotated[
        float, typer.Option(help="Seconds a query may run before it is stopped (504).")
    ] = 30.0,
    workers: Annotated[
        int, typer.Option(help="Queries answered at once; more wait, then get 503.")
    ] = 2,
) -> None:
    """Serve the built store as a read-only SPARQL endpoint with a query page; a rebuilt store
    is served from the next request on."""
    with reported():
        server = kg.serve(store, host=host, port=port, workers=workers, timeout=timeout)
    bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
    out.print(f"SPARQL endpoint: http://{bound_host}:{bound_port}/sparql (read-only)")
    out.print(f"Workbench:       http://{bound_host}:{bound_port}/")
    said = logging.StreamHandler(sys.stderr)  # "store rebuilt; serving the new one"
    said.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("kg.sparql.serve")
    logger.addHandler(said)
    logger.setLevel(logging.INFO)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        logger.removeHandler(said)


@app.command(epilog=_example("site"))
def site(
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the pages.")
    ] = DEFAULT_OUT / "site",
    lang: Annotated[str, typer.Option(help="ru or en.")] = "ru",
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write a static HTML page for every entity, to publish (the pages of `kg serve`)."""
    with reported():
        written = kg.site(store, out=out_dir, lang=lang)
    out.print(f"{written[0]}: {len(written) - 1} entity pages", highlight=False)


@app.command(epilog=_example("report"))
def report(
    cluster: Annotated[
        str | None, typer.Option(help="The cluster (name, alias, or part of the name).")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="A passport for every cluster.")] = False,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the HTML and DOCX files.")
    ] = DEFAULT_OUT / "reports",
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write a cluster's passport in Russian, as HTML and DOCX: members, council, partners,
    meetings and decisions, plan items, map, sources."""
    if (cluster is None) == (not every):
        err.print("error: give --cluster NAME or --all", highlight=False)
        raise typer.Exit(EXIT_ERROR)
    with reported():
        written = kg.report(store, out=out_dir, cluster=cluster)
    for path in written:
        out.print(str(path), highlight=False)


@app.command("map", epilog=_example("map"))
def map_(
    cluster: Annotated[str | None, typer.Option(help="Only this cluster's map.")] = None,
    kinds: Annotated[
        list[str] | None,
        typer.Option("--kinds", help="Node kinds to show (repeatable): school, person, event, ..."),
    ] = None,
    out_path: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="A folder of maps, one .html file, or .gexf/.graphml for Gephi."
        ),
    ] = DEFAULT_OUT / "maps",
    lang: Annotated[str, typer.Option(help="ru or en.")] = "ru",
    fold: Annotated[
        bool,
        typer.Option(
            help="Fold people and events into weighted organization-to-organization edges."
        ),
    ] = False,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Write interactive network maps (self-contained HTML) of the whole network and of each
    cluster."""
    with reported():
        maps = kg.map(store, out=out_path, cluster=cluster, kinds=kinds, lang=lang, fold=fold)
    for m in maps:
        out.print(f"{m.path}  {m.title}: {m.nodes} nodes, {m.edges} edges", highlight=False)


@app.command(epilog=_example("analyze"))
def analyze(
    cluster: Annotated[str | None, typer.Option(help="Only this cluster's network.")] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the CSV and Markdown.")
    ] = DEFAULT_OUT / "analysis",
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Centrality, brokers between clusters, weak ties, communities, and cluster summaries."""
    with reported():
        result, files = kg.analyze(
            store, cluster=cluster, out=out_dir, progress=sys.stderr.isatty()
        )
    for name, table in result.tables().items():
        shown = Table(
            *(table[0] if table else ["—"]),
            title=TITLES[name],
            box=None,
            pad_edge=False,
            title_justify="left",
        )
        for row in table[:15]:
            shown.add_row(*(str(v) for v in row.values()))
        out.print(shown)
    if result.sampled:
        out.print(
            f"Betweenness estimated from {result.sampled[0]} sampled sources of "
            f"{result.sampled[1]:,} nodes.",
            highlight=False,
        )
    out.print(f"Written: {', '.join(str(f) for f in files)}", highlight=False)


@app.command(epilog=_example("path"))
def path(
    a: Annotated[str, typer.Argument(help="A person, organization, event or cluster name.")],
    b: Annotated[str, typer.Argument(help="Another one.")],
    limit: Annotated[int, typer.Option(help="At most this many chains.")] = 5,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """The shortest chains of relations between two entities, each step named."""
    with reported():
        chains = kg.path(a, b, store=store, limit=limit)
    if not chains:
        out.print(f"No chain of relations joins {a} and {b}.", highlight=False)
        raise typer.Exit(1)
    for chain in chains:
        out.print("\n   ".join(chain), highlight=False)
        out.print()


@app.command(epilog=_example("extract"))
def extract(
    files: Annotated[
        list[Path], typer.Argument(help="Documents (.txt, .docx, .html), or folders of them.")
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="facts (JSON, the corpus format) or records (YAML, the data/ format).",
        ),
    ] = "facts",
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write DIR/<stem>.json or .yaml; default: print."),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            help="Records: name what this built store has by its id, leave out events it holds."
        ),
    ] = None,
) -> None:
    """Extract organizations, people, positions, events, plan items and decisions."""
    if fmt == "records" and out_dir is None:
        err.print("records need --out DIR", highlight=False)
        raise typer.Exit(EXIT_ERROR)
    with reported():
        results = kg.extract(files, fmt=fmt, out=out_dir, store=store)
    for result in results:
        if result.output is not None:
            facts = result.facts
            named = ""
            if result.reviewed is not None:
                named = (
                    f"; {len(result.reviewed.merges)} named by id, "
                    f"{len(result.reviewed.held)} facts the graph holds left out"
                )
            err.print(
                f"{result.output}: {len(facts['people'])} people, "
                f"{len(facts['organizations'])} organizations, {len(facts['events'])} events, "
                f"{len(facts['plan_items'])} plan items, {len(facts['decisions'])} decisions"
                + named,
                highlight=False,
            )
        else:
            sys.stdout.write(json.dumps(result.facts, ensure_ascii=False, indent=2) + "\n")


@app.command(epilog=_example("ingest"))
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Documents, or folders of them; with --remove, ingested documents (the files "
            "they were read from, or their graphs' IRIs).",
            show_default=False,
        ),
    ],
    explain: Annotated[
        bool,
        typer.Option(help="Say why mentions were taken as one entity, or as one the graph has."),
    ] = False,
    remove: Annotated[
        bool,
        typer.Option(
            "--remove",
            help="Take the documents out of the store (documents that cited what only they "
            "stated are ingested again).",
        ),
    ] = False,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Extract documents into the store, each in its own named graph, with provenance."""
    with reported(UNCHANGED):
        # as typed: a Path would fold the "//" of a graph's IRI
        named = paths if remove else [Path(p) for p in paths]
        results = kg.ingest(named, store=store, remove=remove)
    for r in results:
        if r.removed:
            gone = (
                f"{_count(r.triples)} triples out of <{r.graph}>"
                if r.changed
                else f"<{r.graph}> stays: another file has the same text"
            )
            out.print(f"{shown(r.path)}: removed, {gone}", highlight=False)
            continue
        state = "loaded" if r.changed else "unchanged"
        out.print(
            f"{r.path}: {state}, {_count(r.triples)} triples in <{r.graph}>, "
            f"{len(r.within)} mentions merged within the document, "
            f"{len(r.merges)} resolved to entities already in the graph",
            highlight=False,
        )
        if explain:
            for merge in [*r.within, *r.merges]:
                out.print(f"   {merge}", highlight=False)


@app.command("sources", epilog=_example("sources"))
def list_sources(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """List the record files and ingested documents the store holds, with their triples."""
    if fmt not in ("table", "json"):
        err.print(f"error: unknown format {fmt!r}; expected table or json")
        raise typer.Exit(EXIT_ERROR)
    with reported():
        found = kg.sources(store)
    if fmt == "json":
        out.print_json(data=[_source_json(s) for s in found])
        return
    kinds = [s.kind for s in found]
    out.print(
        f"{kinds.count('records')} record files, {kinds.count('document')} documents; "
        f"{_count(sum(s.triples + s.inferred for s in found))} triples in all",
        highlight=False,
    )
    table = Table("source", "kind", box=None, pad_edge=False)
    table.add_column("title", max_width=40, no_wrap=True)  # a document's first line may be long
    for name in ("triples", "inferred", "graph"):
        table.add_column(name)
    for s in found:
        table.add_row(
            ", ".join(str(shown(f)) for f in s.files) or "—",
            s.kind,
            s.title or "",
            str(s.triples),
            str(s.inferred) if s.kind == "document" else "",
            s.graph,
        )
    # rows whole, however narrow the terminal: a path or an IRI cut short names nothing
    table.width = out.measure(table, options=out.options.update(max_width=sys.maxsize)).maximum
    out.print(table)


def _source_json(source: Source) -> dict[str, object]:
    return {
        "kind": source.kind,
        "files": [str(f) for f in source.files],
        "title": source.title,
        "graph": source.graph,
        "triples": source.triples,
        "inferred_graph": source.inferred_graph,
        "inferred": source.inferred if source.kind == "document" else None,
    }


@app.command(epilog=_example("update"))
def update(
    paths: Annotated[
        list[Path], typer.Argument(help="Record files added, changed, or deleted since the build.")
    ],
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Put changed record files into the store without a rebuild (a deleted file's graph goes)."""
    with reported(UNCHANGED):
        report = kg.update(paths, store=store)
    for f in report.files:
        change = "removed" if f.removed else f"{_count(f.before)} -> {_count(f.after)} triples"
        out.print(f"{shown(f.path)}: <{f.graph}> {change}", highlight=False)
    out.print(
        f"Inferred: +{_count(report.inferred_added)} -{_count(report.inferred_removed)}. "
        f"Shapes: conform. {report.seconds:.2f} s.",
        highlight=False,
    )
    out.print(
        "Exports and maps are as the last build left them: `kg export`, `kg map` redo them.",
        highlight=False,
    )


@app.command(epilog=_example("synth"))
def synth(
    schools: Annotated[int, typer.Option(help="How many schools (40000 is Russia).")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same files.")] = 1,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the records.")
    ] = DEFAULT_OUT / "synth",
) -> None:
    """Generate deterministic synthetic records of a national network, for benchmarks."""
    with reported():
        report = kg.synth(schools, seed=seed, out=out_dir)
    out.print(
        f"{report.out}/: {report.files} record files, {report.clusters} clusters, "
        f"{report.schools} schools",
        highlight=False,
    )


@app.command(epilog=_example("docs"))
def docs(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the HTML.")] = DEFAULT_OUT
    / "ontology",
) -> None:
    """Render the ontology's HTML documentation (pyLODE)."""
    with reported():
        index = kg.docs(out_dir)
    english = index.with_name("index.en.html")
    out.print(f"Ontology documentation: {index} (English: {english})", highlight=False)


def main() -> Callable[[], None]:
    return app  # pragma: no cover
