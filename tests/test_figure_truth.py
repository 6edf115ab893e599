"""One figure, one truth: for every figure, in both languages, on the real data and on the mini package, the
static (matplotlib) and the interactive (plotly) renderings show the same title, source line, categories,
legend, marks with the same values, and the same labels: the numbers written on or beside the bars, the notes
beside a timeline's marks or in a date check's column, axis titles and named ticks; neither has a colour bar.

Each side is read back from what it draws, not from the frame: the matplotlib Figure's bar patches, markers,
spans, texts, tick labels and legend; the plotly JSON's traces (x/y per category, bar texts) and annotations.
Both are reduced to sets of (category, series, value) and compared; texts are compared modulo line wrapping
(``\\n`` / ``<br>``), HTML escaping and the invisible direction isolates.
"""
from __future__ import annotations

import html
import re
from collections import Counter

import matplotlib.dates as mdates
import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import mini_package
from analysis import figures
from analysis.load import load

ISOLATES = re.compile("[\u2066-\u2069]")


def norm(text: object) -> str:
    """A drawn text, without wrapping, escaping or direction isolates."""
    text = html.unescape(str(text)).replace("<br>", " ").replace("\n", " ")
    return re.sub(r"\s+", " ", ISOLATES.sub("", text)).strip()


@pytest.fixture(scope="module")
def datasets(tmp_path_factory):
    return {"real": load(), "mini": load(mini_package.build(tmp_path_factory.mktemp("mini-truth")))}


# ------------------------------------------------------------------ reading the static figure

def _ticks(labels) -> dict[int, str]:
    return {int(round(t.get_position()[1 if labels is None else 0])): norm(t.get_text()) for t in labels}


def _ytick_labels(ax) -> dict[int, str]:
    return {int(round(y)): norm(t.get_text()) for y, t in zip(ax.get_yticks(), ax.get_yticklabels())}


def _xtick_labels(ax) -> dict[int, str]:
    return {int(round(x)): norm(t.get_text()) for x, t in zip(ax.get_xticks(), ax.get_xticklabels())}


def _day(value: float) -> str:
    return mdates.num2date(value).strftime("%Y-%m-%d")


def _static_legend(fig) -> list[str]:
    return sorted(norm(t.get_text()) for legend in fig.legends for t in legend.get_texts())


def _color(artist) -> str:
    return to_hex(artist.get_color() if isinstance(artist, Line2D) else artist.get_facecolor(), keep_alpha=False)


