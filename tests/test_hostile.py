"""Hostile input: each case plants something an adversarial user would try — cells the loaders could not
read, problems by the thousand, broken descriptors, paths that leave the folder or name the network,
file-system states, misleading encodings and delimiters, control characters — and asserts the exact
problems reported (file, row, column, value, message). For every case ``check()`` returns (never raises),
``load()`` raises ``DataPackageError`` with the same problems (one run of ``load()``, which validates
first, shows both), no printed line holds a control character,
and no network connection is attempted. File names are relative to the copy (``.`` is the copy itself).
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from analysis.load import load
from analysis.paths import ROOT
from analysis.validate import DataPackageError, Problem, check
from analysis.validate import short as _short
from test_corpus import RAW, P, both, read_rows, set_cell, write_rows

Mutation = Callable[[Path], "Path | None"]  # may return another folder to check (default: the copy)


# --- mutations ------------------------------------------------------------------------------------

def descriptor(edit: Callable[[dict], None]) -> Mutation:
    """Edit datapackage.json as JSON."""
    def mutate(root: Path) -> None:
        d = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        edit(d)
        (root / "datapackage.json").write_text(json.dumps(d, ensure_ascii=True), encoding="utf-8")
    return mutate


def resource(name: str, edit: Callable[[dict], None]) -> Mutation:
    return descriptor(lambda d: edit(next(r for r in d["resources"] if r["name"] == name)))


def field(res: str, name: str, edit: Callable[[dict], None]) -> Mutation:
    return resource(res, lambda r: edit(next(f for f in r["schema"]["fields"] if f["name"] == name)))


def write_bytes(name: str, make: Callable[[bytes], bytes]) -> Mutation:
    def mutate(root: Path) -> None:
        (root / name).write_bytes(make((root / name).read_bytes()))
    return mutate


def replace_path(name: str, make: Callable[[Path], None]) -> Mutation:
    """Remove ``name`` and let ``make`` put something else there."""
    def mutate(root: Path) -> None:
        path = root / name
        path.unlink() if path.is_file() or path.is_symlink() else shutil.rmtree(path)
        make(path)
    return mutate


def append_rows(name: str, make: Callable[[list[str], list[str], int], list[str]], n: int) -> Mutation:
    """Append ``n`` rows made from the header and the last row."""
    def mutate(root: Path) -> None:
        rows = read_rows(root, name)
        write_rows(root, name, rows + [make(rows[0], list(rows[-1]), k) for k in range(n)])
    return mutate


def bad_char_start(header: list[str], last: list[str], k: int) -> list[str]:
    last[header.index("mention_id")] = f"M{1000 + k}"
    last[header.index("char_start")] = "x"
    return last


def outside(root: Path, name: str = "outside.csv") -> Path:
    """A readable file next to the copy (outside it): what a path leaving the folder would reach."""
    target = root.parent / name
    shutil.copy(root / "events.csv", target)
    return target


def symlink_out(root: Path) -> None:
    target = outside(root)
    (root / "events.csv").unlink()
    (root / "events.csv").symlink_to(target)


def delimited(delimiter: str) -> Mutation:
    def mutate(root: Path) -> None:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(read_rows(root, "events.csv"))
        (root / "events.csv").write_text(out.getvalue(), encoding="utf-8")
    return mutate


# --- the cases ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class H:
    name: str
    mutate: Mutation
    expected: list[P]


DESCRIPTOR = "datapackage.json"
AGENCY_ROW_3 = next(r for r in csv.reader(open(ROOT / "data" / "agencies.csv", encoding="utf-8")) if r[0] == "BCIJ")
NOT_ASCII = "digits other than ASCII 0-9 (Arabic-Indic digits?); write 0-9"
SCHEMA_ERROR = "the schemas cannot be checked: "

CASES: list[H] = [
    # cells the loaders could not read: the validator refuses them, with the reason
    H("arabic_indic_integer", set_cell("events.csv", "E02", "people_arrested", "٣"),
      [P("events.csv", 3, "people_arrested", "٣", f"not a valid integer: {NOT_ASCII}")]),
    H("underscore_integer", set_cell("events.csv", "E02", "people_arrested", "3_000"),
      [P("events.csv", 3, "people_arrested", "3_000", "not a valid integer: digit group separators")]),
    H("comma_grouped_integer", set_cell("events.csv", "E02", "people_arrested", "3,000"),
      [P("events.csv", 3, "people_arrested", "3,000", "not a valid integer: digit group separators")]),
    H("integer_of_26_digits", set_cell("events.csv", "E02", "people_arrested", "1" * 26),
      [P("events.csv", 3, "people_arrested", "1" * 26, "not a valid integer: too large (beyond ±9,223,372,036,854,775,807)")]),
    H("integer_just_past_int64", set_cell("events.csv", "E02", "people_killed", str(2**63)),
      [P("events.csv", 3, "people_killed", str(2**63), "not a valid integer: too large")]),
    H("integer_with_spaces", set_cell("events.csv", "E04", "people_arrested", " 4"),
      [P("events.csv", 5, "people_arrested", " 4", "not a valid integer: spaces around the value")]),
    H("integer_with_decimals", set_cell("events.csv", "E04", "people_arrested", "4.0"),
      [P("events.csv", 5, "people_arrested", "4.0", "not a valid integer")]),
    H("arabic_indic_latitude", set_cell("events.csv", "E02", "latitude", "٣٤.٩٢"),
      [P("events.csv", 3, "latitude", "٣٤.٩٢", f"not a valid number: {NOT_ASCII}")]),
    H("nan_latitude_reported_once", set_cell("events.csv", "E02", "latitude", "NaN"),
      [P("events.csv", 3, "latitude", "NaN", "not a number (NaN or infinity): leave the cell blank")]),
    H("infinite_longitude", set_cell("events.csv", "E02", "longitude", "-inf"),
      [P("events.csv", 3, "longitude", "-inf", "not a number (NaN or infinity)")]),
    H("exponent_latitude", set_cell("events.csv", "E02", "latitude", "3.492e1"),
      [P("events.csv", 3, "latitude", "3.492e1", "not a valid number")]),
    H("latitude_out_of_range_still_by_frictionless", set_cell("events.csv", "E02", "latitude", "134.92"),
      [P("events.csv", 3, "latitude", "134.92", "above the maximum 90")]),
    H("superscript_offset", set_cell("mentions.csv", "M02", "char_start", "²"),
      [P("mentions.csv", 3, "char_start", "²", f"not a valid integer: {NOT_ASCII}")]),
    H("arabic_indic_bytes", set_cell("sources.csv", "alaraby-2022-05-08", "bytes", "١١٨٨٩"),
      [P("sources.csv", 2, "bytes", "١١٨٨٩", f"not a valid integer: {NOT_ASCII}")]),
    H("year_0000", set_cell("events.csv", "E04", "date", "0000"),
      [P("events.csv", 5, "date", "0000", "not a valid date: year 0000 is outside 1678–2261")]),
    H("year_1500", set_cell("events.csv", "E01", "date", "1500-06"),
      [P("events.csv", 2, "date", "1500-06", "not a valid date: year 1500 is outside 1678–2261")]),
    H("published_in_year_1", set_cell("sources.csv", "alaraby-2022-05-08", "published", "0001-01-01"),
      [P("sources.csv", 2, "published", "0001-01-01", "not a valid date: year 0001 is outside 1678–2261")]),
    H("published_in_arabic_indic_digits", set_cell("sources.csv", "alaraby-2022-05-08", "published", "٢٠٢٢-٠٥-٠٨"),
      [P("sources.csv", 2, "published", "٢٠٢٢-٠٥-٠٨", "does not match the pattern [0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")]),
    H("published_in_basic_format", set_cell("sources.csv", "alaraby-2022-05-08", "published", "20220508"),
      [P("sources.csv", 2, "published", "20220508", "does not match the pattern [0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")]),
    H("generic_spelled_yes", set_cell("agencies.csv", "FBI", "generic", "yes"),
      [P("agencies.csv", 11, "generic", "yes", "not a valid boolean: write one of true, True, TRUE, 1, false")]),

    # every problem, however many
    H("1200_blank_rows", write_bytes("mentions.csv", lambda raw: raw + b"\n" * 1200),
      [P("mentions.csv", row, None, None, "blank row") for row in range(30, 1230)]),
    H("1200_duplicate_ids", append_rows("events.csv", lambda h, last, k: last, 1200),
      [P("events.csv", row, "event_id", "E22", "duplicate id: the same as row 22") for row in range(23, 1223)]),
    H("duplicate_id_names_the_first_row", append_rows("agencies.csv", lambda h, last, k: list(AGENCY_ROW_3), 1),
      [P("agencies.csv", 26, "agency_id", "BCIJ", "duplicate id: the same as row 3")]),
    H("1200_bad_integers", append_rows("mentions.csv", bad_char_start, 1200),
      [P("mentions.csv", row, "char_start", "x", "not a valid integer") for row in range(30, 1230)]),

    # descriptors Frictionless would raise on (or follow to the network)
    H("resource_without_schema", resource("events", lambda r: r.pop("schema")),
      [P(DESCRIPTOR, None, None, None, "resource 'events': no 'schema'")]),
    H("schema_as_url", resource("events", lambda r: r.update(schema="http://127.0.0.1:9/schema.json")),
      [P(DESCRIPTOR, None, None, "http://127.0.0.1:9/schema.json", "'schema' must be written out in datapackage.json as an object")]),
    H("path_as_list", resource("events", lambda r: r.update(path=["events.csv", "mentions.csv"])),
      [P(DESCRIPTOR, None, None, "['events.csv', 'mentions.csv']", "resource 'events': 'path' must be one relative file path")]),
    H("path_missing", resource("events", lambda r: r.pop("path")),
      [P(DESCRIPTOR, None, None, None, "resource 'events': 'path' must be one relative file path, given as a string")]),
    H("no_resources", descriptor(lambda d: d.update(resources=[])),
      [P(DESCRIPTOR, None, None, "[]", "'resources' must be a non-empty list")]),
    H("resources_as_string", descriptor(lambda d: d.update(resources="events.csv")),
      [P(DESCRIPTOR, None, None, "events.csv", "'resources' must be a non-empty list")]),
    H("resource_as_number", descriptor(lambda d: d["resources"].append(7)),
      [P(DESCRIPTOR, None, None, "7", "resource 9: must be an object with a 'name'")]),
    H("descriptor_is_a_list", write_bytes(DESCRIPTOR, lambda raw: b"[]"),
      [P(DESCRIPTOR, None, None, None, "must be a JSON object")]),
    H("deeply_nested_json", write_bytes(DESCRIPTOR, lambda raw: b'{"resources": ' + b"[" * 100_000),
      [P(DESCRIPTOR, None, None, None, "JSON nested too deeply to read")]),
    H("malformed_json", write_bytes(DESCRIPTOR, lambda raw: raw[:-3]),
      [P(DESCRIPTOR, None, None, None, "not a valid data package descriptor: malformed JSON at line")]),
    H("descriptor_not_utf8", write_bytes(DESCRIPTOR, lambda raw: raw.replace("–".encode(), b"\x96", 1)),
      [P(DESCRIPTOR, None, None, None, "not a valid data package descriptor: not UTF-8 (invalid byte at offset")]),
    H("field_name_with_unpaired_surrogate",
      write_bytes(DESCRIPTOR, lambda raw: raw.replace(b'"name": "notes"', b'"name": "\\udc80"', 1)),
      [P(DESCRIPTOR, None, None, "\udc80", "resource 'agencies': field 10 has a name with control characters or unpaired surrogates")]),
    H("field_declared_twice", resource("actors", lambda r: r["schema"]["fields"].append(dict(r["schema"]["fields"][0]))),
      [P(DESCRIPTOR, None, None, None, "resource 'actors': field 'actor_id' is declared twice")]),
    H("field_type_changed", field("events", "people_killed", lambda f: f.update(type="string", constraints={})),
      [P(DESCRIPTOR, None, None, None, "resource 'events': field 'people_killed' must have type 'integer', not 'string'")]),
    H("unknown_field_type", field("events", "notes", lambda f: f.update(type="foo")),
      [P(DESCRIPTOR, None, None, None, "resource 'events': field 'notes' must have type 'string', not 'foo'"),
       P(DESCRIPTOR, None, None, None, SCHEMA_ERROR + '[field-error] Field is not valid: field type "foo" is not supported')]),
    H("needed_resource_missing", descriptor(lambda d: d.update(resources=[r for r in d["resources"] if r["name"] != "actors"])),
      [P(DESCRIPTOR, None, None, None, "resource 'actors' is missing: the loaders need it")]),
    H("needed_field_missing", both(resource("events", lambda r: r["schema"]["fields"].pop()),
                                   lambda root: write_rows(root, "events.csv", [r[:-1] for r in read_rows(root, "events.csv")])),
      [P(DESCRIPTOR, None, None, None, "resource 'events': field 'notes_ar' is missing from the schema: the loaders need it")]),
    H("primary_key_dropped", resource("mentions", lambda r: r["schema"].pop("primaryKey")),
      [P(DESCRIPTOR, None, None, None, "resource 'mentions': the primary key must be 'mention_id'")]),
    H("foreign_keys_malformed", resource("mentions", lambda r: r["schema"].update(foreignKeys="events")),
      [P(DESCRIPTOR, None, None, "events", "resource 'mentions': schema 'foreignKeys' is not well formed")]),
    H("resource_name_twice", descriptor(lambda d: d["resources"].append(dict(d["resources"][0]))),
      [P(DESCRIPTOR, None, None, None, "resource 'sources': the name is used twice")]),

    # nothing outside the folder, nothing from the network
    H("path_is_a_url", resource("events", lambda r: r.update(path="http://127.0.0.1:9/events.csv")),
      [P(DESCRIPTOR, None, None, "http://127.0.0.1:9/events.csv", "'path' is a URL: only files inside the data package folder are read")]),
    H("path_is_a_file_url", resource("events", lambda r: r.update(path="file:///etc/passwd")),
      [P(DESCRIPTOR, None, None, "file:///etc/passwd", "'path' is a URL")]),
    H("path_leaves_the_folder", both(lambda root: outside(root) and None, resource("events", lambda r: r.update(path="../outside.csv"))),
      [P(DESCRIPTOR, None, None, "../outside.csv", "'path' leaves the data package folder ('..')")]),
    H("path_is_absolute", both(lambda root: outside(root) and None,
                               lambda root: resource("events", lambda r: r.update(path=str(root.parent / "outside.csv")))(root)),
      [P(DESCRIPTOR, None, None, "<abs>", "'path' is an absolute path")]),
    H("symlink_leaves_the_folder", symlink_out,
      [P(DESCRIPTOR, None, None, "events.csv", "'path' leads outside the data package folder (a symbolic link?)")]),
    H("source_path_leaves_the_folder", set_cell("sources.csv", "alaraby-2022-05-08", "path", "../" + RAW),
      [P("sources.csv", 2, "path", "../" + RAW, "must be a file inside the data folder: the path leaves the data package folder")]),
    H("source_path_is_a_url", set_cell("sources.csv", "alaraby-2022-05-08", "path", "https://www.alaraby.co.uk/x"),
      [P("sources.csv", 2, "path", "https://www.alaraby.co.uk/x", "the path is a URL")]),

    # file-system states
    H("data_path_is_a_file", lambda root: root / "events.csv",
      [P("events.csv", None, None, None, "is a file, not a data package folder")]),
    H("data_folder_does_not_exist", lambda root: root / "nowhere",
      [P("nowhere", None, None, None, "folder not found: not a data package folder")]),
    H("no_descriptor", lambda root: (root / DESCRIPTOR).unlink(),
      [P(DESCRIPTOR, None, None, None, "file not found: not a data package folder")]),
    H("descriptor_is_a_folder", replace_path(DESCRIPTOR, lambda p: p.mkdir()),
      [P(DESCRIPTOR, None, None, None, "is a folder, not a file")]),
    H("table_is_a_folder", replace_path("actors.csv", lambda p: p.mkdir()),
      [P("actors.csv", None, None, None, "is a folder, not a file")]),
    H("table_is_a_pipe", replace_path("actors.csv", lambda p: os.mkfifo(p)),
      [P("actors.csv", None, None, None, "is not a regular file (a pipe or a device?): not read")]),
    H("table_missing", replace_path("actors.csv", lambda p: None),
      [P("actors.csv", None, None, None, "file not found (listed in datapackage.json)")]),
    H("raw_source_missing", replace_path(RAW, lambda p: None),
      [P("sources.csv", 2, "path", RAW, "source file not found")]),

    # content that used to mislead
    H("semicolon_delimited", delimited(";"),
      [P("events.csv", 1, None, None, "cells are separated by ';', not commas")]),
    H("tab_delimited", delimited("\t"),
      [P("events.csv", 1, None, None, "cells are separated by tabs, not commas")]),
    H("one_row_resaved_with_semicolons", lambda root: None if (root / "actors.csv").write_bytes(
        (root / "actors.csv").read_bytes().replace(b"AQIM,Al-Qaeda in the Islamic Maghreb,", b"AQIM;Al-Qaeda in the Islamic Maghreb;")
        .replace("الإسلامي,القاعدة".encode(), "الإسلامي;القاعدة".encode()).replace("الإسلامي,armed".encode(), "الإسلامي;armed".encode())) else None,
      [P("actors.csv", 3, None, None, "row has 1 cells, fewer than the header's 5 (its cells are separated by ';', not commas)"),
       # and what follows from it, truly: the whole line is one id, so AQIM is not an actor
       P("actors.csv", 3, "actor_id", "AQIM;Al-Qaeda in the Islamic Maghreb;القاعدة في بلاد المغرب الإسلامي;"
                                      "القاعدة في بلاد المغرب الإسلامي;armed_group", "does not match the pattern"),
       P("events.csv", 12, "actors", "AQIM", "refers to nothing: no such id in actors.csv"),
       P("claims.csv", 48, "record_value", "AQIM", "refers to nothing: no such id in actors.csv")]),  # C47, E12's groups
    H("huge_list_of_repeated_ids_in_one_cell", set_cell("events.csv", "E02", "agencies", ";".join(["DGST"] * 60_000)),
      [P("events.csv", 3, "agencies", "DGST", "listed twice")]),
    H("utf16_with_bom", write_bytes("events.csv", lambda raw: raw.decode().encode("utf-16")),
      [P("events.csv", None, None, None, "the file is UTF-16 (byte-order mark), not UTF-8: re-save it as UTF-8")]),
    H("utf16_without_bom", write_bytes("events.csv", lambda raw: raw.decode().encode("utf-16-le")),
      [P("events.csv", None, None, None, "the file is UTF-16 (NUL bytes between the characters)")]),
    H("one_damaged_byte", write_bytes("events.csv", lambda raw: raw.replace("قتل".encode(), b"\xd9", 1)),
      [P("events.csv", 4, None, "0xD9", "not UTF-8: invalid byte at line 4, byte 173 (1 line(s) affected); the rest is "
                                       "valid UTF-8 (1 invalid sequence(s)): a damaged file")]),
    H("cell_over_131072_characters_is_fine", set_cell("events.csv", "E02", "notes", "x" * 200_000), []),

    # text from the data reaches the terminal escaped
    H("escape_sequence_in_a_cell", set_cell("events.csv", "E06", "flows", "\x1b[2J\x07DGST>FBI"),
      [P("events.csv", 7, "flows", "\x1b[2J\x07DGST>FBI", "does not match the pattern"),
       P("events.csv", 7, "flows", "\x1b[2J\x07DGST>FBI", "contains a control character (U+001B): not text"),
       P("events.csv", 7, "flows", "\x1b[2J\x07DGST>FBI", "\x1b[2J\x07DGST is not among the event's agencies")]),
    H("c1_control_and_bidi_override_in_a_cell", set_cell("agencies.csv", "FBI", "spellings_ar", "مكتب\x9b31m\u202eX"),
       [P("agencies.csv", 11, "spellings_ar", "مكتب\x9b31m\u202eX", "contains a control character (U+009B)"),
       P("agencies.csv", 11, "spellings_ar", "مكتب\x9b31m\u202eX", "contains a bidirectional override or "
                                                                   "embedding (U+202E RIGHT-TO-LEFT OVERRIDE)")]),
    # The bytes are written as they are: Python 3.13's csv.writer quotes a lone \r (3.11 and 3.12 do not), which
    # would make it a quoted cell, not the line break a spreadsheet or an editor leaves.
    H("carriage_return_in_a_cell_is_a_line_break",
      write_bytes("actors.csv", lambda raw: raw.replace(b"\nAQIM,Al-Qaeda in the Islamic Maghreb,",
                                                         b"\nAQIM,Al-Qaeda\rX,", 1)),
      [P("actors.csv", 3, None, None, "row has 2 cells, fewer than the header's 5"),
       P("actors.csv", 4, None, None, "row has 4 cells, fewer than the header's 5")]),
    # addresses that try to pass for a public page
    H("address_with_a_userinfo_before_a_bare_ip", set_cell("sources.csv", "yabiladi-berkane-2022", "url",
                                                           "https://www.yabiladi.com@198.51.100.4/articles/127139"),
      [P("sources.csv", 3, "url", "https://www.yabiladi.com@198.51.100.4/articles/127139", "a bare IP address")]),
    H("address_at_a_bare_ipv6", set_cell("sources.csv", "yabiladi-berkane-2022", "url", "http://[2001:db8::7]/articles/127139"),
      [P("sources.csv", 3, "url", "http://[2001:db8::7]/articles/127139", "a bare IP address")]),
    H("address_at_a_cdn_in_capitals_with_a_final_dot", set_cell("sources.csv", "yabiladi-berkane-2022", "url",
                                                               "https://D1ABCD.CLOUDFRONT.NET./articles/127139"),
      [P("sources.csv", 3, "url", "https://D1ABCD.CLOUDFRONT.NET./articles/127139", "(cloudfront.net), not the page's public address")]),
    H("address_tracking_parameter_in_capitals_without_a_value", set_cell("sources.csv", "yabiladi-berkane-2022", "url",
                                                                        "https://www.yabiladi.com/articles/127139?id=4&UTM_Campaign"),
      [P("sources.csv", 3, "url", "https://www.yabiladi.com/articles/127139?id=4&UTM_Campaign", "tracking parameter UTM_Campaign")]),
    H("address_with_a_broken_ipv6_host", set_cell("sources.csv", "yabiladi-berkane-2022", "url", "https://[yabiladi.com/articles"),
      [P("sources.csv", 3, "url", "https://[yabiladi.com/articles", "not a web address")]),
    H("address_whose_name_only_contains_a_cdn_name", set_cell("sources.csv", "yabiladi-berkane-2022", "url",
                                                             "https://cloudfront.net.example.org/articles/127139"), []),
    H("control_characters_in_a_column_name", write_bytes("actors.csv", lambda raw: raw.replace(b"kind\n", b"kind,\x1b[8m\n", 1)),
      [P("actors.csv", 1, "\x1b[8m", None, "unexpected column")]
      + [P("actors.csv", row, None, None, "row has 5 cells, fewer than the header's 6") for row in range(2, 6)]),
]



def constraint(res: str, name: str, key: str, value: object = None) -> Mutation:
    """Drop (``value`` None) or replace one constraint of one field in the descriptor."""
    def edit(f: dict) -> None:
        constraints = f.setdefault("constraints", {})
        constraints.pop(key, None) if value is None else constraints.update({key: value})
    return field(res, name, edit)


def no_foreign_keys(res: str) -> Mutation:
    return resource(res, lambda r: r["schema"].pop("foreignKeys"))


def retire(res: str, ids: object) -> Mutation:
    return resource(res, lambda r: r.update(retiredIds=ids))


VERDICTS = "['confirmed', 'partly', 'contradicted', 'unverified', 'not_stated']"
NFD_SUMMARY = unicodedata.normalize("NFD", "إحباط مخطط إرهابي في المغرب.")
# Every claim of E22 follows it when it is renamed (read from the data: the re-checked claims added some).
CLAIMS_OF_E22 = [r["claim_id"] for r in csv.DictReader(open(ROOT / "data" / "claims.csv", encoding="utf-8"))
                 if r["event_id"] == "E22"]
NFD_QUOTE_M02 = unicodedata.normalize("NFD", next(r for r in csv.DictReader(open(ROOT / "data" / "mentions.csv", encoding="utf-8"))
                                                  if r["mention_id"] == "M02")["quote"])

CASES += [
    # the code's own contract: whatever a copy's descriptor relaxes, what the pages rely on is checked
    H("mention_of_a_missing_event_without_foreign_keys",
      both(no_foreign_keys("mentions"), set_cell("mentions.csv", "M05", "event_id", "E99")),
      [P("mentions.csv", 6, "event_id", "E99", "refers to nothing: no such id in events.csv")]),
    H("event_type_unknown_without_foreign_keys",
      both(no_foreign_keys("events"), set_cell("events.csv", "E02", "event_type", "riot")),
      [P("events.csv", 3, "event_type", "riot", "refers to nothing: no such id in event_types.csv")]),
    H("claim_of_a_missing_event_without_foreign_keys",
      both(no_foreign_keys("claims"), set_cell("claims.csv", "C17", "event_id", "E99")),
      [P("claims.csv", 18, "event_id", "E99", "refers to nothing: no such id in events.csv")]),
    H("verdict_maybe_with_the_enum_dropped",
      both(constraint("claims", "verdict", "enum"), set_cell("claims.csv", "C17", "verdict", "maybe")),
      [P("claims.csv", 18, "verdict", "maybe", f"not one of the allowed values {VERDICTS}")]),
    H("verdict_maybe_with_the_enum_widened",
      both(constraint("claims", "verdict", "enum", ["confirmed", "partly", "contradicted", "unverified", "not_stated",
                                                    "maybe"]), set_cell("claims.csv", "C17", "verdict", "maybe")),
      [P("claims.csv", 18, "verdict", "maybe", f"not one of the allowed values {VERDICTS}")]),
    H("category_other_with_the_enum_dropped",
      both(constraint("event_types", "category", "enum"), set_cell("event_types.csv", "arrest", "category", "other")),
      [P("event_types.csv", 2, "category", "other", "not one of the allowed values ['incident', 'cooperation']")]),
    H("status_with_the_enum_dropped",
      both(constraint("events", "status", "enum"), set_cell("events.csv", "E02", "status", "rumoured")),
      [P("events.csv", 3, "status", "rumoured", "not one of the allowed values ['occurred', 'scheduled', 'ongoing']")]),
    H("country_pattern_dropped",
      both(constraint("agencies", "country", "pattern"), set_cell("agencies.csv", "FBI", "country", "USA")),
      [P("agencies.csv", 11, "country", "USA", "does not match the pattern [A-Z]{2}")]),
    H("javascript_url_with_the_pattern_dropped",
      both(constraint("sources", "url", "pattern"),
           set_cell("sources.csv", "yabiladi-berkane-2022", "url", "javascript:alert(1)")),
      [P("sources.csv", 3, "url", "javascript:alert(1)", "does not match the pattern https?://[^\\s]+")]),
    H("required_dropped_and_summary_blank",
      both(constraint("events", "summary_en", "required"), set_cell("events.csv", "E05", "summary_en", "")),
      [P("events.csv", 6, "summary_en", None, "required value is missing")]),
    H("minimum_dropped_and_count_negative",
      both(constraint("events", "people_killed", "minimum"), set_cell("events.csv", "E03", "people_killed", "-2")),
      [P("events.csv", 4, "people_killed", "-2", "below the minimum 0")]),  # (its claim is not blamed for it)

    # text from the data is plain text: what is not text is refused where it is typed
    H("nul_in_a_summary", set_cell("events.csv", "E02", "summary_en", "Arrest\x00 in Berkane"),
      [P("events.csv", 3, "summary_en", "Arrest\x00 in Berkane", "contains a control character (U+0000)")]),
    H("bell_and_escape_in_notes", set_cell("events.csv", "E02", "notes", "\x07\x1b[31mred"),
      [P("events.csv", 3, "notes", "\x07\x1b[31mred", "contains a control character (U+0007)")]),
    H("form_feed_in_a_label", set_cell("agencies.csv", "FBI", "label_en", "F\x0cBI"),
      [P("agencies.csv", 11, "label_en", "F\x0cBI", "contains a control character (U+000C)")]),
    H("vertical_tab_in_a_title", set_cell("sources.csv", "yabiladi-berkane-2022", "title_en", "A\x0btitle"),
      [P("sources.csv", 3, "title_en", "A\x0btitle", "contains a control character (U+000B)")]),
    H("next_line_c1_in_a_note", set_cell("claims.csv", "C17", "note_en", "x\x85y"),
      [P("claims.csv", 18, "note_en", "x\x85y", "contains a control character (U+0085)")]),
    H("noncharacter_uffff_in_a_summary", set_cell("events.csv", "E02", "summary_ar", "قبض\uffff"),
      [P("events.csv", 3, "summary_ar", "قبض\uffff", "contains a noncharacter (U+FFFF)")]),
    H("noncharacter_ufffe_in_a_place", set_cell("events.csv", "E02", "location", "Berkane\ufffe"),
      [P("events.csv", 3, "location", "Berkane\ufffe", "contains a noncharacter (U+FFFE)")]),
    H("right_to_left_override_in_a_summary", set_cell("events.csv", "E02", "summary_en", "Arrest \u202eenakreB"),
      [P("events.csv", 3, "summary_en", "Arrest \u202eenakreB", "contains a bidirectional override or embedding "
                                                                "(U+202E RIGHT-TO-LEFT OVERRIDE)")]),
    H("left_to_right_embedding_in_a_name", set_cell("actors.csv", "AQIM", "name_en", "\u202aAQIM\u202c"),
      [P("actors.csv", 3, "name_en", "\u202aAQIM\u202c", "contains a bidirectional override or embedding (U+202A")]),
    H("unbalanced_isolate_in_a_summary", set_cell("events.csv", "E02", "summary_ar", "\u2067قبض على شخص"),
      [P("events.csv", 3, "summary_ar", "\u2067قبض على شخص", "has an unbalanced bidirectional isolate")]),
    H("balanced_isolate_is_text", set_cell("events.csv", "E02", "summary_ar", "قبض على شخص في \u2066Berkane\u2069."), []),
    H("summary_of_spaces", set_cell("events.csv", "E02", "summary_en", "   "),
      [P("events.csv", 3, "summary_en", "   ", "has no visible text (only spaces or invisible characters)")]),
    H("summary_of_a_zero_width_space", set_cell("events.csv", "E02", "summary_ar", "\u200b"),
      [P("events.csv", 3, "summary_ar", "\u200b", "has no visible text")]),
    H("label_of_a_lone_combining_mark", set_cell("agencies.csv", "FBI", "label_ar", "\u064e"),
      [P("agencies.csv", 11, "label_ar", "\u064e", "has no visible text")]),
    H("summary_in_nfd", set_cell("events.csv", "E04", "summary_ar", NFD_SUMMARY),
      [P("events.csv", 5, "summary_ar", NFD_SUMMARY, "is not in Unicode NFC: it is in NFD (decomposed")]),
    H("quote_in_nfd_is_named_as_such", set_cell("mentions.csv", "M02", "quote", NFD_QUOTE_M02),
      [P("mentions.csv", 3, "quote", NFD_QUOTE_M02, "is not in Unicode NFC: it is in NFD")]),

    # ids are never reused: the retired ones are recorded in the package
    H("retired_event_id_reused",
      both(set_cell("events.csv", "E22", "event_id", "E07"), set_cell("mentions.csv", "M31", "event_id", "E07"),
           *(set_cell("claims.csv", claim, "event_id", "E07") for claim in CLAIMS_OF_E22)),
      [P("events.csv", 22, "event_id", "E07", "a retired id (datapackage.json, resource 'events', retiredIds)")]),
    H("retired_mention_id_reused", set_cell("mentions.csv", "M31", "mention_id", "M12"),
      [P("mentions.csv", 29, "mention_id", "M12", "a retired id (datapackage.json, resource 'mentions', retiredIds)")]),
    H("retired_ids_not_a_list", retire("events", "E07"),
      [P(DESCRIPTOR, None, None, "E07", "resource 'events': 'retiredIds' must be a list of ids")]),
]


# --- the harness ----------------------------------------------------------------------------------

@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    """Records (and refuses) every attempt to open a network connection."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise OSError("network access refused by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def _name(problem: Problem, root: Path) -> str:
    path = Path(problem.file)
    path = Path(os.path.abspath(path if path.is_absolute() else Path.cwd() / path))
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def assert_problems(problems: list[Problem], root: Path, expected: list[P]) -> None:
    """Exactly the expected problems: same file, row, column, value; message contains the expected text."""
    actual = sorted(((_name(p, root), p.row, p.column or "", p.value or ""), p.message) for p in problems)
    wanted = sorted(((e.file, e.row, e.column or "", e.value or ""), e.message) for e in expected)
    listing = "\n".join(map(str, problems[:20]))
    assert [a[0] for a in actual] == [w[0] for w in wanted], f"{len(problems)} reported:\n{listing}"
    for (where, message), (_, part) in zip(actual, wanted):
        assert part in message, f"{where}: {message!r} lacks {part!r}"


