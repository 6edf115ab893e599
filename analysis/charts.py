"""Chart builders: each takes a tidy frame and a language and returns a ``Chart`` holding the same figure
twice — a static matplotlib figure (PNG/SVG for print and slides) and an interactive plotly figure.

Three generic builders (bars, time spans, heatmap) draw both versions from the same frame;
``analysis.figures`` calls them with the project's aggregations. Honest by construction: zero-based bars,
integer count axes, no dual axes, and in the title the number behind the chart and what it counts.
Every word comes from the gettext catalogs (``analysis.i18n``; Arabic in ``locale/ar/LC_MESSAGES/charts.po``).
Arabic: matplotlib ≥ 3.11 shapes plain strings, the browser shapes plotly's; every Arabic string is an
RTL isolate with its Latin runs isolated (``style.rtl``), category axes move to the right and bars grow
leftwards so the chart reads right to left; time runs left to right in both languages.

From JupyterLab::

    chart = figures.cooperation_types(data, LANG)   # a Chart
    chart.frame                                     # the tidy frame it was drawn from
    chart.save("my-folder")                         # <name>.<lang>.png and .svg
"""
from __future__ import annotations

import base64
import html
import io
import json
import os
from dataclasses import dataclass, field
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
from analysis.i18n import _
from analysis.style import t

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
FIGURES_ENV = "ANALYSIS_FIGURES_DIR"
DPI = 150
NOTEBOOK_DPI = 80  # the static picture stored in a notebook (when the SVG would be larger than the PNG)
DIAGONAL_COLOR = "#e3e3e3"  # an item with itself: no count to show
RECORD_COLOR = "#111111"  # the public record's date, drawn hollow beside the article's
# A chart with one row per item (event, incident, category) draws at most this many rows, the first in its
# order, and says in its title how many more it leaves out: a figure stays readable (and quick to build)
# however large the table grows, instead of becoming tens of thousands of pixels tall.
MAX_ROWS = 60
# Static figures are at most WIDTH inches wide and their smallest text is MIN_FONT points: printed across a
# 6.5-inch text column, no word is smaller than 8 pt.
WIDTH = 7.2
MIN_FONT = 9.0
TITLE_FONT = 12.5
# Interactive charts: titles and category labels are wrapped to fit a 420-pixel phone screen.
TITLE_CHARS = 44
LABEL_CHARS = 26
SOURCE_CHARS_HTML = 62  # the interactive source line (the subtitle), wrapped for a phone screen
ROW_LABEL_CHARS = 48  # a timeline's row label at most: date, type and place fit; a longer text is cut with "…"
SVG_LIMIT = 200_000  # bytes: an SVG up to this size is the notebook's picture without rendering a PNG to compare


def _first_rows(frame: pd.DataFrame, max_rows: int, lang: str) -> tuple[pd.DataFrame, str]:
    """A row-per-item chart's rows (the first ``max_rows``, index reset) and the title's note on the rest, if any."""
    frame = frame.reset_index(drop=True)
    if len(frame) <= max_rows:
        return frame, ""
    return frame.iloc[:max_rows], _more_note(max_rows, len(frame), lang)


def _more_note(shown: int, total: int, lang: str) -> str:
    """The title's note for a chart that draws only its first ``shown`` of ``total`` rows."""
    return " " + _("(first {shown} of {total:,} shown; {more:,} more not drawn)", lang, shown=shown, total=total,
                   more=total - shown)


# Deterministic SVG output: fixed ids and no creation date (the report build must be byte-reproducible).
matplotlib.rcParams["svg.hashsalt"] = "analysis"
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: small, searchable, editable; the viewer shapes Arabic
matplotlib.rcParams["text.parse_math"] = False  # text from the data ("$5$", "\\alpha") is drawn as written, never as math
matplotlib.rcParams.update({"font.size": MIN_FONT + 0.5, "xtick.labelsize": MIN_FONT, "ytick.labelsize": MIN_FONT,
                            "axes.labelsize": MIN_FONT + 0.5, "legend.fontsize": MIN_FONT, "figure.titlesize": TITLE_FONT})


