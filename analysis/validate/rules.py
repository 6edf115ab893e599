"""The domain rules no schema language says: the raw source, quotes at their offsets, events and their
dates, places, ids inside ';' cells, flows, spellings and genders."""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from datetime import date

from analysis import dates
from analysis.validate.cells import parse_date, parse_integer, parsed
from analysis.validate.files import package_path, read_file
from analysis.validate.model import Package, split_ids
from analysis.validate.problems import Problem, short

DIRECTIONS = ("MA>US", "US>MA", "mutual")
ONGOING = ".."  # EDTF open end


def check_sources(pkg: Package) -> list[Problem]:
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
        if parsed(row["bytes"], parse_integer) not in (None, len(raw)):
            problems.append(Problem(table.file, number, "bytes", row["bytes"], f"the raw file has {len(raw)} bytes"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(table.file, number, "path", rel, f"source is not UTF-8: {exc}"))
            continue
        if unicodedata.normalize("NFC", text) != text:
            problems.append(Problem(table.file, number, "path", rel, "source text is not in Unicode NFC"))
        if parsed(row["code_points"], parse_integer) not in (None, len(text)):
            problems.append(Problem(table.file, number, "code_points", row["code_points"], f"the text has {len(text)} code points"))
        pkg.texts[row["source_id"]] = text
    return problems


def check_mentions(pkg: Package) -> list[Problem]:
    problems = []
    table = pkg.tables.get("mentions")
    if not table or not table.has("source_id", "char_start", "char_end", "quote"):
        return problems
    for number, row in zip(table.row_numbers, table.rows):
        text = pkg.texts.get(row["source_id"])
        start, end, quote = parsed(row["char_start"], parse_integer), parsed(row["char_end"], parse_integer), row["quote"]
        if text is None or start is None or end is None or start < 0 or not quote:
            continue  # unknown source or bad offsets are reported by the schema checks
        if (number, "quote") in table.not_text:
            continue  # not NFC (or not text): that is the problem reported, not a misplaced quote
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
            problems.append(Problem(table.file, number, "quote", short(quote),
                                    f"quote is not at its offsets {start}–{end}: the source there reads {short(found)!r}{hint}"))
            continue
        if row["prefix"] and not text.endswith(row["prefix"], 0, start):  # no slice copy: linear in the mentions
            problems.append(Problem(table.file, number, "prefix", row["prefix"], "does not precede the quote in the source"))
        if row["suffix"] and not text.startswith(row["suffix"], end):
            problems.append(Problem(table.file, number, "suffix", row["suffix"], "does not follow the quote in the source"))
    return problems


def check_events(pkg: Package) -> list[Problem]:
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
            if (day := parsed(row["published"], parse_date)) is not None:
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
            ids = split_ids(row[column])
            for dup in sorted(i for i, n in Counter(ids).items() if n > 1):
                problems.append(Problem(f, number, column, dup, "listed twice"))
            if known is not None:
                for unknown in [i for i in ids if i not in known]:
                    problems.append(Problem(f, number, column, unknown, f"refers to nothing: no such id in {column}.csv"))
        if events.has("cooperation_types"):
            problems += _check_cooperation(f, number, row["cooperation_types"], vocab["cooperation_types"])
        if events.has("flows", "agencies"):
            problems += _check_flows(f, number, row["flows"], set(split_ids(row["agencies"])))
        if check_place:
            problems += _check_place(f, number, row)
    return problems


def _check_cooperation(f: str, number: int, cell: str, known: set[str] | None) -> list[Problem]:
    problems = []
    coop = split_ids(cell)
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
    for flow in split_ids(cell):
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


def check_spellings(pkg: Package) -> list[Problem]:
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
            if (number, "spellings_ar") in table.not_text:
                continue  # not NFC (or not text): reported as such
            for spelling in split_ids(row["spellings_ar"]):
                if ("", spelling) not in occurs:
                    problems.append(Problem(table.file, number, "spellings_ar", spelling, "does not occur in any source text"))
    return problems


def check_genders(pkg: Package) -> list[Problem]:
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
