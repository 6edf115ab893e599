"""The article's claims against the public record: the checks on ``claims.csv`` and the record sources.

Frictionless checks what the Table Schema says (enums, patterns, the foreign key to events). What no
schema language says is checked here, by hand: that each claim's ``article_value`` is the event table's
current value for its field (so an edit to one cannot silently desync the other), that a verdict which
rests on the record cites record sources, that a date or count verdict agrees with the two values it
compares, that a claim on the details of an event the record does not show happened does not rest on the
record of another event, that an unverified claim says where it was searched, and that record sources carry
the metadata a reader needs to find them, at an address that lasts (they are cited, never stored or
fetched: the code opens no address).
"""
from __future__ import annotations

import ipaddress
import re
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from analysis import dates
from analysis.validate.model import Package, split_ids
from analysis.validate.problems import Problem

FIELDS = ("date", "place", "agencies", "actor", "people_arrested", "people_killed", "occurred", "other")
VERDICTS = ("confirmed", "partly", "contradicted", "unverified", "not_stated")
RESTS_ON_RECORD = {"confirmed", "partly", "contradicted"}
# Fields whose values are compared exactly: a part-agreement has no meaning for one date or one number.
EXACT_FIELDS = {"date", "people_arrested", "people_killed", "occurred"}
RECORD_REQUIRED = ("url", "publisher", "published", "accessed", "summary_en", "summary_ar")
ARTICLE_ONLY = ("path", "sha256", "bytes", "code_points")
PUBLISHED = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"  # the descriptor's pattern for sources.published
# The fields that describe an event's details: a verdict on them rests on the record of that event.
DETAIL_FIELDS = ("date", "place", "agencies", "actor", "people_arrested", "people_killed")
# Where the record was searched (claims.csv 'searched'): the three languages every unverified claim is searched
# in, and the kinds of source (the descriptor's pattern lists the same kinds).
SEARCH_LANGUAGES = ("en", "fr", "ar")
SEARCH_KINDS = ("official", "wire", "press", "us_reports", "court", "cables", "multilateral")
# Host names of load balancers and content-delivery networks: they serve a page, they are not its address,
# and they change without notice. Matched as the host or a suffix of it.
MACHINE_HOSTS = ("elb.amazonaws.com", "cloudfront.net", "azureedge.net", "azurefd.net", "trafficmanager.net",
                 "akamaized.net", "akamaihd.net", "akamaitechnologies.com", "edgekey.net", "edgesuite.net",
                 "fastly.net", "fastlylb.net", "cdn.cloudflare.net", "b-cdn.net", "arc-cdn.net", "localhost")
# Query parameters that track a click, not address a page.
TRACKING = re.compile(r"utm_[a-z_]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl", re.I)


def address_problem(url: str) -> str | None:
    """What keeps ``url`` from being a lasting public page address (None when nothing does): a bare IP
    address, a load-balancer or content-delivery host, or a tracking parameter. Only what the text of the
    address shows is judged: nothing is opened."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError as exc:  # e.g. an unbalanced '[' in the host
        return f"not a web address: {exc}"
    if not host:
        return None  # the schema's pattern reports an address with no host
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return "a bare IP address, not a public page address: cite the page at its site's name"
    for suffix in MACHINE_HOSTS:
        if host == suffix or host.endswith("." + suffix):
            return (f"the host {host} is a load balancer or content-delivery server ({suffix}), not the page's "
                    "public address: cite the page at its site's own name")
    tracked = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if TRACKING.fullmatch(k)})
    if len(tracked) == 1:
        return f"tracking parameter {tracked[0]} in the address: cite the page without it"
    if tracked:
        return f"tracking parameters {', '.join(tracked)} in the address: cite the page without them"
    return None


# The events.csv columns a claim on a field quotes: a problem already reported there is not repeated as
# "out of step" on the claim (one cause, one line).
COLUMNS = {"date": ("date",), "place": ("location", "country"), "agencies": ("agencies",), "actor": ("actors",),
           "people_arrested": ("people_arrested",), "people_killed": ("people_killed",), "occurred": ("status",)}


def article_value(event: dict[str, str], field: str) -> str | None:
    """The event table's value that a claim on ``field`` quotes (``None`` for 'other', whose value is
    the article's own words). A place is the named location, else the country code."""
    return {
        "date": event.get("date", ""),
        "place": event.get("location") or event.get("country", ""),
        "agencies": event.get("agencies", ""),
        "actor": event.get("actors", ""),
        "people_arrested": event.get("people_arrested", ""),
        "people_killed": event.get("people_killed", ""),
        "occurred": event.get("status", ""),
    }.get(field)


