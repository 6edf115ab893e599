"""Agreement between coders: a folder of handed-in codings read and checked, Krippendorff's alpha per field,
and what it takes to read alpha — the coincidence matrix, pairwise agreement, blank as a value or as missing,
a bootstrap interval, a set-valued distance (MASI) and per-agency alpha for ``agencies``.

Alpha itself is the ``krippendorff`` package's (pinned); what it does not provide is written here, each with
its reason: reading and checking the files (one line per problem: file, row, column), the coincidence matrix
as a labelled table (the package computes it internally, in a private function), pairwise agreement, the
bootstrap (the package has none), and the MASI distance (Passonneau 2006; the package accepts a distance
function, nltk has one but would add a large dependency for five lines).

``python -m analysis teaching alpha FOLDER`` prints the same table as notebook 08, from the same functions.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass, field as dc_field
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd

from analysis.i18n import LANGS, _, n_
from analysis.teaching.passages import PASSAGES
from analysis.teaching.text import fold
from analysis.teaching.values import BLANK, Unreadable, known, norm
from analysis.teaching.verdict import _m, language, rtl_line

FIELDS = ["is_event", "event_type", "date", "date_precision", "location", "country", "agencies",
          "people_arrested", "people_killed"]
BLANK_LABEL = "(blank)"
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "teaching" / "codings"
THRESHOLDS = (0.667, 0.800)  # Krippendorff (2004): tentative conclusions from 0.667, reliable from 0.800


def _show(value: object, limit: int = 60) -> str:
    """A value from a file, printable: control characters escaped, long values cut."""
    text = str(value)
    text = "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


@dataclass
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def line(self) -> str:
        where = self.file + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Reading:
    """A folder of codings, read: the long table of the good files, and every problem of the others."""
    codings: pd.DataFrame
    problems: list[Problem] = dc_field(default_factory=list)
    left_out: list[str] = dc_field(default_factory=list)
    files: int = 0


def _read_file(path: Path, lang: str) -> tuple[list[dict], list[Problem]]:
    name = path.name
    problems: list[Problem] = []
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [], [Problem(name, None, None, _("cannot be read ({reason})", lang, reason=error.strerror or "error"))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], [Problem(name, None, None, _("not UTF-8 text (byte {n}): save it again as \"CSV UTF-8\"", lang,
                                                 n=error.start + 1))]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(cell.strip() for cell in rows[0]):
        return [], [Problem(name, 1, None, _("empty: no header row", lang))]
    header = [fold(cell) for cell in rows[0]]
    if len(header) == 1 and (";" in rows[0][0] or "\t" in rows[0][0]):
        return [], [Problem(name, 1, None, _("the columns are separated by ';' or tabs, not by commas", lang))]
    for column in ["passage", *FIELDS]:
        if column not in header:
            problems.append(Problem(name, 1, column, _("column missing", lang)))
    if problems:
        return [], problems
    index = {column: header.index(column) for column in ["passage", *FIELDS]}
    seen: dict[str, int] = {}
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(name, number, None, _("{got} cells, the header has {want}", lang,
                                                          got=len(cells), want=len(header))))
            continue
        pid = fold(cells[index["passage"]]).upper()
        if pid not in PASSAGES:
            problems.append(Problem(name, number, "passage", _("{value}: not a passage of the exercise ({first}–{last})",
                                                               lang, value=_show(cells[index["passage"]]),
                                                               first=min(PASSAGES), last=max(PASSAGES))))
            continue
        if pid in seen:
            problems.append(Problem(name, number, "passage", _("{pid} a second time (first at row {row})", lang,
                                                               pid=pid, row=seen[pid])))
            continue
        seen[pid] = number
        for column in FIELDS:
            value = cells[index[column]]
            try:
                canonical = norm(column, value)
            except Unreadable as error:
                problems.append(Problem(name, number, column, f"{_show(value)}: {_(error.message, lang)}"))
                continue
            if not known(column, canonical):
                problems.append(Problem(name, number, column, _("{value}: not in the codebook's vocabulary for this "
                                                                "field", lang, value=_show(value))))
                continue
            out.append({"coder": path.stem, "passage": pid, "field": column, "value": canonical})
    for pid in PASSAGES:
        if pid not in seen:
            problems.append(Problem(name, None, "passage", _("no row for {pid}", lang, pid=pid)))
    return out, problems


def read_codings(folder: Path | str = SAMPLE_DIR, lang: str = "en") -> Reading:
    """Every ``*.csv`` coding in ``folder``, checked. A file with any problem is left out (every problem is
    listed); the others make the long table: coder (the file's name), passage, field, value (canonical)."""
    folder = Path(folder)
    empty = pd.DataFrame(columns=["coder", "passage", "field", "value"])
    if not folder.is_dir():
        return Reading(empty, [Problem(str(folder), None, None, _("no such folder", lang))])
    paths = sorted(p for p in folder.glob("*.csv") if not p.name.startswith("."))
    if not paths:
        return Reading(empty, [Problem(str(folder), None, None, _("no .csv file in this folder", lang))])
    rows, problems, left_out = [], [], []
    for path in paths:
        got, wrong = _read_file(path, lang)
        if wrong:
            problems += wrong
            left_out.append(path.name)
        else:
            rows += got
    codings = pd.DataFrame(rows, columns=["coder", "passage", "field", "value"]) if rows else empty
    return Reading(codings, problems, left_out, len(paths))


def report_lines(reading: Reading, lang: str = "en") -> list[str]:
    """What was read: one line per problem, one per file left out, and the count of coders."""
    lines = [problem.line() for problem in reading.problems]
    for name in reading.left_out:
        lines.append(_("{file}: left out (see the problems above); correct it and read the folder again", lang,
                       file=name))
    coders = reading.codings["coder"].nunique()
    lines.append(n_("{n} coding read", "{n} codings read", coders, lang) + ", "
                 + n_("{n} left out", "{n} left out", len(reading.left_out), lang) + ".")
    return lines


def load_codings(folder: Path | str = SAMPLE_DIR, lang: str = "en") -> pd.DataFrame:
    """The codings of ``folder`` as one long table (coder, passage, field, value), after printing every
    problem found and the files left out. Never raises for what is in the folder."""
    try:
        reading = read_codings(folder, lang)
    except Exception as error:  # noqa: BLE001 — the notebook shows a sentence, not a traceback
        reading = Reading(pd.DataFrame(columns=["coder", "passage", "field", "value"]),
                          [Problem(str(folder), None, None, f"{type(error).__name__}: {error}")])
    print("\n".join(report_lines(reading, lang)))
    codings = reading.codings
    codings.attrs["left_out"] = list(reading.left_out)
    return codings


# ---------------------------------------------------------------------------------------------------------
# Alpha

def reliability_matrix(codings: pd.DataFrame, field: str, blank: str = "value") -> pd.DataFrame:
    """Coders × passages for one field. ``blank="value"``: a blank is a value of its own, "(blank)" (a coder who
    leaves a count blank and one who writes 0 disagree); ``blank="missing"``: a blank is no value (NaN), as a
    passage a coder did not code."""
    rows = codings[codings["field"] == field]
    table = rows.pivot(index="coder", columns="passage", values="value").astype(object)
    if blank == "value":
        return table.replace({BLANK: BLANK_LABEL})
    return table.replace({BLANK: np.nan})


@dataclass
class Alpha:
    value: float | None  # None: undefined
    reason: str | None  # why undefined: "same" (no variation) or "few" (fewer than two values in any passage)

    def text(self, lang: str = "en") -> str:
        if self.value is not None:
            return f"{self.value:.3f}"
        if self.reason == "same":
            return _("undefined: every coder gave the same value", lang)
        return _("undefined: no passage has values from two coders", lang)


def _strings(matrix: pd.DataFrame) -> np.ndarray:
    """The matrix as strings, "nan" for a missing value (what ``krippendorff.alpha`` reads as missing)."""
    return matrix.astype(object).where(matrix.notna(), "nan").to_numpy(dtype=str)


def alpha_of_matrix(matrix: pd.DataFrame, metric="nominal") -> Alpha:
    stacked = matrix.stack().dropna()
    values = set(stacked)
    pairable = (matrix.notna().sum(axis=0) >= 2).any()
    if not pairable or len(stacked) < 2:
        return Alpha(None, "few")
    if len(values) < 2:
        return Alpha(None, "same")
    domain = None if metric == "nominal" else sorted(values)  # a distance function needs the domain given
    return Alpha(float(krippendorff.alpha(reliability_data=_strings(matrix), value_domain=domain,
                                          level_of_measurement=metric)), None)


def alpha_result(codings: pd.DataFrame, field: str, blank: str = "value") -> Alpha:
    return alpha_of_matrix(reliability_matrix(codings, field, blank))


def alpha(codings: pd.DataFrame, field: str, blank: str = "value") -> float:
    """Krippendorff's alpha, nominal, for one field; NaN where it is undefined (every coder gave the same value:
    there is no variation to measure, and ``krippendorff.alpha`` raises ValueError)."""
    result = alpha_result(codings, field, blank)
    return float("nan") if result.value is None else result.value


def pairwise_agreement(codings: pd.DataFrame, field: str, blank: str = "value") -> float:
    """The share of pairs of coders who gave the same value to a passage, over every passage (ordered pairs
    of pairable values, as alpha counts them) — the agreement that alpha corrects for chance."""
    matrix = reliability_matrix(codings, field, blank)
    agree = pairs = 0
    for _pid, column in matrix.items():
        values = column.dropna()
        m = len(values)
        if m < 2:
            continue
        counts = values.value_counts()
        agree += int((counts * (counts - 1)).sum())
        pairs += m * (m - 1)
    return agree / pairs if pairs else float("nan")


def coincidence_matrix(codings: pd.DataFrame, field: str, blank: str = "value") -> pd.DataFrame:
    """Krippendorff's coincidence matrix o_ck as a labelled table: each passage's pairs of values (c, k) from two
    different coders, weighted 1/(m_u − 1). Computed here because the package keeps it private (``_coincidences``)
    and returns only alpha; the margins n_c are the column sums."""
    matrix = reliability_matrix(codings, field, blank)
    values = sorted(set(matrix.stack().dropna()))
    table = pd.DataFrame(0.0, index=values, columns=values)
    for _pid, column in matrix.items():
        got = list(column.dropna())
        m = len(got)
        if m < 2:
            continue
        for i, a in enumerate(got):
            for j, b in enumerate(got):
                if i != j:
                    table.loc[a, b] += 1 / (m - 1)
    return table


def expected_matrix(coincidences: pd.DataFrame) -> pd.DataFrame:
    """The coincidences expected by chance: e_ck = n_c (n_k − [c = k]) / (n − 1)."""
    n_c = coincidences.sum(axis=0)
    n = n_c.sum()
    expected = np.outer(n_c, n_c) - np.diag(n_c)
    return pd.DataFrame(expected / (n - 1), index=coincidences.index, columns=coincidences.columns)


def alpha_from_coincidences(coincidences: pd.DataFrame) -> float:
    """Nominal alpha from the coincidence matrix: 1 − D_o / D_e (observed over expected disagreement)."""
    off = ~np.eye(len(coincidences), dtype=bool)
    observed = coincidences.to_numpy()[off].sum()
    expected = expected_matrix(coincidences).to_numpy()[off].sum()
    return 1 - observed / expected


def bootstrap(codings: pd.DataFrame, field: str, blank: str = "value", draws: int = 2000,
              seed: int = 2022) -> tuple[float, float, int]:
    """A 95 % interval for alpha: the passages drawn with replacement ``draws`` times, alpha computed on each
    draw, the 2.5th and 97.5th percentiles of the defined ones. Returns (low, high, defined draws). Written
    here because ``krippendorff`` has no interval; this is the plain bootstrap over units, not Krippendorff's
    own (which resamples pairable values). With a handful of passages the draws repeat the same few units:
    the interval is wide and lumpy, and says mainly that a handful is too few."""
    matrix = reliability_matrix(codings, field, blank)
    rng = np.random.default_rng(seed)
    columns = matrix.columns.to_numpy()
    found = []
    for _draw in range(draws):
        pick = rng.choice(len(columns), size=len(columns), replace=True)
        sample = matrix.iloc[:, pick]
        sample.columns = range(len(pick))
        result = alpha_of_matrix(sample)
        if result.value is not None:
            found.append(result.value)
    if not found:
        return float("nan"), float("nan"), 0
    low, high = np.percentile(found, [2.5, 97.5])
    return float(low), float(high), len(found)


def masi_distance(a: str, b: str) -> float:
    """MASI (Passonneau 2006): 1 − Jaccard × monotonicity, for two ``;``-joined sets; identical sets 0,
    a subset 1 − J·2/3, overlapping 1 − J/3, disjoint 1. Two blanks are the same (empty) set."""
    left = {x for x in str(a).split(";") if x and x != BLANK_LABEL}
    right = {x for x in str(b).split(";") if x and x != BLANK_LABEL}
    if left == right:
        return 0.0
    jaccard = len(left & right) / len(left | right)
    monotonicity = 2 / 3 if (left <= right or right <= left) else (1 / 3 if left & right else 0.0)
    return 1 - jaccard * monotonicity


def _masi_metric(v1, v2, i1, i2, n_v, dtype=np.float64):
    """``masi_distance`` in the form ``krippendorff.alpha`` takes a distance (element-wise over the domain)."""
    return np.frompyfunc(masi_distance, 2, 1)(v1, v2).astype(dtype)


def alpha_masi(codings: pd.DataFrame, field: str = "agencies") -> Alpha:
    """Alpha for a set-valued field with the MASI distance: DGST;US_INTEL against DGST is a partial, not a
    whole, disagreement."""
    return alpha_of_matrix(reliability_matrix(codings, field, "value"), metric=_masi_metric)


# What the teaching notebooks' own cells print or put at the head of a column, in the notebook's language (``label``).
LABELS = (_m("observed coincidences:"), _m("expected by chance:"), _m("pairs that agree: {share}"), _m("field"),
          _m("alpha"), _m("95% interval"), _m("draws with an alpha"), _m("agencies, whole strings: {value}"),
          _m("agencies, MASI distance: {value}"), _m("id"), _m("coders naming it"),
          _m("{rows} rows in told; {events} distinct events; {total} rows in events"),
          _m("events: {events} · mentions: {mentions}"))


def label(message: str, lang: str = "en", printed: bool = False, **values: object) -> str:
    """One of ``LABELS`` in ``lang`` (a column header; with ``printed``, a line of printed output, which an Arabic
    reader reads right to left in a left-to-right output area)."""
    if message not in LABELS:
        raise KeyError(f"{message!r} is not one of the notebook's labels (analysis.teaching.agreement.LABELS)")
    text = _(message, language(lang), **values)
    return rtl_line(text, language(lang)) if printed else text


def per_item_alpha(codings: pd.DataFrame, field: str = "agencies", lang: str = "en") -> pd.DataFrame:
    """One alpha per id of a set-valued field: for each id, did the coder name it for the passage (yes/no)?"""
    matrix = reliability_matrix(codings, field, "missing")
    ids = sorted({x for cell in matrix.stack().dropna() for x in str(cell).split(";") if x})
    rows = []
    for item in ids:
        named = matrix.apply(lambda column: column.map(lambda cell: "yes" if item in str(cell).split(";") else "no"))
        result = alpha_of_matrix(named)
        rows.append({label("id", lang): item, label("alpha", lang): result.value,
                     label("coders naming it", lang): int((named == "yes").any(axis=1).sum())})
    return pd.DataFrame(rows)


_attempted: set[str] = set()  # fields whose alpha exercise the student has tried (the table shows them after)


def alpha_table(codings: pd.DataFrame, lang: str = "en", hide: tuple[str, ...] = ()) -> pd.DataFrame:
    """Alpha per field, with blank as a value and as missing, the pairwise agreement, and the coders and
    passages it rests on. A field in ``hide`` not yet tried in the exercise shows "(exercise 4)"."""
    rows = []
    coders = codings["coder"].nunique()
    for field in FIELDS:
        if not (codings["field"] == field).any():
            continue
        as_value, as_missing = alpha_result(codings, field, "value"), alpha_result(codings, field, "missing")
        masked = field in hide and field not in _attempted
        rows.append({_("field", lang): field,
                     _("alpha, blank as a value", lang): _("(exercise 4)", lang) if masked else as_value.text(lang),
                     _("alpha, blank as missing", lang): _("(exercise 4)", lang) if masked else as_missing.text(lang),
                     _("pairwise agreement", lang): _("(exercise 4)", lang) if masked
                     else f"{pairwise_agreement(codings, field):.0%}",
                     _("coders", lang): coders,
                     _("passages", lang): codings.loc[codings["field"] == field, "passage"].nunique()})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------
# The command line: python -m analysis teaching alpha FOLDER

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis teaching alpha",
                                     description="Krippendorff's alpha per field for a folder of handed-in codings.")
    parser.add_argument("folder", type=Path, help="the folder of the class's .csv codings")
    parser.add_argument("--lang", choices=LANGS, default="en", help="language of the messages (default en)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    lang = args.lang
    try:
        reading = read_codings(args.folder, lang)
        for line in report_lines(reading, lang):
            print(line)
        codings = reading.codings
        if codings["coder"].nunique() < 2:
            print(_("Alpha needs the codings of two coders at least.", lang))
            return 1
        table = alpha_table(codings, lang)
        print()
        print(_("Krippendorff's alpha (nominal) per field, {coders} coders, {passages} passages:", lang,
                coders=codings["coder"].nunique(), passages=codings["passage"].nunique()))
        columns = [_("field", lang), _("alpha, blank as a value", lang), _("alpha, blank as missing", lang),
                   _("pairwise agreement", lang)]
        cells = [columns] + [[str(row[c]) for c in columns] for _i, row in table.iterrows()]
        widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
        for line in cells:
            print("  " + "   ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        masi = alpha_masi(codings)
        print(_("agencies with the MASI distance (a partial overlap is a partial disagreement): {value}", lang,
                value=masi.text(lang)))
    except Exception as error:  # noqa: BLE001 — one line, never a traceback
        print(f"teaching alpha failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 1 if reading.left_out else 0


def confusion(codings: pd.DataFrame, field: str, lang: str = "en") -> pd.DataFrame:
    """For one field: each coder's value (rows) against the reference value (columns), over every passage.
    The reference is the data package's (events.csv through mentions.csv); notebook 08 comes after the hand-in."""
    from analysis.teaching.coding import _reference

    ref = _reference()[field].rename("reference").rename_axis("passage").reset_index()
    mine = codings[codings["field"] == field].merge(ref, on="passage")
    table = pd.crosstab(mine["value"].replace({BLANK: BLANK_LABEL}), mine["reference"].replace({BLANK: BLANK_LABEL}))
    return table.rename_axis(index=_("coded", lang), columns=_("reference", lang))
