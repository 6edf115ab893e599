"""The answer on the front pages: what the article argues and how far it holds, in a few findings computed
from the data package (never typed in), each linked to its evidence — the event in the annotated article
(``article.html#E04``) and the verdict in the source-criticism report (``…/05-….html#C16``).

Sentences are HTML: the words come from the site catalog (``analysis/locale/ar/LC_MESSAGES/site.po``) and are
escaped; only the links built here are markup. Counted nouns are plural messages (CLDR forms in Arabic).
"""
from __future__ import annotations

import html

from analysis import criticism
from analysis.criticism import gap_words
from analysis.findings import claims_summary, event_label, readable_date
from analysis.i18n import _, n_


def _fill(message: str, lang: str, **values: str) -> str:
    """The catalog's ``message`` in ``lang``, escaped, with ``values`` (HTML already) put in its places."""
    return html.escape(_(message, lang)).format(**values)


def _fill_n(singular: str, plural: str, n: int, lang: str, **values: str) -> str:
    template = n_(singular, plural, n, lang, **{k: "{" + k + "}" for k in values})
    return html.escape(template).format(**values)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    if lang == "ar":
        return "، ".join(items[:-1]) + " و" + items[-1]
    return ", ".join(items[:-1]) + " and " + items[-1]


class Evidence:
    """Links from a front page: to an event of the annotated article, to a claim's verdict in report 05."""

    def __init__(self, prefix: str, verdicts: str | None) -> None:
        self.prefix = prefix  # from the page to its language folder ("" or "en/")
        self.verdicts = verdicts  # the source-criticism page, relative to the language folder, if built

    def event(self, event_id: str) -> str:
        return f'<a href="{html.escape(self.prefix)}article.html#{html.escape(event_id)}">{html.escape(event_id)}</a>'

    def named(self, data, event_id: str, lang: str) -> str:
        return f'{self.event(event_id)}{"، " if lang == "ar" else ", "}{html.escape(event_label(data, event_id, lang))}'

    def verdict(self, claim_id: str, lang: str) -> str:
        text = html.escape(_("verdict {claim}", lang, claim=claim_id))
        if not self.verdicts:
            return text
        return f'<a href="{html.escape(self.prefix + self.verdicts)}#{html.escape(claim_id)}">{text}</a>'

    def report(self, lang: str, message: str = "report {number}", anchor: str = "") -> str:
        text = html.escape(_(message, lang, number="05"))
        if not self.verdicts:
            return text
        return f'<a href="{html.escape(self.prefix + self.verdicts)}{html.escape(anchor)}">{text}</a>'


def _date(value: str, lang: str) -> str:
    """An ISO date of the claims at its precision, in words ('25 March 2021'); a span as it is stored."""
    precision = {10: "day", 7: "month", 4: "year"}.get(len(value)) if "/" not in value else None
    return readable_date(value, precision, lang) if precision else value


def thesis(data, lang: str, evidence: Evidence) -> str:
    """What the article argues (its title) and what it rests on."""
    article = data.sources[data.sources["role"] == "article"].iloc[0]
    title = article["title_ar"] if lang == "ar" and isinstance(article.get("title_ar"), str) else article.get("title_en")
    title = title if isinstance(title, str) else str(article["title"])
    e = data.events
    incidents = int((e["category"] == "incident").sum())
    quoted = f'«{title}»' if lang == "ar" else f"“{title}”"
    return _fill("The article argues what its title says — {title} — and rests its case on {events}: {incidents} and "
                 "{cooperation}.", lang,
                 title=f'<a href="{html.escape(evidence.prefix)}article.html">{html.escape(quoted)}</a>',
                 events=html.escape(n_("{n} event", "{n} events", len(e), lang)),
                 incidents=html.escape(n_("{n} security incident", "{n} security incidents", incidents, lang)),
                 cooperation=html.escape(n_("{n} cooperation activity or mechanism",
                                            "{n} cooperation activities or mechanisms", len(e) - incidents, lang)))


def totals(data, lang: str, evidence: Evidence) -> str:
    return _fill("{summary} The verdicts, claim by claim, are in {report}.", lang,
                 summary=html.escape(claims_summary(data, lang)), report=evidence.report(lang))


def dates(data, lang: str, evidence: Evidence) -> str | None:
    """The dates the record contradicts, the largest gap first."""
    checks = criticism.date_checks(data)
    wrong = checks[checks["verdict"] == "contradicted"].copy()
    if wrong.empty:
        return None
    wrong["gap"] = wrong["days_off"].abs()
    wrong = wrong.sort_values(["gap", "event_id"], ascending=[False, True])
    items = [_fill("{event}: {article} in the article, {record} in the record, {days} apart ({verdict})", lang,
                   event=evidence.named(data, r.event_id, lang),
                   article=html.escape(_date(str(r.article_date), lang)),
                   record=html.escape(_date(str(r.record_date), lang)),
                   days=html.escape(gap_words(r, lang)), verdict=evidence.verdict(r.claim_id, lang))
             for _i, r in wrong.iterrows()]
    return _fill_n("The record contradicts one of its dates: {items}.", "The record contradicts {n} of its dates: {items}.",
                   len(wrong), lang, items=("؛ " if lang == "ar" else "; ").join(items))


