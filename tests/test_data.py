"""Data tests on the real tables: provenance, grounding of every quote, and the curation decisions the
README and the events' notes describe, asserted one by one so that a regression in the data shows."""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

import pytest

from analysis.paths import DATA, ROOT

RAW_NAME = "alaraby-2022-05-08-morocco-us-security-cooperation.txt"
RAW_SHA256 = "ea6df0b1734b974be2f0ac05fb0f52c64b90ee14ee499a02625557055622f793"
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


@pytest.fixture(scope="module")
def raw_bytes() -> bytes:
    return (DATA / "raw" / RAW_NAME).read_bytes()


@pytest.fixture(scope="module")
def text(raw_bytes: bytes) -> str:
    return raw_bytes.decode("utf-8")


@pytest.fixture(scope="module")
def events(real_rows) -> dict[str, dict[str, str]]:
    return {row["event_id"]: row for row in real_rows["events"]}


@pytest.fixture(scope="module")
def mentions_of(real_rows) -> dict[str, list[dict[str, str]]]:
    by_event = defaultdict(list)
    for row in real_rows["mentions"]:
        by_event[row["event_id"]].append(row)
    return dict(by_event)


def _items(cell: str) -> list[str]:
    return [item for item in cell.split(";") if item]


# --- the package as a whole -----------------------------------------------------------------------

def test_real_package_is_valid(real_package):
    assert [str(p) for p in real_package.problems] == []


def test_sizes(real_rows):
    sizes = {name: len(rows) for name, rows in real_rows.items()}
    assert {k: v for k, v in sizes.items() if k not in ("sources", "claims")} == {
        "events": 21, "mentions": 28, "agencies": 24, "actors": 4, "event_types": 16, "cooperation_types": 10}
    roles = Counter(row["role"] for row in real_rows["sources"])
    assert roles["article"] == 1 and roles["record"] == sizes["sources"] - 1 >= 20
    assert sizes["claims"] >= 50


# --- provenance of the raw article ----------------------------------------------------------------

def test_raw_file_checksum(raw_bytes: bytes, text: str, real_rows):
    assert hashlib.sha256(raw_bytes).hexdigest() == RAW_SHA256
    source = real_rows["sources"][0]
    assert source["path"] == f"raw/{RAW_NAME}"
    assert (source["sha256"], int(source["bytes"]), int(source["code_points"])) == (RAW_SHA256, len(raw_bytes), len(text))
    assert (len(raw_bytes), len(text)) == (11889, 6505)
    assert b"\r" not in raw_bytes and not raw_bytes.startswith(b"\xef\xbb\xbf")


@pytest.mark.skipif(not (SHARED_SOURCES / RAW_NAME).exists(), reason="no shared copy of the source on this machine")
def test_raw_file_is_the_shared_source(raw_bytes: bytes):
    assert raw_bytes == (SHARED_SOURCES / RAW_NAME).read_bytes()


# --- every quote is grounded ----------------------------------------------------------------------

def test_every_quote_sits_at_its_offsets(real_rows, text: str):
    for m in real_rows["mentions"]:
        start, end = int(m["char_start"]), int(m["char_end"])
        assert text[start:end] == m["quote"], m["mention_id"]
        assert text[:start].endswith(m["prefix"]) and text[end:].startswith(m["suffix"]), m["mention_id"]
        assert "\n" not in m["quote"] + m["prefix"] + m["suffix"], m["mention_id"]  # within one line


def test_every_event_has_a_mention(events, mentions_of):
    assert set(events) == set(mentions_of)


def test_mentions_are_in_reading_order(real_rows, mentions_of):
    starts = [int(m["char_start"]) for m in real_rows["mentions"]]
    assert starts == sorted(starts)
    ids = [m["mention_id"] for m in real_rows["mentions"]]
    # ids are stable: those of the retired event E07 (M10, M12, M15) are not reused, the others keep their order
    assert ids == [f"M{i:02d}" for i in range(1, 32) if i not in (10, 12, 15)]
    for event_id, rows in mentions_of.items():
        assert [int(m["char_start"]) for m in rows] == sorted(int(m["char_start"]) for m in rows), event_id


def test_events_are_numbered_by_first_mention(real_rows, mentions_of):
    first = {event_id: min(int(m["char_start"]) for m in rows) for event_id, rows in mentions_of.items()}
    ids = [row["event_id"] for row in real_rows["events"]]
    assert ids == [f"E{i:02d}" for i in range(1, 23) if i != 7]  # E07 (9/11, a date anchor) is retired, not reused
    assert sorted(first, key=first.get) == ids


