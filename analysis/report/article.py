"""The annotated article: the whole article (Arabic, right to left, line by line as paragraphs), every mention
highlighted as an element whose ``id`` is its ``mention_id``, coloured by its event's category and linked to
the event, its mention and event ids written after it (visible without hovering); on the English page each
paragraph is followed by our English gloss of its passages (``mentions.gloss_en``), the quote staying the
article's Arabic. Below, the events (id, type, date, summary in the page's language) with links back to their
words; an event whose date the public record contradicts says so, with the record's date, the claim and a link
to the verdict in notebook 05.

Mentions may nest (one passage inside a longer one) or cross; each is drawn as one ``<mark>`` per stretch of
text it covers, properly nested, the ``id`` on its first stretch only, so every mention id exists exactly
once. Text from the data is escaped.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.i18n import _
from analysis.report.site import page, site_header, words
from analysis.style import isolate_runs



@dataclass(frozen=True)
class Span:
    start: int
    end: int
    mention: str
    event: str
    category: str
    title: str
    flag: str = ""  # a word shown after the ids, e.g. that the record contradicts the event's date


def _blank(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def event_date(row: pd.Series, lang: str) -> str:
    """The event's date as coded (ISO, to its precision), isolated left to right; words for what is open."""
    start = None if _blank(row.get("date")) else f'<bdi dir="ltr">{html.escape(str(row["date"]))}</bdi>'
    end = row.get("date_end")
    if not _blank(end) and end == "..":
        if start:
            return _("from {start}, still going on", lang, start=start)
        return html.escape(_("still going on, start not stated", lang))
    if not _blank(end):
        return f'{start or html.escape(_("not stated", lang))} – <bdi dir="ltr">{html.escape(str(end))}</bdi>'
    return start or html.escape(_("date not stated", lang))


def _tag(span: Span) -> str:
    """The mention's and its event's ids after its words, visible without hovering (and its flag, if any)."""
    flag = f' <span class="report-mention-flag">{html.escape(span.flag)}</span>' if span.flag else ""
    return (f'<a class="report-mention-tag {html.escape(span.category)}" href="#{html.escape(span.event)}" '
            f'title="{html.escape(span.title)}"><bdi dir="ltr">{html.escape(span.mention)} · {html.escape(span.event)}'
            f'</bdi>{flag}</a>')


def annotate(text: str, spans: list[Span], glosses: dict[str, str] | None = None, gloss_label: str = "") -> str:
    """The text as ``<p>`` per line, each span a nested ``<mark>`` (split where spans cross or a line ends), the
    mention and event ids written where the mention ends. With ``glosses`` (mention id → English), each paragraph
    holding the start of a mention is followed by the glosses of the mentions that start in it (``lang="en"``,
    left to right), ``gloss_label`` naming them for screen readers."""
    out: list[str] = []
    emitted: set[str] = set()
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        inside = [s for s in spans if s.start < end and s.end > start]
        cuts = sorted({start, end, *(max(s.start, start) for s in inside), *(min(s.end, end) for s in inside)})
        stack: list[Span] = []
        parts: list[str] = []

        def close(spans_closed: list[Span], at: int) -> None:
            for span in reversed(spans_closed):  # innermost first
                parts.append("</mark>")
                if span.end == at:
                    parts.append(_tag(span))

        for a, b in zip(cuts, cuts[1:]):
            active = sorted((s for s in inside if s.start <= a and s.end >= b),
                            key=lambda s: (s.start, -s.end, s.mention))
            common = 0
            while common < min(len(stack), len(active)) and stack[common] == active[common]:
                common += 1
            close(stack[common:], a)
            for span in active[common:]:
                ident = "" if span.mention in emitted else f' id="{html.escape(span.mention)}"'
                emitted.add(span.mention)
                parts.append(f'<mark{ident} class="report-mention {html.escape(span.category)}" '
                             f'data-mention="{html.escape(span.mention)}" title="{html.escape(span.title)}">')
            stack = active
            chunk = html.escape(text[a:b])
            if stack:
                chunk = f'<a href="#{html.escape(stack[-1].event)}">{chunk}</a>'
            parts.append(chunk)
        close(stack, end)
        if line.strip():
            out.append(f"<p>{''.join(parts)}</p>")
            starting = sorted((s for s in spans if start <= s.start < max(end, start + 1)), key=lambda s: (s.start, s.mention))
            if glosses and starting:
                items = "".join(
                    f'<li><a href="#{html.escape(s.mention)}"><bdi>{html.escape(s.mention)}</bdi></a> · '
                    f'<a href="#{html.escape(s.event)}"><bdi>{html.escape(s.event)}</bdi></a>: '
                    f'{html.escape(isolate_runs(glosses.get(s.mention, ""), "en"))}</li>' for s in starting)
                out.append(f'<ul class="report-gloss" lang="en" dir="ltr" aria-label="{html.escape(gloss_label)}">{items}</ul>')
    missing = [s for s in spans if s.mention not in emitted]  # a mention of no visible text: still findable
    if missing:
        out.append("<p>" + "".join(f'<mark id="{html.escape(s.mention)}" class="report-mention '
                                   f'{html.escape(s.category)}" title="{html.escape(s.title)}"></mark>'
                                   for s in missing) + "</p>")
    return "\n".join(out)


