"""The figures page of a language (``<lang>/figures/index.html``): every static figure the notebooks saved
(``<name>.<lang>.png`` and ``.svg``), each with its title, a thumbnail and links to both files, ready for
slides. Titles come from the charts themselves (the plotly title of the same figure in the executed
notebook), so they are in the page's language."""
from __future__ import annotations

import html
import re
from collections import defaultdict

import nbformat

from analysis.i18n import _
from analysis.report.site import nav, page, site_header, words

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CHART_TEXT = re.compile(r"<Chart ([A-Za-z0-9_.-]+) \[([a-z]+)\]")


def plain_label(text: str) -> str:
    """A plotly label as plain text: its tags (``<br>``, ``<b>``, ``<sup>``) dropped, entities read."""
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def chart_titles(nb: nbformat.NotebookNode) -> dict[str, str]:
    """{figure name: title} of the charts the notebook displayed (the chart helper's bundle names the figure
    in its text/plain form, ``<Chart name [lang]: …>``)."""
    titles = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            match = CHART_TEXT.match(str(data.get("text/plain", "")))
            title = data.get(PLOTLY_MIME, {}).get("layout", {}).get("title", {})
            text = title.get("text") if isinstance(title, dict) else title
            if match and isinstance(text, str) and text.strip():
                titles[match.group(1)] = plain_label(text)
    return titles


def fallback_title(name: str, lang: str, number: int) -> str:
    try:
        from analysis.figures import TITLES  # the chart module's titles, when it still keeps them so

        return TITLES[name][lang]
    except (ImportError, KeyError, TypeError, AttributeError):
        pass
    if lang == "en":
        return name.replace("-", " ").capitalize()
    return _("Figure {n}", lang, n=number)


def figures_page(lang: str, files: list[str], titles: dict[tuple[str, str], str], langs: tuple[str, ...]) -> str:
    """The page listing ``files`` (names inside ``<lang>/figures/``)."""
    w = words(lang)
    stems: dict[str, dict[str, str]] = defaultdict(dict)
    for name in files:
        stem, dot, ext = name.rpartition(".")
        if dot and ext in ("png", "svg") and "/" not in name:
            stems[stem][ext] = name
    cards = []
    for number, stem in enumerate(sorted(stems), 1):
        figure = stem[: -len(f".{lang}")] if stem.endswith(f".{lang}") else stem
        title = titles.get((lang, figure)) or fallback_title(figure, lang, number)
        found = stems[stem]
        thumb = found.get("png") or found.get("svg")
        links = []
        if "png" in found:
            links.append(f'<a href="{html.escape(found["png"])}" download title="PNG">'
                         f'{html.escape(_("Picture (PNG, for slides)", lang))}</a>')
        if "svg" in found:
            links.append(f'<a href="{html.escape(found["svg"])}" download title="SVG">'
                         f'{html.escape(_("Drawing (SVG, scalable)", lang))}</a>')
        cards.append(
            f'<figure class="report-figure" id="{html.escape(figure)}">'
            f'<a href="{html.escape(thumb)}"><img src="{html.escape(thumb)}" alt="{html.escape(title)}"></a>'
            f'<figcaption><span class="report-figure-title">{html.escape(title)}</span><br>{" · ".join(links)}'
            f'</figcaption></figure>')
    intro = _("Every static figure of the reports, as a picture for slides and as a scalable drawing, named for "
              "what it shows.", lang) if cards else _("No figure was saved by this build.", lang)
    body = (site_header(lang, "../index.html", langs, "../../{lang}/figures/index.html")
            + nav(lang, "../", [f'<a href="../index.html">{html.escape(w["index"])}</a>'])
            + f'<h1>{html.escape(w["figures"])}</h1>\n<p class="report-caveat">{html.escape(w["caveat"])}</p>\n'
            f'<p>{html.escape(intro)}</p>\n<div class="report-figures">\n' + "\n".join(cards) + "\n</div>")
    return page(lang, f'{w["figures"]} — {w["site"]}', "../../", body)
