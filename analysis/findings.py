"""Headline findings as sentences with their numbers, in English or Arabic.

The notebooks print these, so the stored outputs (checked by strict nbval) hold the story itself:
a change in the data that changes a finding fails the notebook test.
"""
from __future__ import annotations

import pandas as pd

from analysis import aggregate as agg
from analysis import criticism, style
from analysis.load import EventData


def _label(frame: pd.DataFrame, key: str, value: str, lang: str) -> str:
    return str(frame.loc[frame[key] == value, style.col("label", lang)].iloc[0])


def _ids(ids: list[str], lang: str) -> str:
    return ", ".join(style.ltr(i, lang) for i in ids)


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
    if lang == "en":
        return [
            f"The article reports {len(e)} distinct events in {len(m)} passages: {n_inc} security incidents and "
            f"{len(e) - n_inc} cooperation activities or mechanisms.",
            f"{len(retold)} events are told more than once; the most retold {'is' if len(most) == 1 else 'are'} "
            f"{' and '.join(most)} ({retold.iloc[0]} mentions{' each' if len(most) > 1 else ''}), "
            f"so counting passages instead of events would overstate activity by {len(m) - len(e)}.",
            f"Dates: {prec['day']} events are known to the day, {prec['month']} to the month, {prec['year']} to the year, "
            f"and {prec['unknown']} are undated; {ongoing} are standing mechanisms or roles still running at publication.",
            f"Places: {geo['town']} events are located to a town, {geo['country']} only to a country, "
            f"and {geo['unknown']} have no place in the article.",
            record_dates(data, lang),
        ]
    return [
        f"يورد المقال {len(e)} حدثاً مستقلاً في {len(m)} مقطعاً: {n_inc} حوادث أمنية و{len(e) - n_inc} من أنشطة التعاون وآلياته.",
        f"تُروى {len(retold)} أحداث أكثر من مرة، وأكثرها تكراراً {' و'.join(style.ltr(m, lang) for m in most)} ({retold.iloc[0]} مرات{' لكل منها' if len(most) > 1 else ''})، "
        f"ولو عُدّت المقاطع بدل الأحداث لزاد العدد {len(m) - len(e)}.",
        f"التواريخ: {prec['day']} أحداث معروفة باليوم، و{prec['month']} بالشهر، و{prec['year']} بالسنة، "
        f"و{prec['unknown']} بلا تاريخ؛ و{ongoing} منها آليات أو أدوار دائمة مستمرة عند النشر.",
        f"الأماكن: {geo['town']} أحداث محددة بالمدينة، و{geo['country']} بالبلد فقط، و{geo['unknown']} بلا مكان في المقال.",
        record_dates(data, lang),
    ]


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
    check = agg.major_attacks_check(e, published)
    since = (published - pd.DateOffset(years=10)).date().isoformat()
    if lang == "en":
        type_text = ", ".join(f"{_label(data.event_types, 'event_type', t, lang).lower()} ({int(n)})" for t, n in types.items())
        verdict = "consistent with the claim" if len(check) == 1 else "not what the claim says"
        return [
            f"The table holds {s['incidents']} security incidents: {type_text}.",
            f"{s['dated']} are dated, from {first['event_id']} ({first['date']}) to {last['event_id']} ({last['date']}); "
            f"{recent} of them fall in the 18 months before publication, and {s['undated']} incidents are undated.",
            f"Arrests are stated for {s['arrested_stated_events']} of {s['incidents']} incidents ({s['arrested_stated_total']} people in all); "
            f"the other {s['arrested_unstated_events']} leave the number unstated, so the true total is unknown, not {s['arrested_stated_total']}.",
            f"Deaths are stated for {s['killed_stated_events']} incident(s) ({s['killed_stated_total']} people killed).",
            f"ISIS is named in {int(actors.get('ISIS', 0))} incidents; {int(actors.get('NOT_STATED', 0))} incidents name no actor.",
            f"The article says Morocco suffered one major attack in ten years; the table holds {len(check)} attack(s) in Morocco "
            f"between {since} and {published.date().isoformat()} ({_ids(list(check['event_id']), lang)}): {verdict}.",
            record_dates(data, lang, "incident"),
        ]
    type_text = "، ".join(f"{_label(data.event_types, 'event_type', t, lang)} ({int(n)})" for t, n in types.items())
    verdict = "وهو ما يوافق قول المقال" if len(check) == 1 else "وهو ما لا يوافق قول المقال"
    return [
        f"يضم الجدول {s['incidents']} حوادث أمنية: {type_text}.",
        f"{s['dated']} منها مؤرخة، من {style.ltr(first['event_id'], lang)} ({style.ltr(first['date'], lang)}) "
        f"إلى {style.ltr(last['event_id'], lang)} ({style.ltr(last['date'], lang)})؛ تقع {recent} منها في الأشهر الثمانية عشر "
        f"السابقة للنشر، و{s['undated']} حوادث بلا تاريخ.",
        f"يُذكر عدد المعتقلين في {s['arrested_stated_events']} من {s['incidents']} حوادث ({s['arrested_stated_total']} أشخاص)، "
        f"ولا يُذكر في {s['arrested_unstated_events']} أخرى، فالعدد الحقيقي مجهول وليس {s['arrested_stated_total']}.",
        f"يُذكر عدد القتلى في {s['killed_stated_events']} حادثة ({s['killed_stated_total']} قتلى).",
        f"يُذكر تنظيم داعش في {int(actors.get('ISIS', 0))} حوادث، ولا تُذكر أي جهة في {int(actors.get('NOT_STATED', 0))} حوادث.",
        f"يقول المقال إن المغرب لم يتعرض إلا لهجوم كبير واحد في عشر سنوات؛ ويضم الجدول {len(check)} هجوماً في المغرب "
        f"بين {style.ltr(since, lang)} و{style.ltr(published.date().isoformat(), lang)} ({_ids(list(check['event_id']), lang)})، {verdict}.",
        record_dates(data, lang, "incident"),
    ]


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
    ma_us = f.loc[(f["giver"] == "Morocco") & (f["taker"] == "United States"), "event_id"].nunique()
    us_ma = f.loc[(f["giver"] == "United States") & (f["taker"] == "Morocco"), "event_id"].nunique()
    named_us = [i for i in involved.loc[(involved["country"] == "US") & ~involved["generic"] & (involved["kind"] != "government"), "agency_id"]]
    labels = dict(zip(a["agency_id"], a[style.col("label", lang)]))
    if lang == "en":
        return [
            f"{len(involved)} bodies take part in at least one event: {len(involved) - n_generic} named and {n_generic} unnamed "
            f"('the US intelligence services'), kept apart rather than guessed.",
            f"The most involved is the {labels[top_id]} ({top.iloc[0]} events); the most involved named security agency is the "
            f"{labels[top_named.index[0]]} ({top_named.iloc[0]} events).",
            f"The most frequent pair is {labels[p['agency_id']]} with {labels[p['with_agency_id']]} ({p['events']} events).",
            f"The article states who passed information or assistance to whom in {data.flows['event_id'].nunique()} events: "
            f"in {ma_us} it went from Morocco to the US, in {us_ma} from the US to Morocco.",
            f"Named US bodies other than the government ({', '.join(labels[i] for i in named_us)}) appear in "
            f"{ea[ea['agency_id'].isin(named_us)]['event_id'].nunique()} event(s) in all.",
            record_agencies(data, lang),
        ]
    return [
        f"تشارك {len(involved)} جهة في حدث واحد على الأقل: {len(involved) - n_generic} مسمّاة و{n_generic} غير مسمّاة "
        f"(مثل «الاستخبارات الأميركية»)، أُبقيت منفصلة بدل تخمين هويتها.",
        f"أكثر الجهات مشاركة {labels[top_id]} ({top.iloc[0]} أحداث)، وأكثر الأجهزة الأمنية المسمّاة مشاركة "
        f"{labels[top_named.index[0]]} ({top_named.iloc[0]} أحداث).",
        f"أكثر الثنائيات تكراراً {labels[p['agency_id']]} مع {labels[p['with_agency_id']]} ({p['events']} أحداث).",
        f"يذكر المقال من نقل المعلومات أو الدعم إلى من في {data.flows['event_id'].nunique()} أحداث: "
        f"في {ma_us} منها من المغرب إلى أميركا، وفي {us_ma} من أميركا إلى المغرب.",
        f"تظهر الجهات الأميركية المسمّاة غير الحكومة ({'، '.join(labels[i] for i in named_us)}) في "
        f"{ea[ea['agency_id'].isin(named_us)]['event_id'].nunique()} أحداث إجمالاً.",
        record_agencies(data, lang),
    ]


