"""Tables for people: no index column, text from the data escaped, a stable id so a notebook's stored
HTML is the same run to run (strict nbval compares it), and a plain-text form that states the cells
(not an object's memory address) for viewers and tests without HTML."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pandas.io.formats.style import Styler

from analysis import aggregate as agg
from analysis import bidi, style
from analysis.i18n import _, n_


@dataclass
class Table:
    """A frame shown as a table: HTML for notebooks and reports, plain text for everything else."""

    frame: pd.DataFrame
    styler: Styler

    def to_html(self) -> str:
        return self.styler.to_html()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        plain = self.frame.fillna("—").astype(str).apply(lambda c: c.map(bidi.plain))
        return {"text/html": self.to_html(), "text/plain": plain.to_string(index=False)}


def show(frame: pd.DataFrame, name: str, rtl: bool = False) -> Table:
    """``frame`` as a table: every cell escaped (never read as markup), blanks shown as '—', wrapped text
    with no word broken inside, right to left when ``rtl``; every run that breaks out of the table's direction
    isolated (``analysis.bidi``: an Arabic quote in an English table, an id or a date in an Arabic one);
    ``name`` makes the element ids stable."""
    shown = frame.map(lambda v: bidi.isolate(v, "ar" if rtl else "en"))
    styler = shown.style.hide(axis="index").format(escape="html", na_rep="—").set_uuid(name)
    props = [("text-align", "right" if rtl else "left"), ("vertical-align", "top"), ("white-space", "normal"),
             ("max-width", "40em")]
    styler = styler.set_table_styles([{"selector": "td, th", "props": props}])
    if rtl:
        styler = styler.set_table_attributes('dir="rtl"')
    return Table(frame, styler)


# ------------------------------------------------------------------ the event table for people

NA_TOKENS = ("NaN", "<NA>", "nan", "None", "NaT")


def unnamed(gender: object, lang: str) -> str:
    """"unnamed", in Arabic in agreement with the gender of the body's noun (``gender_ar``: غير مسمّى for a
    masculine noun, غير مسمّاة for a feminine one such as المخابرات)."""
    if lang == "ar" and gender == "f":
        return _("unnamed (of a feminine noun)", lang)
    return _("unnamed", lang)


def not_stated(lang: str) -> str:
    """What a blank cell says: 'not stated' / 'غير مذكور' (never NaN, <NA> or None)."""
    return _("not stated", lang)


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def _cells(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every blank cell says 'not stated'; every value is text; Latin runs isolated in Arabic."""
    out = frame.copy()
    for column in out.columns:
        out[column] = [not_stated(lang) if _blank(v) else style.isolate_runs(str(v), lang) for v in out[column]]
    return out.reset_index(drop=True)


def _status(value: str, lang: str) -> str:
    return {"occurred": lambda: _("occurred", lang), "scheduled": lambda: _("scheduled", lang),
            "ongoing": lambda: _("ongoing", lang)}.get(value, lambda: value)()


def _kind(value: str, lang: str) -> str:
    words = {"intelligence": lambda: _("intelligence", lang), "law_enforcement": lambda: _("law enforcement", lang),
             "judicial_police": lambda: _("judicial police", lang), "security": lambda: _("security", lang),
             "military": lambda: _("armed forces", lang), "government": lambda: _("government", lang),
             "diplomatic": lambda: _("diplomacy", lang), "liaison": lambda: _("liaison", lang),
             "multilateral": lambda: _("multilateral body", lang)}
    return words.get(value, lambda: value)()


def _date(event: pd.Series, lang: str) -> str:
    from analysis.findings import readable_date

    when = readable_date(event["date"], str(event["date_precision"]), lang)
    if not when:
        return ""
    return _("since {date}", lang, date=when) if bool(event["open_ended"]) else when


def _list(ids: object, labels: dict[str, str], lang: str) -> str:
    if _blank(ids):
        return ""
    return ("، " if lang == "ar" else ", ").join(labels.get(i, i) for i in str(ids).split(";") if i)


