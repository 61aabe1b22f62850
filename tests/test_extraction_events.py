"""Events told in prose, their dates and titles; decisions of orders; genre and date of a page."""

from __future__ import annotations

from typing import Any

import pytest

from kg.extraction import meta
from kg.extraction.decisions import find_decisions
from kg.extraction.events import distinct, plan_event, protocol_title
from kg.extraction.narrative import narrated_events
from kg.extraction.news_events import governed, mentions_in, signings, visits
from kg.extraction.prose_dates import Calendar, dates_in

Row = tuple[str, str | None, str | None, str | None]


@pytest.mark.parametrize(
    ("text", "page", "expected"),
    [
        ("22 декабря состоялся совет", "2022-12-23", [("2022-12-22", None)]),
        ("30 августа 2022 года прошла конференция", None, [("2022-08-30", None)]),
        ("с 8 по 13 февраля пройдёт фестиваль", "2016-01-20", [("2016-02-08", "2016-02-13")]),
        ("3–5 апреля пройдёт олимпиада", "2024-03-01", [("2024-04-03", "2024-04-05")]),
        ("3,4 марта прошёл форум", "2024-03-10", [("2024-03-03", "2024-03-04")]),
        (
            "в дни празднования 6 и 9 мая 2015 года",
            None,
            [("2015-05-06", None), ("2015-05-09", None)],
        ),
        ("с 30 октября по 3 ноября 2023 г. на базе колледжа", None, [("2023-10-30", "2023-11-03")]),
        ("конкурс провести 14.03.2025 на базе ЦДТ", None, [("2025-03-14", None)]),
        ("форум планируется провести в мае", "2024-03-28", [("2024-05", None)]),
        ("Вчера в школе состоялось совещание", "2026-02-11", [("2026-02-10", None)]),
        ("25 августа прошла конференция", None, [(None, None)]),
        ("представить отчёт до 20.12.2024", None, []),
        ("в срок до 1 октября 2024 года", None, []),
    ],
)
def test_dates_in_prose(
    text: str, page: str | None, expected: list[tuple[str | None, ...]]
) -> None:
    assert [(w.start, w.end) for w in dates_in(text, Calendar.of(text, page))] == expected


def test_a_day_without_a_year_takes_the_school_year_the_page_names() -> None:
    text = "Итоги за 2022-2023 учебный год. 25 августа прошла конференция; 5 октября — форум."
    assert [w.start for w in dates_in(text, Calendar.of(text, None))] == [
        "2023-08-25",
        "2022-10-05",
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "12 мая состоялось заседание Совета молодых педагогов района.",
            [("meeting", "Заседание Совета молодых педагогов района")],
        ),
        (
            "В районе прошёл краевой семинар по химии «Опыт и эксперимент».",
            [("seminar", "Опыт и эксперимент")],
        ),
        (
            "Прошла ежегодная конференция педагогов под названием «Школа и семья».",
            [("conference", "Школа и семья")],
        ),
        (
            "В заседании по теме: «Подготовка к ГИА» приняли участие 40 учителей.",
            [("meeting", "Подготовка к ГИА")],
        ),
        (
            "Здесь прошёл краевой семинар, посвящённый итогам работы программы «Точка роста».",
            [("seminar", "Итоги работы программы «Точка роста»")],
        ),
        (
            "«Учимся вместе!» — под таким девизом прошло заседание РМО учителей.",
            [("meeting", "Учимся вместе!")],
        ),
        (
            "Совет руководителей школ района «Лесной район» состоялся в пятницу.",
            [("meeting", "Совет руководителей школ района")],
        ),
        (
            "Состоялся районный семинар «Поэтическая гостиная «Родные просторы»».",
            [("seminar", "Поэтическая гостиная «Родные просторы»")],
        ),
        (
            "Она выступила с темой «О реализации Всероссийской акции «Память поколений».",
            [("other", "Память поколений")],
        ),
        ("Прошла осенняя профильная школа «Юный эколог».", [("camp", "Юный эколог")]),
        ("Прошёл круглый стол «Школа и работодатель».", [("round_table", "Школа и работодатель")]),
        ("Состоялось праздничное мероприятие «Лето в музее».", [("other", "Лето в музее")]),
        ("Мероприятие прошло при поддержке института.", []),
        ("На Совете были уточнены этапы проекта.", []),
        ("Разговор шёл за «круглым столом».", []),
    ],
)
def test_event_nouns_and_their_titles(sentence: str, expected: list[tuple[str, str]]) -> None:
    found = governed(sentence, mentions_in(sentence))
    assert [(m.kind, m.title) for m in found] == expected


