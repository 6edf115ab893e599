"""The teaching kit: self-checks (planted wrong answers caught with the intended hint, right answers in another
form accepted, never the answer, never a traceback), the student and teacher copies, the bundle, and
Krippendorff's alpha on the example codings computed here by hand from the coincidence matrix."""
from __future__ import annotations

import csv
import re
import zipfile
from collections import Counter, defaultdict
from itertools import permutations

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis import teaching, teaching_build
from analysis.paths import DATA, NOTEBOOKS, ROOT

NOT_YET = {"en": "not yet", "ar": "ليس بعد"}
CORRECT = {"en": "correct", "ar": "صحيح"}
SOURCES = teaching_build.sources()


def plain(text: str) -> str:
    """The text without the bidi isolates that Arabic output lines carry."""
    return text.translate(teaching.BIDI_CONTROLS)


def run(capsys, check, *args, **kwargs) -> str:
    check(*args, **kwargs)
    return plain(capsys.readouterr().out)


def assert_not_yet(out: str, hint: str, lang: str = "en") -> None:
    assert out.splitlines()[0] == NOT_YET[lang], out
    assert hint in out, out
    assert "Traceback" not in out and "Error" not in out


def assert_correct(out: str, lang: str = "en") -> None:
    assert out.strip() == CORRECT[lang], out


# --- the data the exercises rest on ------------------------------------------------------------------------

def test_segments_and_passages_are_the_article_words():
    text = (DATA / "raw" / "alaraby-2022-05-08-morocco-us-security-cooperation.txt").read_text(encoding="utf-8")
    assert teaching.segment("S4") == text[1456:1646] and "26 مارس/آذار الماضي" in teaching.segment("S4")
    assert teaching.segment("S2").endswith("تمثل أكبر خطر على البلاد")
    mentions = {r["mention_id"]: r for r in csv.DictReader(open(DATA / "mentions.csv", encoding="utf-8"))}
    for pid, mention in teaching.CODING_PASSAGES.items():
        row = mentions[mention]
        assert teaching.passage(pid) == text[int(row["char_start"]):int(row["char_end"])]


def test_reference_coding_is_events_csv():
    events = {r["event_id"]: r for r in csv.DictReader(open(DATA / "events.csv", encoding="utf-8"))}
    ref = teaching.reference_coding()
    assert ref.loc["P2", "agencies"] == "MA_SECURITY;US_SECURITY" == events["E04"]["agencies"]
    assert ref.loc["P3", "people_arrested"] == "" == events["E05"]["people_arrested"]  # unknown is not zero
    assert ref.loc["P1", "date"] == events["E02"]["date"] == "2022-05-06"


# --- self-checks: wrong answers caught with their hint, right answers in another form accepted ---------------

READING = {"S1": "event", "S2": "context", "S3": "context", "S4": "event"}
DATES = {"S1": "عام 2018", "S2": None, "S3": None, "S4": "26 مارس/آذار الماضي"}


@pytest.mark.parametrize(("reading", "dates", "hint"), [
    ({**READING, "S2": "event"}, DATES, "Opinion and threats are context"),
    ({**READING, "S3": "event"}, DATES, "a date used as an anchor is context"),
    ({**READING, "S1": "context"}, DATES, "reports something that happened"),
    (READING, {**DATES, "S3": "11 سبتمبر"}, "there is no event here"),
    (READING, {**DATES, "S4": "الماضي"}, "these words do not give the event's date"),
    (READING, {**DATES, "S4": "26 March 2022"}, "exactly as the article writes them"),
    ({"S1": ..., "S2": ..., "S3": ..., "S4": ...}, {"S1": ...}, 'write "event" or "context"'),
])
def test_reading_wrong(capsys, reading, dates, hint):
    assert_not_yet(run(capsys, teaching.check_reading, reading, dates, lang="en"), hint)


