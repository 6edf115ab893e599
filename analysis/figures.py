"""The project's figures: each is one call, from the loaded data and a language to a ``Chart``.

Each function takes the aggregation from ``analysis.aggregate`` and hands it, with bilingual labels and
the house colours, to one generic builder in ``analysis.charts``.
"""
from __future__ import annotations

import pandas as pd

from analysis import aggregate as agg
from analysis import charts, criticism, style, tables
from analysis.i18n import _, n_
from analysis.load import EventData
from analysis.style import col, t


def _titles(lang: str) -> dict[str, str]:
    """Every figure's title in ``lang`` (the Arabic from the catalog ``charts.po``)."""
    return {
        "event-timeline": _("Every dated event, drawn to the precision of its date", lang),
        "incident-timeline": _("Security incidents, drawn to the precision of their dates", lang),
        "agencies-incidents": _("Agencies taking part in security incidents", lang),
        "agencies-cooperation": _("Agencies taking part in cooperation activities", lang),
        "cooperation-types": _("Events per cooperation type (CAMEO code)", lang),
        "cooperation-direction": _("Cooperation types by stated direction", lang),
        "cooperation-timeline": _("Dated cooperation activities and mechanisms", lang),
        "claims-by-field": _("The article's claims against the public record, by what is claimed", lang),
        "date-check": _("How far the article's dates lie from the public record's", lang),
    }


VERDICT_COLORS = {"confirmed": "#3f8f5a", "partly": "#b5a642", "contradicted": "#b8312f", "unverified": "#9e9e9e",
                  "not_stated": "#d9d9d9"}
SIDE_ORDER = ["Morocco", "United States", "Multilateral", "Other"]


def _title(key: str, lang: str) -> str:
    return _titles(style.check_lang(lang))[key]


def _undated(n: int, lang: str) -> str:
    """The title's note for the items a timeline cannot place."""
    return n_("({n} undated, not shown)", "({n} undated, not shown)", n, lang) if n else ""


def _when(date: str, open_ended: bool, lang: str) -> str:
    """A row label's date: "2022-03-26", or "since 2001" / «منذ 2001» for a period still running (words, not an
    arrow, which reads backwards in Arabic)."""
    when = style.ltr(date, lang)
    return _("since {date}", lang, date=when) if open_ended else when


def _sources_of(data: EventData, claims: pd.DataFrame) -> int:
    """How many record sources the given claims rest on."""
    cited = claims["sources"].dropna().astype(str).str.split(";").explode().str.strip()
    return int(cited[cited != ""].nunique())


