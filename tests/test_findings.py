"""The findings each notebook opens with, and the tables for people: wholly in the page's language, counts
that agree with their nouns (CLDR categories through the catalog), no NaN-like token anywhere, every event
named where it appears."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from analysis import criticism, findings, tables
from analysis.i18n import n_

NOTEBOOK_FINDINGS = {"01": findings.overview, "02": findings.incidents, "03": findings.agencies,
                     "04": findings.cooperation, "05": findings.source_criticism}
NA_LIKE = re.compile(r"(?<![A-Za-z])(NaN|<NA>|nan|None|NaT)(?![A-Za-z])|\(s\)")
ISOLATED = re.compile("[\u2066\u2068][^\u2069]*\u2069")




def _sentences(data, lang):
    out = [s for f in NOTEBOOK_FINDINGS.values() for s in f(data, lang)]
    return out + [findings.claims_summary(data, lang), findings.caveat(lang), findings.caveat(lang, "05")]


def _letters(text: str) -> tuple[int, int]:
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff" and ch.isalpha())
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return arabic, latin


@pytest.mark.parametrize("package", ["real", "mini"])
def test_arabic_findings_are_arabic(package, request):
    data = request.getfixturevalue(package)
    for sentence in _sentences(data, "ar"):
        outside = ISOLATED.sub("", sentence)  # ids, dates and codes are isolated Latin runs
        arabic, latin = _letters(outside)
        assert arabic / (arabic + latin) >= 0.9, sentence
        assert re.findall(r"[A-Za-z]+", outside) == [], sentence  # no English word outside an isolate


@pytest.mark.parametrize("package", ["real", "mini"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_nan_like_tokens_and_no_hedged_plurals(package, lang, request):
    data = request.getfixturevalue(package)
    for sentence in _sentences(data, lang):
        assert not NA_LIKE.search(sentence), sentence


@pytest.mark.parametrize(("n", "expected"), [
    (1, ["في حادثة واحدة", "قتيل واحد", "هجوم واحد", "شخص واحد", "جهة واحدة"]),
    (2, ["في حادثتين", "قتيلان", "هجومان", "شخصان", "جهتان"]),
    (3, ["في 3 حوادث", "3 قتلى", "3 هجمات", "3 أشخاص", "3 جهات"]),
    (11, ["في 11 حادثةً", "11 قتيلاً", "11 هجوماً", "11 شخصاً", "11 جهةً"]),
])
def test_arabic_counts_agree(n, expected):
    got = [n_("in {n} incident", "in {n} incidents", n, "ar"), n_("{n} person killed", "{n} people killed", n, "ar"),
           n_("{n} attack", "{n} attacks", n, "ar"), n_("{n} person", "{n} people", n, "ar"),
           n_("{n} body", "{n} bodies", n, "ar")]
    assert got == expected


@pytest.mark.parametrize(("n", "expected"), [(1, "for 1 incident"), (2, "for 2 incidents"), (11, "for 11 incidents")])
def test_english_counts_agree(n, expected):
    assert n_("for {n} incident", "for {n} incidents", n, "en") == expected


def test_findings_agree_on_the_real_data(real, mini):
    ar = " ".join(findings.incidents(real, "ar"))
    assert "ويذكر عدد القتلى في حادثة واحدة (قتيلان)" in ar  # not "(2 قتلى)"
    claim = criticism.major_attack_claims(real).iloc[0]
    n = len(claim["sources"].split(";"))
    assert f"السجل العام ({n_('{n} source', '{n} sources', n, 'ar')}" in ar  # e.g. "(5 مصادر", not "(5 مصدراً"
    assert "وحادثتان بلا تاريخ" in ar  # not "و2 حوادث"
    en = " ".join(findings.incidents(real, "en"))
    assert "for 1 incident (2 people killed)" in en and f"({n} sources, claim {claim['claim_id']} in notebook 05)" in en
    # where the record has no verdict on the statement (the mini package), the table's count, in agreement
    assert "وفي الجدول هجوم واحد في المغرب" in " ".join(findings.incidents(mini, "ar"))  # not "1 هجوماً"
    assert "1 attack in Morocco" in " ".join(findings.incidents(mini, "en"))


def test_events_are_named_where_they_appear(real):
    assert findings.named(real, "E02", "en") == "E02, the arrest in Berkane"
    assert findings.named(real, "E02", "ar") == "\u2066E02\u2069، اعتقال في بركان"
    assert findings.named(real, "E06", "en") == "E06, the arrest of 19 January 2021"
    for lang in ("en", "ar"):
        for sentence in _sentences(real, lang):
            for event_id in re.findall(r"E\d\d", sentence):  # every id is followed by its name
                assert re.search(rf"{event_id}\u2069?(, |، )", sentence), (event_id, sentence)


def test_show_gives_markdown_and_plain_text(real):
    bundle = findings.show(["E02 *x*", "b"], "en")._repr_mimebundle_()
    assert bundle["text/plain"] == "E02 *x*\nb"
    assert bundle["text/markdown"] == "- E02 \\*x\\*\n- b"


@pytest.mark.parametrize("package", ["real", "mini"])
def test_mini_findings_state_the_numbers(package, request):
    data = request.getfixturevalue(package)
    en, ar = findings.overview(data, "en")[0], findings.overview(data, "ar")[0]
    n = len(data.events)
    assert f"The article reports {n} events" in en
    assert n_("{n} event", "{n} events", n, "ar") in ar


# ------------------------------------------------------------------ tables for people

class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.headers, self._skip, self._in = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        self._in = tag if tag in ("td", "th") else self._in

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")
        if tag in ("td", "th"):
            self._in = None

    def handle_data(self, data):
        if not self._skip and self._in:
            (self.headers if self._in == "th" else self.cells).append(data)


TABLES = {
    "events": lambda d, lang: tables.event_table(d, lang),
    "incidents": lambda d, lang: tables.incident_table(d, lang),
    "record": lambda d, lang: tables.event_record(d, d.events["event_id"].iloc[0], lang),
    "quotes": lambda d, lang: tables.event_quotes(d, d.mentions["event_id"].iloc[0], lang),
    "types": lambda d, lang: tables.type_table(d, lang),
    "cooperation-bodies": lambda d, lang: tables.cooperation_bodies(d, lang),
    "pairs": lambda d, lang: tables.pair_table(d, lang),
    "flows": lambda d, lang: tables.flow_table(d, lang),
    "bodies": lambda d, lang: tables.body_table(d, lang),
    "contexts": lambda d, lang: tables.context_table(d, lang),
}


@pytest.mark.parametrize("package", ["real", "mini"])
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_tables_for_people(package, lang, name, request):
    data = request.getfixturevalue(package)
    frame = TABLES[name](data, lang)
    html = tables.show(frame, name, rtl=lang == "ar").to_html()
    parsed = _Text()
    parsed.feed(html)
    text = " ".join(parsed.cells)
    assert not NA_LIKE.search(text), name
    assert "row_heading" not in html and "blank level0" not in html  # no index column
    for header in parsed.headers:
        arabic, latin = _letters(header)
        assert (latin == 0 and arabic > 0) if lang == "ar" else (arabic == 0 and latin > 0), header
    if lang == "ar":
        assert 'dir="rtl"' in html
    assert not frame.isna().any().any()


def test_blank_cells_say_not_stated(real):
    table = tables.event_table(real, "ar").set_index("الحدث")
    assert table.loc["\u2066E01\u2069", "المكان"] == "غير مذكور"
    assert tables.event_table(real, "en").set_index("Event").loc["E01", "Killed"] == "not stated"


def test_quotes_are_whole(real):
    quotes = tables.event_quotes(real, "E06", "en")["The article's words"].tolist()
    assert quotes == real.mentions.query("event_id == 'E06'").sort_values("char_start")["quote"].tolist()


# ------------------------------------------------------------------ directions, recounted from the CSV

def _recount_directions() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """From data/events.csv with the csv module alone: every event carrying each coded direction (an event with
    a type and no direction counts under 'not stated'), and every event whose stated flows run between the two
    sides (from agencies.csv's countries)."""
    import csv

    from analysis.paths import DATA

    with (DATA / "agencies.csv").open(encoding="utf-8") as f:
        country = {r["agency_id"]: r["country"] for r in csv.DictReader(f)}
    directions: dict[str, set[str]] = {"MA>US": set(), "US>MA": set(), "mutual": set(), "not stated": set()}
    flows: dict[str, set[str]] = {"MA>US": set(), "US>MA": set()}
    with (DATA / "events.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_type: dict[str, set[str]] = {}
            for item in filter(None, (i.strip() for i in row["cooperation_types"].split(";"))):
                kind, _at, direction = item.partition("@")
                by_type.setdefault(kind, set()).update({direction} if direction else set())
            for kind, found in by_type.items():
                for direction in found or {"not stated"}:
                    directions[direction].add(row["event_id"])
            for flow in filter(None, row["flows"].split(";")):
                source, _gt, target = flow.partition(">")
                key = f"{country[source]}>{country[target]}"
                if key in flows:
                    flows[key].add(row["event_id"])
    return directions, flows


def test_directions_recounted_from_the_csv_agree_with_notebooks_03_and_04(real):
    """Every coded direction of an event is counted (E09 is intel_sharing@mutual;intel_sharing@MA>US: Morocco → US
    and both ways), in the aggregation, the chart and the findings of 04; and 03's stated flows agree with 04's
    directions (an event whose flow runs Morocco → US is among 04's Morocco → US events)."""
    from analysis import aggregate as agg
    from analysis import figures

    directions, flows = _recount_directions()
    assert "E09" in directions["MA>US"] and "E09" in directions["mutual"]
    by = agg.direction_events(real.event_cooperation)
    assert {d: set(ids) for d, ids in by.items()} == directions
    for side, events in flows.items():
        assert events <= directions[side], side  # 03 and 04 agree
    chart = figures.cooperation_by_direction(real, "en").frame
    assert int(chart.loc[chart["direction"] == "MA>US", "events"].sum()) == sum(
        1 for e in directions["MA>US"] for item in _types_with(e, "MA>US"))
    text = " ".join(findings.cooperation(real, "en"))
    for direction, label in (("MA>US", "Morocco → US"), ("US>MA", "US → Morocco")):
        ids = sorted(directions[direction])
        named = "; ".join(findings.named(real, i, "en") for i in ids)
        assert f"{label} in {len(ids)} of them ({named})" in text
    assert f"both ways in {len(directions['mutual'])} of them" in text
    flow_text = " ".join(findings.agencies(real, "en"))
    ids = sorted(flows["MA>US"])
    assert f"in {len(ids)} of them it went from Morocco to the US ({'; '.join(findings.named(real, i, 'en') for i in ids)})" in flow_text


def _types_with(event_id: str, direction: str) -> list[str]:
    import csv

    from analysis.paths import DATA

    with (DATA / "events.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["event_id"] == event_id)
    return sorted({i.partition("@")[0] for i in row["cooperation_types"].split(";") if i.partition("@")[2] == direction})


def test_the_major_attack_claim_shows_the_record_s_verdict(real):
    """02's "one major attack in ten years" gives the record's verdict and its sources, from claims.csv (not the
    article set against its own table)."""
    import csv

    from analysis.paths import DATA

    with (DATA / "claims.csv").open(encoding="utf-8") as f:
        claim = next(r for r in csv.DictReader(f) if r["event_id"] == "E03" and r["field"] == "other")
    n = len([s for s in claim["sources"].split(";") if s])
    en = findings.major_attack(real, "en")
    verdict = {"confirmed": "the public record bears it out", "partly": "only in part", "contradicted": "contradicts it",
               "unverified": "nothing was found"}[claim["verdict"]]
    assert verdict in en and f"{n} sources" in en and claim["claim_id"] in en
    assert claim["record_value"].rstrip(".")[1:] in en
    ar = findings.major_attack(real, "ar")
    assert "السجل العام" in ar and claim["claim_id"] in ar
    assert "\u20662011-04-28\u2069" in ar or "2011-04-28" not in claim["record_value_ar"]  # an ISO date isolated
    table = criticism.verdict_table(real, criticism.statement_claims(real, ["E03"]), "en")
    assert table.iloc[0, 0] == claim["claim_id"] and len(criticism.source_list(real, claim["sources"], "en")) == n


def test_arabic_inside_english_and_latin_inside_arabic_is_isolated():
    """The shared helper: the article's Arabic date words inside an English sentence are one right-to-left isolate
    (a number after them stays in the English line: not "«26 26 — «مارس/آذار الماضي March 2022"), an ISO date
    inside Arabic one left-to-right isolate; running it twice changes nothing."""
    from analysis import style

    english = "The article dates the Oujda cell (E04) «26 مارس/آذار الماضي» — 26 March 2022."
    done = style.isolate_runs(english, "en")
    assert done == "The article dates the Oujda cell (E04) «\u206726 مارس/آذار الماضي\u2069» — 26 March 2022."
    assert style.isolate_runs(done, "en") == done
    assert style.isolate_runs("the words 26 مارس الماضي give 2022", "en") == "the words \u206726 مارس الماضي\u2069 give 2022"
    assert style.isolate_runs("«بيان (DGST) في 2021-03-25»", "en") == "«\u2067بيان (\u2066DGST\u2069) في \u20662021-03-25\u2069\u2069»"
    arabic = "يؤرّخ السجل الخلية بـ2021-03-25 لا 2022-03-26"
    assert style.isolate_runs(arabic, "ar") == "يؤرّخ السجل الخلية بـ\u20662021-03-25\u2069 لا \u20662022-03-26\u2069"
    assert style.isolate_runs("plain English, 26 March 2022", "en") == "plain English, 26 March 2022"


@pytest.mark.parametrize(("text", "width"), [("Cooperation types by stated direction — 20 events; an event can carry", 30),
                                             ("أنواع التعاون حسب الاتجاه المذكور – 20 حدثاً؛ قد يحمل الحدث", 35),
                                             ("a b c d e f g h 366 days later", 16)])
def test_a_number_and_its_noun_never_split(text, width):
    from analysis import style

    lines = style.wrap_chars(text, width)
    assert " ".join(lines) == text
    assert not any(re.fullmatch(r".*\s\d+", line) for line in lines[:-1]), lines


def test_arabic_findings_are_right_to_left_html(real):
    """In Arabic the list is HTML that reads right to left wherever the notebook is read (analysis.rtl)."""
    bundle = findings.show(["\u2066E02\u2069، اعتقال *في* بركان", "ب"], "ar")._repr_mimebundle_()
    html = bundle["text/markdown"]
    assert html.startswith('<ul dir="rtl"') and html.count('<li dir="rtl" style="text-align: right">') == 2
    assert "\\*" not in html and "*في*" in html  # escaped Markdown stays literal text
    assert bundle["text/plain"] == "\u2066E02\u2069، اعتقال *في* بركان\nب"


HOSTILE_TEXT = ["see http://evil.example/x and www.evil.example", "mail a@b.example", "~~struck~~", "**bold** _it_",
                "`code`", "[a link](http://x)", "![img](x)", "<b>html</b> &amp;", "$x^2$ math", "| a | b |",
                "1. an ordered list", "# a heading", "> a quote", "- a list", "+ a list", "    indented code",
                "trailing two spaces  ", "a\\\\backslash", "E04 وقعت في 26 مارس: [رابط](http://x)"]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_markdown_from_data_shows_the_text_and_nothing_else(text):
    """Whatever a sentence holds, its Markdown renders as that text: no link (bare URLs, www., e-mail), no
    strikethrough, emphasis, code, image, HTML, heading, list, quote or table — in nbconvert's renderer (the
    site's) and in a CommonMark renderer with GFM strikethrough and tables; '$' is escaped for Jupyter's math."""
    import html

    from markdown_it import MarkdownIt
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    markdown = findings.show([text], "en").markdown()
    assert "$" not in markdown.replace("\\$", "")
    expected = html.escape(" ".join(text.split()), quote=False)
    for render in (markdown2html_mistune, MarkdownIt("commonmark").enable(["table", "strikethrough"]).render):
        rendered = render(markdown)
        assert re.fullmatch(r"\s*<ul>\s*<li>(.*)</li>\s*</ul>\s*", rendered, re.S), rendered
        inner = re.fullmatch(r"\s*<ul>\s*<li>(.*)</li>\s*</ul>\s*", rendered, re.S).group(1)
        assert inner == expected, (inner, expected)
