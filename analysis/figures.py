"""The project's figures: each is one call, from the loaded data and a language to a ``Chart``.

Each function takes the aggregation from ``analysis.aggregate`` and hands it, with bilingual labels and
the house colours, to one generic builder in ``analysis.charts``.
"""
from __future__ import annotations

import pandas as pd

from analysis import aggregate as agg
from analysis import charts, criticism, style
from analysis.load import EventData
from analysis.style import col, t

TITLES = {
    "events-by-type": {"en": "Events by type", "ar": "الأحداث حسب النوع"},
    "event-timeline": {"en": "Every dated event, drawn to the precision of its date", "ar": "كل الأحداث المؤرخة بحسب دقة تواريخها"},
    "incident-timeline": {"en": "Security incidents, drawn to the precision of their dates", "ar": "الحوادث الأمنية بحسب دقة تواريخها"},
    "incidents-per-year": {"en": "Dated security incidents per year", "ar": "الحوادث الأمنية المؤرخة في كل سنة"},
    "people-per-incident": {"en": "People arrested or killed, where the article states it", "ar": "المعتقلون والقتلى حيث يذكر المقال عددهم"},
    "incidents-by-place": {"en": "Security incidents by place, at the precision given", "ar": "الحوادث الأمنية حسب المكان وبالدقة المذكورة"},
    "incidents-by-actor": {"en": "Security incidents by actor on the other side", "ar": "الحوادث الأمنية حسب الجهة المستهدفة"},
    "agencies-incidents": {"en": "Agencies taking part in security incidents", "ar": "الجهات المشاركة في الحوادث الأمنية"},
    "agencies-cooperation": {"en": "Agencies taking part in cooperation activities", "ar": "الجهات المشاركة في أنشطة التعاون"},
    "co-involvement-matrix": {"en": "Agencies named in the same events", "ar": "الجهات المذكورة في الأحداث نفسها"},
    "co-involvement-network": {"en": "Who acts with whom", "ar": "من يعمل مع من"},
    "information-flows": {"en": "Who passes information or assistance to whom", "ar": "من ينقل المعلومات أو الدعم إلى من"},
    "cooperation-types": {"en": "Events per cooperation type (CAMEO code)", "ar": "الأحداث حسب نوع التعاون (رمز CAMEO)"},
    "cooperation-direction": {"en": "Cooperation types by stated direction", "ar": "أنواع التعاون حسب الاتجاه المذكور"},
    "cooperation-timeline": {"en": "Dated cooperation activities and mechanisms", "ar": "أنشطة التعاون وآلياته المؤرخة"},
    "agency-cooperation-matrix": {"en": "Agency × cooperation type", "ar": "الجهات × أنواع التعاون"},
    "cooperation-context": {"en": "Cooperation tied to incidents vs standing mechanisms", "ar": "تعاون مرتبط بحوادث مقابل آليات دائمة"},
    "claims-by-field": {"en": "The article's claims against the public record, by what is claimed",
                        "ar": "ادعاءات المقال في مواجهة السجل العام بحسب موضوع الادعاء"},
    "date-check": {"en": "The article's dates against the public record's", "ar": "تواريخ المقال في مواجهة تواريخ السجل العام"},
}
VERDICT_COLORS = {"confirmed": "#3f8f5a", "partly": "#b5a642", "contradicted": "#b8312f", "unverified": "#9e9e9e",
                  "not_stated": "#d9d9d9"}
SIDE_ORDER = ["Morocco", "United States", "Multilateral", "Other"]


def _title(key: str, lang: str) -> str:
    return TITLES[key][style.check_lang(lang)]


def _type_labels(data: EventData, lang: str) -> dict[str, str]:
    return dict(zip(data.event_types["event_type"], data.event_types[col("label", lang)]))


def _coop_labels(data: EventData, lang: str, cameo: bool = False) -> dict[str, str]:
    frame = data.cooperation_types
    labels = frame[col("label", lang)]
    if cameo:
        labels = labels + frame["cameo_code"].map(lambda c: f" ({c})" if isinstance(c, str) else " (—)")
    return dict(zip(frame["cooperation_type"], labels))


def _agency_labels(data: EventData, lang: str) -> dict[str, str]:
    a = data.agencies
    suffix = a["generic"].map({True: f" ({t('generic', lang)})", False: ""})
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
                             row[col("summary", lang)], f"{t('quote', lang)}: «{quote}»")


# ------------------------------------------------------------------ 01 the event table

