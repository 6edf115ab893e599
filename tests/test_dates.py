"""The article's date expressions resolved against its publication date, and reduced-precision ISO dates."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.dates import DateTextError, bounds, check_iso, precision_of, resolve_date_text

PUBLISHED = date(2022, 5, 8)  # a Sunday


@pytest.mark.parametrize(("words", "value", "precision"), [
    ("أول من أمس الجمعة", "2022-05-06", "day"),             # the day before yesterday, Friday
    ("26 مارس/آذار الماضي", "2022-03-26", "day"),           # last March (both month-name systems)
    ("18 ديسمبر/كانون الأول الماضي", "2021-12-18", "day"),  # 'last' December: the previous year
    ("8 مارس الماضي", "2022-03-08", "day"),
    ("مايو/أيار الحالي", "2022-05", "month"),                # this May
    ("عام 2018", "2018", "year"),
    ("يونيو 2021", "2021-06", "month"),
    ("19 يناير/كانون الثاني 2021", "2021-01-19", "day"),
    ("عقب 11 سبتمبر 2001", "2001-09-11", "day"),             # 'after 11 September 2001': the date itself
    ("سبتمبر 2020", "2020-09", "month"),
])
def test_every_expression_in_the_article(words: str, value: str, precision: str):
    resolved = resolve_date_text(words, PUBLISHED)
    assert (resolved.value, resolved.precision) == (value, precision)
    assert resolved.rule


def test_every_expression_occurs_in_the_article():
    from analysis.paths import RAW

    text = (RAW / "alaraby-2022-05-08-morocco-us-security-cooperation.txt").read_bytes().decode("utf-8")
    for words in ("أول من أمس الجمعة", "26 مارس/آذار الماضي", "18 ديسمبر/كانون الأول الماضي", "8 مارس الماضي",
                  "مايو/أيار الحالي", "عام 2018", "يونيو 2021", "19 يناير/كانون الثاني 2021", "عقب 11 سبتمبر 2001",
                  "سبتمبر 2020"):
        assert words in text


def test_days_ago():
    assert resolve_date_text("أمس", PUBLISHED).value == "2022-05-07"
    assert resolve_date_text("اليوم الأحد", PUBLISHED).value == "2022-05-08"
    assert resolve_date_text("أول من أمس", date(2022, 3, 1)).value == "2022-02-27"  # across a month end


def test_whitespace_is_normalised():
    assert resolve_date_text("  26   مارس/آذار\u00a0الماضي ", PUBLISHED).value == "2022-03-26"


@pytest.mark.parametrize("words", [
    "أول من أمس السبت",      # the day before yesterday was a Friday
    "أمس الجمعة",             # yesterday was a Saturday
    "أول من أمس الجمعه",      # not a weekday name
])
def test_wrong_or_unknown_weekday_raises(words: str):
    with pytest.raises(DateTextError):
        resolve_date_text(words, PUBLISHED)


def test_disagreeing_month_pair_raises():
    with pytest.raises(DateTextError, match="disagree"):
        resolve_date_text("26 مارس/أيار الماضي", PUBLISHED)
    with pytest.raises(DateTextError, match="disagree"):
        resolve_date_text("مارس/أيار 2022", PUBLISHED)


def test_current_month_must_be_the_publication_month():
    with pytest.raises(DateTextError, match="current"):
        resolve_date_text("أبريل/نيسان الحالي", PUBLISHED)
    assert resolve_date_text("أبريل/نيسان الحالي", date(2022, 4, 30)).value == "2022-04"


def test_last_month_name_in_the_publication_month_is_the_previous_year():
    assert resolve_date_text("مايو الماضي", PUBLISHED).value == "2021-05"
    assert resolve_date_text("أبريل الماضي", PUBLISHED).value == "2022-04"


def test_last_day_later_in_the_year_is_the_previous_year():
    assert resolve_date_text("20 مايو الماضي", PUBLISHED).value == "2021-05-20"
    assert resolve_date_text("8 مايو الماضي", PUBLISHED).value == "2021-05-08"  # not the publication day itself
    assert resolve_date_text("7 مايو الماضي", PUBLISHED).value == "2022-05-07"
    assert resolve_date_text("18 ديسمبر الماضي", date(2022, 12, 19)).value == "2022-12-18"


def test_next():
    assert resolve_date_text("يونيو المقبل", PUBLISHED).value == "2022-06"
    assert resolve_date_text("مايو المقبل", PUBLISHED).value == "2023-05"
    assert resolve_date_text("9 مايو المقبل", PUBLISHED).value == "2022-05-09"


@pytest.mark.parametrize("words", [
    "30 فبراير الماضي",   # no such day
    "29 فبراير 2021",     # not a leap year
    "الأسبوع الماضي",     # no rule for it
    "12 2021",            # a day without a month
    "",
])
def test_unresolvable_raises(words: str):
    with pytest.raises(DateTextError):
        resolve_date_text(words, PUBLISHED)


def test_leap_day():
    assert resolve_date_text("29 فبراير/شباط 2020", PUBLISHED).value == "2020-02-29"


@pytest.mark.parametrize(("value", "precision"), [
    ("2022-05-06", "day"), ("2022-05", "month"), ("2018", "year"), ("", "unknown"),
])
def test_precision(value: str, precision: str):
    assert precision_of(value) == precision
    assert check_iso(value) == precision


@pytest.mark.parametrize("value", ["2022-5", "22", "2022-05-06T00:00", "May 2022", "..", "2022/05/06"])
def test_precision_of_rejects_non_iso(value: str):
    with pytest.raises(ValueError):
        precision_of(value)


@pytest.mark.parametrize("value", ["2022-02-30", "2021-02-29", "2022-13", "2022-00", "2022-04-31"])
def test_check_iso_rejects_impossible_dates(value: str):
    assert precision_of(value) in {"day", "month"}  # the shape is fine; the calendar is not
    with pytest.raises(ValueError):
        check_iso(value)


@pytest.mark.parametrize(("value", "start", "stop"), [
    ("2022-05-06", "2022-05-06", "2022-05-06"),
    ("2021-06", "2021-06-01", "2021-06-30"),
    ("2020-02", "2020-02-01", "2020-02-29"),
    ("2021-02", "2021-02-01", "2021-02-28"),
    ("2021-12", "2021-12-01", "2021-12-31"),
    ("2018", "2018-01-01", "2018-12-31"),
])
def test_bounds(value: str, start: str, stop: str):
    assert bounds(value) == (pd.Timestamp(start), pd.Timestamp(stop))


def test_bounds_of_unknown_is_nat():
    start, stop = bounds("")
    assert start is pd.NaT and stop is pd.NaT


def test_bounds_rejects_impossible_dates():
    with pytest.raises(ValueError):
        bounds("2022-02-30")
