"""Against a real Virtuoso on 127.0.0.1: push, then every catalogue query as locally.

The server is started in a fresh folder on free ports; kg pushes as a user with the
SPARQL_UPDATE role through /sparql-auth (Digest), and queries anonymously at /sparql.
Both data/ and a synthetic network of 1,000 schools (500,000 triples, about a minute here)
are compared; benchmarks/virtuoso_check.py times the same beside an Oxigraph server.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.sparql.catalogue import catalogue
from kg.sparql.results import render, to_json
from tests.conftest import missing
from tests.servers import USER, Virtuoso, cutting_proxy, virtuoso, virtuoso_binary

SYNTH_SCHOOLS = 1000
RETRIES = 3
"""Virtuoso 7.2 now and then counts part of a GROUP BY (826 of 1,000 schools, or none) under
load, and answers rightly when asked again (its count() is known to falter: openlink/
virtuoso-opensource#1053). A wrong answer is asked again, twice at most, and reported."""
MAX_ROWS = 50_000
"""The server's ResultSetMaxRows: Debian's 10,000 would cut answers of 1,500 schools."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    if virtuoso_binary() is None:
        missing("Virtuoso (apt-get install virtuoso-opensource)")
    with virtuoso(tmp_path_factory.mktemp("virtuoso"), max_rows=MAX_ROWS) as running:
        yield running


@pytest.fixture
def pusher(server: Virtuoso) -> Iterator[kg.Endpoint]:
    """An endpoint allowed to update; the graphs a test pushes are dropped after it."""
    endpoint = kg.Endpoint(server.sparql_auth, user=USER, password=server.password)
    before = set(endpoint.graphs())
    yield endpoint
    for graph in set(endpoint.graphs()) - before:
        endpoint.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    kg.synth(SYNTH_SCHOOLS, seed=1, out=folder / "records")
    report = kg.build([folder / "records"], out=folder / "build", validate=False, maps=False)
    assert report.store is not None
    return report.store


def synth_params(store: Path) -> dict[str, str]:
    """Parameter values that find something in a synthetic graph, by parameter name."""

    def first(sparql: str) -> str:
        rows = kg.query(text=sparql, store=store).rows
        assert rows and rows[0][0] is not None, sparql
        return rows[0][0].value

    return {
        "cluster": first(
            "SELECT ?n WHERE { ?c a kg:EducationalCluster ; rdfs:label ?l BIND (STR(?l) AS ?n) }"
            " ORDER BY ?n LIMIT 1"
        ),
        "person": first(
            "SELECT ?n WHERE { ?i kg:speaker ?p . ?p rdfs:label ?l BIND (STR(?l) AS ?n) }"
            " GROUP BY ?n ORDER BY DESC(COUNT(?i)) ?n LIMIT 1"
        ),
        "event": first(
            "SELECT ?e WHERE { ?d kg:decisionOf ?e } GROUP BY ?e ORDER BY DESC(COUNT(?d)) ?e"
            " LIMIT 1"
        ),
        "name": first(
            "SELECT ?n WHERE { ?x kg:partner ?o ; kg:statedIn ?d . ?o rdfs:label ?l"
            " BIND (STR(?l) AS ?n) } GROUP BY ?n ORDER BY DESC(COUNT(?x)) ?n LIMIT 1"
        ),
        "from": "2021-01-01",
        "to": "2021-12-31",
        "date": "2021-06-15",
    }


def compare_catalogue(store: Path, endpoint: str, values: dict[str, str] | None = None) -> int:
    """Every catalogue query, locally and at the endpoint: the same JSON. Rows compared."""
    rows = 0
    for name, entry in catalogue().items():
        params = {p.name: values[p.name] for p in entry.params if values and p.name in values}
        try:
            answer = kg.query(name, params=params, store=store)
        except kg.KgError as exc:  # a name the graph lacks: the same error there
            with pytest.raises(kg.KgError, match=re.escape(str(exc))):
                kg.query(name, params=params, endpoint=endpoint)
            continue
        local = to_json(answer)
        answers = [to_json(kg.query(name, params=params, endpoint=endpoint))]
        while answers[-1] != local and len(answers) < RETRIES:
            answers.append(to_json(kg.query(name, params=params, endpoint=endpoint)))
        assert answers[-1] == local, name
        if len(answers) > 1:
            wrong = [len(json.loads(a)["results"]["bindings"]) for a in answers[:-1]]
            warnings.warn(f"Virtuoso: {name} wrong, {wrong} rows, then right", stacklevel=2)
        rows += len(answer.rows)
    return rows


def test_every_catalogue_query_answers_on_virtuoso_as_locally(
    server: Virtuoso, pusher: kg.Endpoint, built: kg.BuildReport
) -> None:
    assert built.store is not None
    report = kg.push(pusher, store=built.store)
    assert report.method == "SPARQL update"
    assert sum(report.graphs.values()) == built.triples
    assert compare_catalogue(built.store, server.sparql) > 250


def test_a_synthetic_network_answers_on_virtuoso_as_locally(
    server: Virtuoso, pusher: kg.Endpoint, synth_store: Path
) -> None:
    kg.push(pusher, store=synth_store)
    values = synth_params(synth_store)
    assert compare_catalogue(synth_store, server.sparql, values) > 2000
    assert compare_catalogue(synth_store, server.sparql) > 1000  # the defaults too


def test_push_replaces_what_was_there(
    server: Virtuoso, pusher: kg.Endpoint, built: kg.BuildReport
) -> None:
    assert built.store is not None
    pusher.update(
        "INSERT DATA { GRAPH <https://w3id.org/edu-cluster-kg/id/graph/podosinovets>"
        " { <urn:stale> <urn:p> <urn:o> } }"
    )
    kg.push(pusher, store=built.store)
    kg.push(pusher, store=built.store)
    count = kg.query(
        text="SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }"
        ' FILTER (STRSTARTS(STR(?g), "https://w3id.org/edu-cluster-kg/")) }',
        endpoint=server.sparql,
    )
    assert count.rows[0][0] is not None and int(count.rows[0][0].value) == built.triples


def test_push_by_graph_store_protocol(
    server: Virtuoso, pusher: kg.Endpoint, built: kg.BuildReport
) -> None:
    assert built.store is not None
    report = kg.push(pusher, store=built.store, gsp=server.gsp_auth)
    assert report.method == "graph store protocol"
    local = kg.query("cluster-partners", store=built.store)
    assert to_json(kg.query("cluster-partners", endpoint=server.sparql)) == to_json(local)


def test_cli_push_and_query(server: Virtuoso, pusher: kg.Endpoint, built: kg.BuildReport) -> None:
    assert built.store is not None
    runner = CliRunner()
    push = ["push", "--endpoint", server.sparql_auth, "--store", str(built.store)]
    result = runner.invoke(app, [*push, "--user", USER, "--password", server.password])
    assert result.exit_code == 0, result.output
    assert "by SPARQL update" in result.output
    assert server.password not in result.output
    query = ["query", "cluster-partners", "--endpoint", server.sparql_auth, "--format", "json"]
    env = {"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": server.password}
    result = runner.invoke(app, query, env=env)
    assert result.exit_code == 0, result.output
    local = render(kg.query("cluster-partners", store=built.store), "json")
    assert json.loads(result.output) == json.loads(local)
    assert server.password not in result.output


def test_a_wrong_password_is_a_clear_error_even_after_a_right_one(server: Virtuoso) -> None:
    right = kg.Endpoint(server.sparql_auth, user=USER, password=server.password)
    assert kg.query(text="ASK {}", endpoint=right).boolean
    wrong = kg.Endpoint(server.sparql_auth, user=USER, password="wrong")
    with pytest.raises(kg.KgError, match="sparql-auth: query failed: HTTP 401"):
        kg.query("brokers", endpoint=wrong)
    with pytest.raises(kg.KgError, match="sparql-auth: query failed: HTTP 401"):
        kg.query("brokers", endpoint=server.sparql_auth)  # no credentials at all


def test_anonymous_updates_are_refused(server: Virtuoso) -> None:
    with pytest.raises(kg.KgError, match=r"update failed: .*permission"):
        kg.Endpoint(server.sparql).update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> 1 } }")


def test_an_answer_cut_at_the_row_limit_is_refused(server: Virtuoso) -> None:
    digits = "{ 0 1 2 3 4 5 6 7 8 9 }"
    many = "SELECT ?a WHERE { " + " ".join(f"VALUES ?{v} {digits}" for v in "abcde") + " }"
    with pytest.raises(kg.KgError, match=f"cut the answer at {MAX_ROWS} rows"):  # of 100,000
        kg.query(text=many, endpoint=server.sparql)


def test_blank_nodes_booleans_ask_and_construct(server: Virtuoso, pusher: kg.Endpoint) -> None:
    graph = "urn:kg:test"
    a, b = ox.BlankNode("a"), ox.BlankNode("b")
    quads = [
        ox.Quad(a, ox.NamedNode("urn:p"), ox.Literal("Подосиновец"), ox.NamedNode(graph)),
        ox.Quad(a, ox.NamedNode("urn:q"), b, ox.NamedNode(graph)),
        ox.Quad(b, ox.NamedNode("urn:r"), ox.Literal(True), ox.NamedNode(graph)),
    ]
    pusher.replace_graph_by_update(graph, quads)
    ask = "ASK { ?x <urn:p> ?name ; <urn:q> ?y . ?y <urn:r> true }"
    assert kg.query(text=ask, endpoint=server.sparql).boolean is True
    assert kg.query(text="ASK { ?x <urn:p> 'nothing' }", endpoint=server.sparql).boolean is False
    rows = kg.query(
        text="SELECT ?x ?y ?flag WHERE { ?x <urn:q> ?y . ?y <urn:r> ?flag }",
        endpoint=server.sparql,
    ).rows
    assert len(rows) == 1
    x, y, flag = rows[0]
    assert isinstance(x, ox.BlankNode) and isinstance(y, ox.BlankNode) and x != y
    assert flag == ox.Literal(True)
    triples = kg.query(
        text="CONSTRUCT { ?x <urn:p> ?name } WHERE { ?x <urn:p> ?name }", endpoint=server.sparql
    ).triples
    assert [t.object for t in triples] == [ox.Literal("Подосиновец")]


def _kg_quads(server: Virtuoso) -> set[tuple[str, ...]]:
    """Every quad in kg's graphs and in urn: graphs, temporary ones included."""
    rows = kg.query(
        text="SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER ("
        ' STRSTARTS(STR(?g), "https://w3id.org/edu-cluster-kg/") || STRSTARTS(STR(?g), "urn:")) }',
        endpoint=server.sparql,
    ).rows
    return {tuple(str(term) for term in row) for row in rows}


@pytest.mark.parametrize("cut", ["an upload", "the replacing request"])
def test_a_push_cut_off_midway_leaves_the_graphs_as_they_were(
    server: Virtuoso, pusher: kg.Endpoint, built: kg.BuildReport, cut: str
) -> None:
    assert built.store is not None

    def through(proxy: str) -> kg.Endpoint:
        return kg.Endpoint(f"{proxy}/sparql-auth", user=USER, password=server.password)

    kg.push(pusher, store=built.store)
    with cutting_proxy(server.base) as counting:
        kg.push(through(counting.base), store=built.store)
    pusher.update(
        "INSERT DATA { GRAPH <https://w3id.org/edu-cluster-kg/id/graph/podosinovets>"
        " { <urn:stale> <urn:p> <urn:o> } }"
    )
    before = _kg_quads(server)
    # Each update is two requests here: Digest answers the first with its challenge.
    cut_at = len(counting.updates) // 2 if cut == "an upload" else len(counting.updates)
    failed = pytest.raises(kg.KgError, match="update failed: Remote end closed connection")
    with cutting_proxy(server.base, cut_update=cut_at) as proxy, failed:
        kg.push(through(proxy.base), store=built.store)
    assert proxy.updates[cut_at - 1].startswith("INSERT" if cut == "an upload" else "MOVE GRAPH")
    assert _kg_quads(server) == before
