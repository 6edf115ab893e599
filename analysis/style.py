"""House style, in one place: fonts, colours per country side and per category, the chart words shared by several
modules (English message ids; their Arabic is in the gettext catalog ``charts.po``), bidi isolation for Arabic."""
from __future__ import annotations

import re
from functools import lru_cache

LANGS = ("en", "ar")

SIDE_COLORS = {"Morocco": "#b8312f", "United States": "#2f5d9e", "Multilateral": "#3f8f5a", "Other": "#8a8a8a"}
CATEGORY_COLORS = {"incident": "#c0562b", "cooperation": "#2f7f9e"}
EVENT_TYPE_COLORS = {
    "arrest": "#c0562b", "foiled_plot": "#e0913a", "attack": "#8c1c13", "drug_interdiction": "#7a4fa0",
    "network_dismantling": "#b07aa1",
    "declaration": "#9cc3d5", "dialogue": "#2f7f9e", "meeting": "#5aa0c8", "agreement": "#1b4f72",
    "information_sharing": "#3f8f5a", "training": "#79b473", "exercise": "#486b3a", "liaison_mechanism": "#2a9d8f",
    "report": "#b5a642", "multilateral_role": "#6c757d", "partnership": "#a3a3a3",
}
DIRECTION_COLORS = {"MA>US": "#b8312f", "US>MA": "#2f5d9e", "mutual": "#d99a1e", "not stated": "#bdbdbd"}  # red, blue and amber: apart in lightness too, for readers who do not tell red from green
CONTEXT_COLORS = {"tied to an incident": "#c0562b", "one-off activity": "#5aa0c8", "standing mechanism": "#3f8f5a"}
GENERIC_ALPHA = 0.45  # generic ("unnamed") agencies are drawn paler and hatched / hollow

FONT_STACK_CSS = {  # the interactive charts' fonts, as the static ones: an English chart's Latin type (its
    # colons and digits included) must not come from an Arabic font, which sets them in Arabic style
    "ar": "'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', Arial, sans-serif",
    "en": "'DejaVu Sans', Arial, 'Noto Naskh Arabic', 'Noto Sans Arabic', sans-serif",
}
_PREFERRED = {"ar": ["Noto Naskh Arabic", "Noto Sans Arabic", "Amiri"], "en": ["DejaVu Sans"]}

def _(message: str) -> str:
    """Mark a message for extraction (``make i18n``, ``tests/test_i18n.py``); ``t`` translates it."""
    return message


TEXT: dict[str, str] = {  # key → English message id; the Arabic is in locale/ar/LC_MESSAGES/charts.po
    "source": _("Source: Al-Araby Al-Jadeed, 8 May 2022; curated event table"),
    "events": _("Events"),
    "generic": _("unnamed"),
    "incident": _("Security incidents"),
    "cooperation": _("Cooperation activities"),
    "Morocco": _("Morocco"),
    "United States": _("United States"),
    "Multilateral": _("Multilateral"),
    "Other": _("Other countries"),
    "MA>US": _("Morocco → US"),
    "US>MA": _("US → Morocco"),
    "mutual": _("Mutual"),
    "not stated": _("Direction not stated"),
    "tied to an incident": _("Tied to an incident"),
    "one-off activity": _("One-off activity"),
    "standing mechanism": _("Standing mechanism"),
    "quote": _("Quote"),
    "undated": _("undated"),
    "confirmed": _("Confirmed"),
    "partly": _("Partly confirmed"),
    "contradicted": _("Contradicted"),
    "unverified": _("Unverified"),
    "not_stated": _("Not stated by the article"),
    "field_date": _("Date"),
    "field_place": _("Place"),
    "field_agencies": _("Agencies"),
    "field_actor": _("Group or network"),
    "field_people_arrested": _("People arrested"),
    "field_people_killed": _("People killed"),
    "field_occurred": _("Whether it happened"),
    "field_other": _("Other statements"),
    "claims": _("Claims"),
    "record_date": _("The public record's date, where it differs"),
    "record_period": _("The public record's month, year or period, where it differs"),
    "record_says": _("record: {value}"),
}

COUNTRY_NAMES = {"MA": {"en": "Morocco", "ar": "المغرب"}, "US": {"en": "United States", "ar": "الولايات المتحدة"}}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"LANG must be one of {LANGS}, not {lang!r}")
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """The house text for ``key`` in ``lang`` (``{n}``-style placeholders filled from ``values``), from the
    gettext catalogs (``analysis.i18n``): a thin wrapper kept for the modules that name texts by key."""
    from analysis import i18n

    return i18n._(TEXT[key], check_lang(lang), **values)


