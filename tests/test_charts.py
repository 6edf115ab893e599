"""Every figure builds in both languages, on the real data and on the mini package, in both forms."""
from __future__ import annotations

import json
import re

import pytest
from matplotlib.figure import Figure

import mini_package
from analysis import charts, figures, style
from analysis.load import load

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def real():
    return load()


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    return load(mini_package.build(tmp_path_factory.mktemp("mini")))


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
    assert style.t("source", lang) in texts
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


def test_count_axes_are_zero_based_integers(real):
    chart = figures.cooperation_types(real, "en")
    xaxis = chart.plotly_json()["layout"]["xaxis"]
    assert xaxis["rangemode"] == "tozero" and xaxis["tickformat"] == "d"
    ax = chart.static.axes[0]
    assert ax.get_xlim()[0] == 0
    assert all(float(t).is_integer() for t in ax.get_xticks())


def test_unknown_counts_are_labelled_not_stated_not_zero(real):
    chart = figures.people_per_incident(real, "en")
    texts = _texts(chart.static)
    assert texts.count(" not stated ") == 3  # E05, E16, E18: incidents that state neither number
    assert " 0 " not in texts


def test_arabic_charts_read_right_to_left(real):
    ar = figures.agency_involvement(real, "ar", "incident")
    en = figures.agency_involvement(real, "en", "incident")
    assert ar.plotly_json()["layout"]["yaxis"]["side"] == "right" and en.plotly_json()["layout"]["yaxis"]["side"] == "left"
    assert ar.static.axes[0].xaxis_inverted() and not en.static.axes[0].xaxis_inverted()


def test_generic_agencies_are_drawn_apart(real):
    chart = figures.agency_involvement(real, "en", "cooperation")
    labels = [t.get_text() for t in chart.static.axes[0].get_yticklabels()]
    assert "US security (unnamed)" in labels and "FBI" not in labels
    hatched = [p for p in chart.static.axes[0].patches if p.get_hatch()]
    generic = sum(1 for label in labels if label.endswith("(unnamed)"))
    assert len(hatched) == generic


def test_show_saves_static_figures_only_when_asked(real, tmp_path, monkeypatch):
    chart = figures.incidents_per_year(real, "en")
    monkeypatch.delenv(charts.FIGURES_ENV, raising=False)
    charts.show(chart)
    assert not list(tmp_path.iterdir())
    monkeypatch.setenv(charts.FIGURES_ENV, str(tmp_path))
    charts.show(chart)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents-per-year.en.png", "incidents-per-year.en.svg"]


def test_outputs_are_deterministic(real, tmp_path):
    a = figures.information_flows(real, "ar")
    b = figures.information_flows(real, "ar")
    assert json.dumps(a.plotly_json()) == json.dumps(b.plotly_json())
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    assert a.save(tmp_path / "a")[1].read_bytes() == b.save(tmp_path / "b")[1].read_bytes()


def test_unknown_language_is_refused(real):
    with pytest.raises(ValueError, match="LANG must be one of"):
        figures.cooperation_types(real, "fr")
