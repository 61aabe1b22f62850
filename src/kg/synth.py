"""`kg synth`: deterministic, realistic records of a national network of clusters, in the
format of data/, so that benchmarks measure the real loader.

One cluster per district: a hub school and 5-30 member schools; partners of every kind,
some shared between clusters of a region; staff with positions, some of which change over
the years; four council meetings a year with speakers and decisions; a yearly plan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.export import write_atomic

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
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
]
WOMEN = ["Елена", "Ольга", "Ирина", "Татьяна", "Наталья", "Светлана", "Анна", "Мария"]
MEN = ["Сергей", "Андрей", "Николай", "Павел", "Алексей", "Дмитрий", "Иван", "Михаил"]
REGION_STEMS = [
    "Север",
    "Озёр",
    "Лесн",
    "Степн",
    "Речн",
    "Горн",
    "Приволж",
    "Заволж",
    "Приозёр",
    "Сосн",
    "Берёз",
    "Камен",
    "Солнеч",
    "Кедров",
    "Луг",
    "Бор",
]
SETTLEMENTS = [("п.", "settlement"), ("с.", "selo"), ("д.", "village"), ("пгт", "urban_settlement")]
TOWN_STEMS = [
    "Зар",
    "Лес",
    "Бор",
    "Кедр",
    "Луг",
    "Яс",
    "Ольх",
    "Рябин",
    "Клён",
    "Сосн",
    "Берёз",
    "Озёр",
    "Полян",
    "Ключ",
    "Ров",
    "Холм",
    "Мост",
    "Брод",
    "Сад",
    "Дуб",
]
PARTNERS = [
    ("college", "КОГПОАУ «{town}ский техникум»"),
    ("supplementary", "МКУ ДО ДДТ «{town}»"),
    ("culture", "МКУК «{town}ский Дом культуры»"),
    ("library", "{town}ская библиотека"),
    ("museum", "МБУК «{town}ский краеведческий музей»"),
    ("government", "Управление образования {district_gen}"),
    ("methodological", "ИМЦ {district_gen}"),
    ("business", "ООО «Агро{town}»"),
]
SHARED = [
    ("bank", "АО «Банк {region}»"),
    ("university", "{region}ский университет"),
    ("methodological", "ИРО {region_gen}"),
    ("public", "Движение «Родители {region}»"),
]
TITLES = ["директор", "заместитель директора по УВР", "заместитель директора по ВР", "методист"]
TOPICS = [
    "Наставничество в школах кластера",
    "Профориентация старшеклассников",
    "Сетевые образовательные программы",
    "Социальное партнёрство",
    "Проектная деятельность",
    "Итоги мониторинга",
    "Дополнительное образование детей",
    "Агроклассы",
]
EVENT_KINDS = ["seminar", "conference", "competition", "olympiad", "excursion", "forum", "camp"]
PLAN_ACTIVITIES = [
    "Семинар для педагогов «{topic}»",
    "Конкурс проектов «{topic}»",
    "Экскурсия в {partner}",
    "Заседание рабочей группы «{topic}»",
]
MONTHS = ["январь", "февраль", "март", "апрель", "май", "сентябрь", "октябрь", "ноябрь", "декабрь"]


@dataclass
class SynthReport:
    files: int
    schools: int
    clusters: int
    out: Path


def _person(rng: random.Random) -> str:
    female = rng.random() < 0.75  # most teachers are women
    surname = rng.choice(SURNAMES) + ("а" if female else "")
    first = rng.choice(WOMEN if female else MEN)
    return f"{surname} {first[0]}.{rng.choice('АБВГДЕИКЛМНОПРСТ')}."


def _district(
    rng: random.Random, region: dict[str, str], d: int, schools: int, years: range
) -> dict[str, Any]:
    town = rng.choice(TOWN_STEMS) + rng.choice(["овка", "ное", "ино", "ск", "ово"])
    district = f"{region['stem']}-{d + 1}ский район"
    district_gen = f"{region['stem']}-{d + 1}ского района"
    tag = f"{region['id']}-{d + 1}"
    cluster = f"{region['stem']}-{d + 1}ский образовательный кластер"
    doc = f"synth-{tag}"
    places, orgs, people = [], [], []
    school_names = []
    for s in range(schools):
        prefix, kind = SETTLEMENTS[(s + d) % len(SETTLEMENTS)]
        place = f"{prefix} {town}-{s + 1}"
        places.append({"name": place, "kind": kind, "district": district, "region": region["name"]})
        name = f"МКОУ СОШ {place}" if s else f"КОГОБУ СШ {place}"
        school_names.append(name)
        orgs.append({"name": name, "kind": "school", "place": place})
    partners = []
    for kind, pattern in PARTNERS:
        name = pattern.format(town=town, district_gen=district_gen)
        partners.append(name)
        orgs.append({"name": name, "kind": kind})
    staff: list[dict[str, Any]] = []
    for s, school in enumerate(school_names):
        for t, title in enumerate(TITLES[: 2 + s % 3]):
            positions = [{"title": title, "org": school, "start": str(years[0])}]
            if rng.random() < 0.15:  # a change of post over the years
                moved = rng.choice(school_names)
                positions[0]["end"] = str(years[len(years) // 2])
                positions.append(
                    {
                        "title": rng.choice(TITLES),
                        "org": moved,
                        "start": str(years[len(years) // 2]),
                    }
                )
            staff.append({"id": f"p-{tag}-{s}-{t}", "name": _person(rng), "positions": positions})
    people.extend(staff)
    council = [p["id"] for p in staff[: 1 + min(len(staff) - 1, 6)]]
    events, partnerships = [], []
    for partner in partners:
        partnerships.append(
            {
                "partners": [partner, cluster],
                "kind": rng.choice(
                    ["social_partnership", "network_interaction", "career_guidance", "agreement"]
                ),
                "since": str(years[0]),
            }
        )
    for _kind, pattern in SHARED[: 2 + d % 3]:
        partnerships.append(
            {
                "partners": [
                    pattern.format(region=region["stem"], region_gen=region["gen"]),
                    cluster,
                ],
                "kind": "social_partnership",
                "since": str(years[0]),
            }
        )
    n = 0
    for year in years:
        for quarter, month in enumerate((2, 4, 10, 12)):
            n += 1
            speakers = rng.sample(staff, k=min(len(staff), 3 + quarter))
            events.append(
                {
                    "id": f"{tag}-council-{year}-{month:02d}",
                    "kind": "meeting",
                    "title": f"Заседание Координационного Совета: {rng.choice(TOPICS)}",
                    "start": f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
                    "organizers": [school_names[0]],
                    "speakers": [
                        {"person": p["id"], "topic": rng.choice(TOPICS)} for p in speakers
                    ],
                    "decisions": [
                        f"Рекомендовать школам кластера: {rng.choice(TOPICS).lower()}.",
                        f"Провести в {rng.choice(MONTHS)}е {year} года семинар.",
                    ],
                }
            )
        for e in range(2):
            events.append(
                {
                    "id": f"{tag}-event-{year}-{e}",
                    "kind": rng.choice(EVENT_KINDS),
                    "title": rng.choice(TOPICS),
                    "start": f"{year}-{rng.randint(1, 12):02d}",
                    "organizers": [rng.choice(partners)],
                    "participants": [rng.choice(staff)["id"]],
                }
            )
    plans = []
    for year in years:
        items = []
        for i in range(12):
            responsible = rng.choice(staff)
            items.append(
                {
                    "number": str(i + 1),
                    "section": "Методическая работа" if i < 6 else "Работа с обучающимися",
                    "activity": rng.choice(PLAN_ACTIVITIES).format(
                        topic=rng.choice(TOPICS), partner=rng.choice(partners)
                    ),
                    "due": rng.choice(MONTHS),
                    "responsible": [responsible["id"], "руководители школ кластера"],
                }
            )
        plans.append(
            {
                "id": f"{tag}-plan-{year}",
                "title": f"План работы кластера на {year} год",
                "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31",
                "approved_by": staff[0]["id"],
                "items": items,
            }
        )
    return {
        "documents": [
            {
                "id": doc,
                "title": f"Отчёт кластера {cluster}",
                "genre": "news",
                "date": f"{years[-1]}-12-31",
            }
        ],
        "places": places,
        "clusters": [
            {
                "name": cluster,
                "hub": school_names[0],
                "members": school_names[1:],
                "council": {
                    "name": f"Координационный Совет: {cluster}",
                    "chair": council[0],
                    "members": council[1:],
                },
            }
        ],
        "organizations": orgs,
        "people": people,
        "partnerships": partnerships,
        "events": events,
        "plans": plans,
    }


def synth(
    schools: int, *, seed: int = 1, out: Path = Path("build/synth"), years: int = 3
) -> SynthReport:
    """Write records for about `schools` schools: a file of shared partners per region and
    one file per district (one cluster each)."""
    rng = random.Random(seed)
    span = range(2023 - years + 1, 2024)
    remaining, files, clusters, r = schools, 0, 0, 0
    while remaining > 0:
        stem = REGION_STEMS[r % len(REGION_STEMS)] + (
            "" if r < len(REGION_STEMS) else str(r // len(REGION_STEMS))
        )
        region = {
            "id": f"r{r + 1}",
            "stem": stem,
            "name": f"{stem}ская область",
            "gen": f"{stem}ской области",
        }
        shared = [
            {"name": pattern.format(region=stem, region_gen=region["gen"]), "kind": kind}
            for kind, pattern in SHARED
        ]
        write_atomic(
            out / f"{region['id']}" / "shared.yaml",
            yaml.safe_dump({"organizations": shared}, allow_unicode=True, sort_keys=False).encode(
                "utf-8"
            ),
        )
        files += 1
        for d in range(rng.randint(10, 40)):
            if remaining <= 0:
                break
            count = min(remaining, rng.randint(6, 31))
            records = _district(rng, region, d, count, span)
            write_atomic(
                out / region["id"] / f"district-{d + 1:02d}.yaml",
                yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=120).encode(
                    "utf-8"
                ),
            )
            remaining -= count
            files += 1
            clusters += 1
        r += 1
    return SynthReport(files, schools, clusters, out)