def _contradicted_dates(data: Any) -> dict[str, Any]:
    """Event id → its date claim, where the public record contradicts the article's date."""
    claims = data.claims
    wrong = claims[(claims["field"] == "date") & (claims["verdict"] == "contradicted")]
    return {row.event_id: row for row in wrong.itertuples()}


def article_page(data: Any, lang: str, langs: tuple[str, ...], verdicts: str | None = None) -> str:
    """``<lang>/article.html`` from the loaded package (``analysis.load.EventData``); ``verdicts`` is the
    source-criticism page (relative to the language folder) when the build has one: a contradicted date links
    to its claim's row there."""
    w = words(lang)
    suffix = "ar" if lang == "ar" else "en"
    types = data.event_types.set_index("event_type")[f"label_{suffix}"].to_dict()
    events = data.events.set_index("event_id")
    category_names = {"incident": _("Security incident", lang), "cooperation": _("Cooperation", lang)}

    def event_title(event_id: str) -> str:
        row = events.loc[event_id]
        date = str(row["date"]) if not _blank(row["date"]) else _("date not stated", lang)
        return f'{event_id} · {types.get(row["event_type"], row["event_type"])} · {date}'

    contradicted = _contradicted_dates(data)
    flag = _("date contradicted by the record", lang)
    gloss_label = _("Our English gloss of the passages above", lang)
    articles = data.sources.loc[data.sources["role"] == "article", "source_id"].tolist()
    sections = []
    for source in articles:
        mentions = data.mentions[data.mentions["source_id"] == source]
        spans = [Span(int(m.char_start), int(m.char_end), str(m.mention_id), str(m.event_id),
                      str(events.loc[m.event_id, "category"]), event_title(m.event_id),
                      flag if m.event_id in contradicted else "")
                 for m in mentions.itertuples()]
        glosses = dict(zip(mentions["mention_id"], mentions["gloss_en"])) if lang == "en" and "gloss_en" in mentions else None
        sections.append(f'<article class="report-article" lang="ar" dir="rtl">\n'
                        f'{annotate(data.texts[source], spans, glosses, gloss_label)}\n</article>')

    items = []
    for event_id, row in events.iterrows():
        words_of = data.mentions.loc[data.mentions["event_id"] == event_id, "mention_id"].tolist()
        back = " ".join(f'<a href="#{html.escape(m)}">{html.escape(m)}</a>' for m in words_of)
        summary = isolate_runs(str(row[f"summary_{suffix}"]), lang)
        record = ""
        if event_id in contradicted:
            claim = contradicted[event_id]
            record = ('<p class="report-record">' + html.escape(_(
                "The public record contradicts this date: the article's {article}, the record's {record} (claim {claim}).",
                lang, article="\u2066" + str(claim.article_value) + "\u2069", record="\u2066" + str(claim.record_value) + "\u2069",
                claim="\u2066" + str(claim.claim_id) + "\u2069"))
                + (f' <a href="{html.escape(verdicts)}#{html.escape(str(claim.claim_id))}">'
                   + html.escape(_("The verdict and its sources, in notebook 05", lang)) + "</a>" if verdicts else "")
                + "</p>")
        items.append(
            f'<li id="{html.escape(event_id)}" class="report-event {html.escape(str(row["category"]))}">'
            f'<p><strong><bdi dir="ltr">{html.escape(event_id)}</bdi> · '
            f'{html.escape(str(types.get(row["event_type"], row["event_type"])))}</strong> · '
            f'{html.escape(category_names.get(str(row["category"]), ""))} · {event_date(row, lang)}</p>'
            f'<p>{html.escape(summary)}</p>{record}'
            f'<p class="report-event-words">{html.escape(_("Its words in the article:", lang))} {back}</p></li>')

    legend = (f'<p class="report-legend"><mark class="report-mention incident">{html.escape(category_names["incident"])}'
              f'</mark> <mark class="report-mention cooperation">{html.escape(category_names["cooperation"])}</mark></p>')
    intro = _("The whole article as published, line by line. Every passage coded as telling an event is "
              "highlighted, coloured by the event's kind; follow a highlight to its event, and from an event back "
              "to its words. The numbers in the reports can all be checked here against the source.", lang)
    intro += " " + (_("After each passage stand its mention id and its event's id; under each paragraph, our English "
                      "gloss of its passages (the article's words stay in Arabic).", lang) if lang == "en" else
                    _("After each passage stand its mention id and its event's id.", lang))
    body = (site_header(lang, "index.html", langs, "../{lang}/article.html")
            + f'<nav class="report-nav" aria-label="{html.escape(w["nav"])}"><a href="index.html">'
            f'{html.escape(w["index"])}</a> · <a href="figures/index.html">{html.escape(w["figures"])}</a></nav>\n'
            f'<h1>{html.escape(w["article"])}</h1>\n<p class="report-caveat">{html.escape(w["caveat"])}</p>\n'
            f'<p>{html.escape(intro)}</p>\n{legend}\n' + "\n".join(sections)
            + f'\n<section class="report-events"><h2>{html.escape(_("The events", lang))}</h2>\n<ol>\n'
            + "\n".join(items) + "\n</ol>\n</section>")
    return page(lang, f'{w["article"]} — {w["site"]}', "../", body)
