"""Headline findings as sentences with their numbers, in English or Arabic, shown first in every notebook.

Every sentence goes through the gettext catalog (``analysis/locale/ar/LC_MESSAGES/findings.po``): the English
sentence with ``{placeholders}`` is the message id, its Arabic the translation; counted nouns are plural
messages (``n_``) whose Arabic forms follow the CLDR categories of the number, so a count agrees with its
noun — and with the case the sentence gives it ("في حادثتين", "قتيلان") — instead of being glued to a fixed
ending. Each event id is named where it appears ("E02, the arrest in Berkane"), from the data, not by hand.

``show(sentences, lang)`` displays them as a bulleted list (Markdown) with a plain-text form, so the stored
outputs (checked by strict nbval) hold the story itself: a change in the data that changes a finding fails
the notebook test.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from babel.dates import format_date

from analysis import aggregate as agg
from analysis import criticism, style
from analysis.criticism import gap_words
from analysis.i18n import _, n_
from analysis.load import EventData
from analysis.rtl import rtl_html


# ------------------------------------------------------------------ display

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows exactly that text, whatever the data put in it: every ASCII
    punctuation character backslash-escaped (CommonMark allows it for each one, and without an unescaped one
    no construct can begin: emphasis, code, links, images, ``<…>`` autolinks and HTML, entities, GFM
    strikethrough and tables, bare ``www.``/``http://``/``a@b.c`` autolinks, headings, lists, quotes, a
    notebook's ``$`` math), and runs of ASCII white space made one space (no indented code, no hard line
    break, no second line). Text from the data therefore never becomes a link or markup."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", _ASCII_SPACE.sub(" ", text).strip())


@dataclass
class Findings:
    """Sentences shown as a Markdown list (prose in notebooks and reports) and as plain lines (nbval, text viewers)."""

    sentences: list[str]
    lang: str

    def markdown(self) -> str:
        """A Markdown list, every construct in the data's text escaped (``markdown_text``); in Arabic, right-to-left
        HTML (``analysis.rtl``), so the bullets read right to left in JupyterLab, on GitHub and nbviewer as in the
        report."""
        text = "\n".join("- " + markdown_text(s) for s in self.sentences)
        return rtl_html(text) if style.is_rtl(self.lang) else text

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self.markdown(), "text/plain": "\n".join(self.sentences)}


def show(sentences: list[str], lang: str) -> Findings:
    """The findings as a displayable list: ``findings.show(findings.overview(data, LANG), LANG)``."""
    style.check_lang(lang)
    return Findings(list(sentences), lang)


def caveat(lang: str, notebook: str = "") -> str:
    """The one-sentence caveat every report carries: what the table is (notebook 05 adds the record)."""
    if notebook == "05":
        return _("This table records what one article says, not what happened; this notebook sets its checkable "
                 "claims against the public record.", lang)
    return _("This table records what one article says, not what happened; notebook 05 sets its claims against "
             "the public record.", lang)


# ------------------------------------------------------------------ naming events

def _sep(lang: str) -> str:
    return "، " if lang == "ar" else ", "


def _join(items: list[str], lang: str) -> str:
    """'a, b and c' / 'أ وب وج'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if lang == "ar":
        return " و".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def readable_date(value: object, precision: str, lang: str) -> str:
    """A date at its own precision, in words of the page's language: '19 January 2021', 'يونيو 2021', '2018'."""
    if not isinstance(value, str) or precision == "unknown":
        return ""
    parts = [int(p) for p in value.split("-")]
    locale = "ar" if lang == "ar" else "en"
    if precision == "day":
        import datetime
        return format_date(datetime.date(*parts), "d MMMM y", locale=locale)
    if precision == "month":
        import datetime
        return format_date(datetime.date(parts[0], parts[1], 1), "MMMM y", locale=locale)
    return str(parts[0])


def _place(event: pd.Series, lang: str) -> str:
    """The event's place in the page's language: the named place, else the country; '' when none."""
    if lang == "ar":
        place = event.get("location_ar")
    else:
        place = event.get("location")
        if isinstance(place, str) and "," in place:  # "Moroccan embassy, Washington": the town
            place = place.rsplit(",", 1)[1].strip()
    if not isinstance(place, str) and isinstance(event.get("country"), str):
        place = style.COUNTRY_NAMES.get(event["country"], {}).get(lang, event["country"])
    if not isinstance(place, str):
        return ""
    if lang == "en" and place == "United States":
        return "the United States"
    return place


