"""Chart builders: each takes a tidy frame and a language and returns a ``Chart`` holding the same figure
twice — a static matplotlib figure (PNG/SVG for print and slides) and an interactive plotly figure.

Four generic builders (bars, time spans, heatmap, node-link graph) draw both versions from the same
frame; ``analysis.figures`` calls them with the project's aggregations. Honest by construction:
zero-based bars, integer count axes, no dual axes, and the number of events behind a chart in its title.
Arabic: matplotlib ≥ 3.11 shapes plain strings, the browser shapes plotly's; category axes move to the
right and bars grow leftwards so the chart reads right to left.
"""
from __future__ import annotations

import html
import json
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from analysis import style
from analysis.style import t

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
FIGURES_ENV = "ANALYSIS_FIGURES_DIR"
DPI = 150
RECORD_COLOR = "#111111"  # the public record's date, drawn hollow beside the article's
# A chart with one row per item (event, incident, category) draws at most this many rows, the first in its
# order, and says in its title how many more it leaves out: a figure stays readable (and quick to build)
# however large the table grows, instead of becoming tens of thousands of pixels tall.
MAX_ROWS = 60


def _more_note(shown: int, total: int, lang: str) -> str:
    """The title's note for a chart that draws only its first ``shown`` of ``total`` rows."""
    more = total - shown
    if lang == "en":
        return f" (first {shown} of {total:,} shown; {more:,} more not drawn)"
    return f" (تظهر أول {shown} من {total:,}؛ {more:,} أخرى غير مرسومة)"

# Deterministic SVG output: fixed ids and no creation date (the report build must be byte-reproducible).
matplotlib.rcParams["svg.hashsalt"] = "analysis"
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: small, searchable, editable; the viewer shapes Arabic
matplotlib.rcParams["text.parse_math"] = False  # text from the data ("$5$", "\\alpha") is drawn as written, never as math