def _cooperation(cell: object, data, lang: str) -> str:
    """'joint_exercise@mutual' → 'Joint exercise (mutual)' / 'مناورات مشتركة (متبادل)'."""
    if _blank(cell):
        return ""
    labels = dict(zip(data.cooperation_types["cooperation_type"], data.cooperation_types[style.col("label", lang)]))
    out = []
    for item in str(cell).split(";"):
        kind, _sep, direction = item.partition("@")
        text = labels.get(kind, kind)
        if direction:
            text += f" ({style.t(direction, lang)})" if lang == "ar" else f" ({style.t(direction, lang).lower() if direction == 'mutual' else style.t(direction, lang)})"
        out.append(text)
    return ("؛ " if lang == "ar" else "; ").join(out)


def _place(event: pd.Series, lang: str) -> str:
    place = event["location_ar" if lang == "ar" else "location"]
    if _blank(place) and not _blank(event["country"]):
        place = style.COUNTRY_NAMES.get(event["country"], {}).get(lang, event["country"])
        place = _("{country} (country only)", lang, country=place)
    return "" if _blank(place) else str(place)


def _count(value: object) -> str:
    return "" if _blank(value) else str(int(value))


def event_table(data, lang: str, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The event table for people: one row per event, labels instead of codes, a summary in the page's
    language, 'not stated' for every blank, headers in the page's language."""
    e = data.events if events is None else events
    types = dict(zip(data.event_types["event_type"], data.event_types[style.col("label", lang)]))
    agencies = dict(zip(data.agencies["agency_id"], data.agencies[style.col("label", lang)]))
    actors = dict(zip(data.actors["actor_id"], data.actors[style.col("name", lang)]))
    rows = [[r["event_id"], types[str(r["event_type"])], _date(r, lang), _status(str(r["status"]), lang), _place(r, lang),
             _list(r["agencies"], agencies, lang), _cooperation(r["cooperation_types"], data, lang),
             _list(r["actors"], actors, lang), _count(r["people_arrested"]), _count(r["people_killed"]),
             r[style.col("summary", lang)]] for _i, r in e.iterrows()]
    headers = [_("Event", lang), _("Type", lang), _("Date", lang), _("Status", lang), _("Place", lang),
               _("Bodies named", lang), _("Cooperation (direction)", lang), _("Group or network", lang),
               _("Arrested", lang), _("Killed", lang), _("Summary", lang)]
    return _cells(pd.DataFrame(rows, columns=headers), lang)


def incident_table(data, lang: str) -> pd.DataFrame:
    """The incidents for people, by date (undated last): type, date, place, group, arrested, killed."""
    inc = data.events[data.events["category"] == "incident"].sort_values(["date_start", "event_id"], na_position="last")
    table = event_table(data, lang, inc)
    keep = [_("Event", lang), _("Type", lang), _("Date", lang), _("Place", lang), _("Group or network", lang),
            _("Arrested", lang), _("Killed", lang), _("Summary", lang)]
    return table[keep]


def event_record(data, event_id: str, lang: str) -> pd.DataFrame:
    """One event as a two-column table (what is coded, its value), with the article's words for the date and
    the curator's notes in full."""
    e = data.events.set_index("event_id", drop=False).loc[event_id]
    row = event_table(data, lang, data.events[data.events["event_id"] == event_id]).iloc[0]
    agencies = dict(zip(data.agencies["agency_id"], data.agencies[style.col("label", lang)]))
    flows = ("؛ " if lang == "ar" else "; ").join(
        f"{agencies.get(a, a)} → {agencies.get(b, b)}" for a, _s, b in (f.partition(">") for f in str(e["flows"]).split(";") if f)
    ) if not _blank(e["flows"]) else ""
    notes = e["notes_ar" if lang == "ar" else "notes"]  # the curator's notes, in the page's language
    extra = {_("The article's words for the date", lang): e["date_text"],
             _("Who passed information to whom", lang): flows,
             _("Curator's notes", lang): notes}
    fields = list(row.index) + list(extra)
    values = list(row.values) + list(extra.values())
    frame = pd.DataFrame({_("Field", lang): fields, _("Value", lang): values})
    return _cells(frame, lang)


def event_quotes(data, event_id: str, lang: str) -> pd.DataFrame:
    """Every passage that tells ``event_id``: mention id, where it stands, its offsets, the article's words in full."""
    m = data.mentions[data.mentions["event_id"] == event_id].sort_values("char_start")
    sections = {"headline": lambda: _("headline", lang), "caption": lambda: _("photo caption", lang),
                "body": lambda: _("body", lang), "pull_quote": lambda: _("pull quote", lang)}
    rows = [[r.mention_id, sections.get(r.section, lambda: r.section)(), str(r.line), f"{r.char_start}–{r.char_end}", r.quote]
            for r in m.itertuples()]
    frame = pd.DataFrame(rows, columns=[_("Mention", lang), _("Part of the article", lang), _("Line", lang),
                                        _("Code points", lang), _("The article's words", lang)])
    out = _cells(frame.drop(columns=[_("The article's words", lang)]), lang)
    out[_("The article's words", lang)] = list(frame[_("The article's words", lang)])  # quoted exactly, never altered
    return out


def type_table(data, lang: str) -> pd.DataFrame:
    """Events per type, most frequent first (incidents before cooperation on a tie): type, category (security
    incident or cooperation activity), events, which events (ids). It replaces a chart of 16 bars, most of them 1."""
    e = data.events.assign(event_type=data.events["event_type"].astype(str))
    types = data.event_types.set_index("event_type")
    order = {t: i for i, t in enumerate(types.index)}
    counts = e.groupby("event_type")["event_id"].agg(lambda ids: sorted(ids))
    rows = sorted(counts.items(), key=lambda kv: (-len(kv[1]), types.at[kv[0], "category"] != "incident", order.get(kv[0], 99)))
    category = {"incident": _("Security incident", lang), "cooperation": _("Cooperation activity", lang)}
    table = [[types.at[k, style.col("label", lang)], category[str(types.at[k, "category"])], str(len(ids)),
              ("، " if lang == "ar" else ", ").join(ids)] for k, ids in rows]
    return _cells(pd.DataFrame(table, columns=[_("Type", lang), _("Category", lang), _("Events", lang),
                                               _("Which events", lang)]), lang)


# ------------------------------------------------------------------ agencies (notebook 03)

def pair_table(data, lang: str, min_events: int = 2) -> pd.DataFrame:
    """The bodies named together in at least ``min_events`` events: pair, shared events, and which events (the
    rest of the 19 × 19 matrix it replaces was empty or 1)."""
    pairs = agg.co_involvement_pairs(data.event_agencies)
    pairs = pairs[pairs["events"] >= min_events]
    labels = dict(zip(data.agencies["agency_id"], data.agencies[style.col("label", lang)]))
    ea = data.event_agencies
    rows = []
    for p in pairs.itertuples():
        shared = sorted(set(ea.loc[ea["agency_id"] == p.agency_id, "event_id"]) & set(ea.loc[ea["agency_id"] == p.with_agency_id, "event_id"]))
        rows.append([labels[p.agency_id], labels[p.with_agency_id], str(int(p.events)),
                     ("؛ " if lang == "ar" else "; ").join(_named(data, i, lang) for i in shared)])
    return _cells(pd.DataFrame(rows, columns=[_("Body", lang), _("With", lang), _("Shared events", lang), _("Which events", lang)]), lang)


def flow_table(data, lang: str) -> pd.DataFrame:
    """Every stated flow of information or assistance: from, to, the event."""
    labels = dict(zip(data.agencies["agency_id"], data.agencies[style.col("label", lang)]))
    rows = [[labels.get(f.source, f.source), labels.get(f.target, f.target), _named(data, f.event_id, lang)]
            for f in data.flows.sort_values(["event_id", "source"]).itertuples()]
    return _cells(pd.DataFrame(rows, columns=[_("From", lang), _("To", lang), _("Event", lang)]), lang)


def body_table(data, lang: str) -> pd.DataFrame:
    """Every body the events name: label, full name, side, kind, named or not, events."""
    involvement = data.event_agencies.groupby("agency_id")["event_id"].nunique()
    a = data.agencies[data.agencies["agency_id"].isin(involvement.index)].copy()
    a["events"] = a["agency_id"].map(involvement)
    a = a.sort_values(["generic", "side", "events", "agency_id"], ascending=[True, True, False, True])
    rows = [[r[style.col("label", lang)], r[style.col("name", lang)], style.t(str(r["side"]), lang), _kind(r["kind"], lang),
             _("unnamed (generic)", lang) if r["generic"] else _("named", lang), str(int(r["events"]))] for _i, r in a.iterrows()]
    return _cells(pd.DataFrame(rows, columns=[_("Body", lang), _("Full name", lang), _("Side", lang), _("Kind", lang),
                                              _("Named by the article?", lang), _("Events", lang)]), lang)


# ------------------------------------------------------------------ cooperation (notebook 04)

def cooperation_bodies(data, lang: str) -> pd.DataFrame:
    """Each cooperation type with the bodies that take part in it, by side, each with its number of events where
    more than one (the agency × type matrix it replaces was 21 × 10 cells, most of them empty or 1)."""
    ec = data.event_cooperation[["event_id", "cooperation_type"]].drop_duplicates()
    matrix = agg.agency_cooperation_matrix(data.event_agencies, data.event_cooperation)  # agency × type, in events
    labels = dict(zip(data.agencies["agency_id"], data.agencies[style.col("label", lang)]))
    side = dict(zip(data.agencies["agency_id"], data.agencies["side"].astype(str)))
    a = data.agencies
    genders = a["gender_ar"] if "gender_ar" in a.columns else pd.Series("m", index=a.index)
    generic = {i: unnamed(g, lang) for i, g, is_generic in zip(a["agency_id"], genders, a["generic"]) if is_generic}
    order = [c for c in data.cooperation_types["cooperation_type"] if c in matrix.columns]
    coop = dict(zip(data.cooperation_types["cooperation_type"], data.cooperation_types[style.col("label", lang)]))
    sides = [("Morocco",), ("United States",), ("Multilateral", "Other")]
    rows = []
    for c in order:
        per = matrix[c][matrix[c] > 0].sort_values(ascending=False, kind="stable")
        cells = []
        for group in sides:
            names = []
            for agency, n in per.items():
                if side[agency] not in group:
                    continue
                notes = ([generic[agency]] if agency in generic else []) + ([n_("{n} event", "{n} events", int(n), lang)] if n > 1 else [])
                names.append(labels.get(agency, agency) + (f" ({('؛ ' if lang == 'ar' else '; ').join(notes)})" if notes else ""))
            cells.append(("، " if lang == "ar" else ", ").join(names) or "—")
        rows.append([coop.get(c, c), str(ec.loc[ec["cooperation_type"].astype(str) == c, "event_id"].nunique()), *cells])
    headers = [_("Cooperation type", lang), _("Events", lang), _("Moroccan bodies", lang), _("US bodies", lang),
               _("Other and multilateral bodies", lang)]
    return _cells(pd.DataFrame(rows, columns=headers), lang)


def context_table(data, lang: str) -> pd.DataFrame:
    """Cooperation types by context (tied to an incident, one-off, standing): events per cell, a total column."""
    frame = agg.cooperation_context(data.events, data.event_cooperation)
    wide = frame.pivot_table(index="cooperation_type", columns="context", values="events", aggfunc="sum", observed=True, fill_value=0)
    wide = wide.reindex(columns=agg.CONTEXTS, fill_value=0)
    labels = dict(zip(data.cooperation_types["cooperation_type"], data.cooperation_types[style.col("label", lang)]))
    order = [c for c in data.cooperation_types["cooperation_type"] if c in wide.index]
    rows = [[labels[c]] + [str(int(wide.loc[c, k])) for k in agg.CONTEXTS] +
            [str(data.event_cooperation.loc[data.event_cooperation["cooperation_type"] == c, "event_id"].nunique())] for c in order]
    headers = [_("Cooperation type", lang)] + [style.t(k, lang) for k in agg.CONTEXTS] + [_("Events", lang)]
    return _cells(pd.DataFrame(rows, columns=headers), lang)


def _named(data, event_id: str, lang: str) -> str:
    from analysis.findings import named

    return named(data, event_id, lang)