def event_label(data: EventData, event_id: str, lang: str) -> str:
    """A short name for an event, built from the data: its type and its place, else its date, else the
    bodies it names beyond Morocco and the US: 'the arrest in Berkane' / 'اعتقال في بركان'."""
    e = data.events.set_index("event_id").loc[event_id]
    types = dict(zip(data.event_types["event_type"], data.event_types[style.col("label", lang)]))
    kind = types[str(e["event_type"])]
    kind = kind.lower() if lang == "en" else kind
    place = _place(e, lang)
    if place:
        return _("the {type} in {place}", lang, type=kind, place=place)
    when = readable_date(e["date"], str(e["date_precision"]), lang)
    if when and bool(e["open_ended"]):
        return _("the {type} since {date}", lang, type=kind, date=when)
    if when:
        return _("the {type} of {date}", lang, type=kind, date=when)
    ids = [a for a in str(e["agencies"]).split(";") if a] if isinstance(e["agencies"], str) else []
    a = data.agencies.set_index("agency_id")
    others = [str(a.loc[i, style.col("label", lang)]) for i in ids if i in a.index and a.loc[i, "country"] not in ("MA", "US")]
    if others:
        return _("the {type} with {bodies}", lang, type=kind, bodies=_join(others, lang))
    return _("the {type}", lang, type=kind)


def named(data: EventData, event_id: str, lang: str) -> str:
    """'E02, the arrest in Berkane' / 'E02، اعتقال في بركان' (the id isolated in Arabic)."""
    return f"{style.ltr(event_id, lang)}{_sep(lang)}{event_label(data, event_id, lang)}"


def _named_list(data: EventData, ids: list[str], lang: str) -> str:
    return ("؛ " if lang == "ar" else "; ").join(named(data, i, lang) for i in ids)


def _field(field: str, lang: str) -> str:
    text = style.t(f"field_{field}", lang)
    return text.lower() if lang == "en" else text


def _field_ids(data: EventData, frame: pd.DataFrame, lang: str) -> str:
    """'E04, the arrest in Oujda (date); E05, … (date)': events with the field that was checked, each event
    named once with all its fields."""
    fields: dict[str, list[str]] = {}
    for e, f in zip(frame["event_id"], frame["field"].astype(str)):
        fields.setdefault(e, []).append(_field(f, lang))
    return ("؛ " if lang == "ar" else "; ").join(f"{named(data, e, lang)} ({_sep(lang).join(fs)})" for e, fs in fields.items())


def _label(frame: pd.DataFrame, key: str, value: str, lang: str) -> str:
    return str(frame.loc[frame[key] == value, style.col("label", lang)].iloc[0])


# ------------------------------------------------------------------ notebook 01

def overview(data: EventData, lang: str) -> list[str]:
    """Notebook 01: what the table holds."""
    e, m = data.events, data.mentions
    n_inc = int((e["category"] == "incident").sum())
    per_event = m.groupby("event_id")["mention_id"].nunique()
    retold = per_event[per_event > 1].sort_values(ascending=False, kind="stable")
    most = list(retold.index[retold == retold.max()])
    prec = e["date_precision"].value_counts().reindex(["day", "month", "year", "unknown"], fill_value=0)
    geo = e["geo_precision"].value_counts().reindex(["town", "region", "country", "unknown"], fill_value=0)
    ongoing = int(e["open_ended"].sum())
    n_most = int(retold.iloc[0]) if len(retold) else 0
    mentions = (n_("{n} mention each", "{n} mentions each", n_most, lang) if len(most) > 1
                else n_("{n} mention", "{n} mentions", n_most, lang))
    return [
        _("The article reports {events} {passages}: {incidents} and {cooperation}.", lang,
          events=n_("{n} event", "{n} events", len(e), lang),
          passages=n_("in {n} passage", "in {n} passages", len(m), lang),
          incidents=n_("{n} security incident", "{n} security incidents", n_inc, lang),
          cooperation=n_("{n} cooperation activity or mechanism", "{n} cooperation activities or mechanisms",
                         len(e) - n_inc, lang)),
        types_sentence(data, lang),
        _("{retold}; the most retold is {most} ({mentions}), so counting passages instead of events would overstate "
          "activity by {extra}.", lang,
          retold=n_("{n} event is told more than once", "{n} events are told more than once", len(retold), lang),
          most=_join([named(data, i, lang) for i in most], lang), mentions=mentions, extra=len(m) - len(e)),
        _("Dates: the article gives the day {day}, only the month {month}, only the year {year}, and no date {none}; "
          "{ongoing}.", lang,
          day=n_("for {n} event", "for {n} events", int(prec["day"]), lang),
          month=n_("for {n} event", "for {n} events", int(prec["month"]), lang),
          year=n_("for {n} event", "for {n} events", int(prec["year"]), lang),
          none=n_("for {n} event", "for {n} events", int(prec["unknown"]), lang),
          ongoing=n_("{n} of all the events is a standing mechanism or role still running at publication",
                     "{n} of all the events are standing mechanisms or roles still running at publication", ongoing, lang)),
        _("Places: the article names a town {town}, only a country {country}, and no place {none}.", lang,
          town=n_("for {n} event", "for {n} events", int(geo["town"]), lang),
          country=n_("for {n} event", "for {n} events", int(geo["country"] + geo["region"]), lang),
          none=n_("for {n} event", "for {n} events", int(geo["unknown"]), lang)),
        record_dates(data, lang),
    ]


