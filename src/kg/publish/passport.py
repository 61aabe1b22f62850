"""The cluster passport: one cluster on a page, in Russian, as HTML and as a Word file.

Coordinators report upward in Word. The passport puts together what the catalogue's queries
answer about one cluster — its hub and members, the council and who sits on it, partners by
kind with the evidence, meetings and their decisions, plan items with due dates and status,
the sources with their dates — and the cluster's map as a picture (drawn here with Pillow
from the maps' own layout, so that no browser is needed).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

import docx
import jinja2
import pyoxigraph as ox
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from PIL import Image, ImageDraw, ImageFont

from kg.sparql.catalogue import find
from kg.sparql.names import resolve
from kg.sparql.query import prepare, run
from kg.sparql.results import plain
from kg.store import OxigraphStore, Queryable, QueryResult
from kg.viz.maps import cluster_subgraph, layout, load_style
from kg.viz.projection import Options, project

EVER = {"from": "1000-01-01", "to": "2999-12-31"}
PLANS = """PREFIX kg: <https://w3id.org/edu-cluster-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?plan WHERE {
  ?p kg:cluster ?c ; rdfs:label ?l . ?c rdfs:label ?cl .
  FILTER (STR(?cl) = STR(?cluster)) BIND (STR(?l) AS ?plan)
}"""
SECTIONS = {
    "composition": ("Состав кластера", ["role", "name", "organization"],
                    ["Роль", "Название", "Организация"]),
    "partners": ("Партнёры", ["partnerKind", "partnerName", "partnershipKind", "with", "evidence"],
                 ["Вид", "Партнёр", "Вид партнёрства", "С кем", "Основание"]),
    "events": ("Заседания и мероприятия", ["start", "event", "speaker", "topic"],
               ["Дата", "Событие", "Выступающий", "Тема"]),
    "decisions": ("Решения", ["date", "event", "number", "decision"],
                  ["Дата", "Заседание", "№", "Решение"]),
    "plan_items": ("План работы", ["plan", "number", "activity", "dueFrom", "dueBy", "status"],
                   ["План", "№", "Мероприятие", "Срок с", "Срок до", "Состояние"]),
    "sources": ("Источники", ["document", "date"], ["Документ", "Дата"]),
}  # fmt: skip
"""Each section: its title, the columns it shows and their Russian headers."""


@dataclass
class Passport:
    cluster: str
    sections: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    picture: bytes = b""

    def rows(self, section: str) -> list[list[str]]:
        columns = SECTIONS[section][1]
        return [[row.get(c, "") for c in columns] for row in self.sections[section]]


def gather(store: OxigraphStore, cluster: str) -> Passport:
    """What the graph says about the cluster (its name or alias, as kg query finds it)."""
    label = _cluster_label(store, cluster)
    passport = Passport(label)
    passport.sections["composition"] = _rows(store, "cluster-composition", {"cluster": label})
    passport.sections["partners"] = _rows(store, "cluster-partners", {"cluster": label})
    passport.sections["events"] = _rows(store, "cluster-events", {"cluster": label, **EVER})
    passport.sections["decisions"] = _rows(store, "cluster-decisions", {"cluster": label, **EVER})
    plans = {row["plan"] for row in _select(store, PLANS.replace("?cluster", _literal(label)))}
    items = _rows(store, "plan-items-status", {})
    passport.sections["plan_items"] = [row for row in items if row["plan"] in plans]
    found = _rows(store, "provenance", {"name": label})
    sources = {(row["document"], row["date"]) for row in found}
    passport.sections["sources"] = [
        {"document": d, "date": t} for d, t in sorted(sources, key=lambda s: (s[1], s[0]))
    ]
    passport.picture = picture(store, label)
    return passport


def to_html(passport: Passport) -> str:
    image = base64.b64encode(passport.picture).decode() if passport.picture else ""
    sections = [
        (title, headers, passport.rows(name)) for name, (title, _, headers) in SECTIONS.items()
    ]
    return _template().render(cluster=passport.cluster, sections=sections, image=image)


def to_docx(passport: Passport) -> bytes:
    document = docx.Document()
    page = document.sections[0]  # landscape: the tables have up to six columns
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = page.page_height, page.page_width
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"Паспорт: {passport.cluster}", level=0)
    if passport.picture:
        document.add_picture(io.BytesIO(passport.picture), width=Cm(24))
    for name, (title, _, headers) in SECTIONS.items():
        document.add_heading(title, level=1)
        rows = passport.rows(name)
        if not rows:
            document.add_paragraph("—")
            continue
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def picture(store: OxigraphStore, cluster: str, width: int = 1600, height: int = 1000) -> bytes:
    """The cluster's map as a PNG: its nodes where the maps put them, coloured by kind."""
    graph = cluster_subgraph(project(store, Options(hover=False)), cluster)
    if graph.number_of_nodes() == 0:
        return b""
    at = layout(graph)
    xs, ys = [p[0] for p in at.values()], [p[1] for p in at.values()]
    side, top = 220, 60  # room for the labels, centred under their nodes
    span_x, span_y = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
    scale = min((width - 2 * side) / span_x, (height - 2 * top) / span_y)

    def place(node: str) -> tuple[float, float]:
        x, y = at[node]
        return side + (x - min(xs)) * scale, top + (y - min(ys)) * scale

    style = load_style()
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    for a, b in graph.edges():
        pen.line([place(a), place(b)], fill="#bbbbbb", width=2)
    font = _font(18)
    for node, data in graph.nodes(data=True):
        x, y = place(node)
        r = 14 if data["kind"] == "cluster" else 9
        colour = style["nodes"].get(data["kind"], {}).get("color", "#888888")
        pen.ellipse([x - r, y - r, x + r, y + r], fill=colour, outline="#555555")
        label = data["label"] if len(data["label"]) <= 40 else data["label"][:38] + "…"
        pen.text((x, y + r + 3), label, fill="#222222", font=font, anchor="ma")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ):
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _rows(store: Queryable, name: str, params: dict[str, str]) -> list[dict[str, str]]:
    return _dicts(run(store, prepare(name, None, params)))


def _select(store: Queryable, sparql: str) -> list[dict[str, str]]:
    return _dicts(store.query(sparql))


def _dicts(result: QueryResult) -> list[dict[str, str]]:
    return [
        {v: plain(t) for v, t in zip(result.variables, row, strict=True)} for row in result.rows
    ]


def _literal(text: str) -> str:
    return str(ox.Literal(text))


def _cluster_label(store: Queryable, cluster: str) -> str:
    entry = find("cluster-composition")
    bound = resolve(store, entry, entry.bindings({"cluster": cluster}))
    return bound["cluster"].value


@cache
def _template() -> jinja2.Template:
    text = files("kg.publish").joinpath("passport.html").read_text(encoding="utf-8")
    return jinja2.Environment(autoescape=True).from_string(text)
