"""Readers turn a document file into plain text: the encoding detected, converter markup
removed, tables kept as tab-separated rows in document order."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from bs4 import BeautifulSoup
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from kg.errors import KgError
from kg.records.encodings import decode

MAX_BYTES = 50 * 1024 * 1024
"""Larger documents are refused unread (and .docx files whose XML unpacks to more): no
council protocol comes near it. Reading one this size takes 2 s and 0.4 GB."""
MAX_TEXT = 3_000_000
"""Longer texts (some 1,500 pages, 5.5 MB of UTF-8) are refused: extraction grows faster than
the text; `kg ingest` took 33 s and 0.87 GB at 2.98 million characters, 5.8 s and 0.32 GB at
0.56 million (benchmarks/input_limits.py)."""

# Left by Word-to-text converters: "[image: C:\\...\\photo.jpg]", "[bookmark: _GoBack]".
_CONVERTER_MARKS = re.compile(r"\[(?:image|bookmark|picture|рисунок)\s*:[^\]]*\]", re.I)
_TAGS = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_STRESS = "\u0301"


@dataclass(frozen=True)
class SourceText:
    """A document's text and where it came from."""

    path: Path
    text: str
    encoding: str

    @property
    def name(self) -> str:
        return self.path.name


def clean(text: str) -> str:
    """Converter markup and stray tags out; spacing within lines tidied; stress marks dropped."""
    text = _CONVERTER_MARKS.sub(" ", text)
    text = _TAGS.sub(" ", text)
    text = text.replace(_STRESS, "").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        cells = [_SPACES.sub(" ", cell).strip() for cell in line.split("\t")]
        lines.append("\t".join(cells).rstrip("\t") if len(cells) > 1 else cells[0])
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _check_size(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from None
    if size > MAX_BYTES:
        raise KgError(f"{path}: {size:,} bytes is over the limit of {MAX_BYTES:,} bytes")
    data = path.read_bytes()
    if not data.strip():
        raise KgError(f"{path}: the file is empty")
    return data


def read_txt(path: Path) -> SourceText:
    text, encoding = decode(path, _check_size(path))
    return SourceText(path, clean(text), encoding)


def read_html(path: Path) -> SourceText:
    raw, encoding = decode(path, _check_size(path))
    soup = BeautifulSoup(raw, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template", "head"]):
        hidden.decompose()
    for row in soup.find_all("tr"):
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
        row.replace_with("\n" + "\t".join(cells) + "\n")
    for block in soup.find_all(["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6"]):
        block.insert_before("\n")
    return SourceText(path, clean(soup.get_text()), encoding)


def read_docx(path: Path) -> SourceText:
    _check_size(path)
    try:
        with zipfile.ZipFile(path) as archive:  # a zip bomb is refused before it is unpacked
            unpacked = sum(i.file_size for i in archive.infolist() if i.filename.endswith(".xml"))
        if unpacked > MAX_BYTES:
            raise KgError(f"{path}: its XML unpacks to {unpacked:,} bytes, over the limit of "
                          f"{MAX_BYTES:,} bytes")  # fmt: skip
        document: DocxDocument = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise KgError(f"{path}: not a Word .docx file ({exc})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.replace("\n", " ") for cell in row.cells]
                lines.append(
                    "\t".join(dict.fromkeys(cells)) if _merged(cells) else "\t".join(cells)
                )
    return SourceText(path, clean("\n".join(lines)), "docx")


def _merged(cells: list[str]) -> bool:
    """A merged cell repeats its text in every grid cell it spans: a section heading row."""
    return len(cells) > 1 and len(set(cells)) == 1


READERS: dict[str, Callable[[Path], SourceText]] = {
    ".txt": read_txt, ".text": read_txt, ".docx": read_docx, ".html": read_html,
    ".htm": read_html,
}  # fmt: skip


def documents_in(paths: Sequence[Path | str]) -> list[Path]:
    """The documents named: files as given, folders by every readable file below them."""
    documents: list[Path] = []
    for path in (Path(p) for p in paths):
        if path.is_dir():
            documents += sorted(p for p in path.rglob("*") if p.suffix.lower() in READERS)
        else:
            documents.append(path)
    if not documents:
        given = ", ".join(str(p) for p in paths)
        raise KgError(f"no documents ({', '.join(sorted(READERS))}) in {given}")
    return documents


def read_document(path: Path) -> SourceText:
    """The document's clean text; KgError for missing, empty, binary or unknown files."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise KgError(
            f"{path}: unsupported document type {path.suffix or '(none)'!r}; "
            f"expected {', '.join(sorted(READERS))}"
        )
    if not path.is_file():
        raise KgError(f"{path}: no such file")
    source = reader(path)
    if len(source.text) > MAX_TEXT:
        raise KgError(f"{path}: its text is {len(source.text):,} characters, over the limit of "
                      f"{MAX_TEXT:,} characters for extraction; split the document")  # fmt: skip
    return source