def test_reading_right_in_another_form(capsys):
    reading = {"S4": " Event ", "S3": "CONTEXT", "S2": "سياق", "S1": "حدث"}
    dates = {"S1": "2018", "S2": "", "S3": float("nan"), "S4": "  26 مارس/آذار   الماضي "}
    assert_correct(run(capsys, teaching.check_reading, reading, dates, lang="en"))
    assert_correct(run(capsys, teaching.check_reading, READING, DATES, lang="ar"), "ar")


def right_coding() -> pd.DataFrame:
    return teaching.reference_coding().astype(object)


@pytest.mark.parametrize(("pid", "field", "value", "hint", "secret"), [
    ("P3", "people_arrested", 0, "unknown is not zero", None),
    ("P3", "agencies", "DGST;CIA;FBI", "A generic phrase gets a generic id, never a guess", "US_INTEL"),
    ("P2", "agencies", "MA_SECURITY", "a body the passage names as taking part is missing", "US_SECURITY"),
    ("P1", "agencies", "MA_SECURITY;US_SECURITY", "not those implied or commenting", None),
    ("P1", "date", "2022-05-08", "the publication date is the reference point", "2022-05-06"),
    ("P2", "date", "2022-03-26T10", "never add precision", None),
    ("P2", "date_precision", "month", "the precision of the words the article gives", None),
    ("P3", "location", "Morocco", "never a place inferred from the bodies", None),
    ("P3", "event_type", "arrest", "was a plot stopped with no arrest stated", "foiled_plot"),
    ("P2", "people_arrested", None, "the passage states a number", None),
    ("P2", "agencies", "MA_SECURITY;NSA", "use the ids of data/agencies.csv", None),
])
def test_coding_wrong(capsys, pid, field, value, hint, secret):
    coding = right_coding()
    coding.loc[pid, field] = value
    out = run(capsys, teaching.check_coding, coding, lang="en")
    assert_not_yet(out, hint)
    assert "1 field differs from the reference" in out
    if secret:
        assert secret not in out  # the hint teaches, it does not give the answer


def test_arabic_lines_are_isolated_right_to_left(capsys):
    coding = right_coding()
    coding.loc["P3", "people_arrested"] = 0
    teaching.check_coding(coding, lang="ar")
    lines = capsys.readouterr().out.splitlines()
    assert all(line.startswith("\u2067") and line.endswith("\u2069") for line in lines)
    assert "\u2066people_arrested:\u2069" in lines[-1]  # the field name kept left to right, in order
    teaching.check_coding(coding, lang="en")
    assert not set(capsys.readouterr().out) & set("\u2066\u2067\u2068\u2069")


def test_coding_empty_form_and_arabic_hint(capsys):
    assert_not_yet(run(capsys, teaching.check_coding, teaching.coding_form(), lang="en"), "The form is still empty")
    coding = right_coding()
    coding.loc["P3", "people_arrested"] = 0
    out = run(capsys, teaching.check_coding, coding, lang="ar")
    assert_not_yet(out, "المجهول ليس صفراً", "ar")
    assert "حقل واحد يختلف عن الترميز المرجعي" in out


def test_coding_right_in_another_form(capsys):
    coding = right_coding().replace({"": None}).sample(frac=1, random_state=3)  # rows in another order
    coding.loc["P2", "agencies"] = " us_security ; ma_security"
    coding.loc["P2", "people_arrested"] = "4"
    coding.loc["P1", "people_arrested"] = 1.0
    coding.loc["P2", "location"] = "وجدة"  # as the article writes it
    coding.loc["P1", "location"] = "  BERKANE "
    coding.loc["P3", "people_killed"] = np.nan
    coding.loc["P3", "location"] = pd.NA
    coding.loc["P3", "agencies"] = "us_law_enf, DGST, us_intel"
    assert_correct(run(capsys, teaching.check_coding, coding, lang="en"))
    as_dict = {pid: dict(row) for pid, row in right_coding().iterrows()}
    assert_correct(run(capsys, teaching.check_coding, as_dict, lang="en"))
    with_column = right_coding().reset_index()  # passage as a column, not the index
    assert_correct(run(capsys, teaching.check_coding, with_column, lang="en"))


