"""What a valid cell is: one definition for the validator and the loaders."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from analysis import dates

# Written by hand because Frictionless casts with Python's int()/Decimal(), which accept Arabic-Indic and
# other Unicode digits, '3_000', surrounding spaces, 'NaN' and 'inf', and integers of any length, none of
# which the loaders (pandas) can read. The validator reports every cell these parsers refuse, and the
# loaders convert with the same parsers, so a package that validates always loads.

class CellError(ValueError):
    """A cell that is not a valid value of its type; the message says why."""


INT64_MAX = 2**63 - 1
TRUE_VALUES, FALSE_VALUES = ("true", "True", "TRUE", "1"), ("false", "False", "FALSE", "0")  # Frictionless' defaults
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _syntax_hint(cell: str, what: str) -> str:
    if cell != cell.strip():
        return f"not a valid {what}: spaces around the value"
    if any(ch.isdigit() and not ch.isascii() for ch in cell):
        return f"not a valid {what}: digits other than ASCII 0-9 (Arabic-Indic digits?); write 0-9"
    if re.fullmatch(r"-?[0-9][0-9_,' ]*[0-9](\.[0-9]+)?", cell):
        return f"not a valid {what}: digit group separators ('_', ',', spaces) are not allowed"
    return f"not a valid {what}"


def parse_integer(cell: str) -> int:
    """An integer cell: ASCII digits with an optional leading '-', within the 64-bit range."""
    if not _INTEGER.fullmatch(cell):
        raise CellError(_syntax_hint(cell, "integer"))
    if len(cell) > 20 or abs(int(cell)) > INT64_MAX:
        raise CellError(f"not a valid integer: too large (beyond ±{INT64_MAX:,})")
    return int(cell)


def parse_number(cell: str) -> float:
    """A number cell: ASCII decimal digits, optional '-' and decimal point; no NaN, infinity or exponent."""
    if cell.strip().lower().lstrip("+-") in {"nan", "inf", "infinity"}:
        raise CellError("not a number (NaN or infinity): leave the cell blank when the value is unknown")
    if not _NUMBER.fullmatch(cell):
        raise CellError(_syntax_hint(cell, "number"))
    if len(cell) > 40:
        raise CellError("not a valid number: more than 40 characters")
    return float(cell)


def parse_boolean(cell: str) -> bool:
    """A boolean cell: Frictionless' default true/false spellings."""
    if cell in TRUE_VALUES:
        return True
    if cell in FALSE_VALUES:
        return False
    raise CellError(f"not a valid boolean: write one of {', '.join(TRUE_VALUES + FALSE_VALUES)}")


def parse_date(cell: str) -> date:
    """A date cell: YYYY-MM-DD in ASCII digits, a real day in dates.YEAR_MIN…YEAR_MAX."""
    try:
        return dates.parse_day(cell)
    except ValueError as exc:
        raise CellError(f"not a valid date: {exc}") from None


PARSERS = {"integer": parse_integer, "number": parse_number, "boolean": parse_boolean, "date": parse_date}


def parsed(cell: str, parse) -> Any:
    """``parse(cell)``, or None when the cell is not valid (the problem is reported by ``schema.check_cells``)."""
    try:
        return parse(cell)
    except CellError:
        return None


# --- text: what a reader sees is the text itself ------------------------------------------------------
# Text from the data is shown as plain text on pages, in charts and in a terminal; characters that are not
# text, or that change how the text around them is displayed, are refused where they are typed (in the
# cell), so no page, chart or printout has to guess. Bidirectional isolates (U+2066–2069, LRI RLI FSI PDI)
# are the Unicode way to embed a Latin run in Arabic and cannot reorder anything outside themselves when
# closed: allowed if balanced. Overrides and embeddings (U+202A–202E) reorder everything after them up to
# the end of the paragraph — on a page, the rest of a table row: refused. Marks (LRM, RLM, ALM) are allowed.

OVERRIDES = "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
OPEN_ISOLATES, CLOSE_ISOLATE = "\u2066\u2067\u2068", "\u2069"  # LRI RLI FSI / PDI
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # C0 but tab, DEL, C1
_NONCHARACTER = re.compile("[\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]")  # (planes 1–16: checked below)


def _named(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")


def text_problems(cell: str) -> list[str]:
    """Why a text cell is not plain, displayable text (empty when it is)."""
    problems = []
    if (found := _CONTROL.search(cell)) is not None:
        problems.append(f"contains a control character ({_named(found[0])}): not text; remove it")
    found = next((m[0] for m in _NONCHARACTER.finditer(cell) if ord(m[0]) & 0xFFFE == 0xFFFE
                  or 0xFDD0 <= ord(m[0]) <= 0xFDEF), None)
    if found is not None:
        problems.append(f"contains a noncharacter ({_named(found)}): never part of text; remove it")
    if (found := next((ch for ch in cell if ch in OVERRIDES), None)) is not None:
        problems.append(f"contains a bidirectional override or embedding ({_named(found)}): it would reorder the "
                        "text after it on the page; remove it (a balanced isolate, U+2066–2069, is allowed)")
    depth = 0
    for ch in cell:
        if ch in OPEN_ISOLATES:
            depth += 1
        elif ch == CLOSE_ISOLATE:
            depth -= 1
            if depth < 0:
                break
    if depth:
        problems.append("has an unbalanced bidirectional isolate (U+2066–2068 opens, U+2069 closes, in pairs): "
                        "it would change the direction of the text around it")
    if not unicodedata.is_normalized("NFC", cell):
        form = ("it is in NFD (decomposed: letters and their marks stored apart, as some macOS and Linux tools "
                "save text)") if unicodedata.is_normalized("NFD", cell) else "it is partly decomposed"
        problems.append(f"is not in Unicode NFC: {form}; re-save the file in NFC (composed), as the article is")
    return problems


def visible(cell: str) -> bool:
    """True when the cell holds at least one letter, digit, punctuation mark or symbol (not only spaces,
    zero-width or other invisible characters, or combining marks with nothing to sit on)."""
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in cell)
