"""Load the validated data package into typed DataFrames. Every notebook loads through ``load()``.

The package is validated first (``analysis.validate.check``); an invalid package raises
``DataPackageError`` listing every problem, so no row is ever dropped or coerced silently.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import dates, tidy
from analysis.validate import (ONGOING, DataPackageError, Package, check, parse_boolean, parse_integer,
                               parse_number)

PRECISION_ORDER = ["day", "month", "year", "unknown"]
STATUS_ORDER = ["occurred", "scheduled", "ongoing"]
GEO_ORDER = ["town", "region", "country", "unknown"]
SIDES = ["Morocco", "United States", "Multilateral", "Other"]


@dataclass(frozen=True)
class EventData:
    """The whole package: tables as typed frames, the tidy long views, and the source texts."""

    sources: pd.DataFrame
    events: pd.DataFrame
    mentions: pd.DataFrame
    agencies: pd.DataFrame
    actors: pd.DataFrame
    event_types: pd.DataFrame
    cooperation_types: pd.DataFrame
    event_agencies: pd.DataFrame
    event_cooperation: pd.DataFrame
    event_actors: pd.DataFrame
    flows: pd.DataFrame
    texts: dict[str, str]
    claims: pd.DataFrame  # the article's claims against the public record (claims.csv)

    @property
    def published(self) -> pd.Timestamp:
        """Publication date of the article(s): relative dates and open periods resolve against it."""
        return self.sources.loc[self.sources["role"] == "article", "published"].max()


def _frame(pkg: Package, name: str) -> pd.DataFrame:
    table = pkg.tables[name]
    return pd.DataFrame(table.rows, columns=table.fields, dtype="str")


def _typed(cells: pd.Series, parse, dtype: str) -> pd.Series:
    """Convert with the validator's own parser (blank → NA), so what validates is what loads."""
    return pd.Series(pd.array([parse(c) if c != "" else None for c in cells], dtype=dtype), index=cells.index)


def _lines(text: str, offsets: pd.Series) -> list[int]:
    """1-based line of each code-point offset: line starts found once, then a binary search per offset."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return [bisect.bisect_right(starts, offset) for offset in offsets]


def _blank_to_na(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].replace("", pd.NA) for c in columns})


def _side(country: pd.Series, kind: pd.Series) -> pd.Series:
    side = country.map({"MA": "Morocco", "US": "United States"}).where(kind != "multilateral", "Multilateral")
    return pd.Categorical(side.fillna("Other"), categories=SIDES, ordered=True)


def _events(raw: pd.DataFrame, event_types: pd.DataFrame, published: pd.Timestamp) -> pd.DataFrame:
    events = _blank_to_na(raw, ["date", "date_end", "date_text", "location", "location_ar", "country",
                                "agencies", "cooperation_types", "flows", "actors", "notes"])
    starts, stops = zip(*(dates.bounds(v) for v in raw["date"]))
    ends = [dates.bounds(v)[1] if v not in ("", ONGOING) else pd.NaT for v in raw["date_end"]]
    events["date_start"] = pd.to_datetime(pd.Series(starts, index=raw.index))
    events["date_stop"] = pd.to_datetime(pd.Series([e if e is not pd.NaT else s for e, s in zip(ends, stops)], index=raw.index))
    events["open_ended"] = raw["date_end"].eq(ONGOING)
    # An open period runs, as far as the source knows, up to its publication.
    events.loc[events["open_ended"] & events["date_start"].notna(), "date_stop"] = published
    for column in ("latitude", "longitude"):
        events[column] = _typed(raw[column], parse_number, "Float64")
    for column in ("people_arrested", "people_killed"):
        events[column] = _typed(raw[column], parse_integer, "Int64")
    events["date_precision"] = pd.Categorical(raw["date_precision"], categories=PRECISION_ORDER, ordered=True)
    events["status"] = pd.Categorical(raw["status"], categories=STATUS_ORDER, ordered=True)
    events["geo_precision"] = pd.Categorical(raw["geo_precision"], categories=GEO_ORDER, ordered=True)
    category = raw["event_type"].map(event_types.set_index("event_type")["category"])
    events["category"] = pd.Categorical(category, categories=["incident", "cooperation"], ordered=True)
    events["event_type"] = pd.Categorical(raw["event_type"], categories=list(event_types["event_type"]), ordered=True)
    events["year"] = events["date_start"].dt.year.astype("Int64")
    return events


def load(data_dir: Path | str | None = None) -> EventData:
    """Validate and load the package (default: ``data/``, or ``$ANALYSIS_DATA_DIR``)."""
    pkg = check(data_dir)
    if pkg.problems:
        raise DataPackageError(pkg.problems)
    sources = _blank_to_na(_frame(pkg, "sources"), ["url", "accessed", "summary_en", "summary_ar", "path", "sha256"])
    for column in ("bytes", "code_points"):  # blank for record sources, which are cited, never stored
        sources[column] = pd.array([parse_integer(v) if v else pd.NA for v in sources[column].fillna("")], dtype="Int64")
    sources["published_text"] = sources["published"]  # at its own precision (a record source may give only a month or year)
    sources["published"] = pd.to_datetime([dates.bounds(v)[0] for v in sources["published"]])
    sources["accessed"] = pd.to_datetime(sources["accessed"])
    event_types = _frame(pkg, "event_types")
    event_types["category"] = pd.Categorical(event_types["category"], categories=["incident", "cooperation"], ordered=True)
    cooperation_types = _blank_to_na(_frame(pkg, "cooperation_types"), ["cameo_code", "cameo_label"])
    agencies = _blank_to_na(_frame(pkg, "agencies"), ["country", "notes"])
    agencies["generic"] = _typed(agencies["generic"], parse_boolean, "bool")
    agencies["side"] = _side(agencies["country"], agencies["kind"])
    actors = _frame(pkg, "actors")
    published = sources.loc[sources["role"] == "article", "published"].max()
    events = _events(_frame(pkg, "events"), event_types, published)
    claims = _frame(pkg, "claims")
    claims = _blank_to_na(claims, [c for c in ("article_value", "record_value", "record_value_ar", "sources", "searched")
                                   if c in claims.columns])  # 'searched' is optional: older packages lack it
    mentions = _blank_to_na(_frame(pkg, "mentions"), ["prefix", "suffix"])
    for column in ("char_start", "char_end"):
        mentions[column] = _typed(mentions[column], parse_integer, "int64")
    mentions["line"] = 0
    for source, group in mentions.groupby("source_id").groups.items():
        mentions.loc[group, "line"] = _lines(pkg.texts[source], mentions.loc[group, "char_start"])
    return EventData(
        sources=sources, events=events, mentions=mentions, agencies=agencies, actors=actors,
        event_types=event_types, cooperation_types=cooperation_types,
        event_agencies=tidy.event_agencies(events, agencies),
        event_cooperation=tidy.event_cooperation(events, cooperation_types),
        event_actors=tidy.event_actors(events),
        flows=tidy.event_flows(events),
        texts=dict(pkg.texts),
        claims=claims,
    )