def events_by_type(data: EventData, lang: str) -> charts.Chart:
    """Events per type, coloured by category (security incident or cooperation activity)."""
    e = data.events
    frame = (e.groupby(["event_type", "category"], observed=True)["event_id"].nunique().rename("events").reset_index()
             .astype({"event_type": "str", "category": "str"}))
    return charts.bar_chart(frame, category="event_type", value="events", color="category", lang=lang, name="events-by-type",
                            title=_title("events-by-type", lang), value_label=t("events", lang), n_events=len(e),
                            category_labels=_type_labels(data, lang), category_order=list(frame["event_type"]),
                            color_labels={c: t(c, lang) for c in ("incident", "cooperation")}, colors=style.CATEGORY_COLORS,
                            color_order=["incident", "cooperation"])


def event_timeline(data: EventData, lang: str) -> charts.Chart:
    """Every dated event as a dot (day) or a span (month, year, open period), coloured by category."""
    e = data.events
    dated = e[e["date_start"].notna()].sort_values(["date_start", "event_id"])
    types = _type_labels(data, lang)
    open_mark = " →" if lang == "en" else " ←"
    frame = dated.assign(
        row_label=[f"{style.ltr(i, lang)} · {style.ltr(d, lang)}{open_mark if o else ''} · {types[str(ty)]}"
                   for i, d, o, ty in zip(dated["event_id"], dated["date"], dated["open_ended"], dated["event_type"])],
        hover=[_hover_event(data, r, lang) for _, r in dated.iterrows()], cat=dated["category"].astype(str))
    frame = criticism.with_record_dates(frame, data, lang)
    undated = len(e) - len(dated)
    title = _title("event-timeline", lang) + (f" ({undated} undated not shown)" if lang == "en" else f" (لا تظهر {undated} بلا تاريخ)")
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="cat", lang=lang, name="event-timeline", title=title, n_events=len(frame),
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
    title = _title("incident-timeline", lang) + (f" ({undated} undated not shown)" if lang == "en" else f" (لا تظهر {undated} بلا تاريخ)")
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="type_", lang=lang, name="incident-timeline", title=title,
                             n_events=frame["event_id"].nunique(), color_labels=types, colors=style.EVENT_TYPE_COLORS,
                             hover="hover", color_order=list(types), **_record_args(lang))


def incidents_per_year(data: EventData, lang: str) -> charts.Chart:
    frame = agg.incidents_per_year(data.events)
    frame = frame.assign(year=frame["year"].astype(int).astype(str), event_type=frame["event_type"].astype(str))
    years = [str(y) for y in range(int(frame["year"].min()), int(frame["year"].max()) + 1)]
    return charts.bar_chart(frame, category="year", value="events", color="event_type", lang=lang, name="incidents-per-year",
                            title=_title("incidents-per-year", lang), value_label=t("events", lang),
                            n_events=int(frame["events"].sum()), color_labels=_type_labels(data, lang),
                            colors=style.EVENT_TYPE_COLORS, category_order=years, color_order=list(_type_labels(data, lang)),
                            horizontal=False)


def people_per_incident(data: EventData, lang: str) -> charts.Chart:
    frame = agg.people_by_incident(data.events)
    types = _type_labels(data, lang)
    label = {e: f"{style.ltr(e, lang)} · {types[str(ty)]} · {style.ltr(d, lang) if isinstance(d, str) else t('undated', lang)}"
             for e, ty, d in zip(frame["event_id"], frame["event_type"], frame["date"])}
    stated_any = frame.groupby("event_id")["stated"].any()
    none_stated = sorted(stated_any.index[~stated_any])
    s = agg.incident_summary(data.events)
    if lang == "en":
        title = (f"{_title('people-per-incident', lang)}: {s['arrested_stated_events']} of {s['incidents']} incidents give arrests, "
                 f"{s['killed_stated_events']} give deaths")
    else:
        title = (f"{_title('people-per-incident', lang)}: {s['arrested_stated_events']} من {s['incidents']} حوادث تذكر عدد المعتقلين "
                 f"و{s['killed_stated_events']} تذكر عدد القتلى")
    category_labels = label
    stated = frame[frame["stated"]].assign(people=lambda f: f["people"].astype(int))
    return charts.bar_chart(stated, category="event_id", value="people", color="measure", lang=lang, name="people-per-incident",
                            title=title, value_label=t("people", lang), n_events=frame["event_id"].nunique(),
                            category_labels=category_labels, category_order=sorted(label),
                            color_labels={"arrested": t("arrested", lang), "killed": t("killed", lang)},
                            colors={"arrested": "#c0562b", "killed": "#8c1c13"}, color_order=["arrested", "killed"],
                            missing_label="not stated" if lang == "en" else "غير مذكور")