def told() -> pd.DataFrame:
    data = teaching._data()
    return data.mentions[["mention_id", "event_id"]].merge(data.events[["event_id", "event_type", "agencies"]],
                                                           on="event_id")


def test_events_per_type(capsys):
    t = told()
    assert_not_yet(run(capsys, teaching.check_events_per_type, t["event_type"].value_counts(), lang="en"),
                   "You counted mentions")
    assert_not_yet(run(capsys, teaching.check_events_per_type, t["event_type"].value_counts(), lang="ar"),
                   "لقد عددت الإشارات", "ar")
    assert_not_yet(run(capsys, teaching.check_events_per_type, ..., lang="en"), "The answer could not be read")
    right = t.drop_duplicates("event_id")["event_type"].astype(str).value_counts()
    assert_correct(run(capsys, teaching.check_events_per_type, right.sort_index(), lang="en"))
    assert_correct(run(capsys, teaching.check_events_per_type, right.rename_axis("t").reset_index(), lang="en"))
    assert_correct(run(capsys, teaching.check_events_per_type, {k.upper(): v for k, v in right.items()}, lang="en"))
    assert sum(teaching.expected_events_per_type().values()) == len(teaching._data().events) == 21


def test_events_per_agency(capsys):
    events = teaching._data().events
    assert_not_yet(run(capsys, teaching.check_events_per_agency, events["agencies"].value_counts(), lang="en"),
                   "split the cell (str.split)")
    by_mention = told().assign(a=lambda f: f["agencies"].str.split(";")).explode("a")["a"].value_counts()
    assert_not_yet(run(capsys, teaching.check_events_per_agency, by_mention, lang="en"), "You counted mentions")
    first_only = events["agencies"].str.split(";").str[0].value_counts()
    assert_not_yet(run(capsys, teaching.check_events_per_agency, first_only, lang="en"),
                   "counts once for each of them")
    right = events.assign(a=events["agencies"].str.split(";")).explode("a").groupby("a")["event_id"].nunique()
    assert_correct(run(capsys, teaching.check_events_per_agency, right, lang="en"))
    assert_correct(run(capsys, teaching.check_events_per_agency, {k.lower(): int(v) for k, v in right.items()},
                       lang="en"))
    assert teaching.expected_events_per_agency()["MA_GOV"] == 7


def test_retold(capsys):
    assert_not_yet(run(capsys, teaching.check_retold, ["M02", "M04"], lang="en"), "These are mention ids")
    assert_not_yet(run(capsys, teaching.check_retold, list(teaching._data().events["event_id"]), lang="en"),
                   "That is every event")
    assert_not_yet(run(capsys, teaching.check_retold, ["E02"], lang="en"), "You have 1 event")
    assert_correct(run(capsys, teaching.check_retold, "e16, E02;e04,E05, E06 ,e12", lang="en"))
    counts = teaching._data().mentions["event_id"].value_counts()
    assert_correct(run(capsys, teaching.check_retold, counts[counts > 1], lang="en"))  # the Series itself
    assert teaching.expected_retold() == {"E02", "E04", "E05", "E06", "E12", "E16"}