@dataclass
class Chart:
    """One figure in two forms, built from the same frame (``frame``: the tidy frame it was drawn from)."""

    name: str
    static: Figure
    interactive: go.Figure
    n_events: int
    lang: str
    frame: pd.DataFrame | None = field(default=None, repr=False)
    _rendered: dict = field(default_factory=dict, repr=False, compare=False)  # format → bytes, drawn once

    def __repr__(self) -> str:
        return f"<Chart {self.name} [{self.lang}]: {self.n_events} events>"

    def plotly_json(self) -> dict:
        """Plotly's own JSON (data, layout, config): small and deterministic, no plotly.js inside."""
        spec = json.loads(self.interactive.to_json())
        spec["config"] = PLOTLY_CONFIG
        return spec

    def svg(self) -> bytes:
        """The static figure as SVG, byte for byte the same on every run (fixed ids, no date). Rendered once
        per chart: drawing the figure is the largest cost of a report build, and the notebook's picture and
        the saved file are the same bytes."""
        if self._rendered.get("svg") is None:
            buffer = io.BytesIO()
            self.static.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
            self._rendered["svg"] = buffer.getvalue()
        return self._rendered["svg"]

    def png(self, dpi: int = DPI) -> bytes:
        """The static figure as PNG, without metadata (rendered once per resolution)."""
        key = f"png{dpi}"
        if self._rendered.get(key) is None:
            buffer = io.BytesIO()
            self.static.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
            self._rendered[key] = buffer.getvalue()
        return self._rendered[key]

    def mimebundle(self) -> dict:
        """One output bundle: the plotly JSON (JupyterLab draws the interactive chart), a static picture
        (GitHub, nbviewer and any viewer without JavaScript show it) and the text form. The picture is the
        SVG (13-43 KB for every figure here); only an SVG over SVG_LIMIT is set against a PNG, which a
        notebook stores base64, a third larger."""
        svg = self.svg()
        bundle: dict = {PLOTLY_MIME: self.plotly_json()}
        if len(svg) <= SVG_LIMIT or len(svg) <= len(self.png(NOTEBOOK_DPI)) * 4 / 3:
            bundle["image/svg+xml"] = svg.decode("utf-8")
        else:
            bundle["image/png"] = base64.b64encode(self.png(NOTEBOOK_DPI)).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return self.mimebundle()

    def save(self, folder: Path | str) -> list[Path]:
        """Write ``<name>.<lang>.png`` and ``.svg`` into ``folder`` (created if needed); returns the paths."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / f"{self.name}.{self.lang}.png", folder / f"{self.name}.{self.lang}.svg"]
        paths[0].write_bytes(self.png())
        paths[1].write_bytes(self.svg())
        return paths


def show(chart: Chart) -> None:
    """Display the chart as one output bundle (interactive plotly JSON + static picture + text); when
    ``$ANALYSIS_FIGURES_DIR`` is set (the report build), also save the static PNG and SVG there. The
    mimetypes are displayed directly, so the kernel never imports nbformat (≈ 2 s with jupyterlab
    installed) as ``fig.show()`` would."""
    from IPython.display import display

    folder = os.environ.get(FIGURES_ENV)
    if folder:
        chart.save(folder)
    display(chart.mimebundle(), raw=True)


# ---------------------------------------------------------------- shared pieces

def _plain(value: object) -> bool:
    return not (value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value == "")


def _escape(text: str) -> str:
    """Text for plotly's labels, which read a subset of HTML: ``<``, ``>`` and ``&`` escaped; a double quote is
    left as it is, since plotly decodes no ``&quot;`` (a quote with quotation marks in it showed "&quot;")."""
    return html.escape(text, quote=False)


def hover_text(*parts: object, width: int = 50, lang: str = "en") -> str:
    """HTML-escaped hover text for plotly (its labels interpret a subset of HTML), wrapped with <br> at
    ``width`` characters (a hover box fits a phone's width); the runs of the other direction are isolated line
    by line, so that a long Arabic quote in an English hover wraps like the rest (isolated whole, it would be
    one line wider than the screen); in Arabic each line is an RTL isolate."""
    lines = []
    for part in parts:
        if not _plain(part):
            continue
        lines += style.wrap_chars(style.isolate_runs(str(part), lang), width, split_isolates=True) or [""]
    return "<br>".join(_escape(style.rtl(line, lang) if style.is_rtl(lang) else line) for line in lines)


def txt(text: object, lang: str) -> str:
    """A short text drawn in a figure (tick, legend entry, axis title): an RTL isolate in Arabic."""
    return style.rtl(text, lang)


def _wrap_html(text: str, width: int, lang: str) -> str:
    """Plotly text: wrapped to ``width`` characters with <br>, each line escaped (and isolated in Arabic)."""
    lines = style.wrap_chars(style.isolate_runs(str(text), lang), width)
    return "<br>".join(_escape(style.rtl(line, lang)) for line in lines)


def _clip(text: object, limit: int = ROW_LABEL_CHARS) -> str:
    """A row label cut to ``limit`` characters with "…" (the hover keeps the whole text): a place or name
    typed into the data at any length never pushes the chart off a phone screen."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _wrap_static(text: str, width: int, lang: str) -> str:
    """matplotlib text: wrapped to ``width`` characters with newlines, each line isolated in Arabic."""
    return "\n".join(style.rtl(line, lang) for line in style.wrap_chars(style.isolate_runs(str(text), lang), width))


def chart_title(title: str, n_events: int, lang: str, note: str | None = None) -> str:
    """The title with the number behind the chart and, when the marks add up to more (an event can carry
    several types or name several agencies), a word on why: "Events by type — 20 events; …"."""
    count = style.count(n_events, "event", lang)
    if note:
        count = _("{count}; {note}", lang, count=count, note=note)
    return _("{title} — {count}", lang, title=title, count=count)


def _new_figure(lang: str, width: float, height: float) -> Figure:
    fig = Figure(figsize=(min(width, WIDTH), height), layout="constrained")
    fig.set_layout_engine("constrained")
    fig.get_layout_engine().set(h_pad=0.08, w_pad=0.08)
    matplotlib.rcParams["font.family"] = list(style.font_family(lang))
    return fig


def _static_title_lines(fig: Figure, title: str, lang: str, fontsize: float = TITLE_FONT, weight: str = "bold") -> str:
    """A text wrapped to the figure's width, measured with the renderer (so it is never clipped)."""
    renderer = fig._get_renderer()  # the Agg renderer a draw would use: widths as they will be drawn
    probe = fig.text(0, 0, "", fontsize=fontsize, fontweight=weight, family=list(style.font_family(lang)))
    room = (fig.get_figwidth() - 0.3) * fig.dpi

    def fits(line: str) -> bool:
        probe.set_text(style.rtl(line, lang))
        return probe.get_window_extent(renderer).width <= room

    lines = style.wrap_words(style.isolate_runs(title, lang), fits)
    probe.remove()
    return "\n".join(style.rtl(line, lang) for line in lines)


def _finish_static(fig: Figure, ax, title: str, lang: str, handles: list | None = None, source: str | None = None) -> None:
    """Title (wrapped to the figure), legend under it, source line at the bottom; constrained layout keeps
    them apart. The title is the figure's, not the axes', so long tick labels cannot push it off the page."""
    rtl = style.is_rtl(lang)
    family = list(style.font_family(lang))
    x, ha = (0.99, "right") if rtl else (0.01, "left")
    lines = _static_title_lines(fig, title, lang)
    if handles:
        # Title and legend stacked at the top. Constrained layout reserves the larger of the two, not both, so the
        # title carries blank lines as tall as the legend and the legend is anchored just below the title's text.
        probe = fig.text(0, 0, lines, fontsize=TITLE_FONT, fontweight="bold", family=family)
        title_height = probe.get_window_extent(fig._get_renderer()).height / fig.dpi
        probe.remove()
        ncols = _legend_columns(fig, handles, lang)
        rows = -(-len(handles) // ncols)
        fig.suptitle(lines + "\n" * (rows + 1), x=x, ha=ha, fontsize=TITLE_FONT, fontweight="bold", family=family)
        top = 0.98 - (title_height + 0.06) / fig.get_figheight()
        fig.legend(handles=_reading_order(handles, ncols, rtl), loc="upper right" if rtl else "upper left",
                   bbox_to_anchor=(x, top), frameon=False, fontsize=MIN_FONT, ncols=ncols, markerfirst=not rtl,
                   borderaxespad=0, borderpad=0)
    else:
        fig.suptitle(lines, x=x, ha=ha, fontsize=TITLE_FONT, fontweight="bold", family=family)
    source_lines = _static_title_lines(fig, source or t("source", lang), lang, MIN_FONT, "normal")
    fig.supxlabel(source_lines, x=x, ha=ha, fontsize=MIN_FONT, color="#555555", family=family)
    if ax is not None:
        for spine in ("top", "left") if rtl else ("top", "right"):
            ax.spines[spine].set_visible(False)


def _legend_columns(fig: Figure, handles: list, lang: str) -> int:
    """The most legend columns (up to 4) whose entries, measured as drawn, fit across the figure: a legend is never
    wider than its figure (the legend's key, 2.8 em, and the 2-em column gaps counted)."""
    renderer = fig._get_renderer()
    probe = fig.text(0, 0, "", fontsize=MIN_FONT, family=list(style.font_family(lang)))
    widths = []
    for h in handles:
        probe.set_text(h.get_label())
        widths.append(probe.get_window_extent(renderer).width * 72 / fig.dpi + 2.8 * MIN_FONT)
    probe.remove()
    room = (fig.get_figwidth() - 0.3) * 72
    for ncols in range(min(4, len(handles)), 0, -1):
        columns = [max(widths[j::ncols]) for j in range(ncols)]
        if sum(columns) + 2 * MIN_FONT * (ncols - 1) <= room:
            return ncols
    return 1


def _reading_order(handles: list, ncols: int, rtl: bool) -> list:
    """Legend entries in the order matplotlib needs (it fills columns first) for them to read row by row,
    left to right, or right to left in Arabic."""
    rows = [handles[i:i + ncols] for i in range(0, len(handles), ncols)]
    if rtl:
        rows = [row[::-1] for row in rows]
    return [row[j] for j in range(ncols) for row in rows if j < len(row)]


def _layout(fig: go.Figure, title: str, lang: str, height: int = 420, legend: bool = True, source: str | None = None) -> None:
    """Title (wrapped to fit a phone screen) with the number behind the chart, the source line as its
    subtitle, the legend under the plot in a row (it never sits on the marks, whatever the width); the
    chart takes the width it is given (``config.responsive``). In Arabic, hover boxes align right."""
    rtl = style.is_rtl(lang)
    text = _wrap_html(title, TITLE_CHARS, lang)
    subtitle = _wrap_html(source or t("source", lang), SOURCE_CHARS_HTML, lang)
    n_lines = text.count("<br>") + 1 + subtitle.count("<br>")
    top = 84 + 20 * n_lines
    total = height + 20 * n_lines
    fig.update_layout(
        template=go.layout.Template(),  # an empty template keeps the stored JSON small
        title={"text": text, "x": 0.99 if rtl else 0.01,
               "xanchor": "right" if rtl else "left", "xref": "container", "yref": "container",
               "y": round(1 - 44 / total, 4), "yanchor": "top", "font": {"size": 15},  # below the mode bar
               "subtitle": {"text": subtitle, "font": {"size": 11, "color": "#555555"}}},
        font={"family": style.FONT_STACK_CSS[lang], "size": 12, "color": "#222222"},
        paper_bgcolor="white", plot_bgcolor="white", height=total,
        margin={"l": 10, "r": 10, "t": top, "b": 40, "autoexpand": True},
        hoverlabel={"align": "right" if rtl else "left", "font": {"family": style.FONT_STACK_CSS[lang]}},
        showlegend=legend,
    )
    if legend:
        fig.update_layout(legend={"orientation": "h", "x": 1 if rtl else 0, "xanchor": "right" if rtl else "left",
                                  "y": 0, "yref": "container", "yanchor": "bottom", "traceorder": "normal",
                                  "entrywidthmode": "pixels"})


def _count_axis(axis: dict, max_value: float) -> dict:
    """A zero-based integer axis for counts; its title stands clear of the tick labels."""
    axis.update(rangemode="tozero", tickformat="d", gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#888888",
                automargin=True)
    if "title" in axis:
        axis["title"].update(standoff=12)
    if max_value <= 12:
        axis.update(dtick=1)
    return axis


# ---------------------------------------------------------------- bars

def _axis_on_right(ax) -> None:
    ax.yaxis.tick_right()
    ax.yaxis.set_label_position("right")


def bar_chart(frame: pd.DataFrame, *, category: str, value: str, color: str | None, lang: str, name: str,
              title: str, value_label: str, n_events: int, count_note: str | None = None,
              category_labels: dict | None = None, color_labels: dict | None = None, colors: dict | None = None,
              category_order: list | None = None, color_order: list | None = None, hatched: set | None = None,
              max_rows: int = MAX_ROWS, value_labels: str = "total", source: str | None = None) -> Chart:
    """Horizontal stacked bars of ``value`` per ``category``, split by ``color``. Categories listed in
    ``hatched`` (e.g. generic agencies) are drawn paler and hatched, so they stay visibly apart. The first
    ``max_rows`` categories are drawn, and the title says how many more there are. ``count_note`` says
    why the bars add up to more than ``n_events`` (the title's count), where they do.

    ``value_labels``: ``"total"`` writes each bar's total at its end; ``"segments"`` writes each segment's own
    number inside it (for bars whose segments may count one event twice, so their sum is no count of events).
    Both renderings carry the same labels. ``source`` is the source line (default: the article)."""
    style.check_lang(lang)
    rtl = style.is_rtl(lang)
    source_frame = frame
    frame = frame.copy()
    frame["_color"] = frame[color].astype(str) if color else "all"
    cats = category_order or list(dict.fromkeys(frame[category].astype(str)))
    more = ""
    if len(cats) > max_rows:
        more = _more_note(max_rows, len(cats), lang)
        cats = cats[:max_rows]
        frame = frame[frame[category].astype(str).isin(set(cats))]
    title = chart_title(title, n_events, lang, count_note) + more
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
    legend = bool(color) and len(groups) > 1
    top = max(1.0, float(totals.max())) * (1.12 if value_labels == "total" else 1.02)

    # static
    fig = _new_figure(lang, WIDTH, max(2.8, 0.4 * len(cats) + 1.9 + (0.35 if legend else 0)))
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
            ax.barh(positions[i], vals[i], left=base[i], height=0.7, label=f"_{g}", **kw)
            if value_labels == "segments":
                ax.text(base[i] + vals[i] / 2, positions[i], f"{int(vals[i])}", ha="center", va="center",
                        fontsize=MIN_FONT, color=_ink(colors.get(g, "#777777")), gid=f"segment:{g}")
        base += vals
    handles = [Patch(color=colors.get(g, "#777777"), label=txt(color_labels.get(g, g), lang)) for g in groups]
    ax.set_yticks(positions, [_wrap_static(lbl, 34, lang) for lbl in labels])
    ax.invert_yaxis()
    ax.set_xlabel(txt(value_label, lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, top)
    if rtl:  # values grow leftwards from the category labels, which stand on the right
        ax.invert_xaxis()
        _axis_on_right(ax)
    if value_labels == "total":
        for i, total in enumerate(totals):  # the total at the end of each bar, a few points clear of it
            ax.annotate(f"{int(total)}", (total, positions[i]), xytext=(-4 if rtl else 4, 0), textcoords="offset points",
                        va="center", ha="right" if rtl else "left", fontsize=MIN_FONT, color="#222222", gid="total")
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    _finish_static(fig, ax, title, lang, handles if legend else None, source)

    # interactive
    ifig = go.Figure()
    escaped = {c: _wrap_html(category_labels.get(c, c), LABEL_CHARS, lang) for c in cats}
    for g in groups:
        vals = wide[g]
        mask = vals > 0
        what = color_labels.get(g, g) if color else value_label  # one series: "Events: 3", not its internal name
        hover_lines = [hover_text(category_labels.get(c, c), f"{what}: {int(v)}", lang=lang)
                       for c, v in vals[mask].items()]
        opacity = [style.GENERIC_ALPHA if c in hatched else 1.0 for c in vals[mask].index]
        pattern = ["/" if c in hatched else "" for c in vals[mask].index]
        segment_text = ({"text": [f"{int(v)}" for v in vals[mask]], "textposition": "inside", "insidetextanchor": "middle",
                         "textangle": 0, "textfont": {"color": _ink(colors.get(g, "#777777")), "size": 12}}
                        if value_labels == "segments" else {})
        ifig.add_trace(go.Bar(
            x=vals[mask].tolist(), y=[escaped[c] for c in vals[mask].index], orientation="h",
            name=_escape(txt(color_labels.get(g, g), lang)),
            marker={"color": colors.get(g, "#777777"), "opacity": opacity, "pattern": {"shape": pattern}},
            hovertext=hover_lines, hoverinfo="text", showlegend=legend, **segment_text))
    _layout(ifig, title, lang, height=int(max(300, 34 * len(cats) + 150)) + (40 if legend else 0), legend=legend,
            source=source)
    cat_axis = {"categoryorder": "array", "categoryarray": [escaped[c] for c in cats], "automargin": True,
                "autorange": "reversed", "side": "right" if rtl else "left", "ticklabelstandoff": 4}
    count_axis = _count_axis({"title": {"text": _escape(txt(value_label, lang))}}, float(totals.max()))
    count_axis.update(range=[top, 0] if rtl else [0, top], autorange=False)
    ifig.update_layout(barmode="stack", yaxis=cat_axis, xaxis=count_axis)
    if value_labels == "total":  # the same numbers at the bars' ends as the static figure
        ifig.update_layout(annotations=[
            {"x": float(total), "y": escaped[c], "text": f"{int(total)}", "showarrow": False, "xanchor": "right" if rtl else "left",
             "xshift": -4 if rtl else 4, "font": {"size": 12, "color": "#222222"}, "name": "total"}
            for c, total in totals.items()])
    return Chart(name, fig, ifig, n_events, lang, source_frame)


def _ink(color: str) -> str:
    """Text colour readable on a bar of ``color``: white on a dark fill, near-black on a light one."""
    r, g, b = matplotlib.colors.to_rgb(color)
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 0.6 else "#222222"


# ---------------------------------------------------------------- time spans

def span_chart(frame: pd.DataFrame, *, label: str, start: str, stop: str, precision: str, color: str, lang: str,
               name: str, title: str, n_events: int, color_labels: dict, colors: dict, hover: str,
               color_order: list | None = None, max_rows: int = MAX_ROWS, record: dict[str, str] | None = None,
               record_label: str = "", record_period_label: str = "", title_note: str = "",
               source: str | None = None) -> Chart:
    """One row per item, drawn to its precision: a dot for a day, a bar across the month or year
    otherwise. Time runs left to right in both languages (dates are read as numbers). The first
    ``max_rows`` items are drawn, and the title says how many more there are.

    ``record`` names the columns (``start``, ``stop``, ``precision``, ``note``) of a second date per row,
    the public record's: where it is given, it is drawn hollow (a diamond for a day, an outlined bar
    otherwise) with a dotted line to the row's own mark, and its ``note`` is written beside it in both
    renderings; ``record_label`` names a day of the record's in the legend, ``record_period_label`` a month,
    year or longer span of it (default: ``record_label``). ``title_note`` follows the title's count (e.g.
    how many undated items are not shown); ``source`` is the source line (default: the article)."""
    style.check_lang(lang)
    rtl = style.is_rtl(lang)
    label_col = label
    source_frame = frame
    frame, more = _first_rows(frame, max_rows, lang)
    title = chart_title(title, n_events, lang) + (f" {title_note}" if title_note else "") + more
    rows = np.arange(len(frame))
    starts = pd.to_datetime(frame[start])
    stops = pd.to_datetime(frame[stop]) + pd.Timedelta(days=1)  # the last day is included
    groups = [g for g in (color_order or list(dict.fromkeys(frame[color].astype(str)))) if g in set(frame[color].astype(str))]

    fig = _new_figure(lang, WIDTH, max(2.8, 0.42 * len(frame) + 2.0))
    ax = fig.subplots()
    for i, r in frame.iterrows():
        c = colors.get(str(r[color]), "#777777")
        if r[precision] == "day":
            ax.plot([starts[i]], [i], marker="o", markersize=7, color=c, linestyle="none", zorder=3)
        else:
            ax.barh(i, stops[i] - starts[i], left=starts[i], height=0.5, color=c, alpha=0.85, zorder=2)
            ax.plot([starts[i], stops[i]], [i, i], color=c, gid="cap", **CAP_STATIC)
    handles = [Patch(color=colors.get(g, "#777777"), label=txt(color_labels.get(g, g), lang)) for g in groups]
    marks = _record_marks(frame, record, starts, stops, precision)
    for i, (r_start, r_stop, r_day, note, x, before, above) in marks.items():
        r_mid = r_start if r_day else r_start + (r_stop - r_start) / 2
        mid = _joint(starts[i], stops[i], frame.at[i, precision] == "day", r_mid)
        ax.plot([mid, r_mid], [i, i], linestyle=":", color=RECORD_COLOR, linewidth=1.2, zorder=1)
        if r_day:  # hollow and larger than the article's dot, which stays visible inside it when the two nearly meet
            ax.plot([r_start], [i], marker="D", markersize=11, markerfacecolor="none", markeredgecolor=RECORD_COLOR,
                    markeredgewidth=1.6, linestyle="none", zorder=4)
        else:
            ax.barh(i, r_stop - r_start, left=r_start, height=0.7, fill=False, edgecolor=RECORD_COLOR, hatch="////",
                    linewidth=1.2, zorder=4)
            ax.plot([r_start, r_stop], [i, i], color=RECORD_COLOR, gid="cap", **CAP_STATIC)
        ax.annotate(txt(note, lang), (x, i), xytext=(-12 if before else 12, 5 if above else 0), textcoords="offset points",
                    va="bottom" if above else "center", ha="right" if before else "left", fontsize=MIN_FONT,
                    color=RECORD_COLOR, annotation_clip=False)
    period_label = record_period_label or record_label
    if any(m[2] for m in marks.values()):  # each kind of the record's mark drawn has its key
        handles.append(Line2D([], [], marker="D", linestyle=":", markersize=7, markerfacecolor="white",
                              markeredgecolor=RECORD_COLOR, color=RECORD_COLOR, label=txt(record_label, lang)))
    if any(not m[2] for m in marks.values()):
        handles.append(Patch(fill=False, hatch="////", edgecolor=RECORD_COLOR, linewidth=1.2,
                             label=txt(period_label, lang)))
    ax.set_yticks(rows, [_wrap_static(_clip(v), 40, lang) for v in frame[label_col]])
    ax.invert_yaxis()
    if rtl:
        ax.yaxis.tick_right()
    years = _year_step(pd.concat([starts, *(pd.Series([m[0]]) for m in marks.values())]),
                       pd.concat([stops, *(pd.Series([m[1]]) for m in marks.values())]))
    ax.xaxis.set_major_locator(matplotlib.dates.YearLocator(base=years))
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%Y"))
    ax.tick_params(axis="x", labelrotation=0)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    _finish_static(fig, ax, title, lang, handles, source)

    ifig = go.Figure()
    shown: set[str] = set()
    ylabels = [_wrap_html(_clip(v), LABEL_CHARS + 12, lang) for v in frame[label_col]]
    for i, r in frame.iterrows():
        c, common = _row_trace(r, color, colors, color_labels, hover, lang, shown)
        if r[precision] == "day":
            ifig.add_trace(go.Scatter(x=[starts[i].strftime("%Y-%m-%d")], y=[ylabels[i]], mode="markers",
                                      marker={"size": 11, "color": c}, **common))
        else:
            ifig.add_trace(go.Scatter(x=[starts[i].strftime("%Y-%m-%d"), stops[i].strftime("%Y-%m-%d")],
                                      y=[ylabels[i], ylabels[i]], mode="lines+markers", line={"width": 12, "color": c},
                                      marker={**CAP_PLOTLY, "color": c, "line": {**CAP_PLOTLY["line"], "color": c}},
                                      **common))
    annotations = []
    for n, (i, (r_start, r_stop, r_day, note, x, before, above)) in enumerate(marks.items()):
        day = "%Y-%m-%d"
        r_mid = r_start if r_day else r_start + (r_stop - r_start) / 2
        mid = _joint(starts[i], stops[i], frame.at[i, precision] == "day", r_mid)
        ifig.add_trace(go.Scatter(x=[mid.strftime(day), r_mid.strftime(day)], y=[ylabels[i], ylabels[i]], mode="lines",
                                  line={"color": RECORD_COLOR, "dash": "dot", "width": 1.5}, hoverinfo="skip", showlegend=False))
        kind = "record" if r_day else "record-period"
        common = dict(name=_escape(txt(record_label if r_day else period_label, lang)), legendgroup=kind,
                      showlegend=kind not in shown, hovertext=hover_text(note, lang=lang) + "<br>" + frame.at[i, hover],
                      hoverinfo="text")
        shown.add(kind)
        if r_day:
            ifig.add_trace(go.Scatter(x=[r_start.strftime(day)], y=[ylabels[i]], mode="markers",
                                      marker={"size": 16, "symbol": "diamond-open", "color": RECORD_COLOR, "line": {"width": 2}},
                                      **common))
        else:
            ifig.add_trace(go.Scatter(x=[r_start.strftime(day), r_stop.strftime(day)], y=[ylabels[i], ylabels[i]],
                                      mode="lines+markers", line={"width": 3, "color": RECORD_COLOR, "dash": "dash"},
                                      marker={**CAP_PLOTLY, "color": RECORD_COLOR,
                                              "line": {**CAP_PLOTLY["line"], "color": RECORD_COLOR}}, **common))
        # just above the row's line and off the end of its marks, not level with them: on a phone the plot is a
        # third of the width, and a note level with the marks ran into the row's label; kept low, it stays
        # nearer its own row than the row above (whose caps reach 6 px towards it)
        annotations.append({"x": x.strftime(day), "y": ylabels[i], "text": _escape(txt(note, lang)), "showarrow": False,
                            "xanchor": "right" if before else "left", "xshift": -10 if before else 6,
                            "yanchor": "bottom", "yshift": 4, "font": {"size": 11, "color": RECORD_COLOR}})
    _layout(ifig, title, lang, height=int(max(340, 40 * len(frame) + 190)), source=source)
    if annotations:
        ifig.update_layout(annotations=annotations)
    ifig.update_layout(
        xaxis={"type": "date", "tickformat": "%Y", "gridcolor": "#e5e5e5", "dtick": f"M{12 * years}",
               "tick0": "2000-01-01", "automargin": True},
        yaxis={"categoryorder": "array", "categoryarray": ylabels, "autorange": "reversed",
               "side": "right" if rtl else "left", "automargin": True},
        hovermode="closest")
    return Chart(name, fig, ifig, n_events, lang, source_frame)


def _row_trace(row: pd.Series, color: str, colors: dict, color_labels: dict, hover: str, lang: str,
               shown: set[str]) -> tuple[str, dict]:
    """A row's colour and the plotly arguments its trace shares (legend entry once per colour group, hover)."""
    group = str(row[color])
    common = dict(name=_escape(txt(color_labels.get(group, group), lang)), legendgroup=group,
                  showlegend=group not in shown, hovertext=row[hover], hoverinfo="text")
    shown.add(group)
    return colors.get(group, "#777777"), common


def _joint(start: pd.Timestamp, stop: pd.Timestamp, day: bool, towards: pd.Timestamp) -> pd.Timestamp:
    """Where the dotted line from the record's mark meets the article's: the day, else the middle of the
    article's span, or its nearer end when the record's date lies outside it (a period running to publication
    is joined at its start, the date the article gives)."""
    if day:
        return start
    if towards < start:
        return start
    if towards > stop:
        return stop
    return start + (stop - start) / 2


def _year_step(starts: pd.Series, stops: pd.Series) -> int:
    """Label every year when the time axis spans up to 16 years, every second up to 32, else every fifth."""
    span = stops.max().year - starts.min().year + 1
    return 1 if span <= 16 else 2 if span <= 32 else 5


def _record_marks(frame: pd.DataFrame, record: dict[str, str] | None, starts: pd.Series, stops: pd.Series,
                  precision: str) -> dict[int, tuple[pd.Timestamp, pd.Timestamp, bool, str, pd.Timestamp, bool, bool]]:
    """Rows that carry the record's date: row → (first day, day after the last, day precision, note, where
    the note goes, whether it goes before the marks, whether it goes above the line). The note follows the later mark, or precedes the
    earlier one when the marks sit in the last quarter of the time axis (so it never runs off the plot); when
    the marks span the axis from its first quarter to its last, it follows the record's own mark."""
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
        above = False
        if before and x < lo + (hi - lo) * 0.25:  # the marks span the axis: the note follows the record's mark,
            before, x, above = False, (first if day else last), True  # above the dotted line that leaves it
        marks[i] = (first, last, day, str(frame.at[i, record["note"]]), x, before, above)
    return marks


# ---------------------------------------------------------------- gaps between two dates

# A span's two ends are drawn as short vertical caps in its colour, in both renderings: a month on a 20-year
# axis is under a pixel wide on a phone, and the caps keep it in sight (and mark where a year's bar ends).
CAP_STATIC = dict(marker="|", markersize=11, markeredgewidth=2.2, linestyle="none", zorder=3)
CAP_PLOTLY = {"symbol": "line-ns", "size": 13, "line": {"width": 2.5}}

GAP_TICKS = (0, 1, 365, 3652)  # days: the same day, a day, a year, ten years (few, so they fit a phone screen)


def gap_scale(days: float) -> float:
    """The gap axis: linear up to a day, then logarithmic (matplotlib's symlog with linthresh = linscale = 1:
    sign(d)·(1 + log10|d|) beyond a day), so that 2 days and a year both stand clear of 0 on one axis — on a
    linear axis of 20 years a 2-day gap is no wider than the marks."""
    d = abs(float(days))
    return float(np.sign(days) * (d if d <= 1 else 1 + np.log10(d)))


def gap_chart(frame: pd.DataFrame, *, label: str, low: str, high: str, color: str, lang: str, name: str, title: str,
              n_events: int, color_labels: dict, colors: dict, hover: str, note: str, tick_labels: dict[int, str],
              axis_title: str, side_labels: tuple[str, str], shape_labels: tuple[str, str, str],
              color_order: list | None = None, source: str | None = None, max_rows: int = MAX_ROWS) -> Chart:
    """How far apart two dates are, one row per item, on one axis of days (``gap_scale``): ``low`` and
    ``high`` are the smallest and the largest gap (in days, signed) the two dates allow at their precision.
    Equal, they are drawn as a dot (both dates known to the day: the exact gap); otherwise as a bar across
    every gap the precisions allow. A line marks 0 (the same date). ``note`` (the gap in words) is the second
    line of each row's label, so the chart needs no column beside the plot and fits a phone screen;
    ``tick_labels`` names the ticks (days → words), ``side_labels`` the two ends of the axis (negative,
    positive), ``shape_labels`` the legend entries of the dot, the bar and the 0 line. The first ``max_rows``
    rows are drawn, and the title says how many more there are."""
    style.check_lang(lang)
    rtl = style.is_rtl(lang)
    source_frame = frame
    frame, more = _first_rows(frame, max_rows, lang)
    title = chart_title(title, n_events, lang) + more
    lows = [gap_scale(v) for v in frame[low]]
    highs = [gap_scale(v) for v in frame[high]]
    reach = max([abs(v) for v in lows + highs] + [gap_scale(365)])
    ticks = [t for t in GAP_TICKS if gap_scale(t) <= reach * 1.001]
    span = reach * 1.06
    groups = [g for g in (color_order or list(dict.fromkeys(frame[color].astype(str)))) if g in set(frame[color].astype(str))]
    notes = list(frame[note].astype(str))
    rows = np.arange(len(frame))
    static_labels = [f"{_wrap_static(_clip(v, 90), 34, lang)}\n{_wrap_static(n, 34, lang)}" for v, n in zip(frame[label], notes)]
    ylabels = [f"{_wrap_html(_clip(v, 90), LABEL_CHARS, lang)}<br>{_wrap_html(n, LABEL_CHARS, lang)}" for v, n in zip(frame[label], notes)]

    line = 0.2 if rtl else 0.16  # inches per line of a row label (Arabic type is taller)
    lines = max(label_text.count("\n") + 1 for label_text in static_labels)
    fig = _new_figure(lang, WIDTH, max(3.2, (line * lines + 0.12) * len(frame) + 2.6))
    ax = fig.subplots()
    ax.axvline(0, color="#555555", linewidth=1.2, zorder=1, gid="zero")
    for i, r in frame.iterrows():
        c = colors.get(str(r[color]), "#777777")
        if lows[i] == highs[i]:
            ax.plot([lows[i]], [i], marker="o", markersize=8, color=c, linestyle="none", zorder=3)
        else:
            ax.barh(i, highs[i] - lows[i], left=lows[i], height=0.46, color=c, alpha=0.85, zorder=2)
            ax.plot([lows[i], highs[i]], [i, i], color=c, gid="cap", **CAP_STATIC)
    handles = [Patch(color=colors.get(g, "#777777"), label=txt(color_labels.get(g, g), lang)) for g in groups]
    handles += [Line2D([], [], marker="o", linestyle="none", markersize=7, color="#777777", label=txt(shape_labels[0], lang)),
                Patch(color="#777777", alpha=0.85, label=txt(shape_labels[1], lang)),
                Line2D([], [], color="#555555", linewidth=1.2, label=txt(shape_labels[2], lang))]
    positions = [-gap_scale(t) for t in reversed(ticks) if t] + [gap_scale(t) for t in ticks]
    words = [tick_labels[t] for t in reversed(ticks) if t] + [tick_labels[t] for t in ticks]
    ax.set_xticks(positions, [txt(w, lang) for w in words], rotation=0)
    # Neighbouring ticks sit closer than two words are wide on a phone ("1 day" beside 0, "10 years" one decade
    # from "a year"): every other tick (a day, ten years) drops to a second line instead of running into the next.
    lower = {gap_scale(t) for i, t in enumerate(ticks) if i % 2}
    for tick, position in zip(ax.xaxis.get_major_ticks(), positions):
        if abs(position) in lower:
            tick.set_pad(tick.get_pad() + 1.4 * ax.xaxis.get_ticklabels()[0].get_fontsize())
    ax.set_xlim(-span, span)
    ax.set_yticks(rows, static_labels)
    ax.set_yticks(rows[:-1] + 0.5, minor=True)  # a hairline between rows: their labels run over several lines
    ax.grid(axis="y", which="minor", color="#eeeeee", linewidth=0.8)
    ax.tick_params(axis="y", which="minor", length=0)
    ax.set_ylim(len(frame) - 0.5, -0.5)
    if rtl:
        ax.yaxis.tick_right()
    for tick in ax.yaxis.get_major_ticks():  # a row label's lines aligned to the right (Arabic reads from there)
        tick.label1.set_multialignment("right")
        tick.label2.set_multialignment("right")
    ax.set_xlabel(_wrap_static(axis_title, 70, lang))
    for x_end, text, ha in ((0, side_labels[0], "left"), (1, side_labels[1], "right")):
        ax.annotate(txt(text, lang), (x_end, 1), xycoords="axes fraction", xytext=(0, 4), textcoords="offset points",
                    ha=ha, va="bottom", fontsize=MIN_FONT, color="#555555", gid="side")
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    _finish_static(fig, ax, title, lang, handles, source)

    ifig = go.Figure()
    shown: set[str] = set()
    for i, r in frame.iterrows():
        c, common = _row_trace(r, color, colors, color_labels, hover, lang, shown)
        if lows[i] == highs[i]:
            ifig.add_trace(go.Scatter(x=[lows[i]], y=[ylabels[i]], mode="markers", marker={"size": 12, "color": c}, **common))
        else:
            ifig.add_trace(go.Scatter(x=[lows[i], highs[i]], y=[ylabels[i], ylabels[i]], mode="lines+markers",
                                      line={"width": 14, "color": c}, opacity=0.85,
                                      marker={**CAP_PLOTLY, "color": c, "line": {**CAP_PLOTLY["line"], "color": c}},
                                      **common))
    grey = "#777777"  # the legend's key to the shapes: entries with no data
    ifig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", marker={"size": 10, "color": grey},
                              name=_escape(txt(shape_labels[0], lang)), hoverinfo="skip", legendgroup="shape-dot"))
    ifig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"width": 10, "color": grey},
                              name=_escape(txt(shape_labels[1], lang)), hoverinfo="skip", legendgroup="shape-bar"))
    ifig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"width": 1.5, "color": "#555555"},
                              name=_escape(txt(shape_labels[2], lang)), hoverinfo="skip", legendgroup="zero"))
    annotations = [{"x": x_end, "xref": "paper", "y": 1, "yref": "paper", "yanchor": "bottom", "text": _escape(txt(text, lang)),
                     "showarrow": False, "xanchor": anchor, "font": {"size": 11, "color": "#555555"}, "name": "side"}
                    for x_end, text, anchor in ((0, side_labels[0], "left"), (1, side_labels[1], "right"))]
    row_px = 17 * max(label_text.count("<br>") + 1 for label_text in ylabels) + 16  # a row as tall as its label
    _layout(ifig, title, lang, height=int(max(380, row_px * len(frame) + 240)), source=source)
    ifig.update_layout(
        annotations=annotations, hovermode="closest",
        shapes=[{"type": "line", "x0": 0, "x1": 0, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
                 "line": {"color": "#555555", "width": 1.5}, "layer": "below", "name": "zero"}],
        xaxis={"range": [-span, span], "tickmode": "array", "tickvals": positions,
               "ticktext": [("<br>" if abs(x) in lower else "") + _escape(txt(w, lang))
                            for x, w in zip(positions, words)],  # every other tick on a second line, as drawn above
               "tickangle": 0, "gridcolor": "#e5e5e5", "zeroline": False,
               "title": {"text": _wrap_html(axis_title, LABEL_CHARS + 4, lang)}, "automargin": True},
        yaxis={"categoryorder": "array", "categoryarray": ylabels, "autorange": "reversed",
               "side": "right" if rtl else "left", "automargin": True, "tickson": "boundaries", "showgrid": True,
               "gridcolor": "#eeeeee"})
    return Chart(name, fig, ifig, n_events, lang, source_frame)
