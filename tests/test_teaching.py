"""The teaching kit: planted answers (wrong, right in another form, malformed) for every exercise in both
languages, hand-in before comparison, no answer before the student has tried, a class's folder of codings read
and checked file by file, Krippendorff's alpha against a hand computation from the coincidence matrix, the
student and teacher copies, the bundle, and the teacher's guide."""
from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from itertools import permutations

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis import teaching, teaching_build
from analysis.i18n import _
from analysis.paths import DATA, NOTEBOOKS, ROOT
from analysis.teaching import agreement, answers, bidi, comments, key

NOT_YET = {"en": "not yet", "ar": "ليس بعد"}
CORRECT = {"en": "correct", "ar": "صحيح"}
SOURCES = teaching_build.sources()
LANGS = ("en", "ar")


def plain(text: str) -> str:
    """The text without the bidi isolates that Arabic output lines carry."""
    return text.translate(teaching.BIDI_CONTROLS)


def run(capsys, check, *args, **kwargs) -> str:
    check(*args, **kwargs)
    return plain(capsys.readouterr().out)


def right_coding() -> pd.DataFrame:
    return teaching.coding._reference()[teaching.FIELDS].astype(object)


def told() -> pd.DataFrame:
    d = teaching.values.data()
    return d.mentions[["mention_id", "event_id"]].merge(d.events[["event_id", "event_type", "agencies"]], on="event_id")


# --- the words the exercises rest on, and the key ------------------------------------------------------------

def test_segments_and_passages_are_the_article_words():
    text = (DATA / "raw" / "alaraby-2022-05-08-morocco-us-security-cooperation.txt").read_text(encoding="utf-8")
    for spans, get in ((teaching.SEGMENTS, teaching.segment), (teaching.PASSAGES, teaching.passage)):
        for sid, (start, end, _translation) in spans.items():
            assert get(sid) == text[start:end] and get(sid).strip() == get(sid)


# Mentions whose coded values the codebook works through (date, place, bodies or counts given with the quote).
# P1 (M01) is not among them, but its bodies are R4 (b)'s example; the guide says so.
WORKED = {"M02", "M03", "M05", "M06", "M07", "M08", "M09", "M11", "M13", "M14", "M17", "M20", "M21", "M22", "M23",
          "M24", "M25", "M26", "M28", "M30", "M31"}


def test_exercise_passages_are_not_the_codebooks_worked_examples():
    """No coding passage is a mention whose values the codebook gives (M02, M06, M08 were), and no reading
    segment is one of R1's examples (the 2018 attack, the Sahel threat, the years after 11 September)."""
    mentions = {(int(r["char_start"]), int(r["char_end"])): r["mention_id"]
                for r in csv.DictReader(open(DATA / "mentions.csv", encoding="utf-8"))}
    coded = {mentions.get((s, e)) for s, e, _t in teaching.PASSAGES.values()} - {None}
    assert coded and not coded & WORKED
    codebook = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    for seg in teaching.SEGMENTS:
        if mentions.get(teaching.SEGMENTS[seg][:2]) is None:  # a context segment: not one of R1's examples
            assert teaching.segment(seg)[:30] not in codebook, seg
    assert not {"M03"} & {mentions.get(v[:2]) for v in teaching.SEGMENTS.values()}


def test_key_is_in_step_with_the_answers_and_the_data():
    assert key.PATH.read_text(encoding="utf-8") == answers.key_text(), \
        "key.json is out of step: run `python -m analysis teaching key`"


def test_no_answer_in_plain_text_in_what_students_get():
    """The modules a student's notebook imports hold no answer: no reading key, no date words, no reference."""
    student_code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "analysis" / "teaching").glob("*.py")
                             if p.name != "answers.py")
    student_code += (ROOT / "analysis" / "teaching" / "key.json").read_text(encoding="utf-8")
    for answer in ('"S2": "event"', "8 مارس", '"P3": "no"', "MA_LIAISON", "network_dismantling", "E04", "E05", "E10"):
        assert answer not in student_code, answer


# --- planted answers: wrong, right in another form, malformed; both languages ------------------------------

READING = {"S1": "context", "S2": "event", "S3": "context", "S4": "event"}
DATES = {"S1": None, "S2": "8 مارس الماضي", "S3": None, "S4": None}


def _coding(**changes) -> pd.DataFrame:
    coding = right_coding()
    for where, value in changes.items():
        pid, field = where.split("__")
        coding.loc[pid, field] = value
    return coding


def _alpha_codings():
    return teaching.read_codings(teaching.CODINGS_DIR).codings


def _counts_type():
    return told().drop_duplicates("event_id")["event_type"].astype(str).value_counts()


def _counts_agency():
    events = teaching.values.data().events
    return events.assign(a=events["agencies"].str.split(";")).explode("a").groupby("a")["event_id"].nunique()


