"""The embedded store's ORDER BY, done in Python: the order Oxigraph itself gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import kg
from kg.sparql.catalogue import catalogue
from kg.sparql.query import bind
from kg.store import OxigraphStore
from kg.store.ordering import split

MIXED = """
PREFIX ex: <http://example.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {
  ex:a ex:v 10 , 9 , "9.5"^^xsd:decimal , "1e2"^^xsd:double , -3 .
  ex:e ex:v 7 , "0.5"^^xsd:decimal .
  ex:b ex:v "Ёлка" , "ель" , "Ель" , "ель"@ru , "елка" , "" .
  ex:c ex:v ex:z , ex:y , "2024-05-01"^^xsd:date , "2023-12-31"^^xsd:date .
  ex:d ex:v _:x .
}
"""


@pytest.fixture
def mixed() -> OxigraphStore:
    store = OxigraphStore()
    store.raw.update(MIXED)
    return store


def _rows_sorted_by_oxigraph(store: OxigraphStore, sparql: str) -> list[tuple[str, ...]]:
    # a closing LIMIT leaves the ORDER BY to the store itself
    native = store.raw.query(sparql + " LIMIT 1000", use_default_graph_as_union=True)
    assert isinstance(native, ox.QuerySolutions)
    return [tuple(str(t) for t in row) for row in native]


KINDS = {
    "numbers": "isNumeric(?v)",
    "text": 'isLiteral(?v) && (LANG(?v) != "" || DATATYPE(?v) = xsd:string)',
    "dates": "isLiteral(?v) && DATATYPE(?v) = xsd:date",
    "iris": "isIRI(?v)",
}


@pytest.mark.parametrize("order", ["?v ?s", "DESC(?v) ?s", "?s DESC(?v)", "ASC(?s) ASC(?v)"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_rows_sorted_in_python_come_in_the_order_oxigraph_gives(
    mixed: OxigraphStore, kind: str, order: str
) -> None:
    # one kind of term at a time: SPARQL leaves the order of unlike literals to the store
    sparql = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        f"SELECT ?s ?v WHERE {{ ?s ?p ?v FILTER ({KINDS[kind]}) }} ORDER BY {order}"
    )
    assert split(sparql) is not None
    ours = [tuple(str(t) for t in row) for row in mixed.query(sparql).rows]
    assert len(ours) > 1
    assert ours == _rows_sorted_by_oxigraph(mixed, sparql)


def test_unbound_values_come_first_then_blank_nodes_then_iris_then_literals() -> None:
    store = OxigraphStore()
    store.raw.update(MIXED)
    sparql = """SELECT ?v ?w WHERE { ?s ?p ?v OPTIONAL { ?v ?q ?w } }
        ORDER BY ?w ?v"""
    rows = store.query(sparql).rows
    kinds = [type(row[0]).__name__ for row in rows]
    assert kinds.index("BlankNode") < kinds.index("NamedNode") < kinds.index("Literal")
    assert all(row[1] is None for row in rows)


def test_an_order_by_expression_or_a_page_is_left_to_the_store() -> None:
    assert split("SELECT ?a WHERE { ?a ?b ?c } ORDER BY STR(?a)") is None
    assert split("SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 3") is None
    assert split("SELECT ?a WHERE { { SELECT ?a { ?a ?b ?c } ORDER BY ?a } }") is None
    closing = "SELECT ?a WHERE { ?a ?b ?c }\nORDER BY DESC(?a) ?c\n# the end\n"
    text, keys = split(closing) or ("", [])
    assert text.rstrip().endswith("}") and [(k.variable, k.descending) for k in keys] == [
        ("a", True),
        ("c", False),
    ]


def test_a_key_the_answer_does_not_hold_is_left_to_the_store(mixed: OxigraphStore) -> None:
    sparql = "SELECT ?v WHERE { ?s ?p ?v FILTER (isNumeric(?v)) } ORDER BY ?s DESC(?v)"
    rows = [tuple(str(t) for t in row) for row in mixed.query(sparql).rows]
    assert rows == _rows_sorted_by_oxigraph(mixed, sparql)


def test_every_catalogue_answer_on_data_is_in_the_order_oxigraph_gives(
    built: kg.BuildReport,
) -> None:
    assert built.store is not None
    store = OxigraphStore(built.store, read_only=True)
    try:
        for name, entry in catalogue().items():
            prepared = bind(entry.text_for("oxigraph"), entry.bindings({}))
            if split(prepared) is None:
                continue
            ours = [tuple(str(t) for t in row) for row in store.query(prepared).rows]
            native = store.raw.query(prepared + " LIMIT 100000", use_default_graph_as_union=True)
            assert isinstance(native, ox.QuerySolutions)
            assert ours == [tuple(str(t) for t in row) for row in native], name
    finally:
        store.close()
