"""The article against the public record: claim frames on the hand-countable mini package (two record
sources, eight claims), the record's dates marked on the real timelines in both renderings, the findings."""
from __future__ import annotations

import re

import matplotlib
import pytest

from analysis import charts, criticism, figures, findings, style
from analysis.i18n import _, n_




def test_verdicts_are_counted_per_claim(mini):
    assert criticism.verdict_totals(mini).to_dict() == {
        "confirmed": 4, "partly": 1, "contradicted": 1, "unverified": 1, "not_stated": 1}
    counts = criticism.verdict_counts(mini)
    assert counts.set_index(["field", "verdict"])["claims"].to_dict() == {
        ("date", "confirmed"): 2, ("date", "contradicted"): 1, ("place", "confirmed"): 1, ("agencies", "partly"): 1,
        ("people_arrested", "not_stated"): 1, ("occurred", "unverified"): 1, ("other", "confirmed"): 1}


def test_date_checks_measure_the_gap_in_days(mini):
    checks = criticism.date_checks(mini).set_index("event_id")
    assert list(checks.index) == ["E92", "E95", "E91"]  # by the article's date
    assert checks.loc["E91", ["verdict", "days_off", "record_precision"]].tolist() == ["contradicted", 366, "day"]
    assert checks.loc["E92", ["verdict", "days_off", "record_precision"]].tolist() == ["confirmed", 0, "span"]
    assert str(checks.loc["E92", "record_start"].date()) == "2018-12-16" and str(checks.loc["E92", "record_stop"].date()) == "2018-12-17"
    assert list(criticism.contradicted_dates(mini).index) == ["E91"]


def test_agency_comparison_splits_the_bodies(mini):
    row = criticism.agency_comparison(mini).set_index("event_id").loc["E91"]
    assert (row["both"], row["article_only"], row["record_only"], row["verdict"]) == ("DGST;FBI", "", "MA_SECURITY", "partly")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_discrepancy_table_quotes_the_article_with_its_mention(mini, lang):
    table = criticism.discrepancy_table(mini, lang, verdicts=("contradicted", "partly", "confirmed"))
    other = table[table.iloc[:, 0].str.contains("C08")].iloc[0]
    # the article's words exactly; on an English page one right-to-left isolate inside the guillemets
    words = "«\u2067اعتقال 4 متشددين في وجدة\u2069»" if lang == "en" else "«اعتقال 4 متشددين في وجدة»"
    assert words in other.iloc[4] and "M01" in other.iloc[4]
    contradicted = table[table.iloc[:, 0].str.contains("C01")].iloc[0]
    assert "2021-03-25" in contradicted.iloc[5] and "2022-03-26" in contradicted.iloc[3]
    assert ("Agency A, 2021-03-26" if lang == "en" else "الوكالة أ") in contradicted.iloc[8]
    assert not table.isna().any().any()


def test_tables_escape_text_from_the_data(mini):
    import pandas as pd
    from analysis import tables

    html = tables.show(pd.DataFrame({"a": ["<script>alert(1)</script>", None]}), "t").to_html()
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "—" in html
    assert 'id="T_t"' in html and "row_heading" not in html  # a stable id, no index column


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_contradicted_dates_are_marked_in_both_renderings(real, lang):
    chart = figures.incident_timeline(real, lang)
    notes = sorted(style.t("record_says", lang, value=style.ltr(v, lang)) for v in ("2021-03-25", "2021-12-16"))
    static = sorted(a.get_text() for a in chart.static.axes[0].texts)
    spec = chart.plotly_json()
    interactive = sorted(a["text"] for a in spec["layout"].get("annotations", []))
    assert static == notes and interactive == notes
    marks = [t for t in spec["data"] if t.get("legendgroup") == "record"]
    assert len(marks) == 2 and all(t["marker"]["symbol"] == "diamond-open" for t in marks)
    assert all(n in t["hovertext"] for t, n in zip(sorted(marks, key=lambda t: t["x"][0]), sorted(notes)))
    legend = [t.get_text() for t in chart.static.legends[0].get_texts()]
    assert style.t("record_date", lang) in legend


