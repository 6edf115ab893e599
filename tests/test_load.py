"""``load()``: typed columns, date bounds at each precision, vocabulary-ordered categoricals, long tables,
and the same frames from a package a spreadsheet has re-saved (BOM, CRLF)."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pandas.testing as pdt
import pytest

from analysis import tidy
from analysis.load import GEO_ORDER, PRECISION_ORDER, SIDES, STATUS_ORDER, load
from analysis.validate import check

PUBLISHED = pd.Timestamp("2022-05-08")
TABLES = ("sources", "events", "mentions", "agencies", "actors", "event_types", "cooperation_types")


def _event(data, event_id: str) -> pd.Series:
    rows = data.events[data.events["event_id"] == event_id]
    assert len(rows) == 1
    return rows.iloc[0]


def _items(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


# --- typed columns --------------------------------------------------------------------------------

def test_counts_are_nullable_integers(real_data):
    events = real_data.events
    assert events["people_arrested"].dtype == "Int64" and events["people_killed"].dtype == "Int64"
    assert pd.isna(_event(real_data, "E05")["people_arrested"])  # not stated: NA, never 0
    assert _event(real_data, "E04")["people_arrested"] == 4
    assert _event(real_data, "E03")["people_killed"] == 2
    assert pd.isna(_event(real_data, "E03")["people_arrested"])
    assert events["people_arrested"].notna().sum() == 3
    assert int(events["people_arrested"].sum()) == 1 + 4 + 1


def test_coordinates_are_floats(real_data):
    e02 = _event(real_data, "E02")
    assert real_data.events["latitude"].dtype == "Float64"
    assert (e02["latitude"], e02["longitude"]) == (pytest.approx(34.92), pytest.approx(-2.32))
    assert pd.isna(_event(real_data, "E01")["latitude"])


def test_blank_text_is_na(real_data):
    e16 = _event(real_data, "E16")
    assert pd.isna(e16["date"]) and pd.isna(e16["date_text"]) and pd.isna(e16["flows"])
    assert pd.isna(_event(real_data, "E03")["agencies"])


def test_sources_and_mentions_types(real_data):
    source = real_data.sources.iloc[0]
    assert source["published"] == PUBLISHED
    assert real_data.sources["bytes"].dtype == "Int64" and source["bytes"] == 11889  # blank for record sources
    assert source["role"] == "article" and real_data.published == PUBLISHED
    records = real_data.sources[real_data.sources["role"] == "record"]
    assert len(records) > 0 and records["bytes"].isna().all() and records["url"].notna().all()
    # a record source may be dated to the month or year only: the text keeps its precision
    assert set(records["published_text"].str.len()) <= {4, 7, 10}
    assert set(records["published_text"].map(len)) == {4, 7, 10}  # e.g. the 2001 embassy cable: a year only
    first_days = {"2001": "2001-01-01", "2021-12": "2021-12-01", "2022-05-06": "2022-05-06"}
    for text, day in first_days.items():
        assert (records.loc[records["published_text"] == text, "published"] == pd.Timestamp(day)).all()
    assert real_data.mentions["char_start"].dtype == "int64" and real_data.mentions["char_end"].dtype == "int64"
    assert pd.isna(real_data.mentions.set_index("mention_id").loc["M24", "prefix"])  # the pull quote stands alone


def test_generic_is_boolean(real_data):
    agencies = real_data.agencies.set_index("agency_id")
    assert agencies["generic"].dtype == bool
    assert bool(agencies.loc["US_INTEL", "generic"]) is True
    assert bool(agencies.loc["CIA", "generic"]) is False


def test_cameo_code_keeps_its_leading_zero(real_data):
    codes = real_data.cooperation_types.set_index("cooperation_type")["cameo_code"]
    assert codes["intel_sharing"] == "064"
    assert codes["dialogue"] == "040"
    assert pd.isna(codes["multilateral"])


def test_side(real_data):
    side = real_data.agencies.set_index("agency_id")["side"]
    assert list(side.cat.categories) == SIDES and side.cat.ordered
    assert (side["DGST"], side["FBI"], side["GCTF"], side["FR_GOV"]) == ("Morocco", "United States", "Multilateral", "Other")


# --- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("event_id", "start", "stop"), [
    ("E02", "2022-05-06", "2022-05-06"),   # day
    ("E01", "2021-06-01", "2021-06-30"),   # month: first and last day
    ("E15", "2022-05-01", "2022-05-31"),   # month, scheduled
    ("E03", "2018-01-01", "2018-12-31"),   # year: 1 January to 31 December
    ("E08", "2001-01-01", "2001-12-31"),
    ("E09", "2001-01-01", "2022-05-08"),   # open-ended: runs to the publication date
    ("E10", "2001-01-01", "2022-05-08"),
])
def test_date_bounds_follow_precision(real_data, event_id: str, start: str, stop: str):
    event = _event(real_data, event_id)
    assert (event["date_start"], event["date_stop"]) == (pd.Timestamp(start), pd.Timestamp(stop))


@pytest.mark.parametrize("event_id", ["E16", "E17", "E18", "E11", "E22"])
def test_undated_events_have_no_bounds(real_data, event_id: str):
    event = _event(real_data, event_id)
    assert pd.isna(event["date_start"]) and pd.isna(event["date_stop"]) and pd.isna(event["year"])


def test_open_ended_flag(real_data):
    events = real_data.events.set_index("event_id")
    assert events["open_ended"].dtype == bool
    assert set(events.index[events["open_ended"]]) == {"E09", "E10", "E11", "E13", "E14", "E19", "E20", "E21", "E22"}
    # only the scheduled meeting reaches past the publication date
    assert list(events.index[events["date_stop"] > PUBLISHED]) == ["E15"]
    assert events["year"].dtype == "Int64" and events.loc["E06", "year"] == 2021


def test_date_end_gives_the_stop(package_copy):
    """A closed period stops at the end of its date_end, at date_end's own precision."""
    path = package_copy / "events.csv"
    text = path.read_bytes().decode("utf-8")
    old = "E01,occurred,2021-06,,month,"
    assert text.count(old) == 1
    path.write_bytes(text.replace(old, "E01,occurred,2021-06,2021-07,month,").encode("utf-8"))
    event = load(package_copy).events.set_index("event_id").loc["E01"]
    assert (event["date_start"], event["date_stop"]) == (pd.Timestamp("2021-06-01"), pd.Timestamp("2021-07-31"))
    assert not event["open_ended"]


