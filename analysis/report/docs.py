"""The project's documents as pages of the site, per language: the teacher's guide (``docs/teaching.md``,
``docs/teaching.ar.md`` → ``<lang>/teaching-guide.html``) and the codebook (``docs/codebook.md``,
``docs/codebook.ar.md`` → ``<lang>/codebook.html``), so a reader or a teacher needs nothing outside the site.

The Markdown is rendered by mistune (nbconvert's own renderer, already pinned), with raw HTML escaped.
Links between these documents lead to their pages; links to the repository's other files become plain
text, so every link of the page resolves offline. Pictures beside the documents (``docs/figures/…``) are
copied into the site; headings get GitHub's anchors, so a document's own ``#…`` links keep working. An
inline code span that holds Arabic (a message a student sees) is set as sample output in the direction of
its script, not as left-to-right code; a code block mostly in Arabic reads right to left. A wrapper that
sets a document's direction for GitHub (``<div dir="rtl" lang="ar">``) is dropped (raw HTML is otherwise
shown as text), and in an Arabic document the English it quotes and the English terms of its tables are
marked ``lang="en"``.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import mistune
from bs4 import BeautifulSoup

from analysis.paths import ROOT

DOCS = ROOT / "docs"
# page name -> (source per language, the word naming it in analysis.report.site.words)
DOCUMENTS = {
    "teaching-guide.html": ({"en": DOCS / "teaching.md", "ar": DOCS / "teaching.ar.md"}, "guide"),
    "codebook.html": ({"en": DOCS / "codebook.md", "ar": DOCS / "codebook.ar.md"}, "codebook"),
}
IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
QUOTED_ENGLISH = re.compile(r'"[^"\n]+"|“[^”\n]+”')
TABLE_TERM = re.compile(r"[A-Za-z][A-Za-z ,.'’-]*[A-Za-z.]")
# A document wrapped, for GitHub, in a block that sets its direction: <div dir="rtl" lang="ar"> … </div>
WRAPPER = re.compile(r'^[ \t]*</?div(?:\s+(?:dir|lang)="[a-z]+")*\s*>[ \t]*$', re.M)


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _arabic_mostly(text: str) -> bool:
    return len(ARABIC.findall(text)) > len(LATIN.findall(text))


def _mark_english(soup: BeautifulSoup) -> None:
    """In an Arabic document, the English it quotes ("a stable partner …") and the English terms in its tables
    (ACLED's and CAMEO's labels) marked ``lang="en"`` (WCAG 3.1.2, language of parts); prose is left alone."""
    for node in list(soup.find_all(string=True)):
        parent = node.parent
        if parent is None or parent.name in ("code", "pre", "samp", "script", "style") or not LATIN.search(node):
            continue
        in_table = parent.find_parent(["td", "th"]) is not None or parent.name in ("td", "th")
        pattern = TABLE_TERM if in_table else QUOTED_ENGLISH
        pieces, last = [], 0
        for match in pattern.finditer(str(node)):
            if not LATIN.search(match.group()) or ARABIC.search(match.group()):
                continue
            pieces += [str(node)[last:match.start()], match.group()]
            last = match.end()
        if not pieces:
            continue
        pieces.append(str(node)[last:])
        new = []
        for i, piece in enumerate(pieces):
            if i % 2:
                span = soup.new_tag("span", attrs={"lang": "en"})
                span.string = piece
                new.append(span)
            elif piece:
                new.append(soup.new_string(piece))
        node.replace_with(*new)


def document_page_name(source: Path) -> tuple[str, str] | None:
    """(page name, language) of a document of the site, from its source file; None for another file."""
    for name, (sources, _word) in DOCUMENTS.items():
        for lang, path in sources.items():
            if path.resolve() == source.resolve():
                return name, lang
    return None


def render(lang: str, name: str, langs: tuple[str, ...] = ("en", "ar")) -> tuple[str, dict[str, bytes]] | None:
    """The document ``name`` in ``lang`` as HTML (the page's body) and the files it needs beside it
    ({path relative to the language folder: bytes}); None when the repository has no such document. A link to
    a document of a language the site does not have (``langs``) becomes its text."""
    sources, _word = DOCUMENTS[name]
    source = sources.get(lang)
    if source is None or not source.is_file():
        return None
    text = WRAPPER.sub("", source.read_text(encoding="utf-8"))  # the page is already in the document's direction
    body = mistune.create_markdown(escape=True, plugins=["table"])(text)
    soup = BeautifulSoup(body, "html.parser")
    files: dict[str, bytes] = {}
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        heading["id"] = slug(heading.get_text())
    for link in soup.find_all("a"):
        href = link.get("href", "")
        if href.startswith("#"):
            link["href"] = "#" + unquote(href[1:])  # mistune escapes the fragment; the heading's id is the text
            continue
        if href.startswith(("http://", "https://")):
            continue
        target = document_page_name(source.parent / href.split("#")[0]) if href and not href.startswith("/") else None
        if target is None or target[1] not in langs:
            link.unwrap()  # a repository file, or a language this site was not built in: not part of the site
        else:
            page, other = target
            link["href"] = page if other == lang else f"../{other}/{page}"
    for image in soup.find_all("img"):
        path = (source.parent / image.get("src", "")).resolve()
        if path.suffix.lower() in IMAGES and path.is_file() and path.is_relative_to(DOCS.resolve()):
            rel = f"doc-files/{path.name}"
            files[rel] = path.read_bytes()
            image["src"] = rel
        else:
            image.replace_with(soup.new_string(image.get("alt", "")))
    for code in soup.find_all("code"):
        if code.parent.name != "pre" and ARABIC.search(code.get_text()):
            code.name = "samp"  # what a student sees, in its own script's direction
            code["dir"] = "rtl" if _arabic_mostly(code.get_text()) else "ltr"
    for block in soup.find_all("pre"):
        if _arabic_mostly(block.get_text()):  # a message in Arabic, not code: read right to left
            block["dir"] = "rtl"
            block["class"] = "report-message"
            for code in block.find_all("code"):
                code.unwrap()
        else:
            block["dir"] = "ltr"
    if lang == "ar":
        _mark_english(soup)
    for table in soup.find_all("table"):
        table.wrap(soup.new_tag("div", attrs={"class": "report-table-scroll"}))
    return f'<article class="report-document">\n{soup}\n</article>', files

