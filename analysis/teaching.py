"""What a student calls in the teaching notebooks (06–08): the passages, the coding form, the reference
coding, the example codings, agreement, and one self-check per exercise.

A self-check prints ``correct`` or ``not yet`` with a hint that teaches (it names the rule of the codebook,
never the answer) in the notebook's language, and never raises: whatever the student hands in — a
``...`` left in place, a list instead of a Series, a typo — becomes a "not yet" with a hint. Answers that
are right in another form are accepted: rows in any order, ``""`` / ``None`` / ``NaN`` / ``pd.NA`` for a
blank, spaces around values, ids in any case, ``;`` or ``,`` between ids in any order.

The counting and agreement exercises are done by the student with pandas and ``krippendorff`` in the
notebook; this module only holds the expected answers and the hints.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import krippendorff
import pandas as pd

from analysis import style
from analysis.i18n import LANGS, _, n_
from analysis.paths import ROOT

PUBLISHED = "2022-05-08"
CODINGS_DIR = ROOT / "teaching" / "codings"
BLANK = ""

# ---------------------------------------------------------------------------------------------------------
# The passages. Offsets are code points into the raw article (``text[start:end]``, as in mentions.csv):
# the article is the only text we quote, and it is always sliced from data/raw, never retyped.
# The English translations are ours.

SEGMENTS = {  # reading exercise: segment id → (start, end, our translation)
    "S1": (482, 589, "And although Morocco has suffered only one major attack in the past ten years "
                     "(the killing of two Scandinavian tourists in 2018)"),
    "S2": (590, 735, "yet Moroccan officials consider that the militant groups in the neighbouring Sahel region, "
                     "which recruit and train their followers online, pose the greatest danger to the country"),
    "S3": (3149, 3377, "Throughout the years that followed the terrorist events of 11 September, the security and "
                       "military side has always held a prominent place among the many fields of strategic "
                       "cooperation between Washington and Rabat, and has been one of the gateways to political "
                       "understanding between the two allied countries"),
    "S4": (1456, 1646, "On 26 March last, security cooperation between the security and intelligence services of "
                       "the two countries led to the arrest of a terrorist cell of 4 militants active in the city "
                       "of Oujda, in eastern Morocco, and linked to the organisation \"Daesh\""),
}
READING_KEY = {"S1": "event", "S2": "context", "S3": "context", "S4": "event"}
DATE_KEY = {"S1": "2018", "S2": None, "S3": None, "S4": "26 مارس"}  # the answer must contain these words

CODING_PASSAGES = {"P1": "M02", "P2": "M06", "P3": "M08"}  # coding exercise: passage → mention
TRANSLATIONS = {
    "P1": "The Moroccan security services' announcement, the day before yesterday, Friday, of the arrest of a "
          "person loyal to the Daesh organisation in the city of Berkane (north-east of the country), on "
          "suspicion of involvement in \"preparing and planning a terrorist project aimed at seriously "
          "undermining public order\", reveals",
    "P2": SEGMENTS["S4"][2],
    "P3": "And on 18 December last, the Moroccan security services, in cooperation with US intelligence, foiled "
          "a project of terrorist attacks inside Morocco using explosive devices, planned by a person who had "
          "pledged allegiance to \"Daesh\", thanks to \"the relations of bilateral cooperation and close "
          "coordination between the services of the General Directorate for Territorial Surveillance and the "
          "intelligence services and law-enforcement agencies of the United States\"",
}
FIELDS = ["event_type", "date", "date_precision", "location", "country", "agencies", "people_arrested",
          "people_killed"]
# The example codings (teaching/codings/*.csv) add two units: P4, the 2018 attack (M03), and P5, the
# Sahel threat (segment S2), which is context: its reference codes is_event "no" and nothing else.
AGREEMENT_FIELDS = ["is_event", "event_type", "date", "date_precision", "location", "agencies",
                    "people_arrested", "people_killed"]
AGREEMENT_UNITS = {"P1": "M02", "P2": "M06", "P3": "M08", "P4": "M03", "P5": None}  # None: context (S2)


def _say(ok: bool, lang: str, hints: list[str] | None = None) -> None:
    """Print the verdict and its hints at once. Nothing is returned: the notebook shows only the text."""
    lines = [_("correct", lang)] if ok else [_("not yet", lang), *("  • " + hint for hint in hints or [])]
    print("\n".join(_rtl(line, lang) for line in lines))


BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def _rtl(line: str, lang: str) -> str:
    """An Arabic line of plain-text output, readable in a left-to-right output area: the line isolated as
    right-to-left (RLI … PDI) and its Latin runs (ids, field names, codes) isolated as left-to-right, so
    "P3 · people_arrested:" stays at the start of the sentence and in order. English is unchanged."""
    return f"\u2067{style.isolate_runs(line, lang)}\u2069" if style.is_rtl(lang) else line


def _guarded(check):
    """A self-check never shows a traceback: an answer it cannot read is a "not yet" with a hint."""
    def run(*args, lang: str = "en", **kwargs):
        if lang not in LANGS:  # a typo in the parameters cell: a hint (in English: the language is unknown)
            return print(f'not yet\n  • LANG must be "en" or "ar", not {lang!r}: set it in the parameters cell at '
                         "the top of the notebook and run the cells again.")
        try:
            return check(*args, lang=lang, **kwargs)
        except Exception:  # noqa: BLE001 — the student sees a hint, not a traceback
            return _say(False, lang, [_("The answer could not be read: keep the form of the cell (a table, a "
                                        "dict or a list, as the exercise says) and run the cells above it first.",
                                        lang)])
    run.__name__, run.__doc__ = check.__name__, check.__doc__
    return run


# ---------------------------------------------------------------------------------------------------------
# Normalising answers: one form per value, so that right answers in another form are accepted.

def is_blank(value) -> bool:
    if value is None or value is Ellipsis:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def norm(field: str, value) -> str:
    """The canonical text of ``value`` for ``field`` ("" for a blank)."""
    if is_blank(value):
        return BLANK
    if field in ("people_arrested", "people_killed"):
        number = float(str(value).strip())
        return str(int(number)) if number == int(number) else str(number)
    text = " ".join(str(value).split())
    if field == "agencies":
        items = {part.strip().upper() for part in text.replace(",", ";").split(";") if part.strip()}
        return ";".join(sorted(items))
    if field in ("country", "event_id"):
        return text.upper()
    if field == "is_event":
        return {"نعم": "yes", "لا": "no", "true": "yes", "false": "no"}.get(text.casefold(), text.casefold())
    if field in ("event_type", "date_precision"):
        return text.casefold().replace(" ", "_").replace("-", "_")
    if field == "location":
        # A place written in Arabic as the article gives it is the same place as its English name.
        return _place_names().get(text.casefold(), text.casefold())
    return text


@lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    events = _data().events.dropna(subset=["location"])
    return {str(ar).strip().casefold(): str(en).strip().casefold()
            for ar, en in zip(events["location_ar"], events["location"]) if not is_blank(ar)}


@lru_cache(maxsize=1)
def _data():
    from analysis.load import load

    return load()


@lru_cache(maxsize=1)
def article() -> str:
    data = _data()
    return data.texts[data.sources.loc[data.sources["role"] == "article", "source_id"].iloc[0]]


def segment(seg: str) -> str:
    start, end, _translation = SEGMENTS[seg]
    return article()[start:end]


def passage(pid: str) -> str:
    mentions = _data().mentions.set_index("mention_id")
    return mentions.loc[CODING_PASSAGES[pid], "quote"]


def show_segments(lang: str) -> None:
    """Print each reading segment: the article's words, and (in English) our translation. Plain text."""
    lines = []  # printed at once, so the output is one stream whatever the timing
    for seg, (start, end, translation) in SEGMENTS.items():
        lines += [f"[{seg}]  ({start}–{end})", segment(seg), *(["    " + translation] if lang == "en" else []), ""]
    print("\n".join(lines))


