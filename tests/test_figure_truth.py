"""One figure, one truth: for every figure, in both languages, on the real data and on the mini package, the
static (matplotlib) and the interactive (plotly) renderings show the same title, the same categories, the
same legend and the same marks with the same values.

Each side is read back from what it draws, not from the frame: the matplotlib Figure's bar patches, markers,
spans, cell texts, tick labels and legend; the plotly JSON's traces (x/y per category), heatmap cells and
annotations. Both are reduced to sets of (category, series, value) and compared; texts are compared modulo
line wrapping (``\\n`` / ``<br>``), HTML escaping and the invisible direction isolates.
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


def static_marks(chart) -> dict:
    fig = chart.static
    ax = fig.axes[0]
    out = {"title": norm(fig.get_suptitle())}
    out["legend"] = _static_legend(fig)
    if ax.images:  # heatmap
        rows, cols = _ytick_labels(ax), _xtick_labels(ax)
        out["categories"] = (sorted(rows.values()), sorted(cols.values()))
        out["cells"] = sorted((rows[int(round(t.get_position()[1]))], cols[int(round(t.get_position()[0]))], float(t.get_text()))
                              for t in ax.texts)
        out["diagonal"] = sorted((rows[int(round(p.get_y() + 0.5))], cols[int(round(p.get_x() + 0.5))])
                                 for p in ax.patches if p.get_gid() == "diagonal")
        return out
    rows = _ytick_labels(ax)
    out["categories"] = sorted(rows.values())
    dated = any(isinstance(line, Line2D) and line.get_marker() == "o" for line in ax.lines) or \
        any(p.get_x() > 5000 for p in ax.patches)  # date numbers: a time axis
    marks = []
    if not dated:  # bars: one patch per (category, series)
        for p in ax.patches:
            if isinstance(p, Rectangle) and p.get_width() > 0:
                marks.append((rows[int(round(p.get_y() + p.get_height() / 2))], to_hex(p.get_facecolor(), keep_alpha=False),
                              float(p.get_width()), bool(p.get_hatch())))
        totals = Counter()
        for category, _color, value, _hatch in marks:
            totals[category] += value
        out["totals"] = sorted((rows[int(round(a.xy[1]))], float(a.get_text())) for a in ax.texts)
        out["totals_from_marks"] = sorted(totals.items())
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
        out["notes"] = sorted(norm(a.get_text()) for a in ax.texts)
    out["marks"] = sorted(marks)
    return out


# ------------------------------------------------------------------ reading the plotly JSON

def interactive_marks(chart) -> dict:
    spec = chart.plotly_json()
    layout, data = spec["layout"], spec["data"]
    out = {"title": norm(layout["title"]["text"])}
    out["legend"] = sorted(norm(t["name"]) for t in data
                           if t.get("name") and t.get("showlegend", True) and layout.get("showlegend", True)
                           and t["type"] != "heatmap")
    if data[0]["type"] == "heatmap":
        main = data[0]
        ys, xs = [norm(y) for y in main["y"]], [norm(x) for x in main["x"]]
        out["categories"] = (sorted(ys), sorted(xs))
        out["cells"] = sorted((ys[i], xs[j], float(v)) for i, row in enumerate(main["z"]) for j, v in enumerate(row)
                              if v is not None)
        out["diagonal"] = sorted((norm(t["y"][i]), norm(t["x"][j])) for t in data[1:]
                                 for i, row in enumerate(t["z"]) for j, v in enumerate(row) if v is not None)
        assert all(t.get("hoverinfo") == "skip" for t in data[1:]), "no hover on the greyed diagonal"
        return out
    marks = []
    if data[0]["type"] == "bar":
        out["categories"] = sorted(norm(c) for c in layout["yaxis"]["categoryarray"])
        totals = Counter()
        for t in data:
            opacity = t["marker"].get("opacity", [1.0] * len(t["x"]))
            for k, (x, y) in enumerate(zip(t["x"], t["y"])):
                marks.append((norm(y), t["marker"]["color"], float(x), t["marker"]["pattern"]["shape"][k] == "/"))
                assert (opacity[k] < 1) == (t["marker"]["pattern"]["shape"][k] == "/")
                totals[norm(y)] += float(x)
        out["totals"] = sorted(totals.items())
        out["totals_from_marks"] = sorted(totals.items())
    else:
        out["categories"] = sorted(norm(c) for c in layout["yaxis"]["categoryarray"])
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
        out["notes"] = sorted(norm(a["text"]) for a in layout.get("annotations", []))
    out["marks"] = sorted(marks)
    return out


CASES = [(name, lang, which) for name in sorted(figures.ALL) for lang in ("en", "ar") for which in ("real", "mini")]


@pytest.mark.parametrize(("name", "lang", "which"), CASES)
def test_static_and_interactive_show_the_same(datasets, name, lang, which):
    chart = figures.ALL[name](datasets[which], lang)
    static, interactive = static_marks(chart), interactive_marks(chart)
    assert static["title"] == interactive["title"]
    assert static["categories"] == interactive["categories"]
    assert static["legend"] == interactive["legend"]
    assert static["marks"] == interactive["marks"] if "marks" in static else True
    for key in ("cells", "diagonal", "notes", "totals"):
        assert static.get(key) == interactive.get(key), key
    if "totals" in static:
        assert static["totals"] == static["totals_from_marks"], "the number at a bar's end is the bar's length"
    assert static.get("marks") or static.get("cells") is not None


def test_the_truth_test_sees_a_difference(datasets):
    """The comparison is not vacuous: change one bar of the interactive figure and it fails."""
    chart = figures.ALL["cooperation-types"](datasets["real"], "en")
    trace = chart.interactive.data[0]
    trace.x = [trace.x[0] + 1, *trace.x[1:]]
    assert static_marks(chart)["marks"] != interactive_marks(chart)["marks"]
