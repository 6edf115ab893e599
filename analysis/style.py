"""House style, in one place: fonts, colours per country side and per category, bilingual labels, source line."""
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
DIRECTION_COLORS = {"MA>US": "#b8312f", "US>MA": "#2f5d9e", "mutual": "#7a4fa0", "not stated": "#bdbdbd"}
CONTEXT_COLORS = {"tied to an incident": "#c0562b", "one-off activity": "#5aa0c8", "standing mechanism": "#3f8f5a"}
GENERIC_ALPHA = 0.45  # generic ("unnamed") agencies are drawn paler and hatched / hollow

FONT_STACK_CSS = "'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', Arial, sans-serif"
_PREFERRED = {"ar": ["Noto Naskh Arabic", "Noto Sans Arabic", "Amiri"], "en": ["DejaVu Sans"]}

TEXT: dict[str, dict[str, str]] = {
    "source": {"en": "Source: Al-Araby Al-Jadeed, 8 May 2022; curated event table",
               "ar": "المصدر: العربي الجديد، 8 مايو 2022؛ جدول الأحداث المنسّق"},
    "n_events": {"en": "{n} events", "ar": "عدد الأحداث: {n}"},
    "events": {"en": "Events", "ar": "عدد الأحداث"},
    "people": {"en": "People", "ar": "عدد الأشخاص"},
    "year": {"en": "Year", "ar": "السنة"},
    "generic": {"en": "unnamed", "ar": "غير مسمّى"},
    "incident": {"en": "Security incidents", "ar": "حوادث أمنية"},
    "cooperation": {"en": "Cooperation activities", "ar": "أنشطة تعاون"},
    "Morocco": {"en": "Morocco", "ar": "المغرب"},
    "United States": {"en": "United States", "ar": "الولايات المتحدة"},
    "Multilateral": {"en": "Multilateral", "ar": "متعدد الأطراف"},
    "Other": {"en": "Other countries", "ar": "دول أخرى"},
    "MA>US": {"en": "Morocco → US", "ar": "من المغرب إلى أميركا"},
    "US>MA": {"en": "US → Morocco", "ar": "من أميركا إلى المغرب"},
    "mutual": {"en": "Mutual", "ar": "متبادل"},
    "not stated": {"en": "Direction not stated", "ar": "الاتجاه غير مذكور"},
    "tied to an incident": {"en": "Tied to an incident", "ar": "مرتبط بحادثة"},
    "one-off activity": {"en": "One-off activity", "ar": "نشاط منفرد"},
    "standing mechanism": {"en": "Standing mechanism", "ar": "آلية دائمة"},
    "arrested": {"en": "Arrested", "ar": "معتقلون"},
    "killed": {"en": "Killed", "ar": "قتلى"},
    "precision": {"en": "Date known to the", "ar": "دقة التاريخ"},
    "day": {"en": "day", "ar": "اليوم"},
    "month": {"en": "month", "ar": "الشهر"},
    "year_p": {"en": "year", "ar": "السنة"},
    "quote": {"en": "Quote", "ar": "الاقتباس"},
    "agency": {"en": "Agency", "ar": "الجهة"},
    "cooperation_type": {"en": "Cooperation type", "ar": "نوع التعاون"},
    "undated": {"en": "undated", "ar": "بلا تاريخ"},
    # the article against the public record (claims.csv)
    "confirmed": {"en": "Confirmed", "ar": "مؤكَّد"},
    "partly": {"en": "Partly confirmed", "ar": "مؤكَّد جزئياً"},
    "contradicted": {"en": "Contradicted", "ar": "يناقضه السجل"},
    "unverified": {"en": "Unverified", "ar": "لم يُتحقَّق منه"},
    "not_stated": {"en": "Not stated by the article", "ar": "لا يذكره المقال"},
    "field_date": {"en": "Date", "ar": "التاريخ"},
    "field_place": {"en": "Place", "ar": "المكان"},
    "field_agencies": {"en": "Agencies", "ar": "الجهات"},
    "field_actor": {"en": "Group or network", "ar": "الجماعة أو الشبكة"},
    "field_people_arrested": {"en": "People arrested", "ar": "عدد المعتقلين"},
    "field_people_killed": {"en": "People killed", "ar": "عدد القتلى"},
    "field_occurred": {"en": "Whether it happened", "ar": "وقوع الحدث"},
    "field_other": {"en": "Other statements", "ar": "أقوال أخرى"},
    "claims": {"en": "Claims", "ar": "عدد الادعاءات"},
    "record_date": {"en": "The public record's date, where it differs", "ar": "تاريخ السجل العام حيث يختلف"},
    "record_date_all": {"en": "The public record's date", "ar": "تاريخ السجل العام"},
    "record_says": {"en": "record: {value}", "ar": "السجل: {value}"},
    "article_date": {"en": "The article's date", "ar": "تاريخ المقال"},
}

COUNTRY_NAMES = {"MA": {"en": "Morocco", "ar": "المغرب"}, "US": {"en": "United States", "ar": "الولايات المتحدة"}}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"LANG must be one of {LANGS}, not {lang!r}")
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """The house text for ``key`` in ``lang`` (``{n}``-style placeholders filled from ``values``)."""
    return TEXT[key][check_lang(lang)].format(**values)


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


_LATIN_RUN = re.compile(r"(?<![\u2066A-Za-z0-9_])([A-Za-z0-9][A-Za-z0-9_.:/>+\-]*(?:[ ][A-Za-z0-9][A-Za-z0-9_.:/>+\-]*)*)")
_NEEDS_ISOLATE = re.compile(r"[A-Za-z]|\d[-/:.]\d")  # a plain number sits well in Arabic text; an id or a date does not


def isolate_runs(text: str, lang: str) -> str:
    """In Arabic text, wrap each Latin or digit run (an id, a code, an ISO date, a Latin name) in LRI…PDI,
    so the bidi algorithm cannot reorder it (``2011-04-28`` must not read ``28-04-2011``). English text
    is returned unchanged; a run already isolated is left alone."""
    if not is_rtl(lang) or not isinstance(text, str):
        return text
    wrap = lambda m: f"\u2066{m.group(1)}\u2069" if _NEEDS_ISOLATE.search(m.group(1)) else m.group(1)  # noqa: E731
    # runs already isolated (LRI/FSI … PDI) are kept as they are; only the text between them is scanned
    parts = re.split(r"([\u2066\u2068][^\u2069]*\u2069)", text)
    return "".join(part if part[:1] in ("\u2066", "\u2068") else _LATIN_RUN.sub(wrap, part) for part in parts)


def ltr(text: object, lang: str) -> str:
    """Isolate a left-to-right run (an ISO date, an id) inside Arabic text with LRI…PDI, so the bidi
    algorithm keeps ``2022-05-06`` in order instead of showing ``06-05-2022`` (seen in matplotlib's
    and the browser's layout alike)."""
    return f"\u2066{text}\u2069" if is_rtl(lang) else str(text)