def types_sentence(data: EventData, lang: str) -> str:
    """Notebook 01: the events by type in one sentence (the table beside it lists them all, sorted): the types
    holding more than one event, by count, then how many hold a single event."""
    counts = data.events["event_type"].astype(str).value_counts()
    order = {t: i for i, t in enumerate(data.event_types["event_type"])}
    label = lambda k: _label(data.event_types, "event_type", k, lang).lower() if lang == "en" else _label(data.event_types, "event_type", k, lang)  # noqa: E731
    parts = []
    for n in sorted(set(counts[counts > 1]), reverse=True):
        names = sorted(counts.index[counts == n], key=lambda k: order.get(k, 99))
        each = (n_("{n} event", "{n} events", int(n), lang) if len(names) == 1
                else n_("{n} event each", "{n} events each", int(n), lang))
        parts.append(f"{_join([label(k) for k in names], lang)} ({each})")
    single = int((counts == 1).sum())
    if single:
        parts.append(n_("{n} type with a single event", "{n} types with a single event each", single, lang))
    return _("The {events} fall into {types}: {counts}.", lang, events=n_("{n} event", "{n} events", len(data.events), lang),
             types=n_("{n} type", "{n} types", len(counts), lang), counts=("؛ " if lang == "ar" else "; ").join(parts))


# ------------------------------------------------------------------ notebook 02

def incidents(data: EventData, lang: str) -> list[str]:
    """Notebook 02: incident frequency."""
    e = data.events
    s = agg.incident_summary(e)
    inc = e[e["category"] == "incident"]
    types = inc["event_type"].value_counts().reindex(data.event_types["event_type"]).dropna()
    types = types[types > 0]
    dated = inc.dropna(subset=["date_start"]).sort_values("date_start")
    first, last = dated.iloc[0], dated.iloc[-1]
    published = data.published
    recent = int((dated["date_start"] >= published - pd.DateOffset(months=18)).sum())
    actors = agg.incidents_by_actor(e, data.event_actors, data.actors).groupby("actor_id")["events"].sum()
    label = lambda t: _label(data.event_types, "event_type", t, lang)  # noqa: E731
    type_text = _sep(lang).join(f"{label(t).lower() if lang == 'en' else label(t)} ({int(n)})" for t, n in types.items())
    dated_label = lambda r: f"{named(data, r['event_id'], lang)} ({style.ltr(r['date'], lang)})"  # noqa: E731
    return [
        _("The table holds {incidents}: {types}.", lang,
          incidents=n_("{n} security incident", "{n} security incidents", int(s["incidents"]), lang), types=type_text),
        _("{dated}, from {first} to {last}; {recent}, and {undated}.", lang,
          dated=n_("The article dates {n} of them", "The article dates {n} of them", int(s["dated"]), lang),
          first=dated_label(first), last=dated_label(last),
          recent=n_("{n} falls in the 18 months before publication", "{n} fall in the 18 months before publication",
                    recent, lang),
          undated=n_("{n} has no date", "{n} have no date", int(s["undated"]), lang)),
        _("The article gives the number of people arrested {stated} out of {total} ({people} in all) and not {rest}, "
          "so the true total is unknown, not {sum}.", lang,
          stated=n_("for {n} incident", "for {n} incidents", int(s["arrested_stated_events"]), lang),
          total=int(s["incidents"]),
          people=n_("{n} person", "{n} people", int(s["arrested_stated_total"]), lang),
          rest=n_("for the other one", "for the other {n}", int(s["arrested_unstated_events"]), lang),
          sum=int(s["arrested_stated_total"])),
        _("It gives the number of people killed {stated} ({killed}).", lang,
          stated=n_("for {n} incident", "for {n} incidents", int(s["killed_stated_events"]), lang),
          killed=n_("{n} person killed", "{n} people killed", int(s["killed_stated_total"]), lang)),
        _("ISIS is named {isis}; no group or network is named {none}.", lang,
          isis=n_("in {n} incident", "in {n} incidents", int(actors.get("ISIS", 0)), lang),
          none=n_("in {n} incident", "in {n} incidents", int(actors.get("NOT_STATED", 0)), lang)),
        major_attack(data, lang),
        record_dates(data, lang, "incident"),
    ]