def agencies(data, lang: str, evidence: Evidence) -> str | None:
    """Who took part: how often the record bears out the article, and the named bodies it does not."""
    c = criticism.claims(data)
    checked = c[(c["field"] == "agencies") & c["verdict"].isin(criticism.CHECKED)]
    if checked.empty:
        return None
    held = int((checked["verdict"] == "confirmed").sum())
    compare = criticism.agency_comparison(data).set_index("event_id")
    generic = dict(zip(data.agencies["agency_id"], data.agencies["generic"].astype(bool)))
    labels = dict(zip(data.agencies["agency_id"], data.agencies["label_ar" if lang == "ar" else "label_en"]))
    items, bodies = [], 0
    for claim in checked[checked["verdict"] != "confirmed"].itertuples():
        credited = compare.loc[claim.event_id, "article_only"] if claim.event_id in compare.index else ""
        named = [labels.get(a, a) for a in str(credited).split(";") if a and not generic.get(a, True)]
        if named:
            bodies += len(named)
            items.append(_fill("{bodies} in {event} ({verdict})", lang, bodies=html.escape(_join(named, lang)),
                               event=evidence.named(data, claim.event_id, lang),
                               verdict=evidence.verdict(claim.claim_id, lang)))
    values = dict(events=html.escape(n_("{n} event", "{n} events", len(checked), lang)),
                  held=html.escape(n_("in {n} of them", "in {n} of them", held, lang)),
                  partly=html.escape(n_("in {n} of them", "in {n} of them", len(checked) - held, lang)))
    if not items:
        return _fill("On who took part, the record speaks to {events}: it bears out the article's account {held} and "
                     "only in part {partly}.", lang, **values)
    return _fill_n("On who took part, the record speaks to {events}: it bears out the article's account {held} and "
                   "only in part {partly}; it does not bear out the part the article gives this body: {items}.",
                   "On who took part, the record speaks to {events}: it bears out the article's account {held} and "
                   "only in part {partly}; it does not bear out the part the article gives these bodies: {items}.",
                   bodies, lang, items=_join(items, lang), **values)


def statements(data, lang: str, evidence: Evidence) -> str | None:
    """The article's statements of fact (field ``other``) that the record shows false, with what the record says."""
    c = criticism.claims(data)
    false = c[(c["field"] == "other") & (c["verdict"] == "contradicted")]
    if false.empty:
        return None
    column = "record_value_ar" if lang == "ar" else "record_value"
    items = [_fill("{event} — the record: {record} ({verdict})", lang, event=evidence.named(data, r["event_id"], lang),
                   record=html.escape(str(r[column])), verdict=evidence.verdict(r["claim_id"], lang))
             for _i, r in false.iterrows()]
    return _fill_n("The record shows one of its statements false: {items}.",
                   "The record shows {n} of its statements false: {items}.", len(false), lang,
                   items=("؛ " if lang == "ar" else "; ").join(items))


def unverified(data, lang: str, evidence: Evidence) -> str | None:
    """The statements for which nothing was found: unverified, not shown false."""
    c = criticism.claims(data)
    none = c[c["verdict"] == "unverified"]
    if none.empty:
        return None
    events = list(dict.fromkeys(none["event_id"]))
    first = str(none["claim_id"].iloc[0])
    return _fill_n("Nothing was found in the public record for one statement, about {events}: it is unverified, not "
                   "shown false ({list}).",
                   "Nothing was found in the public record for {n} statements, about {events}: they are unverified, "
                   "not shown false ({list}).", len(none), lang,
                   events=_join([evidence.event(e) for e in events], lang),
                   list=evidence.report(lang, "the list in report {number}", f"#{first}"))


def answer_html(data, lang: str, prefix: str, verdicts: str | None) -> str:
    """The front page's opening: a heading and the findings as a list (empty without claims or events)."""
    if data is None or data.events.empty:
        return ""
    evidence = Evidence(prefix, verdicts)
    found = [thesis(data, lang, evidence)]
    if len(data.claims):
        found += [s for s in (totals(data, lang, evidence), dates(data, lang, evidence),
                              statements(data, lang, evidence), agencies(data, lang, evidence), unverified(data, lang, evidence)) if s]
    items = "".join(f"<li>{s}</li>\n" for s in found)
    heading = html.escape(_("What the article argues, and how far it holds", lang))
    return f'<section class="report-answer">\n<h2>{heading}</h2>\n<ul>\n{items}</ul>\n</section>\n'


def verdicts_page(names: list[str]) -> str | None:
    """The analyst page of the source-criticism report (the one numbered 05), if the build has it."""
    found = [n for n in names if n.startswith("05")]
    return f"analyst/{found[0]}.html" if found else None

