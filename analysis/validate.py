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

import copy
import csv
import hashlib
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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
            where.append(f"value {self.value!r}")
        return ", ".join(where) + ": " + self.message

    def sort_key(self) -> tuple:
        return (self.file, self.row or 0, self.column or "", self.message)


class DataPackageError(ValueError):
    """Raised by the loaders: the package is invalid; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data package:\n" + "\n".join(map(str, problems)))


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

    @property
    def ok(self) -> bool:
        return not self.problems


def _display(path: Path) -> str:
    path = Path(os.path.abspath(path))
    cwd = Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Strict UTF-8 (a BOM is accepted and dropped); CRLF and CR become LF."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad_lines = 0
        for chunk in raw.split(b"\n"):
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError:
                bad_lines += 1
        hint = ""
        try:
            if re.search("[\u0600-\u06ff]", raw.decode("cp1256")):
                hint = "; it decodes as Windows-1256 (Arabic Windows): re-save it as UTF-8"
        except UnicodeDecodeError:
            pass
        return None, [Problem(file, line, None, f"0x{raw[exc.start]:02X}",
                              f"not UTF-8: invalid byte at line {line}, byte {col} ({bad_lines} line(s) affected){hint}")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_table(path: Path, name: str, fields: list[str]) -> tuple[Table, list[Problem], set[int]]:
    """Read one CSV resource; report file-level, header and row-shape problems.

    Returns the table, its problems, and the row numbers whose shape was already reported (so the
    schema check does not repeat 'missing value' for each cell of a truncated row).
    """
    file = _display(path)
    table = Table(name, file)
    if not path.is_file():
        return table, [Problem(file, None, None, None, "file not found (listed in datapackage.json)")], set()
    text, problems = _decode(path.read_bytes(), file)
    if text is None:
        return table, problems, set()
    if not text.strip():
        return table, [Problem(file, None, None, None, "file is empty: expected a header row and data rows")], set()
    if text.startswith("\ufeff"):
        text = text[1:]
    # One physical line is one row: cells never hold line breaks (README), so a broken row (an
    # unterminated quote, a cut-off line) is reported on its own line and the rows after it still count.
    records: list[list[str]] = []
    malformed: set[int] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if number > 1 and line == "" and number == text.count("\n") + 1:
            break  # the file's final newline
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
            problems.append(Problem(file, number, None, None,
                                    f"row has {len(record)} cells, {what} than the header's {len(header)} (truncated row or stray delimiter?)"))
            shaped.add(number)
        cells = dict(zip(header, record))
        table.rows.append({column: cells.get(column, "") for column in fields})
        table.row_numbers.append(number)
    table.readable = True
    return table, problems, shaped


def _frictionless_problems(descriptor: dict, tables: dict[str, Table], shaped: dict[str, set[int]],
                           missing_columns: dict[str, set[str]]) -> list[Problem]:
    """Schema checks by Frictionless on the rows as read (so BOM/CRLF/ragged rows are handled once)."""
    from frictionless import Package as FrictionlessPackage

    descriptor = copy.deepcopy(descriptor)
    names = {resource["name"]: resource for resource in descriptor["resources"]}
    keep = [n for n in names if tables.get(n) and tables[n].readable]
    descriptor["resources"] = []
    for n in keep:
        resource = names[n]
        fields = [f["name"] for f in resource["schema"]["fields"]]
        for key in ("path", "format", "encoding", "mediatype", "scheme", "compression", "dialect"):
            resource.pop(key, None)
        resource["data"] = [fields] + [[row[f] for f in fields] for row in tables[n].rows]
        # A foreign key into a table that could not be read would only add noise.
        resource["schema"]["foreignKeys"] = [fk for fk in resource["schema"].get("foreignKeys", [])
                                             if fk["reference"]["resource"] in keep]
        descriptor["resources"].append(resource)
    report = FrictionlessPackage(descriptor).validate()
    problems: list[Problem] = []
    types = {n: {f["name"]: f.get("type", "string") for f in names[n]["schema"]["fields"]} for n in keep}
    for task in report.tasks:
        table = tables[task.name]
        for error in task.errors:
            kind = error.type
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None)
            value = getattr(error, "cell", None)
            note = getattr(error, "note", "")
            if kind == "primary-key":
                continue  # reported as unique-error on the same row
            if column in missing_columns.get(task.name, set()):
                continue  # the missing column was reported once
            if kind == "constraint-error" and note.startswith('constraint "required"'):
                if row in shaped.get(task.name, set()):
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
                problems.append(Problem(table.file, row, column, value, f"not a valid {types[task.name].get(column, 'value')}"))
            elif kind == "unique-error":
                m = re.search(r"position (\d+)", note)
                problems.append(Problem(table.file, row, column, value,
                                        f"duplicate id: the same as row {m.group(1)}" if m else "duplicate id"))
            elif kind == "foreign-key":
                cols = getattr(error, "field_names", None) or [None]
                cells = getattr(error, "field_cells", None) or [None]
                target = re.search(r'lookup table "(\w+)"', note)
                problems.append(Problem(table.file, row, cols[0], cells[0],
                                        f"refers to nothing: no such id in {target.group(1) + '.csv' if target else 'the referenced table'}"))
            elif kind == "blank-row":
                problems.append(Problem(table.file, row, None, None, "blank row"))
            elif kind in {"missing-cell", "extra-cell", "missing-label", "extra-label", "incorrect-label",
                          "blank-label", "duplicate-label"}:
                continue  # row shape and header were checked when the file was read
            else:
                problems.append(Problem(table.file, row, column, value, f"{kind}: {error.message}"))
    return problems


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
        path = (pkg.root / rel).resolve()
        if not rel or pkg.root.resolve() not in path.parents:
            problems.append(Problem(table.file, number, "path", rel, "must be a file inside the data folder"))
            continue
        if not path.is_file():
            problems.append(Problem(table.file, number, "path", rel, "source file not found"))
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if row["sha256"] and digest != row["sha256"]:
            problems.append(Problem(table.file, number, "sha256", row["sha256"],
                                    f"checksum mismatch: the raw file's sha256 is {digest} (raw data must never change)"))
        if row["bytes"].isdigit() and int(row["bytes"]) != len(raw):
            problems.append(Problem(table.file, number, "bytes", row["bytes"], f"the raw file has {len(raw)} bytes"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(table.file, number, "path", rel, f"source is not UTF-8: {exc}"))
            continue
        if unicodedata.normalize("NFC", text) != text:
            problems.append(Problem(table.file, number, "path", rel, "source text is not in Unicode NFC"))
        if row["code_points"].isdigit() and int(row["code_points"]) != len(text):
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
        start, end, quote = row["char_start"], row["char_end"], row["quote"]
        if text is None or not (start.isdigit() and end.isdigit()) or not quote:
            continue  # unknown source or bad offsets are reported by the schema checks
        start, end = int(start), int(end)
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
        if row["prefix"] and not text[:start].endswith(row["prefix"]):
            problems.append(Problem(table.file, number, "prefix", row["prefix"], "does not precede the quote in the source"))
        if row["suffix"] and not text[end:].startswith(row["suffix"]):
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
            try:
                published[row["source_id"]] = date.fromisoformat(row["published"])
            except ValueError:
                pass
    check_dates = events.has("date", "date_end", "date_precision", "date_text", "status")
    check_place = events.has("location", "country", "latitude", "longitude", "geo_precision")
    f = events.file
    for number, row in zip(events.row_numbers, events.rows):
        eid = row["event_id"]
        if mentions_usable and eid and eid not in mentioned:
            problems.append(Problem(f, number, "event_id", eid, "event has no mention in mentions.csv (every event must cite its words)"))
        if check_dates:
            problems += _check_event_dates(f, number, row, mentioned.get(eid, []), pkg.texts, published)
        for column, known in (("agencies", vocab["agencies"]), ("actors", vocab["actors"])):
            if not events.has(column):
                continue
            ids = _ids(row[column])
            for dup in sorted({i for i in ids if ids.count(i) > 1}):
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
    for dup in sorted({c for c in coop if coop.count(c) > 1}):
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


def _check_event_dates(f: str, number: int, row: dict[str, str], mentions: list[dict[str, str]],
                       texts: dict[str, str], published: dict[str, date]) -> list[Problem]:
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
    source_texts = [texts[m["source_id"]] for m in mentions if m["source_id"] in texts]
    if source_texts and not any(words in t for t in source_texts):
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
    for name in ("agencies", "actors"):
        table = pkg.tables.get(name)
        if not table or not table.has("spellings_ar"):
            continue
        for number, row in zip(table.row_numbers, table.rows):
            for spelling in _ids(row["spellings_ar"]):
                if spelling not in corpus:
                    problems.append(Problem(table.file, number, "spellings_ar", spelling, "does not occur in any source text"))
    return problems


def check(root: Path | str | None = None) -> Package:
    """Read and check the data package at ``root``; every problem found is in ``.problems``."""
    root = Path(root) if root is not None else default_data_dir()
    descriptor_path = root / "datapackage.json"
    file = _display(descriptor_path)
    pkg = Package(root, {}, {}, {}, [])
    try:
        pkg.descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        resources = pkg.descriptor["resources"]
    except FileNotFoundError:
        pkg.problems.append(Problem(file, None, None, None, "file not found: not a data package folder"))
        return pkg
    except (ValueError, KeyError, TypeError) as exc:
        pkg.problems.append(Problem(file, None, None, None, f"not a valid data package descriptor: {exc}"))
        return pkg
    shaped: dict[str, set[int]] = {}
    missing: dict[str, set[str]] = {}
    for resource in resources:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        table, problems, shaped[resource["name"]] = read_table(root / resource["path"], resource["name"], fields)
        missing[resource["name"]] = {p.column for p in problems if p.message.startswith("required column is missing")}
        pkg.tables[resource["name"]] = table
        pkg.problems += problems
    pkg.problems += _frictionless_problems(pkg.descriptor, pkg.tables, shaped, missing)
    pkg.problems += _check_sources(pkg)
    pkg.problems += _check_mentions(pkg)
    pkg.problems += _check_events(pkg)
    pkg.problems += _check_spellings(pkg)
    from analysis import claims  # imported here: analysis.claims builds on this module's Problem and Package
    pkg.problems += claims.check(pkg)
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
    pkg = check(argv[0] if argv else None)
    if pkg.problems:
        for problem in pkg.problems:
            print(problem)
        print(f"invalid: {len(pkg.problems)} problem(s)", file=sys.stderr)
        return 1
    print(summary(pkg))
    return 0