def _sentence_part(text: str, lang: str) -> str:
    """A sentence from the data set after a colon: its first letter lowered in English ("No other …" → "no other …"),
    unless the first word is an acronym; its full stop dropped (the sentence has its own)."""
    text = text.rstrip().rstrip(".")
    if lang == "en" and len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def major_attack(data: EventData, lang: str) -> str:
    """Notebook 02: the article's "one major attack in ten years" and the public record's verdict on it, with how
    many sources it rests on (``claims.csv``); where the record was not checked, what the table holds."""
    published = data.published
    check = agg.major_attacks_check(data.events, published)
    statements = criticism.major_attack_claims(data)
    if len(statements):
        c = statements.iloc[0]
        sources = len([x for x in str(c["sources"]).split(";") if x]) if isinstance(c["sources"], str) else 0
        verdict = {"confirmed": lambda: _("the public record bears it out", lang),
                   "partly": lambda: _("the public record bears it out only in part", lang),
                   "contradicted": lambda: _("the public record contradicts it", lang),
                   "unverified": lambda: _("nothing was found in the public record", lang),
                   "not_stated": lambda: _("the public record was consulted", lang)}[str(c["verdict"])]()
        return _("The article says Morocco suffered only one major attack in ten years ({ids}); {verdict} ({sources}, "
                 "claim {claim} in notebook 05): {record}.", lang, ids=_named_list(data, list(check["event_id"]), lang),
                 verdict=verdict, sources=style.count(sources, "source", lang), claim=style.ltr(c["claim_id"], lang),
                 record=_sentence_part(criticism.record_value(c, lang), lang))
    since = (published - pd.DateOffset(years=10)).date().isoformat()
    return _("The article says Morocco suffered one major attack in ten years; the table holds {attacks} in Morocco "
             "between {since} and {published} ({ids}), and the public record has not been checked for this claim.", lang,
             attacks=n_("{n} attack", "{n} attacks", len(check), lang), since=style.ltr(since, lang),
             published=style.ltr(published.date().isoformat(), lang), ids=_named_list(data, list(check["event_id"]), lang))


# ------------------------------------------------------------------ notebook 03