def test_date_words_occur_in_the_article(events, text: str):
    for event_id, row in events.items():
        if row["date_text"]:
            assert row["date_text"] in text, event_id


def test_spellings_occur_in_the_article(real_rows, text: str):
    for table, key in (("agencies", "agency_id"), ("actors", "actor_id")):
        for row in real_rows[table]:
            for spelling in _items(row["spellings_ar"]):
                assert spelling in text, (row[key], spelling)


# --- counts, codes, flags -------------------------------------------------------------------------

def test_counts_only_where_the_article_states_them(events):
    stated = {(e, c): row[c] for e, row in events.items() for c in ("people_arrested", "people_killed") if row[c]}
    assert stated == {("E02", "people_arrested"): "1", ("E04", "people_arrested"): "4",
                      ("E06", "people_arrested"): "1", ("E03", "people_killed"): "2"}
    assert all(value != "0" for value in stated.values())  # blank for 'not stated', never 0


def test_cameo_codes_keep_leading_zeros(real_rows):
    raw = (DATA / "cooperation_types.csv").read_text(encoding="utf-8")
    assert "intel_sharing,Intelligence sharing," in raw and ",064,Share intelligence" in raw
    codes = {row["cooperation_type"]: row["cameo_code"] for row in real_rows["cooperation_types"]}
    assert codes["intel_sharing"] == "064" and codes["dialogue"] == "040" and codes["endorsement"] == "051"
    assert all(re.fullmatch(r"0\d{2}", code) for code in codes.values() if code)
    assert codes["multilateral"] == ""  # no CAMEO code fits: blank, not a guess


def test_generic_agencies_are_flagged(real_rows):
    generic = {row["agency_id"] for row in real_rows["agencies"] if row["generic"] == "true"}
    assert generic == {"MA_SECURITY", "MA_INTEL", "MA_MILITARY", "US_INTEL", "US_LAW_ENF", "US_SECURITY", "US_MILITARY"}
    for row in real_rows["agencies"]:
        assert row["generic"] in {"true", "false"}
        is_generic = row["generic"] == "true"
        assert is_generic == row["name_en"].endswith("(unspecified)"), row["agency_id"]
        assert is_generic == row["notes"].startswith("Generic"), row["agency_id"]
        if is_generic:
            assert re.fullmatch(r"(MA|US)_[A-Z_]+", row["agency_id"]) and row["country"] in {"MA", "US"}


def test_no_unintended_duplicate_events(events):
    keys = Counter((row["date"], row["event_type"], row["location"]) for row in events.values())
    shared = sorted(sorted(e for e, row in events.items() if (row["date"], row["event_type"], row["location"]) == key)
                    for key, n in keys.items() if n > 1)
    # Intended: Morocco's two undated multilateral roles, in the GCTF and in the coalition against ISIS.
    assert shared == [["E13", "E14"]]
    assert events["E13"]["agencies"] != events["E14"]["agencies"]


def test_undated_events_are_unknown_precision(events):
    for event_id, row in events.items():
        assert (row["date"] == "") == (row["date_precision"] == "unknown") == (row["date_text"] == ""), event_id
    assert {e for e, row in events.items() if not row["date"]} == {
        "E11", "E13", "E14", "E16", "E17", "E18", "E19", "E20", "E21", "E22"}


# --- specific curation decisions ------------------------------------------------------------------

def test_cole_bridges_is_one_event_told_twice(events, mentions_of):
    e06 = events["E06"]
    told = mentions_of["E06"]  # M09 and M22
    assert [m["mention_id"] for m in told] == ["M09", "M22"]
    first, second = told[0]["quote"], told[1]["quote"]
    # first telling: the DGST, the FBI, 19 January 2021; second: 'the Moroccan services', the CIA, September 2020
    assert "كول بريدجز" in first and "مكتب التحقيقات الفيدرالي" in first and "19 يناير/كانون الثاني 2021" in first
    assert "وكالة الاستخبارات الاميركية" in second and "سبتمبر 2020" in second and "المصالح المغربية" in second
    assert (e06["date"], e06["date_precision"], e06["date_text"]) == ("2021-01-19", "day", "19 يناير/كانون الثاني 2021")
    # codebook R4/R6: each telling's bodies as it names them; the generic provider of M22 is not read as the DGST
    assert _items(e06["agencies"]) == ["DGST", "MA_INTEL", "FBI", "CIA"]
    assert _items(e06["flows"]) == ["DGST>FBI", "MA_INTEL>CIA"]
    # R8: the article gives no place for the arrest, so none is inferred from the agencies
    assert (e06["event_type"], e06["country"], e06["geo_precision"], e06["people_arrested"], e06["actors"]) == (
        "arrest", "", "unknown", "1", "")
    assert "paragraph" not in e06["notes"] and "M09" in e06["notes"] and "M22" in e06["notes"]
    assert "September 2020" in e06["notes"]


