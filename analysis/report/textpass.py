"""The last pass over every page of the site: text a reader can read on any screen, in either direction.

- **Bidi.** In every stretch of text the run that breaks out of its paragraph's direction (Latin or digit runs
  in right-to-left text, Arabic runs in left-to-right text: ``analysis.bidi``) becomes a ``<bdi dir=…>``
  element, and runs the data already isolated with Unicode isolates (LRI/RLI/FSI … PDI) become ``<bdi>`` too.
  The paragraph's direction is that of the nearest element with a ``dir`` attribute (the page's ``<html>`` at
  least), so a right-to-left block in an English page, or the reverse, is handled as what it is.
- **No split numbers.** A number and the word before or after it are joined by a no-break space ("21 events",
  «21 حدثاً»); a date, a time or a decimal (``2021-03-25``) is kept on one line (``report-nobr``).
- **Addresses.** A stretch of text that is one web address becomes a link (``site.web_link``).
- **Hovers.** A ``title`` attribute (a browser's hover text) gets the same runs isolated, with Unicode isolates.
- **Tables on a phone.** Every data cell carries its column's header (``data-label``), which the stylesheet
  shows above the value when a table becomes one card per row on a narrow screen; a row whose first cell is
  a claim id (``C16``) gets that id, so a page can link to the claim.

The page is read with the standard HTML parser and rewritten only where text or a start tag is changed:
every other byte (scripts, plotly's JSON, styles, code) is kept as it was, so pages stay byte-reproducible.
Text inside ``script``, ``style``, ``code``, ``pre`` (but a message set as ``pre.report-message``), ``kbd``,
``textarea``, ``title``, ``head``, ``svg``, ``math``, ``select`` and existing ``bdi`` is left alone, and a pass
over a page already passed changes nothing.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from analysis import bidi

SKIP = {"script", "style", "code", "pre", "kbd", "textarea", "title", "head", "svg", "math", "select",
        "option", "bdi", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
NUMBER_WORD = re.compile(r"(?<=\d) (?=[^\W\d_])|(?<=[^\W\d_]) (?=\d)")  # "21 events", "21 حدثاً", "notebook 05",
# «الدفتر 05»: a number and the word before or after it joined by a no-break space
SEPARATED_NUMBER = re.compile(r"(?<![\w/:.-])[^\W_]+(?:[-/:.][^\W_]+)*?[-/:.]\d+(?![\w/-]|[.:]\w)")  # "GAO-06-850:" too  # 2021-03-25, 4.8, COVID-19
PROMPTS = {"jp-InputPrompt", "jp-OutputPrompt"}
CLAIM_ID = re.compile(r"C\d{2,3}")
DIR_ATTR = re.compile(r'\sdir\s*=\s*"?(ltr|rtl|auto)', re.I)
WEB_ADDRESS = re.compile(r"\s*https?://\S+\s*", re.I)  # a stretch of text that is one address
TITLE_ATTR = re.compile(r"""(\stitle\s*=\s*)(?:"[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)


@dataclass
class _Element:
    tag: str
    direction: str
    skip: bool


@dataclass
class _Table:
    headers: list[str] = field(default_factory=list)
    in_head: bool = False
    cell: int = -1
    header_text: list[str] | None = None  # text of the <th> being read
    row_start: int | None = None  # offset of the current <tr>'s closing '>'
    row_first: list[str] | None = None  # text of the row's first cell, while it is read


class _Pass(HTMLParser):
    def __init__(self, page: str, direction: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page = page
        self.stack: list[_Element] = [_Element("#root", direction, False)]
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the page
        self.tables: list[_Table] = []
        self.text_start: int | None = None
        self.ids: set[str] = set(re.findall(r'\sid="([^"]+)"', page))
        lines = [0] + [m.end() for m in re.finditer("\n", page)]
        self._lines = lines

    # ------------------------------------------------------------------ positions

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def _flush_text(self) -> None:
        """Close the stretch of text read since the last tag."""
        if self.text_start is None:
            return
        start, end = self.text_start, self._offset()
        self.text_start = None
        raw = self.page[start:end]
        top = self.stack[-1]
        table = self.tables[-1] if self.tables else None
        if table is not None:
            text = html.unescape(raw)
            if table.header_text is not None:
                table.header_text.append(text)
            if table.row_first is not None:
                table.row_first.append(text)
        if top.skip or not raw.strip():
            return
        address = bidi.plain(html.unescape(raw)).strip()  # (an address in Arabic text comes isolated)
        if WEB_ADDRESS.fullmatch(address) and not any(e.tag == "a" for e in self.stack):
            # A table cell or a line that is a web address (a record source's, in a notebook's table): a link, shown
            # whole, that breaks only after its separators (the sources page's web_link), never read as prose.
            from analysis.report.site import web_link

            self.edits.append((start, end, web_link(address)))
            return
        new = rewrite(html.unescape(raw), top.direction)
        if new is not None:
            self.edits.append((start, end, new))

    # ------------------------------------------------------------------ events

    def handle_data(self, data: str) -> None:
        if self.text_start is None:
            self.text_start = self._offset()

    handle_entityref = handle_charref = handle_data  # part of the same stretch of text

    def handle_comment(self, data: str) -> None:
        self._flush_text()

    def handle_decl(self, decl: str) -> None:
        self._flush_text()

    def handle_pi(self, data: str) -> None:
        self._flush_text()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush_text()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush_text()
        start = self._offset()
        raw = self.get_starttag_text() or ""
        end = len(raw) - (2 if raw.endswith("/>") else 1)  # where the tag's '>' (or '/>') begins
        values = dict(attrs)
        parent = self.stack[-1]
        direction = (values.get("dir") or "").lower()
        if direction not in ("ltr", "rtl"):
            direction = parent.direction
        new = raw
        title = values.get("title")
        if title and not parent.skip:  # a hover text: its runs isolated with Unicode isolates
            isolated = bidi.isolate(bidi.plain(title), "ar" if direction == "rtl" else "en")
            if isolated != title:
                new = TITLE_ATTR.sub(lambda m: f'{m.group(1)}"{html.escape(isolated, quote=True)}"', raw, count=1)
        insert = self._table_start(tag, values, start + end, rewritten=new != raw)
        if insert:
            new = new[:len(new) - (len(raw) - end)] + insert + raw[end:]
        if new != raw:
            self.edits.append((start, start + len(raw), new))
        if tag in VOID:
            return
        skip = tag in SKIP and not (tag == "pre" and "report-message" in (values.get("class") or "").split())
        classes = (values.get("class") or "").split()
        skip = skip or (tag == "span" and "report-nobr" in classes)  # done already
        skip = skip or bool(PROMPTS.intersection(classes))  # "In [3]:", laid out left to right by the stylesheet
        skip = skip or values.get("lang") == "zxx"  # no words: a web address, a file name (isolated as a whole)
        self.stack.append(_Element(tag, direction, parent.skip or skip))

    def handle_endtag(self, tag: str) -> None:
        self._flush_text()
        self._table_end(tag)
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break

    def close(self) -> None:
        super().close()
        self._flush_text()

    # ------------------------------------------------------------------ tables

    def _table_start(self, tag: str, attrs: dict[str, str | None], close: int, rewritten: bool) -> str:
        """Keep track of the tables; returns what to add to this start tag (a cell's ``data-label``)."""
        if tag == "table":
            self.tables.append(_Table())
            return ""
        if not self.tables:
            return ""
        table = self.tables[-1]
        if tag == "thead":
            table.in_head = True
        elif tag == "tbody":
            table.in_head = False
        elif tag == "tr":
            table.cell = -1
            if table.in_head:
                table.headers = []  # of several header rows, the last names the columns
            table.row_start = None if table.in_head or "id" in attrs or rewritten else close
            table.row_first = None
        elif tag == "th" and table.in_head:
            table.header_text = []
        elif tag == "th":
            table.cell += 1  # a row header (a DataFrame's index) under its own header cell
        elif tag == "td" and not table.in_head:
            table.cell += 1
            if table.cell == 0:
                table.row_first = []
            if table.cell < len(table.headers) and table.headers[table.cell] and "data-label" not in attrs:
                return f' data-label="{html.escape(table.headers[table.cell], quote=True)}"'
        return ""

    def _table_end(self, tag: str) -> None:
        if not self.tables:
            return
        table = self.tables[-1]
        if tag == "th" and table.header_text is not None:
            table.headers.append(_label(" ".join(table.header_text)))
            table.header_text = None
        elif tag == "td" and table.row_first is not None:
            text = _label(" ".join(table.row_first))
            table.row_first = None
            if CLAIM_ID.fullmatch(text) and text not in self.ids and table.row_start is not None:
                self.ids.add(text)
                self.edits.append((table.row_start, table.row_start, f' id="{text}"'))
        elif tag == "thead":
            table.in_head = False
        elif tag == "table":
            self.tables.pop()


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", bidi.plain(text)).strip()


def rewrite(text: str, direction: str) -> str | None:
    """The HTML for a stretch of (unescaped) ``text`` in a paragraph of ``direction``: runs isolated as
    ``<bdi>``, numbers joined to their word, separated numbers kept whole; None when nothing changes."""
    out = _rewrite(text, direction)
    return None if out == html.escape(text, quote=False) else out


def _rewrite(text: str, direction: str) -> str:
    parts: list[str] = []
    last = 0
    spans = []
    for a, b in bidi.isolated(text):  # the data's own isolates (nested ones inside), as <bdi>
        inner = text[a + 1:b - 1] if text[b - 1] == bidi.PDI else text[a + 1:b]
        own = {bidi.LRI: "ltr", bidi.RLI: "rtl"}.get(text[a]) or _first_strong(inner)
        formula = own == "ltr" and FORMULA.fullmatch(bidi.plain(inner))  # never broken across two lines
        spans.append((a, b, f' dir="{own}"' + (' class="report-nobr"' if formula else ""), _rewrite(inner, own)))
    other = "rtl" if direction == "ltr" else "ltr"
    spans += [(a, b, f' dir="{other}"', _rewrite(text[a:b], other)) for a, b in bidi.runs(text, direction)]
    for start, end, attr, inner in sorted(spans):
        parts.append(_plain(text[last:start]))
        parts.append(f"<bdi{attr}>{inner}</bdi>")
        last = end
    parts.append(_plain(text[last:]))
    return "".join(parts)


# A short formula of the prose ("1 − D_o / D_e", "1/(m − 1)", "e_ck = n_c·n_k / (n − 1)"): Latin symbols, digits
# and operators, with at least one operator between two terms.
FORMULA = re.compile(r"(?=.*[A-Za-z0-9)] ?[−=·/×+] ?[A-Za-z0-9(])[A-Za-z0-9_().,·/×+−= ]{3,40}")


def _first_strong(text: str) -> str:
    """The direction of a first-strong isolate (FSI … PDI) by Unicode's rules P2–P3: its first strong letter,
    nested isolates skipped; left to right when there is none. Written out as ``dir`` on the ``<bdi>``: with
    ``dir="auto"`` a browser skips nested ``<bdi>`` too, and with no strong letter left ("1 − <bdi>J</bdi>")
    takes the Arabic paragraph's direction, which reads a formula backwards."""
    depth = 0
    for char in text:
        if char in (bidi.LRI, bidi.RLI, bidi.FSI):
            depth += 1
        elif char == bidi.PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return "ltr"


def _plain(text: str) -> str:
    """Escaped text, stray isolate marks dropped, no-break spaces after numbers, separated numbers whole."""
    text = NUMBER_WORD.sub("\u00a0", bidi.plain(text))
    out, last = [], 0
    for m in SEPARATED_NUMBER.finditer(text):
        out += [html.escape(text[last:m.start()], quote=False), f'<span class="report-nobr">{m.group()}</span>']
        last = m.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def finish(page: str) -> str:
    """``page`` (a whole HTML document) after the pass: see the module's docstring."""
    match = re.search(r"<html\b[^>]*>", page, re.I)
    dir_match = DIR_ATTR.search(match.group()) if match else None
    parser = _Pass(page, dir_match.group(1).lower() if dir_match and dir_match.group(1).lower() != "auto" else "ltr")
    parser.feed(page)
    parser.close()
    out, last = [], 0
    for start, end, new in sorted(parser.edits, key=lambda e: (e[0], e[1])):
        if start < last:  # never two edits over one stretch
            continue
        out += [page[last:start], new]
        last = end
    out.append(page[last:])
    return "".join(out)