def agencies(data: EventData, lang: str) -> list[str]:
    """Notebook 03: agency involvement."""
    ea, a = data.event_agencies, data.agencies
    per_agency = ea.groupby("agency_id")["event_id"].nunique()
    involved = a[a["agency_id"].isin(per_agency.index)]
    n_generic = int(involved["generic"].sum())
    named_security = involved[~involved["generic"] & involved["kind"].isin(["intelligence", "law_enforcement", "judicial_police"])]
    top = per_agency.sort_values(ascending=False, kind="stable")
    top_id = top.index[0]
    top_named = per_agency[named_security["agency_id"]].sort_values(ascending=False, kind="stable")
    pairs = agg.co_involvement_pairs(ea)
    p = pairs.iloc[0]
    side = a.set_index("agency_id")["side"].astype(str)
    f = data.flows.assign(giver=data.flows["source"].map(side), taker=data.flows["target"].map(side))
    ma_us = sorted(set(f.loc[(f["giver"] == "Morocco") & (f["taker"] == "United States"), "event_id"]))
    us_ma = sorted(set(f.loc[(f["giver"] == "United States") & (f["taker"] == "Morocco"), "event_id"]))
    named_us = [i for i in involved.loc[(involved["country"] == "US") & ~involved["generic"] & (involved["kind"] != "government"), "agency_id"]]
    labels = dict(zip(a["agency_id"], a[style.col("label", lang)]))
    events = lambda k: n_("{n} event", "{n} events", int(k), lang)  # noqa: E731
    return [
        _("{bodies} take part in at least one event: {named} and {unnamed} (such as 'the US intelligence services'), "
          "kept apart rather than guessed.", lang,
          bodies=n_("{n} body", "{n} bodies", len(involved), lang),
          named=n_("{n} named", "{n} named", len(involved) - n_generic, lang),
          unnamed=n_("{n} unnamed", "{n} unnamed", n_generic, lang)),
        _("The most involved is the {top} ({top_events}); the most involved named security agency is the {agency} "
          "({agency_events}).", lang, top=labels[top_id], top_events=events(top.iloc[0]),
          agency=labels[top_named.index[0]], agency_events=events(top_named.iloc[0])),
        _("Of the {pairs} of bodies named in the same event, {shared}; the most frequent is {a} with {b} ({events}).", lang,
          pairs=n_("{n} pair", "{n} pairs", len(pairs), lang),
          shared=n_("{n} shares more than one event", "{n} share more than one event", int((pairs["events"] > 1).sum()), lang),
          a=labels[p["agency_id"]], b=labels[p["with_agency_id"]], events=events(p["events"])),
        _("The article states who passed information or assistance to whom {flows}: {ma_us} it went from Morocco "
          "to the US ({ma_ids}), {us_ma} from the US to Morocco ({us_ids}).", lang,
          flows=n_("in {n} event", "in {n} events", data.flows["event_id"].nunique(), lang),
          ma_us=n_("in {n} of them", "in {n} of them", len(ma_us), lang), ma_ids=_named_list(data, ma_us, lang),
          us_ma=n_("in {n} of them", "in {n} of them", len(us_ma), lang), us_ids=_named_list(data, us_ma, lang)),
        _("Named US bodies other than the government ({bodies}) appear {events} in all.", lang,
          bodies=_join([labels[i] for i in named_us], lang),
          events=n_("in {n} event", "in {n} events", ea[ea["agency_id"].isin(named_us)]["event_id"].nunique(), lang)),
        record_agencies(data, lang),
    ]


# ------------------------------------------------------------------ notebook 04

def cooperation(data: EventData, lang: str) -> list[str]:
    """Notebook 04: cooperation types."""
    ec = data.event_cooperation
    counts = agg.cooperation_counts(ec, data.cooperation_types).sort_values("events", ascending=False, kind="stable")
    top = counts[counts["events"] == counts["events"].max()]
    context = agg.event_context(data.events, ec).set_index("context")["events"]
    intel = counts[counts["cooperation_type"] == "intel_sharing"]
    n = ec["event_id"].nunique()
    code = lambda r: _cameo(r.cameo_code, lang) if isinstance(r.cameo_code, str) else ""  # noqa: E731
    names = _join([f"{getattr(r, style.col('label', lang))}{code(r)}" for r in top.itertuples()], lang)
    carry = n_("{n} event carries at least one cooperation type", "{n} events carry at least one cooperation type", n, lang)
    most = n_("in {n} event", "in {n} events", int(top["events"].iloc[0]), lang)
    out = [_("{events}; the most common is {names}, {top}.", lang, events=carry, names=names, top=most) if len(top) == 1
           else _("{events}; the most common are {names}, each {top}.", lang, events=carry, names=names, top=most)]
    if len(intel):
        r = next(intel.itertuples())
        out.append(_("{label}{code} appears {events}.", lang, label=getattr(r, style.col("label", lang)), code=code(r),
                     events=n_("in {n} event", "in {n} events", int(r.events), lang)))
    out += direction_sentences(data, lang)
    out += [
        _("{of_events}: {tied}, {one_off} and {standing}.", lang,
          of_events=n_("Of the {n} event that carries cooperation", "Of the {n} events that carry cooperation", n, lang),
          tied=n_("{n} is tied to a specific incident", "{n} are tied to a specific incident",
                  int(context["tied to an incident"]), lang),
          one_off=n_("{n} is a one-off activity", "{n} are one-off activities", int(context["one-off activity"]), lang),
          standing=n_("{n} is a standing mechanism", "{n} are standing mechanisms", int(context["standing mechanism"]), lang)),
        record_dates(data, lang, "cooperation"),
    ]
    return out


