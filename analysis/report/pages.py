"""The site's own pages, besides the reports, as {path in the site: bytes}: per language the index (the answer
first), the annotated article, the figures page, the teacher's guide and the codebook, the sources and data
page; once for the site, the top index and the downloads. Every page carries the foot every page carries
(``site.footer_html``) and has been through the text pass (``textpass``)."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from analysis.report.answer import answer_html, verdicts_page
from analysis.report.article import article_page
from analysis.report.docs import DOCUMENTS, render
from analysis.report.figures import figures_page
from analysis.report.site import (LangBuild, Stamp, add_footer, footer_html, language_index, nav, page, site_header,
                                  site_index, words)
from analysis.report.sources import downloads, sources_page


def counts(data: Any) -> dict[str, int]:
    return {"events": len(data.events), "mentions": len(data.mentions),
            "sources": int((data.sources["role"] == "record").sum())}


def document_page(lang: str, langs: tuple[str, ...], name: str, stamp: Stamp) -> dict[str, bytes]:
    """The guide or the codebook in ``lang`` and the pictures it shows, or nothing without the document."""
    rendered = render(lang, name, langs)
    if rendered is None:
        return {}
    body, files = rendered
    w = words(lang)
    word = w[DOCUMENTS[name][1]]
    content = (site_header(lang, "index.html", langs, "../{lang}/" + name)
               + nav(lang, "", [f'<a href="index.html">{html.escape(w["index"])}</a>'])
               + f'<p class="report-caveat">{html.escape(w["caveat"])}</p>\n' + body)
    out = {f"{lang}/{rel}": content for rel, content in files.items()}
    out[f"{lang}/{name}"] = page(lang, f'{word} — {w["site"]}', "../", content,
                                 footer=footer_html(lang, stamp, "")).encode("utf-8")
    return out


def language_pages(data: Any, data_dir: Path, build: LangBuild, langs: tuple[str, ...], stamp: Stamp,
                   figures: list[str], figure_titles: dict[tuple[str, str], str]) -> dict[str, bytes]:
    """Every page of one language's site that is not a report."""
    lang = build.lang
    files = downloads(data_dir, stamp)
    verdicts = verdicts_page([e.name for e in build.reports])
    answer = answer_html(data, lang, "", verdicts)
    out = {
        f"{lang}/index.html": language_index(build, langs, counts(data), answer, stamp),
        f"{lang}/article.html": add_footer(article_page(data, lang, langs, verdicts), footer_html(lang, stamp, "")),
        f"{lang}/figures/index.html": add_footer(figures_page(lang, figures, figure_titles, langs),
                                                 footer_html(lang, stamp, "../")),
        f"{lang}/sources.html": sources_page(data, data_dir, lang, langs, stamp, files),
    }
    result = {rel: text.encode("utf-8") for rel, text in out.items()}
    for name in DOCUMENTS:
        result.update(document_page(lang, langs, name, stamp))
    return result


def top_pages(data: Any, data_dir: Path, builds: list[LangBuild], stamp: Stamp) -> dict[str, bytes]:
    """The top index (every language, the answer first) and the downloads."""
    answers = {b.lang: answer_html(data, b.lang, f"{b.lang}/", verdicts_page([e.name for e in b.reports]))
               for b in builds}
    out = {"index.html": site_index(builds, counts(data), answers, stamp).encode("utf-8")}
    out.update(downloads(data_dir, stamp))
    return out