def source_line(data: EventData, lang: str, claims: pd.DataFrame | None = None, marks: pd.DataFrame | None = None) -> str:
    """The chart's source line, naming what it rests on: the article alone; the article with the record's dates
    drawn beside it (``marks``: the rows of a timeline, whose ``record_note`` is set where the record's date is
    drawn); or the article's claims against the record (``claims``: the claims drawn)."""
    if claims is not None:
        return _("Sources: the claims of Al-Araby Al-Jadeed, 8 May 2022; the verdicts from the public record, {sources} "
                 "(notebook 05)", lang, sources=style.count(_sources_of(data, claims), "source", lang))
    drawn_ids = set() if marks is None else set(marks.loc[marks["record_note"].notna(), "event_id"])
    if drawn_ids:
        drawn = data.claims[(data.claims["field"] == "date") & (data.claims["verdict"] == "contradicted")
                            & data.claims["event_id"].isin(drawn_ids)]
        return _("Sources: Al-Araby Al-Jadeed, 8 May 2022 (curated event table); the hollow dates from the public "
                 "record, {sources} (notebook 05)", lang, sources=style.count(_sources_of(data, drawn), "source", lang))
    return t("source", lang)


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
    (``tables.unnamed``)."""
    a = data.agencies
    gender = a["gender_ar"] if "gender_ar" in a.columns else pd.Series("m", index=a.index)
    suffix = [f" ({tables.unnamed(g, lang)})" if generic else "" for generic, g in zip(a["generic"], gender)]
    return dict(zip(a["agency_id"], a[col("label", lang)] + suffix))


def _generic_ids(data: EventData) -> set[str]:
    return set(data.agencies.loc[data.agencies["generic"], "agency_id"])


def _side_labels(lang: str) -> dict[str, str]:
    return {s: t(s, lang) for s in SIDE_ORDER}


def _quote(data: EventData, event_id: str) -> str:
    m = data.mentions[data.mentions["event_id"] == event_id].sort_values("char_start")
    return m["quote"].iloc[0] if len(m) else ""


def _record_args(lang: str) -> dict:
    """The span_chart arguments that draw the record's date beside the article's (``with_record_dates``)."""
    return {"record": {"start": "record_start", "stop": "record_stop", "precision": "record_precision", "note": "record_note"},
            "record_label": t("record_date", lang), "record_period_label": t("record_period", lang)}


def _hover_event(data: EventData, row: pd.Series, lang: str) -> str:
    quote = _quote(data, row["event_id"])
    when = style.ltr(row["date"], lang) if isinstance(row["date"], str) else t("undated", lang)
    return charts.hover_text(f"{style.ltr(row['event_id'], lang)} · {when}",
                             row[col("summary", lang)], _("Quote: «{quote}»", lang, quote=quote), lang=lang)


# ------------------------------------------------------------------ 01 the event table

def event_timeline(data: EventData, lang: str) -> charts.Chart:
    """Every dated event as a dot (day) or a span (month, year, open period), coloured by category."""
    e = data.events
    dated = e[e["date_start"].notna()].sort_values(["date_start", "event_id"])
    types = _type_labels(data, lang)
    frame = dated.assign(
        row_label=[f"{style.ltr(i, lang)} · {_when(d, o, lang)} · {types[str(ty)]}"
                   for i, d, o, ty in zip(dated["event_id"], dated["date"], dated["open_ended"], dated["event_type"])],
        hover=[_hover_event(data, r, lang) for _, r in dated.iterrows()], cat=dated["category"].astype(str))
    frame = criticism.with_record_dates(frame, data, lang)
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="cat", lang=lang, name="event-timeline", title=_title("event-timeline", lang),
                             n_events=len(frame), title_note=_undated(len(e) - len(dated), lang),
                             color_labels={c: t(c, lang) for c in ("incident", "cooperation")}, colors=style.CATEGORY_COLORS,
                             hover="hover", color_order=["incident", "cooperation"], **_record_args(lang),
                             source=source_line(data, lang, marks=frame))


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
                             hover="hover", color_order=list(types), **_record_args(lang),
                             source=source_line(data, lang, marks=frame))


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
                            count_note=_("an event can carry several types, and one type in two directions", lang),
                            category_labels=_coop_labels(data, lang), category_order=order,
                            color_labels={d: t(d, lang) for d in directions}, colors=style.DIRECTION_COLORS,
                            color_order=directions, value_labels="segments")


def cooperation_timeline(data: EventData, lang: str) -> charts.Chart:
    events = data.events
    coop = events[events["event_id"].isin(data.event_cooperation["event_id"]) & (events["category"] == "cooperation")]
    dated = coop[coop["date_start"].notna()].sort_values(["date_start", "event_id"])
    types = _type_labels(data, lang)
    frame = dated.assign(
        row_label=[f"{_when(d, o, lang)} · {types[str(e)]}"
                   for d, o, e in zip(dated["date"], dated["open_ended"], dated["event_type"])],
        hover=[_hover_event(data, r, lang) for _, r in dated.iterrows()], type_=dated["event_type"].astype(str))
    frame = criticism.with_record_dates(frame, data, lang)
    return charts.span_chart(frame, label="row_label", start="date_start", stop="date_stop", precision="date_precision",
                             color="type_", lang=lang, name="cooperation-timeline", title=_title("cooperation-timeline", lang),
                             n_events=len(frame), title_note=_undated(len(coop) - len(dated), lang),
                             color_labels=types, colors=style.EVENT_TYPE_COLORS, hover="hover", color_order=list(types),
                             **_record_args(lang), source=source_line(data, lang, marks=frame))


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
                            color_labels={v: t(v, lang) for v in verdicts}, colors=VERDICT_COLORS, color_order=verdicts,
                            source=source_line(data, lang, claims=data.claims))


def _gap_note(low: int, high: int, check: pd.Series, lang: str) -> str:
    """What a row of the date check says beside its mark: the gap, in the unit of the coarser precision (days
    between two days, years between two years), or that the dates agree at their precision."""
    if low == high == 0:
        return _("the same day", lang)
    if low <= 0 <= high:
        return _("agree at this precision", lang)
    n, unit = criticism.gap_size(check)
    later = low > 0
    return {("day", True): lambda: n_("{n} day later", "{n} days later", n, lang),
            ("day", False): lambda: n_("{n} day earlier", "{n} days earlier", n, lang),
            ("month", True): lambda: n_("{n} month later", "{n} months later", n, lang),
            ("month", False): lambda: n_("{n} month earlier", "{n} months earlier", n, lang),
            ("year", True): lambda: n_("{n} year later", "{n} years later", n, lang),
            ("year", False): lambda: n_("{n} year earlier", "{n} years earlier", n, lang)}[unit, later]()


def date_check(data: EventData, lang: str) -> charts.Chart:
    """Every event whose date the record speaks to, on one axis of days between the article's date and the
    record's, each to its precision: a dot when both are known to the day (the exact gap), a bar across every
    gap the two dates allow otherwise; 0 is the same date. A 2-day and a 1-year gap both stand clear of 0."""
    frame = criticism.date_checks(data)
    types = _type_labels(data, lang)
    events = data.events.set_index("event_id", drop=False)
    low = [int((a - r).days) for a, r in zip(frame["date_start"], frame["record_stop"])]
    high = [int((a - r).days) for a, r in zip(frame["date_stop"], frame["record_start"])]
    frame = frame.assign(
        low=low, high=high,
        row_label=[_("{event} · {type}: article {article}, record {record}", lang, event=style.ltr(e, lang), type=types[ty],
                     article=style.ltr(a, lang), record=style.ltr(r, lang))
                   for e, ty, a, r in zip(frame["event_id"], frame["event_type"], frame["article_date"], frame["record_date"])],
        note=[_gap_note(lo, hi, row, lang) for lo, hi, (_i, row) in zip(low, high, frame.iterrows())])
    frame["hover"] = [charts.hover_text(note, lang=lang) + "<br>" + _hover_event(data, events.loc[e], lang)
                      for note, e in zip(frame["note"], frame["event_id"])]
    verdicts = [v for v in criticism.VERDICTS if v in set(frame["verdict"])]
    ticks = {0: "0", 1: _("1 day", lang), 365: _("1 year", lang), 3652: _("10 years", lang)}
    claims = data.claims[data.claims["claim_id"].isin(frame["claim_id"])]
    return charts.gap_chart(frame, label="row_label", low="low", high="high", color="verdict", lang=lang, name="date-check",
                            title=_title("date-check", lang), n_events=int(frame["event_id"].nunique()),
                            color_labels={v: t(v, lang) for v in verdicts}, colors=VERDICT_COLORS, hover="hover", note="note",
                            tick_labels=ticks, color_order=verdicts,
                            axis_title=_("Days between the article's date and the record's (compressed scale)", lang),
                            side_labels=(_("article earlier", lang), _("article later", lang)),
                            shape_labels=(_("both dates to the day: the exact gap", lang),
                                          _("a month, a year or a span: every possible gap", lang),
                                          _("the same date", lang)),
                            source=source_line(data, lang, claims=claims))


# Every figure, by the name of its files (``<name>.<lang>.png``): ``ALL[name](data, LANG)`` returns its ``Chart``.
ALL = {
    "event-timeline": event_timeline, "incident-timeline": incident_timeline,
    "agencies-incidents": lambda d, lang: agency_involvement(d, lang, "incident"),
    "agencies-cooperation": lambda d, lang: agency_involvement(d, lang, "cooperation"),
    "cooperation-types": cooperation_types, "cooperation-direction": cooperation_by_direction,
    "cooperation-timeline": cooperation_timeline, "claims-by-field": claims_by_field, "date-check": date_check,
}