# --- ordered categoricals -------------------------------------------------------------------------

def test_categoricals_follow_the_vocabulary_order(real_data, real_rows):
    events = real_data.events
    for column, order in (("date_precision", PRECISION_ORDER), ("status", STATUS_ORDER), ("geo_precision", GEO_ORDER)):
        assert events[column].cat.ordered and list(events[column].cat.categories) == order
    assert PRECISION_ORDER == ["day", "month", "year", "unknown"]
    event_type_order = [row["event_type"] for row in real_rows["event_types"]]
    assert list(events["event_type"].cat.categories) == event_type_order
    assert events["event_type"].cat.ordered
    assert list(events["category"].cat.categories) == ["incident", "cooperation"]
    assert (events.set_index("event_id")["category"] == "incident").sum() == 7
    # order, not alphabet: 'arrest' before 'attack' before 'declaration', 'training' before 'exercise'
    assert events["event_type"].min() == "arrest"
    assert pd.Categorical(["training", "exercise"], dtype=events["event_type"].dtype).max() == "exercise"
    cooperation_order = [row["cooperation_type"] for row in real_rows["cooperation_types"]]
    assert list(real_data.event_cooperation["cooperation_type"].cat.categories) == cooperation_order
    assert list(real_data.event_types["category"].cat.categories) == ["incident", "cooperation"]


def test_no_category_value_is_lost(real_data, real_rows):
    """A value outside its categories would silently become NaN."""
    for column in ("date_precision", "status", "geo_precision", "event_type", "category"):
        assert real_data.events[column].notna().all(), column
    assert list(real_data.events["event_type"].astype(str)) == [row["event_type"] for row in real_rows["events"]]


# --- long tables ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("frame", "column"), [
    ("event_agencies", "agencies"), ("event_cooperation", "cooperation_types"),
    ("event_actors", "actors"), ("flows", "flows"),
])
def test_long_tables_have_one_row_per_item(real_data, real_rows, frame: str, column: str):
    long = getattr(real_data, frame)
    expected = [(row["event_id"], n) for row in real_rows["events"] for n in [len(_items(row[column]))] if n]
    counted = long.groupby("event_id", sort=False).size()
    assert sorted(counted.items()) == sorted(expected)
    assert len(long) == sum(n for _, n in expected)
    assert long.index.is_unique and list(long.index) == list(range(len(long)))


