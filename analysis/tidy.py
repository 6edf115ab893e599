"""Tidy long views of the ';'-separated columns: one row per event × agency, cooperation type, actor, flow."""
from __future__ import annotations

import pandas as pd


def split_list(frame: pd.DataFrame, column: str, into: str) -> pd.DataFrame:
    """One row per (event_id, item) of a ';'-separated column; empty cells give no row.

    Spaces around items are stripped and empty items dropped (``"A; ;B"`` → A, B); the index is reset
    so no duplicate labels survive the explode.
    """
    long = (frame[["event_id", column]]
            .assign(**{into: frame[column].fillna("").astype(str).str.split(";")})
            .drop(columns=column)
            .explode(into))
    long[into] = long[into].str.strip()
    return long[long[into].fillna("") != ""].reset_index(drop=True)


def event_agencies(events: pd.DataFrame, agencies: pd.DataFrame) -> pd.DataFrame:
    """Event × agency, with the agency's country, side, kind and generic flag."""
    long = split_list(events, "agencies", "agency_id")
    cols = ["agency_id", "name_en", "name_ar", "label_en", "label_ar", "country", "side", "kind", "generic"]
    return long.merge(agencies[cols], on="agency_id", how="left", validate="many_to_one")


def event_cooperation(events: pd.DataFrame, cooperation_types: pd.DataFrame) -> pd.DataFrame:
    """Event × cooperation type × stated direction (``<NA>`` where the text states none)."""
    long = split_list(events, "cooperation_types", "item")
    parts = long["item"].str.partition("@")
    long = long.assign(cooperation_type=parts[0], direction=parts[2].replace("", pd.NA)).drop(columns="item")
    order = list(cooperation_types["cooperation_type"])
    long["cooperation_type"] = pd.Categorical(long["cooperation_type"], categories=order, ordered=True)
    long["direction"] = pd.Categorical(long["direction"], categories=["MA>US", "US>MA", "mutual"])
    return long


def event_actors(events: pd.DataFrame) -> pd.DataFrame:
    """Event × actor on the other side."""
    return split_list(events, "actors", "actor_id")


def event_flows(events: pd.DataFrame) -> pd.DataFrame:
    """Event × stated flow of information or assistance, as source and target agency ids."""
    long = split_list(events, "flows", "flow")
    parts = long["flow"].str.partition(">")
    return long.assign(source=parts[0], target=parts[2]).drop(columns="flow")