@pytest.mark.parametrize(
    ("sentence", "governed_kinds"),
    [
        ("Семинар прошёл в актовом зале.", ["seminar"]),
        ("В районе состоялась конференция.", ["conference"]),
        ("Конкурс закончился 12 декабря фестивалем МО.", ["competition", "other"]),
        ("Участники конференции получили грамоты.", []),
        ("Ежегодно проводятся семинары для учителей.", []),
    ],
)
def test_a_verb_of_happening_governs_the_nearest_event(
    sentence: str, governed_kinds: list[str]
) -> None:
    found = governed(sentence, mentions_in(sentence))
    assert [m.kind for m in found if m.governed] == governed_kinds


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("Министр посетил Лесное ПУ №12 с целью знакомства.", ["visit"]),
        ("Музей посетили учащиеся 5 классов школы №3.", ["excursion"]),
        ("Министр посетил выставку проектных работ.", []),
        ("Гости посетили урок агрохимии.", []),
    ],
)
def test_visits_and_excursions(sentence: str, kinds: list[str]) -> None:
    assert [m.kind for m in visits(sentence, mentions_in(sentence))] == kinds


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "Директор и начальник подписали соглашение о сотрудничестве.",
            "Подписание соглашения о сотрудничестве",
        ),
        ("Было подписано трёхстороннее соглашение.", "Подписание трёхстороннего соглашения"),
    ],
)
def test_signing_an_agreement_is_an_event(sentence: str, title: str) -> None:
    assert [(m.kind, m.title) for m in signings(sentence)] == [("other", title)]


def _rows(text: str, page: str | None) -> list[Row]:
    return [(e["kind"], e["start"], e["end"], e["title"]) for e in narrated_events(text, page)]


@pytest.mark.parametrize(
    ("text", "page", "expected"),
    [
        (
            "Совещание директоров прошло в районе\n\n"
            "12 марта в школе №2 состоялось совещание директоров школ района. "
            "На совещании выступил начальник управления. В рамках совещания подвели итоги.",
            "2024-03-13",
            [("meeting", "2024-03-12", None, "Совещание директоров")],
        ),
        (
            "27 марта состоялся круглый стол «Школа и село». После круглого стола участники "
            "побывали на экскурсии на ферме. Следующим шагом станет форум «Моя земля», "
            "который планируется провести в мае.",
            "2024-03-28",
            [
                ("round_table", "2024-03-27", None, "Школа и село"),
                ("excursion", "2024-03-27", None, None),
                ("forum", "2024-05", None, "Моя земля"),
            ],
        ),
        (
            "5 октября прошло заседание РМО учителей истории. 9 октября состоялось районное "
            "педагогическое совещание. На заседании РМО обсудили планы.",
            "2023-10-10",
            [
                ("meeting", "2023-10-05", None, "Заседание РМО учителей истории"),
                ("meeting", "2023-10-09", None, "Районное педагогическое совещание"),
            ],
        ),
        (
            "Участники совещания обсудили проведение массовых акций 6 и 9 мая 2015 года.",
            None,
            [
                ("meeting", None, None, None),
                ("other", "2015-05-06", None, "Массовые акции"),
                ("other", "2015-05-09", None, "Массовые акции"),
            ],
        ),
        (
            "Экскурсия по городу для школьников.\nРебята осмотрели залы музея.",
            None,
            [("excursion", None, None, "Экскурсия по городу")],
        ),
        ("Новость о погоде в районе.", None, []),
    ],
)
def test_events_a_report_narrates(text: str, page: str | None, expected: list[Row]) -> None:
    assert _rows(text, page) == expected


def test_a_protocols_own_meeting_comes_first_and_keeps_its_header() -> None:
    main = {
        "kind": "meeting",
        "title": "Заседание совета кластера",
        "start": "2024-11-18",
        "end": None,
        "organizers": [],
        "participants": ["Орлова В.И."],
    }
    text = (
        "ПРОТОКОЛ № 2\nзаседания совета кластера\n18.11.2024\n"
        "Заседание прошло в конструктивной атмосфере.\n"
        "Вопрос будет рассмотрен на совещании руководителей 26 ноября 2024 года.\n"
    )
    events = narrated_events(text, "2024-11-18", main=main)
    assert events[0] == main
    assert [(e["kind"], e["start"]) for e in events[1:]] == [("meeting", "2024-11-26")]


def test_a_protocol_without_a_date_takes_its_meetings_date_from_the_prose() -> None:
    main: dict[str, Any] = {"kind": "meeting", "title": "Заседание РМО", "start": None}
    main |= {"end": None, "organizers": [], "participants": []}
    text = "Протокол\nзаседания РМО\nЗаседание состоялось 12 марта 2024 года в школе.\n"
    assert narrated_events(text, None, main=main) == [main | {"start": "2024-03-12"}]


def test_people_take_part_in_the_event_their_sentences_tell_of() -> None:
    text = "12 мая прошёл семинар «Мир». Выступила Орлова. 14 мая состоялся форум «Мы». Был Ким."
    people = [(text.index("Орлова"), "Орлова"), (text.index("Ким"), "Ким")]
    events = narrated_events(text, "2024-05-20", people=people)
    assert [e["participants"] for e in events] == [["Орлова", "Ким"], ["Ким"]]


