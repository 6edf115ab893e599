"""The self-checks of exercises 1 (reading), 3 (counting), 4 (alpha) and 5 (the record).

Each prints ``correct`` or ``not yet`` with hints that teach — they name the rule, never the answer, and say
nothing about a part the student has not answered — in the notebook's language, and never raises. Answers are
compared with the salted digests of ``key.json``, so no answer is readable here. Right answers in another form
are accepted: labels in Arabic or English, vowelled or not («حَدَث»); Arabic-Indic digits; ids in any case;
counts as a Series, a dict, or a two-column table (counts as numbers or as text), or as shares
(``value_counts(normalize=True)``); a list, a set, a Series or a table of ids; alpha as 0.73 or 0.732 or text.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from analysis.i18n import _, n_
from analysis.teaching import agreement
from analysis.teaching.key import canonical_counts, canonical_ids, digest, entry
from analysis.teaching.passages import SEGMENTS, segment
from analysis.teaching.text import digits, fold, is_blank, split_ids
from analysis.teaching.values import LABELS, agencies, data, event_types
from analysis.teaching.verdict import guarded, say


# ---------------------------------------------------------------------------------------------------------
# Exercise 1 · reading

def _word_runs(text: str) -> list[str]:
    words = text.split()
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]


def _date_fold(text: str) -> str:
    """Date words compared without punctuation, quotes or the Arabic comma."""
    return " ".join(re.sub(r"[«»\"'“”،,.:;()]", " ", fold(text)).split())


@guarded
def check_reading(reading, date_words, *, lang: str = "en") -> None:
    """Exercise 1: each segment marked "event" or "context", and the words that date each event (None where
    the segment gives no date). Only what the student answered is commented on."""
    if not isinstance(reading, dict) or not isinstance(date_words, dict):
        return say(False, lang, [_("Give two dicts, one entry per segment (S1 … S4), as in the cell above.", lang)])
    key = entry("reading")
    hints = []
    for seg in SEGMENTS:
        given = reading.get(seg, reading.get(seg.lower(), ...))
        if given is Ellipsis:
            hints.append(_("{seg}: not answered yet.", lang, seg=seg))
            continue
        label = LABELS.get(fold(given)) if not is_blank(given) else None
        if label is None:
            hints.append(_("{seg}: write \"event\" or \"context\".", lang, seg=seg))
            continue
        if digest("reading", seg, label) != key["labels"][seg]:
            if label == "event":
                hints.append(_("{seg}: what happened, was scheduled or stands here? An opinion, a worry, an "
                               "analysis or a date used only as an anchor is context (codebook R1).", lang, seg=seg))
            else:
                hints.append(_("{seg}: the segment reports something that happened, is scheduled or stands, even "
                               "inside an argument: who did what? (codebook R1).", lang, seg=seg))
            continue
        words = date_words.get(seg, date_words.get(seg.lower(), None))
        if words is Ellipsis:
            hints.append(_("{seg}: the date words are not answered yet (None where the segment gives no date).",
                           lang, seg=seg))
            continue
        dated = key["dated"][seg] == digest("dated", seg, "yes")
        text = "" if is_blank(words) else _date_fold(words)
        if label == "context":
            if text:
                hints.append(_("{seg}: a segment of context dates no event: write None.", lang, seg=seg))
            continue
        if not text:
            if dated:
                hints.append(_("{seg}: the segment says when the event took place: copy those words.", lang, seg=seg))
            continue
        if text not in _date_fold(segment(seg)):
            hints.append(_("{seg}: copy the date words exactly as the article writes them (they must occur in the "
                           "segment).", lang, seg=seg))
        elif not dated or not any(digest("date", seg, run) == key["date"][seg] for run in _word_runs(text)):
            hints.append(_("{seg}: these words do not say when the event took place: look for a day, a month, a year "
                           "or a relative word such as «الماضي»; where the segment gives none, write None (codebook "
                           "R7).", lang, seg=seg))
    return say(not hints, lang, hints)


# ---------------------------------------------------------------------------------------------------------
# Exercise 3 · counting

def _number(value) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise ValueError("not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    return float(digits(fold(value)).replace("٫", ".").replace(" ", ""))


def _numeric(series: pd.Series) -> bool:
    try:
        [_number(v) for v in series if not is_blank(v)]
        return True
    except (TypeError, ValueError):
        return False


def as_counts(answer) -> tuple[dict[str, float], bool]:
    """A count in any reasonable form → ({key: count}, shares?) with zero counts dropped. Accepted: a Series
    (key → count), a dict, a one-column table indexed by key, a two-column table (key, count) whose counts are
    numbers or text, a list of (key, count) pairs. ``shares`` is True when every count is a share (0–1)
    adding up to 1, as ``value_counts(normalize=True)`` gives."""
    if isinstance(answer, pd.DataFrame):
        frame = answer.reset_index() if answer.shape[1] == 1 else answer
        frame = frame.loc[:, [c for c in frame.columns if not str(c).startswith("level_")] or frame.columns]
        numeric = [c for c in frame.columns if _numeric(frame[c])]
        others = [c for c in frame.columns if c not in numeric]
        if len(frame.columns) == 2 and len(numeric) == 1:
            answer = pd.Series(frame[numeric[0]].to_numpy(), index=frame[others[0]].to_numpy())
        elif len(frame.columns) == 2 and len(numeric) == 2:  # ids that look like numbers: the first is the key
            answer = pd.Series(frame.iloc[:, 1].to_numpy(), index=frame.iloc[:, 0].to_numpy())
        else:
            raise ValueError("cannot read")
    elif isinstance(answer, (list, tuple)):
        answer = dict(answer)
    items = answer.items() if isinstance(answer, (dict, pd.Series)) else None
    if items is None:
        raise ValueError("cannot read")
    out: dict[str, float] = {}
    for key, value in items:
        if is_blank(value):
            continue
        number = _number(value)
        if number != 0:
            out[str(key)] = out.get(str(key), 0) + number
    values = list(out.values())
    shares = bool(values) and all(0 < v < 1 for v in values) and math.isclose(sum(values), 1, abs_tol=1e-6)
    return out, shares


def _keys(counts: dict[str, float], kind: str) -> dict[str, float]:
    names = event_types() if kind == "type" else agencies()
    out: dict[str, float] = {}
    for key, value in counts.items():
        name = names.get(fold(key), names.get(fold(key).replace(" ", "_"), fold(key).upper() if kind == "agency"
                                              else fold(key)))
        out[name] = out.get(name, 0) + value
    return out


def _told() -> pd.DataFrame:
    d = data()
    return d.mentions[["event_id"]].merge(d.events[["event_id", "event_type", "agencies"]], on="event_id")


def _mention_counts(kind: str) -> dict[str, int]:
    told = _told()
    column = "event_type" if kind == "type" else "agencies"
    series = told[column].astype("string").str.split(";").explode().str.strip() if kind == "agency" else told[column]
    return {str(k): int(v) for k, v in series.astype(str).value_counts().items() if v}


def _count_check(answer, exercise: str, kind: str, lang: str) -> None:
    key = entry(exercise)
    got, shares = as_counts(answer)
    got = _keys(got, kind)
    if shares:
        scaled = {k: v * key["total"] for k, v in got.items()}
        if all(abs(v - round(v)) < 1e-6 for v in scaled.values()):
            got = {k: round(v) for k, v in scaled.items()}
        else:
            return say(False, lang, [_("These are shares that do not come from a count of {n} rows: count events "
                                       "(value_counts without normalize), one row per event first.", lang,
                                       n=key["total"])])
    if any(not float(v).is_integer() for v in got.values()):
        return say(False, lang, [_("Counts are whole numbers: count the rows (value_counts, or groupby and nunique).",
                                   lang)])
    got = {k: int(v) for k, v in got.items()}
    if digest(exercise, canonical_counts(got)) == key["answer"]:
        return say(True, lang)
    by_mention = _mention_counts(kind)
    if got == by_mention or sum(got.values()) == sum(by_mention.values()):
        return say(False, lang, [_("You counted mentions: an event told three times is still one event. Keep one row "
                                   "per event (drop_duplicates on event_id) before counting (codebook R2).", lang)])
    if any(";" in k for k in got):
        return say(False, lang, [_("Some keys hold several ids joined by \";\": split the cell (str.split) and give "
                                   "each id its own row (explode) before counting.", lang)])
    hints = []
    right_keys = {k for k in got if digest(exercise, "key", k) in key["keys"]}
    missing = len(key["keys"]) - len(right_keys)
    extra = sorted(set(got) - right_keys)
    if kind == "agency" and sum(got.values()) <= len(data().events) and missing:
        hints.append(_("Each event was counted once in all, but an event with three agencies counts once for each of "
                       "them: split and explode the agencies column.", lang))
    if extra:
        hints.append(_("Not a key of this count: {keys}. Use the ids of the table (event_type or agency_id).", lang,
                       keys=", ".join(extra[:5])))
    if missing > 0 and not hints:
        hints.append(n_("{n} key is missing: count every row, named and generic ids alike.",
                        "{n} keys are missing: count every row, named and generic ids alike.", missing, lang))
    wrong = sum(1 for k in right_keys if digest(exercise, "item", k, got[k]) not in key["items"])
    if wrong and not hints:
        hints.append(n_("{n} count differs: check what one row of the table you counted is — one event, one mention, "
                        "or one event and agency.", "{n} counts differ: check what one row of the table you counted is "
                        "— one event, one mention, or one event and agency.", wrong, lang))
    return say(False, lang, hints or [_("Your counts add up to {got}: check what one row of the table you counted is — "
                                        "one event, one mention, or one event and agency.", lang,
                                        got=sum(got.values()))])


@guarded
def check_events_per_type(answer, *, lang: str = "en") -> None:
    """Exercise 3a: events per event type (type → number of events)."""
    return _count_check(answer, "3a", "type", lang)


@guarded
def check_events_per_agency(answer, *, lang: str = "en") -> None:
    """Exercise 3b: events per agency id (agency id → number of events it takes part in)."""
    return _count_check(answer, "3b", "agency", lang)


def as_ids(answer) -> set[str]:
    """Ids in any reasonable form: a list, set, tuple, Index or array; a text with ``;``/``,`` between ids; a
    Series of ids, or of counts or booleans indexed by id; a table with an ``event_id`` column or indexed by id."""
    if isinstance(answer, pd.DataFrame):
        columns = {fold(c): c for c in answer.columns}
        answer = answer[columns["event_id"]] if "event_id" in columns else answer.index
        answer = list(dict.fromkeys(answer))
    elif isinstance(answer, pd.Series):
        if pd.api.types.is_bool_dtype(answer):
            answer = answer.index[answer.to_numpy(dtype=bool)]
        elif pd.api.types.is_numeric_dtype(answer):
            answer = answer.index
        else:
            answer = list(answer)
    elif isinstance(answer, str):
        answer = split_ids(answer)
    elif isinstance(answer, dict):
        answer = list(answer)
    out = set()
    for item in answer:
        if is_blank(item):
            continue
        text = fold(item).upper().replace(" ", "")
        match = re.fullmatch(r"([EM])0*(\d+)", text)
        out.add(f"{match.group(1)}{int(match.group(2)):02d}" if match else text)
    return out


def _retold_counts() -> pd.Series:
    return data().mentions["event_id"].value_counts()


@guarded
def check_retold(answer, *, lang: str = "en") -> None:
    """Exercise 3c: the ids of the events the article tells more than once."""
    if isinstance(answer, pd.Series) and pd.api.types.is_numeric_dtype(answer) and not pd.api.types.is_bool_dtype(
            answer) and (answer <= 1).any():
        return say(False, lang, [_("These are the mentions of every event: keep only the events with more than one "
                                   "(a filter > 1).", lang)])
    got = as_ids(answer)
    key = entry("3c")
    if digest("3c", canonical_ids(got)) == key["answer"]:
        return say(True, lang)
    if any(i.startswith("M") for i in got):
        return say(False, lang, [_("These are mention ids: give the ids of the events (E…) that have more than one "
                                   "mention.", lang)])
    if got == set(data().events["event_id"]):
        return say(False, lang, [_("That is every event: keep only the events with more than one mention (value_counts, "
                                   "then a filter > 1).", lang)])
    return say(False, lang, [n_("You have {n} event: count the mentions per event_id and keep those with more than one.",
                                "You have {n} events: count the mentions per event_id and keep those with more than "
                                "one.", len(got), lang)])


# ---------------------------------------------------------------------------------------------------------
# Exercise 4 · alpha

def _alpha_value(answer) -> tuple[float | None, int]:
    """The student's alpha and the number of decimals it was given to (None: "undefined")."""
    if isinstance(answer, (bool, np.bool_)):
        raise ValueError("not a number")
    if answer is None or (isinstance(answer, (float, np.floating)) and math.isnan(answer)):
        return None, 3
    if isinstance(answer, str):
        text = fold(answer).replace("٫", ".")
        if any(word in text for word in ("undefined", "nan", "غير معرف", "none")):
            return None, 3
        match = re.search(r"-?\d+(?:\.\d+)?", digits(text))
        if not match:
            raise ValueError("no number")
        number = match.group(0)
    else:
        number = repr(float(answer))
    decimals = len(number.split(".")[1]) if "." in number and "e" not in number else 3
    return float(number), decimals