def test_long_tables_hand_counted(real_data):
    size = lambda frame, event_id: int((getattr(real_data, frame)["event_id"] == event_id).sum())  # noqa: E731
    assert size("event_agencies", "E04") == 2    # MA_SECURITY;US_SECURITY (the BCIJ only comments)
    assert size("event_agencies", "E11") == 5    # Morocco and four European governments
    assert size("event_agencies", "E03") == 0    # the attack has no agency
    assert size("event_cooperation", "E12") == 3  # dialogue, endorsement, commitment
    assert size("event_cooperation", "E09") == 2  # intel_sharing twice, with two directions
    assert size("event_actors", "E12") == 2       # AQIM;ISIS
    assert size("flows", "E06") == 2              # DGST>FBI;MA_INTEL>CIA
    assert size("event_agencies", "E16") == 3    # MA_INTEL;DEA;FBI, as the article names them
    assert len(real_data.event_agencies) == 42 and len(real_data.flows) == 4


def test_direction_is_parsed(real_data):
    coop = real_data.event_cooperation
    assert list(coop["direction"].cat.categories) == ["MA>US", "US>MA", "mutual"]
    e06 = coop[coop["event_id"] == "E06"]
    assert list(e06["cooperation_type"].astype(str)) == ["intel_sharing"] and list(e06["direction"]) == ["MA>US"]
    e09 = coop[coop["event_id"] == "E09"]
    assert list(e09["direction"]) == ["mutual", "MA>US"]
    e02 = coop[coop["event_id"] == "E02"]
    assert list(e02["cooperation_type"].astype(str)) == ["unspecified"] and e02["direction"].isna().all()
    assert coop["cooperation_type"].notna().all()
    assert not coop["cooperation_type"].astype(str).str.contains("@").any()


def test_flows_are_parsed(real_data):
    flows = real_data.flows
    e06 = flows[flows["event_id"] == "E06"]
    assert list(zip(e06["source"], e06["target"])) == [("DGST", "FBI"), ("MA_INTEL", "CIA")]
    assert list(flows.columns) == ["event_id", "source", "target"]


def test_event_agencies_carry_the_agency(real_data):
    long = real_data.event_agencies
    row = long[(long["event_id"] == "E05") & (long["agency_id"] == "US_INTEL")].iloc[0]
    assert bool(row["generic"]) and row["side"] == "United States" and row["kind"] == "intelligence"
    assert long["name_en"].notna().all()


def test_split_list_strips_drops_empty_and_resets_index():
    frame = pd.DataFrame({"event_id": ["E1", "E2", "E3", "E4"], "x": ["A; ;B", pd.NA, "", " C "]}, index=[7, 7, 7, 7])
    long = tidy.split_list(frame, "x", "item")
    assert list(zip(long["event_id"], long["item"])) == [("E1", "A"), ("E1", "B"), ("E4", "C")]
    assert list(long.index) == [0, 1, 2]


# --- mentions.line --------------------------------------------------------------------------------

def test_mention_line(real_data):
    line = real_data.mentions.set_index("mention_id")["line"]
    assert (line["M01"], line["M02"], line["M09"], line["M11"], line["M24"], line["M31"]) == (4, 7, 26, 28, 49, 57)
    text = real_data.texts["alaraby-2022-05-08"].split("\n")
    for mention in real_data.mentions.itertuples():
        assert mention.quote in text[mention.line - 1], mention.mention_id


# --- a spreadsheet re-save changes nothing --------------------------------------------------------

VARIANTS = {
    "bom": lambda raw: b"\xef\xbb\xbf" + raw,
    "crlf": lambda raw: raw.replace(b"\n", b"\r\n"),
    "bom+crlf": lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
}


def _assert_same(loaded, reference) -> None:
    for field in dataclasses.fields(reference):
        if field.name == "texts":
            assert loaded.texts == reference.texts
        else:
            pdt.assert_frame_equal(getattr(loaded, field.name), getattr(reference, field.name), obj=field.name)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("table", TABLES)
def test_spreadsheet_resave_loads_the_same(package_copy, real_data, table: str, variant: str):
    path = package_copy / f"{table}.csv"
    original = path.read_bytes()
    path.write_bytes(VARIANTS[variant](original))
    assert path.read_bytes() != original
    assert check(package_copy).problems == []
    _assert_same(load(package_copy), real_data)
