"""kg.validate compiles the shapes into SPARQL; pySHACL is the oracle it must agree with,
on data/ and on graphs that break every kind of constraint the shapes use."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
import rdflib
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, XSD, Literal, Namespace

import kg
from kg.errors import KgError
from kg.rdf.namespaces import KG, SH
from kg.rdf.ontology import shapes_graph
from kg.rdf.shapes import Shapes, Violation, check
from kg.rdf.terms import to_graph
from tests.conftest import DATA

build_module = importlib.import_module("kg.pipeline.build")
E = Namespace("http://example.org/")
TIME = Namespace("http://www.w3.org/2006/time#")


def oracle(data: rdflib.Graph) -> list[Violation]:
    """What the build reported when it ran pySHACL (kg.validate.check before it compiled)."""
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True
    )
    assert isinstance(results, rdflib.Graph)
    out = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        labels = sorted(str(x) for x in data.objects(focus, RDFS.label)) if focus else []
        out.append(
            Violation(
                focus=str(focus),
                label=labels[0] if labels else None,
                path=data.namespace_manager.normalizeUri(path)
                if isinstance(path, rdflib.URIRef)
                else None,
                message=str(results.value(result, SH.resultMessage)),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return _normal(out)


IN_LIST = re.compile(r"not in list \[(.*)\]$")


def _normal(found: list[Violation]) -> list[Violation]:
    """pySHACL lists sh:in's values in set order, which changes with the hash seed."""

    def fix(v: Violation) -> Violation:
        m = IN_LIST.search(v.message)
        if not m:
            return v
        items = sorted(m.group(1).split(", "))
        message = v.message[: m.start()] + f"not in list [{', '.join(items)}]"
        return Violation(v.focus, v.label, v.path, message, v.severity)

    return sorted(map(fix, found), key=lambda v: (v.focus, v.path or "", v.message))


def ru(text: str) -> Literal:
    return Literal(text, lang="ru")


def broken() -> rdflib.Graph:
    """Every kind of constraint in shapes.ttl broken at least once."""
    g = rdflib.Graph()
    g.add((E.a, RDF.type, E.Thing))  # minCount with a message (targetSubjectsOf rdf:type)
    g.add((E.b, RDF.type, E.Thing))
    g.add((E.b, RDFS.label, E.notliteral))  # nodeKind
    g.add((E.o, RDF.type, KG.Organization))
    g.add((E.o, RDFS.label, ru("Школа")))
    g.add((E.o, RDFS.label, Literal("Школа 2")))  # maxCount, datatype
    g.add((E.o, KG.locatedIn, E.nowhere))  # class
    g.add((E.o, KG.statedIn, E.doc))  # class, twice (two shapes)
    g.add((E.c, RDF.type, KG.EducationalCluster))
    g.add((E.c, RDFS.label, ru("Кластер")))
    g.add((E.c, KG.hasHub, E.o))
    g.add((E.c, KG.hasHub, E.o2))  # maxCount and class, one message for both
    g.add((E.p, RDF.type, KG.Position))
    g.add((E.p, KG.title, ru("директор")))  # no holder: minCount
    g.add((E.p, KG.role, E.nonsense))  # in
    g.add((E.p, KG.startDate, Literal("2025-05-01", datatype=XSD.date)))
    g.add((E.p, KG.endDate, Literal("2024", datatype=XSD.gYear)))  # sh:sparql
    g.add((E.p2, RDF.type, KG.Position))
    g.add((E.p2, RDFS.label, ru("Должность")))
    g.add((E.p2, KG.title, ru("учитель")))
    g.add((E.p2, KG.startDate, Literal("когда-то")))  # node (and its sh:or, as details)
    g.add((E.s, RDF.type, KG.Partnership))
    g.add((E.s, RDFS.label, ru("Партнёрство")))
    g.add((E.s, KG.partner, E.nowhere))  # minCount 2, or
    g.add((E.s, KG.partnershipKind, KG.agreement))
    g.add((E.ai, RDF.type, KG.AgendaItem))
    g.add((E.ai, RDFS.label, ru("Вопрос")))
    g.add((E.ai, KG.agendaNumber, Literal("1")))  # datatype xsd:integer
    g.add((E.q, KG.statedIn, E.doc))  # targetSubjectsOf kg:statedIn
    g.add((E.q, KG.quote, Literal("я" * 601, lang="ru")))  # maxLength
    g.add((E.i, RDF.type, TIME.Instant))
    g.add((E.i, RDFS.label, Literal("2025")))
    return g


