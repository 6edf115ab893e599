"""Folding text typed by a student into one comparable form: digits, Arabic letters, spacing, case.

A student may type «٣ أيار», «حَدَث», «وجده» or " Event ": each is the same answer as "3 أيار", «حدث», «وجدة»
and "event". Folding is done by hand because no library does this set of Arabic foldings (PyArabic does some,
but is not a dependency for a dozen code points): Unicode NFKC (presentation forms), Arabic-Indic and extended
Arabic-Indic digits to ASCII (as ``int()`` does, which pandas' parsers do not), harakat and tatweel removed,
the hamza-bearing alefs to bare alef, ta marbuta to ha, alef maqsura to ya, direction marks removed.
"""
from __future__ import annotations

import math
import re
import unicodedata

_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640,  # harakat, superscript alef, tatweel
                        0x200E, 0x200F, 0x061C, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,  # direction marks
                        0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF])
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_QUOTES = "«»\"'“”‘’`"


def digits(text: str) -> str:
    """Arabic-Indic digits as ASCII digits ("٢٠٢١" → "2021")."""
    return text.translate(_DIGITS)


def fold(text: str) -> str:
    """The comparable form of ``text``: NFKC, ASCII digits, no harakat/tatweel/direction marks, one alef, ta
    marbuta as ha, alef maqsura as ya, lower case, single spaces, no quotes around it."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_MARKS)
    text = digits(text).translate(_LETTERS).casefold()
    return " ".join(text.split()).strip(_QUOTES + " ")


def is_blank(value) -> bool:
    """None, ``...``, NaN, pd.NA, NaT, or a string of spaces: a blank answer."""
    if value is None or value is Ellipsis:
        return True
    if isinstance(value, str):
        return fold(value) == ""
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd

        result = pd.isna(value)
        return bool(result) if isinstance(result, (bool,)) or getattr(result, "shape", None) == () else False
    except (TypeError, ValueError):
        return False


SEPARATORS = re.compile(r"\s*[;,،؛]\s*")


def split_ids(text: str) -> list[str]:
    """Items of a multi-valued cell: ``;``, ``,`` or the Arabic comma and semicolon between them."""
    return [part.strip() for part in SEPARATORS.split(str(text)) if part.strip()]