def test_alpha_check(capsys):
    matrix = teaching.reliability_matrix(teaching.load_codings(), "date_precision")
    pairs = sum(c.count() * (c.count() - 1) for _, c in matrix.items())
    agree = sum((c.value_counts() ** 2).sum() - c.count() for _, c in matrix.items())
    assert_not_yet(run(capsys, teaching.check_alpha, agree / pairs, "date_precision", lang="en"),
                   "share of agreeing pairs")
    blank_missing = matrix.replace("(blank)", np.nan)
    cats = sorted(set(blank_missing.stack().dropna()))
    import krippendorff
    wrong = krippendorff.alpha(blank_missing.apply(lambda c: c.map({v: i for i, v in enumerate(cats)})).astype(float)
                               .to_numpy(), level_of_measurement="nominal")
    assert_not_yet(run(capsys, teaching.check_alpha, wrong, "date_precision", lang="en"), "level of measurement")
    assert_not_yet(run(capsys, teaching.check_alpha, ..., "date_precision", lang="en"), "could not be read")
    assert_correct(run(capsys, teaching.check_alpha, np.float64(0.7317), "date_precision", lang="en"))
    assert_correct(run(capsys, teaching.check_alpha, "0.732", "date_precision", lang="en"))


def test_contradicted_dates(capsys):
    assert_not_yet(run(capsys, teaching.check_contradicted_dates, ["E04", "E05", "E10"], lang="en"),
                   "Unverified means nothing was found")
    assert_not_yet(run(capsys, teaching.check_contradicted_dates, ["E04", "E05", "E06"], lang="en"),
                   "Only date claims count here")
    assert_correct(run(capsys, teaching.check_contradicted_dates, ["e05", " E04"], lang="en"))
    assert_correct(run(capsys, teaching.check_contradicted_dates, {"E04", "E05"}, lang="ar"), "ar")


# --- Krippendorff's alpha, by hand ------------------------------------------------------------------------

def _hand_value(field: str, value: str, places: dict[str, str]) -> str:
    value = " ".join(value.split())
    if field == "agencies":
        return ";".join(sorted({v.strip().upper() for v in value.split(";") if v.strip()}))
    if field == "location":
        return places.get(value.lower(), value.lower())
    return value.lower()


def hand_alpha(field: str) -> float:
    """Nominal alpha from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's alpha"):
    o_ck = Σ_u Σ_{i≠j} [v_ui = c][v_uj = k] / (m_u − 1);  α = 1 − (n − 1) Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k."""
    places = {r["location_ar"]: r["location"].lower()
              for r in csv.DictReader(open(DATA / "events.csv", encoding="utf-8")) if r["location_ar"]}
    units: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "teaching" / "codings").glob("*.csv")):
        for row in csv.DictReader(open(path, encoding="utf-8")):
            units[row["passage"]].append(_hand_value(field, row[field], places) or "(blank)")
    coincidence: Counter = Counter()
    for values in units.values():
        if len(values) < 2:
            continue
        for a, b in permutations(range(len(values)), 2):
            coincidence[values[a], values[b]] += 1 / (len(values) - 1)
    n_c: Counter = Counter()
    for (c, _k), weight in coincidence.items():
        n_c[c] += weight
    n = sum(n_c.values())
    observed = sum(w for (c, k), w in coincidence.items() if c != k)
    expected = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    return 1 - (n - 1) * observed / expected


EXPECTED_ALPHA = {"is_event": 0.714, "event_type": 0.890, "date": 0.725, "date_precision": 0.732,
                  "location": 0.762, "agencies": 0.619, "people_arrested": 0.761, "people_killed": 0.714}


@pytest.mark.parametrize("field", teaching.AGREEMENT_FIELDS)
def test_alpha_matches_hand_computation(field):
    by_hand = hand_alpha(field)
    assert teaching.alpha(teaching.load_codings(), field) == pytest.approx(by_hand, abs=1e-9)
    assert round(by_hand, 3) == EXPECTED_ALPHA[field]


def test_notebook_08_shows_the_hand_alpha():
    nb = nbformat.read(NOTEBOOKS / "08-teaching-agreement-and-criticism.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if "solution" in c.metadata.get("tags", [])
                   for o in c.get("outputs", []))
    assert f"alpha = {round(hand_alpha('date_precision'), 3)}" in text


