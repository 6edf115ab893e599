"""Exercise 2 · coding: the form, a check of its form only (no answer), the hand-in, and — only once a coding
has been handed in — the comparison with the reference.

Codings must be independent for the class's alpha to measure agreement rather than copying: nothing here shows
a reference value before the student's coding is saved. ``check_form`` says whether the form is complete and
readable (a type for every event, a date that fits its precision, ids that exist), never whether a value is
right. ``hand_in`` writes the coding, once, to a file that cannot overwrite another (the name the student gives,
then a random token); ``compare_coding`` opens on what was handed in, not on the live form, so a coding
"corrected" after the comparison is not the one the class's alpha counts. The reference is read from the data
package (events.csv through mentions.csv, by the passages' offsets), which the guide says to open only after.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.i18n import _, n_
from analysis.teaching.agreement import FIELDS
from analysis.teaching.passages import PASSAGES
from analysis.teaching.text import fold, is_blank
from analysis.teaching.values import BLANK, Unreadable, data, known, norm, precision_of
from analysis.teaching.verdict import _m, guarded, language, say

PUBLISHED = "2022-05-08"
FOLDER = "codings"
PLACEHOLDERS = {"your-name", "your name", "name", "yourname", "اسمك", "الاسم", "student", "طالب"}


def coding_form(passages=tuple(PASSAGES)) -> pd.DataFrame:
    """An empty coding form: one row per passage, one column per field; fill it with ``.loc``."""
    # blank cells are "" (a blank the checks accept), so the form shows empty cells, not NaN
    return pd.DataFrame("", index=pd.Index(list(passages), name="passage"), columns=FIELDS, dtype=object)


def _as_frame(coding) -> pd.DataFrame:
    if isinstance(coding, dict):
        coding = pd.DataFrame.from_dict(coding, orient="index")
    frame = pd.DataFrame(coding).copy()
    if "passage" in frame.columns:
        frame = frame.set_index("passage")
    frame.index = [fold(i).upper() for i in frame.index]
    frame.columns = [fold(c) for c in frame.columns]
    return frame


def _cell(frame: pd.DataFrame, pid: str, field: str):
    return frame.loc[pid, field] if pid in frame.index and field in frame.columns else None


def read_form(coding) -> tuple[dict[str, dict[str, str]], list[str], str]:
    """The form in canonical values, and its problems as message ids with values (language applied later).
    A date given as a ``pd.Timestamp`` or a ``datetime.date`` carries no precision of its own: it is cut to the
    precision the student gave (a Timestamp of 1 June for "month" is June)."""
    frame = _as_frame(coding)
    values: dict[str, dict[str, str]] = {}
    problems: list[tuple[str, dict]] = []
    if frame.index.duplicated().any():
        problems.append((_m("The form has a passage twice: make it again with teaching.coding_form() and fill it in."),
                         {}))
    if any(pid not in frame.index for pid in PASSAGES) or any(f not in frame.columns for f in FIELDS):
        problems.append((_m("The form has lost rows or columns: make it again with teaching.coding_form() and fill it "
                         "in."), {}))
    if all(is_blank(_cell(frame, pid, f)) for pid in PASSAGES for f in FIELDS):
        return {}, [(_m("The form is still empty: fill it in, one line per field, e.g. coding.loc[\"P1\", \"is_event\"] "
                     "= \"yes\"."), {})], "empty"
    for pid in PASSAGES:
        row: dict[str, str] = {}
        for field in FIELDS:
            raw = _cell(frame, pid, field)
            try:
                value = norm(field, raw)
            except Unreadable as error:
                problems.append((_m("{pid} · {field}: {what}"), {"pid": pid, "field": field, "what": error}))
                value = fold(raw)
            if field == "date" and isinstance(raw, (pd.Timestamp, dt.date)) and not is_blank(raw):
                precision = norm("date_precision", _cell(frame, pid, "date_precision")) if not is_blank(
                    _cell(frame, pid, "date_precision")) else "day"
                value = value[:{"year": 4, "month": 7}.get(precision, 10)]
            row[field] = value
        values[pid] = row
        event = row["is_event"]
        if event not in ("yes", "no"):
            problems.append((_m("{pid} · is_event: write yes (an event) or no (context)."), {"pid": pid}))
            continue
        if event == "no":
            filled = [f for f in FIELDS[1:] if row[f] != BLANK]
            if filled:
                problems.append((_m("{pid}: you coded it as context (is_event no): leave its other fields blank ({fields})."),
                                 {"pid": pid, "fields": ", ".join(filled)}))
            continue
        if row["event_type"] == BLANK:
            problems.append((_m("{pid} · event_type: an event needs its type, an id of the event types table."),
                             {"pid": pid}))
        elif not known("event_type", row["event_type"]):
            problems.append((_m("{pid} · event_type: {value} is not in the event types table: use its id or its label."),
                             {"pid": pid, "value": repr(str(_cell(frame, pid, "event_type")))}))
        precision = row["date_precision"]
        if precision not in ("day", "month", "year", "unknown"):
            problems.append((_m("{pid} · date_precision: write day, month, year or unknown."), {"pid": pid}))
        elif row["date"] and precision_of(row["date"]) != precision or not row["date"] and precision != "unknown":
            problems.append((_m("{pid} · date_precision: {precision} does not fit the date {date}: YYYY-MM-DD is day, "
                             "YYYY-MM month, YYYY year, and no date is unknown."),
                             {"pid": pid, "precision": precision, "date": row["date"] or "(blank)"}))
        if not known("agencies", row["agencies"]):
            bad = [a for a in row["agencies"].split(";") if not known("agencies", a)]
            problems.append((_m("{pid} · agencies: {ids} not in the agencies table: use its ids."),
                             {"pid": pid, "ids": ", ".join(bad)}))
        if not known("country", row["country"]):
            problems.append((_m("{pid} · country: {value} is not a country: write its ISO code (MA, US …) or leave it "
                             "blank."), {"pid": pid, "value": repr(str(_cell(frame, pid, "country")))}))
    return values, problems, "checked"


def _problem_text(problem: tuple[str, dict], lang: str) -> str:
    message, values = problem
    values = {k: (_(v.message, lang) if isinstance(v, Unreadable) else v) for k, v in values.items()}
    return _(message, lang, **values)


@guarded
def check_form(coding, *, lang: str = "en") -> None:
    """Before the hand-in: is the form complete and readable? It never says whether a value is right."""
    _values, problems, _state = read_form(coding)
    if problems:
        return say(False, lang, [_problem_text(p, lang) for p in problems])
    return say(True, lang, verdict=_("complete and readable: hand it in (the next cell)", lang))


# ---------------------------------------------------------------------------------------------------------
# The hand-in

@dataclass(frozen=True)
class HandIn:
    """A handed-in coding: the file it was written to (None in the teacher's copy) and its canonical values."""
    path: Path | None
    values: dict

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame.from_dict(self.values, orient="index")[FIELDS].rename_axis("passage")


def _slug(name: str) -> str:
    # the name as typed (not folded: «سلمى» stays «سلمى»), without harakat, in lower case, file-safe
    text = unicodedata.normalize("NFKC", name).translate(dict.fromkeys(range(0x064B, 0x0660))).casefold()
    text = re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).strip("-_")
    return text[:40]


