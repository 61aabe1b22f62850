"""Extractors on short real-looking sentences, one behaviour per case (natasha/yargy style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.documents import SourceText
from kg.extraction import extract
from kg.extraction.agenda import speakers
from kg.extraction.decisions import find_decisions
from kg.extraction.events import planned_in_decisions
from kg.extraction.members import find_members
from kg.extraction.meta import clusters, document_date, genre, plan_period
from kg.extraction.orgs import find_orgs
from kg.extraction.people import find_people
from kg.extraction.positions import find_positions
from kg.extraction.sections import find_plan_rows, split_responsible


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Слово взяла Сидорова Анна Петровна, директор школы.", ["Сидорова Анна Петровна"]),
        (
            "Доклад Некрасовой Юлии Владимировны приняли к сведению.",
            ["Некрасова Юлия Владимировна"],
        ),
        ("Отчёт Смирнова Петра Ильича утвердили.", ["Смирнов Пётр Ильич"]),
        ("Анна Петровна Сидорова открыла заседание.", ["Сидорова Анна Петровна"]),
        ("Выступили А.В. Кузнецова и Б.Г.Орлов.", ["Кузнецова А.В.", "Орлов Б.Г."]),
        ("Ответственный: Лебедева К.М., методист.", ["Лебедева К.М."]),
        ("Поручить специалисту (Фёдоровой Н.С.) подготовить отчёт.", ["Фёдорова Н.С."]),
        ("Ковалёв Д.Е,  директор", ["Ковалёв Д.Е."]),
        ("МБОУ «Лесная СОШ им. А.С. Пушкина» провела урок.", []),
        ("Доклад Марины Олеговны приняли к сведению.", []),
        # the surname last, though it ends like a patronymic
        ("Слово взял Максим Леонидович Беркович.", ["Беркович Максим Леонидович"]),
        # a surname that is also a noun's genitive plural (комок)
        ("4. Комков Алексей Александрович, учащийся", ["Комков Алексей Александрович"]),
        # signatures of orders and resolutions, the surname in capitals
        ("Глава муниципального района\nА.В.БЕЗУМОВ", ["Безумов А.В."]),
        ("Губернатор области\nА.А.ЖИЛКИН\n", ["Жилкин А.А."]),
        # -ову with initials: accusative of Осипова after "на", dative of Петров otherwise
        ("Контроль возложить на заместителя министра Е.А.Осипову.", ["Осипова Е.А."]),
        ("Поручить Петрову А.А. подготовить отчёт.", ["Петров А.А."]),
    ],
)
def test_people_are_found_in_the_nominative(text: str, names: list[str]) -> None:
    assert [p.name for p in find_people(text)] == names


@pytest.mark.parametrize(
    ("text", "name", "kind", "place"),
    [
        (
            "Семинар прошёл в МБОУ СОШ п. Лесной для учителей.",
            "МБОУ СОШ п. Лесной",
            "school",
            "п. Лесной",
        ),
        ("Провела МКУ ДО ДДТ «Радуга» в мае.", "МКУ ДО ДДТ «Радуга»", "supplementary", None),
        (
            "Гости из ГАУ ДО «Центр «Юность» приехали.",
            "ГАУ ДО «Центр «Юность»",
            "supplementary",
            None,
        ),
        (
            "КОГОБУ СШ с УИОП пгт Юрья приняла гостей.",
            "КОГОБУ СШ с УИОП пгт Юрья",
            "school",
            "пгт Юрья",
        ),
        (
            "с участием Управления образования Лесного района",
            "Управление образования Лесного района",
            "government",
            None,
        ),
        (
            "при поддержке Министерства просвещения РФ",
            "Министерство просвещения РФ",
            "government",
            None,
        ),
        (
            "представители Северо-Восточного образовательного округа",
            "Северо-Восточный образовательный округ",
            "government",
            None,
        ),
        (
            "МБУК «Лесной краеведческий музей» открыл выставку.",
            "МБУК «Лесной краеведческий музей»",
            "museum",
            None,
        ),
    ],
)
def test_organizations_are_found_with_kind_and_place(
    text: str, name: str, kind: str, place: str | None
) -> None:
    found = find_orgs(text)
    assert [(o.name, o.kind, o.place) for o in found] == [(name, kind, place)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Выступила Сидорова Анна Петровна, заместитель директора по УВР МБОУ СОШ п. Лесной.",
            [("Сидорова Анна Петровна", "заместитель директора по УВР", "МБОУ СОШ п. Лесной")],
        ),
        (
            "Орлова Вера Ивановна управляющий офиса АО «Хлеб»",
            [("Орлова Вера Ивановна", "управляющий офиса", "АО «Хлеб»")],
        ),
        (
            "выступили директор школы А.В. Кузнецова, зам.директора Б.Г. Орлова, В.Д. Павлова.",
            [("Кузнецова А.В.", "директор", None), ("Орлова Б.Г.", "заместитель директора", None)],
        ),
        (
            "Присутствовали:\nСоколов И.П. – и.о. директора МБОУ «Боровая ООШ»;\n"
            "Рябцев Д.С. – мастер производственного обучения ГБПОУ «Лесной техникум».",
            [
                ("Соколов И.П.", "исполняющий обязанности директора", "МБОУ «Боровая ООШ»"),
                ("Рябцев Д.С.", "мастер производственного обучения", "ГБПОУ «Лесной техникум»"),
            ],
        ),
        (
            "СЛУШАЛИ: Ветрову О.Н., главного специалиста отдела образования.",
            # the authority is named, so it is the organization too (gold 004: "начальник
            # управления образования" of "Управление образования администрации …")
            [("Ветрова О.Н.", "главный специалист отдела образования", "Отдел образования")],
        ),
        (
            "Начальник управления образования\t\t\tП.Р. Белов",
            [("Белов П.Р.", "начальник управления образования", "Управление образования")],
        ),
        (
            "Лебедева К.М., директор МКОУ ООШ д. Заречье, член Координационного Совета",
            [
                ("Лебедева К.М.", "член Координационного Совета", None),
                ("Лебедева К.М.", "директор", "МКОУ ООШ д. Заречье"),
            ],
        ),
    ],
)
def test_positions_follow_or_precede_the_name(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    people, orgs = find_people(text), find_orgs(text)
    found = [(p.person.name, p.title, p.org) for p in find_positions(text, people, orgs)]
    assert found == expected


def test_numbered_decisions_under_their_header() -> None:
    text = (
        "Слушали: отчёт.\nРешение совета:\n1. Одобрить план.\n2. Провести семинар в мае\n"
        "Председатель Орлова В.И.\n"
    )
    assert find_decisions(text) == ["Одобрить план.", "Провести семинар в мае"]


def test_plan_rows_from_a_tab_table_with_sections_and_a_broken_row() -> None:
    text = (
        "№\tМероприятие\tСрок\tОтветственный\n1\tМетодическая работа\n"
        "1.1\tСеминар «Наставничество»\tоктябрь\tОрлова В.И., директор МБОУ СОШ п. Лесной, "
        "руководители ОУ\n1.2\tКонкурс проектов\tдо 15.12.2024\tМетодисты ИМЦ\n"
        "\tи творческих работ\n"
    )
    rows = find_plan_rows(text)
    assert [(r.number, r.section, r.activity, r.due) for r in rows] == [
        ("1.1", "Методическая работа", "Семинар «Наставничество»", "октябрь"),
        ("1.2", "Методическая работа", "Конкурс проектов и творческих работ", "до 15.12.2024"),
    ]
    assert split_responsible(rows[0].responsible) == [
        "Орлова В.И., директор МБОУ СОШ п. Лесной",
        "руководители ОУ",
    ]


def test_plan_rows_from_one_cell_per_line() -> None:
    text = (
        "\t№\n\tНаименование мероприятия\n\tСрок\n\tОтветственный\n\n"
        "\t1.\n\tЗаседание совета\n\tавгуст\n\tОрлова В.И.\n\n"
        "\t2.\n\tКонсультации\n\tПо запросу\n\nМетодический совет\n"
    )
    rows = find_plan_rows(text)
    assert [(r.activity, r.due, r.responsible) for r in rows] == [
        ("Заседание совета", "август", "Орлова В.И."),
        ("Консультации", "По запросу", "Методический совет"),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("Протокол\nзаседания совета\nот 12 марта 2024  № 2\n", "protocol", "2024-03-12"),
        ("ПРИКАЗ\n\nОт 01.09.2023 года\n№ 15\n", "order", "2023-09-01"),
        ("План работы кластера на 1 полугодие 2024 года\n", "plan", None),
        ("С 3 по 5 мая 2023 года в районе работала комиссия.", "news", "2023-05-03"),
    ],
)
def test_genre_and_own_date(text: str, kind: str, date: str | None) -> None:
    assert genre(text) == kind
    assert document_date(text, kind) == date


def test_plan_period_and_cluster_names() -> None:
    assert [d.isoformat() for d in plan_period("План на 2023-2024 учебный год")] == [
        "2023-09-01",
        "2024-08-31",
    ]
    assert clusters("заседание Лесного образовательного кластера; направления: - агро кластер") == [
        "Лесной образовательный кластер"
    ]


def test_a_whole_protocol_becomes_facts(tmp_path: Path) -> None:
    text = (
        "Протокол\nзаседания Координационного Совета Лесного образовательного кластера\n"
        "от 12 марта 2024 № 2\nТема: «Школа и партнёры»\n"
        "Организаторы: МБОУ СОШ п. Лесной (опорная школа Лесного образовательного "
        "кластера)\n1. О партнёрстве\nОрлова Вера Ивановна, директор МБОУ СОШ п. Лесной\n"
        "Решение Координационного Совета:\n1. Одобрить план.\n"
    )
    facts = extract(SourceText(tmp_path / "p.txt", text, "utf-8"))
    assert (facts["genre"], facts["date"]) == ("protocol", "2024-03-12")
    assert facts["clusters"] == [
        {"name": "Лесной образовательный кластер", "hub": "МБОУ СОШ п. Лесной", "members": []}
    ]
    assert facts["people"] == [
        {
            "name": "Орлова Вера Ивановна",
            "positions": [{"title": "директор", "org": "МБОУ СОШ п. Лесной"}],
        }
    ]
    assert facts["events"][0] | {"participants": []} == {
        "kind": "meeting",
        "title": "Школа и партнёры",
        "start": "2024-03-12",
        "end": None,
        "organizers": ["МБОУ СОШ п. Лесной"],
        "participants": [],
        "speakers": [{"person": "Орлова Вера Ивановна", "topic": "О партнёрстве"}],
    }
    assert facts["decisions"] == ["Одобрить план."]


def test_speakers_and_their_topics() -> None:
    protocol = (
        "Повестка:\n1. «Школа и музей»\nОрлова Вера Ивановна, директор\n"
        "2. Наставничество\nКузнецова Анна Петровна, методист\n"
        "Решение:\n1. Одобрить.\n"
    )
    people = find_people(protocol)
    found = [(p.name, t) for p, t in speakers(protocol, people, protocol.find("Решение"))]
    assert found == [
        ("Орлова Вера Ивановна", "Школа и музей"),
        ("Кузнецова Анна Петровна", "Наставничество"),
    ]
    news = (
        "Петрова Ольга Ивановна выступила с темой «Партнёрство МБУК «Музей» и школ»; "
        "с темой: «Наставничество» выступила Кузнецова Анна Петровна, директор."
    )
    found = [(p.name, t) for p, t in speakers(news, find_people(news))]
    assert found == [
        ("Петрова Ольга Ивановна", "Партнёрство МБУК «Музей» и школ"),
        ("Кузнецова Анна Петровна", "Наставничество"),
    ]


def test_a_short_name_and_its_spelled_out_form_are_one_organization(tmp_path: Path) -> None:
    text = (
        "Муниципальное казенное общеобразовательное учреждение средняя общеобразовательная "
        "школа п. Лесной вошла в кластер.\nДиректор МКОУ СОШ п. Лесной Орлова В.И.\n"
        "Выступила Петрова Анна Ивановна, заместитель директора КОГПОАУ ОПТ.\n"
        "КОГПОАУ «Омутнинский политехнический техникум» принял гостей.\n"
    )
    facts = extract(SourceText(tmp_path / "n.txt", text, "utf-8"))
    assert [(o["name"], o["aliases"]) for o in facts["organizations"]] == [
        (
            "Муниципальное казенное общеобразовательное учреждение средняя общеобразовательная "
            "школа п. Лесной",
            ["МКОУ СОШ п. Лесной"],
        ),
        ("КОГПОАУ «Омутнинский политехнический техникум»", ["КОГПОАУ ОПТ"]),
    ]


def test_a_two_word_settlement_ends_before_punctuation() -> None:
    found = find_orgs("Смена для учащихся МКОУ СОШ с.Зелёная Роща (агрокласс) прошла в мае.")
    assert [(o.name, o.place) for o in found] == [("МКОУ СОШ с.Зелёная Роща", "с.Зелёная Роща")]


def test_a_first_name_and_patronymic_refer_back_to_the_person_named_in_full() -> None:
    text = (
        "Слово взяла Воронина Марина Олеговна, педагог-психолог. Марина Олеговна рассказала "
        "о тренингах. Вопросы Марине Олеговне задали родители. Затем Ольга Ивановна ответила."
    )
    found = [(p.name, p.written, p.refers_back) for p in find_people(text)]
    assert found == [
        ("Воронина Марина Олеговна", "Воронина Марина Олеговна", False),
        ("Воронина Марина Олеговна", "Марина Олеговна", True),
        ("Воронина Марина Олеговна", "Марине Олеговне", True),
    ]


def test_two_namesakes_with_other_first_names_stay_two(tmp_path: Path) -> None:
    text = (
        "Выступили Котова Анна Львовна, директор МКОУ СОШ п. Лесной, и Котова Вера Ильинична, "
        "библиотекарь. Анна Львовна рассказала о проекте.\n"
    )
    facts = extract(SourceText(tmp_path / "report.txt", text, "utf-8"))
    assert sorted(p["name"] for p in facts["people"]) == [
        "Котова Анна Львовна",
        "Котова Вера Ильинична",
    ]


def test_every_merge_within_a_document_says_why(tmp_path: Path) -> None:
    text = (
        "Присутствовали: Лаптева Ирина Сергеевна, директор МБОУ «Заречная СОШ». "
        "Ирина Сергеевна доложила о работе. Отчёт Лаптевой И.С. и справку Заречной СОШ "
        "приняли; выступил также представитель ПАО «Сбербанк», Сбербанк поддержал проект.\n"
    )
    merges = extract(SourceText(tmp_path / "note.txt", text, "utf-8"))["merges"]
    assert {(m["mention"], m["entity"], m["reason"]) for m in merges} >= {
        (
            "Ирина Сергеевна",
            "Лаптева Ирина Сергеевна",
            "first name and patronymic of the person named in full before",
        ),
        ("Лаптевой И.С.", "Лаптева Ирина Сергеевна", "same surname and initials"),
        ("Сбербанк", "ПАО «Сбербанк»", "the same name, legal form and quotes aside"),
    }


@pytest.mark.parametrize(
    ("text", "members"),
    [
        (
            "Состав Лесного образовательного кластера:\n"
            "\tОбразовательные организации, входящие в кластер\n\n"
            "\t1. МКОУ СОШ п. Лесной\n\tОрлова В.И., директор\n\n"
            "\t2. МБОУ ООШ д. Сосновка\n\n"
            "План работы на год\nМКОУ СОШ с. Боровое проведёт семинар.\n",
            {"Лесной образовательный кластер": ["МКОУ СОШ п. Лесной", "МБОУ ООШ д. Сосновка"]},
        ),
        (
            "В состав Лесного образовательного кластера входят: МКОУ СОШ п. Лесной, "
            "МБОУ ООШ д. Сосновка.\nМКОУ СОШ с. Боровое проведёт семинар.\n",
            {"Лесной образовательный кластер": ["МКОУ СОШ п. Лесной", "МБОУ ООШ д. Сосновка"]},
        ),
        (
            "Смена для учащихся МКОУ СОШ с. Боровое (агротехнологический кластер) и "
            "МКОУ СОШ п. Лесной.\n",
            {"Агротехнологический кластер": ["МКОУ СОШ с. Боровое"]},
        ),
        ("Директора школ кластера: МКОУ СОШ п. Лесной и другие.\n", {}),
    ],
)
def test_cluster_members_are_listed_or_labelled(text: str, members: dict[str, list[str]]) -> None:
    assert find_members(text, find_orgs(text), clusters(text)) == members


def test_a_short_cluster_name_is_the_full_one() -> None:
    text = "Опорная школа Лесного образовательного кластера. Совет Лесного кластера собрался."
    assert clusters(text) == ["Лесной образовательный кластер"]


def test_a_first_name_and_surname_alone_are_a_person_with_their_position(tmp_path: Path) -> None:
    text = (
        "На семинаре выступила директор МБОУ «Лесная СОШ» Ирина Соколова. Опытом поделился "
        "Павел Морозов, учитель истории МКОУ СОШ п. Боровой, а Соколовой Ирине вручили "
        "грамоту. Встреча прошла в Лесной Поляне.\n"
    )
    facts = extract(SourceText(tmp_path / "news.txt", text, "utf-8"))
    assert [(p["name"], p["positions"]) for p in facts["people"]] == [
        ("Соколова Ирина", [{"title": "директор", "org": "МБОУ «Лесная СОШ»"}]),
        ("Морозов Павел", [{"title": "учитель истории", "org": "МКОУ СОШ п. Боровой"}]),
    ]


@pytest.mark.parametrize(
    ("text", "decisions"),
    [
        (
            "1. СЛУШАЛИ:\nОрлову В.И. о мониторинге.\nРЕШИЛИ:\n1.1. Принять к сведению.\n"
            "1.2. Школам провести анкетирование;\n\n2. СЛУШАЛИ:\nИванову А.П.\n"
            "РЕШИЛИ:\n2.1. Одобрить программу.\n\nГолосовали: «за» – 9.\n",
            ["Принять к сведению.", "Школам провести анкетирование", "Одобрить программу."],
        ),
        (
            "П Р И К А З Ы В А Ю:\n1. Создать кластер.\n2. Утвердить:\n2.1. состав кластера;\n"
            "2.2. план работы.\n3. Назначить кураторами:\nпо агронаправлению – Лапину С.И.;\n"
            "по педнаправлению – Орлову В.И.\n\nНачальник управления\n",
            [
                "Создать кластер.",
                "Утвердить состав кластера",
                "Утвердить план работы.",
                "Назначить кураторами: по агронаправлению – Лапину С.И.; "
                "по педнаправлению – Орлову В.И.",
            ],
        ),
        (
            "Участники приняли резолюцию, в которой рекомендовали:\n1) школам открыть классы;\n"
            "2) техникуму принять практикантов.\nФото: пресс-служба\n",
            ["школам открыть классы", "техникуму принять практикантов."],
        ),
        (  # a list copied from a word processor: each number alone, the point wrapped under it
            "п о с т а н о в л я ю:\n1.\nУтвердить муниципальную программу «Развитие\n"
            "Образования» на 2025 год.\n2.\nКонтроль оставляю за\nсобой.\nГлава района\n",
            [
                "Утвердить муниципальную программу «Развитие Образования» на 2025 год.",
                "Контроль оставляю за собой.",
            ],
        ),
    ],
)
def test_decisions_of_protocols_orders_and_resolutions(text: str, decisions: list[str]) -> None:
    assert find_decisions(text) == decisions


@pytest.mark.parametrize(
    ("decision", "event"),
    [
        (
            "Провести районный конкурс чтецов «Родное слово» 14.03.2025 на базе МБОУ «Лесная СОШ».",
            ("competition", "Районный конкурс чтецов «Родное слово»", "2025-03-14"),
        ),
        (
            "Провести очередное выездное заседание совета кластера в феврале 2025 года.",
            ("meeting", "Очередное выездное заседание совета кластера", "2025-02"),
        ),
        (
            "Запланировать в марте 2025 года проведение «Дня открытых дверей» в техникуме.",
            ("other", "День открытых дверей", "2025-03"),
        ),
        ("Одобрить программу и провести её обсуждение.", None),
    ],
)
def test_events_planned_in_decisions(decision: str, event: tuple[str, str, str] | None) -> None:
    found = [(e["kind"], e["title"], e["start"]) for e in planned_in_decisions([decision])]
    assert found == ([event] if event else [])


def test_a_title_naming_a_kind_of_organization_means_the_documents_only_one(
    tmp_path: Path,
) -> None:
    text = (
        "Гости из ГБПОУ «Лесной техникум» провели экскурсию. О практике рассказал директор "
        "техникума К.Ю. Мошкин. Председатель ____________ А.А. Зорина\n"
    )
    people = extract(SourceText(tmp_path / "n.txt", text, "utf-8"))["people"]
    assert [(p["name"], p["positions"]) for p in people] == [
        ("Мошкин К.Ю.", [{"title": "директор", "org": "ГБПОУ «Лесной техникум»"}]),
        ("Зорина А.А.", []),
    ]


def test_a_title_written_twice_in_another_case_is_one_position() -> None:
    from kg.extraction.to_records import unique_positions

    positions = [
        {"title": "председатель Координационного Совета"},
        {"title": "директор", "org": "МБОУ «СОШ № 1»"},
        {"title": "председатель координационного совета"},
        {"title": "директор", "org": "МБОУ СОШ № 1"},
    ]
    assert unique_positions(positions) == positions[:2]
