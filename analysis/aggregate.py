"""Aggregations for the three analyses. Plain functions over the loaded frames, returning tidy frames.

Counts are of events, never of mentions: every count below is a number of distinct ``event_id``.
Unknown stays unknown: a count the article does not state is <NA>, and the functions say how many.
"""
from __future__ import annotations

import pandas as pd

from analysis.style import COUNTRY_NAMES

UNSTATED = "not stated"


def _incidents(events: pd.DataFrame) -> pd.DataFrame:
    return events[events["category"] == "incident"]


def incident_timeline(events: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Every dated incident as a span from ``date_start`` to ``date_stop`` (one day, a month or a year),
    with its first quote; undated incidents are left out here and counted by ``incident_summary``."""
    first_quote = (mentions.sort_values(["event_id", "char_start"]).groupby("event_id", sort=False)["quote"].first())
    frame = _incidents(events)
    frame = frame[frame["date_start"].notna()]
    frame = frame.assign(quote=frame["event_id"].map(first_quote))
    cols = ["event_id", "event_type", "date", "date_precision", "date_start", "date_stop", "location", "location_ar",
            "country", "people_arrested", "people_killed", "summary_en", "summary_ar", "quote"]
    return frame[cols].sort_values(["date_start", "event_id"]).reset_index(drop=True)


def incidents_per_year(events: pd.DataFrame) -> pd.DataFrame:
    """Dated incidents per year and type (long: year, event_type, events); absent combinations omitted."""
    frame = _incidents(events).dropna(subset=["year"])
    out = (frame.groupby(["year", "event_type"], observed=True)["event_id"].nunique()
           .rename("events").reset_index())
    return out.sort_values(["year", "event_type"]).reset_index(drop=True)


def incident_summary(events: pd.DataFrame) -> pd.Series:
    """Headline numbers: incidents, dated/undated, people arrested and killed where stated, and how many
    incidents leave each count unstated."""
    inc = _incidents(events)
    return pd.Series({
        "incidents": inc["event_id"].nunique(),
        "dated": int(inc["date_start"].notna().sum()),
        "undated": int(inc["date_start"].isna().sum()),
        "arrested_stated_total": int(inc["people_arrested"].sum(skipna=True)),
        "arrested_stated_events": int(inc["people_arrested"].notna().sum()),
        "arrested_unstated_events": int(inc["people_arrested"].isna().sum()),
        "killed_stated_total": int(inc["people_killed"].sum(skipna=True)),
        "killed_stated_events": int(inc["people_killed"].notna().sum()),
        "killed_unstated_events": int(inc["people_killed"].isna().sum()),
    })


def people_by_incident(events: pd.DataFrame) -> pd.DataFrame:
    """Long table of people arrested / killed per incident, one row per incident and measure;
    ``stated`` is False (and ``people`` <NA>) where the article does not give the number."""
    inc = _incidents(events)[["event_id", "event_type", "date", "summary_en", "summary_ar", "people_arrested", "people_killed"]]
    long = inc.melt(id_vars=["event_id", "event_type", "date", "summary_en", "summary_ar"],
                    value_vars=["people_arrested", "people_killed"], var_name="measure", value_name="people")
    long["measure"] = long["measure"].str.removeprefix("people_")
    long["stated"] = long["people"].notna()
    return long.sort_values(["measure", "event_id"]).reset_index(drop=True)


def incidents_by_place(events: pd.DataFrame) -> pd.DataFrame:
    """Incidents per place, at the precision the article gives: a named town, only a country, or no place."""
    inc = _incidents(events)
    country_en = inc["country"].map({c: f"{n['en']} (country only)" for c, n in COUNTRY_NAMES.items()})
    country_ar = inc["country"].map({c: f"{n['ar']} (البلد فقط)" for c, n in COUNTRY_NAMES.items()})
    place_en = inc["location"].where(inc["geo_precision"] == "town").fillna(country_en.fillna(inc["country"]))
    place_ar = inc["location_ar"].where(inc["geo_precision"] == "town").fillna(country_ar.fillna(inc["country"]))
    frame = inc.assign(place_en=place_en.fillna("place not given"), place_ar=place_ar.fillna("المكان غير مذكور"))
    out = (frame.groupby(["place_en", "place_ar", "geo_precision", "event_type"], observed=True)["event_id"].nunique()
           .rename("events").reset_index())
    return out.sort_values(["geo_precision", "place_en", "event_type"]).reset_index(drop=True)


def incidents_by_actor(events: pd.DataFrame, event_actors: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Incidents per actor on the other side; incidents naming no actor count under ``actor_id`` NOT_STATED."""
    inc = _incidents(events)[["event_id", "event_type"]]
    long = inc.merge(event_actors, on="event_id", how="left")
    long["actor_id"] = long["actor_id"].fillna("NOT_STATED")
    names = actors.set_index("actor_id")[["name_en", "name_ar"]]
    out = (long.groupby(["actor_id", "event_type"], observed=True)["event_id"].nunique().rename("events").reset_index())
    out["name_en"] = out["actor_id"].map(names["name_en"]).fillna("No actor named")
    out["name_ar"] = out["actor_id"].map(names["name_ar"]).fillna("لا جهة مسماة")
    return out.sort_values(["actor_id", "event_type"]).reset_index(drop=True)


def major_attacks_check(events: pd.DataFrame, published: pd.Timestamp, country: str = "MA", years: int = 10) -> pd.DataFrame:
    """Attacks in ``country`` whose known period overlaps the ``years`` before publication.

    The article claims one major attack in Morocco in ten years; this lists what the table holds."""
    since = published - pd.DateOffset(years=years)
    attacks = events[(events["event_type"] == "attack") & (events["country"] == country)]
    window = attacks[(attacks["date_stop"] >= since) & (attacks["date_start"] <= published)]
    return window[["event_id", "date", "date_precision", "people_killed", "summary_en", "summary_ar"]].reset_index(drop=True)


def agency_involvement(events: pd.DataFrame, event_agencies: pd.DataFrame) -> pd.DataFrame:
    """Events per agency and category (incident / cooperation), with side and generic flag."""
    long = event_agencies.merge(events[["event_id", "category"]], on="event_id", how="left")
    keys = ["agency_id", "label_en", "label_ar", "side", "generic", "category"]
    out = long.groupby(keys, observed=True, dropna=False)["event_id"].nunique().rename("events").reset_index()
    total = out.groupby("agency_id")["events"].transform("sum")
    return (out.assign(total=total)
            .sort_values(["side", "generic", "total", "agency_id", "category"], ascending=[True, True, False, True, True])
            .drop(columns="total").reset_index(drop=True))


def co_involvement(event_agencies: pd.DataFrame, min_events: int = 1) -> pd.DataFrame:
    """Square agency × agency matrix: number of events both take part in. The diagonal holds each agency's
    own event count; agencies in fewer than ``min_events`` events are left out."""
    onehot = pd.crosstab(event_agencies["event_id"], event_agencies["agency_id"]).clip(upper=1)
    matrix = onehot.T @ onehot
    keep = [a for a in matrix.index if matrix.loc[a, a] >= min_events]
    matrix = matrix.loc[keep, keep]
    matrix.index.name, matrix.columns.name = "agency_id", "with_agency_id"
    return matrix


def co_involvement_pairs(event_agencies: pd.DataFrame) -> pd.DataFrame:
    """The off-diagonal pairs of ``co_involvement`` as a long table (each unordered pair once)."""
    matrix = co_involvement(event_agencies)
    long = matrix.stack().rename("events").reset_index()
    long = long[(long["agency_id"] < long["with_agency_id"]) & (long["events"] > 0)]
    return long.sort_values(["events", "agency_id", "with_agency_id"], ascending=[False, True, True]).reset_index(drop=True)


def flow_counts(flows: pd.DataFrame) -> pd.DataFrame:
    """Stated flows of information or assistance: source → target with the number of events."""
    out = flows.groupby(["source", "target"])["event_id"].nunique().rename("events").reset_index()
    return out.sort_values(["events", "source", "target"], ascending=[False, True, True]).reset_index(drop=True)


def cooperation_counts(event_cooperation: pd.DataFrame, cooperation_types: pd.DataFrame) -> pd.DataFrame:
    """Events per cooperation type (an event with one type in two directions counts once), with CAMEO code."""
    out = (event_cooperation.groupby("cooperation_type", observed=False)["event_id"].nunique()
           .rename("events").reset_index())
    labels = cooperation_types.set_index("cooperation_type")[["label_en", "label_ar", "cameo_code"]]
    out = out.join(labels, on="cooperation_type")
    return out[out["events"] > 0].reset_index(drop=True)


def _directions(event_cooperation: pd.DataFrame) -> pd.DataFrame:
    """Each (event, type, direction) once: every direction the article states for the event's type (an exchange
    both ways that is also said to run Morocco → US is counted under both), 'not stated' where it states none."""
    stated = event_cooperation["direction"].astype("str").where(event_cooperation["direction"].notna(), UNSTATED)
    frame = event_cooperation.assign(direction=stated)[["event_id", "cooperation_type", "direction"]].drop_duplicates()
    has_stated = frame.groupby(["event_id", "cooperation_type"], observed=True)["direction"].transform(lambda d: (d != UNSTATED).any())
    return frame[~(has_stated & (frame["direction"] == UNSTATED))]


def cooperation_by_direction(event_cooperation: pd.DataFrame) -> pd.DataFrame:
    """Events per cooperation type and stated direction. Every coded direction is counted: an event whose type
    runs in two directions (E09: information exchanged both ways, and files opened to the Americans) counts
    under both, so a type's directions can add up to more than its events; 'not stated' where no direction is."""
    frame = _directions(event_cooperation)
    out = frame.groupby(["cooperation_type", "direction"], observed=True)["event_id"].nunique().rename("events").reset_index()
    out["direction"] = pd.Categorical(out["direction"], categories=["MA>US", "US>MA", "mutual", UNSTATED], ordered=True)
    return out.sort_values(["cooperation_type", "direction"]).reset_index(drop=True)


def direction_events(event_cooperation: pd.DataFrame) -> dict[str, list[str]]:
    """Each direction with the events that carry it for at least one of their cooperation types, in id order
    ('not stated': events with a type whose direction is not stated)."""
    frame = _directions(event_cooperation)
    return {d: sorted(set(frame.loc[frame["direction"] == d, "event_id"])) for d in ["MA>US", "US>MA", "mutual", UNSTATED]}


def cooperation_over_time(events: pd.DataFrame, event_cooperation: pd.DataFrame) -> pd.DataFrame:
    """Events per cooperation type and start year; undated events under year <NA> (counted, not dropped)."""
    frame = event_cooperation.merge(events[["event_id", "year", "open_ended"]], on="event_id", how="left")
    out = (frame.groupby(["cooperation_type", "year"], observed=True, dropna=False)["event_id"].nunique()
           .rename("events").reset_index())
    return out.sort_values(["year", "cooperation_type"], na_position="last").reset_index(drop=True)


def agency_cooperation_matrix(event_agencies: pd.DataFrame, event_cooperation: pd.DataFrame) -> pd.DataFrame:
    """Agency × cooperation type: events in which the agency takes part with that type of cooperation."""
    pairs = event_agencies[["event_id", "agency_id"]].merge(
        event_cooperation[["event_id", "cooperation_type"]].drop_duplicates(), on="event_id")
    matrix = pairs.groupby(["agency_id", "cooperation_type"], observed=True)["event_id"].nunique().unstack(fill_value=0)
    return matrix


CONTEXTS = ["tied to an incident", "one-off activity", "standing mechanism"]


def _context(events: pd.DataFrame) -> pd.Series:
    """Each event's context: an incident, an ongoing (standing) mechanism, or else a one-off activity."""
    ctx = pd.Series(CONTEXTS[1], index=events.index)
    return ctx.mask(events["category"] == "incident", CONTEXTS[0]).mask(events["status"] == "ongoing", CONTEXTS[2])


def cooperation_context(events: pd.DataFrame, event_cooperation: pd.DataFrame) -> pd.DataFrame:
    """Each cooperation type by context: tied to a specific incident, a one-off cooperation activity
    (a dialogue, a report, a scheduled meeting), or a standing mechanism (ongoing)."""
    frame = event_cooperation.merge(events[["event_id"]].assign(context=_context(events).values), on="event_id", how="left")
    frame["context"] = pd.Categorical(frame["context"], categories=CONTEXTS, ordered=True)
    out = frame.groupby(["cooperation_type", "context"], observed=True)["event_id"].nunique().rename("events").reset_index()
    return out.sort_values(["cooperation_type", "context"]).reset_index(drop=True)


def event_context(events: pd.DataFrame, event_cooperation: pd.DataFrame) -> pd.DataFrame:
    """Events that carry cooperation, counted by context (each event once)."""
    with_coop = events[events["event_id"].isin(event_cooperation["event_id"])]
    out = _context(with_coop).value_counts().reindex(CONTEXTS, fill_value=0).rename("events").rename_axis("context").reset_index()
    return out