def cooperation(data: EventData, lang: str) -> list[str]:
    """Notebook 04: cooperation types."""
    ec = data.event_cooperation
    counts = agg.cooperation_counts(ec, data.cooperation_types).sort_values("events", ascending=False, kind="stable")
    top = counts[counts["events"] == counts["events"].max()]
    direction = agg.cooperation_by_direction(ec).groupby("direction", observed=True)["events"].sum()
    context = agg.event_context(data.events, ec).set_index("context")["events"]
    intel = int(counts.loc[counts["cooperation_type"] == "intel_sharing", "events"].sum())
    n = ec["event_id"].nunique()
    if lang == "en":
        names = ", ".join(f"{r.label_en} (CAMEO {r.cameo_code})" if isinstance(r.cameo_code, str) else r.label_en for r in top.itertuples())
        return [
            f"{n} events carry at least one cooperation type; the most common is {names}, in {top['events'].iloc[0]} events.",
            f"Intelligence sharing (CAMEO 064) appears in {intel} events.",
            f"Where the article states a direction, {int(direction.get('MA>US', 0))} type-event pairs run Morocco → US, "
            f"{int(direction.get('US>MA', 0))} US → Morocco and {int(direction.get('mutual', 0))} both ways; "
            f"{int(direction.get(agg.UNSTATED, 0))} have no stated direction.",
            f"Of the {n} cooperation-bearing events, {int(context['tied to an incident'])} are tied to a specific incident, "
            f"{int(context['one-off activity'])} are one-off activities and {int(context['standing mechanism'])} are standing mechanisms.",
            record_dates(data, lang, "cooperation"),
        ]
    names = "، ".join(f"{r.label_ar} (CAMEO {r.cameo_code})" if isinstance(r.cameo_code, str) else r.label_ar for r in top.itertuples())
    return [
        f"يحمل {n} حدثاً نوعاً واحداً على الأقل من التعاون، وأكثرها شيوعاً {names} في {top['events'].iloc[0]} أحداث.",
        f"يظهر تبادل المعلومات الاستخباراتية (CAMEO 064) في {intel} أحداث.",
        f"حيث يذكر المقال الاتجاه: {int(direction.get('MA>US', 0))} من المغرب إلى أميركا، و{int(direction.get('US>MA', 0))} "
        f"من أميركا إلى المغرب، و{int(direction.get('mutual', 0))} في الاتجاهين؛ و{int(direction.get(agg.UNSTATED, 0))} بلا اتجاه مذكور.",
        f"من بين {n} حدثاً تعاونياً، {int(context['tied to an incident'])} مرتبطة بحادثة محددة، و{int(context['one-off activity'])} "
        f"أنشطة منفردة، و{int(context['standing mechanism'])} آليات دائمة.",
        record_dates(data, lang, "cooperation"),
    ]