def count(n: int, noun: str, lang: str) -> str:
    """``n`` with ``noun`` in agreement ("1 claim", "3 claims"; "ادعاء واحد", "ادعاءان", "3 ادعاءات", "11 ادعاءً"):
    the forms are in the gettext catalog, chosen by the CLDR plural category of ``n`` (``analysis.i18n``)."""
    from analysis.i18n import n_

    singular, plural = NOUNS[noun]
    return n_(singular, plural, n, check_lang(lang))


def N_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted message for extraction (``make i18n``) without translating it here."""
    return singular, plural


NOUNS = {"claim": N_("{n} claim", "{n} claims"), "event": N_("{n} event", "{n} events"),
         "source": N_("{n} source", "{n} sources"), "day": N_("{n} day", "{n} days"),
         "incident": N_("{n} incident", "{n} incidents")}


def col(base: str, lang: str) -> str:
    """The bilingual column for ``base``: ``label_en`` / ``label_ar``."""
    return f"{base}_{check_lang(lang)}"


def is_rtl(lang: str) -> bool:
    return check_lang(lang) == "ar"


@lru_cache(maxsize=None)
def font_family(lang: str) -> tuple[str, ...]:
    """matplotlib font list: a preferred installed font first, DejaVu Sans (Latin + Arabic) always last.

    matplotlib ≥ 3.11 shapes Arabic itself (libraqm): plain strings, no reshaper/bidi workaround."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return tuple([f for f in _PREFERRED[check_lang(lang)] if f in installed and f != "DejaVu Sans"] + ["DejaVu Sans"])


def isolate_runs(text: str, lang: str) -> str:
    """Isolate the runs of the other direction, so the bidi algorithm cannot reorder them or their neighbours.

    In Arabic text each Latin or digit run (an id, a code, an ISO date, a Latin name) is wrapped in LRI…PDI
    (``2011-04-28`` must not read ``28-04-2011``). In English text each Arabic run is wrapped in RLI…PDI — a
    «quoted» Arabic passage whole, inside its guillemets — so that a number after it stays in the English
    sentence ("«26 مارس/آذار الماضي» — 26 March 2022" must not read "«26 26 — «مارس/آذار الماضي March 2022").
    A run already isolated is left alone; text without runs of the other direction is returned unchanged."""
    if not isinstance(text, str):
        return text
    # runs already isolated (LRI/RLI/FSI … PDI) are kept as they are; only the text between them is scanned
    if is_rtl(lang):
        wrap = lambda m: f"\u2066{m.group(1)}\u2069" if _NEEDS_ISOLATE.search(m.group(1)) else m.group(1)  # noqa: E731
        return "".join(part if isolated else _LATIN_RUN.sub(wrap, part) for part, isolated in _outside_isolates(text))
    return "".join(part if isolated else _isolate_arabic(part) for part, isolated in _outside_isolates(text))


