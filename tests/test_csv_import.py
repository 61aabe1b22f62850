"""CSV tables with Russian or English headers become records; bad rows are named by line."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.errors import RecordError, RecordErrors
from kg.records.base import MAX_ENTRIES
from kg.records.csv_source import read_csv


def _write(tmp_path: Path, text: str, name: str = "table.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_organizations_with_russian_headers(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "название,тип,полное название,другие названия,населённый пункт\n"
        "МБОУ СОШ п. Лесной,school,Муниципальное бюджетное общеобразовательное "
        "учреждение «Средняя школа п. Лесной»,СОШ Лесной; Лесная школа,\n"
        "ДДТ «Радуга»,supplementary,,,\n",
    )
    orgs = read_csv(path).records.organizations
    assert [o.name for o in orgs] == ["МБОУ СОШ п. Лесной", "ДДТ «Радуга»"]
    assert orgs[0].aliases == ["СОШ Лесной", "Лесная школа"]
    assert orgs[0].full_name is not None and orgs[0].full_name.startswith("Муниципальное")
    assert orgs[1].kind == "supplementary" and orgs[1].aliases == []


def test_organizations_with_english_headers_and_a_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "\ufeffName,Kind,Place\nБиблиотека им. Пушкина,library,\n")
    assert read_csv(path).records.organizations[0].name == "Библиотека им. Пушкина"


def test_rows_of_one_person_become_one_person_with_two_positions(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "ФИО,должность,организация,начало\n"
        "Иванова И.И.,директор,МБОУ СОШ п. Лесной,2020-09\n"
        "Петров П.П.,методист,ИМЦ,\n"
        "Иванова И.И.,член совета,,2021\n",
    )
    people = read_csv(path).records.people
    assert [p.name for p in people] == ["Иванова И.И.", "Петров П.П."]
    assert [(p.title, p.org, p.start) for p in people[0].positions] == [
        ("директор", "МБОУ СОШ п. Лесной", "2020-09"),
        ("член совета", None, "2021"),
    ]


def test_plan_rows_become_one_plan_with_items_in_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "план,№,раздел,мероприятие,срок,ответственные\n"
        "План 2024,1,Методика,Семинар для педагогов,октябрь,ИМЦ; Иванова И.И.\n"
        "План 2024,2,Методика,Конкурс проектов,ноябрь,\n",
    )
    plans = read_csv(path).records.plans
    assert len(plans) == 1 and plans[0].title == "План 2024"
    assert [i.activity for i in plans[0].items] == ["Семинар для педагогов", "Конкурс проектов"]
    assert plans[0].items[0].responsible == ["ИМЦ", "Иванова И.И."]


def test_csv_records_build_into_the_graph(tmp_path: Path) -> None:
    _write(tmp_path, "название,тип\nМБОУ СОШ п. Лесной,school\n", "orgs.csv")
    _write(
        tmp_path,
        "фио,должность,организация\nИванова И.И.,директор,МБОУ СОШ п. Лесной\n",
        "people.csv",
    )
    report = kg.build([tmp_path], out=tmp_path / "build")
    counts = {c.iri.rsplit("#", 1)[1]: c.entities for c in report.classes}
    assert counts["School"] == 1 and counts["Person"] == 1 and counts["Position"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("название,цвет\nА,красный\n", "{f}:1: цвет: unknown column; expected one of: "),
        ("название,тип\nА,school,лишнее\n", "{f}:2: 3 cells; expected 2 as in the header"),
        ("", "{f}:1: empty file; expected a header row"),
        (
            "мероприятие,срок\nСеминар,октябрь\n",
            "{f}:1: cannot tell the table's kind; expected columns name+kind (organizations), "
            "name+title (people) or plan+activity (plan items)",
        ),
    ],
)
def test_bad_table_is_refused_with_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(RecordError) as caught:
        read_csv(path)
    assert str(caught.value).startswith(message.format(f=path))


def test_unknown_kind_names_its_line_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "название,тип\nА,school\nБ,кафе\n")
    with pytest.raises(RecordErrors) as caught:
        read_csv(path)
    assert str(caught.value).startswith(
        f"{path}:3: organizations[1].kind: got 'кафе'; expected one of 'school'"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r"])
def test_tables_in_any_cyrillic_encoding_load_alike(tmp_path: Path, encoding: str) -> None:
    path = _write(
        tmp_path,
        "название,тип,населённый пункт\nМБОУ СОШ п. Лесной,school,"
        "п. Лесной\nДом культуры Юность,culture,\n",
        encoding=encoding,
    )
    orgs = read_csv(path).records.organizations
    assert [(o.name, o.place) for o in orgs] == [
        ("МБОУ СОШ п. Лесной", "п. Лесной"),
        ("Дом культуры Юность", None),
    ]


def test_binary_junk_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(RecordError, match=r"table\.csv: binary data, not text"):
        read_csv(path)


def test_a_table_over_the_row_limit_is_refused_at_the_row_that_goes_over(tmp_path: Path) -> None:
    rows = "".join(f"Школа {i},school\n" for i in range(MAX_ENTRIES + 1))
    path = _write(tmp_path, "название,тип\n\n" + rows)  # a blank line is no row
    with pytest.raises(RecordError) as caught:
        read_csv(path)
    assert str(caught.value) == (
        f"{path}:{MAX_ENTRIES + 3}: more than 100,000 rows (the limit for one file); "
        "split it into files of at most 100,000"
    )
