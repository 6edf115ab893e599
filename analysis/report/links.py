"""Event and mention ids in a rendered page linked to the annotated article: ``E04`` → ``article.html#E04``
(the event, with links to its words), ``M06`` → ``article.html#M06`` (the highlighted words).

The page is read with the standard library's HTML parser, and only text outside ``a``, ``code``, ``pre``,
``script``, ``style``, ``textarea``, ``title`` and ``head`` is touched; every other byte of the page stays
as nbconvert wrote it (no re-serialisation), so the pages stay byte-reproducible and plotly's JSON and code
cells are never rewritten.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

SKIP = {"a", "code", "pre", "script", "style", "textarea", "title", "head", "svg", "button", "summary"}
ID = re.compile(r"(?<![A-Za-z0-9_])([EM]\d{2,3})(?![A-Za-z0-9_])")


class _Texts(HTMLParser):
    """Offsets (in the page's text) of every text run outside the skipped elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.runs: list[tuple[int, str]] = []
        self.depth = 0
        self._line_starts: list[int] = []

    def feed_page(self, text: str) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>, <img/>: nothing opened

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and ID.search(data):
            self.runs.append((self._offset(), data))


def link_ids(page: str, href: str, events: set[str], mentions: set[str]) -> str:
    """``page`` with every known event and mention id in its text wrapped in a link to ``href#<id>``."""
    if not (events or mentions) or not ID.search(page):
        return page
    parser = _Texts()
    parser.feed_page(page)
    out, last = [], 0
    for start, data in parser.runs:
        if page[start:start + len(data)] != data:  # never rewrite what was not read as text
            continue

        def link(match: re.Match[str]) -> str:
            ident = match.group(1)
            if ident not in events and ident not in mentions:
                return ident
            return f'<a class="report-ref" href="{html.escape(href)}#{ident}">{ident}</a>'

        out.append(page[last:start])
        out.append(ID.sub(link, data))
        last = start + len(data)
    out.append(page[last:])
    return "".join(out)