def _cameo(code: str, lang: str) -> str:
    """' (CAMEO 064)' / ' (رمز ⁦CAMEO 064⁩)': the code whole, isolated in Arabic, named as a code there."""
    text = style.ltr(f"CAMEO {code}", lang)
    if lang == "en":
        return f" ({text})"
    named_code = _("the code {code}", lang, code=text)
    return f" ({named_code})"


def direction_sentences(data: EventData, lang: str) -> list[str]:
    """Notebook 04: every direction the article states, by event (an event whose cooperation runs two ways is
    named under both), and the events that carry two directions."""
    by = agg.direction_events(data.event_cooperation)
    stated = sorted(set(by["MA>US"]) | set(by["US>MA"]) | set(by["mutual"]))
    out = [_("The article states the direction of the cooperation {stated}: Morocco → US {ma_us} ({ma_ids}), "
             "US → Morocco {us_ma} ({us_ids}) and both ways {mutual}; it states none {none}.", lang,
             stated=n_("in {n} event", "in {n} events", len(stated), lang),
             ma_us=n_("in {n} of them", "in {n} of them", len(by["MA>US"]), lang), ma_ids=_named_list(data, by["MA>US"], lang),
             us_ma=n_("in {n} of them", "in {n} of them", len(by["US>MA"]), lang), us_ids=_named_list(data, by["US>MA"], lang),
             mutual=n_("in {n} of them", "in {n} of them", len(by["mutual"]), lang),
             none=n_("in {n} event", "in {n} events", len(by[agg.UNSTATED]), lang))]
    counts = pd.Series([e for d in ("MA>US", "US>MA", "mutual") for e in by[d]]).value_counts()
    two = sorted(counts[counts > 1].index)
    ways = {"MA>US": style.t("MA>US", lang), "US>MA": style.t("US>MA", lang), "mutual": _("both ways", lang)}
    if two:
        out.append(n_("{n} event runs in two directions and is counted under both: {items}.",
                      "{n} events run in two directions and are counted under both: {items}.", len(two), lang,
                      items=("؛ " if lang == "ar" else "; ").join(
                          f"{named(data, e, lang)} ({_sep(lang).join(ways[d] for d in ('MA>US', 'US>MA', 'mutual') if e in by[d])})"
                          for e in two)))
    return out


# ------------------------------------------------------------------ the article against the public record

def record_dates(data: EventData, lang: str, category: str | None = None) -> str:
    """One sentence: the dates (of events in ``category``) that the public record contradicts."""
    checks = criticism.date_checks(data)
    if category:
        checks = checks[checks["category"] == category]
    wrong = checks[checks["verdict"] == "contradicted"]
    dates = n_("about {n} date", "about {n} dates", len(checks), lang)
    if wrong.empty:
        return _("The public record speaks {dates} here and contradicts none of them (notebook 05).", lang, dates=dates)
    items = ("؛ " if lang == "ar" else "; ").join(
        _("{event}: the article's {article}, the record's {record}, {days} apart", lang, event=named(data, r.event_id, lang),
          article=style.ltr(r.article_date, lang), record=style.ltr(r.record_date, lang),
          days=gap_words(r, lang))
        for _i, r in wrong.iterrows())
    return _("The public record speaks {dates} here and contradicts the article {wrong} — {items}. The charts draw "
             "the article's date and mark the record's beside it (notebook 05).", lang,
             dates=dates, wrong=n_("in {n} of them", "in {n} of them", len(wrong), lang), items=items)


def claim_counts(data: EventData) -> dict[str, int]:
    """How the article's claims fare against the public record, counted so that the totals add up:
    ``checked`` (the statements the article makes that could be checked) = confirmed + partly + contradicted
    + unverified; ``not_stated`` (fields for which the article gives no value) is counted apart, never as a
    statement the article makes."""
    v = criticism.verdict_totals(data)
    counts = {k: int(v[k]) for k in ("confirmed", "partly", "contradicted", "unverified", "not_stated")}
    counts["checked"] = sum(counts[k] for k in ("confirmed", "partly", "contradicted", "unverified"))
    return counts


