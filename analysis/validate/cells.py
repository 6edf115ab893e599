"""What a valid cell is: one definition for the validator and the loaders."""
from __future__ import annotations

import re
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
