"""Validate the whole data package and report every problem at once.

Frictionless does what a Table Schema can say: types, required, enums, patterns, unique ids, primary
and foreign keys between tables. This module adds, by hand, what no schema language expresses: that
each quote sits at its offsets in its source, that every event has a mention, the raw file's
checksum, date/precision agreement and the article's relative dates, ids inside ';'-separated cells,
and the byte-level problems a spreadsheet introduces (encoding, BOM, CRLF, ragged rows).

``python -m analysis validate [DATA_DIR]``: exit 0 and one line of counts, or exit 1 and one line per
problem (file, row, column, value, what is wrong).
"""
from __future__ import annotations

import bisect
import csv
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from analysis import dates
from analysis.paths import data_dir as default_data_dir

DIRECTIONS = ("MA>US", "US>MA", "mutual")
ONGOING = ".."  # EDTF open end


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as possible (row 1 is the header row)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        if self.value is not None:
            where.append(f"value {_short(self.value, 200)!r}")
        return escape(", ".join(where) + ": " + self.message)

    def sort_key(self) -> tuple:
        return (self.file, self.row or 0, self.column or "", self.message)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def escape(text: str) -> str:
    """Text from the data, made inert for a terminal: C0/C1 control characters (ESC sequences, CR, NUL …)
    and unpaired surrogates (which no terminal encoding can write) become visible escapes such as ``\\x1b``.
    Bidirectional marks stay: they are printable, and Arabic text needs them."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


class DataPackageError(ValueError):
    """Raised by the loaders: the package is invalid; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data package:\n" + "\n".join(map(str, problems)))


# --- what a valid cell is: one definition for the validator and the loaders ------------------------
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


def _parsed(cell: str, parse) -> Any:
    """``parse(cell)``, or None when the cell is not valid (the problem is reported by ``_check_cells``)."""
    try:
        return parse(cell)
    except CellError:
        return None


# --- what the code needs from a descriptor ---------------------------------------------------------
# The loaders, the checks below and the figures read these resources and columns with these types. A copy
# may add resources or columns, but not drop these or change their types: that is reported, not a crash.

S, I, N, B, D = "string", "integer", "number", "boolean", "date"  # shorthands for the table below
CONTRACT: dict[str, dict[str, str]] = {
    "sources": {"source_id": S, "role": S, "title": S, "title_ar": S, "title_en": S, "publisher": S, "publisher_ar": S,
                "published": S, "language": S, "url": S, "accessed": D, "summary_en": S, "summary_ar": S, "path": S,
                "sha256": S, "bytes": I, "code_points": I},
    "event_types": {"event_type": S, "category": S, "label_en": S, "label_ar": S, "definition": S},
    "cooperation_types": {"cooperation_type": S, "label_en": S, "label_ar": S, "definition": S, "cameo_code": S,
                          "cameo_label": S},
    "agencies": {"agency_id": S, "name_en": S, "name_ar": S, "label_en": S, "label_ar": S, "spellings_ar": S,
                 "country": S, "kind": S, "generic": B, "notes": S, "gender_ar": S},
    "actors": {"actor_id": S, "name_en": S, "name_ar": S, "spellings_ar": S, "kind": S},
    "events": {"event_id": S, "status": S, "date": S, "date_end": S, "date_precision": S, "date_text": S,
               "event_type": S, "location": S, "location_ar": S, "country": S, "latitude": N, "longitude": N,
               "geo_precision": S, "agencies": S, "cooperation_types": S, "flows": S, "actors": S,
               "people_arrested": I, "people_killed": I, "summary_en": S, "summary_ar": S, "notes": S},
    "mentions": {"mention_id": S, "event_id": S, "source_id": S, "char_start": I, "char_end": I, "section": S,
                 "prefix": S, "suffix": S, "quote": S},
    "claims": {"claim_id": S, "event_id": S, "field": S, "article_value": S, "record_value": S, "record_value_ar": S,
               "verdict": S, "sources": S, "note_en": S, "note_ar": S},
}
PRIMARY_KEYS = {"sources": "source_id", "event_types": "event_type", "cooperation_types": "cooperation_type",
                "agencies": "agency_id", "actors": "actor_id", "events": "event_id", "mentions": "mention_id",
                "claims": "claim_id"}


@dataclass
class Resource:
    """One resource of the descriptor, after its shape was checked: a file inside the package and a schema."""

    name: str
    path: Path
    schema: dict
    fields: list[str]
    types: dict[str, str]


@dataclass
class Table:
    """A CSV resource as read from disk: header and rows as strings, keyed by column name."""

    name: str
    file: str
    header: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)  # schema columns only; row numbers below
    row_numbers: list[int] = field(default_factory=list)
    readable: bool = False
    missing: set[str] = field(default_factory=set)  # schema columns absent from the header (read as blank)
    fields: list[str] = field(default_factory=list)  # the schema's columns, in order
    shaped: set[int] = field(default_factory=set)  # rows whose shape was reported (no 'missing value' per cell)
    bad_cells: set[tuple[int, str]] = field(default_factory=set)  # (row, column) refused by a cell parser
    blank: set[int] = field(default_factory=set)  # blank rows (reported when read, not given to Frictionless)

    def has(self, *columns: str) -> bool:
        """True when the table was read and none of ``columns`` is missing: a check that reads a missing
        column is skipped, so one missing column is one problem, not one per row."""
        return self.readable and not set(columns) & self.missing


