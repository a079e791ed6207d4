from datetime import date

import pytest

from matcher.extract.dates import find_ranges, months_between, parse_date


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("03/2019 - 11/2021", date(2019, 3, 1), date(2021, 11, 1), False),
        ("3/19 – 6/21", date(2019, 3, 1), date(2021, 6, 1), False),
        ("March 2021 - Present", date(2021, 3, 1), None, True),
        ("Mar. 2020 to Current", date(2020, 3, 1), None, True),
        ("Sept 2019 — Now", date(2019, 9, 1), None, True),
        ("January 2020 to date", date(2020, 1, 1), None, True),
        ("2016 - 2018", date(2016, 1, 1), date(2018, 12, 1), False),
        ("2018–Present", date(2018, 1, 1), None, True),
        ("Aug 2015 until May 2018", date(2015, 8, 1), date(2018, 5, 1), False),
        ("05/2022 to Present", date(2022, 5, 1), None, True),
    ],
)
def test_dates_ranges_in_every_written_form(text, start, end, current):
    (found,) = find_ranges(f"Account Manager | Acme | {text}")
    assert (found.start, found.end, found.current) == (start, end, current)


@pytest.mark.parametrize("text", ["$2,019 in fees", "call 555-2019-2020", "grew 2019%"])
def test_dates_numbers_that_are_not_ranges(text):
    assert find_ranges(text) == []


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [("2019", False, date(2019, 1, 1)), ("2019", True, date(2019, 12, 1)), ("Dec '18", False, date(2018, 12, 1)),
     ("11/2020", False, date(2020, 11, 1)), ("13/2020", False, None)],
)
def test_dates_parse_one_date(text, end, expected):
    assert parse_date(text, end=end) == expected


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [(date(2020, 1, 1), date(2020, 12, 1), 12), (date(2020, 3, 1), date(2020, 3, 1), 1)],
)
def test_dates_months_count_both_end_months(start, end, months):
    assert months_between(start, end) == months
