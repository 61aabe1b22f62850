"""Arbitrary input to every entry point gives a result or a clear KgError — never a traceback
or a hang. The examples tried per target are counted in the closing note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import kg
from kg.documents import read_document
from kg.errors import KgError
from kg.extraction import extract
from kg.records import base
from kg.sparql.catalogue import catalogue
from tests.conftest import DATA

EXAMPLES = settings(
    max_examples=150,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CYRILLIC = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
YAMLISH = st.one_of(
    CYRILLIC,
    st.builds(
        lambda name, kind, extra: f"organizations:\n  - name: {name}\n    kind: {kind}\n{extra}",
        CYRILLIC,
        st.sampled_from(["school", "cafe", "", "[1]", "{a: b}"]),
        CYRILLIC,
    ),
    st.builds(
        lambda who, org: (
            f"people:\n  - name: {who}\n    positions:\n"
            f"      - title: директор\n        org: {org}\n"
        ),
        CYRILLIC,
        CYRILLIC,
    ),
)


@EXAMPLES
@given(text=YAMLISH)
def test_any_records_file_loads_or_says_what_is_wrong(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("records") / "any.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        kg.load([path])
    except KgError as exc:
        assert str(exc).startswith(str(path)) or "\n" in str(exc)


@EXAMPLES
@given(data=st.binary(max_size=600))
def test_any_bytes_as_a_table_load_or_say_what_is_wrong(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("csv") / "table.csv"
    path.write_bytes(data)
    try:
        kg.load([path])
    except KgError as exc:
        assert str(path) in str(exc)


@EXAMPLES
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".docx"]))
def test_any_document_reads_and_extracts_or_is_refused(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("docs") / f"doc{suffix}"
    path.write_bytes(data)
    try:
        facts = extract(read_document(path))
    except KgError as exc:
        assert str(exc).startswith(str(path))
        return
    assert facts["genre"] in ("protocol", "news", "plan", "order")


@EXAMPLES
@given(text=CYRILLIC)
@example(text="𗀀")  # a character Unicode 14 gives no name: pymorphy3 raised on it
@example(text="Иванов 𗀀 Иван, директор школы")
def test_any_russian_text_extracts(text: str) -> None:
    from kg.documents import SourceText

    facts = extract(SourceText(Path("any.txt"), text, "utf-8"))
    assert isinstance(facts["people"], list)


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = kg.build([DATA], out=tmp_path_factory.mktemp("hostile"), maps=False)
    assert report.store is not None
    return report.store


TEXT_PARAMS = [
    (q.name, p.name) for q in catalogue().values() for p in q.params if p.type in ("text", "ru")
]


@EXAMPLES
@given(value=CYRILLIC, target=st.sampled_from(TEXT_PARAMS))
def test_any_parameter_value_leaves_the_query_and_the_store_alone(
    built_store: Path, value: str, target: tuple[str, str]
) -> None:
    name, param = target
    try:
        result = kg.query(name, params={param: value}, store=built_store)
    except kg.KgError as exc:  # a name looked up first: no one, or several, so named
        assert re.match(f"parameter {param}: (no .* named|.* names several entities)", str(exc))
        return
    assert result.kind == "select"


def test_a_records_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: as large as it says, at no cost
        handle.truncate(base.MAX_BYTES + 1)
    with pytest.raises(KgError) as caught:
        kg.load([path])
    assert str(caught.value) == (
        f"{path}: 52,428,801 bytes is over the limit of 52,428,800 bytes for a record file; "
        "split it into smaller files"
    )


def test_a_records_file_over_the_entry_limit_is_refused_at_the_entry_that_goes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(base, "MAX_ENTRIES", 4)  # 100,000 takes seconds to parse
    path = tmp_path / "many.yaml"
    path.write_text(
        "organizations:\n  - name: A\n    kind: school\n  - name: B\n    kind: school\n"
        "plans:\n  - title: План\n    items:\n      - activity: Семинар\n"
        "      - activity: Конкурс\n",  # a plan's items count one each: 2 + 1 + 2
        encoding="utf-8",
    )
    with pytest.raises(KgError) as caught:
        kg.load([path])
    assert str(caught.value) == (
        f"{path}:7: more than 4 entries (the limit for one file); split it into files of at most 4"
    )
