"""Every figure builds in both languages, on the real data and on the mini package, in both forms."""
from __future__ import annotations

import json
import re

import pytest
from matplotlib.figure import Figure

from analysis import charts, figures

ARABIC = re.compile("[\u0600-\u06ff]")




def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(figures.ALL))
def test_every_figure_builds_in_both_forms(real, name, lang, tmp_path):
    chart = figures.ALL[name](real, lang)
    assert chart.name == name and chart.lang == lang and chart.n_events > 0
    spec = chart.plotly_json()
    assert spec["data"], "the interactive figure has traces"
    title = spec["layout"]["title"]["text"]
    assert str(chart.n_events) in title
    texts = " ".join(_texts(chart.static))
    assert str(chart.n_events) in texts, "the static title states the number of events"
    if lang == "ar":
        assert ARABIC.search(title) and ARABIC.search(texts)
    else:
        assert not ARABIC.search(title)
    png, svg = chart.save(tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in svg.read_bytes()[:500]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(figures.ALL))
def test_every_figure_builds_on_the_mini_package(mini, name, lang):
    chart = figures.ALL[name](mini, lang)
    serialized = json.dumps(chart.plotly_json(), ensure_ascii=False)
    assert "<script>" not in serialized, "text from the tables reaches plotly escaped"


# The cooperation timeline draws the record's date of E10 (training since 1986, not 2001: claim C40).
RESTS_ON_THE_RECORD = {"claims-by-field", "cooperation-timeline", "date-check", "event-timeline", "incident-timeline"}


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(figures.ALL))
def test_every_chart_names_what_it_rests_on(real, name, lang):
    """The source line names the article, and the public record where the chart draws anything from it (the
    verdicts, the record's dates), with the number of record sources; the same line in both renderings."""
    chart = figures.ALL[name](real, lang)
    plain = lambda text: re.sub("[\u2066-\u2069]", "", text).replace("\n", " ").replace("<br>", " ")  # noqa: E731
    static, interactive = plain(chart.static._supxlabel.get_text()), plain(chart.plotly_json()["layout"]["title"]["subtitle"]["text"])
    assert re.sub(r"\s+", " ", static) == re.sub(r"\s+", " ", interactive)
    article, record = ("Al-Araby Al-Jadeed", "public record") if lang == "en" else ("العربي الجديد", "السجل العام")
    assert article in static
    assert (record in static) == (name in RESTS_ON_THE_RECORD), static
    if name in RESTS_ON_THE_RECORD:
        assert re.search(r"\d+ (sources|مصادر|مصدراً)", static), static


def test_count_axes_are_zero_based_integers(real):
    chart = figures.cooperation_types(real, "en")
    xaxis = chart.plotly_json()["layout"]["xaxis"]
    assert xaxis["rangemode"] == "tozero" and xaxis["tickformat"] == "d"
    ax = chart.static.axes[0]
    assert ax.get_xlim()[0] == 0
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_arabic_charts_read_right_to_left(real):
    ar = figures.agency_involvement(real, "ar", "incident")
    en = figures.agency_involvement(real, "en", "incident")
    assert ar.plotly_json()["layout"]["yaxis"]["side"] == "right" and en.plotly_json()["layout"]["yaxis"]["side"] == "left"
    assert ar.static.axes[0].xaxis_inverted() and not en.static.axes[0].xaxis_inverted()


def test_generic_agencies_are_drawn_apart(real):
    chart = figures.agency_involvement(real, "en", "cooperation")
    labels = [t.get_text() for t in chart.static.axes[0].get_yticklabels()]
    assert "US security (unnamed)" in labels and "FBI" not in labels
    assert all("(unnamed)" not in lbl for lbl in labels if not lbl.startswith(("US", "Moroccan")))
    hatched = [p for p in chart.static.axes[0].patches if p.get_hatch()]
    generic = sum(1 for label in labels if label.endswith("(unnamed)"))
    assert len(hatched) == generic


def test_show_saves_static_figures_only_when_asked(real, tmp_path, monkeypatch):
    chart = figures.cooperation_types(real, "en")
    monkeypatch.delenv(charts.FIGURES_ENV, raising=False)
    charts.show(chart)
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv(charts.FIGURES_ENV, str(tmp_path))
    charts.show(chart)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cooperation-types.en.png", "cooperation-types.en.svg"]


def test_outputs_are_deterministic(real, tmp_path):
    a = figures.date_check(real, "ar")
    b = figures.date_check(real, "ar")
    assert json.dumps(a.plotly_json()) == json.dumps(b.plotly_json())
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    assert a.save(tmp_path / "a")[1].read_bytes() == b.save(tmp_path / "b")[1].read_bytes()


