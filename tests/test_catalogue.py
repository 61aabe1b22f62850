"""The catalogue: every query documented, parameters typed and bound, hostile values inert."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.errors import KgError
from kg.sparql.catalogue import catalogue, find
from kg.sparql.query import bind

HOSTILE = [
    'x" } ; DROP ALL ; #',
    "x' } UNION { ?s ?p ?o } #",
    "> } INSERT DATA { <a:b> <a:b> <a:b> } #",
    '\\" ) } #\n}',
    "<script>alert(1)</script>",
]


def test_catalogue_holds_at_least_18_documented_queries() -> None:
    queries = catalogue()
    assert len(queries) >= 18
    for q in queries.values():
        assert q.title_ru and q.title_en and q.description, q.name
        for p in q.params:
            assert p.default and p.example and p.description, (q.name, p.name)


def test_every_parameter_default_is_a_valid_value_of_its_type() -> None:
    for q in catalogue().values():
        assert set(q.bindings({})) == {p.name for p in q.params}


def test_unknown_query_name_is_a_clear_error() -> None:
    with pytest.raises(KgError, match=r"no query named 'nosuch'.*`kg queries` lists them"):
        find("nosuch")


def test_unknown_parameter_names_the_known_ones() -> None:
    with pytest.raises(KgError, match="query brokers has no parameter town; its parameters: min"):
        find("brokers").bindings({"town": "x"})


@pytest.mark.parametrize(
    ("query", "param", "value", "problem"),
    [
        ("brokers", "min", "two", "is not a valid integer"),
        ("positions-as-of", "date", "26.02.2025", "is not a valid date"),
        ("meeting-decisions", "event", "not an iri", "is not a valid iri"),
        ("meeting-decisions", "event", "http://x/> } DROP ALL {", "is not a valid iri"),
    ],
)
def test_badly_typed_parameter_is_refused(query: str, param: str, value: str, problem: str) -> None:
    with pytest.raises(KgError, match=f"parameter {param}: .* {problem}"):
        find(query).bindings({param: value})


def test_bound_value_is_a_quoted_term_in_a_values_block() -> None:
    text = "SELECT ?x WHERE {\n  ?x ?p ?name .\n}"
    bound = bind(text, {"name": find("provenance").params[0].term('x" } ; DROP ALL ; #')})
    assert bound == (
        'SELECT ?x WHERE {\n  VALUES (?name) { ("x\\" } ; DROP ALL ; #"'
        "^^<http://www.w3.org/2001/XMLSchema#string>) }\n  ?x ?p ?name .\n}"
    )


def test_hostile_values_for_every_parameter_match_nothing_and_change_nothing(
    built: kg.BuildReport,
) -> None:
    assert built.store is not None
    before = kg.stats(built.store).triples
    for q in catalogue().values():
        for p in q.params:
            if p.type not in ("text", "ru"):
                continue
            for value in HOSTILE:
                if p.names:  # looked up among names first: it finds no one
                    with pytest.raises(KgError, match=f"parameter {p.name}: no .* named"):
                        kg.query(q.name, params={p.name: value}, store=built.store)
                    continue
                result = kg.query(q.name, params={p.name: value}, store=built.store)
                assert result.kind == "select"
                mentions = [
                    t
                    for row in result.rows
                    for t in row
                    if t is not None and ("DROP" in t.value or "script" in t.value)
                ]
                assert mentions == [], (q.name, p.name, value)
    assert kg.stats(built.store).triples == before


def test_inline_sparql_syntax_error_names_line_and_column(built: kg.BuildReport) -> None:
    assert built.store is not None
    with pytest.raises(KgError, match=r"SPARQL syntax error at line 3, column 2"):
        kg.query(text="SELECT ?x WHERE {\n  ?x a kg:Foo ?\n}", store=built.store)


def test_update_through_query_is_refused(built: kg.BuildReport) -> None:
    assert built.store is not None
    with pytest.raises(KgError, match="SPARQL syntax error"):
        kg.query(text="DROP ALL", store=built.store)


def test_a_query_file_runs_by_path(built: kg.BuildReport, tmp_path: Path) -> None:
    assert built.store is not None
    path = tmp_path / "count.rq"
    path.write_text(
        "# title: {ru: Число, en: Count}\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/edu-cluster-kg/"
        "ontology#Person> }\n",
        encoding="utf-8",
    )
    result = kg.query(str(path), store=built.store)
    assert result.rows[0][0] is not None and int(result.rows[0][0].value) >= 8


def test_every_where_clause_gets_the_values_block_and_comments_are_left_alone() -> None:
    text = (
        "SELECT ?x WHERE {  # WHERE { in a comment\n  { SELECT ?x ?name WHERE { ?x ?p ?name } }\n}"
    )
    bound = bind(text, {"name": find("provenance").params[0].term("Школа")})
    block = '\n  VALUES (?name) { ("Школа"^^<http://www.w3.org/2001/XMLSchema#string>) }'
    assert bound == (
        f"SELECT ?x WHERE {{{block}  # WHERE {{ in a comment\n"
        f"  {{ SELECT ?x ?name WHERE {{{block} ?x ?p ?name }} }}\n}}"
    )
