"""The annotated article (analysis/report/article.py) on the real data: each highlight's mention and event ids
written after it (no hover needed), our English gloss of every passage on the English page (and none on the
Arabic one: its reader reads the article), and every event whose date the record contradicts flagged in the text
and in the event list, with the record's date, the claim and a link to the verdict in notebook 05."""
from __future__ import annotations

import csv
import html
import re

import pytest

from analysis.paths import DATA
from analysis.report.article import article_page

VERDICTS = "analyst/05-source-criticism.html"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def pages(real):
    return {lang: article_page(real, lang, ("en", "ar"), VERDICTS) for lang in ("en", "ar")}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_highlight_shows_its_ids(pages, lang):
    mentions = _rows("mentions")
    tags = re.findall(r'<a class="report-mention-tag [a-z]+" href="#(E\d+)"[^>]*><bdi dir="ltr">(M\d+) · (E\d+)</bdi>',
                      pages[lang])
    assert sorted((m, e) for e_href, m, e in tags if e_href == e) == sorted((r["mention_id"], r["event_id"]) for r in mentions)


def test_the_english_page_glosses_every_passage_and_the_arabic_page_none(pages):
    mentions = _rows("mentions")
    glosses = re.findall(r'<li><a href="#(M\d+)"><bdi>M\d+</bdi></a> · <a href="#(E\d+)"><bdi>E\d+</bdi></a>: ([^<]*)</li>',
                         pages["en"])
    assert sorted(m for m, _e, _g in glosses) == sorted(r["mention_id"] for r in mentions)
    by_id = {r["mention_id"]: r["gloss_en"] for r in mentions}
    for mention, _event, gloss in glosses:
        # (isolates aside, and a number kept with its noun by a no-break space)
        assert re.sub("[\u2066-\u2069]", "", html.unescape(gloss)).replace("\u00a0", " ") == by_id[mention]
    assert 'class="report-gloss" lang="en" dir="ltr"' in pages["en"]
    assert "report-gloss" not in pages["ar"]
    # the gloss of a passage follows the paragraph where the passage starts: M06 right after the Oujda paragraph
    oujda = pages["en"].index('id="M06"')
    assert pages["en"].index('<a href="#M06"><bdi>M06</bdi>', oujda) < pages["en"].index("<p>", oujda)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_contradicted_dates_are_marked_and_linked_to_their_verdict(pages, lang):
    wrong = {r["event_id"]: r for r in _rows("claims") if r["field"] == "date" and r["verdict"] == "contradicted"}
    assert {"E04", "E05"} <= set(wrong)
    page = pages[lang]
    flag = "date contradicted by the record" if lang == "en" else "تاريخه يناقضه السجل"
    # (the flag is isolated where its language differs from the article's: <bdi> on the English page)
    flagged = set(re.findall(r'href="#(E\d+)"[^>]*><bdi dir="ltr">M\d+ · E\d+</bdi> <span class="report-mention-flag">'
                             r'(?:<bdi[^>]*>)?' + flag, page))
    assert flagged == set(wrong)
    for event_id, claim in wrong.items():
        item = page[page.index(f'<li id="{event_id}"'):]
        item = item[:item.index("</li>")]
        plain = re.sub("[\u2066-\u2069]", "", html.unescape(item))
        assert claim["record_value"] in plain and claim["article_value"] in plain and claim["claim_id"] in plain
        assert f'href="{VERDICTS}#{claim["claim_id"]}"' in item



def test_without_a_source_criticism_page_the_article_links_to_no_verdict(real):
    assert "05-source-criticism" not in article_page(real, "en", ("en",))