def assert_printable(problems: list[Problem]) -> None:
    for line in map(str, problems):
        assert not any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in line), repr(line)
        line.encode("utf-8")  # writable to any UTF-8 terminal


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_hostile(case: H, package_copy: Path, no_network: list[str]):
    root = case.mutate(package_copy) or package_copy
    absolute = _short(str(package_copy.parent / "outside.csv"), 80)  # descriptor values are shortened to 80
    expected = [P(e.file, e.row, e.column, absolute if e.value == "<abs>" else e.value, e.message) for e in case.expected]
    # load() validates first: one run shows that check() returned (never raised), what it reported, and
    # that load() raises DataPackageError carrying exactly those problems (or loads, when none is expected).
    try:
        load(root)
        problems: list[Problem] = []
    except DataPackageError as exc:
        problems = exc.problems
    assert_problems(problems, package_copy, expected)
    assert_printable(problems)
    assert no_network == []


def test_enough_hostile_cases():
    assert len(CASES) >= 60 and len({c.name for c in CASES}) == len(CASES)


def test_unreadable_file_is_reported(package_copy: Path, monkeypatch):
    """chmod 000 as seen by a non-root user, simulated: reading events.csv raises PermissionError."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "events.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert_problems(check(package_copy).problems, package_copy,
                    [P("events.csv", None, None, None, "cannot be read: permission denied")])


def _as_nobody() -> list[str] | None:
    """The command prefix that runs as 'nobody', when the tests run as root and 'nobody' can import the
    project (a checkout inside a private folder, such as a mktemp directory, it cannot)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import analysis.validate"], cwd="/", capture_output=True,
                           timeout=120, env={k: v for k, v in os.environ.items() if k != "ANALYSIS_DATA_DIR"} | {"HOME": "/tmp"})
    return prefix if probe.returncode == 0 else None