def show_passages(lang: str) -> None:
    """Print each passage to code, with its mention id and (in English) our translation. Plain text."""
    lines = []
    for pid, mention in CODING_PASSAGES.items():
        lines += [f"[{pid}]  {mention}", passage(pid), *(["    " + TRANSLATIONS[pid]] if lang == "en" else []), ""]
    print("\n".join(lines))


# ---------------------------------------------------------------------------------------------------------
# Exercise 1 · reading

def _label(value) -> str:
    text = norm("is_event", value)
    return {"حدث": "event", "سياق": "context"}.get(text, text)


@_guarded
def check_reading(reading, date_words, *, lang: str = "en") -> None:
    """Exercise 1: each segment marked "event" or "context", and the words that date each event."""
    hints = []
    if not isinstance(reading, dict) or not isinstance(date_words, dict):
        return _say(False, lang, [_("Give two dicts, one entry per segment (S1 … S4), as in the cell above.",
                                    lang)])
    for seg in SEGMENTS:
        label = _label(reading.get(seg))
        if label not in ("event", "context"):
            hints.append(_("{seg}: write \"event\" or \"context\".", lang, seg=seg))
        elif label != READING_KEY[seg]:
            if seg == "S2":
                hints.append(_("{seg}: officials' view of a threat — has anything happened, been scheduled or "
                               "been set up? Opinion and threats are context (codebook R1).", lang, seg=seg))
            elif seg == "S3":
                hints.append(_("{seg}: 11 September 2001 only anchors a period of the article's assessment; "
                               "a date used as an anchor is context (codebook R1).", lang, seg=seg))
            else:
                hints.append(_("{seg}: the segment reports something that happened, even inside an argument: "
                               "who did what, when? (codebook R1).", lang, seg=seg))
    for seg in SEGMENTS:
        words = date_words.get(seg)
        expected = DATE_KEY[seg]
        if expected is None:
            if not is_blank(words):
                hints.append(_("{seg}: there is no event here, so no date to code (None).", lang, seg=seg))
            continue
        text = " ".join(str(words).split()) if not is_blank(words) else ""
        if not text:
            hints.append(_("{seg}: an event is dated here: copy the words that give its date.", lang, seg=seg))
        elif text not in " ".join(segment(seg).split()):
            hints.append(_("{seg}: copy the date words exactly as the article writes them (they must occur in "
                           "the segment).", lang, seg=seg))
        elif expected not in text:
            hints.append(_("{seg}: these words do not give the event's date: look for a day, a month or a year "
                           "(codebook R7).", lang, seg=seg))
    return _say(not hints, lang, hints)