def incidents_by_place(data: EventData, lang: str) -> charts.Chart:
    frame = agg.incidents_by_place(data.events).assign(event_type=lambda f: f["event_type"].astype(str))
    place = col("place", lang)
    return charts.bar_chart(frame, category=place, value="events", color="event_type", lang=lang, name="incidents-by-place",
                            title=_title("incidents-by-place", lang), value_label=t("events", lang),
                            n_events=int(frame["events"].sum()), color_labels=_type_labels(data, lang),
                            colors=style.EVENT_TYPE_COLORS, color_order=list(_type_labels(data, lang)))


def incidents_by_actor(data: EventData, lang: str) -> charts.Chart:
    frame = agg.incidents_by_actor(data.events, data.event_actors, data.actors).assign(event_type=lambda f: f["event_type"].astype(str))
    n = data.events.loc[data.events["category"] == "incident", "event_id"].nunique()
    return charts.bar_chart(frame, category=col("name", lang), value="events", color="event_type", lang=lang,
                            name="incidents-by-actor", title=_title("incidents-by-actor", lang), value_label=t("events", lang),
                            n_events=n, color_labels=_type_labels(data, lang), colors=style.EVENT_TYPE_COLORS,
                            color_order=list(_type_labels(data, lang)))


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
                                mask_diagonal=True)


def _node_table(data: EventData, ids: list[str], size: pd.Series, lang: str) -> pd.DataFrame:
    """Nodes in three columns by side (Morocco, multilateral and others, United States), mirrored in Arabic."""
    a = data.agencies.set_index("agency_id")
    column = {"Morocco": 0.0, "Multilateral": 1.0, "Other": 1.0, "United States": 2.0}
    rows = []
    for agency in _agency_order(data, ids):
        x = column[str(a.at[agency, "side"])]
        rows.append({"id": agency, "x": 2.0 - x if style.is_rtl(lang) else x, "group": str(a.at[agency, "side"]),
                     "generic": bool(a.at[agency, "generic"]), "size": int(size.get(agency, 0)),
                     "label": _agency_labels(data, lang)[agency]})
    nodes = pd.DataFrame(rows)
    nodes["y"] = -nodes.groupby("x").cumcount().astype(float)
    nodes["y"] = nodes["y"] - nodes.groupby("x")["y"].transform("mean")  # centre each column
    return nodes


def co_involvement_network(data: EventData, lang: str) -> charts.Chart:
    pairs = agg.co_involvement_pairs(data.event_agencies)
    ids = sorted(set(pairs["agency_id"]) | set(pairs["with_agency_id"]))
    size = data.event_agencies.groupby("agency_id")["event_id"].nunique()
    nodes = _node_table(data, ids, size, lang)
    edges = pairs.rename(columns={"agency_id": "source", "with_agency_id": "target", "events": "weight"})
    n = int(data.event_agencies.groupby("event_id")["agency_id"].nunique().gt(1).sum())
    return charts.graph_chart(nodes, edges, lang=lang, name="co-involvement-network", title=_title("co-involvement-network", lang),
                              n_events=n, directed=False, colors=style.SIDE_COLORS,
                              legend_labels={s: t(s, lang) for s in SIDE_ORDER if s in set(nodes["group"])},
                              edge_label="events" if lang == "en" else "أحداث")


def information_flows(data: EventData, lang: str) -> charts.Chart:
    flows = agg.flow_counts(data.flows)
    ids = sorted(set(flows["source"]) | set(flows["target"]))
    size = data.flows.melt(id_vars="event_id", value_vars=["source", "target"]).groupby("value")["event_id"].nunique()
    nodes = _node_table(data, ids, size, lang)
    edges = flows.rename(columns={"events": "weight"})
    return charts.graph_chart(nodes, edges, lang=lang, name="information-flows", title=_title("information-flows", lang),
                              n_events=data.flows["event_id"].nunique(), directed=True, colors=style.SIDE_COLORS,
                              legend_labels={s: t(s, lang) for s in SIDE_ORDER if s in set(nodes["group"])},
                              edge_label="events" if lang == "en" else "أحداث")


# ------------------------------------------------------------------ 04 cooperation types

def cooperation_types(data: EventData, lang: str) -> charts.Chart:
    frame = agg.cooperation_counts(data.event_cooperation, data.cooperation_types).assign(all="all")
    frame["cooperation_type"] = frame["cooperation_type"].astype(str)
    return charts.bar_chart(frame, category="cooperation_type", value="events", color=None, lang=lang, name="cooperation-types",
                            title=_title("cooperation-types", lang), value_label=t("events", lang),
                            n_events=data.event_cooperation["event_id"].nunique(),
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
                            category_labels=_coop_labels(data, lang), category_order=order,
                            color_labels={d: t(d, lang) for d in directions}, colors=style.DIRECTION_COLORS,
                            color_order=directions)