# (exercise, kind, callable that runs the check, fragment of the English hint or None for "correct")
PLANTED = [
    ("1 reading", "wrong", lambda lang: teaching.check_reading({**READING, "S1": "event"}, DATES, lang=lang),
     "An opinion, a worry, an analysis"),
    ("1 reading", "wrong", lambda lang: teaching.check_reading({**READING, "S4": "context"}, DATES, lang=lang),
     "reports something that happened"),
    ("1 reading", "wrong", lambda lang: teaching.check_reading(READING, {**DATES, "S3": "منذ سنوات"}, lang=lang),
     "dates no event"),
    ("1 reading", "wrong", lambda lang: teaching.check_reading(READING, {**DATES, "S2": "الماضي بالعاصمة"}, lang=lang),
     "do not say when the event took place"),
    ("1 reading", "wrong", lambda lang: teaching.check_reading(READING, {**DATES, "S2": "8 March 2022"}, lang=lang),
     "exactly as the article writes them"),
    ("1 reading", "wrong", lambda lang: teaching.check_reading(READING, {**DATES, "S2": None}, lang=lang),
     "says when the event took place"),
    ("1 reading", "right, another form",
     lambda lang: teaching.check_reading({"S1": " سِيَاق ", "S2": "حَدَث", "S3": "CONTEXT", "S4": "Event"},
                                         {"S1": "", "S2": "«٨ مارس الماضي»", "S3": float("nan"), "S4": pd.NA},
                                         lang=lang), None),
    ("1 reading", "right, another form",
     lambda lang: teaching.check_reading(READING, {**DATES, "S2": "في 8 مارس"}, lang=lang), None),
    ("1 reading", "malformed", lambda lang: teaching.check_reading({"S1": ..., "S2": ..., "S3": ..., "S4": ...},
                                                                   {"S1": ...}, lang=lang), "Not answered yet"),
    ("1 reading", "malformed", lambda lang: teaching.check_reading(["event"], DATES, lang=lang), "Give two dicts"),
    ("1 reading", "malformed", lambda lang: teaching.check_reading({**READING, "S1": "maybe"}, DATES, lang=lang),
     'write "event" or "context"'),
    ("2 form", "wrong", lambda lang: teaching.check_form(_coding(P1__date="2021-06-01"), lang=lang),
     "does not fit the date"),
    ("2 form", "wrong", lambda lang: teaching.check_form(_coding(P3__agencies="MA_GOV"), lang=lang),
     "leave its other fields blank"),
    ("2 form", "wrong", lambda lang: teaching.check_form(_coding(P5__agencies="MA_LIAISON;NSA"), lang=lang),
     "not in the agencies table"),
    ("2 form", "right, another form",
     lambda lang: teaching.check_form(_coding(P1__date=pd.Timestamp("2021-06-01"), P1__is_event="نعم",
                                              P2__event_type="شراكة أمنية", P4__country="المغرب",
                                              P5__location="السفارة المغربية بواشنطن", P2__agencies="ma_gov، fr_gov, gb_gov;es_gov;IT_GOV",
                                              P2__date_precision="مجهول", P4__people_arrested=None), lang=lang),
     "complete and readable"),
    ("2 form", "malformed", lambda lang: teaching.check_form(teaching.coding_form(), lang=lang), "still empty"),
    ("2 form", "malformed", lambda lang: teaching.check_form(_coding(P4__people_arrested="one"), lang=lang),
     "whole number written in digits"),
    ("2 form", "malformed", lambda lang: teaching.check_form(..., lang=lang), "Not answered yet"),
    ("3a per type", "wrong", lambda lang: teaching.check_events_per_type(told()["event_type"].value_counts(),
                                                                         lang=lang), "You counted mentions"),
    ("3a per type", "wrong", lambda lang: teaching.check_events_per_type(_counts_type().drop("arrest"), lang=lang),
     "1 key is missing"),
    ("3a per type", "right, another form",
     lambda lang: teaching.check_events_per_type({k.upper(): str(v) for k, v in _counts_type().items()}, lang=lang), None),
    ("3a per type", "right, another form",
     lambda lang: teaching.check_events_per_type(_counts_type().rename_axis("t").reset_index().astype(str), lang=lang),
     None),
    ("3a per type", "right, another form",
     lambda lang: teaching.check_events_per_type(told().drop_duplicates("event_id")["event_type"].value_counts(
         normalize=True), lang=lang), None),
    ("3a per type", "right, another form",
     lambda lang: teaching.check_events_per_type({"اعتقال": 3, **{k: v for k, v in _counts_type().items()
                                                                 if k != "arrest"}}, lang=lang), None),
    ("3a per type", "malformed", lambda lang: teaching.check_events_per_type(..., lang=lang), "Not answered yet"),
    ("3a per type", "malformed", lambda lang: teaching.check_events_per_type(42, lang=lang), "could not be read"),
    ("3b per agency", "wrong", lambda lang: teaching.check_events_per_agency(
        teaching.values.data().events["agencies"].value_counts(), lang=lang), "split the cell"),
    ("3b per agency", "wrong", lambda lang: teaching.check_events_per_agency(
        teaching.values.data().events["agencies"].str.split(";").str[0].value_counts(), lang=lang),
     "counts once for each of them"),
    ("3b per agency", "right, another form", lambda lang: teaching.check_events_per_agency(
        {k.lower(): float(v) for k, v in _counts_agency().items()}, lang=lang), None),
    ("3b per agency", "malformed", lambda lang: teaching.check_events_per_agency("MA_GOV 7", lang=lang),
     "could not be read"),
    ("3c retold", "wrong", lambda lang: teaching.check_retold(["M02", "M04"], lang=lang), "These are mention ids"),
    ("3c retold", "wrong", lambda lang: teaching.check_retold(["E02"], lang=lang), "You have 1 event"),
    ("3c retold", "wrong", lambda lang: teaching.check_retold(teaching.values.data().mentions["event_id"].value_counts(),
                                                              lang=lang), "mentions of every event"),
    ("3c retold", "right, another form", lambda lang: teaching.check_retold("e16, E2;e04,E05، E06 ,e12", lang=lang), None),
    ("3c retold", "right, another form", lambda lang: teaching.check_retold(
        told()[told()["event_id"].map(told()["event_id"].value_counts()) > 1], lang=lang), None),
    ("3c retold", "right, another form", lambda lang: teaching.check_retold(
        told()["event_id"].value_counts() > 1, lang=lang), None),
    ("3c retold", "malformed", lambda lang: teaching.check_retold(..., lang=lang), "Not answered yet"),
    ("4 alpha", "wrong", lambda lang: teaching.check_alpha(teaching.pairwise_agreement(_alpha_codings(), "date_precision"),
                                                           "date_precision", _alpha_codings(), lang=lang),
     "share of agreeing pairs"),
    ("4 alpha", "wrong", lambda lang: teaching.check_alpha(teaching.alpha(_alpha_codings(), "date_precision", "missing"),
                                                           "date_precision", _alpha_codings(), lang=lang),
     "blank counted as missing"),
    ("4 alpha", "wrong", lambda lang: teaching.check_alpha(0.5, "people_killed", _alpha_codings(), lang=lang),
     "alpha is undefined here"),
    ("4 alpha", "right, another form", lambda lang: teaching.check_alpha(0.61, "date_precision", _alpha_codings(),
                                                                         lang=lang), None),
    ("4 alpha", "right, another form", lambda lang: teaching.check_alpha("α = ٠٫٦١٤", "date_precision", _alpha_codings(),
                                                                         lang=lang), None),
    ("4 alpha", "right, another form", lambda lang: teaching.check_alpha(np.float64(0.61404), "date_precision",
                                                                         teaching.CODINGS_DIR, lang=lang), None),
    ("4 alpha", "right, another form", lambda lang: teaching.check_alpha(float("nan"), "people_killed", _alpha_codings(),
                                                                         lang=lang), None),
    ("4 alpha", "malformed", lambda lang: teaching.check_alpha("high", "date_precision", _alpha_codings(), lang=lang),
     "could not be read"),
    ("4 alpha", "malformed", lambda lang: teaching.check_alpha(0.6, "date_precision", _alpha_codings(), lang=lang),
     "two or three decimals"),
    # E16 and E18 have no date in the article (not stated); E06's agencies are contradicted in part, not its date
    ("5 record", "wrong", lambda lang: teaching.check_contradicted_dates(["E04", "E05", "E10", "E16"], lang=lang),
     "Not stated means the article gives no date"),
    ("5 record", "wrong", lambda lang: teaching.check_contradicted_dates(["E04", "E05", "E10", "E06"], lang=lang),
     "Only date claims count here"),
    ("5 record", "wrong", lambda lang: teaching.check_contradicted_dates(["E04"], lang=lang), "2 events are missing"),
    ("5 record", "right, another form", lambda lang: teaching.check_contradicted_dates("e05 ، E4 ، e10", lang=lang), None),
    ("5 record", "right, another form", lambda lang: teaching.check_contradicted_dates(
        teaching.values.data().claims.query("field == 'date' and verdict == 'contradicted'"), lang=lang), None),
    ("5 record", "malformed", lambda lang: teaching.check_contradicted_dates(..., lang=lang), "Not answered yet"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("exercise", "kind", "answer", "hint"), PLANTED,
                         ids=[f"{p[0]}-{p[1]}-{i}" for i, p in enumerate(PLANTED)])
def test_planted_answer(capsys, exercise, kind, answer, hint, lang):
    out = run(capsys, answer, lang)
    assert "Traceback" not in out and "Error:" not in out, out
    first = out.splitlines()[0]
    if hint is None:
        assert first == CORRECT[lang], out
    elif hint == "complete and readable":
        assert first == _("complete and readable: hand it in (the next cell)", lang), out
    else:
        assert first == NOT_YET[lang], out
        if lang == "en":
            assert hint in out, out
        else:  # the same hint, in Arabic: no English sentence in the output
            prose = re.sub(r"[A-Za-z_][\w.:>\-]*|\(blank\)|float\(\"nan\"\)", "", out)
            assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{3,} [A-Za-z]{3,}", out.split("\n", 1)[-1]), out
            assert re.search("[\u0621-\u064a]{3}", prose), out


def test_planted_table_covers_every_exercise_and_kind():
    cover = {(p[0], p[1]) for p in PLANTED}
    for exercise in {p[0] for p in PLANTED}:
        assert {(exercise, k) for k in ("wrong", "right, another form", "malformed")} <= cover, exercise


def test_untouched_reading_stub_reveals_nothing(capsys):
    """An untouched stub gets one sentence, not a hint per segment (which would tell which are dated)."""
    out = run(capsys, teaching.check_reading, {"S1": ..., "S2": ..., "S3": ..., "S4": ...},
              {"S1": ..., "S2": ..., "S3": ..., "S4": ...}, lang="en")
    assert out.splitlines() == ["not yet", "  • Not answered yet: replace each ... in the exercise cell with your "
                                           "answer, run that cell, then this one."]
    partly = run(capsys, teaching.check_reading, {"S1": "context", "S2": ..., "S3": ..., "S4": ...},
                 {"S1": None, "S2": ..., "S3": ..., "S4": ...}, lang="en")
    assert "dated" not in partly and "date" not in partly.replace("S1", "")


def test_arabic_lines_are_isolated_right_to_left(capsys):
    teaching.check_form(_coding(P1__date="2021-06-01"), lang="ar")
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith("\u2067") and line.endswith("\u2069") for line in lines)
    assert "\u2066date_precision:\u2069" in lines[-1]
    teaching.check_form(_coding(P1__date="2021-06-01"), lang="en")
    assert not set(capsys.readouterr().out) & set("\u2066\u2067\u2068\u2069")