def record_date_span(value: str) -> tuple[date, date]:
    """First and last day of an ISO date at any precision, or of an EDTF interval ``A/B``."""
    start, _, end = value.partition("/")
    first = dates.bounds(dates_checked(start))[0].date()
    last = dates.bounds(dates_checked(end or start))[1].date()
    if last < first:
        raise ValueError(f"the interval ends before it starts ({value})")
    return first, last


def dates_checked(value: str) -> str:
    if not value or dates.check_iso(value) == "unknown":
        raise ValueError("blank")
    return value


def date_agrees(article: str, record: str) -> bool:
    """True when the record's date lies wholly inside the article's, at the article's precision
    (the article's '2018' holds the record's '2018-12-16/2018-12-17'; '2021-12-18' does not hold '2021-12-16')."""
    a_first, a_last = record_date_span(article)
    r_first, r_last = record_date_span(record)
    return a_first <= r_first and r_last <= a_last


def _role(row: dict[str, str]) -> str:
    return row.get("role") or "article"


def check_sources(pkg: Package) -> list[Problem]:
    """Record sources need the metadata to be found again; only the article is a stored file."""
    problems: list[Problem] = []
    table = pkg.tables.get("sources")
    if not table or not table.has("source_id", "role", *RECORD_REQUIRED, *ARTICLE_ONLY):
        return problems
    for number, row in zip(table.row_numbers, table.rows):
        try:  # a value that does not match the schema's pattern is reported by the schema check
            precision = dates.check_iso(row["published"]) if re.fullmatch(PUBLISHED, row["published"]) else None
        except ValueError as exc:
            problems.append(Problem(table.file, number, "published", row["published"], f"not a valid date: {exc}"))
            precision = None
        if row["role"] == "article" and precision not in (None, "day"):
            problems.append(Problem(table.file, number, "published", row["published"],
                                    "an article's publication date must be a day: its relative dates resolve against it"))
        if row["url"]:
            trouble = address_problem(row["url"])
            if trouble:
                problems.append(Problem(table.file, number, "url", row["url"], trouble))
        if row["role"] != "record":
            continue
        for column in RECORD_REQUIRED:
            if not row[column].strip():
                problems.append(Problem(table.file, number, column, None, "required for a record source"))
        for column in ARTICLE_ONLY:
            if row[column]:
                problems.append(Problem(table.file, number, column, row[column],
                                        "must be blank for a record source: it is cited, never stored"))
        if precision and row["accessed"] and row["accessed"] < row["published"][:10]:
            problems.append(Problem(table.file, number, "accessed", row["accessed"], f"before the publication date {row['published']}"))
    return problems


def check_mentions(pkg: Package) -> list[Problem]:
    """A mention quotes the article: it cannot point into a record source, which is never stored."""
    problems: list[Problem] = []
    sources, mentions = pkg.tables.get("sources"), pkg.tables.get("mentions")
    if not sources or not mentions or not sources.has("source_id", "role") or not mentions.has("source_id"):
        return problems
    records = {row["source_id"] for row in sources.rows if row["role"] == "record"}
    for number, row in zip(mentions.row_numbers, mentions.rows):
        if row["source_id"] in records:
            problems.append(Problem(mentions.file, number, "source_id", row["source_id"],
                                    "a mention must quote an article source, not a record source"))
    return problems