@dataclass
class Package:
    """What validation read: the descriptor, every table, and the decoded source texts."""

    root: Path
    descriptor: dict
    tables: dict[str, Table]
    texts: dict[str, str]
    problems: list[Problem]
    resources: dict[str, Resource] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _display(path: Path) -> str:
    path = Path(os.path.abspath(path))
    cwd = Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)


# --- reading only inside the package ---------------------------------------------------------------

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|[^/\\])")


def package_path(root: Path, rel: object) -> tuple[Path | None, str | None]:
    """The file ``rel`` names inside the package folder ``root``, or (None, why not).

    Nothing outside the folder is ever opened: no URL (so no network), no absolute path, no '..', no
    symbolic link that leads out.
    """
    if not isinstance(rel, str) or not rel.strip():
        return None, "must be one relative file path, given as a string"
    if _URL.match(rel):
        return None, "is a URL: only files inside the data package folder are read (nothing is downloaded)"
    if os.path.isabs(rel) or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel):
        return None, "is an absolute path: only files inside the data package folder are read"
    if ".." in PurePosixPath(rel.replace("\\", "/")).parts:
        return None, "leaves the data package folder ('..'): only files inside it are read"
    if "\x00" in rel or _CONTROL.search(rel):
        return None, "contains control characters: not a usable file path"
    try:
        path = root / rel
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError) as exc:  # a symlink loop, a name too long …
        return None, f"cannot be resolved to a file ({exc})"
    if not inside:
        return None, "leads outside the data package folder (a symbolic link?): not read"
    return path, None