# ---------------------------------------------------------------------------------------------------------
# Exercise 2 · coding

def coding_form(passages=tuple(CODING_PASSAGES)) -> pd.DataFrame:
    """An empty coding form: one row per passage, one column per field; fill it with ``.loc``."""
    # blank cells are "" (a blank the checks accept), so the form shows empty cells, not NaN
    return pd.DataFrame("", index=pd.Index(list(passages), name="passage"), columns=FIELDS, dtype=object)


@lru_cache(maxsize=1)
def _reference() -> pd.DataFrame:
    data = _data()
    events = data.events.set_index("event_id")
    mentions = data.mentions.set_index("mention_id")
    rows = {}
    for pid, mention in CODING_PASSAGES.items():
        event = events.loc[mentions.loc[mention, "event_id"]]
        rows[pid] = {field: norm(field, event[field]) for field in FIELDS}
        rows[pid]["event_id"] = event.name
    return pd.DataFrame.from_dict(rows, orient="index")


def reference_coding() -> pd.DataFrame:
    """The reference coding of the passages, from data/events.csv (blanks as "")."""
    return _reference()[FIELDS].rename_axis("passage").copy()


def _as_frame(coding) -> pd.DataFrame:
    if isinstance(coding, dict):
        coding = pd.DataFrame.from_dict(coding, orient="index")
    frame = pd.DataFrame(coding).copy()
    if "passage" in frame.columns:
        frame = frame.set_index("passage")
    frame.index = [str(i).strip().upper() for i in frame.index]
    return frame