def _data() -> rdflib.Graph:
    dataset = kg.load([DATA])
    return to_graph(q for quads in dataset.graphs.values() for q in quads) + to_graph(
        dataset.inferred
    )


def test_data_conforms_for_both() -> None:
    data = _data()
    assert check(data) == oracle(data) == []


def test_broken_graph_reports_what_pyshacl_reports() -> None:
    data = broken()
    found = _normal(check(data))
    assert found == oracle(data)
    kinds = " ".join(v.message for v in found)
    for text in ("Less than 1", "Less than 2", "More than 1", "does not have class",
                 "datatype", "not in list", "must conform", "does not conform",
                 "String length", "every entity needs", "before it starts"):  # fmt: skip
        assert text in kinds, text


def test_broken_records_report_what_pyshacl_reports() -> None:
    """data/ with its dates swapped, labels doubled and a person's positions cut loose."""
    data = _data()
    for s in list(data.subjects(KG.startDate, None))[:5]:
        data.add((s, KG.endDate, Literal("1990", datatype=XSD.gYear)))
    for s, o in list(data.subject_objects(KG.holder))[:3]:
        data.remove((s, KG.holder, o))
    for s in list(data.subjects(RDF.type, KG.School))[:4]:
        data.add((s, RDFS.label, ru("Ещё одно имя")))
    for s in list(data.subjects(KG.partner, None))[:2]:
        data.add((s, KG.partner, ru("не организация")))
    found = _normal(check(data))
    assert len(found) >= 14
    assert found == oracle(data)


def test_a_shape_the_compiler_does_not_know_is_refused() -> None:
    shapes = rdflib.Graph()
    shapes.add((E.S, SH.targetClass, E.C))
    shapes.add((E.S, SH.property, E.P))
    shapes.add((E.P, SH.path, E.p))
    shapes.add((E.P, SH.pattern, Literal("^a")))
    with pytest.raises(KgError, match="not supported"):
        Shapes(shapes)


def test_two_processes_map_what_one_maps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kg.synth(60, seed=3, out=tmp_path / "records")
    one = kg.build([tmp_path / "records"], out=tmp_path / "one", maps=False)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    two = kg.build([tmp_path / "records"], out=tmp_path / "two", maps=False)
    assert (one.asserted, one.inferred) == (two.asserted, two.inferred)
    assert one.turtle is not None and two.turtle is not None
    assert one.turtle.read_bytes() == two.turtle.read_bytes()


def test_two_processes_report_the_errors_one_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    kg.synth(60, seed=3, out=records)
    (records / "zz-broken.yaml").write_text("organizations:\n  - name: [unclosed\n", "utf-8")
    (records / "zz-again.yaml").write_text(
        "documents:\n  - id: synth-r1-1\n    title: the same id again\n    genre: news\n"
        "people:\n  - name: Иванов Иван Иванович\n    positions:\n"
        "      - title: директор\n        org: Школа, которой нет\n",
        "utf-8",
    )

    def errors() -> str:
        with pytest.raises(KgError) as raised:
            kg.build([records], out=tmp_path / "out", maps=False)
        return str(raised.value)

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 10_000)
    one = errors()
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    assert errors() == one
    assert "zz-broken.yaml:3: invalid YAML" in one
    (records / "zz-broken.yaml").unlink()
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 10_000)
    one = errors()
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    assert errors() == one
    assert "already defined" in one and "Школа, которой нет" in one
