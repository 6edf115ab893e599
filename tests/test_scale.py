"""Growth: a package several times the real one (benchmarks/bench_scale.py's generator) validates, loads
with the right line numbers, and its row-per-event charts stay a readable size and say what they leave out."""
from __future__ import annotations

import importlib.util
import re

import pytest

from analysis import charts, figures
from analysis.load import load
from analysis.paths import ROOT

K = 16  # 336 events, 448 mentions: each row-per-event chart has more than charts.MAX_ROWS rows


def _bench():
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "benchmarks" / "bench_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    root = tmp_path_factory.mktemp("grown") / "data"
    counts = _bench().make_package(root, K)
    assert counts["events"] == 21 * K and counts["mentions"] == 28 * K and counts["claims"] == 102 * K
    return load(root)


def test_grown_package_loads_with_line_numbers(grown):
    lines = grown.texts["alaraby-2022-05-08"].split("\n")
    assert len(grown.events) == 21 * K and len(grown.claims) == 102 * K
    for mention in grown.mentions.itertuples():
        assert mention.quote in lines[mention.line - 1], mention.mention_id
    assert grown.mentions["line"].max() > 57 * (K - 1)  # the last copy's lines, not the first's


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", ["event-timeline", "incident-timeline", "cooperation-timeline", "date-check"])
def test_row_per_event_charts_cap_their_height(grown, name: str, lang: str):
    chart = figures.ALL[name](grown, lang)
    layout = chart.interactive.layout
    # a row is 40 px (0.45 in) high, a date check's row as high as its label's lines (event, dates and the gap)
    lines = max(str(y).count("<br>") + 1 for y in layout.yaxis.categoryarray) if name == "date-check" else 2
    row_px, row_in = (17 * lines + 16, (0.2 if lang == "ar" else 0.16) * lines + 0.12) if name == "date-check" else (40, 0.45)
    assert layout.height <= row_px * charts.MAX_ROWS + 190 + 20 * 6 + 60  # rows, axes, a title of up to six lines, legend
    assert chart.static.get_figheight() <= row_in * charts.MAX_ROWS + 2.6
    ys = {y for trace in chart.interactive.data for y in (trace.y or []) if y is not None}  # not the legend's keys
    assert len(ys) <= charts.MAX_ROWS
    note = "more not drawn" if lang == "en" else "أخرى غير مرسومة"
    assert note in re.sub("[\u2066-\u2069]", "", layout.title.text.replace("<br>", " "))


def test_cap_note_counts(grown):
    dated = int(grown.events["date_start"].notna().sum())
    title = figures.event_timeline(grown, "en").interactive.layout.title.text.replace("<br>", " ")
    assert f"first {charts.MAX_ROWS} of {dated:,} shown; {dated - charts.MAX_ROWS:,} more not drawn" in title
