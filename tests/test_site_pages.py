"""The site's own pages, piece by piece: bidi runs, the text pass, addresses, the answer, the totals, the zip."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from analysis import bidi
from analysis.report import textpass
from analysis.report.site import web_link

LRI, RLI, PDI = bidi.LRI, bidi.RLI, bidi.PDI


@pytest.mark.parametrize(("text", "lang", "expected"), [
    # the scrambled E04 date of the guide: the Arabic quote with its guillemets and its digits is one run
    ("(E04) «26 مارس/آذار الماضي» — 26 March 2022", "en", f"(E04) {RLI}«26 مارس/آذار الماضي»{PDI} — 26 March 2022"),
    ("dated «عام 2018» in 2018", "en", f"dated {RLI}«عام 2018»{PDI} in 2018"),
    ('«تنظيم "داعش"» (M06)', "en", f'{RLI}«تنظيم "داعش"»{PDI} (M06)'),
    # ISO dates, ids, acronyms, a Latin title with its parentheses, a number with its unit
    ("يابلادي، 2021-03-25", "ar", f"يابلادي، {LRI}2021-03-25{PDI}"),
    ("في 2022 (M06) وعنوان Daesh Supporter Arrested (BCIJ) هنا", "ar",
     f"في 2022 ({LRI}M06{PDI}) وعنوان {LRI}Daesh Supporter Arrested (BCIJ){PDI} هنا"),
    ("4.8 MB و8 May 2022", "ar", f"{LRI}4.8 MB{PDI} و{LRI}8 May 2022{PDI}"),
    # a plain number stays with the Arabic noun it counts
    ("قال FBI 21 حدثاً", "ar", f"قال {LRI}FBI{PDI} 21 حدثاً"),
    ("21 حدثاً منذ 2001", "ar", "21 حدثاً منذ 2001"),
    # runs already isolated (nested too) are kept
    (f"{RLI}(رمز {LRI}CAMEO 064{PDI}){PDI} FBI", "ar", f"{RLI}(رمز {LRI}CAMEO 064{PDI}){PDI} {LRI}FBI{PDI}"),
])
def test_runs_are_isolated(text: str, lang: str, expected: str) -> None:
    assert bidi.isolate(text, lang) == expected
    assert bidi.plain(bidi.isolate(text, lang)) == bidi.plain(text)


def test_the_text_pass_isolates_joins_and_labels() -> None:
    page = ('<html lang="ar" dir="rtl"><body><p>في 2022-03-26 قال FBI 21 حدثاً</p>'
            '<mark title="E04 · اعتقال">x</mark><code>E04 2022</code>'
            '<table><thead><tr><th>الادعاء</th><th>الحكم</th></tr></thead>'
            '<tbody><tr><td>C16</td><td>مؤكَّد</td></tr></tbody></table></body></html>')
    out = textpass.finish(page)
    assert '<bdi dir="ltr"><span class="report-nobr">2022-03-26</span></bdi>' in out
    assert '<bdi dir="ltr">FBI</bdi> 21\u00a0حدثاً' in out
    assert f'title="{LRI}E04{PDI} · اعتقال"' in out
    assert "<code>E04 2022</code>" in out  # code is left alone
    assert '<tr id="C16"><td data-label="الادعاء">' in out and '<td data-label="الحكم">' in out
    assert textpass.finish(out) == out  # a second pass changes nothing


def test_a_first_strong_isolate_gets_the_direction_of_its_first_letter() -> None:
    """An FSI run of the notebooks' Arabic prose (a formula: «1 − J·2/3») is one <bdi> with its direction
    written out, by its first strong letter, and nothing isolated again inside it: with dir="auto" and its
    letters in nested <bdi>, Chrome found no strong letter and took the paragraph's right-to-left direction,
    showing "J·2/3 − 1". An FSI of Arabic text stays right to left."""
    page = ('<html lang="ar" dir="rtl"><body><p>وإحداهما داخل الأخرى \u20681 − J·2/3\u2069، ونص \u2068«عربي» E04\u2069'
            ' و\u20681/(\u2068m\u2069 − 1)\u2069</p></body></html>')
    out = textpass.finish(page)
    # a formula is kept on one line too (it broke at "1/(m − 1)" on a 1,366 px page)
    assert '<bdi dir="ltr" class="report-nobr">1 − J·<span class="report-nobr">2/3</span></bdi>' in out
    assert '<bdi dir="rtl">«عربي» <bdi dir="ltr">E04</bdi></bdi>' in out
    assert '<bdi dir="ltr" class="report-nobr">1/(<bdi dir="ltr">m</bdi> − 1)</bdi>' in out  # nested skipped
    assert "<bdi>" not in out and textpass.finish(out) == out


def test_the_text_pass_links_a_web_address_and_keeps_report_numbers_whole() -> None:
    """A cell that is one web address (a record source in a notebook's table) becomes a link shown whole, which
    breaks only after its separators; text that only names an address, or an address already linked, stays; a
    report number followed by a colon ("GAO-06-850:") is kept on one line."""
    page = ('<html lang="en" dir="ltr"><body><table><tbody><tr>'
            '<td>https://articles.rfi.fr/fr/afrique/20110428-maroc-cafe-fait-14-morts</td>'
            '<td>see https://x.org/a</td><td><a href="https://y.org">https://y.org</a></td>'
            '<td>javascript:alert(1)</td></tr></tbody></table><p>The GAO-06-850: report</p></body></html>')
    out = textpass.finish(page)
    assert '<a class="report-url" dir="ltr" lang="zxx" href="https://articles.rfi.fr/fr/afrique/20110428-maroc-cafe-fait-14-morts"' in out
    assert "see https://x.org/a" in out and out.count('class="report-url"') == 1
    assert "javascript:alert(1)</td>" in out
    assert '<span class="report-nobr">GAO-06-850</span>:' in out
    assert textpass.finish(out) == out


def test_the_text_pass_keeps_every_other_byte() -> None:
    page = ('<html lang="en" dir="ltr"><head><title>«عنوان» 3 x</title><script>var a = "2021-03-25 «ب»";</script>'
            '</head><body><p>The quote «وقال "داعش"» &amp; 3 events</p></body></html>')
    out = textpass.finish(page)
    assert out.startswith(page.split("<body>")[0])  # head, title and script untouched
    assert '<bdi dir="rtl">«وقال "داعش"»</bdi> &amp; 3\u00a0events' in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x.org/a"])
def test_an_address_that_is_not_web_is_text(url: str) -> None:
    shown = web_link(url)
    assert "<a" not in shown and "href" not in shown
    assert re.sub("<wbr>", "", shown).endswith(f"{url.replace('&', '&amp;')}</span>")


def test_a_web_address_is_a_link_shown_whole() -> None:
    url = "https://www.example.org/a/b?x=1&y=2"
    shown = web_link(url)
    assert shown.startswith('<a class="report-url" dir="ltr" lang="zxx" href="https://www.example.org/a/b?x=1&amp;y=2"')
    assert re.sub(r"<[^>]+>", "", shown).replace("&amp;", "&") == url


def test_the_answer_links_its_evidence_and_adds_up(real_data) -> None:
    from analysis.findings import claim_counts
    from analysis.report.answer import answer_html

    counts = claim_counts(real_data)
    assert counts["checked"] == sum(counts[k] for k in ("confirmed", "partly", "contradicted", "unverified"))
    for lang in ("en", "ar"):
        html = answer_html(real_data, lang, "", "analyst/05-source-criticism.html")
        assert html.count("<li>") >= 4
        assert str(counts["checked"]) in html and str(counts["not_stated"]) in html
        assert 'href="article.html#E04"' in html and 'href="analyst/05-source-criticism.html#C16"' in html
        assert str(len(real_data.claims)) not in re.sub(r"<[^>]+>", "", html)  # 67 is not a count of statements
    assert answer_html(real_data, "en", "", None).count("05-source-criticism") == 0  # no 05 page: no link to it


def test_the_answer_names_every_contradiction_with_its_verdict(real_data) -> None:
    """Every contradicted claim is on the front page, linked to its verdict: the dates (gap in the unit of the
    coarser precision) and the statements of fact the record shows false, with what the record says."""
    from analysis.report.answer import answer_html

    contradicted = real_data.claims[real_data.claims["verdict"] == "contradicted"]
    for lang in ("en", "ar"):
        html = answer_html(real_data, lang, "", "analyst/05-source-criticism.html")
        for claim in contradicted["claim_id"]:
            assert f'href="analyst/05-source-criticism.html#{claim}"' in html, (lang, claim)
    text = re.sub(r"<[^>]+>", "", answer_html(real_data, "en", "", "x.html"))
    assert "2001 in the article, 1986 in the record, 15 years apart" in text
    assert "not part of the FBI" in text


def test_the_data_zip_is_deterministic(tmp_path) -> None:
    from analysis.paths import DATA
    from analysis.report.site import data_files
    from analysis.report.sources import package_zip

    first, second = package_zip(DATA, "2026-12-05"), package_zip(DATA, "2026-12-05")
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert names == [f"data/{p.relative_to(DATA).as_posix()}" for p in data_files(DATA)]
    assert "data/events.csv" in names and "data/raw/alaraby-2022-05-08-morocco-us-security-cooperation.txt" in names


def test_an_arabic_page_keeps_the_prompts_numbers_without_their_english_words() -> None:
    """The teaching view's code cells: "In [1]:" and "Out[1]:" on an English page, "[1]:" on an Arabic one."""
    import nbformat

    from analysis.report.render import Renderer

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=1, outputs=[
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)])])
    renderer = Renderer()
    pages = {lang: renderer.render(nb, "teaching", lang, {"name": "x"}) for lang in ("en", "ar")}
    assert re.search(r"InputArea-prompt\">In\s?\[1\]:", pages["en"]) and re.search(r"OutputArea-prompt\">Out\[1\]:", pages["en"])
    assert 'InputArea-prompt">[1]:' in pages["ar"] and 'OutputArea-prompt">[1]:' in pages["ar"]
    assert not re.search(r"prompt\">(In|Out)", pages["ar"])


def test_an_arabic_page_shows_the_code_comments_in_arabic() -> None:
    """The teaching view's code: its comments in the page's language, from the teaching build's catalog (a
    comment without a translation as written); the notebook itself is left unchanged."""
    import nbformat

    from analysis.report.notebook import for_language

    source = 'told.head(8).fillna("")  # a blank cell: no agency stated (E03)\nx = 1  # not in the catalog'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    ar = for_language(nb, "ar").cells[0].source
    assert ar == 'told.head(8).fillna("")  # خانة فارغة: لا جهة مذكورة (E03)\nx = 1  # not in the catalog'
    assert for_language(nb, "en").cells[0].source == source and nb.cells[0].source == source