# ------------------------------------------------------------------ the article against the public record

def _field_ids(frame: pd.DataFrame, lang: str) -> str:
    """'E04 (date), E05 (date)': events with the field that was checked."""
    sep = "، " if lang == "ar" else ", "
    return sep.join(f"{style.ltr(e, lang)} ({style.t(f'field_{f}', lang).lower() if lang == 'en' else style.t(f'field_{f}', lang)})"
                    for e, f in zip(frame["event_id"], frame["field"].astype(str)))


def record_dates(data: EventData, lang: str, category: str | None = None) -> str:
    """One sentence: the dates (of events in ``category``) that the public record contradicts."""
    checks = criticism.date_checks(data)
    if category:
        checks = checks[checks["category"] == category]
    wrong = checks[checks["verdict"] == "contradicted"]
    if lang == "en":
        if wrong.empty:
            return f"The public record contradicts none of the {len(checks)} dates it speaks to here (notebook 05)."
        items = "; ".join(f"{r.event_id}: the article's {r.article_date}, the record's {r.record_date} "
                          f"({style.count(abs(int(r.days_off)), 'day', lang)} apart)" for r in wrong.itertuples())
        return (f"The public record contradicts {len(wrong)} of the {len(checks)} dates it speaks to here — {items}. "
                f"The charts draw the article's date and mark the record's beside it (notebook 05).")
    if wrong.empty:
        return f"لا يناقض السجل العام أياً من التواريخ التي يتناولها هنا، وعددها {len(checks)} (الدفتر 05)."
    items = "؛ ".join(f"{style.ltr(r.event_id, lang)}: تاريخ المقال {style.ltr(r.article_date, lang)} وتاريخ السجل "
                     f"{style.ltr(r.record_date, lang)}، والفارق بينهما {style.count(abs(int(r.days_off)), 'day', lang)}"
                     for r in wrong.itertuples())
    return (f"من التواريخ التي يتناولها السجل العام هنا، وعددها {len(checks)}، يناقض السجل {len(wrong)} — {items}. "
            f"ترسم الرسوم تاريخ المقال وتؤشّر إلى تاريخ السجل بجانبه (الدفتر 05).")