def _matches(field: str, pid: str, value) -> bool:
    ref = _reference().loc[pid]
    got = norm(field, value)
    return got == ref[field]


def compare_coding(coding, lang: str = "en") -> pd.DataFrame:
    """Field by field: the student's value, the reference value, and whether they agree."""
    frame = _as_frame(coding)
    ref = _reference()
    rows = []
    for pid in CODING_PASSAGES:
        for field in FIELDS:
            value = frame.loc[pid, field] if pid in frame.index and field in frame.columns else None
            rows.append({_("passage", lang): pid, _("field", lang): field,
                         _("yours", lang): norm(field, value), _("reference", lang): ref.loc[pid, field],
                         _("agrees", lang): "✓" if _matches(field, pid, value) else "✗"})
    return pd.DataFrame(rows)


def _coding_hint(pid: str, field: str, value, lang: str) -> str:
    ref = _reference().loc[pid]
    got = norm(field, value)
    if got == "" and ref[field] != "" and field not in ("people_arrested", "people_killed"):
        return _("{pid} · {field}: still blank — the passage gives something for this field.", lang,
                 pid=pid, field=field)
    if field in ("people_arrested", "people_killed"):
        if got == "0" and ref[field] == "":
            return _("{pid} · {field}: 0 says nobody; does the passage state a number? If not, leave it blank "
                     "(unknown is not zero, codebook R9).", lang, pid=pid, field=field)
        if got == "":
            return _("{pid} · {field}: the passage states a number: look for a numeral, or a singular noun "
                     "(one person) or a dual (codebook R9).", lang, pid=pid, field=field)
        return _("{pid} · {field}: code only the number the passage states (codebook R9).", lang,
                 pid=pid, field=field)
    if field == "agencies":
        known = set(_data().agencies["agency_id"].str.upper())
        mine, theirs = set(filter(None, got.split(";"))), set(filter(None, ref[field].split(";")))
        generic = set(_data().agencies.loc[_data().agencies["generic"].astype(str).str.lower() == "true",
                                           "agency_id"].str.upper())
        if mine - known:
            return _("{pid} · agencies: use the ids of data/agencies.csv.", lang, pid=pid)
        if (mine - theirs) and (theirs - mine) & generic:
            return _("{pid} · agencies: does the passage name that body, or speak of services in general? "
                     "A generic phrase gets a generic id, never a guess (codebook R4).", lang, pid=pid)
        if theirs - mine:
            return _("{pid} · agencies: a body the passage names as taking part is missing; read the quoted "
                     "statement too (codebook R4).", lang, pid=pid)
        return _("{pid} · agencies: code only bodies that take part as the passage tells it, not those "
                 "implied or commenting (codebook R4, R5).", lang, pid=pid)
    if field == "date":
        if got == PUBLISHED:
            return _("{pid} · date: the publication date is the reference point, not the event's date: "
                     "resolve the relative words against it (codebook R7).", lang, pid=pid)
        if len(got) > len(ref[field]):
            return _("{pid} · date: more precise than the article's words; never add precision (codebook R7).",
                     lang, pid=pid)
        return _("{pid} · date: resolve the article's words against the publication date, Sunday 2022-05-08, "
                 "and write YYYY-MM-DD, YYYY-MM or YYYY (codebook R7).", lang, pid=pid)
    if field == "date_precision":
        return _("{pid} · date_precision: the precision of the words the article gives — day, month, year "
                 "or unknown — and it must agree with the date (codebook R7).", lang, pid=pid)
    if field in ("location", "country"):
        return _("{pid} · {field}: code the place the passage names for the event — where an arrest was made, "
                 "where a plot was to strike — never a place inferred from the bodies (codebook R8).", lang,
                 pid=pid, field=field)
    return _("{pid} · event_type: compare the definitions in data/event_types.csv: was someone arrested, or "
             "was a plot stopped with no arrest stated? (codebook R1).", lang, pid=pid)


