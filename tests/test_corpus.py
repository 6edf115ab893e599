"""A corpus of deliberately broken packages: each is a copy of the real package with one planted problem
(or two, where the point is that both are reported). The validator must report exactly the planted
problem(s), each at the right file, row, column and value with the right message, and nothing else;
``load()`` must refuse the same package with the same problems; the CLI prints one line per problem.

Rows are numbered as in the validator: row 1 is the header, so event E01 is row 2 of events.csv.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from analysis.load import load
from analysis.paths import DATA, ROOT
from analysis.validate import DataPackageError, Problem, check

RAW = "raw/alaraby-2022-05-08-morocco-us-security-cooperation.txt"
RAW_SHA256 = "ea6df0b1734b974be2f0ac05fb0f52c64b90ee14ee499a02625557055622f793"


# --- mutations: small, explicit edits of a copied package -----------------------------------------

def read_rows(root: Path, name: str) -> list[list[str]]:
    with open(root / name, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(root: Path, name: str, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)  # reproduces the real files byte for byte
    (root / name).write_bytes(out.getvalue().encode("utf-8"))


def set_cell(name: str, key: str, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell of the row whose first cell is ``key``."""
    def mutate(root: Path) -> None:
        rows = read_rows(root, name)
        column_index = rows[0].index(column)
        matches = [row for row in rows[1:] if row[0] == key]
        assert len(matches) == 1, f"{key} not found once in {name}"
        assert matches[0][column_index] != value, "the mutation must change something"
        matches[0][column_index] = value
        write_rows(root, name, rows)
    return mutate