@guarded
def check_alpha(answer, field: str, codings=None, *, lang: str = "en") -> None:
    """Exercise 4: the student's alpha for ``field`` on the class's codings (the long table of load_codings, or
    a folder). Accepted to the decimals given (0.73 for 0.732); "undefined" (NaN, None) where every coder gave
    the same value."""
    agreement._attempted.add(field)
    if codings is None:
        codings = agreement.SAMPLE_DIR
    if not isinstance(codings, pd.DataFrame):
        codings = agreement.read_codings(codings, lang).codings
    if codings.empty or codings["coder"].nunique() < 2:
        return say(False, lang, [_("Fewer than two codings could be read from the folder: see the problems listed "
                                   "when it was loaded.", lang)])
    expected = agreement.alpha_result(codings, field)
    value, decimals = _alpha_value(answer)
    if expected.value is None:
        if value is None:
            return say(True, lang, [expected.text(lang)])
        return say(False, lang, [_("Every coder gave the same value for this field: alpha is undefined here (there is "
                                   "no variation to measure, and krippendorff.alpha raises ValueError); give "
                                   "float(\"nan\").", lang)])
    if value is None:
        return say(False, lang, [_("Alpha is defined here: the coders' values vary. Build the matrix again: one row per "
                                   "coder, one column per passage.", lang)])
    if decimals < 2:
        return say(False, lang, [_("Give alpha to two or three decimals.", lang)])
    close = lambda target: abs(value - target) <= 0.5 * 10 ** -min(decimals, 6) + 1e-9  # noqa: E731
    if close(expected.value):
        return say(True, lang)
    if close(agreement.pairwise_agreement(codings, field)):
        return say(False, lang, [_("That is the share of agreeing pairs; alpha also corrects for the agreement expected "
                                   "by chance.", lang)])
    missing = agreement.alpha_result(codings, field, "missing")
    if missing.value is not None and close(missing.value):
        return say(False, lang, [_("That is alpha with a blank counted as missing: in this exercise a blank is a value "
                                   "of its own (replace \"\" by \"(blank)\").", lang)])
    return say(False, lang, [_("Check the matrix (one row per coder, one column per passage, a blank as \"(blank)\") "
                               "and the level of measurement (these codes are categories: nominal).", lang)])