def test_unknown_language_is_refused(real):
    with pytest.raises(ValueError, match="LANG must be one of"):
        figures.cooperation_types(real, "fr")


def test_arabic_unnamed_agrees_with_its_noun(real):
    labels = figures._agency_labels(real, "ar")
    assert labels["US_INTEL"].endswith("(غير مسمّاة)") and labels["MA_SECURITY"].endswith("(غير مسمّى)")


def test_one_output_bundle_carries_the_interactive_and_a_static_picture(real):
    chart = figures.cooperation_types(real, "ar")
    bundle = chart.mimebundle()
    assert charts.PLOTLY_MIME in bundle and "text/plain" in bundle
    picture = bundle.get("image/svg+xml") or bundle.get("image/png")
    assert picture and picture == (figures.cooperation_types(real, "ar").mimebundle().get("image/svg+xml")
                                   or figures.cooperation_types(real, "ar").mimebundle().get("image/png"))
    assert "<dc:date>" not in bundle.get("image/svg+xml", "")
    assert chart.frame is not None and {"cooperation_type", "events"} <= set(chart.frame.columns)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(figures.ALL))
def test_static_text_stays_legible_on_a_page(real, name, lang):
    """Every static figure is at most 7.2 in wide and none of its text is under 9 pt: across a 6.5-inch
    column no word prints under 8 pt."""
    chart = figures.ALL[name](real, lang)
    assert chart.static.get_figwidth() <= charts.WIDTH
    chart.static.canvas.draw() if hasattr(chart.static.canvas, "draw") else None
    chart.png(50)
    sizes = [t.get_fontsize() for t in chart.static.findobj(lambda a: hasattr(a, "get_fontsize")) if t.get_text().strip()]
    assert min(sizes) * 6.5 / chart.static.get_figwidth() >= 8


def test_interactive_arabic_reads_right_to_left(real):
    spec = figures.cooperation_types(real, "ar").plotly_json()
    assert spec["layout"]["hoverlabel"]["align"] == "right"
    assert spec["layout"]["title"]["text"].startswith("\u2067")
    assert spec["config"]["responsive"] is True
    assert spec["layout"].get("legend", {}).get("orientation", "h") == "h"
    timeline = json.dumps(figures.event_timeline(real, "ar").plotly_json(), ensure_ascii=False)
    assert "←" not in timeline and "→" not in timeline and "منذ \u20662001\u2069" in timeline  # words, not an arrow
    english = json.dumps(figures.event_timeline(real, "en").plotly_json())
    assert "since 2001" in english and "\u2192" not in english


@pytest.mark.parametrize("name", sorted(figures.ALL))
def test_interactive_type_is_the_static_type(real, name):
    """An interactive chart's text takes its language's font first, as the static one does: in an English chart
    an Arabic font first would set the Latin colons and digits in Arabic style ("record: 2021" read "record; 2021")."""
    for lang in ("en", "ar"):
        spec = figures.ALL[name](real, lang).plotly_json()["layout"]
        first = spec["font"]["family"].split(",")[0].strip("' ")
        assert first == charts.style._PREFERRED[lang][0], (lang, spec["font"]["family"])
        assert spec["hoverlabel"]["font"]["family"] == spec["font"]["family"]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(figures.ALL))