def test_no_other_event_tells_the_cole_bridges_arrest(real_rows):
    tellers = {m["event_id"] for m in real_rows["mentions"] if "اعتقال الجندي" in m["quote"] or "اعتقال جندي" in m["quote"]}
    assert tellers == {"E06"}


def test_mention_counts(mentions_of):
    counts = {event_id: len(rows) for event_id, rows in mentions_of.items()}
    several = {event_id: n for event_id, n in counts.items() if n > 1}
    assert several == {"E02": 3, "E04": 2, "E05": 2, "E06": 2, "E12": 2, "E16": 2}


def test_september_11_is_a_date_anchor_not_an_event(events, real_rows, text):
    # codebook R1: 9/11 only dates other events ("عقب 11 سبتمبر 2001") or names a target; it is context
    assert "E07" not in events and all(row["date"] != "2001-09-11" for row in events.values())
    quoted = [m["quote"] for m in real_rows["mentions"]]
    assert "أحداث 11 سبتمبر الإرهابية" not in quoted and "عقب 11 سبتمبر 2001" not in quoted
    # Morocco's declaration after it is its own event, at year precision
    assert (events["E08"]["date"], events["E08"]["date_precision"], events["E08"]["date_text"]) == ("2001", "year", "عقب 11 سبتمبر 2001")


def test_report_and_dismantling_share_one_span(mentions_of):
    (m26,), (m27,) = mentions_of["E17"], mentions_of["E18"]
    assert m26["char_end"] == m27["char_end"] and int(m26["char_start"]) < int(m27["char_start"])
    assert m26["quote"].endswith(m27["quote"])


def test_bodies_are_coded_as_the_article_names_them(events, real_rows):
    # codebook R4: "the DEA in the FBI" codes both, as E06 codes both US agencies; the record says otherwise
    assert _items(events["E16"]["agencies"]) == ["MA_INTEL", "DEA", "FBI"]
    # E16 was not found, so its bodies cannot be checked (a similar operation is no evidence for this one); the
    # false statement that the DEA is "in the FBI" has a claim of its own, contradicted
    claims = {c["field"]: c for c in real_rows["claims"] if c["event_id"] == "E16"}
    assert claims["agencies"]["verdict"] == "unverified" and not claims["agencies"]["record_value"]
    assert claims["other"]["verdict"] == "contradicted" and "مكتب التحقيقات الفيدرالي" in claims["other"]["article_value"]
    # R5: the BCIJ only comments on the Oujda arrest in a statement: not coded as taking part
    assert _items(events["E04"]["agencies"]) == ["MA_SECURITY", "US_SECURITY"]
    # R10: "in cooperation with" / "coordination between" is a joint operation; "cooperation enabled" is unspecified
    assert events["E05"]["cooperation_types"] == "joint_operation@mutual"
    assert events["E04"]["cooperation_types"] == "unspecified"


def test_summaries_do_not_overstate_the_article(events):
    # codebook R12: the article's words in quotation marks, faithfully; a wish is not a pledge
    e12 = events["E12"]
    assert "'a stable partner in exporting security'" in e12["summary_en"] and "exporter" not in e12["summary_en"]
    assert "pledge" not in e12["summary_en"] and "تعهد" not in e12["summary_ar"]


# --- the article's claims against the public record ------------------------------------------------

def test_every_incident_and_dated_cooperation_event_is_checked(real_rows, events):
    categories = {row["event_type"]: row["category"] for row in real_rows["event_types"]}
    must = {e for e, row in events.items() if categories[row["event_type"]] == "incident" or row["date"]}
    assert must == {"E01", "E02", "E03", "E04", "E05", "E06", "E08", "E09", "E10", "E12", "E15", "E16", "E18"}
    checked = {(c["event_id"], c["field"]) for c in real_rows["claims"]}
    missing = sorted((e, f) for e in must for f in ("date", "place", "agencies") if (e, f) not in checked)
    assert missing == []


