"""Extraction speed beside a bare natasha pass (segmentation and NER), like for like.

    python benchmarks/extraction_speed.py [--documents 200] [--pages] [--workers 2] [--runs 3]

The texts: protocols of 500-1,500 words generated from templates with a fixed seed, or, with
--pages, the dev pages of tests/fixtures/pages; both cleaned as `kg extract` reads a file.
kg's extraction and bare natasha (Segmenter, NewsEmbedding and NewsNERTagger: natasha's
Doc.segment and Doc.tag_ner) each get `--workers` fresh processes and the same texts, one at
a time. Before the clock starts every process loads its models and reads one held-out
fixture document (no text of the set), the same for each; OpenBLAS keeps to one thread a
process, so that N processes use N cores. kg's NER passes are counted
(kg.extraction.ner.ner_spans), to show that it runs on the documents measured. kg calls the
NER tagger without the Segmenter, which tags nothing it reads: natasha's tagger alone is timed
too. Each run times the three, in turn from a different one; the medians of `--runs` count.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads, in every process

import argparse
import multiprocessing
import random
import statistics
import time
from collections.abc import Callable
from functools import cache
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

from kg.documents import SourceText, read_document
from kg.documents.readers import clean
from kg.extraction import extract
from kg.extraction.ner import ner_spans

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = ROOT / "tests/fixtures/holdout/holdout_01_protocol.txt"
PAGES = ROOT / "tests/fixtures/pages"

SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
]
FIRST = [
    ("Елена", "f"),
    ("Ольга", "f"),
    ("Ирина", "f"),
    ("Татьяна", "f"),
    ("Сергей", "m"),
    ("Андрей", "m"),
    ("Николай", "m"),
    ("Наталья", "f"),
    ("Светлана", "f"),
    ("Павел", "m"),
]
FATHERS = ["Иван", "Пётр", "Сергей", "Андрей", "Николай", "Михаил", "Владимир", "Юрий"]
TITLES = [
    "директор",
    "заместитель директора по УВР",
    "методист",
    "учитель истории",
    "главный библиотекарь",
    "специалист",
    "начальник отдела",
]
TOWNS = ["Лесной", "Заречье", "Боровое", "Сосновка", "Луговой", "Озёрный", "Кедровый"]
ORGS = [
    "МКОУ СОШ п. {t}",
    "МБОУ ООШ д. {t}",
    "КОГОБУ СШ пгт {t}",
    "МКУ ДО ДДТ «Радуга»",
    "МКУК «{t}ский Дом культуры»",
    "МБУК «{t}ский краеведческий музей»",
]
TOPICS = [
    "Наставничество в школе",
    "Профориентация старшеклассников",
    "Сетевое взаимодействие школ",
    "Социальное партнёрство",
    "Проектная деятельность",
]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "сентября", "октября", "ноября"]
FILLER = (
    "Участники обсудили вопросы организации совместной работы, обменялись опытом и "
    "наметили направления дальнейшего сотрудничества школ и социальных партнёров района. "
)


def person(rng: random.Random) -> str:
    first, sex = rng.choice(FIRST)
    surname = rng.choice(SURNAMES) + ("а" if sex == "f" else "")
    father = rng.choice(FATHERS).replace("ё", "е")
    patronymic = father + ("овна" if sex == "f" else "ович")
    if father.endswith("й"):
        patronymic = father[:-1] + ("евна" if sex == "f" else "евич")
    return f"{surname} {first} {patronymic}"


def document(rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    lines = [
        "Протокол",
        f"заседания Координационного Совета {town}ского образовательного кластера",
        f"от {rng.randint(1, 28)} {rng.choice(MONTHS)} 2025 № {rng.randint(1, 9)}",
        f"Тема: «{rng.choice(TOPICS)}»",
        "Повестка заседания:",
    ]
    target = rng.randint(500, 1500)
    n = 1
    while sum(len(line.split()) for line in lines) < target:
        org = rng.choice(ORGS).format(t=rng.choice(TOWNS))
        lines.append(f"{n}. «{rng.choice(TOPICS)}»")
        lines.append(f"{person(rng)}, {rng.choice(TITLES)} {org}")
        lines.append(FILLER * rng.randint(1, 4))
        n += 1
    lines += [
        "Решение Координационного Совета:",
        "1. Одобрить план работы.",
        "2. Провести семинар для педагогов.",
    ]
    return "\n".join(lines) + "\n"


Work = Callable[[str], tuple[int, int]]


def _kg(text: str) -> tuple[int, int]:
    """kg's extraction of one text: (people found, natasha NER passes it ran)."""
    passes = ner_spans.cache_info().misses
    facts = extract(SourceText(Path("document.txt"), text, "utf-8"))
    return len(facts["people"]), ner_spans.cache_info().misses - passes


