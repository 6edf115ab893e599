"""The project's figures: each is one call, from the loaded data and a language to a ``Chart``.

Each function takes the aggregation from ``analysis.aggregate`` and hands it, with bilingual labels and
the house colours, to one generic builder in ``analysis.charts``.
"""
from __future__ import annotations

import pandas as pd

from analysis import aggregate as agg
from analysis import charts, criticism, style
from analysis.i18n import _, n_
from analysis.load import EventData
from analysis.style import col, t


def _titles(lang: str) -> dict[str, str]:
    """Every figure's title in ``lang`` (the Arabic from the catalog ``charts.po``)."""
    return {
        "events-by-type": _("Events by type", lang),
        "event-timeline": _("Every dated event, drawn to the precision of its date", lang),
        "incident-timeline": _("Security incidents, drawn to the precision of their dates", lang),
        "agencies-incidents": _("Agencies taking part in security incidents", lang),
        "agencies-cooperation": _("Agencies taking part in cooperation activities", lang),
        "co-involvement-matrix": _("Agencies named in the same events", lang),
        "cooperation-types": _("Events per cooperation type (CAMEO code)", lang),
        "cooperation-direction": _("Cooperation types by stated direction", lang),
        "cooperation-timeline": _("Dated cooperation activities and mechanisms", lang),
        "agency-cooperation-matrix": _("Agency × cooperation type", lang),
        "claims-by-field": _("The article's claims against the public record, by what is claimed", lang),
        "date-check": _("The article's dates against the public record's", lang),
    }


VERDICT_COLORS = {"confirmed": "#3f8f5a", "partly": "#b5a642", "contradicted": "#b8312f", "unverified": "#9e9e9e",
                  "not_stated": "#d9d9d9"}
SIDE_ORDER = ["Morocco", "United States", "Multilateral", "Other"]


def _title(key: str, lang: str) -> str:
    return _titles(style.check_lang(lang))[key]


def _undated(n: int, lang: str) -> str:
    """The title's note for the items a timeline cannot place."""
    return n_("({n} undated, not shown)", "({n} undated, not shown)", n, lang) if n else ""


OPEN_END = " →"  # an open period runs on to the right: time runs left to right in both languages


def _type_labels(data: EventData, lang: str) -> dict[str, str]:
    return dict(zip(data.event_types["event_type"], data.event_types[col("label", lang)]))


def _coop_labels(data: EventData, lang: str, cameo: bool = False) -> dict[str, str]:
    frame = data.cooperation_types
    labels = frame[col("label", lang)]
    if cameo:
        labels = labels + frame["cameo_code"].map(lambda c: f" ({c})" if isinstance(c, str) else " (—)")
    return dict(zip(frame["cooperation_type"], labels))


def _agency_labels(data: EventData, lang: str) -> dict[str, str]:
    """Short labels; a generic body is marked "(unnamed)", in Arabic in agreement with its noun's gender
    (``gender_ar``: مسمّى for a masculine noun, مسمّاة for a feminine one such as المخابرات)."""
    a = data.agencies
    gender = a["gender_ar"] if "gender_ar" in a.columns else pd.Series("m", index=a.index)
    unnamed = {"m": _("unnamed", lang), "f": _("unnamed (of a feminine noun)", lang) if lang == "ar" else _("unnamed", lang)}
    suffix = [f" ({unnamed.get(g if isinstance(g, str) else 'm', unnamed['m'])})" if generic else ""
              for generic, g in zip(a["generic"], gender)]
    return dict(zip(a["agency_id"], a[col("label", lang)] + suffix))


def _generic_ids(data: EventData) -> set[str]:
    return set(data.agencies.loc[data.agencies["generic"], "agency_id"])


def _side_labels(lang: str) -> dict[str, str]:
    return {s: t(s, lang) for s in SIDE_ORDER}


def _quote(data: EventData, event_id: str) -> str:
    m = data.mentions[data.mentions["event_id"] == event_id].sort_values("char_start")
    return m["quote"].iloc[0] if len(m) else ""


def _record_args(lang: str, label: str = "record_date") -> dict:
    """The span_chart arguments that draw the record's date beside the article's (``with_record_dates``)."""
    return {"record": {"start": "record_start", "stop": "record_stop", "precision": "record_precision", "note": "record_note"},
            "record_label": t(label, lang)}