def test_what_the_record_contradicts(real_rows):
    wrong = {(c["event_id"], c["field"]): (c["article_value"], c["record_value"])
             for c in real_rows["claims"] if c["verdict"] == "contradicted"}
    # the Oujda cell was dismantled on 25 March 2021, not 2022; the Salé arrest was on 16 December 2021, not the 18th;
    # US counter-terrorism training of Moroccan services dates from 1986, not 2001
    dates = {k: v for k, v in wrong.items() if k[1] == "date"}
    assert dates == {("E04", "date"): ("2022-03-26", "2021-03-25"), ("E05", "date"): ("2021-12-18", "2021-12-16"),
                     ("E10", "date"): ("2001", "1986")}
    # statements: the "first steps" of counter-terrorism coordination in 2001 (E08), the DEA "in the FBI" (E16)
    assert set(wrong) - set(dates) == {("E08", "other"), ("E16", "other")}


def test_an_unfound_event_has_no_checked_details(real_rows):
    # a verdict on an event's date, place, bodies, group or counts rests on the record of that event: where the
    # event itself was not found, none of them is confirmed, partly confirmed or contradicted
    unfound = {c["event_id"] for c in real_rows["claims"] if c["field"] == "occurred" and c["verdict"] == "unverified"}
    assert unfound == {"E16", "E18", "E20"}
    for c in real_rows["claims"]:
        if c["event_id"] in unfound and c["field"] not in ("occurred", "other"):
            assert c["verdict"] in ("unverified", "not_stated"), c["claim_id"]


def test_every_stated_field_of_every_event_is_checked(real_rows, events):
    # codebook R13: each value the article states for an event (date, place, bodies, group, counts, status) has a claim
    columns = {"date": "date", "agencies": "agencies", "actor": "actors", "people_arrested": "people_arrested",
               "people_killed": "people_killed", "occurred": "status"}
    checked = {(c["event_id"], c["field"]) for c in real_rows["claims"]}
    stated = {(e, f) for e, row in events.items() for f, column in columns.items() if row[column]}
    stated |= {(e, "place") for e, row in events.items() if row["location"] or row["country"]}
    assert sorted(stated - checked) == []


def test_unverified_claims_say_what_was_looked_for(real_rows):
    for c in real_rows["claims"]:
        if c["verdict"] == "unverified":
            assert c["note_en"] and c["note_ar"] and not c["record_value"], c["claim_id"]
            # searched in the three languages, and the note says where in words, in both languages
            assert {"en", "fr", "ar"} <= set(_items(c["searched"])), c["claim_id"]
            assert "Searched" in c["note_en"] and "البحث" in c["note_ar"], c["claim_id"]


def test_record_sources_are_cited_never_stored(real_rows):
    for row in real_rows["sources"]:
        if row["role"] == "record":
            assert row["url"].startswith(("http://", "https://")) and row["accessed"] and row["summary_en"] and row["summary_ar"]
            assert not (row["path"] or row["sha256"] or row["bytes"] or row["code_points"]), row["source_id"]
    cited = {s for c in real_rows["claims"] for s in _items(c["sources"])}
    records = {row["source_id"] for row in real_rows["sources"] if row["role"] == "record"}
    assert records <= cited, sorted(records - cited)  # every record source is used by some claim


def test_relative_dates_resolved_against_publication(events):
    resolved = {e: events[e]["date"] for e in ("E02", "E04", "E05", "E12", "E15")}
    assert resolved == {"E02": "2022-05-06", "E04": "2022-03-26", "E05": "2021-12-18", "E12": "2022-03-08", "E15": "2022-05"}
    assert events["E15"]["status"] == "scheduled"


def test_ongoing_events_are_open_ended(events):
    for event_id, row in events.items():
        assert (row["status"] == "ongoing") == (row["date_end"] == ".."), event_id
        assert row["date_end"] in {"", ".."}, event_id


def test_stated_places(events):
    places = {e: (row["location"], row["country"], row["geo_precision"]) for e, row in events.items() if row["geo_precision"] == "town"}
    assert places == {"E02": ("Berkane", "MA", "town"), "E04": ("Oujda", "MA", "town"), "E12": ("Rabat", "MA", "town"),
                      "E20": ("Moroccan embassy, Washington", "US", "town")}