@dataclass
class Chart:
    """One figure in two forms, built from the same frame."""

    name: str
    static: Figure
    interactive: go.Figure
    n_events: int
    lang: str

    def plotly_json(self) -> dict:
        """Plotly's own JSON (data, layout, config): small and deterministic, no plotly.js inside."""
        spec = json.loads(self.interactive.to_json())
        spec["config"] = PLOTLY_CONFIG
        return spec

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {PLOTLY_MIME: self.plotly_json(), "text/plain": f"<Chart {self.name} [{self.lang}]: {self.n_events} events>"}

    def save(self, folder: Path | str) -> list[Path]:
        """Write ``<name>.<lang>.png`` and ``.svg`` into ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / f"{self.name}.{self.lang}.png", folder / f"{self.name}.{self.lang}.svg"]
        self.static.savefig(paths[0], dpi=DPI, metadata={"Software": None})
        self.static.savefig(paths[1], metadata={"Date": None, "Creator": None})
        return paths


def show(chart: Chart) -> None:
    """Display the interactive chart; when ``$ANALYSIS_FIGURES_DIR`` is set (the report build), also save
    the static PNG and SVG there. The mimetype is displayed directly, so the kernel never imports
    nbformat (≈ 2 s with jupyterlab installed) as ``fig.show()`` would."""
    from IPython.display import display

    folder = os.environ.get(FIGURES_ENV)
    if folder:
        chart.save(folder)
    display({PLOTLY_MIME: chart.plotly_json(), "text/plain": f"<Chart {chart.name} [{chart.lang}]: {chart.n_events} events>"},
            raw=True)


# ---------------------------------------------------------------- shared pieces

def hover_text(*parts: object, width: int = 70) -> str:
    """HTML-escaped hover text for plotly (its labels interpret a subset of HTML), wrapped with <br>."""
    lines = []
    for part in parts:
        if part is None or (isinstance(part, float) and np.isnan(part)) or part is pd.NA or part == "":
            continue
        lines += textwrap.wrap(str(part), width) or [""]
    return "<br>".join(html.escape(line) for line in lines)


def _title(title: str, n_events: int, lang: str) -> str:
    return f"{title} — {t('n_events', lang, n=n_events)}" if lang == "en" else f"{title} – {t('n_events', lang, n=n_events)}"


def _new_figure(lang: str, width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.set_layout_engine("constrained")
    fig.get_layout_engine().set(h_pad=0.1, w_pad=0.1)
    matplotlib.rcParams["font.family"] = list(style.font_family(lang))
    return fig


def _finish_static(fig: Figure, ax, title: str, n_events: int, lang: str, handles: list | None = None) -> None:
    """Title (wrapped), legend under it, source line at the bottom; constrained layout keeps them apart."""
    rtl = style.is_rtl(lang)
    family = list(style.font_family(lang))
    x, ha = (0.99, "right") if rtl else (0.01, "left")
    ax.set_title("\n".join(textwrap.wrap(_title(title, n_events, lang), int(fig.get_figwidth() * 7))), loc="right" if rtl else "left",
                 fontsize=12, fontweight="bold", family=family, pad=10)
    if handles:
        fig.legend(handles=handles[::-1] if rtl else handles, loc="outside upper right" if rtl else "outside upper left",
                   frameon=False, fontsize=8.5, ncols=min(5, len(handles)))
    fig.supxlabel(t("source", lang), x=x, ha=ha, fontsize=7.5, color="#555555", family=family)
    for spine in ("top", "left") if rtl else ("top", "right"):
        ax.spines[spine].set_visible(False)


def _layout(fig: go.Figure, title: str, n_events: int, lang: str, height: int = 420) -> None:
    """Title with the number of events, the source line as its subtitle, legend beside the plot on the
    reading side's far end: nothing is positioned in fractions of the plot height, so nothing overlaps
    whatever the chart's size. The title starts below the mode bar."""
    rtl = style.is_rtl(lang)
    lines = textwrap.wrap(_title(title, n_events, lang), 90)
    fig.update_layout(
        template=go.layout.Template(),  # an empty template keeps the stored JSON small
        title={"text": "<br>".join(html.escape(line) for line in lines), "x": 0.99 if rtl else 0.01,
               "xanchor": "right" if rtl else "left", "xref": "container", "yref": "container", "y": 1,
               "yanchor": "top", "pad": {"t": 34}, "font": {"size": 16},
               "subtitle": {"text": html.escape(t("source", lang)), "font": {"size": 11, "color": "#555555"}}},
        font={"family": style.FONT_STACK_CSS, "size": 12, "color": "#222222"},
        paper_bgcolor="white", plot_bgcolor="white", height=height + 22 * len(lines),
        margin={"l": 20, "r": 20, "t": 80 + 22 * len(lines), "b": 50},
        legend={"orientation": "v", "y": 1, "yanchor": "top", "x": -0.02 if rtl else 1.02,
                "xanchor": "right" if rtl else "left", "traceorder": "normal"},
    )


