"""The cluster passport: `kg report` writes HTML and DOCX in Russian; the DOCX opens in
LibreOffice (converted headless to PDF here) and the HTML in Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import kg
from kg.cli import app
from tests.conftest import DATA, ROOT, missing

PLAN = """
plans:
  - id: podosinovets-plan-2025
    title: План работы Подосиновского образовательного кластера на 2025 год
    period_start: 2025-01-01
    period_end: 2025-12-31
    items:
      - number: "1"
        activity: Семинар «Школа и социальные партнёры»
        due: апрель
"""
HUB = "КОГОБУ СШ пгт Подосиновец"
PARTNER = "АО «Россельхозбанк»"
DECISION = "Рекомендовать к внедрению формы совместной работы школы и социальных партнеров района."
ITEM = "Семинар «Школа и социальные партнёры»"


@pytest.fixture(scope="module")
def passport(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Подосиновский cluster's records with a plan of one item, built, and its passport."""
    folder = tmp_path_factory.mktemp("passport")
    records = folder / "podosinovets.yaml"
    records.write_text((DATA / "podosinovets.yaml").read_text(encoding="utf-8") + PLAN, "utf-8")
    report = kg.build([records], out=folder / "build", maps=False)
    assert report.store is not None
    args = ["report", "--cluster", "Подосиновский", "-o", str(folder / "reports")]
    result = CliRunner().invoke(app, [*args, "--store", str(report.store)])
    assert result.exit_code == 0, result.output
    html, document = (Path(line) for line in result.output.split())
    return html, document


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _in_order(wanted: str, text: str) -> bool:
    """Every word of `wanted` in `text`, in order: a PDF's table cells wrap, and the lines of
    neighbouring cells come out interleaved."""
    words = [re.escape(w) for w in wanted.split()]  # and a word may wrap inside a cell
    return re.search(r".*?".join(words), _flat(text), re.S) is not None


def test_the_docx_opens_in_libreoffice_with_the_hub_a_partner_a_decision_and_a_plan_item(
    passport: tuple[Path, Path], tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        missing("LibreOffice (apt-get install libreoffice-writer-nogui)")
    document = passport[1]
    assert document.suffix == ".docx"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(document)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = PdfReader(tmp_path / document.with_suffix(".pdf").name)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Паспорт:Подосиновскийобразовательныйкластер" in _flat(text)
    for wanted in (HUB, PARTNER, DECISION, ITEM):
        assert _in_order(wanted, text), wanted


def test_the_html_shows_the_same_in_chromium(browser, passport: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    html = passport[0]
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(html.as_uri())
    assert page.inner_text("#cluster") == "Паспорт: Подосиновский образовательный кластер"
    body = page.inner_text("body")
    for wanted in (HUB, PARTNER, DECISION, ITEM, "План работы", "Источники"):
        assert wanted in body, wanted
    assert page.evaluate("document.getElementById('map').naturalWidth") == 1600
    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "passport.png"), full_page=True)
    page.close()


def test_a_passport_needs_a_cluster_or_all(built: kg.BuildReport, tmp_path: Path) -> None:
    assert built.store is not None
    store = ["--store", str(built.store), "-o", str(tmp_path)]
    neither = CliRunner().invoke(app, ["report", *store])
    assert neither.exit_code == 2 and "give --cluster NAME or --all" in neither.output
    nobody = CliRunner().invoke(app, ["report", "--cluster", "Марсианский", *store])
    assert nobody.exit_code == 2 and "no cluster named 'Марсианский'" in nobody.output
    every = CliRunner().invoke(app, ["report", "--all", *store])
    assert every.exit_code == 0, every.output
    assert len(list(tmp_path.glob("*.docx"))) == len(list(tmp_path.glob("*.html"))) == 5