def static_marks(chart) -> dict:
    fig = chart.static
    ax = fig.axes[0]
    out = {"title": norm(fig.get_suptitle()), "source": norm(fig._supxlabel.get_text()), "colorbars": len(fig.axes) - 1}
    out["legend"] = _static_legend(fig)
    out["axis_title"] = norm(ax.get_xlabel())
    rows = _ytick_labels(ax)
    out["categories"] = sorted(rows.values())
    texts = [t for t in ax.texts]
    marks, labels = [], []
    if chart.name == "date-check":  # gaps: a dot or a bar per row on the day axis, notes in a column, named ticks
        out["ticks"] = [(round(x, 6), norm(t.get_text())) for x, t in zip(ax.get_xticks(), ax.get_xticklabels())]
        for line in ax.lines:
            if line.get_marker() == "o":
                marks.append(("dot", rows[int(round(line.get_ydata()[0]))], round(float(line.get_xdata()[0]), 6), _color(line)))
        for p in ax.patches:
            if isinstance(p, Rectangle):
                marks.append(("bar", rows[int(round(p.get_y() + p.get_height() / 2))], round(p.get_x(), 6),
                              round(p.get_x() + p.get_width(), 6), _color(p)))
        labels = [(a.get_gid(), rows[int(round(a.xy[1]))] if a.get_gid() == "note" else "", norm(a.get_text())) for a in texts]
        out["zero"] = [line.get_gid() for line in ax.lines if line.get_gid() == "zero"]
    elif not (any(isinstance(line, Line2D) and line.get_marker() == "o" for line in ax.lines)
              or any(p.get_x() > 5000 for p in ax.patches)):  # bars: one patch per (category, series)
        for p in ax.patches:
            if isinstance(p, Rectangle) and p.get_width() > 0:
                marks.append((rows[int(round(p.get_y() + p.get_height() / 2))], to_hex(p.get_facecolor(), keep_alpha=False),
                              float(p.get_width()), bool(p.get_hatch())))
        totals = Counter()
        for category, _color_, value, _hatch in marks:
            totals[category] += value
        out["totals_from_marks"] = sorted(totals.items())
        out["totals"] = sorted((rows[int(round(a.xy[1]))], float(a.get_text())) for a in texts if a.get_gid() == "total")
        labels = sorted((a.get_gid(), rows[int(round((a.xy if hasattr(a, "xy") else a.get_position())[1]))], norm(a.get_text()))
                        for a in texts)
    else:  # spans: a dot per day, a span otherwise; the record's hollow
        for line in ax.lines:
            if line.get_marker() == "o":
                marks.append(("day", rows[int(round(line.get_ydata()[0]))], _day(mdates.date2num(line.get_xdata()[0])),
                              to_hex(line.get_color())))
            elif line.get_marker() == "D":
                marks.append(("record-day", rows[int(round(line.get_ydata()[0]))], _day(mdates.date2num(line.get_xdata()[0]))))
        for p in ax.patches:
            if not isinstance(p, Rectangle):
                continue
            row = rows[int(round(p.get_y() + p.get_height() / 2))]
            span = (_day(p.get_x()), _day(p.get_x() + p.get_width()))
            if p.get_fill():
                marks.append(("span", row, *span, to_hex(p.get_facecolor(), keep_alpha=False)))
            else:
                marks.append(("record-span", row, *span))
        labels = [("note", rows[int(round(a.xy[1]))], norm(a.get_text())) for a in texts]
    out["labels"] = sorted(labels)
    out["marks"] = sorted(marks)
    return out


# ------------------------------------------------------------------ reading the plotly JSON

def interactive_marks(chart) -> dict:
    spec = chart.plotly_json()
    layout, data = spec["layout"], spec["data"]
    out = {"title": norm(layout["title"]["text"]), "source": norm(layout["title"]["subtitle"]["text"]),
           "colorbars": sum(1 for t in data if t.get("showscale")) + (1 if "coloraxis" in layout else 0)}
    out["legend"] = sorted(norm(t["name"]) for t in data
                           if t.get("name") and t.get("showlegend", True) and layout.get("showlegend", True))
    out["axis_title"] = norm(layout["xaxis"].get("title", {}).get("text", ""))
    out["categories"] = sorted(norm(c) for c in layout["yaxis"]["categoryarray"])
    annotations = layout.get("annotations", [])
    marks, labels = [], []
    if chart.name == "date-check":
        out["ticks"] = [(round(x, 6), norm(t)) for x, t in zip(layout["xaxis"]["tickvals"], layout["xaxis"]["ticktext"])]
        for t in data:
            if t["x"] == [None]:
                continue  # the legend's key to the shapes
            row = norm(t["y"][0])
            if t["mode"] == "markers":
                marks.append(("dot", row, round(t["x"][0], 6), t["marker"]["color"]))
            else:
                marks.append(("bar", row, round(t["x"][0], 6), round(t["x"][1], 6), t["line"]["color"]))
        labels = [(a["name"], norm(a["y"]) if a["name"] == "note" else "", norm(a["text"])) for a in annotations]
        out["zero"] = [s["name"] for s in layout.get("shapes", []) if s.get("name") == "zero" and s["x0"] == s["x1"] == 0]
    elif data[0]["type"] == "bar":
        totals = Counter()
        for t in data:
            opacity = t["marker"].get("opacity", [1.0] * len(t["x"]))
            for k, (x, y) in enumerate(zip(t["x"], t["y"])):
                marks.append((norm(y), t["marker"]["color"], float(x), t["marker"]["pattern"]["shape"][k] == "/"))
                assert (opacity[k] < 1) == (t["marker"]["pattern"]["shape"][k] == "/")
                totals[norm(y)] += float(x)
                if t.get("text"):
                    labels.append(("segment:" + _series(chart, t), norm(y), norm(t["text"][k])))
        out["totals_from_marks"] = sorted(totals.items())
        out["totals"] = sorted((norm(a["y"]), float(a["text"])) for a in annotations if a.get("name") == "total")
        labels += [(a["name"], norm(a["y"]), norm(a["text"])) for a in annotations]
        labels = sorted(labels)
    else:
        for t in data:
            row = norm(t["y"][0])
            if t["mode"] == "markers":
                if t["marker"].get("symbol") == "diamond-open":
                    marks.append(("record-day", row, t["x"][0]))
                else:
                    marks.append(("day", row, t["x"][0], t["marker"]["color"]))
            elif t["line"].get("dash") == "dot":
                continue  # the dotted line from the article's mark to the record's
            elif t["line"].get("dash") == "dash":
                marks.append(("record-span", row, t["x"][0], t["x"][1]))
            else:
                marks.append(("span", row, t["x"][0], t["x"][1], t["line"]["color"]))
        labels = [("note", norm(a["y"]), norm(a["text"])) for a in annotations]
    out["labels"] = sorted(labels)
    out["marks"] = sorted(marks)
    return out


