import datetime
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from hoptac.lib.dates import DateParseError, parse_vi_date, reference_date_from
from hoptac.lib.vi_format import (
    BooleanParseError,
    NumberParseError,
    format_vi_bool,
    format_vi_number,
    parse_vi_bool,
    parse_vi_int,
    parse_vi_number,
)

D = datetime.date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("31/12/2018", D(2018, 12, 31)),
        ("1/2/2018", D(2018, 2, 1)),
        ("01-02-2018", D(2018, 2, 1)),
        ("01.02.2018", D(2018, 2, 1)),
        (" 01 / 02 / 2018 ", D(2018, 2, 1)),
        ("2018-02-01", D(2018, 2, 1)),
        (D(2018, 2, 1), D(2018, 2, 1)),
        (datetime.datetime(2018, 2, 1, 10, 30), D(2018, 2, 1)),
    ],
)
def test_it_reads_the_ways_people_write_dates(typed, expected):
    assert parse_vi_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2018", "Ngày 31/02/2018 không có trong lịch (tháng 2/2018 không có ngày 31)."),
        ("12/13/2018", "“12/13/2018”: tháng 13 không có (tháng từ 1 đến 12)."),
        ("hôm qua", "“hôm qua” không phải là ngày: hãy nhập theo dạng ngày/tháng/năm, ví dụ 31/12/2018."),
        ("31/12/18", "“31/12/18” không phải là ngày"),
        ("", "Chưa nhập ngày."),
    ],
)
def test_it_says_clearly_why_a_date_is_refused(typed, message):
    with pytest.raises(DateParseError) as error:
        parse_vi_date(typed)
    assert str(error.value).startswith(message)


def test_it_takes_the_reference_date_from_the_query_or_falls_back():
    today = D(2018, 10, 15)
    assert reference_date_from({"ngay": "31/12/2018"}, default=today) == (D(2018, 12, 31), None)
    assert reference_date_from({}, default=today) == (today, None)
    day, error = reference_date_from({"ngay": "31/02/2018"}, default=today)
    assert day == today and "31/02/2018" in error


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("12.345.678", Decimal("12345678")),
        ("1.234", Decimal("1234")),
        ("1234.5", Decimal("1234.5")),
        ("1234.500", Decimal("1234.500")),
        ("0,75", Decimal("0.75")),
        ("-12,5", Decimal("-12.5")),
        ("250", Decimal("250")),
        (7, Decimal("7")),
    ],
)
def test_it_reads_numbers_in_vietnamese_notation(typed, expected):
    assert parse_vi_number(typed) == expected


@pytest.mark.parametrize("typed", ["1,2,3", "12.34,5", "abc", "", "1e5x", "nan"])
def test_it_refuses_what_is_not_a_number(typed):
    with pytest.raises(NumberParseError):
        parse_vi_number(typed)


def test_it_reads_whole_numbers_and_formats_the_vietnamese_way():
    assert parse_vi_int("1.250") == 1250
    with pytest.raises(NumberParseError):
        parse_vi_int("12,5")
    assert format_vi_number(Decimal("1234567.5")) == "1.234.567,5"
    assert format_vi_number(Decimal("-1234.0")) == "-1.234"
    assert format_vi_number(1234.56, decimals=1) == "1.234,6"
    assert format_vi_number(None) == ""


# --- spreadsheet cells: numbers passed through, yes/no answers, round trip ------------------------


def test_it_passes_spreadsheet_numbers_through():
    assert parse_vi_number(12.3) == Decimal("12.3")
    assert parse_vi_number(Decimal("7.5")) == Decimal("7.5")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=1, allow_nan=False, allow_infinity=False))
def test_it_reads_back_every_number_it_writes(number):
    assert parse_vi_number(format_vi_number(number)) == number


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Có", True), ("co", True), ("x", True), ("X", True), (1, True), (True, True),
     ("Không", False), ("khong", False), ("0", False), (0, False)],
)  # fmt: skip
def test_it_reads_yes_and_no(typed, expected):
    assert parse_vi_bool(typed) is expected


def test_it_refuses_an_unclear_yes_or_no_and_writes_yes_as_co():
    with pytest.raises(BooleanParseError, match="có hay không"):
        parse_vi_bool("có lẽ")
    assert (format_vi_bool(True), format_vi_bool(False)) == ("Có", "")