def check_claims(pkg: Package, reported: list[Problem] | None = None) -> list[Problem]:
    """Each claim quotes the event table's current value and rests on record sources (on its own event's
    record, for an event's details), and an unverified claim says where it was searched. A claim is not
    called out of step with a cell that has a problem of its own in ``reported``."""
    problems: list[Problem] = []
    reported = pkg.problems if reported is None else reported
    claims = pkg.tables.get("claims")
    if not claims or not claims.has("claim_id", "event_id", "field", "article_value", "record_value", "verdict", "sources"):
        return problems
    f = claims.file
    events_table = pkg.tables.get("events")
    events = ({row["event_id"]: (number, row) for number, row in zip(events_table.row_numbers, events_table.rows)}
              if events_table and events_table.has("event_id", "date", "location", "country", "agencies", "actors",
                                                   "people_arrested", "people_killed", "status") else None)
    flagged = {(p.row, p.column) for p in reported if events_table and p.file == events_table.file}
    sources_table = pkg.tables.get("sources")
    roles = ({row["source_id"]: row["role"] for row in sources_table.rows}
             if sources_table and sources_table.has("source_id", "role") else None)
    agencies = pkg.tables.get("agencies")
    actors = pkg.tables.get("actors")
    known = {"agencies": {r["agency_id"] for r in agencies.rows} if agencies and agencies.has("agency_id") else None,
             "actor": {r["actor_id"] for r in actors.rows} if actors and actors.has("actor_id") else None}
    # An 'other' claim quotes words from one of its event's mentions: read them from the text at the
    # mentions' offsets (a mention row cut short keeps its offsets, so its event's claims are not blamed).
    mentions = pkg.tables.get("mentions")
    quotes: dict[str, list[str]] | None = None
    if mentions and mentions.has("event_id", "source_id", "char_start", "char_end"):
        quotes = {}
        for m in mentions.rows:
            text = pkg.texts.get(m["source_id"])
            if text is not None and re.fullmatch("[0-9]+", m["char_start"]) and re.fullmatch("[0-9]+", m["char_end"]):
                quotes.setdefault(m["event_id"], []).append(text[int(m["char_start"]):int(m["char_end"])])
    # A mention row with a problem of its own (moved to another event, cut short) may be the one that held a
    # claim's words: words still in the article are then not blamed on the claim (one cause, one line).
    mentions_flagged = bool(mentions) and any(p.file == mentions.file for p in reported)
    # Whether the record shows each event happened: its 'occurred' claim's verdict and row.
    occurred = {row["event_id"]: (number, row["verdict"]) for number, row in zip(claims.row_numbers, claims.rows)
                if row["field"] == "occurred"}
    searched = claims.has("searched")
    # a 'searched' cell the schema already refuses (an unknown kind of source) is not judged twice
    bad_searched = {p.row for p in reported if p.file == claims.file and p.column == "searched"}
    seen: dict[tuple[str, str], int] = {}
    for number, row in zip(claims.row_numbers, claims.rows):
        field, verdict, article, record = row["field"], row["verdict"], row["article_value"], row["record_value"]
        event_row, event = events.get(row["event_id"], (None, None)) if events is not None else (None, None)
        if field in FIELDS and field != "other" and row["event_id"]:
            key = (row["event_id"], field)
            if key in seen:
                problems.append(Problem(f, number, "field", field, f"{row['event_id']} already has a {field} claim in row {seen[key]}"))
            seen.setdefault(key, number)
        # article_value: the event table's value, or for 'other' the article's own words
        if field == "other":
            if not article:
                problems.append(Problem(f, number, "article_value", None, "an 'other' claim quotes the article's words"))
            elif (quotes and row["event_id"] in quotes and not any(article in q for q in quotes[row["event_id"]])
                  and not (mentions_flagged and any(article in text for text in pkg.texts.values()))):
                problems.append(Problem(f, number, "article_value", article[:40],
                                        f"not the article's words: found in no mention of {row['event_id']}"))
        elif field in FIELDS and event is not None and not any((event_row, c) in flagged for c in COLUMNS[field]):
            expected = article_value(event, field)
            if article != expected:
                problems.append(Problem(f, number, "article_value", article,
                                        f"out of step with events.csv: {row['event_id']}'s {field} is {expected!r}"))
        # sources: record sources, present when the verdict rests on them
        cited = split_ids(row["sources"])
        if verdict in RESTS_ON_RECORD and not cited:
            problems.append(Problem(f, number, "sources", None, f"a '{verdict}' verdict must cite at least one record source"))
        for source in cited:
            if roles is not None and source not in roles:
                problems.append(Problem(f, number, "sources", source, "refers to nothing: no such id in sources.csv"))
            elif roles is not None and roles[source] != "record":
                problems.append(Problem(f, number, "sources", source, "the article cannot confirm itself: cite a record source"))
        # verdicts that say something about the values must agree with them
        if verdict == "not_stated" and article:
            problems.append(Problem(f, number, "verdict", verdict, "the article states a value, so it is not 'not_stated'"))
        if verdict in RESTS_ON_RECORD and not record:
            problems.append(Problem(f, number, "record_value", None, f"a '{verdict}' verdict needs the record's value"))
        if verdict in VERDICTS and verdict != "not_stated" and not article and field != "other":
            problems.append(Problem(f, number, "verdict", verdict, "the article states no value: use 'not_stated'"))
        if field in EXACT_FIELDS and verdict == "partly":
            problems.append(Problem(f, number, "verdict", verdict,
                                    f"a {field} claim is confirmed or contradicted, not 'partly' (the note says how far off)"))
        if field == "date" and record:
            try:
                record_date_span(record)
            except ValueError as exc:
                problems.append(Problem(f, number, "record_value", record,
                                        f"not an ISO date or interval (YYYY, YYYY-MM, YYYY-MM-DD, A/B): {exc}"))
            else:
                if article and verdict in ("confirmed", "contradicted"):
                    try:
                        agrees = date_agrees(article, record)
                    except ValueError:
                        agrees = None  # an invalid article date is reported on events.csv
                    if agrees is not None and agrees != (verdict == "confirmed"):
                        problems.append(Problem(f, number, "verdict", verdict,
                                                f"the article's {article} {'holds' if agrees else 'does not hold'} the record's {record}"))
        if field in ("people_arrested", "people_killed") and record and article and verdict in ("confirmed", "contradicted"):
            if (article == record) != (verdict == "confirmed"):
                problems.append(Problem(f, number, "verdict", verdict, f"the article says {article}, the record {record}"))
        if field in known and known[field] is not None:
            for value in split_ids(record):
                if value not in known[field]:
                    table = "agencies.csv" if field == "agencies" else "actors.csv"
                    problems.append(Problem(f, number, "record_value", value, f"refers to nothing: no such id in {table}"))
        problems += _rests_on_another_event(f, number, row, occurred)
        if searched and number not in bad_searched:
            problems += _where_searched(f, number, row)
    return problems