def _hover_event(data: EventData, row: pd.Series, lang: str) -> str:
    quote = _quote(data, row["event_id"])
    when = style.ltr(row["date"], lang) if isinstance(row["date"], str) else t("undated", lang)
    return charts.hover_text(f"{style.ltr(row['event_id'], lang)} · {when}",
                             row[col("summary", lang)], _("Quote: «{quote}»", lang, quote=quote), lang=lang)


# ------------------------------------------------------------------ 01 the event table

def events_by_type(data: EventData, lang: str) -> charts.Chart:
    """Events per type, coloured by category (security incident or cooperation activity)."""
    e = data.events
    frame = (e.groupby(["event_type", "category"], observed=True)["event_id"].nunique().rename("events").reset_index()
             .astype({"event_type": "str", "category": "str"}))
    return charts.bar_chart(frame, category="event_type", value="events", color="category", lang=lang, name="events-by-type",
                            title=_title("events-by-type", lang), value_label=t("events", lang), n_events=len(e),
                            count_note=_("each event has one type", lang),
                            category_labels=_type_labels(data, lang), category_order=list(frame["event_type"]),
                            color_labels={c: t(c, lang) for c in ("incident", "cooperation")}, colors=style.CATEGORY_COLORS,
                            color_order=["incident", "cooperation"])


def event_timeline(data: EventData, lang: str) -> charts.Chart:
    """Every dated event as a dot (day) or a span (month, year, open period), coloured by category."""
    e = data.events
    dated = e[e["date_start"].notna()].sort_values(["date_start", "event_id"])
    types = _type_labels(data, lang)
    frame = dated.assign(
        row_label=[f"{style.ltr(i, lang)} · {style.ltr(d + (OPEN_END if o else ''), lang)} · {types[str(ty)]}"
                   for i, d, o, ty in zip(dated["event_id"], dated["date"], dated["open_ended"], dated["event_type"])],
        hover=[_hover_event(data, r, lang) for _, r in dated.iterrows()], cat=dated["category"].astype(str))
    frame = criticism.with_record_dates(frame, data, lang)
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="cat", lang=lang, name="event-timeline", title=_title("event-timeline", lang),
                             n_events=len(frame), title_note=_undated(len(e) - len(dated), lang),
                             color_labels={c: t(c, lang) for c in ("incident", "cooperation")}, colors=style.CATEGORY_COLORS,
                             hover="hover", color_order=["incident", "cooperation"], **_record_args(lang))


# ------------------------------------------------------------------ 02 incident frequency

def incident_timeline(data: EventData, lang: str) -> charts.Chart:
    frame = agg.incident_timeline(data.events, data.mentions)
    types = _type_labels(data, lang)
    country = frame["country"].map(lambda c: style.COUNTRY_NAMES.get(c, {}).get(lang, c) if isinstance(c, str) else "—")
    place = frame["location" if lang == "en" else "location_ar"].fillna(country)
    frame = frame.assign(
        row_label=[f"{style.ltr(d, lang)} · {types[e]} · {p}" for d, e, p in zip(frame["date"], frame["event_type"].astype(str), place)],
        hover=[_hover_event(data, r, lang) for _, r in data.events.set_index("event_id").loc[frame["event_id"]].reset_index().iterrows()],
        type_=frame["event_type"].astype(str))
    frame = criticism.with_record_dates(frame, data, lang)
    undated = int(agg.incident_summary(data.events)["undated"])
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="type_", lang=lang, name="incident-timeline", title=_title("incident-timeline", lang),
                             n_events=frame["event_id"].nunique(), title_note=_undated(undated, lang), color_labels=types, colors=style.EVENT_TYPE_COLORS,
                             hover="hover", color_order=list(types), **_record_args(lang))


# ------------------------------------------------------------------ 03 agency involvement

