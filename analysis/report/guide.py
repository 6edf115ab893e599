"""The teacher's guide as a page of the site (``<lang>/teaching-guide.html``), from ``docs/teaching.md`` and
``docs/teaching.ar.md``: the teaching pages link to it, so a teacher needs nothing outside the report folder.

The Markdown is rendered by mistune (nbconvert's own renderer, already pinned), with raw HTML escaped; links
to files that are not in the site (the repository's other documents) become plain text, and pictures their
alternative text, so every link of the page resolves offline.
"""
from __future__ import annotations

import html

import mistune
from bs4 import BeautifulSoup

from analysis.paths import ROOT
from analysis.report.site import page, site_header, words

SOURCES = {"en": ROOT / "docs" / "teaching.md", "ar": ROOT / "docs" / "teaching.ar.md"}
NAME = "teaching-guide.html"


def guide_page(lang: str, langs: tuple[str, ...]) -> str | None:
    """The guide in ``lang`` as a site page, or None when the repository has no guide in that language."""
    source = SOURCES.get(lang)
    if source is None or not source.is_file():
        return None
    body = mistune.create_markdown(escape=True, plugins=["table"])(source.read_text(encoding="utf-8"))
    soup = BeautifulSoup(body, "html.parser")
    for link in soup.find_all("a"):
        href = link.get("href", "")
        if not href.startswith(("#", "http://", "https://")):
            link.unwrap()  # a repository file, not part of the offline site
    for image in soup.find_all("img"):
        image.replace_with(soup.new_string(image.get("alt", "")))
    for table in soup.find_all("table"):
        wrapper = soup.new_tag("div", attrs={"class": "report-table-scroll"})
        table.wrap(wrapper)
    w = words(lang)
    header = site_header(lang, "index.html", langs, "../{lang}/" + NAME)
    nav = (f'<nav class="report-nav" aria-label="{html.escape(w["nav"])}"><a href="index.html">{html.escape(w["index"])}</a>'
           f' · <a href="article.html">{html.escape(w["article"])}</a></nav>\n')
    return page(lang, f'{w["guide"]} — {w["site"]}', "../",
                header + nav + f'<p class="report-caveat">{html.escape(w["caveat"])}</p>\n' + str(soup))