def test_timelines_without_a_contradiction_carry_no_record_mark(mini):
    chart = figures.cooperation_timeline(mini, "en")  # the mini package contradicts only an incident's date
    assert not chart.static.axes[0].texts and not chart.plotly_json()["layout"].get("annotations")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_cooperation_timeline_marks_the_record_s_start_of_training(real, lang):
    # E10: the article dates the training missions from 2001; the record's US training of Moroccan services
    # dates from 1986 (C40)
    chart = figures.cooperation_timeline(real, lang)
    note = style.t("record_says", lang, value=style.ltr("1986", lang))
    assert [a.get_text() for a in chart.static.axes[0].texts] == [note]
    assert [a["text"] for a in chart.plotly_json()["layout"].get("annotations", [])] == [note]


def test_a_record_mark_far_from_the_article_s_keeps_its_note_and_ticks_readable(real):
    # the record's 1986 sits at the axis's left edge and the article's period runs to 2022: the note follows the
    # record's own mark (inside the plot, above the dotted line), the line joins the period at its start (2001),
    # and the year ticks are spaced for the whole axis, record included
    import matplotlib.dates as mdates
    import pandas as pd

    chart = figures.cooperation_timeline(real, "en")
    ax = chart.static.axes[0]
    (text,) = ax.texts
    left, right = ax.get_xlim()
    assert left <= mdates.date2num(text.xy[0]) < left + (right - left) * 0.25 and text.get_ha() == "left"
    assert text.get_va() == "bottom"
    dotted = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == 1 and max(pd.Timestamp(x) for x in dotted[0].get_xdata()).year == 2001
    ticks = [t for t in ax.get_xticks() if left <= t <= right]
    assert len(ticks) <= 10
    (note,) = chart.plotly_json()["layout"]["annotations"]
    assert note["xanchor"] == "left" and note["yanchor"] == "bottom" and note["x"].startswith("1987")


def test_date_check_draws_every_checked_date(real):
    chart = figures.date_check(real, "en")
    checks = criticism.date_checks(real)
    assert chart.n_events == checks["event_id"].nunique()
    rows = [t.get_text() for t in chart.static.axes[0].get_yticklabels()]
    assert len(rows) == len(checks) == len(chart.plotly_json()["layout"]["yaxis"]["categoryarray"])
    assert all(re.search(r"later|earlier|same day|agree", row) for row in rows)  # each row says its gap


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_date_check_shows_a_two_day_and_a_one_year_gap(real, lang):
    """On one axis of days, each to its precision: E05 (2 days) and E04 (366 days) both stand clear of 0 and of
    each other, dots (both dates to the day) with their gap written in their row's label; year- or month-precise
    dates are bars across every gap they allow; the legend names every kind of mark (each verdict's colour, the
    dot, the bar, the line at 0)."""
    chart = figures.date_check(real, lang)
    ax = chart.static.axes[0]
    width = ax.get_xlim()[1] - ax.get_xlim()[0]
    rows = {re.sub("[\u2066-\u2069]", "", t.get_text()).split(" · ")[0]: round(y) for y, t in zip(ax.get_yticks(), ax.get_yticklabels())}
    dots = {round(line.get_ydata()[0]): float(line.get_xdata()[0]) for line in ax.lines if line.get_marker() == "o"}
    e05, e04 = dots[rows["E05"]], dots[rows["E04"]]
    assert e05 > 0.1 * width / 2 and e04 - e05 > 0.25 * width / 2, (e05, e04, width)
    notes = {round(y): re.sub("[\u2066-\u2069]", "", t.get_text()).split("\n")[-1]
             for y, t in zip(ax.get_yticks(), ax.get_yticklabels())}
    assert notes[rows["E05"]] == n_("{n} day later", "{n} days later", 2, lang)
    assert notes[rows["E04"]] == n_("{n} day later", "{n} days later", 366, lang)
    # 2001 against 1986, both years: the gap is said in years, never as 5,115 to 5,843 days.
    assert notes[rows["E10"]] == n_("{n} year later", "{n} years later", 15, lang)
    bars = {round(p.get_y() + p.get_height() / 2) for p in ax.patches}
    year_precise = criticism.date_checks(real).query("date_precision != 'day'")["event_id"]
    assert {rows[e] for e in year_precise} <= bars
    legend = {re.sub("[\u2066-\u2069]", "", t.get_text()) for t in chart.static.legends[0].get_texts()}
    verdicts = {style.t(v, lang) for v in criticism.date_checks(real)["verdict"]}
    assert verdicts <= legend and len(legend) == len(verdicts) + 3