def claims_summary(data: EventData, lang: str) -> str:
    """One sentence for the report indexes and the README: how the article's checkable statements fare
    against the public record; the fields it leaves blank are said apart, so the four verdicts add up."""
    c = claim_counts(data)
    return _("{checked}, the public record confirms {confirmed}, partly confirms {partly} and contradicts "
             "{contradicted}, and nothing was found for {unverified}; {not_stated}.", lang,
             checked=n_("Of the {n} statement the article makes that could be checked",
                        "Of the {n} statements the article makes that could be checked", c["checked"], lang),
             confirmed=c["confirmed"], partly=c["partly"], contradicted=c["contradicted"], unverified=c["unverified"],
             not_stated=n_("for {n} more field the article states nothing",
                           "for {n} more fields the article states nothing", c["not_stated"], lang))


def record_agencies(data: EventData, lang: str) -> str:
    """One sentence: the events whose agencies the public record bears out only in part, or not at all."""
    c = criticism.claims(data)
    checked = c[(c["field"] == "agencies") & c["verdict"].isin(criticism.CHECKED)]
    doubted = checked[checked["verdict"] != "confirmed"]
    return _("The public record speaks to who took part {events}: it bears out the article's account {held} and only "
             "in part or not at all {doubted} ({ids}); the charts show the article's account (notebook 05 sets out "
             "the record's).", lang,
             events=n_("in {n} event", "in {n} events", len(checked), lang),
             held=n_("in {n} of them", "in {n} of them", len(checked) - len(doubted), lang),
             doubted=n_("in {n} of them", "in {n} of them", len(doubted), lang),
             ids=_named_list(data, list(doubted["event_id"]), lang))


def source_criticism(data: EventData, lang: str) -> list[str]:
    """Notebook 05: how far the article's claims hold against the public record."""
    c = criticism.claims(data)
    n_sources = int((data.sources["role"] == "record").sum())
    checks = criticism.date_checks(data)
    gap = checks.dropna(subset=["days_off"]).assign(gap=lambda f: f["days_off"].abs()).sort_values("gap", ascending=False)
    agencies = c[(c["field"] == "agencies") & c["verdict"].isin(criticism.CHECKED)]
    a_ok, a_part = agencies[agencies["verdict"] == "confirmed"], agencies[agencies["verdict"] == "partly"]
    unverified = c[c["verdict"] == "unverified"]
    contradicted = c[c["verdict"] == "contradicted"]
    out = [
        claims_summary(data, lang),
        _("These statements are {events}, set here against what the public record says {sources}; where the "
          "article leaves a field blank, the record's value is given for reference.", lang,
          events=n_("about {n} event", "about {n} events", c["event_id"].nunique(), lang),
          sources=n_("in {n} source", "in {n} sources", n_sources, lang)),
        n_("The record contradicts {n} claim: {items}.", "The record contradicts {n} claims: {items}.", len(contradicted),
           lang, items=_field_ids(data, contradicted, lang)),
    ]
    if len(gap):
        top = gap.iloc[0]
        out.append(_("The record speaks {dates}: {held}, and the article is wrong {wrong}; the largest gap is in {event}, "
                     "{days} (the article's {article}, the record's {record}).", lang,
                     dates=n_("about {n} date", "about {n} dates", len(checks), lang),
                     held=n_("{n} of them holds", "{n} of them hold", int((checks["verdict"] == "confirmed").sum()), lang),
                     wrong=n_("in {n} of them", "in {n} of them", int((checks["verdict"] == "contradicted").sum()), lang),
                     event=named(data, top["event_id"], lang),
                     days=gap_words(top, lang),
                     article=style.ltr(top["article_date"], lang), record=style.ltr(top["record_date"], lang)))
    out.append(_("On who took part, the record speaks {events}: it agrees with the article {agree} and only in part "
                 "{part} ({ids}), where it names bodies the article leaves unnamed, credits others, or contradicts a "
                 "role the article gives.", lang,
                 events=n_("about {n} event", "about {n} events", len(agencies), lang),
                 agree=n_("in {n} of them", "in {n} of them", len(a_ok), lang),
                 part=n_("in {n} of them", "in {n} of them", len(a_part), lang),
                 ids=_named_list(data, list(a_part["event_id"]), lang)))
    out.append(n_("Nothing in the record was found for {n} claim: {items}.",
                  "Nothing in the record was found for {n} claims: {items}.", len(unverified), lang,
                  items=_field_ids(data, unverified, lang)))
    return out
