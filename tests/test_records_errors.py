"""Bad records get one clear line each: file, line, field, and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.errors import RecordErrors, ValidationFailed

CASES = {
    "invalid_yaml": (
        "organizations:\n  - name: A\n    kind: school\n   bad: [\n",
        "{f}:4: invalid YAML: expected <block end>, but found '<block mapping start>'",
    ),
    "control_character": (
        "organizations:\n  - name: A\x08\n    kind: school\n",
        "{f}:2: invalid YAML: control character U+0008 is not allowed",
    ),
    "duplicate_key": (
        "organizations:\n  - name: A\n    kind: school\n    kind: college\n",
        "{f}:4: kind: duplicate key (each field may appear once)",
    ),
    "unknown_field": (
        "organizations:\n  - name: A\n    kind: school\n    fullname: B\n",
        "{f}:4: organizations[0].fullname: unknown field; expected one of: id, name, full_name, "
        "aliases, kind, place, source",
    ),
    "missing_field": (
        "organizations:\n  - name: A\n",
        "{f}:2: organizations[0].kind: required field is missing",
    ),
    "unknown_kind": (
        "organizations:\n  - name: A\n    kind: cafe\n",
        "{f}:3: organizations[0].kind: got 'cafe'; expected one of 'school', 'college', "
        "'supplementary', 'culture', 'library', 'museum', 'business', 'bank', 'government', "
        "'methodological', 'university', 'public' or 'other'",
    ),
    "impossible_date": (
        "events:\n  - kind: meeting\n    start: 2025-02-30\n",
        "{f}:3: events[0].start: day is out of range for month; got '2025-02-30'",
    ),
    "russian_date_format": (
        "events:\n  - kind: meeting\n    start: 26.02.2025\n",
        "{f}:3: events[0].start: expected a date as YYYY-MM-DD, YYYY-MM or YYYY; got '26.02.2025'",
    ),
    "unknown_reference": (
        "organizations:\n  - name: A\n    kind: school\npeople:\n  - name: Иванова И.И.\n"
        "    positions:\n      - title: директор\n        org: Школа Б\n",
        "{f}:8: people[0].positions[0].org: unknown organization 'Школа Б': no organization in "
        "the records has this name, alias or id",
    ),
    "ambiguous_reference": (
        "organizations:\n  - name: A\n    aliases: [СОШ]\n    kind: school\n  - name: B\n"
        "    aliases: [СОШ]\n    kind: school\nclusters:\n  - name: К\n    hub: СОШ\n",
        "{f}:10: clusters[0].hub: 'СОШ' is ambiguous: it names "
        "https://w3id.org/edu-cluster-kg/id/org/a, https://w3id.org/edu-cluster-kg/id/org/b; "
        "use an id",
    ),
    "not_a_list": (
        "organizations:\n  - name: A\n    kind: school\n    aliases: 5\n",
        "{f}:4: organizations[0].aliases: got 5; expected a list",
    ),
    "not_a_mapping": (
        "- name: A\n",
        "{f}:1: expected a mapping of sections (documents, places, clusters, organizations, "
        "people, partnerships, events, projects, plans)",
    ),
    "duplicate_id": (
        "events:\n  - id: e1\n    kind: meeting\n  - id: e1\n    kind: seminar\n",
        "{f}:4: events[1]: event 'e1' is already defined at {f}:2; give this one another id",
    ),
    "id_not_a_slug": (
        "organizations:\n  - id: Школа 1\n    name: A\n    kind: school\n",
        "{f}:2: organizations[0].id: got 'Школа 1'; expected lower-case latin letters, digits "
        "and hyphens",
    ),
    "single_partner": (
        "organizations:\n  - name: A\n    kind: school\npartnerships:\n  - partners: [A]\n"
        "    kind: agreement\n",
        "{f}:5: partnerships[0].partners: got 1 item(s); expected at least 2",
    ),
    "blank_name": (
        "organizations:\n  - name: '  '\n    kind: school\n",
        "{f}:2: organizations[0].name: expected text; got an empty value",
    ),
    "unknown_document": (
        "organizations:\n  - name: A\n    kind: school\n    source: protocol-1\n",
        "{f}:4: organizations[0].source: unknown document 'protocol-1': no document in the "
        "records has this name, alias or id",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_record_is_reported_with_file_line_and_field(tmp_path: Path, name: str) -> None:
    text, expected = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        kg.load([path])
    assert str(caught.value) == expected.format(f=path)


def test_errors_of_every_file_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("organizations:\n  - name: A\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("people:\n  - nam: B\n", encoding="utf-8")
    with pytest.raises(RecordErrors) as caught:
        kg.load([tmp_path])
    assert len(caught.value.errors) == 3  # kind missing; name missing; nam unknown
    assert {e.file for e in caught.value.errors} == {
        str(tmp_path / "a.yaml"),
        str(tmp_path / "b.yaml"),
    }


def test_conflicting_kinds_of_one_organization_across_files_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "organizations:\n  - name: ДДТ\n    kind: supplementary\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "organizations:\n  - name: ДДТ\n    kind: culture\n", encoding="utf-8"
    )
    with pytest.raises(RecordErrors) as caught:
        kg.load([tmp_path])
    assert str(caught.value) == (
        f"{tmp_path / 'b.yaml'}:3: organizations[0].kind: 'culture' "
        f"contradicts kind 'supplementary' given at "
        f"{tmp_path / 'a.yaml'}:2"
    )


def test_unsupported_file_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK")
    with pytest.raises(kg.RecordError, match=r"notes\.docx: unsupported file type '\.docx'"):
        kg.load([path])


BROKEN_BUILDS = {
    "a bad record": (
        "  - name: Колледж\n    kind: college\n    place: Нигде\n",
        RecordErrors,
        "Нигде",
    ),
    "a broken shape": (
        "  - name: ДДТ\n    kind: supplementary\nclusters:\n  - name: Кластер\n    hub: ДДТ\n",
        ValidationFailed,
        "at most one hub, and it is a school",
    ),
}


@pytest.mark.parametrize("cause", sorted(BROKEN_BUILDS))
def test_failed_build_leaves_the_previous_store_and_turtle_untouched(
    tmp_path: Path, cause: str
) -> None:
    good = tmp_path / "good.yaml"
    records = "organizations:\n  - name: Школа\n    kind: school\n"
    good.write_text(records, encoding="utf-8")
    out = tmp_path / "build"
    kg.build([good], out=out)
    turtle_before = (out / "kg.ttl").read_bytes()
    triples_before = kg.stats(out / "store").triples

    added, error, message = BROKEN_BUILDS[cause]
    good.write_text(records + added, encoding="utf-8")
    with pytest.raises(error, match=message):
        kg.build([good], out=out)
    assert (out / "kg.ttl").read_bytes() == turtle_before
    assert kg.stats(out / "store").triples == triples_before
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl", "maps", "store"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251", "koi8-r"])
def test_records_in_any_cyrillic_encoding_load_like_utf8(tmp_path: Path, encoding: str) -> None:
    text = "organizations:\n  - name: Школа п. Лесной\n    kind: school\n"
    utf8, other = tmp_path / "a.yaml", tmp_path / "b" / "a.yaml"
    other.parent.mkdir()
    utf8.write_text(text, encoding="utf-8")
    other.write_bytes(text.encode(encoding))

    def triples(path: Path) -> set[tuple[str, str, str]]:
        return {
            (str(q.subject), str(q.predicate), str(q.object)) for q in kg.load([path]).all_quads()
        }

    assert triples(utf8) == triples(other)