def read_file(path: Path, file: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file, or a problem saying why it cannot be read (never an exception)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            return None, [Problem(file, None, None, None, "is a folder, not a file")]
        if not stat.S_ISREG(mode):
            return None, [Problem(file, None, None, None, "is not a regular file (a pipe or a device?): not read")]
        return path.read_bytes(), []
    except FileNotFoundError:
        return None, [Problem(file, None, None, None, "file not found")]
    except PermissionError:
        return None, [Problem(file, None, None, None, "cannot be read: permission denied")]
    except (OSError, ValueError) as exc:
        return None, [Problem(file, None, None, None, f"cannot be read: {getattr(exc, 'strerror', None) or exc}")]


# --- bytes to text ---------------------------------------------------------------------------------

def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 (a BOM is accepted and dropped); CRLF and CR become LF.

    When the bytes are not UTF-8 the message names a likely cause only when the bytes show it: a UTF-16
    byte-order mark or NUL bytes; a mostly valid UTF-8 file with a few damaged sequences; or text that
    has no valid UTF-8 beyond ASCII and reads as Arabic in Windows-1256.
    """
    head = raw[:400]  # the header row is ASCII: in UTF-16 every other byte of it is NUL
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (head and head.count(b"\x00") * 4 >= len(head)):
        how = "byte-order mark" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "NUL bytes between the characters"
        return None, [Problem(file, None, None, None, f"the file is UTF-16 ({how}), not UTF-8: re-save it as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        lenient = raw.decode("utf-8", errors="replace")
        invalid = lenient.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
        valid = sum(1 for ch in lenient if not ch.isascii() and ch != "\ufffd")
        bad_lines = sum(1 for chunk in raw.split(b"\n") if not _is_utf8(chunk))
        where = f"invalid byte at line {line}, byte {col} ({bad_lines} line(s) affected)"
        hint = ""
        if valid >= invalid:
            hint = f"; the rest is valid UTF-8 ({invalid} invalid sequence(s)): a damaged file, fix or restore those bytes"
        else:
            try:
                if re.search("[\u0600-\u06ff]", raw.decode("cp1256")):
                    hint = "; it decodes as Windows-1256 (Arabic Windows): re-save it as UTF-8"
            except UnicodeDecodeError:
                pass
        return None, [Problem(file, line, None, f"0x{raw[exc.start]:02X}", f"not UTF-8: {where}{hint}")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _is_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _other_delimiter(header_line: str, fields: list[str]) -> str | None:
    """The delimiter of a header that has no comma but splits into schema columns on ';', tab or '|'."""
    if "," in header_line:
        return None
    for delimiter in (";", "\t", "|"):
        cells = [c.strip().strip('"') for c in header_line.split(delimiter)]
        if len(cells) > 1 and sum(c in fields for c in cells) * 2 >= len(cells):
            return delimiter
    return None


def read_table(path: Path, name: str, fields: list[str]) -> tuple[Table, list[Problem], set[int]]:
    """Read one CSV resource; report file-level, header and row-shape problems.

    Returns the table, its problems, and the row numbers whose shape was already reported (so the
    schema check does not repeat 'missing value' for each cell of a truncated row).
    """
    file = _display(path)
    table = Table(name, file, fields=list(fields))
    raw, problems = read_file(path, file)
    if raw is None:
        if problems and problems[0].message == "file not found":
            problems = [Problem(file, None, None, None, "file not found (listed in datapackage.json)")]
        return table, problems, set()
    text, problems = _decode(raw, file)
    if text is None:
        return table, problems, set()
    if not text.strip():
        return table, [Problem(file, None, None, None, "file is empty: expected a header row and data rows")], set()
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines[-1] == "" and len(lines) > 1:
        lines.pop()  # the file's final newline
    delimiter = _other_delimiter(lines[0], fields)
    if delimiter is not None:
        shown = {"\t": "tabs"}.get(delimiter, repr(delimiter))
        return table, [Problem(file, 1, None, None, f"cells are separated by {shown}, not commas (a spreadsheet's "
                                                    "list separator?): re-save the file as comma-separated values")], set()
    # No cell is too long to read: the csv module's limit (131,072 characters) is raised to the longest line.
    csv.field_size_limit(max(csv.field_size_limit(), max(map(len, lines)) + 1))
    # One physical line is one row: cells never hold line breaks (README), so a broken row (an
    # unterminated quote, a cut-off line) is reported on its own line and the rows after it still count.
    records: list[list[str]] = []
    malformed: set[int] = set()
    for number, line in enumerate(lines, start=1):
        try:
            records.append(next(csv.reader([line], strict=True), []))
        except csv.Error as exc:
            problems.append(Problem(file, number, None, None, f"malformed CSV row ({exc}): an unterminated quote, or a cell split over lines"))
            # The row is reported once and kept, read leniently, so that its id still counts (a mention of
            # a cut-off event must not be reported as referring to nothing).
            records.append(next(csv.reader([line]), []))
            malformed.add(number)
    header, body = ([] if 1 in malformed else records[0]), records[1:]
    table.header = header
    for column in fields:
        if column not in header:
            table.missing.add(column)
            problems.append(Problem(file, 1, column, None, "required column is missing from the header"))
    for column in header:
        if column not in fields:
            problems.append(Problem(file, 1, column or "(blank)", None, "unexpected column: not in the schema (datapackage.json)"))
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(file, 1, column, None, "column appears twice in the header"))
        seen.add(column)
    shaped: set[int] = set()
    for number, record in enumerate(body, start=2):
        if number in malformed:
            shaped.add(number)
        elif record and len(record) != len(header):
            what = "fewer" if len(record) < len(header) else "more"
            cause = "truncated row or stray delimiter?"
            if len(record) == 1:  # a row re-saved with another separator splits into the header's width on it
                d = next((d for d in ";\t|" if len(lines[number - 1].split(d)) == len(header)), None)
                cause = f"its cells are separated by {'tabs' if d == chr(9) else repr(d)}, not commas" if d else cause
            problems.append(Problem(file, number, None, None,
                                    f"row has {len(record)} cells, {what} than the header's {len(header)} ({cause})"))
            shaped.add(number)
        if number not in malformed and not any(record):
            problems.append(Problem(file, number, None, None, "blank row"))
            table.blank.add(number)
        cells = dict(zip(header, record))
        table.rows.append({column: cells.get(column, "") for column in fields})
        table.row_numbers.append(number)
    table.readable = True
    table.shaped = shaped
    return table, problems, shaped


# --- the descriptor --------------------------------------------------------------------------------

def _read_descriptor(pkg: Package) -> dict[str, Resource] | None:
    """Read datapackage.json and check the shape of what the code relies on; problems go to ``pkg``.

    By hand, because Frictionless raises (or, for a schema or path given as a URL, downloads) on these
    shapes instead of reporting them; everything it can check on a well-shaped descriptor it checks.
    Returns the usable resources, or None when the descriptor cannot be used at all.
    """
    root, path = pkg.root, pkg.root / "datapackage.json"
    file = _display(path)

    def problem(message: str, value: object = None) -> None:
        pkg.problems.append(Problem(file, None, None, None if value is None else _short(str(value), 80), message))

    try:
        mode = root.stat().st_mode
        outside = path.is_symlink() and not path.resolve().is_relative_to(root.resolve())
    except FileNotFoundError:
        pkg.problems.append(Problem(_display(root), None, None, None, "folder not found: not a data package folder"))
        return None
    except PermissionError:
        pkg.problems.append(Problem(_display(root), None, None, None, "cannot be read: permission denied"))
        return None
    except (OSError, ValueError, RuntimeError) as exc:  # permission denied on a parent, a symlink loop …
        pkg.problems.append(Problem(_display(root), None, None, None, f"cannot be read: {getattr(exc, 'strerror', None) or exc}"))
        return None
    if not stat.S_ISDIR(mode):
        pkg.problems.append(Problem(_display(root), None, None, None, "is a file, not a data package folder"))
        return None
    if outside:
        problem("leads outside the data package folder (a symbolic link): not read")
        return None
    raw, problems = read_file(path, file)
    if raw is None:
        if problems[0].message == "file not found":
            problems = [Problem(file, None, None, None, "file not found: not a data package folder")]
        pkg.problems += problems
        return None
    try:
        descriptor = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        problem(f"not a valid data package descriptor: not UTF-8 (invalid byte at offset {exc.start})")
        return None
    except json.JSONDecodeError as exc:
        problem(f"not a valid data package descriptor: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return None
    except RecursionError:
        problem("not a valid data package descriptor: JSON nested too deeply to read")
        return None
    if not isinstance(descriptor, dict):
        problem("not a valid data package descriptor: must be a JSON object {…}")
        return None
    pkg.descriptor = descriptor
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        problem("not a valid data package descriptor: 'resources' must be a non-empty list", resources)
        return None
    usable: dict[str, Resource] = {}
    names: set[str] = set()
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str) or not resource["name"]:
            problem(f"resource {index + 1}: must be an object with a 'name'", resource if not isinstance(resource, dict) else None)
            continue
        name = resource["name"]
        if name in names:
            problem(f"resource {name!r}: the name is used twice")
            continue
        names.add(name)
        usable_path, why = package_path(root, resource.get("path"))
        if usable_path is None:
            problem(f"resource {name!r}: 'path' {why}", resource.get("path"))
        schema = resource.get("schema")
        if not isinstance(schema, dict):
            problem(f"resource {name!r}: 'schema' must be written out in datapackage.json as an object "
                    "(a schema path or URL is not followed)" if schema is not None else f"resource {name!r}: no 'schema'",
                    schema)
            continue
        fields = schema.get("fields")
        if not isinstance(fields, list) or not fields:
            problem(f"resource {name!r}: schema 'fields' must be a non-empty list", fields)
            continue
        field_names: list[str] = []
        types: dict[str, str] = {}
        for position, spec in enumerate(fields, start=1):
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec["name"]:
                problem(f"resource {name!r}: field {position} must be an object with a 'name'")
            elif _CONTROL.search(spec["name"]):
                problem(f"resource {name!r}: field {position} has a name with control characters or unpaired surrogates",
                        spec["name"])
            elif spec["name"] in types:
                problem(f"resource {name!r}: field {spec['name']!r} is declared twice")
            elif not isinstance(spec.get("type", "string"), str):
                problem(f"resource {name!r}: field {spec['name']!r}: 'type' must be a string", spec.get("type"))
            else:
                field_names.append(spec["name"])
                types[spec["name"]] = spec.get("type", "string")
        if len(field_names) != len(fields):
            continue
        for key in ("primaryKey", "foreignKeys", "missingValues"):
            if key in schema and not _well_formed(key, schema[key]):
                problem(f"resource {name!r}: schema {key!r} is not well formed", schema[key])
                break
        else:
            if usable_path is not None:
                usable[name] = Resource(name, usable_path, schema, field_names, types)
    for name, columns in CONTRACT.items():
        if name not in names:
            problem(f"resource {name!r} is missing: the loaders need it")
            continue
        if name not in usable:
            continue
        resource = usable[name]
        for column, wanted in columns.items():
            if column not in resource.types:
                problem(f"resource {name!r}: field {column!r} is missing from the schema: the loaders need it")
            elif resource.types[column] != wanted:
                problem(f"resource {name!r}: field {column!r} must have type {wanted!r}, not {resource.types[column]!r}")
        key = resource.schema.get("primaryKey")
        if key not in (PRIMARY_KEYS[name], [PRIMARY_KEYS[name]]):
            problem(f"resource {name!r}: the primary key must be {PRIMARY_KEYS[name]!r}", key)
    return usable


def _well_formed(key: str, value: object) -> bool:
    """The shapes of primaryKey, foreignKeys and missingValues that Frictionless reads without raising."""
    names = lambda v: isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))  # noqa: E731
    if key == "primaryKey":
        return names(value)
    if key == "missingValues":
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    return isinstance(value, list) and all(
        isinstance(fk, dict) and names(fk.get("fields")) and isinstance(fk.get("reference"), dict)
        and isinstance(fk["reference"].get("resource", ""), str) and names(fk["reference"].get("fields"))
        for fk in value)


# --- cells and schema ------------------------------------------------------------------------------

def _check_cells(pkg: Package) -> list[Problem]:
    """Every integer, number, boolean and date cell against the shared parsers (see PARSERS)."""
    problems = []
    for name, resource in pkg.resources.items():
        table = pkg.tables.get(name)
        if not table or not table.readable:
            continue
        for column, kind in resource.types.items():
            parse = PARSERS.get(kind)
            if parse is None or column in table.missing:
                continue
            for number, row in zip(table.row_numbers, table.rows):
                cell = row[column]
                if cell == "":
                    continue
                try:
                    parse(cell)
                except CellError as exc:
                    problems.append(Problem(table.file, number, column, cell, str(exc)))
                    table.bad_cells.add((number, column))
    return problems


def _frictionless_problems(pkg: Package) -> list[Problem]:
    """Schema checks by Frictionless on the rows as read (so BOM/CRLF/ragged rows are handled once).

    Frictionless sees only a descriptor rebuilt from the checked shapes, with the rows inline: it opens
    no file and no URL. No error limit: every problem is reported.
    """
    from frictionless import Package as FrictionlessPackage

    keep = [n for n, r in pkg.resources.items() if pkg.tables.get(n) and pkg.tables[n].readable]
    if not keep:
        return []
    file = _display(pkg.root / "datapackage.json")
    resources = []
    # Frictionless' cost is per error it builds (≈ 0.1–0.4 ms each, and its cyclic garbage grows with them), so
    # what is already reported stays out of its sight: blank rows are left out (``numbers`` maps its row
    # positions back to lines) and cells refused by the shared parsers are given to it blank.
    numbers: dict[str, list[int]] = {}
    for n in keep:
        resource, table = pkg.resources[n], pkg.tables[n]
        schema = {key: resource.schema[key] for key in ("fields", "primaryKey", "missingValues") if key in resource.schema}
        # A foreign key into a table that could not be read would only add noise.
        schema["foreignKeys"] = [fk for fk in resource.schema.get("foreignKeys", [])
                                 if fk["reference"].get("resource", "") in keep]
        numbers[n] = [number for number in table.row_numbers if number not in table.blank]
        data = [[("" if (number, f) in table.bad_cells else row[f]) for f in resource.fields]
                for number, row in zip(table.row_numbers, table.rows) if number not in table.blank]
        resources.append({"name": n, "data": [resource.fields] + data, "schema": schema})
    try:
        report = FrictionlessPackage({"resources": resources}).validate(limit_errors=0)  # 0: no limit
    except Exception as exc:  # noqa: BLE001 - FrictionlessException or worse: a descriptor it cannot take, said as such
        return [Problem(file, None, None, None, f"the schemas cannot be checked: {exc}")]
    problems: list[Problem] = []
    for error in report.errors:
        problems.append(Problem(file, None, None, None, f"not a valid data package descriptor: {error.message}"))
    for task in report.tasks:
        table = pkg.tables[task.name]
        types = pkg.resources[task.name].types
        for error in task.errors:
            kind = error.type
            row = getattr(error, "row_number", None)
            if isinstance(row, int) and 2 <= row < len(numbers[task.name]) + 2:
                row = numbers[task.name][row - 2]
            column = getattr(error, "field_name", None)
            value = getattr(error, "cell", None)
            note = getattr(error, "note", "")
            if kind == "primary-key":
                continue  # reported as unique-error on the same row
            if column in table.missing:
                continue  # the missing column was reported once
            if (row, column) in table.bad_cells and kind in {"type-error", "constraint-error"}:
                continue  # reported once by _check_cells, with the reason
            if kind == "constraint-error" and note.startswith('constraint "required"'):
                if row in table.shaped:
                    continue
                problems.append(Problem(table.file, row, column, None, "required value is missing"))
            elif kind == "constraint-error":
                m = re.match(r'constraint "(\w+)" is "(.*)"', note)
                constraint, rule = (m.group(1), m.group(2)) if m else ("", note)
                message = {"pattern": f"does not match the pattern {rule}",
                           "enum": f"not one of the allowed values {rule}",
                           "minimum": f"below the minimum {rule}",
                           "maximum": f"above the maximum {rule}"}.get(constraint, note)
                problems.append(Problem(table.file, row, column, value, message))
            elif kind == "type-error":
                problems.append(Problem(table.file, row, column, value, f"not a valid {types.get(column, 'value')}"))
            elif kind == "unique-error":
                first = _first_rows(table, column).get(value) if column in table.fields else None
                problems.append(Problem(table.file, row, column, value,
                                        f"duplicate id: the same as row {first}" if first and first != row else "duplicate id"))
            elif kind == "foreign-key":
                cols = getattr(error, "field_names", None) or [None]
                cells = getattr(error, "field_cells", None) or [None]
                target = re.search(r'lookup table "(\w+)"', note)
                problems.append(Problem(table.file, row, cols[0], cells[0],
                                        f"refers to nothing: no such id in {target.group(1) + '.csv' if target else 'the referenced table'}"))
            elif kind == "blank-row":
                continue  # reported when the file was read
            elif kind in {"missing-cell", "extra-cell", "missing-label", "extra-label", "incorrect-label",
                          "blank-label", "duplicate-label"}:
                continue  # row shape and header were checked when the file was read
            elif row is None and column is None:
                problems.append(Problem(file, None, None, None, f"resource {task.name!r}: {error.message}"))
            else:
                problems.append(Problem(table.file, row, column, value, f"{kind}: {error.message}"))
    return problems


def _first_rows(table: Table, column: str) -> dict[str, int]:
    """The first row holding each value of ``column`` (computed once per table and column)."""
    cache = table.__dict__.setdefault("_first_rows", {})
    if column not in cache:
        first: dict[str, int] = {}
        for number, row in zip(table.row_numbers, table.rows):
            first.setdefault(row[column], number)
        cache[column] = first
    return cache[column]


def _ids(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()] if cell else []


def _check_sources(pkg: Package) -> list[Problem]:
    problems = []
    table = pkg.tables.get("sources")
    if not table or not table.has("source_id", "path"):
        return problems
    for number, row in zip(table.row_numbers, table.rows):
        if row.get("role") == "record":
            continue  # cited, never stored: analysis.claims checks its metadata
        rel = row["path"]
        path, why = package_path(pkg.root, rel)
        if path is None:
            problems.append(Problem(table.file, number, "path", rel, f"must be a file inside the data folder: the path {why}"))
            continue
        raw, unread = read_file(path, table.file)
        if raw is None:
            reason = "source file not found" if unread[0].message == "file not found" else f"source {unread[0].message}"
            problems.append(Problem(table.file, number, "path", rel, reason))
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if row["sha256"] and digest != row["sha256"]:
            problems.append(Problem(table.file, number, "sha256", row["sha256"],
                                    f"checksum mismatch: the raw file's sha256 is {digest} (raw data must never change)"))
        if _parsed(row["bytes"], parse_integer) not in (None, len(raw)):
            problems.append(Problem(table.file, number, "bytes", row["bytes"], f"the raw file has {len(raw)} bytes"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(table.file, number, "path", rel, f"source is not UTF-8: {exc}"))
            continue
        if unicodedata.normalize("NFC", text) != text:
            problems.append(Problem(table.file, number, "path", rel, "source text is not in Unicode NFC"))
        if _parsed(row["code_points"], parse_integer) not in (None, len(text)):
            problems.append(Problem(table.file, number, "code_points", row["code_points"], f"the text has {len(text)} code points"))
        pkg.texts[row["source_id"]] = text
    return problems


def _check_mentions(pkg: Package) -> list[Problem]:
    problems = []
    table = pkg.tables.get("mentions")
    if not table or not table.has("source_id", "char_start", "char_end", "quote"):
        return problems
    for number, row in zip(table.row_numbers, table.rows):
        text = pkg.texts.get(row["source_id"])
        start, end, quote = _parsed(row["char_start"], parse_integer), _parsed(row["char_end"], parse_integer), row["quote"]
        if text is None or start is None or end is None or start < 0 or not quote:
            continue  # unknown source or bad offsets are reported by the schema checks
        if end > len(text) or start > len(text):
            problems.append(Problem(table.file, number, "char_end" if end > len(text) else "char_start", str(max(start, end)),
                                    f"offset past the end of the source ({len(text)} code points)"))
            continue
        if start >= end:
            problems.append(Problem(table.file, number, "char_end", str(end), f"must be greater than char_start ({start})"))
            continue
        found = text[start:end]
        if found != quote:
            elsewhere = text.find(quote)
            hint = f"; the quote occurs at {elsewhere}–{elsewhere + len(quote)}" if elsewhere >= 0 else "; the quote does not occur in the source"
            problems.append(Problem(table.file, number, "quote", _short(quote),
                                    f"quote is not at its offsets {start}–{end}: the source there reads {_short(found)!r}{hint}"))
            continue
        if row["prefix"] and not text.endswith(row["prefix"], 0, start):  # no slice copy: linear in the mentions
            problems.append(Problem(table.file, number, "prefix", row["prefix"], "does not precede the quote in the source"))
        if row["suffix"] and not text.startswith(row["suffix"], end):
            problems.append(Problem(table.file, number, "suffix", row["suffix"], "does not follow the quote in the source"))
    return problems


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"


def _check_events(pkg: Package) -> list[Problem]:
    problems: list[Problem] = []
    events, mentions = pkg.tables.get("events"), pkg.tables.get("mentions")
    if not events or not events.has("event_id"):
        return problems
    vocab = {name: {row[key] for row in pkg.tables[name].rows} if pkg.tables.get(name) and pkg.tables[name].has(key) else None
             for name, key in (("agencies", "agency_id"), ("actors", "actor_id"), ("cooperation_types", "cooperation_type"))}
    mentions_usable = bool(mentions and mentions.has("event_id", "source_id"))
    mentioned: dict[str, list[dict[str, str]]] = {}
    if mentions_usable:
        for row in mentions.rows:
            mentioned.setdefault(row["event_id"], []).append(row)
    sources = pkg.tables.get("sources")
    published = {}
    if sources and sources.has("source_id", "published"):
        for row in sources.rows:
            if (day := _parsed(row["published"], parse_date)) is not None:
                published[row["source_id"]] = day
    occurs = _Occurrences(pkg.texts)
    check_dates = events.has("date", "date_end", "date_precision", "date_text", "status")
    check_place = events.has("location", "country", "latitude", "longitude", "geo_precision")
    f = events.file
    for number, row in zip(events.row_numbers, events.rows):
        eid = row["event_id"]
        if mentions_usable and eid and eid not in mentioned:
            problems.append(Problem(f, number, "event_id", eid, "event has no mention in mentions.csv (every event must cite its words)"))
        if check_dates:
            problems += _check_event_dates(f, number, row, mentioned.get(eid, []), occurs, published)
        for column, known in (("agencies", vocab["agencies"]), ("actors", vocab["actors"])):
            if not events.has(column):
                continue
            ids = _ids(row[column])
            for dup in sorted(i for i, n in Counter(ids).items() if n > 1):
                problems.append(Problem(f, number, column, dup, "listed twice"))
            if known is not None:
                for unknown in [i for i in ids if i not in known]:
                    problems.append(Problem(f, number, column, unknown, f"refers to nothing: no such id in {column}.csv"))
        if events.has("cooperation_types"):
            problems += _check_cooperation(f, number, row["cooperation_types"], vocab["cooperation_types"])
        if events.has("flows", "agencies"):
            problems += _check_flows(f, number, row["flows"], set(_ids(row["agencies"])))
        if check_place:
            problems += _check_place(f, number, row)
    return problems


def _check_cooperation(f: str, number: int, cell: str, known: set[str] | None) -> list[Problem]:
    problems = []
    coop = _ids(cell)
    for dup in sorted(c for c, n in Counter(coop).items() if n > 1):
        problems.append(Problem(f, number, "cooperation_types", dup, "listed twice"))
    for item in coop:
        kind, _, direction = item.partition("@")
        if known is not None and kind not in known:
            problems.append(Problem(f, number, "cooperation_types", kind, "refers to nothing: no such id in cooperation_types.csv"))
        if direction and direction not in DIRECTIONS:
            problems.append(Problem(f, number, "cooperation_types", item, f"direction must be one of {', '.join(DIRECTIONS)}"))
    return problems


def _check_flows(f: str, number: int, cell: str, agencies: set[str]) -> list[Problem]:
    problems = []
    for flow in _ids(cell):
        giver, _, taker = flow.partition(">")
        for end in (giver, taker):
            if end and end not in agencies:
                problems.append(Problem(f, number, "flows", flow, f"{end} is not among the event's agencies"))
        if giver == taker:
            problems.append(Problem(f, number, "flows", flow, "an agency cannot pass information to itself"))
    return problems


class _Occurrences:
    """``words in text`` for each source, remembered per distinct words: events repeat a few date
    expressions, so searching each source once per expression keeps the check linear in the events."""

    def __init__(self, texts: dict[str, str]):
        self.texts, self.seen = texts, {}

    def __contains__(self, key: tuple[str, str]) -> bool:
        if key not in self.seen:
            self.seen[key] = key[1] in self.texts[key[0]]
        return self.seen[key]


def _check_event_dates(f: str, number: int, row: dict[str, str], mentions: list[dict[str, str]],
                       occurs: _Occurrences, published: dict[str, date]) -> list[Problem]:
    problems = []
    value, precision, end, status, words = row["date"], row["date_precision"], row["date_end"], row["status"], row["date_text"]
    try:
        actual = dates.check_iso(value)
    except ValueError as exc:
        return [Problem(f, number, "date", value, f"not a valid date: {exc}")]
    if precision in dates.PRECISIONS and actual != precision:
        problems.append(Problem(f, number, "date_precision", precision,
                                f"disagrees with the date {value!r}, which has {actual} precision"))
    if end and end != ONGOING:
        try:
            dates.check_iso(end)
            if value and dates.bounds(end)[1] < dates.bounds(value)[0]:
                problems.append(Problem(f, number, "date_end", end, f"ends before the date {value!r}"))
        except ValueError as exc:
            problems.append(Problem(f, number, "date_end", end, f"not a valid date: {exc}"))
    if (end == ONGOING) != (status == "ongoing") and status:
        problems.append(Problem(f, number, "date_end", end,
                                "an ongoing event must have the open end '..', and only an ongoing event may have it"))
    pub_dates = [published[m["source_id"]] for m in mentions if m["source_id"] in published]
    if value and pub_dates and status != "scheduled" and dates.bounds(value)[0].date() > max(pub_dates):
        problems.append(Problem(f, number, "date", value, "after the publication date, but status is not 'scheduled'"))
    if not words:
        return problems
    if not value:
        problems.append(Problem(f, number, "date_text", words, "date words given but the date is blank"))
        return problems
    sources = {m["source_id"] for m in mentions if m["source_id"] in occurs.texts}
    if sources and not any((s, words) in occurs for s in sources):
        problems.append(Problem(f, number, "date_text", words, "does not occur in the event's source text"))
    if pub_dates:
        try:
            resolved = dates.resolve_date_text(words, pub_dates[0])
        except dates.DateTextError as exc:
            problems.append(Problem(f, number, "date_text", words, str(exc)))
        else:
            if not (resolved.value == value or resolved.value.startswith(value + "-")):
                problems.append(Problem(f, number, "date", value,
                                        f"disagrees with date_text {words!r}, which resolves to {resolved.value} ({resolved.rule})"))
    return problems


def _check_place(f: str, number: int, row: dict[str, str]) -> list[Problem]:
    problems = []
    precision, has_lat, has_lon = row["geo_precision"], bool(row["latitude"]), bool(row["longitude"])
    if has_lat != has_lon:
        problems.append(Problem(f, number, "longitude" if has_lat else "latitude", None, "latitude and longitude go together"))
    if precision == "town" and not (row["location"] and has_lat):
        problems.append(Problem(f, number, "geo_precision", precision, "town precision needs a location and coordinates"))
    if precision in {"country", "unknown"} and has_lat:
        problems.append(Problem(f, number, "geo_precision", precision, "coordinates given for a place that is not located to a town or region"))
    if precision == "country" and not row["country"]:
        problems.append(Problem(f, number, "country", None, "country precision needs a country"))
    if precision == "unknown" and row["country"]:
        problems.append(Problem(f, number, "geo_precision", precision, "a country is given, so the place is not unknown"))
    return problems


def _check_spellings(pkg: Package) -> list[Problem]:
    problems = []
    corpus = "\n".join(pkg.texts.values())
    if not corpus:
        return problems
    occurs = _Occurrences({"": corpus})
    for name in ("agencies", "actors"):
        table = pkg.tables.get(name)
        if not table or not table.has("spellings_ar"):
            continue
        for number, row in zip(table.row_numbers, table.rows):
            if number in table.shaped:
                continue  # its cells are misaligned: the row's shape is the problem reported
            for spelling in _ids(row["spellings_ar"]):
                if ("", spelling) not in occurs:
                    problems.append(Problem(table.file, number, "spellings_ar", spelling, "does not occur in any source text"))
    return problems


def _check_genders(pkg: Package) -> list[Problem]:
    """A generic body's label is followed by "unnamed", which in Arabic agrees with the label's noun
    (غير مسمّى / غير مسمّاة): its ``gender_ar`` must be given."""
    table = pkg.tables.get("agencies")
    if not table or not table.has("generic", "gender_ar"):
        return []
    return [Problem(table.file, number, "gender_ar", row["gender_ar"],
                    "a generic body needs the gender of its Arabic label's noun (m or f)")
            for number, row in zip(table.row_numbers, table.rows)
            if number not in table.shaped and str(row["generic"]).strip().lower() in ("true", "1")
            and row["gender_ar"] not in ("m", "f")]


def check(root: Path | str | None = None) -> Package:
    """Read and check the data package at ``root``; every problem found is in ``.problems``.

    Never raises for what it reads: any file content, descriptor or file-system state ends as problems.
    Reads only files inside ``root`` and opens no network connection.
    """
    root = Path(root) if root is not None else default_data_dir()
    pkg = Package(root, {}, {}, {}, [])
    resources = _read_descriptor(pkg)
    if resources is None:
        return _finish(pkg)
    pkg.resources = resources
    for resource in resources.values():
        table, problems, _ = read_table(resource.path, resource.name, resource.fields)
        pkg.tables[resource.name] = table
        pkg.problems += problems
    pkg.problems += _check_cells(pkg)
    pkg.problems += _frictionless_problems(pkg)
    pkg.problems += _check_sources(pkg)
    pkg.problems += _check_mentions(pkg)
    pkg.problems += _check_events(pkg)
    pkg.problems += _check_spellings(pkg)
    pkg.problems += _check_genders(pkg)
    from analysis import claims  # imported here: analysis.claims builds on this module's Problem and Package
    pkg.problems += claims.check(pkg)
    return _finish(pkg)


def _finish(pkg: Package) -> Package:
    """Drop exact repeats and sort by file, row, column."""
    unique = {(p.file, p.row, p.column, p.value, p.message): p for p in pkg.problems}
    pkg.problems = sorted(unique.values(), key=Problem.sort_key)
    return pkg


def summary(pkg: Package) -> str:
    """One line of counts for a valid package."""
    t = {name: len(table.rows) for name, table in pkg.tables.items()}
    categories = {row["event_type"]: row["category"] for row in pkg.tables["event_types"].rows}
    incidents = sum(categories.get(row["event_type"]) == "incident" for row in pkg.tables["events"].rows)
    records = sum(row.get("role") == "record" for row in pkg.tables["sources"].rows)
    articles = t["sources"] - records
    return (f"valid: {articles} article{'s' * (articles != 1)}, {records} record source{'s' * (records != 1)}, "
            f"{t['events']} events ({incidents} incidents, {t['events'] - incidents} cooperation), "
            f"{t['mentions']} mentions, {t.get('claims', 0)} claims, {t['agencies']} agencies, {t['actors']} actors, "
            f"{t['event_types']} event types, {t['cooperation_types']} cooperation types")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: python -m analysis validate [DATA_DIR]", file=sys.stderr)
        return 2
    # Arabic text and escapes must reach any terminal: characters its encoding lacks are written as escapes.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        pkg = check(argv[0] if argv else None)
    except KeyboardInterrupt:
        print("validate: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug must still end in one clear line, not a traceback
        print(escape(f"validate: internal error ({type(exc).__name__}: {exc}): a bug in analysis/validate.py; "
                     "please report it with the package that caused it"), file=sys.stderr)
        return 1
    if pkg.problems:
        for problem in pkg.problems:
            print(problem)
        print(f"invalid: {len(pkg.problems)} problem(s)", file=sys.stderr)
        return 1
    print(summary(pkg))
    return 0