# --- hand in first, then compare ----------------------------------------------------------------------------

def test_compare_opens_only_on_a_handed_in_coding(capsys, tmp_path):
    for early in (right_coding(), ..., None, "not a file"):
        assert teaching.compare_coding(early, "en") is None
        out = plain(capsys.readouterr().out)
        assert out.startswith("not handed in yet") and "reference" not in out.split("\n", 1)[-1].lower().replace(
            "compare", "")
    assert teaching.hand_in(right_coding(), ..., tmp_path) is None  # no name: nothing written
    assert teaching.hand_in(right_coding(), "your-name", tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    capsys.readouterr()
    coding = _coding(P4__people_arrested=0, P5__country="MA")
    handed = teaching.hand_in(coding, "Amal Idrissi", tmp_path)
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and re.fullmatch(r"amal-idrissi-[0-9a-f]{8}\.csv", files[0].name)
    coding.loc["P5", "country"] = "US"  # "corrected" after the hand-in: not what is compared
    table = teaching.compare_coding(handed, "en")
    out = plain(capsys.readouterr().out)
    assert "43 fields of 45 agree" in out and "unknown is not zero" in out and "never a place inferred" in out
    assert (table["agrees"] == "✗").sum() == 2
    assert teaching.compare_coding(str(files[0]), "en") is not None  # a handed-in file, e.g. after a restart
    again = teaching.hand_in(right_coding(), "Amal Idrissi", tmp_path)  # handed in once
    assert "handed in already" in plain(capsys.readouterr().out) and len(list(tmp_path.iterdir())) == 1
    assert again.path == files[0]


def test_two_students_with_one_name_never_overwrite_each_other(tmp_path, capsys):
    first, second, class_folder = tmp_path / "a", tmp_path / "b", tmp_path / "class"
    one = teaching.hand_in(right_coding(), "Sara", first)
    two = teaching.hand_in(right_coding(), "Sara", second)
    class_folder.mkdir()
    for handed in (one, two):
        shutil.copy(handed.path, class_folder / handed.path.name)
    assert len(list(class_folder.iterdir())) == 2
    assert teaching.read_codings(class_folder).codings["coder"].nunique() == 2


def test_hand_in_writes_canonical_values(tmp_path, capsys):
    coding = _coding(P1__date=pd.Timestamp("2021-06-01"), P2__event_type="شراكة أمنية", P4__country="المغرب")
    handed = teaching.hand_in(coding, "وليد", tmp_path)
    rows = {r["passage"]: r for r in csv.DictReader(open(handed.path, encoding="utf-8"))}
    assert rows["P1"]["date"] == "2021-06" and rows["P2"]["event_type"] == "partnership" and rows["P4"]["country"] == "MA"
    assert handed.path.name.startswith("وليد-")


# --- the class's folder: every problem named, a bad file left out, never a traceback ------------------------

HEADER = ["passage", *teaching.FIELDS]


def _write(folder, name, rows, header=HEADER, encoding="utf-8"):
    with open(folder / name, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _sample_rows(name="coder_a.csv"):
    return list(csv.reader(open(teaching.CODINGS_DIR / name, encoding="utf-8")))[1:]


@pytest.mark.parametrize(("name", "make", "problem"), [
    ("count.csv", lambda f: _write(f, "count.csv", [r[:8] + ["one", ""] if r[0] == "P4" else r for r in _sample_rows()]),
     "count.csv, row 5, column people_arrested: 'one': a count is a whole number"),
    ("old.csv", lambda f: _write(f, "old.csv", [[r[0], *r[2:]] for r in _sample_rows()[:3]],
                                 header=[h for h in HEADER if h != "is_event"]),
     "old.csv, row 1, column is_event: column missing"),
    ("short.csv", lambda f: _write(f, "short.csv", _sample_rows()[:3]), "short.csv, column passage: no row for P4"),
    ("p9.csv", lambda f: _write(f, "p9.csv", [*_sample_rows(), ["P9", *_sample_rows()[0][1:]]]),
     "p9.csv, row 7, column passage: 'P9': not a passage of the exercise (P1–P5)"),
    ("twice.csv", lambda f: _write(f, "twice.csv", [*_sample_rows(), _sample_rows()[0]]),
     "twice.csv, row 7, column passage: P1 a second time (first at row 2)"),
    ("type.csv", lambda f: _write(f, "type.csv", [[r[0], r[1], "arest", *r[3:]] if r[0] == "P1" else r
                                                 for r in _sample_rows()]),
     "type.csv, row 2, column event_type: 'arest': not in the codebook's vocabulary"),
    ("cp1256.csv", lambda f: (f / "cp1256.csv").write_bytes("passage,is_event\nP1,نعم\n".encode("cp1256")),
     "cp1256.csv: not UTF-8 text"),
    ("semi.csv", lambda f: (f / "semi.csv").write_text(";".join(HEADER) + "\n", encoding="utf-8"),
     "semi.csv, row 1: the columns are separated by ';'"),
    ("empty.csv", lambda f: (f / "empty.csv").write_bytes(b""), "empty.csv, row 1: empty"),
])
def test_class_folder_problems(tmp_path, name, make, problem):
    for coder in ("coder_a.csv", "coder_b.csv"):
        shutil.copy(teaching.CODINGS_DIR / coder, tmp_path / coder)
    make(tmp_path)
    reading = teaching.read_codings(tmp_path)
    lines = agreement.report_lines(reading)
    assert any(problem in line for line in lines), lines
    assert reading.left_out == [name]
    assert f"{name}: left out" in "\n".join(lines)
    assert set(reading.codings["coder"]) == {"coder_a", "coder_b"}
    assert lines[-1] == "2 codings read, 1 left out."


def test_class_folder_hostile_bytes_never_raise(tmp_path):
    rng = np.random.default_rng(7)
    seed = (teaching.CODINGS_DIR / "coder_a.csv").read_bytes()
    for i in range(60):
        data = bytearray(seed)
        for _byte in range(rng.integers(1, 6)):
            data[rng.integers(0, len(data))] = rng.integers(0, 256)
        (tmp_path / f"f{i}.csv").write_bytes(bytes(data))
    (tmp_path / "folder.csv").mkdir()
    reading = teaching.read_codings(tmp_path)
    assert reading.files == 61
    agreement.report_lines(reading)
    assert teaching.read_codings(tmp_path / "nowhere").problems[0].message == "no such folder"


# --- alpha: by hand from the coincidence matrix, undefined where nothing varies, the CLI ----------------------

def hand_alpha(folder, field: str, blank: str = "value") -> float | None:
    """Nominal alpha from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha"):
    o_ck = Σ_u Σ_{i≠j} [v_ui = c][v_uj = k] / (m_u − 1);  α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k."""
    units: dict[str, list[str]] = defaultdict(list)
    for path in sorted(folder.glob("*.csv")):
        for row in csv.DictReader(open(path, encoding="utf-8")):
            value = teaching.norm(field, row[field])
            if value or blank == "value":
                units[row["passage"]].append(value or "(blank)")
    coincidence: Counter = Counter()
    for values in units.values():
        if len(values) < 2:
            continue
        for a, b in permutations(range(len(values)), 2):
            coincidence[values[a], values[b]] += 1 / (len(values) - 1)
    n_c: Counter = Counter()
    for (c, _k), weight in coincidence.items():
        n_c[c] += weight
    if len(n_c) < 2:
        return None
    n = sum(n_c.values())
    observed = sum(w for (c, k), w in coincidence.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    return 1 - (n - 1) * observed / expected


@pytest.mark.parametrize("blank", ["value", "missing"])
@pytest.mark.parametrize("field", teaching.FIELDS)
def test_alpha_matches_hand_computation(field, blank):
    by_hand = hand_alpha(teaching.CODINGS_DIR, field, blank)
    got = teaching.alpha_result(_alpha_codings(), field, blank)
    assert (got.value is None) == (by_hand is None)
    if by_hand is not None:
        assert got.value == pytest.approx(by_hand, abs=1e-9)
    coincidences = teaching.coincidence_matrix(_alpha_codings(), field, blank)
    if by_hand is not None:
        assert teaching.alpha_from_coincidences(coincidences) == pytest.approx(by_hand, abs=1e-9)


EXPECTED_ALPHA = {"is_event": "0.714", "event_type": "0.628", "date": "0.607", "date_precision": "0.614",
                  "location": "0.413", "country": "0.609", "agencies": "0.576", "people_arrested": "0.000",
                  "people_killed": "undefined: every coder gave the same value"}


def test_example_alphas_as_the_guide_gives_them():
    table = teaching.alpha_table(_alpha_codings()).set_index("field")
    assert table["alpha, blank as a value"].to_dict() == EXPECTED_ALPHA
    assert teaching.pairwise_agreement(_alpha_codings(), "is_event") == pytest.approx(0.92)
    assert teaching.alpha_masi(_alpha_codings()).text() == "0.607"
    guide = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    for field, value in EXPECTED_ALPHA.items():
        if value[0].isdigit():
            assert re.search(rf"`{field}`[^\n]*\| {re.escape(value)} \|", guide), field


def test_masi_distance():
    assert teaching.masi_distance("DGST;US_INTEL", "DGST;US_INTEL") == 0
    assert teaching.masi_distance("DGST", "DGST;US_INTEL") == pytest.approx(1 - 0.5 * 2 / 3)
    assert teaching.masi_distance("DGST;CIA", "DGST;US_INTEL") == pytest.approx(1 - (1 / 3) / 3)
    assert teaching.masi_distance("CIA", "FBI") == 1 and teaching.masi_distance("(blank)", "") == 0


def test_bootstrap_is_deterministic_and_cautious():
    first = teaching.bootstrap(_alpha_codings(), "is_event", draws=300)
    assert first == teaching.bootstrap(_alpha_codings(), "is_event", draws=300)
    low, high, defined = first
    assert low <= 0.714 + 1e-9 <= high + 1e-9 and defined < 300  # many draws of five passages have no variation


def _class_folders(tmp_path):
    """Five planted classes: everyone agrees; the examples; one bad file among them; blanks everywhere but one
    field; a class of 24 with random slips."""
    folders = {}
    agree = tmp_path / "agree"
    agree.mkdir()
    for i in range(4):
        shutil.copy(teaching.CODINGS_DIR / "coder_a.csv", agree / f"s{i}.csv")
    folders["everyone agrees"] = agree
    folders["example codings"] = teaching.CODINGS_DIR
    bad = tmp_path / "bad"
    shutil.copytree(teaching.CODINGS_DIR, bad)
    (bad / "late.csv").write_text("passage,event_type\nP1,one\n", encoding="utf-8")
    folders["examples + a bad file"] = bad
    context = tmp_path / "context"
    context.mkdir()
    rows = _sample_rows()
    for i, slip in enumerate(["", "", "no", ""]):
        _write(context, f"c{i}.csv", [[r[0], slip or r[1], *r[2:]] if r[0] == "P2" and slip == "no" else r
                                      for r in rows] if slip != "no" else
               [[r[0], "no", *[""] * 8] if r[0] == "P2" else r for r in rows])
    folders["one disagrees on is_event"] = context
    big = tmp_path / "big"
    big.mkdir()
    rng = np.random.default_rng(15)
    sources = sorted(teaching.CODINGS_DIR.glob("*.csv"))
    for i in range(24):
        shutil.copy(sources[rng.integers(0, len(sources))], big / f"student{i:02d}-{rng.integers(1e6):06d}.csv")
    folders["24 students"] = big
    return folders


def test_cli_on_five_planted_classes(tmp_path):
    outputs = {}
    for name, folder in _class_folders(tmp_path).items():
        done = subprocess.run([sys.executable, "-m", "analysis", "teaching", "alpha", str(folder)],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        outputs[name] = (done.returncode, done.stdout)
    code, out = outputs["everyone agrees"]
    assert code == 0 and "0.000" not in out  # alpha is 1 where passages differ, undefined where nothing varies
    for field in teaching.FIELDS:
        assert re.search(rf"^  {field}\s+(1\.000|undefined)", out, flags=re.M), field
    code, out = outputs["example codings"]
    assert code == 0 and re.search(r"is_event\s+0\.714\s+0\.714\s+92%", out)
    code, out = outputs["examples + a bad file"]
    assert code == 1 and "late.csv, row 1, column is_event: column missing" in out and "late.csv: left out" in out
    assert re.search(r"is_event\s+0\.714", out)
    code, out = outputs["one disagrees on is_event"]
    assert code == 0 and re.search(r"is_event\s+0\.\d{3}", out)
    code, out = outputs["24 students"]
    assert code == 0 and "24 codings read, 0 left out." in out
    arabic = subprocess.run([sys.executable, "-m", "analysis", "teaching", "alpha", str(teaching.CODINGS_DIR),
                             "--lang", "ar"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert arabic.returncode == 0 and "غير معرّفة" in arabic.stdout and "قُرئت 5 ترميزات" in arabic.stdout


def test_cli_bad_usage():
    done = subprocess.run([sys.executable, "-m", "analysis", "teaching", "alpha", "/nowhere/at/all"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1 and "/nowhere/at/all: no such folder" in done.stdout and "Traceback" not in done.stderr


# --- the notebooks and their copies ------------------------------------------------------------------------

def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_notebook_is_wholly_bilingual_and_isolated(path):
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    markdown = [i for i, c in enumerate(cells) if c.cell_type == "markdown"]
    assert markdown and len(markdown) % 2 == 0
    for i in markdown[::2]:
        en, ar = cells[i], cells[i + 1]
        assert "lang:en" in tags(en) and "lang:ar" in tags(ar), i
        assert set(tags(en)) - {"lang:en"} == set(tags(ar)) - {"lang:ar"}
        assert re.search("[\u0621-\u064a]{3}", ar.source) and ar.source != en.source
        # The Arabic cell is right-to-left HTML (the notebooks tidy tool): its text, tags aside, is checked.
        ar_text = html.unescape(re.sub(r"<[^>]+>", "", ar.source))
        assert bidi.unisolated(en.source, "en") == [] and bidi.unisolated(ar_text, "ar") == [], i
        assert "التعليم" not in ar.source
    assert sum("parameters" in tags(c) for c in cells) == 1
    for i, cell in enumerate(cells):
        if "student" in tags(cell):
            assert "solution" in tags(cells[i + 1])
    checks = [c for c in cells if "check" in tags(c)]
    assert checks and all(plain("".join(o.get("text", "") for o in c.outputs)).splitlines()[0] in (
        "correct", "complete and readable: hand it in (the next cell)") for c in checks)


@pytest.fixture(scope="module")
def student_runs():
    """Every student copy, in both languages, executed top to bottom."""
    runs = {}
    for lang in LANGS:
        for path in SOURCES:
            nb = teaching_build.variant(nbformat.read(path, as_version=4), "student", lang)
            runs[lang, path.name] = teaching_build.execute(nb)
    return runs


def _text(cell) -> str:
    return plain("".join(o.get("text", "") + "".join(o.get("data", {}).get("text/plain", ""))
                         for o in cell.get("outputs", [])))


def test_student_copies_run_say_not_yet_and_show_no_answer(student_runs):
    for (lang, name), nb in student_runs.items():
        assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", [])), name
        checks = [c for c in nb.cells if "check" in tags(c)]
        assert checks, name
        for cell in checks:
            text = _text(cell)
            assert text.splitlines()[0] == NOT_YET[lang], (lang, name, text)
            assert "Traceback" not in text
        everything = "\n".join(_text(c) for c in nb.cells)
        assert "Traceback" not in everything
        if name.startswith("06"):
            assert "MA_LIAISON" not in everything.replace("MA_LIAISON  ", "")  # the agencies table lists it
            assert not any("agrees" in _text(c) or "متطابق" in _text(c) for c in nb.cells)  # no comparison table
            assert "8 مارس" not in "\n".join(_text(c) for c in nb.cells if "check" in tags(c))
        if name.startswith("07"):
            assert "events: 21" not in everything  # the table that held 3a's answer is not shown
        if name.startswith("08"):
            assert _("(exercise 4)", lang) in everything  # alpha of the exercise's field masked
            assert "2022-03-26" not in everything and "C16" not in everything  # exercise 5's answer not shown


def test_arabic_copies_have_arabic_comments():
    for path in SOURCES:
        source = nbformat.read(path, as_version=4)
        for cell in source.cells:
            if cell.cell_type == "code":
                for comment in comments.comments(cell.source):
                    assert _(comment, "ar"), comment  # MissingTranslation otherwise
        for role in teaching_build.ROLES:
            nb = teaching_build.variant(source, role, "ar")
            for cell in nb.cells:
                for comment in comments.comments(cell.source) if cell.cell_type == "code" else []:
                    assert re.search("[\u0621-\u064a]", comment), comment


def test_name_error_and_failed_cell_say_so_in_one_sentence():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('LANG = "en"\nfrom analysis import teaching'),
                nbformat.v4.new_code_cell("teaching.check_events_per_type(events_per_type, lang=LANG)"),
                nbformat.v4.new_code_cell("retold = ...\nretold = sorted(undefined_name)"),
                nbformat.v4.new_code_cell("teaching.check_retold(retold, lang=LANG)")]
    from nbconvert.preprocessors import ExecutePreprocessor

    client = ExecutePreprocessor(timeout=120, kernel_name="python3", allow_errors=True)
    client.preprocess(nb, {"metadata": {"path": str(NOTEBOOKS)}})
    first = _text(nb.cells[1])
    assert first.splitlines() == ["not yet", "  • events_per_type does not exist yet: run the exercise cell that "
                                             "sets it (above), then this one."]
    assert not any(o.get("output_type") == "error" for o in nb.cells[1].outputs)
    assert any(o.get("output_type") == "error" for o in nb.cells[2].outputs)  # the student's own error: traceback
    assert "The cell above ended in an error" in _text(nb.cells[3])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_copies_keep_their_cells_and_language(path, lang):
    source = nbformat.read(path, as_version=4)
    teacher = teaching_build.variant(source, "teacher", lang)
    student = teaching_build.variant(source, "student", lang)
    other = "lang:ar" if lang == "en" else "lang:en"
    for nb in (teacher, student):
        assert all(f"lang:{lang}" in tags(c) for c in nb.cells if c.cell_type == "markdown")
        assert not any(other in tags(c) for c in nb.cells)
        assert [c.source for c in nb.cells if "parameters" in tags(c)][0].startswith(f'LANG = "{lang}"')
    assert not any("student" in tags(c) for c in teacher.cells)
    assert not any("solution" in tags(c) for c in student.cells)
    student_text = "\n".join(c.source for c in student.cells)
    for cell in source.cells:
        if "solution" in tags(cell):
            for line in cell.source.splitlines():
                words = re.sub(r"<[^>]*>", "", line).strip()  # an HTML tag alone (<ol dir="rtl">) is no answer
                if len(words) > 12 and not re.fullmatch(r"[\w.]+", line.strip()):  # not a bare name
                    assert line.strip() not in student_text, line
    assert not any(c.get("outputs") for c in student.cells if c.cell_type == "code")


def test_teacher_copy_in_arabic_passes_its_checks():
    nb = teaching_build.variant(nbformat.read(SOURCES[1], as_version=4), "teacher", "ar")
    teaching_build.execute(nb)
    for cell in (c for c in nb.cells if "check" in tags(c)):
        text = "".join(o.get("text", "") for o in cell.outputs).strip()
        assert text == "\u2067صحيح\u2069" and plain(text) == "صحيح"


def test_build_and_bundle(tmp_path, student_runs, monkeypatch):
    assert teaching_build.main(["--no-execute", "--lang", "ar", "--out", str(tmp_path)]) == 0
    teacher = sorted(p.name for p in (tmp_path / "teacher" / "ar").glob("*.ipynb"))
    student = sorted(p.name for p in (tmp_path / "student" / "ar").glob("*.ipynb"))
    assert teacher == student == [p.name for p in SOURCES]
    first = (tmp_path / "student-bundle-ar.zip").read_bytes()
    teaching_build.main(["--no-execute", "--lang", "ar", "--out", str(tmp_path)])
    assert (tmp_path / "student-bundle-ar.zip").read_bytes() == first  # the same bytes twice
    with zipfile.ZipFile(tmp_path / "student-bundle-ar.zip") as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "unzipped")
    top = "morocco-us-teaching/"
    assert top + "analysis/teaching/answers.py" not in names  # the teacher's plain key stays home
    for name in ("README.md", "requirements.txt", "docs/codebook.ar.md", "analysis/teaching/__init__.py",
                 "analysis/teaching/key.json", "analysis/locale/ar/LC_MESSAGES/teaching.po", "teaching/codings/coder_a.csv",
                 "data/raw/alaraby-2022-05-08-morocco-us-security-cooperation.txt", "data/events.csv",
                 *(f"notebooks/{p.name}" for p in SOURCES)):
        assert top + name in names, name
    assert not any("__pycache__" in n for n in names)
    requirements = (tmp_path / "unzipped" / top / "requirements.txt").read_text()
    assert requirements == (ROOT / "requirements" / "teaching.txt").read_text()  # the teaching lock, not dev's
    assert "krippendorff==" in requirements and "jupyterlab==" in requirements
    assert not re.search(r"^(playwright|pytest|nbval|matplotlib|plotly)==", requirements, re.M)
    readme = (tmp_path / "unzipped" / top / "README.md").read_text()
    assert "pip install -r requirements.txt -e ." in readme and ".venv\\Scripts\\python" in readme
    assert "your-name" not in readme and "hand_in" in readme and "في الحصة" in readme
    # The bundle runs on its own once installed (`pip install -e .` puts the bundle's folder on the path, as
    # PYTHONPATH does here): its notebook imports the bundle's analysis package and data.
    root = tmp_path / "unzipped" / "morocco-us-teaching"
    monkeypatch.setenv("PYTHONPATH", str(root))
    nb = nbformat.read(root / "notebooks" / SOURCES[1].name, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import analysis, analysis.paths\n"
                                              "print(analysis.__file__, analysis.paths.data_dir())"))
    teaching_build.execute(nb, cwd=root / "notebooks")
    printed = nb.cells[-1].outputs[0]["text"]
    assert str(root / "analysis") in printed and str(root / "data") in printed


# --- the teacher's guide -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("doc", "lang"), [("teaching.md", "en"), ("teaching.ar.md", "ar")])
def test_guide_quotes_the_hints_as_the_students_see_them(doc, lang):
    """Every hint quoted in the guide's table of common mistakes is a message of the catalog, word for word
    (prose, not inline code; direction isolates aside)."""
    from babel.messages.pofile import read_po

    with open(ROOT / "analysis" / "locale" / "ar" / "LC_MESSAGES" / "teaching.po", "rb") as handle:
        catalog = read_po(handle, locale="ar")
    messages = [m.id if lang == "en" else m.string for m in catalog if m.id and not isinstance(m.id, tuple)]
    patterns = [re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(m))) for m in messages]
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    table = [s for s in text.split("\n## ") if s.startswith(("Common", "الأخطاء"))][0]
    quoted = [plain(q) for q in re.findall(r"\| [«“]([^|]+)[»”] \|$", table, flags=re.M)]
    assert len(quoted) >= 12
    for hint in quoted:
        assert any(p.fullmatch(hint) for p in patterns), hint


@pytest.mark.parametrize(("doc", "lang"), [("teaching.md", "en"), ("teaching.ar.md", "ar")])
def test_guide_prose_is_isolated(doc, lang):
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    assert bidi.unisolated(text, lang) == []
    if lang == "ar":
        for wrong in ("واستخبارات الجيش المضادة", "احسب كلمات المقال", "التعليم:"):
            assert wrong not in text
