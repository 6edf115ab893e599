"""One canonical text per coded value, so that a right answer in another form is the same answer.

``norm(field, value)`` returns the canonical text ("" for a blank) or raises ``Unreadable`` with what is
wrong, in words a student can act on. The vocabularies come from the data package: event types by id or by
their English or Arabic label (the notebook shows «اعتقال» for ``arrest``), agencies by id, name or label,
countries by ISO code or by name in English or Arabic (Babel's CLDR territory names), places by the English
name or the article's Arabic, dates as text (ISO, Arabic-Indic digits, ``/`` between parts), ``pd.Timestamp``,
``datetime.date`` or ``pd.Period``, counts as numbers or as text.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from analysis.teaching.text import digits, fold, is_blank, split_ids
from analysis.teaching.verdict import _m

BLANK = ""
PRECISIONS = ("day", "month", "year", "unknown")


class Unreadable(ValueError):
    """A value that cannot be read as the field's kind (the message says why, as a message id)."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message)
        self.message, self.values = message, values


@lru_cache(maxsize=1)
def data():
    from analysis.load import load

    return load()


def _by_fold(pairs) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, key in pairs:
        if not is_blank(name):
            out.setdefault(fold(name), key)
    return out


@lru_cache(maxsize=1)
def event_types() -> dict[str, str]:
    """Every way to name an event type → its id."""
    table = data().event_types
    pairs = [(t, t) for t in table["event_type"]]
    pairs += [(t.replace("_", " "), t) for t in table["event_type"]]
    pairs += list(zip(table["label_en"], table["event_type"])) + list(zip(table["label_ar"], table["event_type"]))
    return _by_fold(pairs)


