"""Arabic Markdown as HTML that reads right to left wherever a notebook is read: JupyterLab, GitHub, nbviewer
and the report site (``rtl_html``).

Why markup in the text and not a stylesheet: a notebook's Markdown has no way to say "this cell is Arabic",
and a stylesheet of our own (JupyterLab's ``custom.css``) reaches JupyterLab only. Measured in JupyterLab 4
(``/work/shared/research/tooling-notes.md``, ``tests/browser/test_lab.py``): ``dir="rtl"`` gives a paragraph
``direction: rtl`` but Lab's stylesheet keeps ``text-align: left`` on ``p``, and an inline ``style`` survives
Lab's sanitiser on the paragraph itself but not on a wrapping ``div``; so every block element gets both
``dir="rtl"`` and ``style="text-align: right"``. Markdown inside an HTML block is not read as Markdown, so
the cell is rendered to HTML first (mistune, the renderer nbconvert uses). Inside Arabic text each Latin or
digit run (an id, a code, an ISO date, a Latin name) is isolated (LRI…PDI, ``style.isolate_runs``) and inline
code is marked ``dir="ltr"``, so the bidi algorithm cannot reorder it.

Deterministic and idempotent: a source that is already HTML (its first character is ``<``) is not rendered
again, only its tags' attributes and text runs are normalised; every byte that needs no change is kept.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser

from analysis.style import isolate_runs

ALIGNED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "caption", "summary"}
DIRECTED = {"ul", "ol", "table", "dl", "blockquote", "details"}
LTR = {"code", "kbd", "samp"}
NO_TEXT = {"code", "kbd", "samp", "pre", "script", "style", "textarea", "svg", "math"}
RTL_STYLE = "text-align: right"
# Lab's stylesheet indents lists with padding-left: in a right-to-left list the bullets then sit outside the
# cell on the right. The list is indented on the right instead (measured in tests/browser/test_lab.py).
LIST_STYLE = "padding-right: 2em; padding-left: 0"


@lru_cache(maxsize=1)
def _markdown():
    import mistune

    return mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


def is_html(source: str) -> bool:
    return source.lstrip().startswith("<")


def markdown_html(source: str) -> str:
    """Markdown rendered to HTML (mistune, as nbconvert renders it); HTML is returned as it is."""
    return source if is_html(source) else _markdown()(source)


def _style(existing: str | None, wanted: str) -> str:
    """``existing`` inline style with the declarations of ``wanted`` set (others kept, in order)."""
    declarations = [d.strip() for d in (existing or "").split(";") if d.strip()]
    names = {w.split(":")[0].strip() for w in wanted.split(";")}
    kept = [d for d in declarations if d.split(":")[0].strip() not in names]
    return "; ".join([*kept, *(w.strip() for w in wanted.split(";"))])


def _tag(tag: str, attrs: list[tuple[str, str | None]], closing: bool) -> str:
    values = dict(attrs)
    if tag in LTR:
        values["dir"] = "ltr"
    else:
        values["dir"] = "rtl"
        if tag in ALIGNED:
            values["style"] = _style(values.get("style"), RTL_STYLE)
        elif tag in ("ul", "ol"):
            values["style"] = _style(values.get("style"), LIST_STYLE)
    order = [name for name, _ in attrs] + [n for n in ("dir", "style") if n in values and n not in dict(attrs)]
    parts = [tag] + [name if values[name] is None else f'{name}="{html.escape(values[name], quote=True)}"'
                     for name in dict.fromkeys(order)]
    return "<" + " ".join(parts) + (" />" if closing else ">")


class _Rewriter(HTMLParser):
    """Offsets of the start tags to rewrite and of the text runs to isolate (the page is never re-serialised:
    the edits are spliced into the original text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.edits: list[tuple[int, int, str]] = []
        self.skip = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closing: bool) -> None:
        if tag in ALIGNED | DIRECTED | LTR:
            start = self._offset()
            raw = self.get_starttag_text() or ""
            if self.text[start:start + len(raw)] == raw:
                self.edits.append((start, start + len(raw), _tag(tag, attrs, closing)))
        if tag in NO_TEXT and not closing:
            self.skip += 1

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, True)

    def handle_endtag(self, tag):
        if tag in NO_TEXT and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.skip:
            return
        start = self._offset()
        isolated = isolate_runs(data, "ar")
        if isolated != data and self.text[start:start + len(data)] == data:
            self.edits.append((start, start + len(data), isolated))


def mark_rtl(markup: str) -> str:
    """HTML with every block element right to left (``dir``, and ``text-align`` where Lab needs it), inline
    code left to right, and Latin and digit runs of the text isolated."""
    parser = _Rewriter(markup)
    parser.feed(markup)
    parser.close()
    out, last = [], 0
    for start, end, replacement in sorted(parser.edits):
        out += [markup[last:start], replacement]
        last = end
    out.append(markup[last:])
    return "".join(out)


def rtl_html(source: str) -> str:
    """Arabic Markdown (or HTML) as right-to-left HTML, one block per line as mistune writes it; applying it
    to its own result changes nothing."""
    return mark_rtl(markdown_html(source)).strip()
