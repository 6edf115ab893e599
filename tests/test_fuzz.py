"""Fuzz: seeded mutated copies of the real package, one hostile value in one random cell each, and in half
of them a descriptor that drops every constraint it can (enums, patterns, required, ranges, foreign keys).

Whatever the value, ``load()`` (which validates first) either returns or raises ``DataPackageError``:
``validate`` never raises, and a package that validates always loads — the validator and the loaders
share one definition of a valid cell. And a package that loads always makes its pages: what every report
notebook computes from it (findings as Markdown, tables as HTML, the article page, the claims line; with
``FUZZ_PAGES=all`` every figure too) is built without an exception — ``validate`` ok ⇒ ``report`` ok,
whatever the descriptor relaxes, because the validator checks the code's own contract itself. No page
holds a control character, and no finding's Markdown makes a link, emphasis or strikethrough from the
data. The printed problems hold no control character.
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from analysis.load import EventData, load
from analysis.paths import DATA
from analysis.validate import DataPackageError

# 25 mutations take ≈ 25 s here (each a full validate + load, ≈ 0.3 s, and for the ones that load, the pages of
# one language, ≈ 2.5 s); FUZZ_MUTATIONS=2000 FUZZ_SEED=… FUZZ_PAGES=all runs a longer hunt.
SEED = int(os.environ.get("FUZZ_SEED", "20260529"))
MUTATIONS = int(os.environ.get("FUZZ_MUTATIONS", "25"))
ALL_PAGES = os.environ.get("FUZZ_PAGES") == "all"
TABLES = ("events.csv", "mentions.csv", "agencies.csv", "sources.csv", "actors.csv", "event_types.csv", "cooperation_types.csv")
HOSTILE = [
    "", " ", "\t", "٣", "٣٤.٩٢", "١٢٣٤٥", "3_000", "3,000", "1" * 26, str(2**63), str(-(2**63) - 1), "-0", "007",
    "NaN", "nan", "inf", "-Infinity", "1e3", "0x10", "+5", "4.0", "0000", "0000-01-01", "9999-12-31", "1677-09-20",
    "2022-02-29", "2022-13", "2022-00", "٢٠٢٢-٠٥-٠٨", "20220508", "..", "true", "1", "yes", "\x00", "\x1b[31m", "\r",
    "\x85", "\u202e", "\ud800", "\udc80", ";", ";;;", "; ;", ">", "A>A", "@", "@MA>US", "E01", "M01", "E99", "FBI",
    "x" * 140_000, "ا" * 5_000, "\ufeff", "𝟚", "²", "½", "-1", "0", "90.0000001", "-180.5", "<script>", "'", '"',
    # what the code relies on, when the descriptor no longer says it
    "maybe", "other", "E07", "M12", "C99", "incident", "cooperation", "record", "article", "unknown", "day",
    # text that is not plain text, or markup and links in text
    "\x07", "\x0b", "\x0c", "\ufffe", "\uffff", "\u202b", "\u2067", "\u2067x\u2069", "\u200b", "\u064e", "   ",
    unicodedata.normalize("NFD", "إرهاب"), "~~x~~", "http://evil.example/x", "www.evil.example", "a@b.example",
    "[x](javascript:alert(1))", "**bold** _i_ `c` $x$", "# heading", "1. item", "> quote", "| a | b |",
]
RELAXED = ("enum", "pattern", "required", "minimum", "maximum")


def _copy(tmp: Path) -> Path:
    root = tmp / "data"
    shutil.copytree(DATA, root)
    return root


def _relax(root: Path) -> None:
    """The descriptor without its constraints and foreign keys (types and primary keys stay: the code's
    contract names them, and their absence is reported as such)."""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["schema"].pop("foreignKeys", None)
        for spec in resource["schema"]["fields"]:
            for key in RELAXED:
                spec.get("constraints", {}).pop(key, None)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def _pages(data, lang: str, every_figure: bool) -> list[str]:
    """What the report notebooks compute from the package, as text: findings (Markdown), tables (HTML),
    the claims line, the article page; with ``every_figure`` every figure's plotly JSON."""
    import matplotlib.pyplot as plt

    from analysis import criticism, figures, findings, tables
    from analysis.report.article import article_page

    out = [findings.show(make(data, lang), lang).markdown() for make in
           (findings.overview, findings.incidents, findings.agencies, findings.cooperation, findings.source_criticism)]
    out.append(findings.claims_summary(data, lang))
    first = data.events["event_id"].iloc[0]
    attack = criticism.major_attack_claims(data)
    out.append(findings.major_attack(data, lang))
    frames = [tables.event_table(data, lang), tables.event_record(data, first, lang), tables.event_quotes(data, first, lang),
              tables.incident_table(data, lang), tables.type_table(data, lang), tables.cooperation_bodies(data, lang),
              criticism.verdict_table(data, attack, lang), tables.pair_table(data, lang),
              tables.flow_table(data, lang), tables.body_table(data, lang), tables.context_table(data, lang),
              criticism.agency_table(data, lang), criticism.date_table(data, lang),
              criticism.discrepancy_table(data, lang), criticism.source_table(data, lang)]
    if len(attack):
        frames.append(criticism.source_list(data, attack["sources"].iloc[0], lang))
    out += [tables.show(frame, "fuzz", lang == "ar").to_html() for frame in frames]
    out.append(article_page(data, lang, ("en", "ar")))
    if every_figure:
        for make in figures.ALL.values():
            chart = make(data, lang)
            out.append(json.dumps(chart.plotly_json()))
            plt.close(chart.static)
    return out


