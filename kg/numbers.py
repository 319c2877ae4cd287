"""Money amounts and dates as Chinese news writes them.

``parse_amount("两万七千元") == 27000``; ``find_dates`` reads ``2月15日``,
``2020年1月24日(除夕)``, ``大年初一``, ``元宵节`` with the year from context.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUM = rf"(?:\d+(?:\.\d+)?|[{CN_DIGITS}]+)"
# A number is read from the start of its run of digits only: tried from inside
# a run it can only fail (the run is the same from there on), and in a long run
# of digits with no 元 after it, trying every position cost time quadratic in the run.
AMOUNT_RE = re.compile(
    rf"(?P<num>(?<![\d])\d+(?:\.\d+)?|(?<![{CN_DIGITS}])[{CN_DIGITS}]+)(?P<more1>余|多)?(?P<unit>万|千|百|亿)?(?P<more2>余|多)?"
    rf"(?P<cur>元|块钱|现金|人民币)")
UNIT = {"万": 10_000, "千": 1_000, "百": 100, "亿": 100_000_000, None: 1}


def cn_number(text: str) -> Decimal | None:
    """A number in Arabic or Chinese digits, exactly: '45000', '1.13', '两万七千' → Decimal."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    import cn2an
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (ValueError, KeyError, IndexError, TypeError, InvalidOperation):
        return None


def parse_amount(text: str) -> Decimal | None:
    """The yuan value of a money expression, exact: '2万' → 20000, '1.13万元' → 11300,
    '45000余元' → 45000."""
    m = AMOUNT_RE.search(text) or re.fullmatch(rf"(?P<num>{_NUM})(?P<unit>万|千|百|亿)?", text)
    if not m:
        return None
    value = cn_number(m.group("num"))
    if value is None:
        return None
    return value * UNIT[m.groupdict().get("unit")]


def find_amounts(text: str) -> list[tuple[int, int, Decimal]]:
    """Money expressions in a clean sentence: (start, end, yuan)."""
    out = []
    for m in AMOUNT_RE.finditer(text):
        if m.group("cur") == "现金" and not m.group("unit"):
            continue                      # '5000现金' without a unit is too vague
        value = parse_amount(m.group())
        if value is not None and value > 0:
            out.append((m.start(), m.end(), value))
    return out


@lru_cache(maxsize=1)
def spring_festivals() -> dict[int, date]:
    text = resources.files("kg").joinpath("lexicons", "festivals.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            year, day = line.split("\t")
            out[int(year)] = date.fromisoformat(day)
    return out


FESTIVAL_OFFSETS = {"除夕": -1, "大年三十": -1, "大年初一": 0, "春节": 0, "正月初一": 0, "元宵节": 14,
                    "元宵": 14, "正月十五": 14}
_INITIAL_DAYS = "一二三四五六七八九十"


def festival_date(word: str, year: int) -> date | None:
    """The Gregorian date of a festival day in the lunar new year of ``year``."""
    new_year = spring_festivals().get(year)
    if new_year is None:
        return None
    if word in FESTIVAL_OFFSETS:
        return new_year + timedelta(days=FESTIVAL_OFFSETS[word])
    m = re.fullmatch(r"(?:大年|正月)?初([一二三四五六七八九十])", word)
    if m:
        return new_year + timedelta(days=_INITIAL_DAYS.index(m.group(1)))
    return None


DATE_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]")
FESTIVAL_RE = re.compile(r"除夕|大年三十|大年初[一二三四五六七八九十]|正月初[一二三四五六七八九十]|"
                         r"正月十五|元宵节|春节")


def find_dates(text: str, year: int | None) -> list[tuple[int, int, str]]:
    """Days named in a clean sentence: (start, end, ISO date). Days without a known year are left out."""
    out = []
    for m in DATE_RE.finditer(text):
        y = int(m.group("y")) if m.group("y") else year
        if y is None:
            continue
        try:
            out.append((m.start(), m.end(), date(y, int(m.group("m")), int(m.group("d"))).isoformat()))
        except ValueError:
            continue
    for m in FESTIVAL_RE.finditer(text):
        if any(a <= m.start() < b + 6 for a, b, _ in out):
            continue                      # 1月24日(除夕): the explicit date already says it
        day = festival_date(m.group(), year) if year else None
        if day is not None:
            out.append((m.start(), m.end(), day.isoformat()))
    return sorted(out)


def year_of(text: str) -> int | None:
    """The year of the first full date (YYYY年M月D日) in a text, if any."""
    m = re.search(r"(\d{4})年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]", text)
    return int(m.group(1)) if m else None