@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Every way to name an agency → its id (ids, English and Arabic names and labels)."""
    table = data().agencies
    pairs = [(a, a) for a in table["agency_id"]]
    for column in ("name_en", "name_ar", "label_en", "label_ar"):
        pairs += list(zip(table[column], table["agency_id"]))
    return _by_fold(pairs)


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes, and the territory names of CLDR (Babel) in English and Arabic → the code."""
    from babel import Locale

    pairs = []
    for lang in ("en", "ar"):
        pairs += [(name, code) for code, name in Locale.parse(lang).territories.items() if len(code) == 2]
    pairs += [(code, code) for code in Locale.parse("en").territories if len(code) == 2 and code.isalpha()]
    extra = [("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("America", "US"), ("أميركا", "US"),
             ("أمريكا", "US"), ("UK", "GB"), ("Britain", "GB"), ("بريطانيا", "GB")]
    return _by_fold(extra + pairs)


# Places the article names, in the forms a student may write them; the data's own English and Arabic names are
# added from events.csv. A coarser place (the town for a building in it) is a different value: R8 asks for the
# place as the passage gives it.
PLACE_FORMS = {
    "Moroccan embassy, Washington": ["Moroccan embassy in Washington", "the Moroccan embassy in Washington",
                                     "Moroccan embassy Washington", "Embassy of Morocco, Washington",
                                     "السفارة المغربية بواشنطن", "سفارة المغرب في واشنطن"],
    "Washington": ["واشنطن", "Washington DC", "Washington, D.C."],
    "Rabat": ["الرباط"],
    "Oujda": ["وجدة"],
    "Berkane": ["بركان"],
}


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    events = data().events
    pairs = [(en, en) for en in PLACE_FORMS]
    pairs += [(form, en) for en, forms in PLACE_FORMS.items() for form in forms]
    for en, ar in zip(events["location"], events["location_ar"]):
        if not is_blank(en):
            pairs += [(en, en), (ar, en)]
    return {key: fold(value) for key, value in _by_fold(pairs).items()}


IS_EVENT = {"yes": "yes", "no": "no", "y": "yes", "n": "no", "true": "yes", "false": "no", "1": "yes", "0": "no",
            "event": "yes", "context": "no", "نعم": "yes", "لا": "no", "حدث": "yes", "سياق": "no"}
LABELS = {"event": "event", "context": "context", "حدث": "event", "سياق": "context", "yes": "event", "no": "context",
          "نعم": "event", "لا": "context"}
PRECISION_WORDS = {"day": "day", "month": "month", "year": "year", "unknown": "unknown", "days": "day",
                   "months": "month", "years": "year", "يوم": "day", "اليوم": "day", "شهر": "month", "الشهر": "month",
                   "سنه": "year", "السنه": "year", "عام": "year", "مجهول": "unknown", "مجهوله": "unknown",
                   "غير معروف": "unknown", "غير معروفه": "unknown", "none": "unknown"}
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def date_text(value) -> str:
    """A date in any reasonable form as ISO text at the precision it carries ("" for a blank)."""
    import pandas as pd

    if is_blank(value):
        return BLANK
    if isinstance(value, pd.Period):
        return str(value) if value.freqstr[0] in "DMY" else str(value.to_timestamp().date())
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise Unreadable(_m("a date is written YYYY-MM-DD, YYYY-MM or YYYY"))
    if isinstance(value, (int, float)) and float(value).is_integer():
        value = str(int(value))
    text = digits(fold(value)).replace(" ", "")
    text = re.sub(r"[tT]00:00(:00)?$", "", text)
    match = _DATE.match(text)
    if not match:
        raise Unreadable(_m("a date is written YYYY-MM-DD, YYYY-MM or YYYY"))
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise Unreadable(_m("no such date in the calendar")) from None
    return "-".join(parts)


def count_text(value) -> str:
    if is_blank(value):
        return BLANK
    if isinstance(value, bool):
        raise Unreadable(_m("a count is a whole number written in digits (1, 4), or blank when not stated"))
    try:
        number = float(digits(fold(value)).replace(" ", ""))
    except (TypeError, ValueError):
        raise Unreadable(_m("a count is a whole number written in digits (1, 4), or blank when not stated")) from None
    if number != number or number < 0 or not number.is_integer():
        raise Unreadable(_m("a count is a whole number written in digits (1, 4), or blank when not stated"))
    return str(int(number))


def norm(field: str, value) -> str:
    """The canonical text of ``value`` for ``field`` ("" for a blank); ``Unreadable`` when it cannot be read."""
    if field in ("people_arrested", "people_killed"):
        return count_text(value)
    if field == "date":
        return date_text(value)
    if is_blank(value):
        return BLANK
    if isinstance(value, bool) and field == "is_event":
        return "yes" if value else "no"
    text = fold(value)
    if field == "is_event":
        return IS_EVENT.get(text, text)
    if field == "date_precision":
        return PRECISION_WORDS.get(text, text)
    if field == "event_type":
        return event_types().get(text, event_types().get(text.replace("-", "_"), text.replace(" ", "_")))
    if field == "agencies":
        return ";".join(sorted({agencies().get(fold(part), fold(part).upper()) for part in split_ids(text)}))
    if field == "country":
        return countries().get(text, text.upper())
    if field == "location":
        return places().get(text, text)
    if field in ("event_id", "agency_id"):
        return text.upper()
    return text


def try_norm(field: str, value) -> str:
    """``norm`` that never raises: an unreadable value keeps its folded text (so it disagrees with the others)."""
    try:
        return norm(field, value)
    except Unreadable:
        return fold(value)


def known(field: str, canonical: str) -> bool:
    """Whether a canonical value belongs to the field's vocabulary (blank always does)."""
    if canonical == BLANK:
        return True
    if field == "is_event":
        return canonical in ("yes", "no")
    if field == "date_precision":
        return canonical in PRECISIONS
    if field == "event_type":
        return canonical in set(event_types().values())
    if field == "agencies":
        return set(canonical.split(";")) <= set(agencies().values())
    if field == "country":
        return canonical in set(countries().values())
    return True


def precision_of(date: str) -> str:
    return {0: "unknown", 4: "year", 7: "month", 10: "day"}.get(len(date), "unknown")