def claims_summary(data: EventData, lang: str) -> str:
    """One line for the report index: how the article's checked claims fare against the public record."""
    n = len(data.claims)
    v = criticism.verdict_totals(data)
    if lang == "en":
        return (f"Of the article's {style.count(n, 'claim', lang)} checked against the public record, {v['confirmed']} are confirmed, "
                f"{v['partly']} partly confirmed, {v['contradicted']} contradicted and {v['unverified']} unverified "
                f"(for {v['not_stated']} the article states nothing).")
    return (f"من ادعاءات المقال التي قوبلت بالسجل العام، وعددها {n}: المؤكَّد منها {v['confirmed']}، والمؤكَّد جزئياً {v['partly']}، "
            f"وما يناقضه السجل {v['contradicted']}، وما لم يُتحقَّق منه {v['unverified']} (ولا يذكر المقال شيئاً في {v['not_stated']}).")


def record_agencies(data: EventData, lang: str) -> str:
    """One sentence: the events whose agencies the public record bears out only in part, or not at all."""
    c = criticism.claims(data)
    checked = c[(c["field"] == "agencies") & c["verdict"].isin(criticism.CHECKED)]
    doubted = checked[checked["verdict"] != "confirmed"]
    ids = (", " if lang == "en" else "، ").join(style.ltr(e, lang) for e in doubted["event_id"])
    if lang == "en":
        return (f"Against the public record, the article's account of who took part holds in {len(checked) - len(doubted)} of the "
                f"{len(checked)} events the record speaks to, and only in part or not at all in {len(doubted)} ({ids}); "
                f"the charts show the article's account (notebook 05 sets out the record's).")
    return (f"في مواجهة السجل العام، تصح رواية المقال عمّن شارك في {len(checked) - len(doubted)} من الأحداث التي يتناولها السجل، "
            f"وعددها {len(checked)}، ولا تصح إلا جزئياً أو لا تصح أصلاً في {len(doubted)} ({ids})؛ وتعرض الرسوم رواية المقال "
            f"(ويعرض الدفتر 05 رواية السجل).")