def cooperation_timeline(data: EventData, lang: str) -> charts.Chart:
    events = data.events
    coop = events[events["event_id"].isin(data.event_cooperation["event_id"]) & (events["category"] == "cooperation")]
    dated = coop[coop["date_start"].notna()].sort_values(["date_start", "event_id"])
    types = _type_labels(data, lang)
    open_mark = " →" if lang == "en" else " ←"
    frame = dated.assign(
        row_label=[f"{style.ltr(d, lang)}{open_mark if o else ''} · {types[str(e)]}"
                   for d, o, e in zip(dated["date"], dated["open_ended"], dated["event_type"])],
        hover=[_hover_event(data, r, lang) for _, r in dated.iterrows()], type_=dated["event_type"].astype(str))
    frame = criticism.with_record_dates(frame, data, lang)
    undated = len(coop) - len(dated)
    title = _title("cooperation-timeline", lang) + (f" ({undated} undated not shown)" if lang == "en" else f" (لا تظهر {undated} بلا تاريخ)")
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="type_", lang=lang, name="cooperation-timeline", title=title, n_events=len(frame),
                             color_labels=types, colors=style.EVENT_TYPE_COLORS, hover="hover", color_order=list(types),
                             **_record_args(lang))


def agency_cooperation_matrix(data: EventData, lang: str) -> charts.Chart:
    matrix = agg.agency_cooperation_matrix(data.event_agencies, data.event_cooperation)
    matrix = matrix.loc[_agency_order(data, list(matrix.index))]
    matrix = matrix[[c for c in data.cooperation_types["cooperation_type"] if c in matrix.columns]]
    n = data.event_agencies.loc[data.event_agencies["event_id"].isin(data.event_cooperation["event_id"]), "event_id"].nunique()
    return charts.heatmap_chart(matrix, lang=lang, name="agency-cooperation-matrix", title=_title("agency-cooperation-matrix", lang),
                                n_events=int(n), row_labels=_agency_labels(data, lang), col_labels=_coop_labels(data, lang),
                                value_label=t("events", lang))


def cooperation_context(data: EventData, lang: str) -> charts.Chart:
    frame = agg.cooperation_context(data.events, data.event_cooperation)
    frame = frame.assign(cooperation_type=frame["cooperation_type"].astype(str), context=frame["context"].astype(str))
    order = [c for c in data.cooperation_types["cooperation_type"] if c in set(frame["cooperation_type"])]
    return charts.bar_chart(frame, category="cooperation_type", value="events", color="context", lang=lang,
                            name="cooperation-context", title=_title("cooperation-context", lang), value_label=t("events", lang),
                            n_events=data.event_cooperation["event_id"].nunique(), category_labels=_coop_labels(data, lang),
                            category_order=order, color_labels={c: t(c, lang) for c in agg.CONTEXTS},
                            colors=style.CONTEXT_COLORS, color_order=agg.CONTEXTS)


# ------------------------------------------------------------------ 05 source criticism

def claims_by_field(data: EventData, lang: str) -> charts.Chart:
    """Claims per field, stacked by verdict: how much of what the article says the record bears out."""
    frame = criticism.verdict_counts(data)
    fields = [f for f in criticism.FIELDS if f in set(frame["field"])]
    verdicts = list(criticism.VERDICTS)
    return charts.bar_chart(frame, category="field", value="claims", color="verdict", lang=lang, name="claims-by-field",
                            title=_title("claims-by-field", lang), value_label=t("claims", lang),
                            n_events=int(data.claims["event_id"].nunique()),
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


ALL = {
    "events-by-type": events_by_type, "event-timeline": event_timeline,
    "incident-timeline": incident_timeline, "incidents-per-year": incidents_per_year, "people-per-incident": people_per_incident,
    "incidents-by-place": incidents_by_place, "incidents-by-actor": incidents_by_actor,
    "agencies-incidents": lambda d, lang: agency_involvement(d, lang, "incident"),
    "agencies-cooperation": lambda d, lang: agency_involvement(d, lang, "cooperation"),
    "co-involvement-matrix": co_involvement_matrix, "co-involvement-network": co_involvement_network,
    "information-flows": information_flows, "cooperation-types": cooperation_types,
    "cooperation-direction": cooperation_by_direction, "cooperation-timeline": cooperation_timeline,
    "agency-cooperation-matrix": agency_cooperation_matrix, "cooperation-context": cooperation_context,
    "claims-by-field": claims_by_field, "date-check": date_check,
}