def agency_involvement(data: EventData, lang: str, category: str) -> charts.Chart:
    """Events per agency within one category (``incident`` or ``cooperation``), coloured by side;
    generic (unnamed) agencies drawn paler and hatched."""
    frame = agg.agency_involvement(data.events, data.event_agencies)
    frame = frame[frame["category"] == category].assign(side=lambda f: f["side"].astype(str))
    order = list(frame.sort_values(["side", "generic", "events", "agency_id"], ascending=[True, True, False, True])["agency_id"])
    order = sorted(order, key=lambda a: (SIDE_ORDER.index(frame.set_index("agency_id").at[a, "side"]), a in _generic_ids(data),
                                         -frame.set_index("agency_id").at[a, "events"], a))
    n = data.events.loc[data.events["category"] == category, "event_id"]
    n = data.event_agencies.loc[data.event_agencies["event_id"].isin(n), "event_id"].nunique()
    key = "agencies-incidents" if category == "incident" else "agencies-cooperation"
    return charts.bar_chart(frame, category="agency_id", value="events", color="side", lang=lang, name=key,
                            title=_title(key, lang), value_label=t("events", lang), n_events=n,
                            count_note=_("an event can name several agencies", lang),
                            category_labels=_agency_labels(data, lang), category_order=order,
                            color_labels=_side_labels(lang), colors=style.SIDE_COLORS, color_order=SIDE_ORDER,
                            hatched=_generic_ids(data))


def _agency_order(data: EventData, ids: list[str]) -> list[str]:
    a = data.agencies.set_index("agency_id")
    return sorted(ids, key=lambda i: (SIDE_ORDER.index(str(a.at[i, "side"])), bool(a.at[i, "generic"]), i))


def co_involvement_matrix(data: EventData, lang: str) -> charts.Chart:
    matrix = agg.co_involvement(data.event_agencies)
    pairs = agg.co_involvement_pairs(data.event_agencies)
    linked = _agency_order(data, sorted(set(pairs["agency_id"]) | set(pairs["with_agency_id"])))
    matrix = matrix.loc[linked, linked]
    n = data.event_agencies.groupby("event_id")["agency_id"].nunique().gt(1).sum()
    labels = _agency_labels(data, lang)
    return charts.heatmap_chart(matrix, lang=lang, name="co-involvement-matrix", title=_title("co-involvement-matrix", lang),
                                n_events=int(n), row_labels=labels, col_labels=labels, value_label=t("events", lang),
                                count_note=_("each names two or more agencies", lang),
                                mask_diagonal=True)


# ------------------------------------------------------------------ 04 cooperation types

def cooperation_types(data: EventData, lang: str) -> charts.Chart:
    frame = agg.cooperation_counts(data.event_cooperation, data.cooperation_types).assign(all="all")
    frame["cooperation_type"] = frame["cooperation_type"].astype(str)
    return charts.bar_chart(frame, category="cooperation_type", value="events", color=None, lang=lang, name="cooperation-types",
                            title=_title("cooperation-types", lang), value_label=t("events", lang),
                            n_events=data.event_cooperation["event_id"].nunique(),
                            count_note=_("an event can carry several types", lang),
                            category_labels=_coop_labels(data, lang, cameo=True),
                            category_order=list(frame["cooperation_type"]), colors={"all": "#2f7f9e"})


def cooperation_by_direction(data: EventData, lang: str) -> charts.Chart:
    frame = agg.cooperation_by_direction(data.event_cooperation)
    frame = frame.assign(cooperation_type=frame["cooperation_type"].astype(str), direction=frame["direction"].astype(str))
    order = [c for c in data.cooperation_types["cooperation_type"] if c in set(frame["cooperation_type"])]
    directions = ["MA>US", "US>MA", "mutual", agg.UNSTATED]
    return charts.bar_chart(frame, category="cooperation_type", value="events", color="direction", lang=lang,
                            name="cooperation-direction", title=_title("cooperation-direction", lang),
                            value_label=t("events", lang), n_events=data.event_cooperation["event_id"].nunique(),
                            count_note=_("an event can carry several types", lang),
                            category_labels=_coop_labels(data, lang), category_order=order,
                            color_labels={d: t(d, lang) for d in directions}, colors=style.DIRECTION_COLORS,
                            color_order=directions)