def test_findings_state_the_contradictions(real):
    en = " ".join(findings.source_criticism(real, "en"))
    assert "contradicts 5" in en
    assert ("The record contradicts 5 claims: E04, the arrest in Oujda (date); E05, the foiled plot in Morocco (date); "
            "E08, the declaration in Morocco (other statements); E10, the training in the United States (date); "
            "E16, the drug interdiction in Morocco (other statements).") in en
    assert "the largest gap is in E10, the training in the United States, 15 years (the article's 2001, the record's 1986)" in en
    ar = " ".join(findings.source_criticism(real, "ar"))
    assert "15 سنةً" in ar  # a gap between two years is in years, not in days (false precision)
    incidents = findings.incidents(real, "en")[-1]
    assert "E04, the arrest in Oujda: the article's 2022-03-26, the record's 2021-03-25, 366 days apart" in incidents
    assert "E05, the foiled plot in Morocco: the article's 2021-12-18, the record's 2021-12-16, 2 days apart" in incidents


@pytest.mark.parametrize(("n", "expected"), [(0, "لا ادعاء"), (1, "ادعاء واحد"), (2, "ادعاءان"), (3, "3 ادعاءات"),
                                              (10, "10 ادعاءات"), (11, "11 ادعاءً"), (99, "99 ادعاءً"), (100, "100 ادعاء"),
                                              (103, "103 ادعاءات")])
def test_arabic_counts_follow_the_cldr_plural_categories(n, expected):
    assert style.count(n, "claim", "ar") == expected


def test_text_from_the_data_is_never_read_as_math():
    assert matplotlib.rcParams["text.parse_math"] is False
    fig = charts._new_figure("en", 4, 2)
    text = fig.text(0.1, 0.5, r"$\alpha$ costs $5")
    fig.canvas.draw()
    assert text._preprocess_math(text.get_text()) == (r"$\alpha$ costs $5", False)


@pytest.mark.parametrize(("text", "expected"), [
    ("آخر هجوم في 2011-04-28 في مراكش", "آخر هجوم في \u20662011-04-28\u2069 في مراكش"),
    ("بيان E04 وM06 (CAMEO 064)", "بيان \u2066E04\u2069 و\u2066M06\u2069 (\u2066CAMEO 064\u2069)"),
    ("قيمة \u2066E04\u2069 معزولة، و25 مارس", "قيمة \u2066E04\u2069 معزولة، و25 مارس"),  # kept; a plain number needs none
])
def test_latin_runs_in_arabic_text_are_isolated(text, expected):
    assert style.isolate_runs(text, "ar") == expected
    assert style.isolate_runs(expected, "ar") == expected  # twice changes nothing


def test_arabic_tables_isolate_latin_runs_but_not_the_article_s_words(real):
    table = criticism.discrepancy_table(real, "ar")
    notes = " ".join(table.iloc[:, 7])
    assert "\u20662021-03-25\u2069" in notes or "2021-03-25" not in notes
    assert all("\u2066" not in words for words in table.iloc[:, 4].str.split("»").str[0])  # the quote as written


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_date_table_says_each_gap_in_the_unit_of_the_coarser_date(real, lang):
    """The date table's gap is in days only between two days (E05: 2 days, E04: 366 days); between two years it
    is in years (E10: 2001 against 1986 is 15 years, the front page's number), and dates that agree at their
    precision have no gap."""
    table = criticism.date_table(real, lang)
    gaps = {re.sub("[\u2066-\u2069]", "", e).split(" · ")[0]: g for e, g in zip(table.iloc[:, 0], table.iloc[:, 3])}
    assert gaps["E05"] == n_("{n} day", "{n} days", 2, lang)
    assert gaps["E04"] == n_("{n} day", "{n} days", 366, lang)
    assert gaps["E10"] == n_("{n} year", "{n} years", 15, lang)
    agree = criticism.date_checks(real).query("days_off == 0")["event_id"]
    assert {gaps[e] for e in agree} == {_("no gap", lang)}
    assert not any("5115" in g or "5,115" in g for g in gaps.values())
