"""Bidirectional text, once: which runs of a mixed Arabic/Latin text must be isolated, and in which direction.

Inside Arabic (right-to-left) text, every Latin or digit run that carries letters or separators — an id
(``E04``), an ISO date (``2022-03-26``), an acronym (``FBI``), a number with its unit (``4.8 MB``), a Latin
name or title — is isolated left to right; a plain number (``21``) sits well in Arabic and is left alone.
Inside English (left-to-right) text, every Arabic run — a quote with its guillemets and the digits inside
them (``«26 مارس/آذار الماضي»``), a title — is isolated right to left. Without isolation the Unicode bidi
algorithm reorders the neighbours of a run: "(E04) «26 مارس/آذار الماضي» — 26 March 2022" shows as
"(E04) «26 26 — «مارس/آذار الماضي March 2022".

``runs(text, direction)`` finds the runs; ``isolate(text, lang)`` wraps them in Unicode isolates
(LRI/RLI … PDI) for plain text (table cells, chart labels, hovers); the report site turns the same runs into
``<bdi>`` elements (``analysis/report/textpass.py``). Runs already isolated are kept as they are.
"""
from __future__ import annotations

import re

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ISOLATE_MARKS = re.compile("[\u2066-\u2069]")


def isolated(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost isolate of ``text`` (LRI/RLI/FSI … its PDI, isolates nesting inside);
    one left open runs to the end of the text."""
    spans, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in (LRI, RLI, FSI):
            if depth == 0:
                start = i
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans

_ARABIC = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
ARABIC_LETTER = re.compile(f"[{_ARABIC}]")
_LATIN = "A-Za-z\u00C0-\u024F\u1E00-\u1EFF"
_OPEN, _CLOSE = "«“\"(\\[", "»”\")\\]"
# An Arabic run: from an Arabic character to an Arabic character, with the digits, spaces and punctuation
# between them; an opening mark just before it (and digits right after that mark: «26 مارس) and its closing
# mark (and digits just before it: عام 2018») belong to it. Latin letters end it.
ARABIC_RUN = re.compile(
    rf"(?:[{_OPEN}][0-9\s]*)?[{_ARABIC}]"
    rf"(?:[{_ARABIC}0-9\s{_OPEN}{_CLOSE}'’/\\\-–—.,:;!?…%+*·]*[{_ARABIC}])?"
    rf"(?:\s*[0-9]+(?=[{_CLOSE}]))?[{_CLOSE}]{{0,3}}"
)
# A Latin run: Latin words (a number and a space may lead: "8 May 2022", "4.8 MB") with the spaces and
# punctuation of names, titles and codes between them; or a separated number (a date, a time, a decimal) with
# its unit. A plain number is not a run: it sits well in Arabic text.
LATIN_RUN = re.compile(
    rf"(?:[0-9]+(?:[-/:.,][0-9]+)*\s?)?[{_LATIN}](?:[{_LATIN}0-9\s.,:;'’&/+\-_()>@#%=?]*[{_LATIN}0-9)])?"
    rf"|[0-9]+(?:[-/:.][0-9]+)+(?:\s?[{_LATIN}]+)?"
)


def _balanced(run: str) -> str:
    """A run that ends with a closing parenthesis it did not open ends before it: "M06)" → "M06"."""
    while run.endswith(")") and run.count("(") < run.count(")"):
        run = run[:-1].rstrip()
    return run


def runs(text: str, direction: str) -> list[tuple[int, int]]:
    """(start, end) of every run of ``text`` that breaks out of a paragraph of ``direction`` ("ltr" for
    English text: Arabic runs; "rtl" for Arabic text: Latin runs that need it), outside the runs already
    isolated with Unicode isolates."""
    found = []
    last = 0
    for span in [*isolated(text), None]:
        stop = span[0] if span else len(text)
        segment = text[last:stop]
        if direction == "ltr":
            found += [(last + m.start(), last + m.end()) for m in ARABIC_RUN.finditer(segment)]
        else:
            for m in LATIN_RUN.finditer(segment):
                run = _balanced(m.group())
                number = re.search(r"\s+[0-9]+$", run)
                if number and ARABIC_LETTER.match(segment[m.start() + len(run):].lstrip()):
                    run = run[:number.start()]  # "FBI 21 حدثاً": the number counts the Arabic noun after it
                found.append((last + m.start(), last + m.start() + len(run)))
        last = span[1] if span else stop
    return found


def isolate(text: object, lang: str) -> object:
    """``text`` with each run that breaks out of a ``lang`` paragraph wrapped in Unicode isolates: Latin runs
    in LRI…PDI in Arabic, Arabic runs in RLI…PDI in English. Anything but a string is returned as it is."""
    if not isinstance(text, str):
        return text
    direction = "rtl" if lang == "ar" else "ltr"
    opening = LRI if direction == "rtl" else RLI
    out, last = [], 0
    for start, end in runs(text, direction):
        out += [text[last:start], opening, text[start:end], PDI]
        last = end
    out.append(text[last:])
    return "".join(out)


def plain(text: str) -> str:
    """``text`` without its isolate marks (for plain-text outputs and comparisons)."""
    return ISOLATE_MARKS.sub("", text)
