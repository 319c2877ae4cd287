"""Money amounts and dates as Chinese news writes them (kg.numbers)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.numbers import find_amounts, find_dates, parse_amount
from kg.rdf import decimal_text


@pytest.mark.parametrize("text, expected", [
    ("2万元", 20000),
    ("45000余元", 45000),
    ("价值5万元", 50000),
    ("两万七千元", 27000),
    ("1000万元", 10_000_000),
    ("5000元", 5000),
])
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


def test_find_amounts_gives_positions_in_the_sentence():
    text = "向村里捐款2万元和价值5万元的物资"
    assert find_amounts(text) == [(5, 8, 20000), (11, 14, 50000)]
    assert text[5:8] == "2万元" and text[11:14] == "5万元"


def test_find_amounts_none_in_plain_text():
    assert find_amounts("区委书记主持召开会议") == []


def test_month_day_takes_the_year_from_context():
    assert find_dates("2月15日", 2020) == [(0, 5, "2020-02-15")]


@pytest.mark.parametrize("text", ["2020年1月24日(除夕)", "2020年1月24日（除夕）"])
def test_festival_in_brackets_is_not_a_second_date(text):
    assert find_dates(text, None) == [(0, 10, "2020-01-24")]


def test_festivals_of_2020():
    assert find_dates("大年初一", 2020) == [(0, 4, "2020-01-25")]
    assert find_dates("元宵节", 2020) == [(0, 3, "2020-02-08")]


def test_no_year_no_date():
    assert find_dates("2月15日", None) == []
    assert find_dates("大年初一", None) == []


@given(st.integers(1, 10**8))
def test_arabic_yuan(n):
    assert parse_amount(f"{n}元") == n


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2),
       st.sampled_from(["", "万", "亿"]))
def test_decimal_amounts_are_exact_from_a_cent_to_a_hundred_billion(number, unit):
    """1.13万元 is 11300 yuan, not 11299.999999999998; 0.01元 is one cent."""
    text = f"{number}{unit}元"
    expected = number * {"": 1, "万": 10_000, "亿": 100_000_000}[unit]
    assert parse_amount(text) == expected
    assert decimal_text(parse_amount(text)) == format(expected.normalize(), "f")
    assert "E" not in decimal_text(parse_amount(text))


def test_an_amount_in_the_graph_is_an_exact_decimal_literal():
    assert parse_amount("1.13万元") == Decimal("11300")
    assert decimal_text(parse_amount("1.13万元")) == "11300"
    assert decimal_text(parse_amount("3.5亿元")) == "350000000"


@given(st.integers(1, 9999))
def test_arabic_wan_yuan(n):
    assert parse_amount(f"{n}万元") == n * 10000


@settings(max_examples=200)
@given(st.integers(1, 99999))
def test_chinese_numerals(n):
    assert parse_amount(cn2an.an2cn(n) + "元") == n


@given(st.dates(date(2015, 1, 1), date(2030, 12, 31)))
def test_month_day_dates(day):
    text = f"{day.month}月{day.day}日"
    assert find_dates(text, day.year) == [(0, len(text), day.isoformat())]


@given(st.text(), st.one_of(st.none(), st.integers(1900, 2100)))
def test_find_dates_never_raises(text, year):
    for start, end, iso in find_dates(text, year):
        assert 0 <= start < end <= len(text)
        date.fromisoformat(iso)
