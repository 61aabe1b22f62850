"""Extraction speed on generated council documents, beside a bare natasha NER pass.

    python benchmarks/extraction_speed.py [--documents 1000] [--workers 2]

Documents (protocols, news reports and plans of 500-1,500 words) are generated from
templates with a fixed seed; kg's extraction runs on `--workers` processes, natasha's
segmentation and NER on one, over the same texts.
"""

from __future__ import annotations

import argparse
import random
import time
from multiprocessing import Pool
from pathlib import Path

from kg.documents import SourceText
from kg.extraction import extract

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


def _extract(text: str) -> int:
    facts = extract(SourceText(Path("generated.txt"), text, "utf-8"))
    return len(facts["people"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(7)
    texts = [document(rng) for _ in range(args.documents)]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} documents, {words} words ({words // len(texts)} per document)")

    started = time.perf_counter()
    with Pool(args.workers) as pool:
        people = sum(pool.map(_extract, texts, chunksize=20))
    ours = time.perf_counter() - started
    print(
        f"kg extract, {args.workers} processes: {ours:.1f} s, {len(texts) / ours:.1f} docs/s, "
        f"{words / ours:,.0f} words/s ({people} people found)"
    )

    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    started = time.perf_counter()
    spans = 0
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        spans += len(doc.spans)
    bare = time.perf_counter() - started
    print(
        f"natasha segment + NER, 1 process: {bare:.1f} s, {len(texts) / bare:.1f} docs/s, "
        f"{words / bare:,.0f} words/s ({spans} spans)"
    )
    print(f"kg / natasha speed: {bare / ours:.2f}")


if __name__ == "__main__":
    main()