def source_criticism(data: EventData, lang: str) -> list[str]:
    """Notebook 05: how far the article's claims hold against the public record."""
    c = criticism.claims(data)
    totals = criticism.verdict_totals(data)
    n_sources = int((data.sources["role"] == "record").sum())
    checks = criticism.date_checks(data)
    gap = checks.dropna(subset=["days_off"]).assign(gap=lambda f: f["days_off"].abs()).sort_values("gap", ascending=False)
    agencies = c[(c["field"] == "agencies") & c["verdict"].isin(criticism.CHECKED)]
    a_ok, a_part = agencies[agencies["verdict"] == "confirmed"], agencies[agencies["verdict"] == "partly"]
    unverified = c[c["verdict"] == "unverified"]
    contradicted = c[c["verdict"] == "contradicted"]
    if lang == "en":
        out = [
            f"The article's {style.count(len(c), 'claim', lang)} about {style.count(c['event_id'].nunique(), 'event', lang)} "
            f"were set against {style.count(n_sources, 'source', lang)} of the public record: {totals['confirmed']} confirmed, "
            f"{totals['partly']} partly confirmed, {totals['contradicted']} contradicted and {totals['unverified']} unverified; "
            f"for {totals['not_stated']} more the article states nothing and the record's value is given for reference.",
            f"The record contradicts {style.count(len(contradicted), 'claim', lang)}: {_field_ids(contradicted, lang)}.",
        ]
        if len(gap):
            top = gap.iloc[0]
            held = int((checks["verdict"] == "confirmed").sum())
            out.append(f"Of the {len(checks)} dates the record speaks to, {held} {'holds' if held == 1 else 'hold'} and "
                       f"{int((checks['verdict'] == 'contradicted').sum())} do not; the largest gap is {top['event_id']}'s, "
                       f"{style.count(int(top['gap']), 'day', lang)} (the article's {top['article_date']}, the record's {top['record_date']}).")
        out.append(f"On who took part, the record agrees with the article in {len(a_ok)} of the {len(agencies)} events it speaks to, "
                   f"and only in part in {len(a_part)} ({', '.join(a_part['event_id'])}): it names bodies the article leaves "
                   f"unnamed, credits others, or contradicts a role the article gives.")
        out.append(f"Nothing in the record was found for {style.count(len(unverified), 'claim', lang)}: {_field_ids(unverified, lang)}.")
        return out
    out = [
        f"قوبلت ادعاءات المقال، وعددها {len(c)} وتخص أحداثاً عددها {c['event_id'].nunique()}، بما يقوله السجل العام في مصادر "
        f"عددها {n_sources}: المؤكَّد منها {totals['confirmed']}، والمؤكَّد جزئياً {totals['partly']}، وما يناقضه السجل "
        f"{totals['contradicted']}، وما لم يُتحقَّق منه {totals['unverified']}؛ ويُضاف إليها {totals['not_stated']} لا يذكر "
        f"المقال فيها شيئاً، فتُعرض قيمة السجل للاطلاع فقط.",
        f"عدد الادعاءات التي يناقضها السجل {len(contradicted)}: {_field_ids(contradicted, lang)}.",
    ]
    if len(gap):
        top = gap.iloc[0]
        out.append(f"من التواريخ التي يتناولها السجل، وعددها {len(checks)}، يصح {int((checks['verdict'] == 'confirmed').sum())} "
                   f"ولا يصح {int((checks['verdict'] == 'contradicted').sum())}؛ وأكبر فارق في تاريخ {style.ltr(top['event_id'], lang)}، "
                   f"إذ يبلغ {style.count(int(top['gap']), 'day', lang)} (تاريخ المقال {style.ltr(top['article_date'], lang)} "
                   f"وتاريخ السجل {style.ltr(top['record_date'], lang)}).")
    out.append(f"في شأن الجهات المشاركة، يوافق السجلُّ المقالَ في {len(a_ok)} من الأحداث التي يتناولها، وعددها {len(agencies)}، "
               f"ويوافقه جزئياً في {len(a_part)} ({'، '.join(style.ltr(e, lang) for e in a_part['event_id'])}): فهو يسمّي جهات "
               f"يتركها المقال دون تسمية، أو ينسب الدور إلى جهات أخرى، أو ينفي دوراً ينسبه المقال.")
    out.append(f"لم يُعثر في السجل على ما يتناول {len(unverified)} من الادعاءات: {_field_ids(unverified, lang)}.")
    return out
