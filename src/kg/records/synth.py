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

from kg.files import write_atomic

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
    number = f"{region['id'][1:]}.{d + 1}"  # towns repeat across regions, their numbers do not
    district = f"{region['stem']}-{d + 1}ский район"
    district_gen = f"{region['stem']}-{d + 1}ского района"
    tag = f"{region['id']}-{d + 1}"
    cluster = f"{region['stem']}-{d + 1}ский образовательный кластер"
    doc = f"synth-{tag}"
    documents: list[dict[str, Any]] = [
        {"id": doc, "title": f"Отчёт кластера {cluster}", "genre": "news",
         "date": f"{years[-1]}-12-31"}
    ]  # fmt: skip
    places, orgs, people = [], [], []
    school_names = []
    for s in range(schools):
        prefix, kind = SETTLEMENTS[(s + d) % len(SETTLEMENTS)]
        place = f"{prefix} {town} {number}-{s + 1}"  # unique: region and district in the number
        places.append({"name": place, "kind": kind, "district": district, "region": region["name"]})
        name = f"МКОУ СОШ {place}" if s else f"КОГОБУ СШ {place}"
        school_names.append(name)
        orgs.append({"name": name, "kind": "school", "place": place, "source": doc})
    partners = []
    for kind, pattern in PARTNERS:
        name = pattern.format(town=f"{town} {number}", district_gen=district_gen)
        partners.append(name)
        orgs.append({"name": name, "kind": kind, "place": places[0]["name"], "source": doc})
    shared_partners = [
        pattern.format(region=region["stem"], region_gen=region["gen"])
        for _kind, pattern in SHARED[: 2 + d % 3]
    ]
    staff: list[dict[str, Any]] = []
    for s, school in enumerate(school_names):
        for t in range(4 + s % 5):
            title = TITLES[min(t, len(TITLES) - 1)] if t < 4 else "учитель"
            positions = [{"title": title, "org": school, "start": str(years[0])}]
            if rng.random() < 0.25:  # a change of post over the years
                moved = rng.choice(school_names)
                middle = years[len(years) // 2]
                positions[0]["end"] = f"{middle}-{rng.randint(6, 8):02d}"
                new_title = rng.choice([x for x in TITLES if x != title])  # a post of its own
                positions.append({"title": new_title, "org": moved, "start": f"{middle}-09"})
            staff.append({"id": f"p-{tag}-{s}-{t}", "name": _person(rng), "positions": positions,
                          "source": doc})  # fmt: skip
    for p, partner in enumerate(partners):  # a contact person at each partner
        staff.append({"id": f"p-{tag}-partner-{p}", "name": _person(rng), "source": doc,
                      "positions": [{"title": "руководитель", "org": partner,
                                     "start": str(years[0])}]})  # fmt: skip
    people.extend(staff)
    teachers = [p for p in staff if "partner" not in p["id"]]
    council = [p["id"] for p in teachers[: 1 + min(len(teachers) - 1, 8)]]
    events, partnerships = [], []
    for partner in partners + shared_partners:
        partnerships.append(
            {
                "partners": [partner, cluster],
                "kind": rng.choice(
                    ["social_partnership", "network_interaction", "career_guidance", "agreement"]
                ),
                "since": str(years[0]),
                "source": doc,
            }
        )
    for school in school_names:  # schools have partners of their own, shared in the district
        for partner in rng.sample(partners, k=3):
            partnerships.append(
                {
                    "partners": [school, partner],
                    "kind": rng.choice(["social_partnership", "dual_education", "joint_project"]),
                    "since": f"{rng.choice(years)}-{rng.randint(1, 12):02d}",
                    "source": doc,
                }
            )
    for year in years:
        for quarter, month in enumerate((2, 4, 10, 12)):
            protocol = f"{tag}-protocol-{year}-{month:02d}"
            day = rng.randint(1, 28)
            documents.append(
                {"id": protocol, "title": f"Протокол заседания Координационного Совета {cluster}",
                 "genre": "protocol", "date": f"{year}-{month:02d}-{day:02d}",
                 "number": str(quarter + 1)}
            )  # fmt: skip
            speakers = rng.sample(teachers, k=min(len(teachers), 3 + quarter))
            events.append(
                {
                    "id": f"{tag}-council-{year}-{month:02d}",
                    "kind": "meeting",
                    "title": f"Заседание Координационного Совета: {rng.choice(TOPICS)}",
                    "start": f"{year}-{month:02d}-{day:02d}",
                    "venue": rng.choice(school_names),
                    "organizers": [school_names[0]],
                    "participants": [
                        p["id"] for p in rng.sample(teachers, k=min(len(teachers), 6))
                    ],
                    "speakers": [
                        {"person": p["id"], "topic": rng.choice(TOPICS)} for p in speakers
                    ],
                    "decisions": [
                        f"Рекомендовать школам кластера: {rng.choice(TOPICS).lower()}.",
                        f"Провести в {rng.choice(MONTHS)}е {year} года семинар.",
                        f"Утвердить план мероприятий на {rng.choice(MONTHS)} {year} года.",
                    ][: 2 + quarter % 2],
                    "source": protocol,
                }
            )
        for e in range(6):
            events.append(
                {
                    "id": f"{tag}-event-{year}-{e}",
                    "kind": rng.choice(EVENT_KINDS),
                    "title": rng.choice(TOPICS),
                    "start": f"{year}-{rng.randint(1, 12):02d}",
                    "venue": rng.choice(partners),
                    "organizers": [rng.choice(partners), rng.choice(school_names)],
                    "participants": [p["id"] for p in rng.sample(teachers, k=min(len(teachers), 4))]
                    + rng.sample(school_names, k=min(len(school_names), 3)),
                    "source": doc,
                }
            )
    projects = [
        {
            "id": f"{tag}-project-{k}",
            "name": f"{rng.choice(TOPICS)}: проект {cluster}",
            "kind": "specialised_class" if k else "project",
            "direction": rng.choice(TOPICS),
            "members": rng.sample(school_names, k=min(len(school_names), 5)),
            "partners": rng.sample(partners, k=2),
            "source": doc,
        }
        for k in range(2)
    ]
    plans = []
    for year in years:
        items = []
        for i in range(20):
            responsible = rng.choice(teachers)
            month = rng.randint(1, 12)
            items.append(
                {
                    "number": str(i + 1),
                    "section": "Методическая работа" if i < 10 else "Работа с обучающимися",
                    "activity": rng.choice(PLAN_ACTIVITIES).format(
                        topic=rng.choice(TOPICS), partner=rng.choice(partners)
                    ),
                    "result": "Методические рекомендации" if i % 2 else "Участие школ кластера",
                    "due": MONTHS[month % len(MONTHS)],
                    "responsible": [responsible["id"], "руководители школ кластера"],
                }
            )
        plans.append(
            {
                "id": f"{tag}-plan-{year}",
                "title": f"План работы кластера на {year} год",
                "period_start": f"{year}-01-01",
                "period_end": f"{year}-12-31",
                "approved_by": teachers[0]["id"],
                "items": items,
                "source": doc,
            }
        )
    return {
        "documents": documents,
        "places": places,
        "clusters": [
            {
                "name": cluster,
                "hub": school_names[0],
                "members": school_names[1:],
                "place": places[0]["name"],
                "council": {
                    "name": f"Координационный Совет: {cluster}",
                    "chair": council[0],
                    "members": council[1:],
                },
                "source": doc,
            }
        ],
        "organizations": orgs,
        "people": people,
        "partnerships": partnerships,
        "events": events,
        "projects": projects,
        "plans": plans,
    }


def _dump(data: dict[str, Any]) -> str:
    """YAML by libyaml when there is one (five times faster than PyYAML's own emitter)."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)


def synth(
    schools: int, *, seed: int = 1, out: Path = Path("build/synth"), years: int = 4
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
            _dump({"organizations": shared}).encode("utf-8"),
        )
        files += 1
        for d in range(rng.randint(10, 40)):
            if remaining <= 0:
                break
            count = min(remaining, rng.randint(6, 31))
            records = _district(rng, region, d, count, span)
            write_atomic(
                out / region["id"] / f"district-{d + 1:02d}.yaml",
                _dump(records).encode("utf-8"),
            )
            remaining -= count
            files += 1
            clusters += 1
        r += 1
    return SynthReport(files, schools, clusters, out)