@_guarded
def check_coding(coding, *, lang: str = "en") -> None:
    """Exercise 2: the coding form against the reference coding, field by field."""
    frame = _as_frame(coding)
    if all(is_blank(v) for v in frame.reindex(index=list(CODING_PASSAGES), columns=FIELDS).to_numpy().ravel()):
        return _say(False, lang, [_("The form is still empty: fill it in with coding.loc[\"P1\", \"event_type\"] = "
                                    "\"…\", one line per field, and leave a field blank (None) only where the "
                                    "passage gives nothing.", lang)])
    hints = []
    for pid in CODING_PASSAGES:
        for field in FIELDS:
            value = frame.loc[pid, field] if pid in frame.index and field in frame.columns else None
            if not _matches(field, pid, value):
                hints.append(_coding_hint(pid, field, value, lang))
    if hints:
        hints.insert(0, n_("{n} field differs from the reference:", "{n} fields differ from the reference:",
                           len(hints), lang))
    return _say(not hints, lang, hints)


def save_coding(coding, coder: str, folder: Path | str = "codings") -> Path:
    """Write a coding form to ``folder/<coder>.csv`` (UTF-8), for the agreement exercise."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{coder}.csv"
    _as_frame(coding).rename_axis("passage").to_csv(path, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------------------
# Exercise 3 · counting

def _counts(answer) -> dict[str, int]:
    """A Series, a one-column frame, a dict or a two-column frame (key, count) → {KEY: count}, zeros dropped."""
    if isinstance(answer, pd.DataFrame):
        numeric = answer.select_dtypes("number")
        if answer.shape[1] == 2 and numeric.shape[1] == 1:
            key = [c for c in answer.columns if c not in numeric.columns][0]
            answer = answer.set_index(key)[numeric.columns[0]]
        elif numeric.shape[1] == 1:
            answer = numeric.iloc[:, 0]
        else:
            raise ValueError("cannot read")
    items = dict(answer).items() if not isinstance(answer, pd.Series) else answer.items()
    out = {}
    for key, value in items:
        if not is_blank(value) and int(value) != 0:
            out[str(key).strip().upper()] = int(value)
    return out


def expected_events_per_type() -> dict[str, int]:
    return _counts(_data().events["event_type"].astype(str).value_counts())


def _mentions_per(column: str) -> dict[str, int]:
    data = _data()
    long = data.mentions[["event_id"]].merge(data.events[["event_id", column]], on="event_id")
    long[column] = long[column].astype("string").str.split(";")
    return _counts(long.explode(column)[column].str.strip().value_counts())


def expected_events_per_agency() -> dict[str, int]:
    events = _data().events
    return _counts(events["agencies"].astype("string").str.split(";").explode().str.strip().value_counts())


def _count_hints(got: dict[str, int], expected: dict[str, int], by_mention: dict[str, int], what: str,
                 lang: str) -> list[str]:
    if got == expected:
        return []
    if got == by_mention or sum(got.values()) == sum(by_mention.values()):
        return [_("You counted mentions: an event told three times is still one event. Keep one row per "
                  "event (drop_duplicates on event_id) before counting (codebook R2).", lang)]
    if any(";" in key for key in got):
        return [_("Some keys hold several ids joined by \";\": split the cell (str.split) and give each id "
                  "its own row (explode) before counting.", lang)]
    if what == "agency" and sum(got.values()) <= len(_data().events):
        return [_("Each event was counted once in all, but an event with three agencies counts once for each "
                  "of them: split and explode the agencies column.", lang)]
    missing = sorted(set(expected) - set(got))
    if missing:
        return [n_("{n} key is missing: count every row, named and generic ids alike.",
                   "{n} keys are missing: count every row, named and generic ids alike.", len(missing), lang)]
    return [_("Your counts add up to {got}: check what one row of the table you counted is — one event, one "
              "mention, or one event and agency.", lang, got=sum(got.values()))]


@_guarded
def check_events_per_type(answer, *, lang: str = "en") -> None:
    """Exercise 3a: events per event type (a Series: type → number of events)."""
    got = _counts(answer)
    return _say(got == expected_events_per_type(), lang,
                _count_hints(got, expected_events_per_type(), _mentions_per("event_type"), "type", lang))


@_guarded
def check_events_per_agency(answer, *, lang: str = "en") -> None:
    """Exercise 3b: events per agency id (a Series: agency id → number of events it takes part in)."""
    got = _counts(answer)
    return _say(got == expected_events_per_agency(), lang,
                _count_hints(got, expected_events_per_agency(), _mentions_per("agencies"), "agency", lang))


def expected_retold() -> set[str]:
    per_event = _data().mentions["event_id"].value_counts()
    return set(per_event[per_event > 1].index)


def _ids(answer) -> set[str]:
    if isinstance(answer, pd.Series) and pd.api.types.is_numeric_dtype(answer):
        answer = answer.index  # a count Series indexed by event id
    if isinstance(answer, str):
        answer = answer.replace(",", ";").split(";")
    return {str(i).strip().upper() for i in answer if not is_blank(i) and str(i).strip()}


@_guarded
def check_retold(answer, *, lang: str = "en") -> None:
    """Exercise 3c: the ids of the events the article tells more than once."""
    got, expected = _ids(answer), expected_retold()
    hints = []
    if any(i.startswith("M") for i in got):
        hints.append(_("These are mention ids: give the ids of the events (E…) that have more than one "
                       "mention.", lang))
    elif got == set(_data().events["event_id"]):
        hints.append(_("That is every event: keep only the events with more than one mention "
                       "(value_counts, then a filter > 1).", lang))
    elif got != expected:
        hints.append(n_("You have {n} event: count the mentions per event_id and keep those with more than one.",
                        "You have {n} events: count the mentions per event_id and keep those with more than one.",
                        len(got), lang))
    return _say(not hints, lang, hints)


# ---------------------------------------------------------------------------------------------------------
# Exercise 4 · agreement

def load_codings(folder: Path | str = CODINGS_DIR) -> pd.DataFrame:
    """Every ``*.csv`` coding in ``folder`` as one long table: coder, passage, field, value (normalised;
    a blank is "", a field a coder left out of the file is missing)."""
    rows = []
    for path in sorted(Path(folder).glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame = _as_frame(frame)
        for pid, row in frame.iterrows():
            for field in AGREEMENT_FIELDS:
                if field in frame.columns:
                    rows.append({"coder": path.stem, "passage": pid, "field": field, "value": norm(field, row[field])})
    return pd.DataFrame(rows, columns=["coder", "passage", "field", "value"])


def reliability_matrix(codings: pd.DataFrame, field: str) -> pd.DataFrame:
    """Coders × passages for one field; a blank is a value of its own ("(blank)": a coder who leaves the count
    blank and one who writes 0 disagree), a passage a coder did not code is NaN (missing)."""
    table = codings[codings["field"] == field].pivot(index="coder", columns="passage", values="value")
    return table.replace({BLANK: "(blank)"})


def alpha(codings: pd.DataFrame, field: str) -> float:
    """Krippendorff's alpha, nominal, for one field (the ``krippendorff`` package)."""
    matrix = reliability_matrix(codings, field)
    categories = sorted(set(matrix.stack().dropna()))
    codes = matrix.apply(lambda column: column.map({c: i for i, c in enumerate(categories)})).astype(float)
    if len(categories) < 2 or matrix.shape[0] < 2:
        return float("nan")  # undefined: fewer than two coders, or one value everywhere (no variation to explain)
    return float(krippendorff.alpha(reliability_data=codes.to_numpy(), level_of_measurement="nominal"))