# ---------------------------------------------------------------------------------------------------------
# Exercise 5 · the record

@guarded
def check_contradicted_dates(answer, *, lang: str = "en") -> None:
    """Exercise 5: the events whose date the public record contradicts."""
    got = as_ids(answer)
    key = entry("5")
    if digest("5", canonical_ids(got)) == key["answer"]:
        return say(True, lang)
    claims = data().claims
    dates = claims[claims["field"] == "date"]
    unverified = set(dates.loc[dates["verdict"] == "unverified", "event_id"])
    not_stated = set(dates.loc[dates["verdict"] == "not_stated", "event_id"])
    not_date = set(claims.loc[(claims["field"] != "date") & claims["verdict"].isin(["contradicted", "partly"]),
                              "event_id"])
    extra = {i for i in got if digest("5", "id", i) not in key["ids"]}
    missing = key["size"] - (len(got) - len(extra))
    hints = []
    if extra & unverified:
        hints.append(_("Unverified means nothing was found, not shown false: keep only the verdict \"contradicted\".",
                       lang))
    if extra & not_stated:
        hints.append(_("Not stated means the article gives no date to contradict: keep only the verdict "
                       "\"contradicted\".", lang))
    if (extra - unverified - not_stated) & not_date:
        hints.append(_("Only date claims count here: filter on the field \"date\" as well as the verdict.", lang))
    if missing > 0:
        hints.append(n_("{n} event is missing: filter claims on the field \"date\" and the verdict \"contradicted\".",
                        "{n} events are missing: filter claims on the field \"date\" and the verdict \"contradicted\".",
                        missing, lang))
    if not hints:
        hints.append(_("Filter claims.csv on field and verdict, then take the event ids.", lang))
    return say(False, lang, hints)


def attempted(value) -> bool:
    return not (value is Ellipsis or value is None)

