"""Source criticism: the article's claims (``claims.csv``) set against the public record, as tidy frames.

The event table keeps the article's values; these frames say where the record agrees, where it does not,
and by how much. Counts here are of claims (one field of one event), never of sources.
"""
from __future__ import annotations

import pandas as pd

from analysis import dates, style
from analysis.validate.claims import FIELDS, VERDICTS, record_date_span
from analysis.i18n import _, n_
from analysis.load import EventData
from analysis.style import col, t

CHECKED = ("confirmed", "partly", "contradicted")


def claims(data: EventData) -> pd.DataFrame:
    """Every claim with its event's type, category and first mention."""
    first = (data.mentions.sort_values("char_start").groupby("event_id", sort=False)
             .agg(mention_id=("mention_id", "first"), quote=("quote", "first")))
    events = data.events.set_index("event_id")[["event_type", "category", "date", "summary_en", "summary_ar"]]
    frame = data.claims.join(events, on="event_id").join(first, on="event_id")
    frame["field"] = pd.Categorical(frame["field"], categories=list(FIELDS), ordered=True)
    frame["verdict"] = pd.Categorical(frame["verdict"], categories=list(VERDICTS), ordered=True)
    # In event order, then by field: claim ids are stable, so claims added later (C68 …) carry higher ids than
    # earlier claims on earlier events.
    order = {e: i for i, e in enumerate(data.events["event_id"])}
    frame = frame.assign(_event=frame["event_id"].map(order), _number=frame["claim_id"].str[1:].astype(int))
    return frame.sort_values(["_event", "field", "_number"], kind="stable").drop(columns=["_event", "_number"]).reset_index(drop=True)


def verdict_counts(data: EventData) -> pd.DataFrame:
    """Claims per field and verdict (long: field, verdict, claims); absent combinations omitted."""
    frame = claims(data)
    out = frame.groupby(["field", "verdict"], observed=True)["claim_id"].nunique().rename("claims").reset_index()
    return out.astype({"field": "str", "verdict": "str"})