def alpha_table(codings: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Alpha per field, with the number of coders and passages it rests on."""
    rows = []
    for field in AGREEMENT_FIELDS:
        matrix = reliability_matrix(codings, field)
        rows.append({_("field", lang): field, "alpha": round(alpha(codings, field), 3),
                     _("coders", lang): matrix.shape[0], _("passages", lang): matrix.shape[1]})
    return pd.DataFrame(rows)


def agreement_reference() -> pd.DataFrame:
    """The reference coding of the agreement units in the long form, from data/events.csv (P5, the Sahel
    threat, is context: is_event "no", every other field blank)."""
    data = _data()
    events, mentions = data.events.set_index("event_id"), data.mentions.set_index("mention_id")
    rows = []
    for pid, mention in AGREEMENT_UNITS.items():
        event = events.loc[mentions.loc[mention, "event_id"]] if mention else None
        for field in AGREEMENT_FIELDS:
            if field == "is_event":
                value = "yes" if mention else "no"
            else:
                value = norm(field, event[field]) if mention else BLANK
            rows.append({"coder": "reference", "passage": pid, "field": field, "value": value})
    return pd.DataFrame(rows)


def confusion(codings: pd.DataFrame, field: str, lang: str = "en") -> pd.DataFrame:
    """For one field: each coder's value (rows) against the reference value (columns), over every passage."""
    ref = agreement_reference()
    ref = ref[ref["field"] == field][["passage", "value"]].rename(columns={"value": "reference"})
    mine = codings[codings["field"] == field].merge(ref, on="passage")
    table = pd.crosstab(mine["value"].replace({BLANK: "(blank)"}), mine["reference"].replace({BLANK: "(blank)"}))
    return table.rename_axis(index=_("coded", lang), columns=_("reference", lang))


@_guarded
def check_alpha(answer, field: str, *, lang: str = "en", folder: Path | str = CODINGS_DIR) -> None:
    """Exercise 4: the student's alpha for ``field`` on the codings in ``folder``."""
    codings = load_codings(folder)
    expected = alpha(codings, field)
    value = float(answer)
    if math.isclose(value, expected, abs_tol=0.0015):
        return _say(True, lang)
    matrix = reliability_matrix(codings, field)
    pairs_agree = matrix.apply(lambda col: (col.value_counts() ** 2).sum() - col.count(), axis=0).sum()
    pairs = matrix.apply(lambda col: col.count() * (col.count() - 1), axis=0).sum()
    if pairs and math.isclose(value, pairs_agree / pairs, abs_tol=0.0015):
        return _say(False, lang, [_("That is the share of agreeing pairs; alpha also corrects for the agreement "
                                    "expected by chance.", lang)])
    return _say(False, lang, [_("Check the level of measurement (these codes are categories: nominal) and "
                                "that a blank counts as a value of its own.", lang)])


# ---------------------------------------------------------------------------------------------------------
# Exercise 5 · source criticism

def expected_contradicted_dates() -> set[str]:
    claims = _data().claims
    return set(claims.loc[(claims["field"] == "date") & (claims["verdict"] == "contradicted"), "event_id"])


@_guarded
def check_contradicted_dates(answer, *, lang: str = "en") -> None:
    """Exercise 5: the events whose date the public record contradicts."""
    got, expected = _ids(answer), expected_contradicted_dates()
    claims = _data().claims
    unverified = set(claims.loc[(claims["field"] == "date") & (claims["verdict"] == "unverified"), "event_id"])
    other_fields = set(claims.loc[claims["verdict"].isin(["contradicted", "partly"]) & (claims["field"] != "date"),
                                  "event_id"])
    hints = []
    if got & unverified:
        hints.append(_("Unverified means nothing was found, not shown false: keep only the verdict "
                       "\"contradicted\".", lang))
    if (got - expected) & other_fields:
        hints.append(_("Only date claims count here: filter on the field \"date\" as well as the verdict.", lang))
    if not hints and got != expected:
        hints.append(_("Filter claims.csv on field and verdict, then take the event ids.", lang))
    return _say(got == expected, lang, hints)


def student_check_outputs() -> tuple[str, ...]:
    """The verdict words, in each language (used by the tests and the build)."""
    return tuple(_(word, lang) for word in ("correct", "not yet") for lang in ("en", "ar"))

