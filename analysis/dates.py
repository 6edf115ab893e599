"""Dates of uneven precision, and the article's own date expressions.

Resolving Arabic relative dates ("أول من أمس الجمعة", "26 مارس/آذار الماضي", "مايو/أيار الحالي")
against a publication date is hand-written: no date library parses Arabic relative expressions
(dateparser handles some Arabic, but not "X الماضي"/"X الحالي" relative to a given date, and it would
be a heavy dependency for six phrases). The rules are small, explicit and unit-tested.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

PRECISIONS = ("day", "month", "year", "unknown")
# ASCII digits only (``\d`` would also take Arabic-Indic digits, which no loader reads).
_PATTERN = {"day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "month": r"[0-9]{4}-[0-9]{2}", "year": r"[0-9]{4}"}
# The years a date may have: the ones pandas' nanosecond timestamps hold whole (1677-09-21 … 2262-04-11),
# so that every date the validator accepts is one the loaders can represent.
YEAR_MIN, YEAR_MAX = 1678, 2261

# Both month-name systems used in Arabic news: Egyptian/Maghrebi (يناير…) and Levantine (كانون الثاني…).
MONTHS: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يوليو": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
}
WEEKDAYS: dict[str, int] = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3,
                            "الجمعة": 4, "السبت": 5, "الأحد": 6}
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_LEAD = r"(?:(?:عقب|بعد|منذ|قبل|في|خلال|عام|سنة)\s+)*"
_ABSOLUTE = re.compile(rf"^{_LEAD}(?:(?P<day>\d{{1,2}})\s+)?(?:(?P<m1>{_MONTH})(?:/(?P<m2>{_MONTH}))?\s+)?(?P<year>\d{{4}})$")
_RELATIVE = re.compile(rf"^{_LEAD}(?:(?P<day>\d{{1,2}})\s+)?(?P<m1>{_MONTH})(?:/(?P<m2>{_MONTH}))?\s+(?P<rel>الماضي|الحالي|المقبل)$")
_DAYS_AGO = re.compile(r"^(?P<rel>أول من أمس|أمس|اليوم)(?:\s+(?P<weekday>\S+))?$")


class DateTextError(ValueError):
    """A date expression that the rules cannot resolve, or that contradicts itself."""


@dataclass(frozen=True)
class ResolvedDate:
    value: str      # ISO 8601 at the expression's precision: YYYY, YYYY-MM or YYYY-MM-DD
    precision: str  # day, month or year
    rule: str       # how it was resolved, in words


def _month(m1: str, m2: str | None, text: str) -> int:
    month = MONTHS[m1]
    if m2 is not None and MONTHS[m2] != month:
        raise DateTextError(f"{text!r}: the two month names {m1!r} and {m2!r} disagree")
    return month


def _iso(year: int, month: int | None, day: int | None, text: str) -> ResolvedDate:
    try:
        if day is not None:
            return ResolvedDate(date(year, month, day).isoformat(), "day", "")
    except ValueError as exc:
        raise DateTextError(f"{text!r}: {exc}") from None
    if month is not None:
        return ResolvedDate(f"{year:04d}-{month:02d}", "month", "")
    return ResolvedDate(f"{year:04d}", "year", "")


def resolve_date_text(text: str, published: date) -> ResolvedDate:
    """Resolve the article's words for a date against the publication date.

    >>> resolve_date_text("أول من أمس الجمعة", date(2022, 5, 8)).value
    '2022-05-06'
    """
    text = " ".join(text.split())
    if m := _DAYS_AGO.match(text):
        back = {"اليوم": 0, "أمس": 1, "أول من أمس": 2}[m["rel"]]
        day = published - timedelta(days=back)
        if m["weekday"] is not None:
            if m["weekday"] not in WEEKDAYS:
                raise DateTextError(f"{text!r}: unknown weekday {m['weekday']!r}")
            if WEEKDAYS[m["weekday"]] != day.weekday():
                raise DateTextError(f"{text!r}: {day.isoformat()} (publication − {back} days) is not a {m['weekday']}")
        return ResolvedDate(day.isoformat(), "day", f"publication date − {back} day(s)")
    if m := _ABSOLUTE.match(text):
        month = _month(m["m1"], m["m2"], text) if m["m1"] else None
        if m["day"] and month is None:
            raise DateTextError(f"{text!r}: a day without a month")
        r = _iso(int(m["year"]), month, int(m["day"]) if m["day"] else None, text)
        return ResolvedDate(r.value, r.precision, "absolute date")
    if m := _RELATIVE.match(text):
        month = _month(m["m1"], m["m2"], text)
        day = int(m["day"]) if m["day"] else None
        if m["rel"] == "الحالي":
            if month != published.month:
                raise DateTextError(f"{text!r}: 'current' month {month} but the publication is in month {published.month}")
            year, rule = published.year, "the publication's month ('الحالي', current)"
        elif m["rel"] == "الماضي":
            earlier = month < published.month if day is None else (month, day) < (published.month, published.day)
            year = published.year if earlier else published.year - 1
            rule = "the most recent such date before publication ('الماضي', last)"
        else:
            later = month > published.month if day is None else (month, day) > (published.month, published.day)
            year = published.year if later else published.year + 1
            rule = "the next such date after publication ('المقبل', next)"
        r = _iso(year, month, day, text)
        return ResolvedDate(r.value, r.precision, rule)
    raise DateTextError(f"{text!r}: no rule resolves this date expression")


def precision_of(value: str) -> str:
    """The precision an ISO reduced-precision string carries ('' → unknown)."""
    if value == "":
        return "unknown"
    for precision, pattern in _PATTERN.items():
        if re.fullmatch(pattern, value):
            return precision
    raise ValueError(f"not an ISO 8601 date at day, month or year precision: {value!r}")


def check_iso(value: str) -> str:
    """Return the precision of ``value`` after checking it is a real calendar date in YEAR_MIN…YEAR_MAX."""
    precision = precision_of(value)
    if precision == "unknown":
        return precision
    if not YEAR_MIN <= int(value[:4]) <= YEAR_MAX:
        raise ValueError(f"year {value[:4]} is outside {YEAR_MIN}–{YEAR_MAX}, the years a date may have here")
    if precision == "day":
        date.fromisoformat(value)
    elif precision == "month" and not 1 <= int(value[5:7]) <= 12:
        raise ValueError(f"month {value[5:7]} does not exist")
    return precision


def parse_day(value: str) -> date:
    """A full ISO date ``YYYY-MM-DD`` (ASCII digits, a real calendar day in YEAR_MIN…YEAR_MAX), or ValueError.

    The one definition of a Table Schema ``date`` cell, shared by the validator and the loaders.
    """
    if not re.fullmatch(_PATTERN["day"], value):
        raise ValueError(f"not an ISO 8601 date YYYY-MM-DD: {value!r}")
    check_iso(value)
    return date.fromisoformat(value)


def bounds(value: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day covered by a reduced-precision date ('' → NaT, NaT)."""
    precision = check_iso(value)
    if precision == "unknown":
        return pd.NaT, pd.NaT
    start = pd.Timestamp(value if precision == "day" else value + ("-01" if precision == "month" else "-01-01"))
    if precision == "day":
        return start, start
    end = start + (pd.offsets.MonthEnd(0) if precision == "month" else pd.offsets.YearEnd(0))
    return start, end