def _outside_isolates(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into pieces, each marked True when it is an isolate (LRI/RLI/FSI … its PDI, nesting counted)."""
    pieces: list[tuple[str, bool]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "\u2066\u2067\u2068":
            if depth == 0 and i > start:
                pieces.append((text[start:i], False))
                start = i
            depth += 1
        elif ch == "\u2069" and depth:
            depth -= 1
            if depth == 0:
                pieces.append((text[start:i + 1], True))
                start = i + 1
    if start < len(text):
        pieces.append((text[start:], depth > 0))
    return pieces


_LATIN_RUN = re.compile(r"(?<![\u2066A-Za-z0-9_])([A-Za-z0-9][A-Za-z0-9_.:/>+\-]*(?:[ ][A-Za-z0-9][A-Za-z0-9_.:/>+\-]*)*)")
_NEEDS_ISOLATE = re.compile(r"[A-Za-z]|\d[-/:.]\d")  # a plain number sits well in Arabic text; an id or a date does not
_AR = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# «…» holding an Arabic letter: the quoted words whole; else a run from an Arabic letter (or a number just before
# one, "26 مارس") to the last Arabic letter or number of the run, through spaces and the punctuation Arabic uses
_QUOTED_ARABIC = re.compile(f"«([^»\u2066-\u2069]*[{_AR}][^»\u2066-\u2069]*)»")
_ARABIC_RUN = re.compile(f"((?:\\d+[ \u00a0])?[{_AR}](?:[{_AR}0-9 \u00a0/\\-.,:()\"']*[{_AR}0-9])?)")


def _isolate_arabic(text: str) -> str:
    """English text with each Arabic run wrapped in RLI…PDI (quoted passages inside their guillemets)."""
    pieces = re.split(f"(«[^»\u2066-\u2069]*[{_AR}][^»\u2066-\u2069]*»)", text)
    out = []
    for piece in pieces:
        if _QUOTED_ARABIC.fullmatch(piece):
            out.append(f"«\u2067{isolate_runs(piece[1:-1], 'ar')}\u2069»")  # its own Latin runs isolated too
        else:
            out.append(_ARABIC_RUN.sub(lambda m: f"\u2067{isolate_runs(m.group(1), 'ar')}\u2069", piece))
    return "".join(out)


def ltr(text: object, lang: str) -> str:
    """Isolate a left-to-right run (an ISO date, an id) inside Arabic text with LRI…PDI, so the bidi
    algorithm keeps ``2022-05-06`` in order instead of showing ``06-05-2022`` (seen in matplotlib's
    and the browser's layout alike)."""
    return f"\u2066{text}\u2069" if is_rtl(lang) else str(text)


def rtl(text: object, lang: str) -> str:
    """Arabic text as one right-to-left unit: its Latin runs isolated (``isolate_runs``) and the whole wrapped in
    RLI…PDI. SVG text (plotly's, and matplotlib's SVG with text kept as text) is laid out with a left-to-right
    base direction unless told otherwise, which scrambles "(رمز CAMEO) – 20"; inside an RTL isolate the
    parts keep the order an Arabic reader expects. English is returned unchanged."""
    if not is_rtl(lang):
        return str(text)
    text = str(text)
    if (text.startswith("\u2067") and text.endswith("\u2069")) or not _NOT_ARABIC.search(text):
        return text  # already an isolate, or Arabic words only: nothing for the algorithm to misplace
    return f"\u2067{isolate_runs(text, lang)}\u2069"


_NOT_ARABIC = re.compile(r"[^\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\s]")


_TOKEN = re.compile(r"(?:[\u2066\u2067\u2068][^\u2069]*\u2069|[^\s\u2066\u2067\u2068])+")


def wrap_words(text: str, fits, split_isolates: bool = False) -> list[str]:
    """Split ``text`` into lines at spaces, each as long as ``fits(line)`` allows. An isolated run
    (LRI/RLI/FSI … PDI) is never split, so a wrapped line never opens an isolate it does not close; with
    ``split_isolates`` (a hover's quote of several lines: kept whole, a long Arabic quote in an English hover is
    one line wider than a phone) it is split like the rest, closed at a line's end and opened again on the next.
    Written here: no wrapping library knows bidi isolates."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in _glue_numbers((_WORD if split_isolates else _TOKEN).findall(paragraph)):
            candidate = f"{line} {word}" if line else word
            if line and not fits(candidate):
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return _reopen_isolates(lines) if split_isolates else lines


_WORD = re.compile(r"\S+")


def _reopen_isolates(lines: list[str]) -> list[str]:
    """Lines each with its isolates balanced: one left open is closed at the line's end and opened again on
    the next line."""
    out, stack = [], []
    for line in lines:
        opened = "".join(stack)
        for char in line:
            if char in "\u2066\u2067\u2068":
                stack.append(char)
            elif char == "\u2069" and stack:
                stack.pop()
        out.append(opened + line + "\u2069" * len(stack))
    return out


_NUMBER = re.compile(r"[\u2066-\u2069]*[(\[]?[-+−]?\d[\d,.]*[\u2066-\u2069]*")


def _glue_numbers(tokens: list[str]) -> list[str]:
    """A number and the word after it as one token ("21 events", "11 حدثاً"): a line never ends on a number
    whose noun starts the next one."""
    out: list[str] = []
    for token in tokens:
        if out and _NUMBER.fullmatch(out[-1]):
            out[-1] = f"{out[-1]} {token}"
        else:
            out.append(token)
    return out


def wrap_chars(text: str, width: int, split_isolates: bool = False) -> list[str]:
    """``wrap_words`` at a number of characters (the invisible direction marks not counted)."""
    return wrap_words(text, lambda s: len(re.sub("[\u2066-\u2069]", "", s)) <= width, split_isolates)