def _assert_plain(pages: list[str], what: str) -> None:
    """No control character (but line breaks and tabs) in any page; no link, emphasis, strikethrough or
    code made from data text in a finding's Markdown."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    for page in pages:
        bad = [ch for ch in page if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
        assert not bad, (what, bad[:3])
    for markdown in pages[:5]:
        rendered = markdown2html_mistune(markdown)
        # (the Arabic list is right-to-left HTML: <ul dir=… style=…>, <li dir=… style=…>, and nothing else)
        assert not re.search(r'<(?!/?(?:ul|li)(?:\s+(?:dir|style)="[^"<>]*")*>)', rendered), (what, rendered[:300])


def _mutate(root: Path, rng: random.Random) -> str:
    name = rng.choice(TABLES)
    with open(root / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    row, column = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
    value = rng.choice(HOSTILE)
    if rng.random() < 0.3 and value:  # sometimes keep the old cell and add the hostile text to it
        value = rows[row][column] + value if rng.random() < 0.5 else value + rows[row][column]
    rows[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (root / name).write_bytes(out.getvalue().encode("utf-8", errors="surrogatepass"))
    return f"{name} row {row + 1} column {rows[0][column]} = {value[:40]!r}"


def test_fuzz_validate_ok_means_load_ok_and_pages_ok(tmp_path: Path):
    rng = random.Random(SEED)
    outcomes = {"loaded": 0, "refused": 0, "relaxed": 0}
    for i in range(MUTATIONS):
        root = _copy(tmp_path / str(i))
        relaxed = rng.random() < 0.5
        if relaxed:
            _relax(root)
            outcomes["relaxed"] += 1
        what = ("relaxed descriptor, " if relaxed else "") + _mutate(root, rng)
        try:
            data = load(root)  # validates first
        except DataPackageError as exc:
            assert exc.problems, what
            for line in map(str, exc.problems):
                assert not any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in line), (what, line)
            outcomes["refused"] += 1
        except Exception as exc:  # noqa: BLE001 - the property under test: nothing else escapes
            pytest.fail(f"{what}: {type(exc).__name__}: {exc}")
        else:
            assert isinstance(data, EventData)
            outcomes["loaded"] += 1
            lang = ("en", "ar")[outcomes["loaded"] % 2]
            try:
                pages = _pages(data, lang, ALL_PAGES)
            except Exception as exc:  # noqa: BLE001 - validate ok, load ok, and still a page fails: the bug
                pytest.fail(f"{what}: validates and loads, but the {lang} pages fail: {type(exc).__name__}: {exc}")
            _assert_plain(pages, what)
        shutil.rmtree(root)
    # the fuzz exercises both sides of the property
    assert outcomes["loaded"] >= MUTATIONS // 20 and outcomes["refused"] >= MUTATIONS // 2, outcomes
