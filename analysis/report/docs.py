"""The project's documents as pages of the site, per language: the teacher's guide (``docs/teaching.md``,
``docs/teaching.ar.md`` → ``<lang>/teaching-guide.html``) and the codebook (``docs/codebook.md``,
``docs/codebook.ar.md`` → ``<lang>/codebook.html``), so a reader or a teacher needs nothing outside the site.

The Markdown is rendered by mistune (nbconvert's own renderer, already pinned), with raw HTML escaped.
Links between these documents lead to their pages; links to the repository's other files become plain
text, so every link of the page resolves offline. Pictures beside the documents (``docs/figures/…``) are
copied into the site; headings get GitHub's anchors, so a document's own ``#…`` links keep working. An
inline code span that holds Arabic (a message a student sees) is set as sample output in the direction of
its script, not as left-to-right code; a code block mostly in Arabic reads right to left.
"""
from __future__ import annotations

import re
from pathlib import Path

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


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _arabic_mostly(text: str) -> bool:
    return len(ARABIC.findall(text)) > len(LATIN.findall(text))


def document_page_name(source: Path) -> tuple[str, str] | None:
    """(page name, language) of a document of the site, from its source file; None for another file."""
    for name, (sources, _word) in DOCUMENTS.items():
        for lang, path in sources.items():
            if path.resolve() == source.resolve():
                return name, lang
    return None


def render(lang: str, name: str) -> tuple[str, dict[str, bytes]] | None:
    """The document ``name`` in ``lang`` as HTML (the page's body) and the files it needs beside it
    ({path relative to the language folder: bytes}); None when the repository has no such document."""
    sources, _word = DOCUMENTS[name]
    source = sources.get(lang)
    if source is None or not source.is_file():
        return None
    body = mistune.create_markdown(escape=True, plugins=["table"])(source.read_text(encoding="utf-8"))
    soup = BeautifulSoup(body, "html.parser")
    files: dict[str, bytes] = {}
    for heading in soup.find_all(re.compile(r"^h[1-6]$")):
        heading["id"] = slug(heading.get_text())
    for link in soup.find_all("a"):
        href = link.get("href", "")
        if href.startswith(("#", "http://", "https://")):
            continue
        target = document_page_name(source.parent / href.split("#")[0]) if href and not href.startswith("/") else None
        if target is None:
            link.unwrap()  # a repository file, not part of the offline site
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
    for table in soup.find_all("table"):
        table.wrap(soup.new_tag("div", attrs={"class": "report-table-scroll"}))
    return f'<article class="report-document">\n{soup}\n</article>', files