def _rests_on_another_event(file: str, number: int, row: dict[str, str],
                            occurred: dict[str, tuple[int, str]]) -> list[Problem]:
    """A detail of an event the record does not show happened (its 'occurred' claim unverified or
    contradicted) cannot be checked against the record: a verdict on it would rest on another event's."""
    occurred_row, occurred_verdict = occurred.get(row["event_id"], (None, None))
    if row["field"] in DETAIL_FIELDS and row["verdict"] in RESTS_ON_RECORD and occurred_verdict in ("unverified",
                                                                                                  "contradicted"):
        return [Problem(file, number, "verdict", row["verdict"],
                        f"the record does not show that {row['event_id']} happened (its 'occurred' claim in row "
                        f"{occurred_row} is {occurred_verdict}): a verdict on its {row['field']} cannot rest on another "
                        "event's record; use 'unverified'")]
    return []


def _where_searched(file: str, number: int, row: dict[str, str]) -> list[Problem]:
    """An unverified claim says where the record was searched: English, French and Arabic, and the kinds
    of source (the descriptor's pattern checks that each item is a language code or a known kind)."""
    if row["verdict"] != "unverified":
        return []
    items = split_ids(row["searched"])
    if not items:
        return [Problem(file, number, "searched", None, "an 'unverified' verdict must say where the record was "
                        "searched: languages (en, fr, ar) and kinds of source")]
    missing = [lang for lang in SEARCH_LANGUAGES if lang not in items]
    if missing or not any(item in SEARCH_KINDS for item in items):
        lack = ", ".join(missing) if missing else "a kind of source (" + ", ".join(SEARCH_KINDS) + ")"
        return [Problem(file, number, "searched", row["searched"], "an 'unverified' claim is searched in English, "
                        f"French and Arabic and names the kinds of source: {lack} missing")]
    return []


def check_record_only_agencies(pkg: Package) -> list[Problem]:
    """A body with no Arabic spelling is one the article never names: only a claim's record may cite it."""
    problems: list[Problem] = []
    agencies, events = pkg.tables.get("agencies"), pkg.tables.get("events")
    if not agencies or not events or not agencies.has("agency_id", "spellings_ar") or not events.has("event_id", "agencies"):
        return problems
    unnamed = {row["agency_id"] for row in agencies.rows if not row["spellings_ar"].strip()}
    for number, row in zip(events.row_numbers, events.rows):
        for agency in split_ids(row["agencies"]):
            if agency in unnamed:
                problems.append(Problem(events.file, number, "agencies", agency,
                                        "the article never names this body (agencies.csv gives it no Arabic spelling)"))
    return problems


def check(pkg: Package) -> list[Problem]:
    """Every check of this module."""
    problems = check_sources(pkg) + check_mentions(pkg) + check_record_only_agencies(pkg)
    return problems + check_claims(pkg, reported=pkg.problems + problems)