@pytest.mark.parametrize("target", ["events.csv", "."])
def test_chmod_000_as_a_non_root_user(target: str):
    """The real thing, where the tests run as root: the CLI run as 'nobody' on a copy with a file (or the
    whole folder) chmod 000 reports one problem, exit 1, no traceback."""
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("needs root, setpriv, and a checkout that the user 'nobody' can read")
    from analysis.paths import DATA
    base = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        os.chmod(base, 0o755)
        root = base / "data"
        shutil.copytree(DATA, root)
        for path in [root, *root.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(root / target, 0o000)
        env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_DATA_DIR"} | {"HOME": str(base), "MPLCONFIGDIR": str(base)}
        result = subprocess.run([*prefix, sys.executable, "-m", "analysis", "validate", str(root)], cwd=base, env=env,
                                capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert result.returncode == 1, result.stdout + result.stderr
        assert result.stdout.splitlines() == [f"{Path('data', target)}: cannot be read: permission denied"]
        assert result.stderr.strip() == "invalid: 1 problem(s)"
    finally:
        os.chmod(root / target, 0o755)
        shutil.rmtree(base)


def test_cli_escapes_control_characters(package_copy: Path):
    """The terminal sees escapes, never the bytes: ESC, BEL, CR and C1 controls from a cell and a header."""
    both(set_cell("events.csv", "E06", "flows", "\x1b[2J\x07DGST>FBI"),
         set_cell("agencies.csv", "FBI", "spellings_ar", "مكتب\x9b31m\u202eX"))(package_copy)
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_DATA_DIR"}
    result = subprocess.run([sys.executable, "-m", "analysis", "validate", str(package_copy)], cwd=ROOT, env=env,
                            capture_output=True, timeout=120)
    assert result.returncode == 1
    out = result.stdout.decode("utf-8")
    assert "\\x1b[2J\\x07DGST" in out and "مكتب\\x9b31m\\u202eX" in out
    assert not any(unicodedata.category(ch) == "Cc" for ch in out.replace("\n", ""))
    assert b"Traceback" not in result.stderr


def test_the_network_guard_sees_frictionless_reach_out(no_network: list[str]):
    """The control for ``no_network``: Frictionless given a URL itself does try to connect, and the guard sees
    it — so the cases above, where nothing tried, show that the validator never hands it one."""
    from frictionless import Resource

    Resource("http://127.0.0.1:9/events.csv").validate()
    assert no_network


def test_cli_ends_in_one_line_even_on_a_bug_or_ctrl_c(monkeypatch, capsys):
    """The last line of defence: an unexpected exception in check() (a bug) or Ctrl-C ends in one line."""
    import analysis.validate as validate

    def boom(root):
        raise RuntimeError("planted \x1b[2J")

    monkeypatch.setattr(validate, "check", boom)
    assert validate.main(["somewhere"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["validate: internal error (RuntimeError: planted \\x1b[2J): a bug in analysis/validate/; "
                                "please report it with the package that caused it"]

    def interrupt(root):
        raise KeyboardInterrupt

    monkeypatch.setattr(validate, "check", interrupt)
    assert validate.main(["somewhere"]) == 130
    assert capsys.readouterr().err == "validate: interrupted\n"