def _count_axis(axis: dict, max_value: float) -> dict:
    """A zero-based integer axis for counts."""
    axis.update(rangemode="tozero", tickformat="d", gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#888888")
    if max_value <= 12:
        axis.update(dtick=1)
    return axis


# ---------------------------------------------------------------- bars

def _axis_on_right(ax) -> None:
    ax.yaxis.tick_right()
    ax.yaxis.set_label_position("right")


def bar_chart(frame: pd.DataFrame, *, category: str, value: str, color: str | None, lang: str, name: str,
              title: str, value_label: str, n_events: int, category_labels: dict | None = None,
              color_labels: dict | None = None, colors: dict | None = None, category_order: list | None = None,
              color_order: list | None = None, hatched: set | None = None, horizontal: bool = True,
              missing_label: str = "0", max_rows: int = MAX_ROWS) -> Chart:
    """Stacked bars of ``value`` per ``category``, split by ``color``. Categories listed in ``hatched``
    (e.g. generic agencies) are drawn paler and hatched, so they stay visibly apart. A category in
    ``category_order`` with no row in ``frame`` gets no bar and is labelled ``missing_label`` (use it to
    say 'not stated' where a count is unknown rather than zero). Horizontal bars draw the first
    ``max_rows`` categories and say how many more there are."""
    style.check_lang(lang)
    rtl = style.is_rtl(lang)
    frame = frame.copy()
    frame["_color"] = frame[color].astype(str) if color else "all"
    cats = category_order or list(dict.fromkeys(frame[category].astype(str)))
    if horizontal and len(cats) > max_rows:
        title += _more_note(max_rows, len(cats), lang)
        cats = cats[:max_rows]
        frame = frame[frame[category].astype(str).isin(set(cats))]
    groups = color_order or list(dict.fromkeys(frame["_color"]))
    groups = [g for g in groups if g in set(frame["_color"])]
    category_labels = category_labels or {c: c for c in cats}
    color_labels = color_labels or {g: g for g in groups}
    colors = colors or {}
    hatched = hatched or set()
    wide = (frame.assign(_cat=frame[category].astype(str))
            .pivot_table(index="_cat", columns="_color", values=value, aggfunc="sum", fill_value=0, observed=True)
            .reindex(index=cats, columns=groups, fill_value=0))
    totals = wide.sum(axis=1)
    labels = [category_labels.get(c, c) for c in cats]

    # static
    height = max(2.6, 0.42 * len(cats) + 1.6) if horizontal else 4.2
    fig = _new_figure(lang, 8.0, height)
    ax = fig.subplots()
    positions = np.arange(len(cats))
    base = np.zeros(len(cats))
    for g in groups:
        vals = wide[g].to_numpy(dtype=float)
        for i, c in enumerate(cats):
            if vals[i] == 0:
                continue
            kw = dict(color=colors.get(g, "#777777"), edgecolor="white", linewidth=0.6)
            if c in hatched:
                kw.update(alpha=style.GENERIC_ALPHA, hatch="///", edgecolor=colors.get(g, "#777777"))
            if horizontal:
                ax.barh(positions[i], vals[i], left=base[i], height=0.7, **kw)
            else:
                ax.bar(positions[i], vals[i], bottom=base[i], width=0.7, **kw)
        base += vals
    handles = [Patch(color=colors.get(g, "#777777"), label=color_labels.get(g, g)) for g in groups]
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlabel(value_label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(1, totals.max()) * 1.08)
        if rtl:  # values grow leftwards from the category labels, which stand on the right
            ax.invert_xaxis()
            _axis_on_right(ax)
        present = set(frame[category].astype(str))
        for i, (c, total) in enumerate(totals.items()):
            text = f" {int(total)} " if c in present else f" {missing_label} "
            ax.text(total, positions[i], text, va="center", ha="right" if rtl else "left", fontsize=8,
                    color="#222222" if c in present else "#888888")
        ax.grid(axis="x", color="#e5e5e5")
    else:
        ax.set_xticks(positions, labels, rotation=90 if len(cats) > 10 else 0)
        ax.set_ylabel(value_label)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylim(0, max(1, totals.max()) * 1.1)
        if rtl:  # the categories of vertical bars are years: time runs left to right in both languages
            _axis_on_right(ax)
        ax.grid(axis="y", color="#e5e5e5")
    ax.set_axisbelow(True)
    _finish_static(fig, ax, title, n_events, lang, handles if color and len(groups) > 1 else None)

    # interactive
    ifig = go.Figure()
    for g in groups:
        vals = wide[g]
        mask = vals > 0
        hover_lines = [hover_text(category_labels.get(c, c), f"{color_labels.get(g, g)}: {int(v)}") for c, v in vals[mask].items()]
        opacity = [style.GENERIC_ALPHA if c in hatched else 1.0 for c in vals[mask].index]
        pattern = ["/" if c in hatched else "" for c in vals[mask].index]
        common = dict(name=html.escape(str(color_labels.get(g, g))), marker={"color": colors.get(g, "#777777"), "opacity": opacity,
                                                                          "pattern": {"shape": pattern}},
                      hovertext=hover_lines, hoverinfo="text", showlegend=bool(color) and len(groups) > 1)
        ys = [html.escape(category_labels.get(c, c)) for c in vals[mask].index]
        if horizontal:
            ifig.add_trace(go.Bar(x=vals[mask].tolist(), y=ys, orientation="h", **common))
        else:
            ifig.add_trace(go.Bar(x=ys, y=vals[mask].tolist(), **common))
    _layout(ifig, title, n_events, lang, height=int(max(320, 34 * len(cats) + 170)) if horizontal else 440)
    escaped = [html.escape(lbl) for lbl in labels]
    cat_axis = {"categoryorder": "array", "categoryarray": escaped, "automargin": True}
    count_axis = _count_axis({"title": {"text": html.escape(value_label)}}, float(totals.max()))
    if horizontal:
        cat_axis.update(autorange="reversed", side="right" if rtl else "left")
        if rtl:
            count_axis.update(autorange="reversed")
        ifig.update_layout(barmode="stack", yaxis=cat_axis, xaxis=count_axis)
    else:
        if rtl:
            count_axis.update(side="right")
        ifig.update_layout(barmode="stack", xaxis=cat_axis, yaxis=count_axis)
    return Chart(name, fig, ifig, n_events, lang)


# ---------------------------------------------------------------- time spans

def span_chart(frame: pd.DataFrame, *, label: str, start: str, stop: str, precision: str, color: str, lang: str,
               name: str, title: str, n_events: int, color_labels: dict, colors: dict, hover: str,
               color_order: list | None = None, max_rows: int = MAX_ROWS, record: dict[str, str] | None = None,
               record_label: str = "") -> Chart:
    """One row per item, drawn to its precision: a dot for a day, a bar across the month or year
    otherwise. Time runs left to right in both languages (dates are read as numbers). The first
    ``max_rows`` items are drawn, and the title says how many more there are.

    ``record`` names the columns (``start``, ``stop``, ``precision``, ``note``) of a second date per row,
    the public record's: where it is given, it is drawn hollow (a diamond for a day, an outlined bar
    otherwise) with a dotted line to the row's own mark, and its ``note`` is written beside it in both
    renderings; ``record_label`` names it in the legend."""
    style.check_lang(lang)
    rtl = style.is_rtl(lang)
    frame = frame.reset_index(drop=True)
    if len(frame) > max_rows:
        title += _more_note(max_rows, len(frame), lang)
        frame = frame.iloc[:max_rows]
    rows = np.arange(len(frame))
    starts = pd.to_datetime(frame[start])
    stops = pd.to_datetime(frame[stop]) + pd.Timedelta(days=1)  # the last day is included
    groups = [g for g in (color_order or list(dict.fromkeys(frame[color].astype(str)))) if g in set(frame[color].astype(str))]

    fig = _new_figure(lang, 8.5, max(2.8, 0.45 * len(frame) + 1.8))
    ax = fig.subplots()
    for i, r in frame.iterrows():
        c = colors.get(str(r[color]), "#777777")
        if r[precision] == "day":
            ax.plot([starts[i]], [i], marker="o", markersize=7, color=c, linestyle="none", zorder=3)
        else:
            ax.barh(i, stops[i] - starts[i], left=starts[i], height=0.5, color=c, alpha=0.85, zorder=2)
    handles = [Patch(color=colors.get(g, "#777777"), label=color_labels.get(g, g)) for g in groups]
    marks = _record_marks(frame, record, starts, stops, precision)
    for i, (r_start, r_stop, r_day, note, x, before) in marks.items():
        mid = starts[i] + (stops[i] - starts[i]) / 2 if frame.at[i, precision] != "day" else starts[i]
        r_mid = r_start if r_day else r_start + (r_stop - r_start) / 2
        ax.plot([mid, r_mid], [i, i], linestyle=":", color=RECORD_COLOR, linewidth=1.2, zorder=1)
        if r_day:  # hollow and larger than the article's dot, which stays visible inside it when the two nearly meet
            ax.plot([r_start], [i], marker="D", markersize=11, markerfacecolor="none", markeredgecolor=RECORD_COLOR,
                    markeredgewidth=1.6, linestyle="none", zorder=4)
        else:
            ax.barh(i, r_stop - r_start, left=r_start, height=0.7, fill=False, edgecolor=RECORD_COLOR, hatch="////",
                    linewidth=1.2, zorder=4)
        ax.annotate(note, (x, i), xytext=(-8 if before else 8, 0), textcoords="offset points",
                    va="center", ha="right" if before else "left", fontsize=7.5, color=RECORD_COLOR, annotation_clip=False)
    if marks:
        handles.append(Line2D([], [], marker="D", linestyle=":", markersize=7, markerfacecolor="white",
                              markeredgecolor=RECORD_COLOR, color=RECORD_COLOR, label=record_label))
    ax.set_yticks(rows, frame[label].tolist())
    ax.invert_yaxis()
    if rtl:
        ax.yaxis.tick_right()
    ax.xaxis.set_major_locator(matplotlib.dates.YearLocator(base=2))
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    _finish_static(fig, ax, title, n_events, lang, handles)

    ifig = go.Figure()
    shown: set[str] = set()
    ylabels = [html.escape(str(v)) for v in frame[label]]
    for i, r in frame.iterrows():
        g = str(r[color])
        c = colors.get(g, "#777777")
        common = dict(name=html.escape(str(color_labels.get(g, g))), legendgroup=g, showlegend=g not in shown,
                      hovertext=r[hover], hoverinfo="text")
        shown.add(g)
        if r[precision] == "day":
            ifig.add_trace(go.Scatter(x=[starts[i].strftime("%Y-%m-%d")], y=[ylabels[i]], mode="markers",
                                      marker={"size": 11, "color": c}, **common))
        else:
            ifig.add_trace(go.Scatter(x=[starts[i].strftime("%Y-%m-%d"), stops[i].strftime("%Y-%m-%d")],
                                      y=[ylabels[i], ylabels[i]], mode="lines", line={"width": 12, "color": c}, **common))
    annotations = []
    for n, (i, (r_start, r_stop, r_day, note, x, before)) in enumerate(marks.items()):
        day = "%Y-%m-%d"
        mid = starts[i] + (stops[i] - starts[i]) / 2 if frame.at[i, precision] != "day" else starts[i]
        r_mid = r_start if r_day else r_start + (r_stop - r_start) / 2
        ifig.add_trace(go.Scatter(x=[mid.strftime(day), r_mid.strftime(day)], y=[ylabels[i], ylabels[i]], mode="lines",
                                  line={"color": RECORD_COLOR, "dash": "dot", "width": 1.5}, hoverinfo="skip", showlegend=False))
        common = dict(name="<br>".join(html.escape(line) for line in textwrap.wrap(record_label, 24)), legendgroup="record",
                      showlegend=n == 0,
                      hovertext=hover_text(note) + "<br>" + frame.at[i, hover], hoverinfo="text")
        if r_day:
            ifig.add_trace(go.Scatter(x=[r_start.strftime(day)], y=[ylabels[i]], mode="markers",
                                      marker={"size": 16, "symbol": "diamond-open", "color": RECORD_COLOR, "line": {"width": 2}},
                                      **common))
        else:
            ifig.add_trace(go.Scatter(x=[r_start.strftime(day), r_stop.strftime(day)], y=[ylabels[i], ylabels[i]], mode="lines",
                                      line={"width": 3, "color": RECORD_COLOR, "dash": "dash"}, **common))
        annotations.append({"x": x.strftime(day), "y": ylabels[i], "text": html.escape(note), "showarrow": False,
                            "xanchor": "right" if before else "left", "xshift": -10 if before else 10,
                            "font": {"size": 11, "color": RECORD_COLOR}})
    _layout(ifig, title, n_events, lang, height=int(max(340, 40 * len(frame) + 190)))
    if annotations:
        ifig.update_layout(annotations=annotations)
    ifig.update_layout(
        xaxis={"type": "date", "tickformat": "%Y", "gridcolor": "#e5e5e5"},
        yaxis={"categoryorder": "array", "categoryarray": ylabels, "autorange": "reversed",
               "side": "right" if rtl else "left", "automargin": True},
        hovermode="closest")
    return Chart(name, fig, ifig, n_events, lang)


def _record_marks(frame: pd.DataFrame, record: dict[str, str] | None, starts: pd.Series, stops: pd.Series,
                  precision: str) -> dict[int, tuple[pd.Timestamp, pd.Timestamp, bool, str]]:
    """Rows that carry the record's date: row → (first day, day after the last, day precision, note, where
    the note goes, whether it goes before the marks). The note follows the later mark, or precedes the
    earlier one when the marks sit in the last quarter of the time axis (so it never runs off the plot)."""
    if not record:
        return {}
    rec_starts = pd.to_datetime(frame[record["start"]])
    rec_stops = pd.to_datetime(frame[record["stop"]]) + pd.Timedelta(days=1)
    lo = min(starts.min(), rec_starts.min())
    hi = max(stops.max(), rec_stops.max())
    marks = {}
    for i in frame.index:
        if pd.isna(rec_starts[i]):
            continue
        first, last = rec_starts[i], rec_stops[i]
        day = frame.at[i, record["precision"]] == "day"
        latest = max(first if day else last, stops[i])
        before = latest > lo + (hi - lo) * 0.75
        x = min(first, starts[i]) if before else latest
        marks[i] = (first, last, day, str(frame.at[i, record["note"]]), x, before)
    return marks


# ---------------------------------------------------------------- heatmap

def heatmap_chart(matrix: pd.DataFrame, *, lang: str, name: str, title: str, n_events: int, row_labels: dict,
                  col_labels: dict, value_label: str, hatched_rows: set | None = None, mask_diagonal: bool = False) -> Chart:
    """Counts in a grid, each cell written out; zero cells left blank. With ``mask_diagonal`` the
    diagonal (an item with itself) is greyed out, not coloured."""
    style.check_lang(lang)
    rtl = style.is_rtl(lang)
    values = matrix.to_numpy(dtype=float).copy()
    if mask_diagonal:
        np.fill_diagonal(values, np.nan)
    rows = [row_labels.get(r, r) + (" *" if r in (hatched_rows or set()) else "") for r in matrix.index]
    cols = [col_labels.get(c, c) for c in matrix.columns]
    vmax = max(1.0, np.nanmax(values) if np.isfinite(values).any() else 1.0)
    shown = np.where(values > 0, values, np.nan)

    fig = _new_figure(lang, max(6.0, 0.55 * len(cols) + 3.5), max(3.5, 0.38 * len(rows) + 2.2))
    ax = fig.subplots()
    cmap = matplotlib.colormaps["Blues"].with_extremes(bad="white")
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    if mask_diagonal:
        for i in range(min(values.shape)):
            ax.add_patch(matplotlib.patches.Rectangle((i - 0.5, i - 0.5), 1, 1, color="#eeeeee"))
    for (i, j), v in np.ndenumerate(values):
        if v > 0:
            ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=8, color="white" if v > vmax * 0.6 else "#222222")
    ax.set_xticks(range(len(cols)), cols, rotation=60, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(rows)), rows)
    if rtl:
        ax.invert_xaxis()
        ax.yaxis.tick_right()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.6, location="left" if rtl else "right")
    bar.set_label(value_label)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    _finish_static(fig, ax, title, n_events, lang)

    text = [[f"{int(v)}" if v > 0 else "" for v in row] for row in values]
    hover = [[hover_text(f"{rows[i]} × {cols[j]}: {int(matrix.iat[i, j])}") for j in range(len(cols))] for i in range(len(rows))]
    ifig = go.Figure(go.Heatmap(z=np.where(np.isnan(shown), None, shown).tolist(), x=[html.escape(c) for c in cols],
                                y=[html.escape(r) for r in rows], text=text, texttemplate="%{text}", hovertext=hover,
                                hoverinfo="text", colorscale="Blues", zmin=0, zmax=vmax, xgap=1, ygap=1,
                                colorbar={"title": {"text": html.escape(value_label)}, "dtick": 1 if vmax <= 10 else None,
                                          "x": -0.25 if rtl else 1.02}))
    _layout(ifig, title, n_events, lang, height=int(max(380, 30 * len(rows) + 220)))
    ifig.update_layout(xaxis={"autorange": "reversed" if rtl else True, "tickangle": -45, "automargin": True, "side": "bottom"},
                       yaxis={"autorange": "reversed", "automargin": True, "side": "right" if rtl else "left"})
    return Chart(name, fig, ifig, n_events, lang)


