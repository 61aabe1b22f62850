"""Document readers: any Cyrillic encoding, Word tables, web pages; converter junk removed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from kg.documents import read_document
from kg.documents.readers import MAX_BYTES, MAX_TEXT
from kg.errors import KgError

TEXT = (
    "Протокол заседания методического совета\n"
    "Выступила Сидорова Анна Петровна, заместитель директора МБОУ СОШ п. Лесной.\n"
    "Решили: провести семинар для педагогов в ноябре.\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r"])
def test_text_in_any_cyrillic_encoding_reads_alike(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"protocol-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    document = read_document(path)
    assert document.text == TEXT
    assert document.encoding.replace("_", "-").startswith(encoding.split("-sig")[0][:4])


def test_converter_markup_and_stray_tags_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "[image: C:\\Users\\user\\Desktop\\Фото 1.jpg]Семинар прошёл в школе.\n"
        "[bookmark: _GoBack]<p>Участники обсудили план.</p> <p>Конец</p>\n"
        "Село Влади\u0301миро-Алекса\u0301ндровское\n",
        encoding="utf-8",
    )
    assert read_document(path).text == (
        "Семинар прошёл в школе.\nУчастники обсудили план. Конец\nСело Владимиро-Александровское\n"
    )


def test_docx_paragraphs_and_tables_read_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("План работы кластера на 2024 год")
    table = document.add_table(rows=3, cols=4)
    for cell, value in zip(
        table.rows[0].cells, ["№", "Мероприятие", "Срок", "Ответственный"], strict=True
    ):
        cell.text = value
    heading = table.rows[1].cells[0].merge(table.rows[1].cells[3])
    heading.text = "Методическая работа"
    for cell, value in zip(
        table.rows[2].cells, ["1", "Семинар", "октябрь", "Иванова И.И."], strict=True
    ):
        cell.text = value
    document.add_paragraph("Директор Петров П.П.")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert read_document(path).text == (
        "План работы кластера на 2024 год\n"
        "№\tМероприятие\tСрок\tОтветственный\n"
        "Методическая работа\n"
        "1\tСеминар\tоктябрь\tИванова И.И.\n"
        "Директор Петров П.П.\n"
    )


def test_html_page_gives_its_text_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text(
        "<html><head><title>Новости</title><style>p{color:red}</style></head><body>"
        "<script>alert('x')</script><h1>Заседание совета</h1><p>Выступила "
        "<b>Сидорова А.П.</b></p><table><tr><td>1</td><td>Семинар</td></tr></table>"
        "</body></html>",
        encoding="cp1251",
    )
    assert read_document(path).text == "Заседание совета\nВыступила Сидорова А.П.\n1\tСеминар\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\t\n", "the file is empty"),
        ("junk.txt", bytes(range(256)) * 8, "binary data, not text"),
        ("fake.docx", b"this is not a zip archive at all", "not a Word .docx file"),
        ("table.xlsx", b"PK\x03\x04", "unsupported document type '.xlsx'"),
    ],
)
def test_bad_documents_are_refused_by_name(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(KgError, match=message) as caught:
        read_document(path)
    assert str(caught.value).startswith(str(path))


def test_a_document_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: as large as it says, at no cost
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(KgError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: 52,428,801 bytes is over the limit of 52,428,800 bytes"


def test_a_word_file_that_unpacks_past_the_size_limit_is_refused_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w") as part,
    ):
        for _ in range(MAX_BYTES // (1 << 20) + 1):  # 51 MB of spaces pack into 50 KB
            part.write(b" " * (1 << 20))
    assert path.stat().st_size < 1 << 20
    with pytest.raises(KgError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: its XML unpacks to 53,477,376 bytes, over the limit of 52,428,800 bytes"
    )


def test_a_text_too_long_to_extract_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(TEXT * (MAX_TEXT // len(TEXT) + 1), encoding="utf-8")
    with pytest.raises(KgError) as caught:
        read_document(path)
    length = len(TEXT) * (MAX_TEXT // len(TEXT) + 1)
    assert str(caught.value) == (
        f"{path}: its text is {length:,} characters, over the limit of 3,000,000 characters "
        "for extraction; split the document"
    )