def test_hovers_read_on_a_phone(real, name, lang):
    """Every hover of every interactive chart: no entity plotly prints raw (``&quot;``: E03's quote has
    quotation marks in it), no internal series name ("all: 3"), and no line over 50 characters (a long Arabic
    quote in an English hover wraps like the rest instead of running off a 420 px screen), with every line's
    isolates balanced."""
    spec = figures.ALL[name](real, lang).plotly_json()
    hovers = [h for trace in spec["data"] for h in (trace.get("hovertext") or []) if isinstance(trace.get("hovertext"), list)]
    hovers += [trace["hovertext"] for trace in spec["data"] if isinstance(trace.get("hovertext"), str)]
    assert hovers
    text = json.dumps(spec, ensure_ascii=False)
    assert "&quot;" not in text and "&#34;" not in text
    for hover in hovers:
        assert not re.search(r"(^|<br>)all: ", hover), hover
        for line in hover.split("<br>"):
            visible = re.sub("[\u2066-\u2069]", "", line)
            assert len(visible) <= 50, line
            depth = 0
            for char in line:
                depth += char in "\u2066\u2067\u2068"
                depth -= char == "\u2069"
                assert depth >= 0, line
            assert depth == 0, line


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", ["event-timeline", "incident-timeline", "cooperation-timeline", "date-check"])
def test_short_spans_stay_in_sight_and_every_record_mark_has_its_key(real, name, lang):
    """A month on a 20-year axis is under a pixel on a phone: every span (the article's or the record's) has a
    cap at each end, in both renderings. Each kind of the record's mark drawn (a day's diamond, a period's
    hatched bar) has its own legend key, in both renderings."""
    from matplotlib.patches import Rectangle

    chart = figures.ALL[name](real, lang)
    ax = chart.static.axes[0]
    spans = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    caps = [line for line in ax.lines if line.get_gid() == "cap"]
    assert spans and len(caps) == len(spans)
    for p in spans:
        row = p.get_y() + p.get_height() / 2
        assert any(abs(c.get_ydata()[0] - row) < 1e-6 and len(c.get_xdata()) == 2 for c in caps), row
    spec = chart.plotly_json()
    lines = [t for t in spec["data"] if "lines" in t.get("mode", "") and t["x"] != [None] and t["line"].get("dash") != "dot"]
    assert lines and all(t["mode"] == "lines+markers" and t["marker"]["symbol"] == "line-ns" for t in lines)
    if name != "date-check":
        legend = {re.sub("[\u2066-\u2069]", "", t.get_text()) for t in chart.static.legends[0].get_texts()}
        names = {re.sub("[\u2066-\u2069]", "", t["name"]) for t in spec["data"] if t.get("showlegend", True) and t.get("name")}
        days = any(line.get_marker() == "D" for line in ax.lines)
        periods = any(not p.get_fill() for p in spans)
        for drawn, key in ((days, "record_date"), (periods, "record_period")):
            assert (charts.style.t(key, lang) in legend) == drawn and (charts.style.t(key, lang) in names) == drawn


def test_generic_agencies_must_give_the_gender_of_their_arabic_label(tmp_path):
    import shutil

    from analysis import validate
    from analysis.paths import ROOT

    package = tmp_path / "data"
    shutil.copytree(ROOT / "data", package)
    path = package / "agencies.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("US_INTEL,"))
    assert lines[row].endswith(",f")
    lines[row] = lines[row][:-1]
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = [p for p in validate.check(package).problems if p.column == "gender_ar"]
    assert len(problems) == 1 and problems[0].row == row + 1 and "generic body" in problems[0].message


def _outside(text: str, openers: str) -> str:
    """``text`` without its isolates opened by one of ``openers`` (each with what it holds, nesting counted); the
    invisible marks of the other isolates dropped."""
    out, depth, skipping = [], 0, 0
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            depth += 1
            if skipping or ch in openers:
                skipping += 1
            continue
        if ch == "\u2069":
            depth -= 1
            skipping = max(0, skipping - 1) if skipping else 0
            continue
        if not skipping:
            out.append(ch)
    return "".join(out)


def _chart_strings(chart) -> list[str]:
    """Every text a chart shows: static texts and tick labels; plotly titles, subtitles, names, hovers, ticks,
    category labels and annotations."""
    texts = [t.get_text() for t in chart.static.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]
    spec = chart.plotly_json()

    def walk(node, key="", within=""):
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, k, within)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v, key, key if key in ("annotations", "shapes") else within)
        elif isinstance(node, str) and key in ("text", "name", "hovertext", "ticktext", "categoryarray", "y") \
                and not (key == "name" and within):  # an annotation's or a shape's name is ours, never shown
            yield node
    return texts + list(walk(spec))


@pytest.mark.parametrize("name", sorted(figures.ALL))
def test_runs_of_the_other_direction_are_isolated(real, name):
    """In Arabic charts every Latin run and every ISO date sits in a left-to-right isolate (LRI/FSI … PDI); in English
    charts every Arabic run (a quote in a hover) sits in a right-to-left one: no label, title, hover or note of either
    rendering leaves the bidi algorithm a run to reorder."""
    import html

    plain = lambda text: html.unescape(re.sub(r"<[^>]+>", " ", text))  # noqa: E731  plotly's <br> is markup, not text
    for text in _chart_strings(figures.ALL[name](real, "ar")):
        bare = _outside(plain(text), "\u2066\u2068")
        assert not re.search(r"[A-Za-z]|\d[-/:.]\d", bare), (name, text)
    for text in _chart_strings(figures.ALL[name](real, "en")):
        assert not ARABIC.search(_outside(plain(text), "\u2067\u2068")), (name, text)