def drop_row(name: str, key: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        rows = read_rows(root, name)
        kept = [row for row in rows if row[0] != key]
        assert len(kept) == len(rows) - 1
        write_rows(root, name, kept)
    return mutate


def drop_column(name: str, column: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        rows = read_rows(root, name)
        i = rows[0].index(column)
        write_rows(root, name, [row[:i] + row[i + 1:] for row in rows])
    return mutate


def add_column(name: str, column: str, value: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        rows = read_rows(root, name)
        write_rows(root, name, [rows[0] + [column]] + [row + [value] for row in rows[1:]])
    return mutate


def duplicate_last_row(name: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        rows = read_rows(root, name)
        write_rows(root, name, rows + [list(rows[-1])])
    return mutate


def cut_line(name: str, line: int, after: str) -> Callable[[Path], None]:
    """Cut physical line ``line`` (1 = header) just after the first occurrence of ``after``.

    Cutting the last line also drops the file's final newline, as a truncated file would.
    """
    def mutate(root: Path) -> None:
        text = (root / name).read_bytes().decode("utf-8")
        lines = text.split("\n")
        assert lines[-1] == ""
        at = lines[line - 1].index(after) + len(after)
        assert at < len(lines[line - 1]), "the cut must fall inside the line"
        lines[line - 1] = lines[line - 1][:at]
        if line == len(lines) - 1:
            lines.pop()
        (root / name).write_bytes("\n".join(lines).encode("utf-8"))
    return mutate


def insert_blank_line(name: str, before_line: int) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        lines = (root / name).read_bytes().decode("utf-8").split("\n")
        lines.insert(before_line - 1, "")
        (root / name).write_bytes("\n".join(lines).encode("utf-8"))
    return mutate


def empty_file(name: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / name).write_bytes(b"")
    return mutate


def save_as_cp1256(name: str) -> Callable[[Path], None]:
    """What Excel on an Arabic Windows does with 'Save as CSV'."""
    def mutate(root: Path) -> None:
        text = (root / name).read_bytes().decode("utf-8")
        (root / name).write_bytes(text.encode("cp1256"))
    return mutate


def replace_in_raw(old: str, new: str) -> Callable[[Path], None]:
    """Change the raw article of the copy (same length, so only the checksum can tell)."""
    def mutate(root: Path) -> None:
        path = root / RAW
        text = path.read_bytes().decode("utf-8")
        assert text.count(old) == 1 and len(old.encode()) == len(new.encode()) and len(old) == len(new)
        path.write_bytes(text.replace(old, new).encode("utf-8"))
    return mutate


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    """Apply in order; put csv-level edits before a ``cut_line`` (a cut-off quote would swallow later rows)."""
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)
    return mutate


# --- the corpus -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class P:
    """An expected problem: file name, row, column, value, and a substring of the message."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[Path], None]
    expected: list[P]


def _claim_rows() -> dict[tuple[str, str], int]:
    rows = read_rows(DATA, "claims.csv")
    event, field = rows[0].index("event_id"), rows[0].index("field")
    return {(r[event], r[field]): number for number, r in enumerate(rows[1:], start=2) if r[field] != "other"}


CLAIM_ROWS = _claim_rows()


def out_of_step(event: str, field: str, value: str, now: str) -> P:
    """The claim on ``field`` of ``event`` still quotes ``value`` while events.csv now says ``now``."""
    return P("claims.csv", CLAIM_ROWS[(event, field)], "article_value", value,
             f"out of step with events.csv: {event}'s {field} is {now!r}")


M18_QUOTE = "لقيادته المنتدى العالمي لمكافحة الإرهاب"
CHANGED_RAW_SHA256 = "7532a90ee6b909f408e683da7295ecc9037d853b3fa51cfc675f910cfe54d13c"
COOPERATION_PATTERN = "[a-z_]+(@(MA>US|US>MA|mutual))?(;[a-z_]+(@(MA>US|US>MA|mutual))?)*"

CASES = [
    Case("unknown_agency_id",
         set_cell("events.csv", "E02", "agencies", "MA_SECURITY;NSA"),
         [P("events.csv", 3, "agencies", "NSA", "refers to nothing: no such id in agencies.csv"),]),
    Case("impossible_date",
         set_cell("events.csv", "E04", "date", "2022-02-30"),
         [P("events.csv", 5, "date", "2022-02-30", "not a valid date: day is out of range for month"),]),
    Case("precision_disagrees_with_date",
         set_cell("events.csv", "E01", "date_precision", "day"),
         [P("events.csv", 2, "date_precision", "day", "disagrees with the date '2021-06', which has month precision")]),
    Case("duplicate_event_id",
         duplicate_last_row("events.csv"),
         [P("events.csv", 23, "event_id", "E22", "duplicate id: the same as row 22")]),
    Case("quote_not_at_offsets",
         both(set_cell("mentions.csv", "M18", "char_start", "3747"), set_cell("mentions.csv", "M18", "char_end", "3786")),
         [P("mentions.csv", 16, "quote", M18_QUOTE[:40], "quote is not at its offsets 3747–3786: the source there reads "
                                                         "'قيادته المنتدى العالمي لمكافحة الإرهاب '; the quote occurs at 3746–3785")]),
    Case("offset_past_end_of_text",
         set_cell("mentions.csv", "M31", "char_end", "6600"),
         [P("mentions.csv", 29, "char_end", "6600", "offset past the end of the source (6505 code points)")]),
    Case("missing_column",
         drop_column("events.csv", "summary_en"),  # a required column: no 'required value' for each row
         [P("events.csv", 1, "summary_en", None, "required column is missing from the header")]),
    Case("missing_key_column",
         drop_column("mentions.csv", "event_id"),  # not 22 'event has no mention' on top
         [P("mentions.csv", 1, "event_id", None, "required column is missing from the header")]),
    Case("unexpected_column",
         add_column("events.csv", "confidence", "high"),
         [P("events.csv", 1, "confidence", None, "unexpected column: not in the schema (datapackage.json)")]),
    Case("foreign_key_to_nothing",
         set_cell("mentions.csv", "M05", "event_id", "E99"),  # E02 keeps its other mentions
         [P("mentions.csv", 6, "event_id", "E99", "refers to nothing: no such id in events.csv")]),
    Case("empty_file",
         empty_file("events.csv"),  # and no 'refers to nothing' for each mention
         [P("events.csv", None, None, None, "file is empty: expected a header row and data rows")]),
    Case("saved_as_windows_1256",
         save_as_cp1256("agencies.csv"),
         [P("agencies.csv", 2, None, "0xC7", "line(s) affected); it decodes as Windows-1256 (Arabic Windows): re-save it as UTF-8")]),
    Case("truncated_last_row_in_quoted_cell",
         cut_line("events.csv", 22, '"Joint training'),  # E22 stays an event: its mention M31 is not orphaned
         [P("events.csv", 22, None, None, "malformed CSV row (unexpected end of data): an unterminated quote")]),
    Case("truncated_last_row",
         cut_line("mentions.csv", 29, "ركيين، بال"),
         [P("mentions.csv", 29, None, None, "row has 7 cells, fewer than the header's 10 (truncated row or stray delimiter?)")]),
    Case("problem_after_a_cut_off_quoted_row",
         both(set_cell("events.csv", "E05", "date", "2021-12-17"), cut_line("events.csv", 4, '"Killing of two')),
         [P("events.csv", 4, None, None, "malformed CSV row (unexpected end of data)"),
          P("events.csv", 6, "date", "2021-12-17", "disagrees with date_text '18 ديسمبر/كانون الأول الماضي', "
                                                   "which resolves to 2021-12-18"),]),
    Case("problem_after_a_cut_off_row",
         both(set_cell("mentions.csv", "M31", "char_end", "6600"), cut_line("mentions.csv", 11, "2668,28")),
         [P("mentions.csv", 11, None, None, "row has 5 cells, fewer than the header's 10"),
          P("mentions.csv", 29, "char_end", "6600", "offset past the end of the source")]),
    Case("blank_line_in_the_middle",
         insert_blank_line("mentions.csv", 6),
         [P("mentions.csv", 6, None, None, "blank row")]),
    Case("raw_file_changed",
         replace_in_raw("+ الخط -", "+ الخط +"),  # the page's font-size control: no quote or date there
         [P("sources.csv", 2, "sha256", RAW_SHA256,
            f"checksum mismatch: the raw file's sha256 is {CHANGED_RAW_SHA256} (raw data must never change)")]),
    Case("event_without_mention",
         drop_row("mentions.csv", "M03"),
         [P("events.csv", 4, "event_id", "E03", "event has no mention in mentions.csv")]),
    Case("date_text_resolves_to_another_date",
         set_cell("events.csv", "E04", "date", "2022-03-25"),
         [P("events.csv", 5, "date", "2022-03-25",
            "disagrees with date_text '26 مارس/آذار الماضي', which resolves to 2022-03-26"),]),
    Case("unknown_cooperation_type",
         set_cell("events.csv", "E02", "cooperation_types", "sharing"),
         [P("events.csv", 3, "cooperation_types", "sharing", "refers to nothing: no such id in cooperation_types.csv")]),
    Case("bad_direction",  # caught twice, by the schema pattern and by the hand check: both are reported
         set_cell("events.csv", "E06", "cooperation_types", "intel_sharing@MA<US"),
         [P("events.csv", 7, "cooperation_types", "intel_sharing@MA<US", "direction must be one of MA>US, US>MA, mutual"),
          P("events.csv", 7, "cooperation_types", "intel_sharing@MA<US", f"does not match the pattern {COOPERATION_PATTERN}")]),
    Case("flow_names_agency_not_in_event",
         set_cell("events.csv", "E06", "flows", "DGST>FBI;DGST>DEA"),
         [P("events.csv", 7, "flows", "DGST>DEA", "DEA is not among the event's agencies")]),
    Case("people_arrested_negative",
         set_cell("events.csv", "E02", "people_arrested", "-1"),
         [P("events.csv", 3, "people_arrested", "-1", "below the minimum 0"),]),
    Case("people_arrested_not_a_number",
         set_cell("events.csv", "E04", "people_arrested", "abc"),
         [P("events.csv", 5, "people_arrested", "abc", "not a valid integer"),]),
    Case("spelling_not_in_source",
         set_cell("agencies.csv", "FBI", "spellings_ar", "مكتب التحقيقات الفيدرالي;مكتب المباحث"),
         [P("agencies.csv", 11, "spellings_ar", "مكتب المباحث", "does not occur in any source text")]),
    Case("blank_required_value",
         set_cell("events.csv", "E05", "summary_en", ""),
         [P("events.csv", 6, "summary_en", None, "required value is missing")]),
    Case("ongoing_without_open_end",
         set_cell("events.csv", "E09", "date_end", ""),
         [P("events.csv", 9, "date_end", "", "an ongoing event must have the open end '..'")]),
    Case("missing_date_column",
         drop_column("events.csv", "date"),
         [P("events.csv", 1, "date", None, "required column is missing from the header")]),
    Case("missing_agencies_column",  # flows name agencies: without the column they are not checked, not all wrong
         drop_column("events.csv", "agencies"),
         [P("events.csv", 1, "agencies", None, "required column is missing from the header")]),
    Case("missing_quote_column",
         drop_column("mentions.csv", "quote"),
         [P("mentions.csv", 1, "quote", None, "required column is missing from the header")]),
]

# The article's claims against the public record (claims.csv, record sources in sources.csv): one case per rule.
# Claims C15 (E03, other), C16 (E04 date, contradicted), C17 (E04 place, confirmed), C18 (E04 agencies), C56-C58
# (E16 place, agencies, occurred: unverified), C65 (E20 occurred, unverified); source row 3 is a record source
# (yabiladi-berkane-2022), row 21 le360-bridges-2021.
CLAIM_CASES = [
    Case("claim_out_of_step_with_the_event",
         set_cell("claims.csv", "C16", "article_value", "2022-03-27"),
         [P("claims.csv", 17, "article_value", "2022-03-27", "out of step with events.csv: E04's date is '2022-03-26'")]),
    Case("event_changed_under_its_claim",  # a valid new value: the claim still quotes the old one
         set_cell("events.csv", "E04", "people_arrested", "5"),
         [out_of_step("E04", "people_arrested", "4", "5")]),
    Case("confirmed_without_a_source",
         set_cell("claims.csv", "C17", "sources", ""),
         [P("claims.csv", 18, "sources", None, "a 'confirmed' verdict must cite at least one record source")]),
    Case("the_article_cited_as_its_own_record",
         set_cell("claims.csv", "C17", "sources", "alaraby-2022-05-08"),
         [P("claims.csv", 18, "sources", "alaraby-2022-05-08", "the article cannot confirm itself: cite a record source")]),
    Case("claim_cites_an_unknown_source",
         set_cell("claims.csv", "C17", "sources", "telquel-oujda-2021;no-such-source"),
         [P("claims.csv", 18, "sources", "no-such-source", "refers to nothing: no such id in sources.csv")]),
    Case("claim_about_an_unknown_event",
         set_cell("claims.csv", "C17", "event_id", "E99"),
         [P("claims.csv", 18, "event_id", "E99", "refers to nothing: no such id in events.csv")]),
    Case("unknown_verdict",
         set_cell("claims.csv", "C17", "verdict", "true"),
         [P("claims.csv", 18, "verdict", "true", "not one of the allowed values")]),
    Case("unknown_field",
         set_cell("claims.csv", "C17", "field", "venue"),
         [P("claims.csv", 18, "field", "venue", "not one of the allowed values")]),
    Case("two_claims_on_one_field",
         set_cell("claims.csv", "C18", "field", "place"),
         [P("claims.csv", 19, "field", "place", "E04 already has a place claim in row 18"),
          P("claims.csv", 19, "article_value", "MA_SECURITY;US_SECURITY", "out of step with events.csv: E04's place is 'Oujda'")]),
    Case("date_verdict_contradicts_the_dates",
         set_cell("claims.csv", "C16", "verdict", "confirmed"),
         [P("claims.csv", 17, "verdict", "confirmed", "the article's 2022-03-26 does not hold the record's 2021-03-25")]),
    Case("a_date_partly_confirmed",
         set_cell("claims.csv", "C16", "verdict", "partly"),
         [P("claims.csv", 17, "verdict", "partly", "a date claim is confirmed or contradicted, not 'partly'")]),
    Case("record_date_not_iso",
         set_cell("claims.csv", "C16", "record_value", "March 2021"),
         [P("claims.csv", 17, "record_value", "March 2021", "not an ISO date or interval")]),
    Case("not_stated_though_the_article_states_it",
         set_cell("claims.csv", "C17", "verdict", "not_stated"),
         [P("claims.csv", 18, "verdict", "not_stated", "the article states a value, so it is not 'not_stated'")]),
    Case("other_claim_quotes_words_from_another_event",
         set_cell("claims.csv", "C15", "article_value", "شريك مستقر في تصدير الأمن"),
         [P("claims.csv", 16, "article_value", "شريك مستقر في تصدير الأمن", "not the article's words: found in no mention of E03")]),
    Case("record_names_an_unknown_agency",
         set_cell("claims.csv", "C18", "record_value", "BCIJ;DGST;NSA"),
         [P("claims.csv", 19, "record_value", "NSA", "refers to nothing: no such id in agencies.csv")]),
    Case("record_source_without_an_address",
         set_cell("sources.csv", "yabiladi-berkane-2022", "url", ""),
         [P("sources.csv", 3, "url", None, "required for a record source")]),
    Case("record_source_with_a_stored_file",
         set_cell("sources.csv", "yabiladi-berkane-2022", "path", "raw/alaraby-2022-05-08-morocco-us-security-cooperation.txt"),
         [P("sources.csv", 3, "path", "raw/alaraby-2022-05-08-morocco-us-security-cooperation.txt",
            "must be blank for a record source: it is cited, never stored")]),
    Case("record_source_read_before_it_was_published",
         set_cell("sources.csv", "yabiladi-berkane-2022", "accessed", "2022-05-01"),
         [P("sources.csv", 3, "accessed", "2022-05-01", "before the publication date 2022-05-06")]),
    Case("record_source_published_on_no_real_day",
         set_cell("sources.csv", "yabiladi-berkane-2022", "published", "2022-02-30"),
         [P("sources.csv", 3, "published", "2022-02-30", "not a valid date: day is out of range for month")]),
    Case("article_published_only_to_the_month",
         set_cell("sources.csv", "alaraby-2022-05-08", "published", "2022-05"),
         [P("sources.csv", 2, "published", "2022-05", "an article's publication date must be a day")]),
    Case("body_known_only_from_the_record_coded_in_an_event",
         set_cell("events.csv", "E02", "agencies", "MA_SECURITY;DGSN"),
         [P("events.csv", 3, "agencies", "DGSN", "the article never names this body"),]),
    Case("mention_quotes_a_record_source",
         set_cell("mentions.csv", "M03", "source_id", "yabiladi-berkane-2022"),
         [P("mentions.csv", 4, "source_id", "yabiladi-berkane-2022", "a mention must quote an article source, not a record source")]),
    # E16 was not found (C58, occurred: unverified): its bodies cannot be partly confirmed by another operation
    Case("detail_of_an_unfound_event_rests_on_another_event",
         both(set_cell("claims.csv", "C57", "verdict", "partly"), set_cell("claims.csv", "C57", "record_value", "DGSN;DEA")),
         [P("claims.csv", 58, "verdict", "partly", "the record does not show that E16 happened (its 'occurred' claim in row 59 "
                                                   "is unverified): a verdict on its agencies cannot rest on another event's record")]),
    Case("detail_of_an_unfound_event_contradicted",
         both(set_cell("claims.csv", "C56", "verdict", "contradicted"), set_cell("claims.csv", "C56", "record_value", "Tangier")),
         [P("claims.csv", 57, "verdict", "contradicted", "the record does not show that E16 happened")]),
    # an unverified claim says where the record was searched (C65, E20 occurred)
    Case("unverified_without_saying_where_it_was_searched",
         set_cell("claims.csv", "C65", "searched", ""),
         [P("claims.csv", 66, "searched", None, "an 'unverified' verdict must say where the record was searched")]),
    Case("unverified_searched_in_one_language",
         set_cell("claims.csv", "C65", "searched", "en;official;press"),
         [P("claims.csv", 66, "searched", "en;official;press", "searched in English, French and Arabic and names the kinds "
                                                              "of source: fr, ar missing")]),
    Case("unverified_searched_with_no_kind_of_source",
         set_cell("claims.csv", "C65", "searched", "en;fr;ar"),
         [P("claims.csv", 66, "searched", "en;fr;ar", "a kind of source (official, wire, press, us_reports, court, cables, "
                                                     "multilateral) missing")]),
    Case("searched_in_an_unknown_kind_of_source",
         set_cell("claims.csv", "C65", "searched", "en;fr;ar;blogs"),
         [P("claims.csv", 66, "searched", "en;fr;ar;blogs", "does not match the pattern")]),
    # record sources at addresses that last
    Case("record_source_at_a_load_balancer",
         set_cell("sources.csv", "yabiladi-berkane-2022", "url",
                  "https://yabiladi-lb-1234.eu-west-1.elb.amazonaws.com/articles/details/127139/berkane.html"),
         [P("sources.csv", 3, "url", "https://yabiladi-lb-1234.eu-west-1.elb.amazonaws.com/articles/details/127139/berkane.html",
            "the host yabiladi-lb-1234.eu-west-1.elb.amazonaws.com is a load balancer or content-delivery server "
            "(elb.amazonaws.com), not the page's public address")]),
    Case("record_source_at_a_content_delivery_host",
         set_cell("sources.csv", "le360-bridges-2021", "url", "https://le360-le-360-francais-prod.web.arc-cdn.net/politique/x-232202"),
         [P("sources.csv", 21, "url", "https://le360-le-360-francais-prod.web.arc-cdn.net/politique/x-232202",
            "(arc-cdn.net), not the page's public address")]),
    Case("record_source_at_a_bare_ip_address",
         set_cell("sources.csv", "yabiladi-berkane-2022", "url", "http://203.0.113.7/articles/details/127139"),
         [P("sources.csv", 3, "url", "http://203.0.113.7/articles/details/127139", "a bare IP address, not a public page address")]),
    Case("record_source_with_tracking_parameters",
         set_cell("sources.csv", "yabiladi-berkane-2022", "url",
                  "https://www.yabiladi.com/articles/details/127139/berkane.html?utm_source=rss_yabiladi&fbclid=x1"),
         [P("sources.csv", 3, "url", "https://www.yabiladi.com/articles/details/127139/berkane.html?utm_source=rss_yabiladi&fbclid=x1",
            "tracking parameters fbclid, utm_source in the address: cite the page without them")]),
]
CASES += CLAIM_CASES

# Known gaps, kept visible: strict xfail, so a fix turns them into failures until the mark is removed.
KNOWN_GAPS: dict[str, str] = {}


def _params(cases: list[Case]) -> list:
    return [pytest.param(c, id=c.name, marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=KNOWN_GAPS[c.name]))
            if c.name in KNOWN_GAPS else pytest.param(c, id=c.name) for c in cases]


def _located(problem: Problem, root: Path) -> str:
    """The file name of a problem, after checking it points into the broken copy (not the real data)."""
    path = Path(problem.file)
    path = (path if path.is_absolute() else Path.cwd() / path).resolve()
    assert path.parent == root.resolve(), f"{problem.file} is not a file of the copy {root}"
    return path.name


def assert_exactly(problems: list[Problem], root: Path, expected: list[P]) -> None:
    actual = sorted(((_located(p, root), p.row, p.column, p.value), p.message) for p in problems)
    wanted = sorted(((e.file, e.row, e.column, e.value), e.message) for e in expected)
    listing = "\n".join(map(str, problems))
    assert [a[0] for a in actual] == [w[0] for w in wanted], f"reported:\n{listing}"
    for (where, message), (_, part) in zip(actual, wanted):
        assert part in message, f"{where}: {message!r} lacks {part!r}"


def test_corpus_is_big_enough_and_names_are_unique():
    assert len(CASES) - len(KNOWN_GAPS) >= 14
    assert len({c.name for c in CASES}) == len(CASES)


def test_copy_without_mutation_is_clean(package_copy: Path):
    """The control: rewriting every table through the mutation helpers changes nothing, so every problem
    below comes from its planted mutation."""
    for name in ("events.csv", "mentions.csv", "agencies.csv", "actors.csv", "sources.csv", "claims.csv"):
        write_rows(package_copy, name, read_rows(package_copy, name))
        assert (package_copy / name).read_bytes() == (DATA / name).read_bytes()
    assert check(package_copy).problems == []


@pytest.mark.parametrize("case", _params(CASES))
def test_broken_package(case: Case, package_copy: Path):
    case.mutate(package_copy)
    pkg = check(package_copy)
    assert_exactly(pkg.problems, package_copy, case.expected)
    with pytest.raises(DataPackageError) as raised:
        load(package_copy)
    assert raised.value.problems == pkg.problems
    assert str(raised.value).startswith(f"{len(pkg.problems)} problem(s) in the data package:")


@pytest.mark.parametrize("url", ["https://www.yabiladi.com/?p=127139", "https://www.kachaf.com/details.php?n=61bde12c",
                                 "https://www.yabiladi.com/articles/utm_source/127139.html"])
def test_a_query_or_path_that_addresses_the_page_is_not_tracking(url: str, package_copy: Path):
    # ?p= and ?n= are a page's id: only the parameters that track a click are refused, and only in the query
    set_cell("sources.csv", "yabiladi-berkane-2022", "url", url)(package_copy)
    assert check(package_copy).problems == []


def test_raw_file_of_the_real_package_is_untouched():
    """The checksum case changes the raw article of its copy only (the data folder holds read-only raw)."""
    assert hashlib.sha256((DATA / RAW).read_bytes()).hexdigest() == RAW_SHA256


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_DATA_DIR"}
    return subprocess.run([sys.executable, "-m", "analysis", "validate", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_cli_on_a_broken_copy(package_copy: Path):
    both(set_cell("events.csv", "E02", "people_arrested", "-1"),
         set_cell("events.csv", "E06", "flows", "DGST>FBI;DGST>DEA"))(package_copy)
    expected = check(package_copy).problems
    assert len(expected) == 2  # the claim on E02's count is not blamed for the cell's own problem
    result = _cli(str(package_copy))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [str(p) for p in expected]
    assert result.stderr.strip() == "invalid: 2 problem(s)"


def test_cli_on_the_real_data():
    result = _cli(str(DATA))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("valid:")
    assert "21 events (7 incidents, 14 cooperation), 28 mentions" in lines[0]


def test_the_descriptor_states_every_rule_the_code_relies_on():
    """The validator checks the code's contract (descriptor.RULES, FOREIGN_KEYS) on every cell whatever a
    copy's descriptor says; the project's own descriptor states each rule, so the two cannot drift apart
    (and a problem both find is reported once), and the loaders' category orders are the same lists."""
    import json

    from analysis import load as loader
    from analysis.validate import claims
    from analysis.validate.descriptor import (FOREIGN_KEYS, GEO_PRECISIONS, PRECISIONS, RULES, STATUSES)

    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name, fields in RULES.items():
        specs = {f["name"]: f.get("constraints", {}) for f in resources[name]["schema"]["fields"]}
        for column, rule in fields.items():
            for key, value in rule.items():
                assert specs[column].get(key) == value, (name, column, key)
    for name, column, target, key in FOREIGN_KEYS:
        assert {"fields": [column], "reference": {"resource": target, "fields": [key]}} in \
            resources[name]["schema"]["foreignKeys"], (name, column)
    assert list(STATUSES) == loader.STATUS_ORDER and list(PRECISIONS) == loader.PRECISION_ORDER
    assert list(GEO_PRECISIONS) == loader.GEO_ORDER
    assert RULES["claims"]["verdict"]["enum"] == list(claims.VERDICTS)
    assert resources["events"]["retiredIds"] == ["E07"] and resources["mentions"]["retiredIds"] == ["M10", "M12", "M15"]


def test_retired_ids_are_not_in_use():
    rows = {name: {r[0] for r in read_rows(DATA, name)[1:]} for name in ("events.csv", "mentions.csv")}
    assert "E07" not in rows["events.csv"] and not {"M10", "M12", "M15"} & rows["mentions.csv"]