def hand_in(coding, name, folder: Path | str = FOLDER, *, lang: str = "en", teacher: bool = False) -> HandIn | None:
    """Save the coding, once, as ``folder/<name>-<random>.csv`` (UTF-8, canonical values), and open the
    comparison. Refused, with the reason, when the name is missing or the form has problems, or when this name
    has already handed in in ``folder``. ``teacher=True`` (the teacher's copy): nothing is written."""
    lang = language(lang)
    try:
        values, problems, _state = read_form(coding)
        if problems:
            say(False, lang, [_("Not handed in: the form is not complete and readable yet; run the check above and "
                                "correct what it says.", lang)], verdict=_("not handed in", lang))
            return None
        if teacher:
            say(True, lang, verdict=_("Teacher's copy: nothing is written; the comparison below opens on this coding.",
                                      lang))
            return HandIn(None, values)
        slug = "" if not isinstance(name, str) else _slug(name)
        if not slug or fold(name) in PLACEHOLDERS:
            say(False, lang, [_("Write your name (or the pseudonym your teacher gave you) in place of ...: your file is "
                                "named after it.", lang)], verdict=_("not handed in", lang))
            return None
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        earlier = sorted(folder.glob(f"{slug}-*.csv"))
        if earlier:
            say(False, lang, [_("{file} was handed in already under this name: a coding is handed in once, before the "
                                "comparison. Give that file to your teacher (or ask them before handing in again).",
                                lang, file=earlier[0].as_posix())], verdict=_("not handed in", lang))
            return HandIn(earlier[0], _read_back(earlier[0]))
        while True:  # a new name every time: "x" refuses to overwrite, even a file written at the same moment
            path = folder / f"{slug}-{secrets.token_hex(4)}.csv"
            try:
                with open(path, "x", encoding="utf-8", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(["passage", *FIELDS])
                    for pid in PASSAGES:
                        writer.writerow([pid, *(values[pid][f] for f in FIELDS)])
                break
            except FileExistsError:
                continue
        say(True, lang, verdict=_("Handed in as {file}: give this file to your teacher. The comparison below now "
                                  "opens.", lang, file=path.as_posix()))
        return HandIn(path, values)
    except Exception as error:  # noqa: BLE001 — a sentence, not a traceback
        say(False, lang, [_("Not handed in: {reason}", lang, reason=f"{type(error).__name__}: {error}")],
            verdict=_("not handed in", lang))
        return None


def _read_back(path: Path) -> dict:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig").set_index("passage")
    return {pid: {f: norm(f, frame.loc[pid, f]) for f in FIELDS} for pid in frame.index}


# ---------------------------------------------------------------------------------------------------------
# The reference, from the data package, and the comparison

@lru_cache(maxsize=1)
def _reference() -> pd.DataFrame:
    d = data()
    article_id = d.sources.loc[d.sources["role"] == "article", "source_id"].iloc[0]
    mentions = d.mentions[d.mentions["source_id"] == article_id]
    events = d.events.set_index("event_id")
    rows = {}
    for pid, (start, end, _translation) in PASSAGES.items():
        hit = mentions[(mentions["char_start"] == start) & (mentions["char_end"] == end)]
        if hit.empty:  # no mention: context, every other field blank
            rows[pid] = {"is_event": "no", **{f: BLANK for f in FIELDS[1:]}, "event_id": ""}
            continue
        event = events.loc[hit["event_id"].iloc[0]]
        rows[pid] = {"is_event": "yes", **{f: norm(f, event[f]) for f in FIELDS[1:]}, "event_id": event.name}
    return pd.DataFrame.from_dict(rows, orient="index")


def reference(handed: HandIn) -> pd.DataFrame:
    """The reference coding (blanks as ""), for one who has handed in."""
    if not isinstance(handed, HandIn):
        raise TypeError("hand in first")
    return _reference()[FIELDS].rename_axis("passage").copy()


def _hint(pid: str, field: str, got: str, ref: dict, lang: str) -> str:
    want = ref[field]
    if field == "is_event":
        if got == "yes":
            return _("{pid} · is_event: what happened, was scheduled or stands here? An opinion, an assessment or a "
                     "description of a threat is context (codebook R1).", lang, pid=pid)
        return _("{pid} · is_event: the passage reports something that happened, is scheduled or stands, even inside "
                 "a caption or an argument (codebook R1).", lang, pid=pid)
    if want == BLANK and ref["is_event"] == "no":
        return _("{pid} · {field}: a passage of context has no fields to code (codebook R1).", lang, pid=pid,
                 field=field)
    if got == BLANK and want != BLANK and field not in ("people_arrested", "people_killed"):
        return _("{pid} · {field}: left blank, but the passage gives something for this field.", lang, pid=pid,
                 field=field)
    if field in ("people_arrested", "people_killed"):
        if got == "0" and want == "":
            return _("{pid} · {field}: 0 says nobody; does the passage state a number? If not, leave it blank "
                     "(unknown is not zero, codebook R9).", lang, pid=pid, field=field)
        if got == "":
            return _("{pid} · {field}: the passage states a number: look for a numeral, or a singular noun (one person) "
                     "or a dual (codebook R9).", lang, pid=pid, field=field)
        return _("{pid} · {field}: code only the number the passage states (codebook R9).", lang, pid=pid, field=field)
    if field == "agencies":
        mine, theirs = set(filter(None, got.split(";"))), set(filter(None, want.split(";")))
        table = data().agencies
        generic = set(table.loc[table["generic"].astype(str).str.lower() == "true", "agency_id"])
        if (mine - theirs) and (theirs - mine) & generic:
            return _("{pid} · agencies: does the passage name that body, or speak of services in general? A generic "
                     "phrase gets a generic id, never a guess (codebook R4).", lang, pid=pid)
        if theirs - mine:
            return _("{pid} · agencies: a body the passage names as taking part is missing; a country named as a party "
                     "stands for its government (codebook R4).", lang, pid=pid)
        return _("{pid} · agencies: code only bodies that take part as the passage tells it, not those implied or "
                 "commenting (codebook R4, R5).", lang, pid=pid)
    if field == "date":
        if got == PUBLISHED:
            return _("{pid} · date: the publication date is the reference point, not the event's date: find the date "
                     "the article's words point to, counting from it (codebook R7).", lang, pid=pid)
        if want and got.startswith(want) and len(got) > len(want):
            return _("{pid} · date: more precise than the article's words; never add precision (codebook R7).", lang,
                     pid=pid)
        if not want:
            return _("{pid} · date: the passage gives no date for the event: leave it blank and write unknown as "
                     "its precision (codebook R7).", lang, pid=pid)
        return _("{pid} · date: find the date the article's words point to, counting from the publication date "
                 "(Sunday 2022-05-08), and write YYYY-MM-DD, YYYY-MM or YYYY (codebook R7).", lang, pid=pid)
    if field == "date_precision":
        return _("{pid} · date_precision: the precision of the words the article gives — day, month, year or unknown "
                 "— and it must agree with the date (codebook R7).", lang, pid=pid)
    if field == "location" and got and want and (want.endswith(got) or got in want):
        return _("{pid} · location: less precise than the place the passage names (a building, not only its town: "
                 "codebook R8).", lang, pid=pid)
    if field in ("location", "country"):
        return _("{pid} · {field}: code the place the passage names for the event, never a place inferred from the "
                 "bodies or from where flights go (codebook R8).", lang, pid=pid, field=field)
    return _("{pid} · event_type: compare the definitions in data/event_types.csv: what exactly does the passage "
             "say took place — an arrest, a network dismantled, a standing mechanism, a partnership? (codebook R1).",
             lang, pid=pid)


def compare_coding(handed, lang: str = "en") -> pd.DataFrame | None:
    """Field by field, for a handed-in coding: your value, the reference value, whether they agree; then one
    hint per difference. Before a hand-in it says so in one sentence and shows nothing."""
    lang = language(lang)
    try:
        if isinstance(handed, (str, Path)) and Path(handed).is_file():
            handed = HandIn(Path(handed), _read_back(Path(handed)))
        if not isinstance(handed, HandIn):
            say(False, lang, [_("The comparison opens on a handed-in coding: run teaching.hand_in(coding, \"your name\") "
                                "above first, then this cell.", lang)], verdict=_("not handed in yet", lang))
            return None
        ref = _reference()
        rows, hints = [], []
        for pid in PASSAGES:
            for field in FIELDS:
                got, want = handed.values[pid][field], ref.loc[pid, field]
                rows.append({_("passage", lang): pid, _("field", lang): field, _("yours", lang): got,
                             _("reference", lang): want, _("agrees", lang): "✓" if got == want else "✗"})
                if got != want:
                    hints.append(_hint(pid, field, got, ref.loc[pid].to_dict(), lang))
        table = pd.DataFrame(rows)
        agree = sum(r[_("agrees", lang)] == "✓" for r in rows)
        head = n_("{n} field of {total} agrees with the reference", "{n} fields of {total} agree with the reference",
                  agree, lang, total=len(rows))
        say(agree == len(rows), lang, hints, verdict=head)
        return table
    except Exception as error:  # noqa: BLE001 — a sentence, not a traceback
        say(False, lang, [_("The comparison could not be made: {reason}", lang, reason=f"{type(error).__name__}: {error}")])
        return None