def cooperation_timeline(data: EventData, lang: str) -> charts.Chart:
    events = data.events
    coop = events[events["event_id"].isin(data.event_cooperation["event_id"]) & (events["category"] == "cooperation")]
    dated = coop[coop["date_start"].notna()].sort_values(["date_start", "event_id"])
    types = _type_labels(data, lang)
    frame = dated.assign(
        row_label=[f"{style.ltr(d + (OPEN_END if o else ''), lang)} · {types[str(e)]}"
                   for d, o, e in zip(dated["date"], dated["open_ended"], dated["event_type"])],
        hover=[_hover_event(data, r, lang) for _, r in dated.iterrows()], type_=dated["event_type"].astype(str))
    frame = criticism.with_record_dates(frame, data, lang)
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="type_", lang=lang, name="cooperation-timeline", title=_title("cooperation-timeline", lang),
                             n_events=len(frame), title_note=_undated(len(coop) - len(dated), lang),
                             color_labels=types, colors=style.EVENT_TYPE_COLORS, hover="hover", color_order=list(types),
                             **_record_args(lang))


def agency_cooperation_matrix(data: EventData, lang: str) -> charts.Chart:
    matrix = agg.agency_cooperation_matrix(data.event_agencies, data.event_cooperation)
    matrix = matrix.loc[_agency_order(data, list(matrix.index))]
    matrix = matrix[[c for c in data.cooperation_types["cooperation_type"] if c in matrix.columns]]
    n = data.event_agencies.loc[data.event_agencies["event_id"].isin(data.event_cooperation["event_id"]), "event_id"].nunique()
    return charts.heatmap_chart(matrix, lang=lang, name="agency-cooperation-matrix", title=_title("agency-cooperation-matrix", lang),
                                n_events=int(n), row_labels=_agency_labels(data, lang), col_labels=_coop_labels(data, lang),
                                value_label=t("events", lang),
                                count_note=_("an event can name several agencies and types", lang))


# ------------------------------------------------------------------ 05 source criticism

def claims_by_field(data: EventData, lang: str) -> charts.Chart:
    """Claims per field, stacked by verdict: how much of what the article says the record bears out."""
    frame = criticism.verdict_counts(data)
    fields = [f for f in criticism.FIELDS if f in set(frame["field"])]
    verdicts = list(criticism.VERDICTS)
    return charts.bar_chart(frame, category="field", value="claims", color="verdict", lang=lang, name="claims-by-field",
                            title=_title("claims-by-field", lang), value_label=t("claims", lang),
                            n_events=int(data.claims["event_id"].nunique()),
                            count_note=style.count(len(data.claims), "claim", lang),
                            category_labels={f: t(f"field_{f}", lang) for f in fields}, category_order=fields,
                            color_labels={v: t(v, lang) for v in verdicts}, colors=VERDICT_COLORS, color_order=verdicts)


def date_check(data: EventData, lang: str) -> charts.Chart:
    """Every event whose date the record speaks to: the article's date (coloured by verdict) and the
    record's (hollow), each drawn to its precision, joined by a dotted line."""
    frame = criticism.date_checks(data)
    types = _type_labels(data, lang)
    events = data.events.set_index("event_id", drop=False)
    frame = frame.assign(
        row_label=[f"{style.ltr(e, lang)} · {types[ty]}" for e, ty in zip(frame["event_id"], frame["event_type"])],
        hover=[_hover_event(data, events.loc[e], lang) for e in frame["event_id"]],
        record_note=[t("record_says", lang, value=style.ltr(v, lang)) for v in frame["record_date"]])
    verdicts = [v for v in criticism.VERDICTS if v in set(frame["verdict"])]
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="verdict", lang=lang, name="date-check", title=_title("date-check", lang),
                             n_events=int(frame["event_id"].nunique()), color_labels={v: t(v, lang) for v in verdicts},
                             colors=VERDICT_COLORS, hover="hover", color_order=verdicts, **_record_args(lang, "record_date_all"))


# Every figure, by the name of its files (``<name>.<lang>.png``): ``ALL[name](data, LANG)`` returns its ``Chart``.
ALL = {
    "events-by-type": events_by_type, "event-timeline": event_timeline, "incident-timeline": incident_timeline,
    "agencies-incidents": lambda d, lang: agency_involvement(d, lang, "incident"),
    "agencies-cooperation": lambda d, lang: agency_involvement(d, lang, "cooperation"),
    "co-involvement-matrix": co_involvement_matrix, "cooperation-types": cooperation_types,
    "cooperation-direction": cooperation_by_direction, "cooperation-timeline": cooperation_timeline,
    "agency-cooperation-matrix": agency_cooperation_matrix, "claims-by-field": claims_by_field, "date-check": date_check,
}