def test_the_place_and_the_organizers_the_text_states() -> None:
    text = (
        "16 февраля прошёл семинар «Поле» на базе МБОУ СОШ №1. "
        "Организаторами выступили управление образования и МБОУ СОШ №1."
    )
    orgs = [
        (text.index("МБОУ"), text.index("МБОУ") + 12, "МБОУ СОШ №1"),
        (text.index("управление"), text.index("управление") + 21, "Управление образования"),
        (text.rindex("МБОУ"), text.rindex("МБОУ") + 12, "МБОУ СОШ №1"),
    ]
    (event,) = narrated_events(text, "2024-02-19", orgs=orgs)
    assert event["place"] == "МБОУ СОШ №1"
    assert event["organizers"] == ["Управление образования", "МБОУ СОШ №1"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "ПРОТОКОЛ № 2\nзаседания координационного совета\nЛесного кластера\n\n18.11.2024\n",
            "Заседание координационного совета Лесного кластера",
        ),
        ("Протокол №6\nуправляющего совета от 10.03.2009г.\n", "Заседание управляющего совета"),
        (
            "ПРОТОКОЛ № 4\nрасширенного заседания совета кластера\nг. Лесной\n",
            "Расширенное заседание совета кластера",
        ),
        (
            "Протокол №3 от 29.11.2013\n\n Заседания директоров округа №4\n\nПрисутствовали: 8",
            "Заседание директоров округа №4",
        ),
        ("Новости района\n", None),
    ],
)
def test_the_meeting_a_protocols_heading_names(text: str, title: str | None) -> None:
    assert protocol_title(text) == title


@pytest.mark.parametrize(
    ("text", "genre", "decisions"),
    [
        (
            "В целях развития образования, руководствуясь Уставом области, приказываю:\n"
            "1. Утвердить программу.\n2. Контроль возложить на заместителя.\nМинистр\n",
            "order",
            ["Утвердить программу.", "Контроль возложить на заместителя."],
        ),
        (
            "На основании Закона Администрация района постановляет:\n1.Утвердить Положение.\n",
            "order",
            ["Утвердить Положение."],
        ),
        (
            "Распоряжение от 01.10.2008 г № 315-Р\n\nВ целях исполнения распоряжения:\n"
            "1.Утвердить Положение об округе.\n2.Агентству опубликовать распоряжение.\n"
            "Губернатор\n",
            "order",
            ["Утвердить Положение об округе.", "Агентству опубликовать распоряжение."],
        ),
        ("Итоги года.\n1. Школа №1 — 1 место.\n", "news", []),
        (
            "В принятой резолюции было включено предложение: «Поддержать проект школы».\n",
            "news",
            ["Поддержать проект школы"],
        ),
        ("Принято решение: «Создать совет кластера».\n", "news", ["Создать совет кластера"]),
    ],
)
def test_the_operative_part_of_an_order_or_a_quoted_resolution(
    text: str, genre: str, decisions: list[str]
) -> None:
    assert find_decisions(text, genre) == decisions


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        ("Распоряжение от 10.03.2006 г № 12-Р\n\nО смотре\n", "order"),
        ("ПОСТАНОВЛЕНИЕ\nот 21.12.2010 № 1651\n", "order"),
        ("30 июня 2014 г.\nВ целях организации образования приказываю:\n1. Утвердить.\n", "order"),
        ("Комплекс мер (дорожная карта)\nпо созданию центров\n", "plan"),
        ("В школе прошло постановление спектакля.\n", "news"),
    ],
)
def test_genre_of_orders_and_roadmaps(text: str, genre: str) -> None:
    assert meta.genre(text) == genre


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("11-02-2026 05:08\nВчера в школе прошло совещание.", "2026-02-11"),
        ("Заседание прошло 24 октября.\n30.10.13\nАвтор", "2013-10-30"),
        ("Заседание прошло 24 октября.\nСтатья 30.10.13 года", None),
    ],
)
def test_a_news_pages_dateline(text: str, date: str | None) -> None:
    assert meta.document_date(text, "news") == date


@pytest.mark.parametrize(
    ("activity", "kind"),
    [
        ("Мониторинги трудоустройства выпускников", None),
        ("Анализ итогов мониторинга трудоустройства", None),
        ("Тематические экскурсии в организации района", None),
        ("Курсы для педагогов, работающих в профильных группах", None),
        ("Профильная смена «Юные экологи»", "camp"),
        ("Смотр художественной самодеятельности", "competition"),
        ("Правовой марафон «Знай права»", "other"),
        ("День открытых дверей в колледже", "other"),
        ("Анкетирование учащихся «Мой выбор»", "survey"),
        ("Психологическое тестирование старшеклассников", "survey"),
    ],
)
def test_plan_rows_that_are_one_event(activity: str, kind: str | None) -> None:
    event = plan_event(activity, "октябрь", (None, None))
    assert (event["kind"] if event else None) == kind


def test_one_entry_per_event_named_twice() -> None:
    a: dict[str, object] = {
        "kind": "competition",
        "title": "Конкурс «Лес»",
        "start": "2024-02-21",
        "end": None,
        "organizers": [],
        "participants": [],
    }
    b = a | {"title": "Лес", "organizers": ["МКУ ИМЦ"]}
    c = a | {"start": None, "title": "Лес и мы"}
    assert distinct([a, b, c]) == [a | {"organizers": ["МКУ ИМЦ"]}, c]