@cache
def _natasha_models() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def _natasha(text: str) -> tuple[int, int]:
    """natasha's own NER pipeline over one text: (spans found, 1 NER pass)."""
    from natasha import Doc

    segmenter, tagger = _natasha_models()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    return len(doc.spans), 1


def _tagger(text: str) -> tuple[int, int]:
    """natasha's NER tagger alone over one text, as kg runs it: (spans found, 1 NER pass)."""
    return len(_natasha_models()[1](text).spans), 1


def _warm(work: Work, ready: Barrier) -> None:
    work(read_document(WARM_UP).text)
    ready.wait()


def _timed(work: Work, texts: list[str], workers: int) -> tuple[float, list[tuple[int, int]]]:
    """Seconds to run `work` over the texts on fresh warmed-up processes, and its results."""
    ready = multiprocessing.Barrier(workers + 1)
    with multiprocessing.Pool(workers, initializer=_warm, initargs=(work, ready)) as pool:
        ready.wait()  # every process has loaded its models
        started = time.perf_counter()
        results = pool.map(work, texts, chunksize=1)
        return time.perf_counter() - started, results


def _pages() -> list[str]:
    rows = [line.split("\t") for line in (PAGES / "index.tsv").read_text().splitlines()[1:]]
    return [read_document(PAGES / "texts" / f"{r[0]}.txt").text for r in rows if r[1] == "dev"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--pages", action="store_true", help="the dev pages, not generated ones")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    texts = _pages() if args.pages else [clean(document(rng)) for _ in range(args.documents)]
    n, words = len(texts), sum(len(t.split()) for t in texts)
    print(
        f"{n} {'dev pages' if args.pages else 'generated documents'}, {words:,} words "
        f"({words // n} a document); {args.workers} processes each; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    works: list[tuple[str, Work]] = [("kg", _kg), ("natasha", _natasha), ("tagger", _tagger)]
    seconds: dict[str, list[float]] = {name: [] for name, _ in works}
    results: dict[str, list[tuple[int, int]]] = {}
    for run in range(args.runs):
        for name, work in works[run % 3 :] + works[: run % 3]:
            took, results[name] = _timed(work, texts, args.workers)
            seconds[name].append(took)
        kg, bare, alone = (seconds[name][-1] for name, _ in works)
        print(
            f"run {run + 1}: kg {kg:.2f} s ({n / kg:.1f} docs/s); natasha {bare:.2f} s "
            f"({n / bare:.1f} docs/s), tagger alone {alone:.2f} s ({n / alone:.1f} docs/s); "
            f"kg / natasha {bare / kg:.2f}"
        )
    ran = sum(1 for _, passes in results["kg"] if passes)
    print(
        f"kg ran natasha's NER on {ran} of {n} documents "
        f"({sum(p for _, p in results['kg'])} passes) and found "
        f"{sum(f for f, _ in results['kg'])} people; natasha found "
        f"{sum(f for f, _ in results['natasha'])} spans, its tagger alone "
        f"{sum(f for f, _ in results['tagger'])}"
    )
    kg, bare, alone = (statistics.median(seconds[name]) for name, _ in works)
    ratios = [b / k for k, b in zip(seconds["kg"], seconds["natasha"], strict=True)]
    print(
        f"median of {args.runs}: kg {kg:.2f} s, {n / kg:.1f} docs/s, {words / kg:,.0f} words/s; "
        f"natasha {bare:.2f} s, {n / bare:.1f} docs/s, {words / bare:,.0f} words/s; "
        f"tagger alone {alone:.2f} s, {n / alone:.1f} docs/s"
    )
    print(
        f"kg / natasha {statistics.median(ratios):.2f} (target at least 0.5), "
        f"kg / tagger alone {alone / kg:.2f}; load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