def verdict_totals(data: EventData) -> pd.Series:
    """Claims per verdict, every verdict present (zero where none)."""
    return data.claims["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0).astype(int)


def date_checks(data: EventData) -> pd.DataFrame:
    """Every date claim the record speaks to: the article's span (from the event table) beside the
    record's, with the record's precision and how many days the article is off (0 where it agrees)."""
    frame = claims(data)
    frame = frame[(frame["field"] == "date") & frame["record_value"].notna()].copy()
    events = data.events.set_index("event_id")
    rows = []
    for _i, c in frame.iterrows():
        first, last = record_date_span(c["record_value"])
        e = events.loc[c["event_id"]]
        # the claim is about the date the article gives (a period's start), at that date's own precision
        a_first, a_last = dates.bounds(c["article_value"]) if isinstance(c["article_value"], str) else (pd.NaT, pd.NaT)
        if pd.isna(a_first):
            off = pd.NA
        elif a_last.date() < first:
            off = (a_last.date() - first).days
        elif a_first.date() > last:
            off = (a_first.date() - last).days
        else:
            off = 0
        rows.append({"claim_id": c["claim_id"], "event_id": c["event_id"], "event_type": str(c["event_type"]),
                     "category": str(c["category"]), "verdict": str(c["verdict"]), "article_date": c["article_value"],
                     "record_date": c["record_value"], "date_start": a_first, "date_stop": a_last,
                     "date_precision": str(e["date_precision"]), "record_start": pd.Timestamp(first),
                     "record_stop": pd.Timestamp(last), "record_precision": "day" if first == last else "span",
                     "days_off": off, "note_en": c["note_en"], "note_ar": c["note_ar"]})
    out = pd.DataFrame(rows, columns=["claim_id", "event_id", "event_type", "category", "verdict", "article_date", "record_date",
                                      "date_start", "date_stop", "date_precision", "record_start", "record_stop",
                                      "record_precision", "days_off", "note_en", "note_ar"])
    out["days_off"] = out["days_off"].astype("Int64")
    return out.sort_values(["date_start", "event_id"]).reset_index(drop=True)


def contradicted_dates(data: EventData) -> pd.DataFrame:
    """The record's date for every event whose date the record contradicts, indexed by event_id:
    the columns a timeline needs to mark it (``record_start``, ``record_stop``, ``record_precision``,
    ``record_date``)."""
    checks = date_checks(data)
    checks = checks[checks["verdict"] == "contradicted"]
    return checks.set_index("event_id")[["record_start", "record_stop", "record_precision", "record_date"]]


def with_record_dates(frame: pd.DataFrame, data: EventData, lang: str) -> pd.DataFrame:
    """``frame`` (one row per event, with ``event_id``) plus the record's date where it contradicts the
    article's, and the note a chart writes beside it ("record: 2021-03-25")."""
    marks = contradicted_dates(data)
    out = frame.join(marks, on="event_id")
    out["record_note"] = [t("record_says", lang, value=style.ltr(v, lang)) if isinstance(v, str) else pd.NA
                          for v in out["record_date"]]
    return out


def contradicted(data: EventData) -> pd.DataFrame:
    """Every contradicted claim, in claim order."""
    frame = claims(data)
    return frame[frame["verdict"] == "contradicted"].reset_index(drop=True)


def agency_comparison(data: EventData) -> pd.DataFrame:
    """For each agencies claim the record speaks to: the bodies only the article credits, only the
    record credits, and both (ids, ';'-joined)."""
    frame = claims(data)
    frame = frame[(frame["field"] == "agencies") & frame["verdict"].isin(CHECKED)]
    rows = []
    for _i, c in frame.iterrows():
        article = [a for a in str(c["article_value"]).split(";") if a] if isinstance(c["article_value"], str) else []
        record = [a for a in str(c["record_value"]).split(";") if a] if isinstance(c["record_value"], str) else []
        rows.append({"event_id": c["event_id"], "verdict": str(c["verdict"]),
                     "both": ";".join(a for a in article if a in record),
                     "article_only": ";".join(a for a in article if a not in record),
                     "record_only": ";".join(a for a in record if a not in article)})
    return pd.DataFrame(rows, columns=["event_id", "verdict", "both", "article_only", "record_only"])


def _isolated(frame: pd.DataFrame, lang: str, keep: tuple[int, ...] = ()) -> pd.DataFrame:
    """The runs of the other direction isolated for the bidi algorithm (``style.isolate_runs``): Latin runs inside
    Arabic cells (ids, dates, Latin names), Arabic runs inside English ones; the columns in ``keep`` (the
    article's own words) are left exactly as quoted."""
    out = frame.copy()
    for i, column in enumerate(out.columns):
        if i not in keep:
            out[column] = out[column].map(lambda v: style.isolate_runs(v, lang))
    return out


def source_labels(data: EventData, lang: str) -> dict[str, str]:
    """Record source id → "Publisher, YYYY-MM-DD" in the language's publisher column."""
    s = data.sources[data.sources["role"] == "record"]
    publisher = s["publisher" if lang == "en" else "publisher_ar"]
    return {i: f"{p}، {style.ltr(d, lang)}" if lang == "ar" else f"{p}, {d}"
            for i, p, d in zip(s["source_id"], publisher, s["published_text"])}


def _value(claim: pd.Series, which: str, data: EventData, lang: str) -> str:
    """A claim's article or record value, readable: labels for ids, Arabic where it exists."""
    value = claim[f"{which}_value"]
    if which == "record" and lang == "ar" and isinstance(claim.get("record_value_ar"), str):
        return claim["record_value_ar"]
    if not isinstance(value, str):
        return t("not_stated", lang) if which == "article" else "—"
    field = str(claim["field"])
    if field == "agencies":
        labels = dict(zip(data.agencies["agency_id"], data.agencies[col("label", lang)]))
        return "، ".join(labels.get(a, a) for a in value.split(";")) if lang == "ar" else ", ".join(labels.get(a, a) for a in value.split(";"))
    if field == "actor":
        labels = dict(zip(data.actors["actor_id"], data.actors[col("name", lang)]))
        return ("، " if lang == "ar" else ", ").join(labels.get(a, a) for a in value.split(";"))
    if field == "occurred":
        return {"occurred": lambda: _("occurred", lang), "scheduled": lambda: _("scheduled", lang),
                "ongoing": lambda: _("ongoing", lang)}.get(value, lambda: value)()
    if field == "place" and value in style.COUNTRY_NAMES:
        return style.COUNTRY_NAMES[value][lang]
    if field == "place" and which == "article" and lang == "ar":  # the event's place as the article gives it
        places = dict(zip(data.events["location"].astype(object), data.events["location_ar"].astype(object)))
        return places.get(value) if isinstance(places.get(value), str) else value
    return style.ltr(value, lang) if field in ("date", "people_arrested", "people_killed") else value


def _words(data: EventData, claim: pd.Series) -> tuple[str, str]:
    """The article's words for a claim and the mention they stand in: for 'other', the mention of the
    event that holds the quoted words; otherwise the event's first mention."""
    if str(claim["field"]) == "other":
        m = data.mentions[data.mentions["event_id"] == claim["event_id"]].sort_values("char_start")
        holding = m[m["quote"].str.contains(claim["article_value"], regex=False)]
        if len(holding):
            return claim["article_value"], holding["mention_id"].iloc[0]
        return claim["article_value"], claim["mention_id"]
    return claim["quote"], claim["mention_id"]


def _quoted(words: str, lang: str) -> str:
    """The article's words as quoted: exactly as written; on an English page one right-to-left isolate (RLI…PDI),
    so that the mention id after them stays in the English line's order."""
    return f"\u2067{words}\u2069" if lang == "en" else words


def discrepancy_table(data: EventData, lang: str, verdicts: tuple[str, ...] = ("contradicted", "partly")) -> pd.DataFrame:
    """Every claim with one of ``verdicts``, for people: the event, the article's words (first mention,
    with its id), the article's value, the record's value, what the record says and its sources."""
    frame = claims(data)
    frame = frame[frame["verdict"].isin(verdicts)]
    types = dict(zip(data.event_types["event_type"], data.event_types[col("label", lang)]))
    sources = source_labels(data, lang)
    headers = [_("Claim", lang), _("Event", lang), _("What is checked", lang), _("The article says", lang),
               _("The article's words", lang), _("The record says", lang), _("Verdict", lang), _("Why", lang),
               _("Record sources", lang)]
    rows = []
    for _i, c in frame.iterrows():
        words, mention = _words(data, c)
        rows.append([
            style.ltr(c["claim_id"], lang),
            f"{style.ltr(c['event_id'], lang)} · {types[str(c['event_type'])]}",
            t(f"field_{c['field']}", lang),
            _value(c, "article", data, lang),
            f"«{_quoted(words, lang)}» ({style.ltr(mention, lang)})",
            _value(c, "record", data, lang),
            t(str(c["verdict"]), lang),
            c[col("note", lang)],
            ("؛ " if lang == "ar" else "; ").join(sources.get(s, s) for s in str(c["sources"]).split(";") if s)
            if isinstance(c["sources"], str) else "—",
        ])
    return _isolated(pd.DataFrame(rows, columns=headers), lang, keep=(4,))


def gap_size(check: pd.Series) -> tuple[int, str]:
    """The gap between the article's date and the record's (a row of ``date_checks``) as (n, unit), in the unit
    of the coarser of their precisions: days between two days, else whole years or months (a gap in days between
    two years would be false precision: 2001 against 1986 is 15 years, not 5,115 days)."""
    precisions = {check["date_precision"], check["record_precision"]}
    if precisions <= {"day"}:
        return int(abs(check["days_off"])), "day"
    a, r = check["date_start"], check["record_start"]
    if "year" in precisions:
        return abs(a.year - r.year), "year"
    return abs((a.year - r.year) * 12 + a.month - r.month), "month"


def gap_words(check: pd.Series, lang: str) -> str:
    """``gap_size`` in words: '2 days', '15 years'."""
    n, unit = gap_size(check)
    return {"day": lambda: n_("{n} day", "{n} days", n, lang),
            "month": lambda: n_("{n} month", "{n} months", n, lang),
            "year": lambda: n_("{n} year", "{n} years", n, lang)}[unit]()


def date_table(data: EventData, lang: str) -> pd.DataFrame:
    """The date checks for people: event, the article's date, the record's, the gap (in the unit of the coarser
    precision), verdict, why."""
    checks = date_checks(data)
    types = dict(zip(data.event_types["event_type"], data.event_types[col("label", lang)]))
    headers = [_("Event", lang), _("The article's date", lang), _("The record's date", lang), _("Gap", lang),
               _("Verdict", lang), _("Why", lang)]
    rows = [[f"{style.ltr(r['event_id'], lang)} · {types[r['event_type']]}", style.ltr(r["article_date"], lang),
             style.ltr(r["record_date"], lang),
             "—" if pd.isna(r["days_off"]) else _("no gap", lang) if r["days_off"] == 0 else gap_words(r, lang),
             t(r["verdict"], lang), r[col("note", lang)]] for _i, r in checks.iterrows()]
    return _isolated(pd.DataFrame(rows, columns=headers), lang, keep=())


def agency_table(data: EventData, lang: str) -> pd.DataFrame:
    """``agency_comparison`` for people: labels instead of ids, one row per event."""
    frame = agency_comparison(data)
    labels = dict(zip(data.agencies["agency_id"], data.agencies[col("label", lang)]))
    types = dict(zip(data.events["event_id"], data.events["event_type"].astype(str)))
    type_labels = dict(zip(data.event_types["event_type"], data.event_types[col("label", lang)]))
    sep = "، " if lang == "ar" else ", "
    names = lambda cell: sep.join(labels.get(a, a) for a in cell.split(";") if a) or "—"
    headers = [_("Event", lang), _("Both credit", lang), _("Only the article names", lang), _("Only the record names", lang),
               _("Verdict", lang)]
    rows = [[f"{style.ltr(r.event_id, lang)} · {type_labels[types[r.event_id]]}", names(r.both), names(r.article_only),
             names(r.record_only), t(r.verdict, lang)] for r in frame.itertuples()]
    return _isolated(pd.DataFrame(rows, columns=headers), lang, keep=())


def _site(url: object) -> str:
    """The website of an address ('www.theguardian.com' → 'theguardian.com'): the full address stays in sources.csv."""
    if not isinstance(url, str) or not url:
        return "—"
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def source_table(data: EventData, lang: str) -> pd.DataFrame:
    """The record sources for people: publisher, title in the page's language, date, what it states, website
    (the full address is in ``sources.csv``; the project never opens it)."""
    s = data.sources[data.sources["role"] == "record"].sort_values(["published", "source_id"])
    cited = data.claims["sources"].dropna().str.split(";").explode().value_counts()
    headers = [_("Publisher", lang), _("Title", lang), _("Published", lang), _("What it states (our words)", lang),
               _("Claims citing it", lang), _("Website", lang)]
    rows = [[getattr(r, "publisher" if lang == "en" else "publisher_ar"), getattr(r, col("title", lang)),
             style.ltr(r.published_text, lang), getattr(r, col("summary", lang)),
             str(int(cited.get(r.source_id, 0))), style.ltr(_site(r.url), lang)] for r in s.itertuples()]
    return _isolated(pd.DataFrame(rows, columns=headers), lang, keep=())


# ------------------------------------------------------------------ one statement of the article and its verdict

def statement_claims(data: EventData, event_ids: list[str]) -> pd.DataFrame:
    """The article's statements (claims of field ``other``) about ``event_ids``, with their verdicts: e.g. the
    "one major attack in ten years" of the attack it cites."""
    frame = claims(data)
    return frame[(frame["field"] == "other") & frame["event_id"].isin(list(event_ids))].reset_index(drop=True)


def major_attack_claims(data: EventData) -> pd.DataFrame:
    """The article's "one major attack in ten years" as checked against the record: the statements (claims of
    field ``other``) about the attacks in Morocco it cites within the ten years before publication."""
    from analysis.aggregate import major_attacks_check

    return statement_claims(data, list(major_attacks_check(data.events, data.published)["event_id"]))


def record_value(claim: pd.Series, lang: str) -> str:
    """What the record says for a claim, in the page's language, its Latin runs (dates, names) isolated."""
    value = claim["record_value_ar"] if lang == "ar" and isinstance(claim.get("record_value_ar"), str) else claim["record_value"]
    return style.isolate_runs(str(value), lang) if isinstance(value, str) else "—"


def source_list(data: EventData, ids: object, lang: str) -> pd.DataFrame:
    """The record sources ``ids`` (a ';' cell) in full, for people: publisher, title in the page's language, date,
    address (text: the project never opens it) and access date."""
    wanted = [i for i in str(ids).split(";") if i] if isinstance(ids, str) else []
    s = data.sources.set_index("source_id")
    rows = [[s.at[i, "publisher" if lang == "en" else "publisher_ar"], s.at[i, col("title", lang)],
             style.ltr(s.at[i, "published_text"], lang), style.ltr(s.at[i, "url"], lang) if isinstance(s.at[i, "url"], str) else "—",
             style.ltr(s.at[i, "accessed"].date().isoformat(), lang) if pd.notna(s.at[i, "accessed"]) else "—"]
            for i in wanted if i in s.index]
    headers = [_("Publisher", lang), _("Title", lang), _("Published", lang), _("Address", lang), _("Accessed", lang)]
    return _isolated(pd.DataFrame(rows, columns=headers), lang, keep=())


def verdict_table(data: EventData, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Claims (rows of ``claims``) for people, one row each: the article's words with their mention id, the
    verdict, what the record says, why (our note) and how many record sources it rests on."""
    rows = []
    for _i, c in frame.iterrows():
        words, mention = _words(data, c)
        n = len([s for s in str(c["sources"]).split(";") if s]) if isinstance(c["sources"], str) else 0
        rows.append([style.ltr(c["claim_id"], lang), f"«{_quoted(words, lang)}» ({style.ltr(mention, lang)})", t(str(c["verdict"]), lang), record_value(c, lang), c[col("note", lang)],
                     style.count(n, "source", lang)])
    headers = [_("Claim", lang), _("The article's words", lang), _("Verdict", lang), _("The record says", lang),
               _("Why", lang), _("Record sources", lang)]
    return _isolated(pd.DataFrame(rows, columns=headers), lang, keep=(1,))