# ---------------------------------------------------------------- node-link graph

def edge_path(x0: float, y0: float, x1: float, y1: float, columns: tuple[float, float], steps: int = 24) -> np.ndarray:
    """Points of a quadratic curve from (x0, y0) to (x1, y1), trimmed at both ends so it stops short of
    the nodes. Edges within one column bulge outwards (so they do not run through the nodes between);
    edges across columns bend slightly to the left of their direction (so A→B and B→A stay apart)."""
    mid = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    if x0 == x1:
        outward = -1.0 if x0 <= columns[0] else 1.0
        control = mid + np.array([outward * (0.18 + 0.12 * abs(y1 - y0)), 0.0])
    else:
        d = np.array([x1 - x0, y1 - y0])
        control = mid + 0.12 * np.array([-d[1], d[0]])
    ts = np.linspace(0.06, 0.94, steps)[:, None]
    return (1 - ts) ** 2 * np.array([x0, y0]) + 2 * (1 - ts) * ts * control + ts ** 2 * np.array([x1, y1])


def graph_chart(nodes: pd.DataFrame, edges: pd.DataFrame, *, lang: str, name: str, title: str, n_events: int,
                directed: bool, colors: dict, legend_labels: dict, edge_label: str) -> Chart:
    """Nodes at given (x, y), sized by events; edges weighted by events, arrows when ``directed``.

    ``nodes``: id, label, x, y, group, size, generic (generic nodes are drawn hollow).
    ``edges``: source, target, weight. Both figures draw the same curves (``edge_path``)."""
    style.check_lang(lang)
    pos = nodes.set_index("id")[["x", "y"]]
    labels = nodes.set_index("id")["label"]
    xs = nodes["x"]
    columns = (float(xs.min()), float(xs.max()))
    wmax = max(1, int(edges["weight"].max())) if len(edges) else 1
    paths = [edge_path(*pos.loc[e["source"]], *pos.loc[e["target"]], columns) for _, e in edges.iterrows()]
    widths = [1.5 + 3.0 * (e["weight"] - 1) / max(1, wmax - 1) for _, e in edges.iterrows()]
    line_color = "#555555" if directed else "#9a9a9a"

    fig = _new_figure(lang, 9.0, max(4.0, 0.5 * nodes.groupby("x").size().max() + 2.0))
    ax = fig.subplots()
    for path, width in zip(paths, widths):
        ax.plot(path[:, 0], path[:, 1], color=line_color, lw=width, alpha=0.8, zorder=1, solid_capstyle="round")
        if directed:
            ax.annotate("", xy=tuple(path[-1]), xytext=tuple(path[-3]),
                        arrowprops={"arrowstyle": "-|>", "color": line_color, "lw": 0, "mutation_scale": 14 + 3 * width})
    for _, n in nodes.iterrows():
        c = colors.get(n["group"], "#777777")
        ax.scatter([n["x"]], [n["y"]], s=80 + 60 * n["size"], zorder=3, linewidths=2,
                   facecolors="white" if n["generic"] else c, edgecolors=c)
        left_side = n["x"] <= xs.median() and n["x"] < columns[1]
        ax.annotate(n["label"], (n["x"], n["y"]), xytext=(-12 if left_side else 12, 0), textcoords="offset points",
                    ha="right" if left_side else "left", va="center", fontsize=8.5, zorder=4)
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=8, color=colors.get(g, "#777777"), label=lbl)
               for g, lbl in legend_labels.items()]
    handles.append(Line2D([], [], marker="o", linestyle="none", markersize=8, markerfacecolor="white",
                          markeredgecolor="#777777", markeredgewidth=2, label=t("generic", lang)))
    ax.set_xlim(xs.min() - 1.1, xs.max() + 1.1)
    ax.set_ylim(nodes["y"].min() - 0.6, nodes["y"].max() + 0.6)
    ax.axis("off")
    _finish_static(fig, ax, title, n_events, lang, handles)

    ifig = go.Figure()
    arrows = []
    for (_, e), path, width in zip(edges.iterrows(), paths, widths):
        ifig.add_trace(go.Scatter(
            x=path[:, 0].round(4).tolist(), y=path[:, 1].round(4).tolist(), mode="lines",
            line={"width": width, "color": line_color}, opacity=0.8, showlegend=False, hoverinfo="text",
            hovertext=hover_text(f"{labels[e['source']]} {'→' if directed else '–'} {labels[e['target']]}: "
                                 f"{int(e['weight'])} {edge_label}")))
        if directed:
            arrows.append({"x": round(float(path[-1, 0]), 4), "y": round(float(path[-1, 1]), 4),
                           "ax": round(float(path[-3, 0]), 4), "ay": round(float(path[-3, 1]), 4),
                           "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True, "text": "",
                           "arrowhead": 2, "arrowsize": 1.1, "arrowwidth": width, "arrowcolor": line_color})
    for g, lbl in legend_labels.items():
        sub = nodes[nodes["group"] == g]
        if sub.empty:
            continue
        c = colors.get(g, "#777777")
        ifig.add_trace(go.Scatter(
            x=sub["x"].tolist(), y=sub["y"].tolist(), mode="markers+text", name=html.escape(lbl),
            text=[html.escape(v) for v in sub["label"]],
            textposition=["middle left" if (x <= xs.median() and x < columns[1]) else "middle right" for x in sub["x"]],
            marker={"size": (12 + 4 * sub["size"]).tolist(), "color": ["white" if gen else c for gen in sub["generic"]],
                    "line": {"color": c, "width": 2}},
            hovertext=[hover_text(f"{r.label}: {int(r.size)} {edge_label}") for r in sub.itertuples()], hoverinfo="text"))
    _layout(ifig, title, n_events, lang, height=int(max(420, 46 * nodes.groupby("x").size().max() + 160)))
    ifig.update_layout(
        xaxis={"visible": False, "range": [xs.min() - 1.4, xs.max() + 1.4]},
        yaxis={"visible": False, "range": [nodes["y"].min() - 0.7, nodes["y"].max() + 0.7]},
        annotations=list(ifig.layout.annotations) + arrows)
    return Chart(name, fig, ifig, n_events, lang)
