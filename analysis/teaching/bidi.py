"""Direction isolates for the teaching prose (notebook cells, the teacher's guide): in Arabic text, each Latin or
digit run (an id, a date such as 2022-03-26, a code span) is wrapped in FSI … PDI; in English text, each
Arabic run (a quotation of the article). Without them the bidi algorithm reorders neighbouring runs, e.g.
"(E03) «مقتل سائحتين اسكندنافيتين عام 2018» — 2018" is shown scrambled. Characters, not ``<bdi>``: the guide's
site page escapes raw HTML, and GitHub, JupyterLab and the site all honour U+2068/U+2069.

``isolate_markdown`` is what the prose was written with; ``unisolated`` is what the tests check.
"""
from __future__ import annotations

import re

FSI, PDI = "\u2068", "\u2069"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
# A Latin/digit run inside Arabic: starts with a letter or digit, may hold spaces between Latin words, and ids,
# dates, ranges and arithmetic (2022-03-26, P1–P3, 5 + 10 = 15, R4, E12, `code`).
_LATIN_RUN = re.compile(r"(?:`[^`\n]+`|[A-Za-z0-9][A-Za-z0-9_.:/>+\-–=×%]*)"
                        r"(?:[ ,]*(?:`[^`\n]+`|[A-Za-z0-9+=×–\-][A-Za-z0-9_.:/>+\-–=×%]*))*")
_NEEDS = re.compile(r"[A-Za-z`+=×]|\d[-/:.–]|[-/:.–]\d")
_ARABIC_RUN = re.compile(rf"«[^»\n]*[{_ARABIC}][^»\n]*»|[{_ARABIC}][{_ARABIC}\s،؛:/0-9\-]*[{_ARABIC}]|[{_ARABIC}]")
_LINK_TARGET = re.compile(r"(\]\([^)]*\))")
_ISOLATED = re.compile(f"({FSI}[^{PDI}]*{PDI})")


def _protect(text: str, pattern: re.Pattern, wrap) -> str:
    """Apply ``wrap`` to the text outside isolates already present and outside link targets."""
    out = []
    for part in _ISOLATED.split(text):
        if part.startswith(FSI):
            out.append(part)
            continue
        for piece in _LINK_TARGET.split(part):
            out.append(piece if piece.startswith("](") else pattern.sub(wrap, piece))
    return "".join(out)


def isolate_arabic_prose(text: str) -> str:
    """Arabic prose: every Latin or digit run that could be reordered wrapped in FSI … PDI."""
    def wrap(match: re.Match) -> str:
        run = match.group(0).rstrip(" ,.:")
        tail = match.group(0)[len(run):]
        return (f"{FSI}{run}{PDI}" if _NEEDS.search(run) else run) + tail
    return _protect(text, _LATIN_RUN, wrap)


def isolate_english_prose(text: str) -> str:
    """English prose: every Arabic run (a quotation of the article, with its guillemets) wrapped in FSI … PDI."""
    return _protect(text, _ARABIC_RUN, lambda m: f"{FSI}{m.group(0)}{PDI}")


def isolate_markdown(text: str, lang: str) -> str:
    """Markdown prose of one language, isolated; fenced code blocks are left as they are."""
    parts = re.split(r"(```.*?```)", text, flags=re.S)
    fix = isolate_arabic_prose if lang == "ar" else isolate_english_prose
    return "".join(part if part.startswith("```") else fix(part) for part in parts)


def unisolated(text: str, lang: str) -> list[str]:
    """The runs of ``text`` that ``isolate_markdown`` would still wrap (empty when the prose is isolated)."""
    parts = re.split(r"```.*?```", text, flags=re.S)
    found = []
    for part in parts:
        for piece in _ISOLATED.split(part):
            if piece.startswith(FSI):
                continue
            for chunk in _LINK_TARGET.split(piece):
                if chunk.startswith("]("):
                    continue
                if lang == "ar":
                    found += [m.group(0) for m in _LATIN_RUN.finditer(chunk) if _NEEDS.search(m.group(0).rstrip(" ,.:"))]
                else:
                    found += [m.group(0) for m in _ARABIC_RUN.finditer(chunk)]
    return found