def test_confusion_table_counts_coders_against_reference():
    table = teaching.confusion(teaching.load_codings(), "people_arrested")
    assert table.loc["0", "(blank)"] == 2  # coder_b wrote 0 twice where the article states nothing
    assert int(table.to_numpy().sum()) == 5 * 5


# --- the notebooks and their copies ------------------------------------------------------------------------

def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_notebook_is_wholly_bilingual(path):
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    markdown = [i for i, c in enumerate(cells) if c.cell_type == "markdown"]
    assert markdown and len(markdown) % 2 == 0
    for i in markdown[::2]:
        en, ar = cells[i], cells[i + 1]
        assert "lang:en" in tags(en) and "lang:ar" in tags(ar), i
        assert set(tags(en)) - {"lang:en"} == set(tags(ar)) - {"lang:ar"}
        assert re.search("[\u0621-\u064a]{3}", ar.source) and ar.source != en.source
    assert sum("parameters" in tags(c) for c in cells) == 1
    for i, cell in enumerate(cells):  # every student stub is followed by its solution, then (soon) a check
        if "student" in tags(cell):
            assert "solution" in tags(cells[i + 1])
            assert any("check" in tags(c) for c in cells[i + 2:i + 4])
    checks = [c for c in cells if "check" in tags(c)]
    # a check prints one line; the kernel may flush it as one stream output or two ("correct", "\n")
    assert checks and all("".join(o.get("text", "") for o in c.outputs).strip() == "correct" for c in checks)


@pytest.fixture(scope="module")
def student_runs():
    """Every student copy, in both languages, executed top to bottom."""
    runs = {}
    for lang in ("en", "ar"):
        for path in SOURCES:
            nb = teaching_build.variant(nbformat.read(path, as_version=4), "student", lang)
            runs[lang, path.name] = teaching_build.execute(nb)
    return runs


def test_student_copies_run_and_say_not_yet(student_runs):
    for (lang, name), nb in student_runs.items():
        assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", [])), name
        checks = [c for c in nb.cells if "check" in tags(c)]
        assert checks, name
        for cell in checks:
            text = plain("".join(o.get("text", "") for o in cell.outputs))
            assert text.splitlines()[0] == NOT_YET[lang], (lang, name, text)
            assert "Traceback" not in text


@pytest.mark.parametrize("lang", ["en", "ar"])
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
    assert sum("solution" in tags(c) for c in teacher.cells) == sum(
        "solution" in tags(c) and other not in tags(c) for c in source.cells)
    # No solution text survives in the student copy: no solution cell, and no line of one.
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
    for name in ("README.md", "requirements.txt", "docs/codebook.ar.md", "analysis/teaching.py",
                 "analysis/locale/ar/LC_MESSAGES/teaching.po", "teaching/codings/coder_a.csv",
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


@pytest.mark.parametrize(("doc", "lang"), [("teaching.md", "en"), ("teaching.ar.md", "ar")])
def test_guide_quotes_the_hints_as_the_students_see_them(doc, lang):
    """Every hint quoted in the guide's table of common mistakes is a message of the catalog, word for word."""
    from babel.messages.pofile import read_po

    with open(ROOT / "analysis" / "locale" / "ar" / "LC_MESSAGES" / "teaching.po", "rb") as handle:
        catalog = read_po(handle, locale="ar")
    messages = [m.id if lang == "en" else m.string for m in catalog if m.id and not isinstance(m.id, tuple)]
    patterns = [re.compile(re.sub(r"\\\{\w+\\\}", ".+?", re.escape(m))) for m in messages]
    text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
    table = text.split("## ")[[i for i, s in enumerate(text.split("## ")) if s.startswith(("Common", "الأخطاء"))][0]]
    quoted = re.findall(r"\| `([^`]+)` \|$", table, flags=re.M)
    assert len(quoted) >= 12
    for hint in quoted:
        assert any(p.fullmatch(hint) for p in patterns), hint