def _series(chart, trace) -> str:
    """The series key of a bar trace (its colour group), as the static figure's segment labels name it."""
    return next(g for g, color in _series_colors(chart).items() if color == trace["marker"]["color"])


def _series_colors(chart) -> dict[str, str]:
    from analysis import style

    return style.DIRECTION_COLORS if chart.name == "cooperation-direction" else {}


CASES = [(name, lang, which) for name in sorted(figures.ALL) for lang in ("en", "ar") for which in ("real", "mini")]


@pytest.mark.parametrize(("name", "lang", "which"), CASES)
def test_static_and_interactive_show_the_same(datasets, name, lang, which):
    chart = figures.ALL[name](datasets[which], lang)
    static, interactive = static_marks(chart), interactive_marks(chart)
    for key in ("title", "source", "categories", "legend", "marks", "labels", "axis_title", "ticks", "zero", "totals",
                "colorbars"):
        assert static.get(key) == interactive.get(key), key
    assert static["colorbars"] == 0, "every number is written on the chart: no colour bar in either rendering"
    if static.get("totals"):
        assert static["totals"] == static["totals_from_marks"], "the number at a bar's end is the bar's length"
    assert static["marks"]


def test_the_truth_test_sees_a_difference(datasets):
    """The comparison is not vacuous: change one bar, one value label, one segment label, a date check's note or
    its source line in the interactive figure, or give it a colour bar, and it differs from the static one."""
    chart = figures.ALL["cooperation-types"](datasets["real"], "en")
    trace = chart.interactive.data[0]
    trace.x = [trace.x[0] + 1, *trace.x[1:]]
    assert static_marks(chart)["marks"] != interactive_marks(chart)["marks"]

    chart = figures.ALL["cooperation-types"](datasets["real"], "en")
    before = interactive_marks(chart)
    assert before["labels"] == static_marks(chart)["labels"] and before["totals"]
    chart.interactive.layout.annotations[0].text = "99"
    assert interactive_marks(chart)["labels"] != static_marks(chart)["labels"]

    chart = figures.ALL["cooperation-direction"](datasets["real"], "ar")
    chart.interactive.data[0].text = ["7", *chart.interactive.data[0].text[1:]]
    assert interactive_marks(chart)["labels"] != static_marks(chart)["labels"]

    chart = figures.ALL["date-check"](datasets["real"], "en")
    first = chart.interactive.layout.annotations[0]
    first.text = "1 day later" if first.text == "agree" else "agree"
    assert interactive_marks(chart)["labels"] != static_marks(chart)["labels"]
    chart.interactive.layout.title.subtitle.text = "Source: somewhere else"
    assert interactive_marks(chart)["source"] != static_marks(chart)["source"]
    chart.interactive.update_layout(coloraxis={"showscale": True, "colorscale": "Blues"})
    assert interactive_marks(chart)["colorbars"] == 1


def test_segment_labels_are_read_per_series():
    """The direction chart's segment labels carry their series (a label moved to another colour is a difference)."""
    assert set(_series_colors(type("C", (), {"name": "cooperation-direction"})())) == {"MA>US", "US>MA", "mutual", "not stated"}
