"""Plan due cells as Russian plans write them, placed in the plan's period."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.records.dates import parse_due

D = dt.date
H2_2019 = (D(2019, 7, 1), D(2019, 12, 31))
SCHOOL_YEAR = (D(2022, 9, 1), D(2023, 8, 31))


@pytest.mark.parametrize(
    ("text", "period", "expected"),
    [
        ("сентябрь", H2_2019, (D(2019, 9, 1), D(2019, 9, 30))),
        ("в сентябре", H2_2019, (D(2019, 9, 1), D(2019, 9, 30))),
        ("Сентябрь-декабрь", H2_2019, (D(2019, 9, 1), D(2019, 12, 31))),
        ("Октябрь- декабрь", H2_2019, (D(2019, 10, 1), D(2019, 12, 31))),
        ("Август, ноябрь", H2_2019, (D(2019, 8, 1), D(2019, 11, 30))),
        ("21 ноября", H2_2019, (D(2019, 11, 21), D(2019, 11, 21))),
        ("с 3 по 5 ноября", H2_2019, (D(2019, 11, 3), D(2019, 11, 5))),
        ("3–5 ноября 2019", H2_2019, (D(2019, 11, 3), D(2019, 11, 5))),
        ("Январь- июнь", H2_2019, (None, None)),
        ("ежемесячно", H2_2019, H2_2019),
        ("По запросу", H2_2019, (None, None)),
        ("Январь 2023", SCHOOL_YEAR, (D(2023, 1, 1), D(2023, 1, 31))),
        ("октябрь", SCHOOL_YEAR, (D(2022, 10, 1), D(2022, 10, 31))),
        ("январь", SCHOOL_YEAR, (D(2023, 1, 1), D(2023, 1, 31))),
        ("Май - июнь 2023", SCHOOL_YEAR, (D(2023, 5, 1), D(2023, 6, 30))),
        ("Март – апрель 2023", SCHOOL_YEAR, (D(2023, 3, 1), D(2023, 4, 30))),
        ("До 12.10.2022", SCHOOL_YEAR, (None, D(2022, 10, 12))),
        (
            "До 12.10.2022, далее – по мере поступления из МО ПК",
            SCHOOL_YEAR,
            (None, D(2022, 10, 12)),
        ),
        ("до 16.10.2022 до 01.05.2023", SCHOOL_YEAR, (None, D(2023, 5, 1))),
        ("до 15 декабря 2022", SCHOOL_YEAR, (None, D(2022, 12, 15))),
        ("В течение года", SCHOOL_YEAR, SCHOOL_YEAR),
        ("постоянно", SCHOOL_YEAR, SCHOOL_YEAR),
        (
            "Ноябрь – декабрь 2022 Апрель – май 2023 Март – апрель 2023",
            SCHOOL_YEAR,
            (D(2022, 11, 1), D(2023, 5, 31)),
        ),
        ("Ноябрь 2022 Март - апрель 2023 Март 2023", SCHOOL_YEAR, (D(2022, 11, 1), D(2023, 4, 30))),
        ("", SCHOOL_YEAR, (None, None)),
        (None, SCHOOL_YEAR, (None, None)),
        ("сентябрь", (None, None), (None, None)),
    ],
)
def test_due_text_becomes_an_interval_in_the_plan_period(
    text: str | None,
    period: tuple[dt.date | None, dt.date | None],
    expected: tuple[dt.date | None, dt.date | None],
) -> None:
    assert parse_due(text, period) == expected
