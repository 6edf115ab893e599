"""Tests of the report builder (analysis/report/) on the small notebooks in tests/fixtures/notebooks:
pure functions, the built site, failures, option checks, the site folder's safety rules, interruption,
and the execution cache."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from analysis import report
from analysis.paths import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
NAMES = ("01-plotly-summary", "02-matplotlib-table")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<img src=x onerror="window.__xss=1">',
       "</script><script>window.__xss=1</script>")


def build(notebooks: Path, out: Path, *langs: str, data: Path | None = None, cache: Path | None = None,
          extra: tuple[str, ...] = ()) -> int:
    """One build in this process; ``cache=None`` executes everything and stores nothing."""
    argv = ["--notebooks", str(notebooks), "--out", str(out), "--jobs", "2", *extra]
    argv += [a for lang in langs for a in ("--lang", lang)]
    argv += ["--data", str(data)] if data else []
    argv += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    return report.main(argv)


def pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html"))


@pytest.fixture(scope="module")
def site_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("site-cache")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, report_fixture_data: Path, site_cache: Path) -> Path:
    """The fixture notebooks built in both languages, executed (the cache was empty) and cached."""
    out = tmp_path_factory.mktemp("site")
    assert build(FIXTURES, out, "en", "ar", data=report_fixture_data, cache=site_cache) == 0
    return out


# ---------------------------------------------------------------------------- pure functions


def notebook(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=list(cells))


def test_inject_parameters_after_the_parameters_cell() -> None:
    nb = notebook(nbformat.v4.new_markdown_cell("# T"),
                  nbformat.v4.new_code_cell('LANG = "en"', metadata={"tags": ["parameters"]}),
                  nbformat.v4.new_code_cell("print(LANG)"))
    assert report.inject_parameters(nb, "ar") is True
    injected = nb.cells[2]
    assert injected.cell_type == "code"
    assert 'LANG = "ar"' in injected.source
    assert injected.metadata.tags == ["injected-parameters"]
    assert injected.id == "injected-parameters"
    assert nb.cells[3].source == "print(LANG)"
    assert report.cell_number(nb, 3) == 3  # numbering ignores the injected cell


def test_inject_parameters_default_language_and_no_parameters_cell() -> None:
    nb = notebook(nbformat.v4.new_code_cell("print(1)"))
    assert report.inject_parameters(nb, "en") is False
    assert len(nb.cells) == 1
    assert report.inject_parameters(nb, "ar") is False
    assert nb.cells[0].metadata.tags == ["injected-parameters"]


def test_describe_reads_title_and_question() -> None:
    nb = notebook(nbformat.v4.new_markdown_cell("# Incidents per year\n\nHow many incidents\nper year?\n\nMore text."))
    assert report.describe(nb, "x") == ("Incidents per year", "How many incidents per year?")
    assert report.describe(notebook(), "fallback") == ("fallback", "")
    intro = nbformat.v4.new_markdown_cell(
        "# 02 · Incidents\n\n**Question: which incidents, and [where](#map)?**\n\n*أي الحوادث، وأين؟*\n\n## Next")
    assert report.describe(notebook(intro), "x") == ("02 · Incidents", "which incidents, and where?")
    assert report.describe(notebook(intro), "x", "ar") == ("02 · Incidents", "أي الحوادث، وأين؟")


def test_describe_reads_an_arabic_cell_written_in_right_to_left_html() -> None:
    """The committed form of a lang:ar cell is HTML (analysis.rtl): its h1 and first paragraph still give the
    index its title and question."""
    from analysis.rtl import rtl_html

    arabic = nbformat.v4.new_markdown_cell(rtl_html("# 02 · الحوادث\n\n**السؤال: أي الحوادث في ⁦E04⁩ &amp; غيره؟**\n\nنص."),
                                           metadata={"tags": ["lang:ar"]})
    assert arabic.source.startswith('<h1 dir="rtl"')
    assert report.describe(notebook(arabic), "x", "ar") == ("02 · الحوادث", "أي الحوادث في ⁦E04⁩ & غيره؟")


def test_safe_json_round_trips_and_cannot_close_a_script() -> None:
    value = {"s": "</script><script>alert(1)</script> <!-- & \u2028 عربي"}
    text = report.safe_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "عربي" in text  # kept as UTF-8, not \u escapes
    assert json.loads(text) == value


def test_plotly_html_is_a_div_and_script_with_escaped_json() -> None:
    payload = "</script><script>alert(1)</script><!--"
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1], "text": [payload]}],
              "layout": {"title": {"text": payload}}, "config": {"plotlyServerURL": "https://plot.ly"}}
    out = report.plotly_html(figure, "plotly-nb-3-0")
    assert out.startswith('<div id="plotly-nb-3-0" class="report-plotly"></div>')
    assert out.count("<script>") == 1 and out.count("</script>") == 1 and "<!--" not in out
    assert "https://" not in out
    args = re.fullmatch(r'.*<script>Plotly\.newPlot\((.*)\);</script>', out, re.S).group(1)
    div_id, data, layout, config = json.loads(f"[{args}]")
    assert (div_id, data, layout) == ("plotly-nb-3-0", figure["data"], figure["layout"])
    assert config == {"responsive": True, "displaylogo": False}


def test_data_version_covers_every_file_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "events.csv").write_text("a\n1\n")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "article.txt").write_text("not a resource")
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [{"path": "events.csv"}]}))
    (tmp_path / ".events.csv").write_text("a resource stored as a dot-file\n")
    first = report.data_version(tmp_path)
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    (tmp_path / ".events.csv").write_text("a resource stored as a dot-file, changed\n")
    assert report.data_version(tmp_path) != first  # a dot-file is the package's too
    first = report.data_version(tmp_path)
    (tmp_path / "raw" / "article.txt").write_text("changed: not a resource, still the package's")
    second = report.data_version(tmp_path)
    assert second != first
    (tmp_path / "claims.csv").write_text("a new table, whatever its name\n")
    assert report.data_version(tmp_path) != second
    assert report.data_files(tmp_path) == [tmp_path / n for n in (".events.csv", "claims.csv", "datapackage.json",
                                                                  "events.csv", "raw/article.txt")]


def test_no_notebooks_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report.main(["--notebooks", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "no notebooks" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_builder_does_not_import_rfc3987_syntax() -> None:
    """The ~1 s grammar compile that `import nbformat` triggers with jupyterlab installed is avoided."""
    code = "import sys, analysis.report.build; print(sys.modules.get('rfc3987_syntax') is None)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


# ---------------------------------------------------------------------------- the built site


class Refs(HTMLParser):
    """Collects URL attributes, inline scripts and styles of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        for name, value in attrs:
            if name in {"src", "href", "data", "poster", "srcset", "action"} and value is not None:
                self.urls.append((tag, name, value))
        self._in = tag if tag in {"script", "style"} else None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def refs(path: Path) -> Refs:
    parser = Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_site_layout(site: Path, report_fixture_data: Path) -> None:
    from analysis.report.sources import repository_files, tables

    expected = {"index.html", "assets/plotly.min.js", "assets/jupyterlab.css", "assets/report.css",
                "assets/datatables.min.js", "assets/datatables.min.css", "assets/report-tables.js",
                ".analysis-report-manifest.json", "downloads/data-package.zip", "downloads/datapackage.json"}
    expected |= {f"downloads/{path}" for _name, path in tables(report_fixture_data)}
    expected |= {f"downloads/{path.name}" for path in repository_files()}
    for lang in ("en", "ar"):
        expected |= {f"{lang}/index.html", f"{lang}/figures/events-per-day.png", f"{lang}/figures/events-per-day.svg",
                     f"{lang}/figures/index.html", f"{lang}/article.html", f"{lang}/teaching-guide.html",
                     f"{lang}/codebook.html", f"{lang}/sources.html"}
        expected |= {f"{lang}/{view}/{name}.html" for view in report.VIEWS for name in NAMES}
    assert {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} == expected
    manifest = json.loads((site / ".analysis-report-manifest.json").read_text())
    assert set(manifest["files"]) == expected - {".analysis-report-manifest.json"}


@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_pages_declare_language_and_direction(site: Path, lang: str, direction: str) -> None:
    for page in (site / lang).rglob("*.html"):
        assert re.search(rf'<html (?=[^>]*lang="{lang}")(?=[^>]*dir="{direction}")', page.read_text()), page


def test_no_reference_leaves_the_site(site: Path) -> None:
    for page in pages(site):
        parsed = refs(page)
        for tag, attr, url in parsed.urls:
            if tag == "a" and attr == "href":
                continue  # a visible link is not a request
            assert not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I) or url.startswith("data:"), (page, tag, url)
            target = (page.parent / url).resolve() if not url.startswith("data:") else None
            assert target is None or target.is_relative_to(site.resolve()) and target.is_file(), (page, url)
        for text in parsed.scripts + parsed.styles:
            assert not re.search(r"https?:|//cdn|@import", text), page


def test_plotly_outputs_become_div_and_script(site: Path) -> None:
    for lang in ("en", "ar"):
        for view in report.VIEWS:
            text = (site / lang / view / "01-plotly-summary.html").read_text()
            ids = re.findall(r'<div class="report-plotly" id="([^"]+)">|<div id="([^"]+)" class="report-plotly">', text)
            assert len(ids) == 2
            assert text.count("Plotly.newPlot(") == 2
            assert '<meta content="2" name="analysis-report-plotly-outputs"/>' in text
            assert text.count('<script src="../../assets/plotly.min.js">') == 1
            assert "plotly-01-plotly-summary-" in text
            other = (site / lang / view / "02-matplotlib-table.html").read_text()
            assert "plotly.min.js" not in other and "Plotly.newPlot" not in other


def test_only_the_builder_writes_scripts(site: Path) -> None:
    """Every <script> is plotly.js or a Plotly.newPlot call, no element has an on* handler:
    the markup in the data arrives as text."""
    for page in pages(site):
        parsed = refs(page)
        assert not [(tag, name) for tag, attrs in parsed.tags for name, _ in attrs if name.startswith("on")], page
        scripts = [dict(attrs) for tag, attrs in parsed.tags if tag == "script"]
        assert all(s in ({"src": "../../assets/plotly.min.js"}, {"type": "application/json", "id": "build-info"}, {},
                         {"src": "../../assets/datatables.min.js", "defer": ""},
                         {"src": "../../assets/report-tables.js", "defer": ""})
                   for s in scripts), (page, scripts)
        assert all(text.startswith("Plotly.newPlot(") or text.startswith("[{") for text in parsed.scripts if text.strip())
    table = (site / "en" / "analyst" / "02-matplotlib-table.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "&lt;img src=x onerror=alert(1)&gt;" in table


def test_views_and_parameters(site: Path) -> None:
    analyst = (site / "ar" / "analyst" / "01-plotly-summary.html").read_text()
    teaching = (site / "ar" / "teaching" / "01-plotly-summary.html").read_text()
    assert "jp-InputArea-editor" not in analyst and "In\xa0[" not in analyst
    assert "jp-InputArea-editor" in teaching and 'InputArea-prompt">[' in teaching and "In\xa0[" not in teaching
    assert "In\xa0[" in (site / "en" / "teaching" / "01-plotly-summary.html").read_text()  # Arabic: the number only
    assert "النتيجة: الرباط فيها أكثر الأحداث." in analyst  # LANG = "ar" reached the kernel
    assert "Finding: Rabat" in (site / "en" / "analyst" / "01-plotly-summary.html").read_text()
    assert "injected-parameters" in teaching


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_pages_keep_their_language_cells_and_fold_solutions(site: Path, lang: str) -> None:
    other = "ar" if lang == "en" else "en"
    summary = (site / lang / "analyst" / "01-plotly-summary.html").read_text()
    assert f'id="cell-id=ids-{lang}"' in summary and f'id="cell-id=ids-{other}"' not in summary
    assert ('id="cell-id=intro-ar"' in summary) == (lang == "ar")
    assert '<title>' + ("Events per region (plotly)" if lang == "en" else "الأحداث حسب المنطقة (plotly)") in summary
    for view in report.VIEWS:  # an exercise notebook: code in both views, the stub dropped, the solution folded
        page = (site / lang / view / "02-matplotlib-table.html").read_text()
        assert "jp-InputArea-editor" in page and "your code here" not in page
        assert page.count('<details class="report-solution"><summary>') == 1
        assert ("Solution" if lang == "en" else "الحل") + "</summary>" in page
        assert "solution: 3 events" in page


def test_report_pages_carry_header_nav_and_caveat(site: Path) -> None:
    page = (site / "ar" / "teaching" / "01-plotly-summary.html").read_text()
    for href in ("../index.html", "02-matplotlib-table.html", "../analyst/01-plotly-summary.html",
                 "../../en/teaching/01-plotly-summary.html", "../figures/index.html", "../article.html"):
        assert f'href="{href}"' in page, href
    assert 'rel="prev"' not in page and 'rel="next"' in page
    assert "تعرض هذه التقارير ما يقوله مقال واحد" in page
    # in Arabic text the id is isolated left to right (analysis/report/textpass.py)
    assert '<a class="report-ref" href="../article.html#E02"><bdi dir="ltr">E02</bdi></a>' in page
    assert '<a class="report-ref" href="../article.html#M02"><bdi dir="ltr">M02</bdi></a>' in page and "#E99" not in page
    english = (site / "en" / "analyst" / "02-matplotlib-table.html").read_text()
    assert re.search(r'<a (?=[^>]*rel="prev")(?=[^>]*href="01-plotly-summary.html")', english) and 'rel="next"' not in english
    assert "These reports chart what one article says" in english


def test_article_page_holds_every_mention_once(site: Path) -> None:
    import csv

    from analysis.paths import DATA

    ids = [row["mention_id"] for row in csv.DictReader((DATA / "mentions.csv").open(encoding="utf-8"))]
    for lang in ("en", "ar"):
        page = (site / lang / "article.html").read_text()
        assert sorted(re.findall(r'<mark id="(M\d+)"', page)) == sorted(ids)
        assert re.search(r'<article class="report-article" lang="ar" dir="rtl">', page)
        assert '<li id="E02" class="report-event incident">' in page


def test_the_teacher_s_guide_is_a_page_of_the_site(site: Path) -> None:
    """docs/teaching(.ar).md rendered into the site, in its language, with no link leaving the folder."""
    for lang, heading in (("en", "Teacher's guide"), ("ar", "دليل المعلّم")):
        page = (site / lang / "teaching-guide.html").read_text(encoding="utf-8")
        assert f"<html lang=\"{lang}\"" in page and "krippendorff" in page.lower() and heading in page
        hrefs = re.findall(r'href="([^"]+)"', page)
        assert not [h for h in hrefs if h.endswith(".md") or h.startswith("../../docs")], hrefs
        assert "<script" not in page.split("</head>")[1]  # the guide's Markdown is rendered with raw HTML escaped


def test_figures_page_lists_every_static_figure(site: Path) -> None:
    for lang, title in (("en", "Events per day"), ("ar", "عدد الأحداث في كل يوم")):
        page = (site / lang / "figures" / "index.html").read_text()
        assert 'href="events-per-day.png"' in page and 'href="events-per-day.svg"' in page
        assert '<img src="events-per-day.png"' in page
        # the fixture saves its figures itself (no chart helper): the title falls back to the file's name
        assert ("Events per day" if lang == "en" else "الشكل 1") in page


def test_annotate_nests_and_splits_mentions() -> None:
    from analysis.report.article import Span, annotate

    text = "abcdefgh\nijkl"
    spans = [Span(0, 6, "M1", "E1", "incident", "t1"), Span(2, 4, "M2", "E2", "cooperation", "t2"),
             Span(5, 11, "M3", "E3", "incident", "t3"),  # crosses M1 and the line break
             Span(12, 13, "M4", "E1", "incident", "t<4>")]
    out = annotate(text, spans)
    for ident in ("M1", "M2", "M3", "M4"):
        assert out.count(f'id="{ident}"') == 1
    assert out.count("<mark") == out.count("</mark>")
    assert out.startswith('<p><mark id="M1"')
    assert '<mark id="M2" class="report-mention cooperation" data-mention="M2" title="t2"><a href="#E2">cd</a></mark>' in out
    assert 'data-mention="M3"' in out.split("</p>")[1]  # continued on the next line, without its id
    assert 'title="t&lt;4&gt;"' in out
    parser = Refs()
    parser.feed(out)  # well formed: every mark closed in its paragraph
    assert [t for t, _ in parser.tags].count("p") == 2


def test_link_ids_touches_text_only() -> None:
    from analysis.report.links import link_ids

    page = ('<html><head><title>E01</title></head><body><p>E01 and M02, E990, XE01</p><pre>E01</pre>'
            '<script>var a = "E01";</script><a href="x">E01</a><p title="E01">&amp; E01</p></body></html>')
    out = link_ids(page, "../article.html", {"E01"}, {"M02"})
    assert out.count('class="report-ref"') == 3
    assert '<title>E01</title>' in out and '<pre>E01</pre>' in out and 'var a = "E01";' in out
    assert '<p title="E01">&amp; <a class="report-ref" href="../article.html#E01">E01</a></p>' in out
    assert link_ids(page, "a.html", set(), set()) == page


def test_index_lists_every_report(site: Path, report_fixture_data: Path) -> None:
    index = (site / "index.html").read_text()
    assert len(TIMESTAMP.findall(index)) == 2 * 3  # per language: datetime attribute, text, JSON record
    for lang in ("en", "ar"):
        for view in report.VIEWS:
            for name in NAMES:
                assert f'href="{lang}/{view}/{name}.html"' in index
    assert "Events per region (plotly)" in index and "When did the events happen?" in index
    assert report.data_version(report_fixture_data) in index
    assert not TIMESTAMP.search((site / "ar" / "index.html").read_text())


def assert_same_site(site: Path, again: Path) -> None:
    """Same files, same bytes, except the build time in the top index."""
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        first, second = (site / rel).read_bytes(), (again / rel).read_bytes()
        if rel == Path("index.html"):
            first, second = (TIMESTAMP.sub("T", x.decode()) for x in (first, second))
        assert first == second, rel


def test_two_builds_are_identical_but_for_the_timestamp(site: Path, tmp_path: Path, report_fixture_data: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    again = tmp_path / "again"
    assert build(FIXTURES, again, "en", "ar", data=report_fixture_data) == 0  # executed afresh, no cache
    assert "cached" not in capsys.readouterr().out
    assert_same_site(site, again)


def test_a_cached_rebuild_gives_the_same_bytes(site: Path, site_cache: Path, tmp_path: Path,
                                              report_fixture_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    again = tmp_path / "cached"
    capsys.readouterr()
    assert build(FIXTURES, again, "en", "ar", data=report_fixture_data, cache=site_cache) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(line for line in lines if not line.startswith("4 reports")) == sorted(
        f"cached {name} [{lang}]" for name in NAMES for lang in ("en", "ar"))
    assert_same_site(site, again)  # pages and the figure files restored from the cache


# ---------------------------------------------------------------------------- failures and partial builds


def test_failure_names_notebook_and_cell_and_others_still_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES / "failing", notebooks)
    before = {p.name: p.read_bytes() for p in notebooks.iterdir()}
    out = tmp_path / "out"
    assert build(notebooks, out, "en", "ar") == 1
    captured = capsys.readouterr()
    for lang in ("en", "ar"):
        line = f"FAILED 03-raises [{lang}]: cell 4: NameError: name 'undefined_name' is not defined"
        assert line in captured.out.splitlines()
        assert re.search(rf"^done 04-ok \[{lang}\] in \d+\.\d s$", captured.out, re.M)
        assert "ok " + lang in (out / lang / "analyst" / "04-ok.html").read_text()
        failed = (out / lang / "analyst" / "03-raises.html").read_text().replace("\u00a0", " ")  # (a number is kept with its word)
        assert "cell 4: NameError" in failed and "before" in failed and "never runs" not in failed
    assert "FAILED" in captured.err
    assert "report-status-failed" in (out / "index.html").read_text()
    assert {p.name: p.read_bytes() for p in notebooks.iterdir()} == before  # executed in memory only


def test_partial_build_keeps_the_other_language(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "failing" / "04-ok.ipynb", notebooks)
    out = tmp_path / "out"
    assert build(notebooks, out, "en", "ar") == 0
    first_en = re.search(r'<section lang="en".*?</section>', (out / "index.html").read_text(), re.S).group(0)
    assert build(notebooks, out, "ar") == 0
    index = (out / "index.html").read_text()
    assert re.search(r'<section lang="en".*?</section>', index, re.S).group(0) == first_en
    assert '<section lang="ar"' in index


def test_cli_entry_point(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "failing" / "04-ok.ipynb", notebooks)
    done = subprocess.run([sys.executable, "-m", "analysis", "report", "--notebooks", str(notebooks),
                           "--out", str(tmp_path / "out"), "--jobs", "1", "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "started 04-ok [en]"
    assert (tmp_path / "out" / "en" / "teaching" / "04-ok.html").is_file()


def _plotly_js_version(path: Path) -> str:
    match = re.search(r"plotly\.js(?: \([a-z -]+\))? v(\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")[:400])
    assert match, f"no version banner in {path}"
    return match.group(1)


def test_vendored_cartesian_bundle_is_the_installed_plotly_js_release() -> None:
    assert _plotly_js_version(report.PLOTLY_CARTESIAN) == _plotly_js_version(report.plotly_js())


def test_the_site_ships_the_smallest_plotly_js_that_draws_its_figures(site: Path) -> None:
    assert report.plotly_js({"bar", "scatter", "heatmap"}) == report.PLOTLY_CARTESIAN
    assert report.plotly_js({"bar", "sankey"}).name == "plotly.min.js"  # a trace outside the cartesian bundle
    assert report.plotly_js(set()) == report.PLOTLY_CARTESIAN
    assert (site / "assets" / "plotly.min.js").read_bytes() == report.PLOTLY_CARTESIAN.read_bytes()


# ---------------------------------------------------------------------------- options and the site folder


def one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


@pytest.fixture
def ok_notebooks(tmp_path: Path) -> Path:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "failing" / "04-ok.ipynb", notebooks)
    return notebooks


@pytest.mark.parametrize("argv,message", [
    (["--lang", "fr"], "invalid choice: 'fr'"),
    (["--jobs", "0"], "must be 1 or more"),
    (["--jobs", "-3"], "must be 1 or more"),
    (["--jobs", "two"], "not a whole number"),
    (["--timeout", "0"], "must be 1 or more"),
    (["--notebooks", "{tmp}/missing"], "not a folder"),
    (["--notebooks", "{tmp}/empty"], "no notebooks"),
    (["--data", "{tmp}/missing"], "not a folder"),
    (["--data", "{tmp}/file.txt"], "not a folder"),
    (["--out", "{tmp}/file.txt"], "exists and is not a folder"),
    (["--no-such-option"], "unrecognized arguments"),
])
def test_bad_options_exit_2_with_one_line(tmp_path: Path, ok_notebooks: Path, capsys: pytest.CaptureFixture[str],
                                          argv: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("mine")
    argv = [a.format(tmp=tmp_path) for a in argv]
    defaults = ["--notebooks", str(ok_notebooks), "--out", str(tmp_path / "out"), "--no-cache"]
    assert report.main(defaults + argv) == 2
    assert message in one_line_error(capsys)
    assert not (tmp_path / "out").exists() and (tmp_path / "file.txt").read_text() == "mine"


def test_kernels_that_cannot_import_analysis_stop_the_build_before_it_starts(
        tmp_path: Path, ok_notebooks: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A Python without the package (a fresh venv, as a user who skipped `pip install -e .` has): one line,
    exit 2, nothing built, no kernel started; and a Python that imports another copy of the package."""
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    python = next(p for p in (bare / "bin" / "python", bare / "Scripts" / "python.exe") if p.exists())
    monkeypatch.setattr(sys, "executable", str(python))
    out = tmp_path / "out"
    assert report.main(["--notebooks", str(ok_notebooks), "--out", str(out), "--no-cache"]) == 2
    err = one_line_error(capsys)
    assert "cannot import the analysis package" in err and "pip install -e" in err and "nothing was built" in err
    assert not out.exists()
    other = tmp_path / "other" / "analysis"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text("")
    (bare / "lib").mkdir(exist_ok=True)
    site = next(bare.glob("lib/python3*/site-packages"), None) or bare / "Lib" / "site-packages"
    (site / "other.pth").write_text(str(other.parent) + "\n")
    assert report.main(["--notebooks", str(ok_notebooks), "--out", str(out), "--no-cache"]) == 2
    assert "another copy of the analysis package" in one_line_error(capsys) and not out.exists()


def test_out_inside_the_data_package_is_refused(tmp_path: Path, ok_notebooks: Path, package_copy: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from analysis.paths import DATA

    before = sorted(p.relative_to(DATA) for p in DATA.rglob("*"))
    link = tmp_path / "link-to-raw"
    link.symlink_to(package_copy / "raw")
    for out in (DATA / "raw" / "site", DATA, package_copy / "raw", link / "site", package_copy):
        assert report.main(["--notebooks", str(ok_notebooks), "--out", str(out), "--data", str(package_copy),
                            "--no-cache"]) == 2
        assert "data package" in one_line_error(capsys)
    assert sorted(p.relative_to(DATA) for p in DATA.rglob("*")) == before
    assert not (package_copy / "raw" / "site").exists()


def test_a_malformed_data_package_stops_the_build_before_it_starts(tmp_path: Path, ok_notebooks: Path,
                                                                   package_copy: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (package_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    out = tmp_path / "out"
    assert report.main(["--notebooks", str(ok_notebooks), "--out", str(out), "--data", str(package_copy),
                        "--no-cache"]) == 1
    captured = capsys.readouterr()
    assert "datapackage.json" in captured.err and "nothing was built" in captured.err
    assert "Traceback" not in captured.err and "started" not in captured.out
    assert not out.exists()


def test_a_folder_that_is_not_a_build_is_refused_unless_forced(tmp_path: Path, ok_notebooks: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    (out / "en" / "figures").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    (out / "en" / "figures" / "my-chart.png").write_bytes(b"mine")
    assert build(ok_notebooks, out, "en") == 2
    assert "--force" in one_line_error(capsys)
    assert sorted(p.name for p in out.rglob("*")) == ["en", "figures", "my-chart.png", "notes.txt"]
    assert build(ok_notebooks, out, "en", extra=("--force",)) == 0
    assert (out / "notes.txt").read_text() == "mine" and (out / "en" / "figures" / "my-chart.png").read_bytes() == b"mine"
    assert (out / "en" / "analyst" / "04-ok.html").is_file()
    manifest = json.loads((out / ".analysis-report-manifest.json").read_text())["files"]
    assert "notes.txt" not in manifest and "en/figures/my-chart.png" not in manifest
    assert build(ok_notebooks, out, "en") == 0  # now an earlier build: no --force needed, and still kept
    assert (out / "notes.txt").read_text() == "mine" and (out / "en" / "figures" / "my-chart.png").is_file()


def test_a_rebuild_deletes_only_what_the_previous_build_wrote(tmp_path: Path, ok_notebooks: Path) -> None:
    shutil.copy(FIXTURES / "failing" / "03-raises.ipynb", ok_notebooks)
    out = tmp_path / "out"
    assert build(ok_notebooks, out, "en", "ar") == 1
    (out / "en" / "figures").mkdir(exist_ok=True)
    (out / "en" / "figures" / "my-chart.png").write_bytes(b"mine")
    (out / "en" / "analyst" / "my-notes.html").write_text("mine")
    (ok_notebooks / "03-raises.ipynb").unlink()
    assert build(ok_notebooks, out, "en") == 0
    assert not (out / "en" / "analyst" / "03-raises.html").exists()  # written by the previous build
    assert (out / "ar" / "analyst" / "03-raises.html").is_file()  # the other language was not rebuilt
    assert (out / "en" / "figures" / "my-chart.png").read_bytes() == b"mine"
    assert (out / "en" / "analyst" / "my-notes.html").read_text() == "mine"
    assert not (out / ".analysis-report-staging").exists()


def test_a_manifest_cannot_make_the_build_delete_outside_its_folder(tmp_path: Path, ok_notebooks: Path) -> None:
    out = tmp_path / "out"
    assert build(ok_notebooks, out, "en") == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    manifest = out / ".analysis-report-manifest.json"
    record = json.loads(manifest.read_text())
    record["files"] += ["../victim.txt", str(victim), "en/../../victim.txt"]
    manifest.write_text(json.dumps(record))
    assert build(ok_notebooks, out, "en") == 0
    assert victim.read_text() == "mine"


# ---------------------------------------------------------------------------- interruption


def test_ctrl_c_stops_promptly_shuts_the_kernels_down_and_keeps_the_previous_build(
        tmp_path: Path, report_fixture_data: Path, site: Path, site_cache: Path) -> None:
    import os
    import signal
    import time

    import psutil

    out = tmp_path / "out"
    argv = [sys.executable, "-m", "analysis", "report", "--notebooks", str(FIXTURES), "--out", str(out),
            "--data", str(report_fixture_data), "--no-cache", "--jobs", "2", "--lang", "en", "--lang", "ar"]
    # The previous build from the executions the module's site stored (no kernel needed for it).
    previous = [a if a != "--no-cache" else "--cache-dir" for a in argv]
    previous.insert(previous.index("--cache-dir") + 1, str(site_cache))
    assert subprocess.run(previous, cwd=ROOT, capture_output=True, timeout=300).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A new session, so the signal goes to the build's process group as a terminal's Ctrl-C does.
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert proc.stdout.readline().startswith("started ")
        time.sleep(0.5)  # the kernels are starting or running
        kernels = psutil.Process(proc.pid).children(recursive=True)
        assert kernels, "no kernel was running"
        start = time.perf_counter()
        os.killpg(proc.pid, signal.SIGINT)
        out_text, err = proc.communicate(timeout=30)
        seconds = time.perf_counter() - start
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, (out_text, err)
    assert err == "interrupted\n"
    assert seconds < 5
    gone, alive = psutil.wait_procs(kernels, timeout=2)
    assert not alive, [p.cmdline() for p in alive]
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert "FAILED" not in out_text and "done" not in out_text


# ---------------------------------------------------------------------------- the execution cache


def cache_lines(out: str) -> dict[str, str]:
    """{job label: "started" | "cached"} from a build's output."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^(started|cached) (.+)$", out, re.M)}


def test_cache_reexecutes_exactly_what_changed(tmp_path: Path, report_fixture_data: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    notebooks, data, cache, out = tmp_path / "notebooks", tmp_path / "data", tmp_path / "cache", tmp_path / "out"
    shutil.copytree(FIXTURES, notebooks, ignore=shutil.ignore_patterns("failing", "data", "*.md", "*.py"))
    shutil.copytree(report_fixture_data, data)

    def run(*langs: str) -> dict[str, str]:
        capsys.readouterr()
        assert build(notebooks, out, *langs, data=data, cache=cache) == 0
        return cache_lines(capsys.readouterr().out)

    all_jobs = {f"{n} [{lang}]" for n in NAMES for lang in ("en", "ar")}
    assert run("en", "ar") == dict.fromkeys(all_jobs, "started")
    assert run("en", "ar") == dict.fromkeys(all_jobs, "cached")
    # A markdown edit re-renders without executing; a code edit executes that notebook only.
    nb = nbformat.read(notebooks / "02-matplotlib-table.ipynb", as_version=4)
    nb.cells[0].source += "\n\nOne more sentence."
    nbformat.write(nb, notebooks / "02-matplotlib-table.ipynb")
    assert run("en") == {"01-plotly-summary [en]": "cached", "02-matplotlib-table [en]": "cached"}
    assert "One more sentence." in (out / "en" / "analyst" / "02-matplotlib-table.html").read_text()
    nb.cells[-1].source += "\nprint('changed')"
    nbformat.write(nb, notebooks / "02-matplotlib-table.ipynb")
    assert run("en") == {"01-plotly-summary [en]": "cached", "02-matplotlib-table [en]": "started"}
    assert run("ar") == {"01-plotly-summary [ar]": "cached", "02-matplotlib-table [ar]": "started"}
    # Any file of the data package, whatever its name, re-executes every notebook.
    (data / "reading-notes.txt").write_text("a file the descriptor does not list\n", encoding="utf-8")
    assert run("en") == {"01-plotly-summary [en]": "started", "02-matplotlib-table [en]": "started"}
    assert (out / "en" / "figures" / "events-per-day.png").is_file()


def test_cache_key_covers_code_requirements_and_python(tmp_path: Path, report_fixture_data: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.report import cache

    first = cache.inputs_digest(report_fixture_data, "en")
    assert cache.inputs_digest(report_fixture_data, "en") == first
    assert cache.inputs_digest(report_fixture_data, "ar") != first
    monkeypatch.setattr(cache.sys, "version", "3.11.99 (another build)")
    assert cache.inputs_digest(report_fixture_data, "en") != first
    monkeypatch.undo()
    fake_root = tmp_path / "root"
    fake_root.mkdir()
    (fake_root / "requirements.txt").write_text("pandas==0.0.1\n")
    monkeypatch.setattr(cache, "ROOT", fake_root)
    assert cache.inputs_digest(report_fixture_data, "en") != first
    monkeypatch.undo()
    package = tmp_path / "analysis"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "assets", "templates"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    assert cache.inputs_digest(report_fixture_data, "en") == first
    (package / "report" / "render.py").write_text((package / "report" / "render.py").read_text() + "\n# changed\n")
    assert cache.inputs_digest(report_fixture_data, "en") == first  # the builder's code: re-rendered, not re-run
    (package / "charts.py").write_text((package / "charts.py").read_text() + "\n# changed\n")
    assert cache.inputs_digest(report_fixture_data, "en") != first


def test_a_failed_execution_is_never_cached(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES / "failing", notebooks)
    for _ in range(2):
        assert build(notebooks, tmp_path / "out", "en", cache=tmp_path / "cache") == 1
        lines = cache_lines(capsys.readouterr().out)
    assert lines == {"03-raises [en]": "started", "04-ok [en]": "cached"}


def test_the_data_check_is_remembered_only_for_the_same_bytes(tmp_path: Path, ok_notebooks: Path,
                                                             package_copy: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    argv = ["--notebooks", str(ok_notebooks), "--out", str(out), "--data", str(package_copy), "--cache-dir", str(cache)]
    assert report.main(argv) == 0
    assert list((cache / "memo" / "valid").iterdir())
    events = package_copy / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("E01,", "E1,", 1), encoding="utf-8")
    capsys.readouterr()
    assert report.main(argv) == 1
    assert "nothing was built" in capsys.readouterr().err


# ---------------------------------------------------------------------------- one build per site (issue 17)
# Helpers: ``tiny`` is 04-ok alone with a cache holding its execution, so a build of it runs no kernel
# (a few seconds: the data check and the site's pages); ``command_signals`` installs the handlers
# ``python -m analysis`` installs, so a signal sent to this process in a test acts as at a terminal.

import os  # noqa: E402
import signal  # noqa: E402

from sites import race, tree, whose  # noqa: E402

from analysis import interrupt  # noqa: E402
from analysis.report import output  # noqa: E402


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("tiny")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "failing" / "04-ok.ipynb", notebooks)
    assert build(notebooks, root / "warm", "en", cache=root / "cache") == 0
    return notebooks, root / "cache"


def tiny_build(tiny: tuple[Path, Path], out: Path, *extra: str) -> int:
    return build(tiny[0], out, "en", cache=tiny[1], extra=extra)


def work_folder(out: Path) -> Path:
    return out.resolve().parent / f".{out.resolve().name}.analysis-report"


def leftovers(out: Path) -> list[str]:
    """What a build left beside the site besides its lock: stages, set-aside sites, journals."""
    work = work_folder(out)
    return sorted(p.name for p in work.iterdir() if not p.name.startswith("lock")) if work.is_dir() else []


@pytest.fixture
def command_signals():
    saved = {s: signal.getsignal(s) for s in interrupt.SIGNALS}
    interrupt.install()
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_a_second_build_of_the_same_site_stops_at_once_with_one_line(tmp_path: Path, tiny: tuple[Path, Path],
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from analysis.report.lock import exclusive

    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    before = tree(out)
    capsys.readouterr()
    with exclusive(work_folder(out) / "lock", "held by the test", False, print):
        assert tiny_build(tiny, out) == 2
        err = one_line_error(capsys)
        assert f"--out {out}: another build is using it (pid {os.getpid()}, since " in err and "--wait" in err
    assert tree(out) == before


def test_builds_sharing_a_cache_take_turns_reading_and_storing(tmp_path: Path, tiny: tuple[Path, Path],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The execution cache is locked around each read and store (not for a whole build, so builds into two
    sites can share it): while another process holds it, a build waits, says so once, then goes on."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom filelock import FileLock\n"
                               "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(2)",
                               str(tiny[1] / ".lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        capsys.readouterr()
        assert tiny_build(tiny, tmp_path / "out") == 0
    finally:
        holder.kill()
        holder.wait()
    printed = capsys.readouterr().out.splitlines()
    assert [line for line in printed if line.startswith("waiting")] == [
        f"waiting: another build is using --cache-dir {tiny[1]}"]
    assert "cached 04-ok [en]" in printed and (tmp_path / "out" / "en" / "analyst" / "04-ok.html").is_file()


def test_wait_waits_for_the_other_build_with_one_line(tmp_path: Path, tiny: tuple[Path, Path],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    work_folder(out).mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom filelock import FileLock\n"
                               "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(3)",
                               str(work_folder(out) / "lock")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        assert tiny_build(tiny, out, "--wait") == 0
    finally:
        holder.kill()
        holder.wait()
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == f"waiting: another build is using --out {out}"
    assert (out / "en" / "analyst" / "04-ok.html").is_file()


def set_summary(data: Path, event: str, summary: str) -> None:
    import csv
    import io

    with open(data / "events.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("summary_en")
    next(r for r in rows if r[0] == event)[column] = summary
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    (data / "events.csv").write_text(text.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def two_packages(tmp_path_factory: pytest.TempPathFactory, report_fixture_data: Path,
                 tiny: tuple[Path, Path]) -> tuple[dict[str, tuple[Path, Path]], dict[str, dict[str, bytes]]]:
    """Two valid data packages that give different pages (an event's summary, a region of the fixture
    notebooks' table), each with a cache holding 04-ok's execution, and the site each builds alone (the
    references)."""
    root = tmp_path_factory.mktemp("two-packages")
    builds, references = {}, {}
    for name in ("A", "B"):
        data = root / f"data-{name}"
        shutil.copytree(report_fixture_data, data)
        set_summary(data, "E02", f"Arrest of a suspect in Berkane (package {name}).")
        with open(data / "fixture-events.csv", "a", encoding="utf-8") as handle:
            handle.write(f"2022-05-09,Region{name},an event of package {name}\n")
        cache = root / f"cache-{name}"
        assert build(tiny[0], root / f"site-{name}", "en", data=data, cache=cache) == 0
        builds[name], references[name] = (data, cache), tree(root / f"site-{name}")
    assert references["A"] != references["B"]
    return builds, references


@pytest.mark.parametrize("round_", [1, 2])
def test_two_builds_into_one_site_at_once_leave_one_build_s_site(
        tmp_path: Path, tiny: tuple[Path, Path], two_packages, round_: int) -> None:
    """Two builds from different data into one --out, started together (--wait): both succeed, and the site
    — read again and again meanwhile through a handle on its folder — is at every reading wholly one of the
    two builds' (byte for byte the site that build makes alone), and is at the end the second one's.
    benchmarks/concurrent_builds.py runs this 20 times."""
    builds, references = two_packages
    out = tmp_path / "out"
    runs, watcher, site = race(tiny[0], out, builds, references)
    assert all(run.returncode == 0 for run in runs.values()), {n: r.stderr for n, r in runs.items()}
    assert sum("waiting: another build is using --out" in run.stdout for run in runs.values()) >= 1
    assert whose(site, references) in ("A", "B")
    assert not watcher.mixed, watcher.mixed
    assert leftovers(out) == []


def test_without_wait_the_second_of_two_builds_stops_with_exit_2(tmp_path: Path, tiny: tuple[Path, Path],
                                                                  two_packages) -> None:
    builds, references = two_packages
    runs, watcher, site = race(tiny[0], tmp_path / "out", builds, references, wait=False)
    codes = sorted(run.returncode for run in runs.values())
    assert codes in ([0, 0], [0, 2]), {n: (r.returncode, r.stderr) for n, r in runs.items()}
    for run in runs.values():
        if run.returncode == 2:
            assert len(run.stderr.splitlines()) == 1 and "another build is using it" in run.stderr
    assert whose(site, references) in ("A", "B") and not watcher.mixed


@pytest.mark.parametrize("delay", [1.0, 2.0, 3.0])
def test_a_build_killed_at_any_moment_leaves_one_whole_site(tmp_path: Path, tiny: tuple[Path, Path], two_packages,
                                                           delay: float) -> None:
    """SIGKILL at several moments of a (cached) rebuild from package B over package A's site: the site is A's
    or B's, wholly; the next build puts away what the killed one left."""
    import time

    from sites import report_argv

    builds, references = two_packages
    out = tmp_path / "out"
    assert build(tiny[0], out, "en", data=builds["A"][0], cache=builds["A"][1]) == 0
    proc = subprocess.Popen(report_argv(tiny[0], out, *builds["B"]), cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.kill()
    proc.wait()
    assert whose(tree(out), references) in ("A", "B")
    assert build(tiny[0], out, "en", data=builds["A"][0], cache=builds["A"][1]) == 0
    assert whose(tree(out), references) == "A" and leftovers(out) == []


MOMENTS = {  # moment → (module, class or None, function), and whether the signal comes after the call
    "the data check": ("analysis.report.cli", None, "check_data", False),
    "loading the data": ("analysis.report.build", None, "data_facts", False),
    "a cached job": ("analysis.report.cache", "ExecutionCache", "lookup", False),
    "a memoised page": ("analysis.report.memo", "Memo", "pages", False),
    "rendering the site's pages": ("analysis.report.build", None, "language_pages", False),
    "publishing, before the switch": ("analysis.report.output", "Site", "_carry", False),
    "publishing, during the switch": ("analysis.report.output", None, "exchange", True),
}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_signal_at_any_moment_leaves_the_previous_site(tmp_path: Path, tiny: tuple[Path, Path], command_signals,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str],
                                                         moment: str, signum: int) -> None:
    """Ctrl-C or SIGTERM at each moment of a build: one line, exit 130/143, the previous site byte for byte,
    nothing left beside it. (Imports, kernels and the teaching build: the subprocess tests.)"""
    import importlib

    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    (out / "en" / "analyst" / "04-ok.html").write_text("the previous site's page")  # so a new site would differ
    before = tree(out)
    module, cls, name, after = MOMENTS[moment]
    owner = importlib.import_module(module)
    owner = getattr(owner, cls) if cls else owner
    original = getattr(owner, name)

    def fire(*args, **kwargs):
        if after:
            result = original(*args, **kwargs)
            os.kill(os.getpid(), signum)
            return result
        os.kill(os.getpid(), signum)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, fire)
    capsys.readouterr()
    assert tiny_build(tiny, out) == 128 + signum, moment
    assert capsys.readouterr().err.splitlines()[-1:] == ["interrupted"]
    assert tree(out) == before
    assert leftovers(out) == []


def handled(pid: int, timeout: float = 20.0) -> None:
    """Wait until process ``pid`` has the command's handlers (Linux: SIGTERM in the SigCgt mask of
    /proc/PID/status; Python catches SIGINT from its start-up, SIGTERM only once ``interrupt.install`` ran,
    which sets both)."""
    signum = signal.SIGTERM
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        mask = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), 16)
        if mask >> (signum - 1) & 1:
            return
        time.sleep(0.005)
    raise AssertionError(f"process {pid} never installed a handler for signal {signum}")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_the_imports_is_one_line(signum: int, tmp_path: Path, ok_notebooks: Path) -> None:
    import time

    proc = subprocess.Popen([sys.executable, "-m", "analysis", "report", "--out", str(tmp_path / "out"), "--notebooks",
                             str(ok_notebooks), "--no-cache"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    # Once the command's handlers are in (its first step, before the heavy imports: nbconvert, pandas … ≈ 1 s),
    # and not before: a signal in the interpreter's own start-up is the system's (this test's parent may even
    # ignore SIGINT, which a child inherits until it installs a handler), and a loaded machine starts slowly.
    handled(proc.pid)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum and err == "interrupted\n", (proc.returncode, out, err)
    assert not (tmp_path / "out").exists()


def test_a_signal_after_the_switch_publishes_and_says_so(tmp_path: Path, tiny: tuple[Path, Path], command_signals,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Once the new site is in place the build is done: a signal then is not an interruption (exit 0, the
    new site whole) — the exit status always tells which site is there."""
    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    original = output.dispose

    def late(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return original(*args, **kwargs)

    monkeypatch.setattr(output, "dispose", late)
    (out / "en" / "analyst" / "04-ok.html").write_text("edited by hand")  # so the new site differs
    assert tiny_build(tiny, out) == 0
    assert "ok en" in (out / "en" / "analyst" / "04-ok.html").read_text() and leftovers(out) == []


def test_where_the_system_cannot_swap_two_folders_two_renames_do_it(tmp_path: Path, tiny: tuple[Path, Path],
                                                                    command_signals, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(output, "exchange", lambda a, b: False)
    assert tiny_build(tiny, out) == 0
    (out / "notes.txt").write_text("mine")
    before = tree(out)
    renames = []
    original = output.rename

    def interrupted_between(source: Path, target: Path) -> None:
        renames.append((source.name, target.name))
        original(source, target)
        if len(renames) == 2:  # the new site is in place: a signal now puts the previous one back
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(output, "rename", interrupted_between)
    assert tiny_build(tiny, out) == 143
    assert tree(out) == before and leftovers(out) == []


def test_what_a_killed_build_left_is_put_right_by_the_next(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    """A site set aside by a build killed between its two renames goes back; a stage never switched in is
    removed; a previous site switched out but not yet taken apart gives up what was saved into it."""
    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    work = work_folder(out)
    # killed between the two renames: the site's path is empty, the site is set aside
    os.rename(out, work / "old-20260101T000000-1")
    (work / "stage-20260101T000000-1").mkdir()  # its complete new site, never switched in
    (work / "stage-20260101T000000-1" / "index.html").write_text("a stage")
    assert tiny_build(tiny, out) == 0
    assert (out / "en" / "analyst" / "04-ok.html").is_file() and leftovers(out) == []
    # switched out (the journal names the folder now at the site's path) but not taken apart, with a file
    # someone saved into it while the build ran
    aside = work / "stage-20260101T000000-2"
    shutil.copytree(out, aside)
    (aside / "en" / "figures").mkdir(exist_ok=True)
    (aside / "en" / "figures" / "my-chart.png").write_bytes(b"mine")
    found = os.stat(out)
    (work / "stage-20260101T000000-2.json").write_text(json.dumps({"inode": found.st_ino, "device": found.st_dev}))
    assert tiny_build(tiny, out) == 0
    assert (out / "en" / "figures" / "my-chart.png").read_bytes() == b"mine" and leftovers(out) == []


def test_a_file_saved_into_the_site_during_the_build_is_kept(tmp_path: Path, tiny: tuple[Path, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    original = output.Site._switch

    def save_then_switch(self):  # after the site's files were carried into the stage
        (out / "saved-meanwhile.txt").write_text("mine")
        return original(self)

    monkeypatch.setattr(output.Site, "_switch", save_then_switch)
    assert tiny_build(tiny, out) == 0
    assert (out / "saved-meanwhile.txt").read_text() == "mine"
    assert "saved-meanwhile.txt" not in json.loads((out / output.MANIFEST).read_text())["files"]


# ---------------------------------------------------------------------------- links inside the site


def test_a_symlink_inside_the_site_is_replaced_not_followed(tmp_path: Path, tiny: tuple[Path, Path],
                                                            report_fixture_data: Path, site_cache: Path,
                                                            site: Path) -> None:
    """With en/figures a link to another folder (the data's raw folder in the adversarial pass), a rebuild
    writes nothing there and deletes nothing there: the link is replaced by the build's own folder."""
    out = tmp_path / "out"
    assert build(FIXTURES, out, "en", data=report_fixture_data, cache=site_cache) == 0
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "events-per-day.png").write_bytes(b"not a figure of this build")
    shutil.rmtree(out / "en" / "figures")
    (out / "en" / "figures").symlink_to(victim)
    assert build(FIXTURES, out, "en", data=report_fixture_data, cache=site_cache) == 0
    assert sorted(p.name for p in victim.iterdir()) == ["events-per-day.png"]
    assert (victim / "events-per-day.png").read_bytes() == b"not a figure of this build"
    assert not (out / "en" / "figures").is_symlink() and (out / "en" / "figures" / "events-per-day.svg").is_file()


def test_a_manifest_entry_under_a_symlinked_folder_deletes_nothing_outside(tmp_path: Path,
                                                                          tiny: tuple[Path, Path]) -> None:
    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "04-ok.html").write_text("mine")
    (victim / "gone.html").write_text("mine")
    shutil.rmtree(out / "en" / "teaching")
    (out / "en" / "teaching").symlink_to(victim)
    record = json.loads((out / output.MANIFEST).read_text())
    record["files"].append("en/teaching/gone.html")
    (out / output.MANIFEST).write_text(json.dumps(record))
    assert tiny_build(tiny, out) == 0
    assert sorted(p.name for p in victim.iterdir()) == ["04-ok.html", "gone.html"]
    assert (victim / "04-ok.html").read_text() == "mine" and not (out / "en" / "teaching").is_symlink()


DOCTORED = ["x" * 300, "en/" + "y" * 256 + ".html", "a/" * 600 + "b", "../victim.txt", "/etc/passwd",
            "en/../../victim.txt", "en\\..\\victim.txt", "en/\x00.html", 7, None, "", "C:/victim.txt"]


def test_manifest_entries_are_checked_before_anything_moves(tmp_path: Path, tiny: tuple[Path, Path],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Doctored entries (300 characters, a name longer than a file system allows, absolute, '..', NUL, not a
    string …) are ignored with one warning, never followed, and the next builds still work."""
    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    record = json.loads((out / output.MANIFEST).read_text())
    record["files"] += DOCTORED
    (out / output.MANIFEST).write_text(json.dumps(record))
    capsys.readouterr()
    assert tiny_build(tiny, out) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("warning")]
    assert len(warnings) == 1 and f"{len(DOCTORED)} entr(y/ies) ignored" in warnings[0], warnings
    assert tiny_build(tiny, out) == 0 and victim.read_text() == "mine"
    assert not any(isinstance(e, str) and e in json.loads((out / output.MANIFEST).read_text())["files"] for e in DOCTORED)


def test_out_given_as_a_symlink_builds_the_folder_it_names(tmp_path: Path, tiny: tuple[Path, Path]) -> None:
    real = tmp_path / "real-site"
    real.mkdir()
    link = tmp_path / "site-link"
    link.symlink_to(real, target_is_directory=True)
    assert tiny_build(tiny, link) == 0 and tiny_build(tiny, link) == 0
    assert link.is_symlink() and (real / "en" / "analyst" / "04-ok.html").is_file()


# ---------------------------------------------------------------------------- options and the file system


@pytest.mark.parametrize("make,argv,message", [
    (lambda t: (t / "loop").symlink_to(t / "loop"), ["--out", "{tmp}/loop"], "a loop of symbolic links"),
    (lambda t: (t / "loop").symlink_to(t / "loop"), ["--cache-dir", "{tmp}/loop"], "a loop of symbolic links"),
    (lambda t: (t / "dangling").symlink_to(t / "nowhere"), ["--out", "{tmp}/dangling"], "a symbolic link to nothing"),
    (lambda t: None, ["--out", "{tmp}/" + "o" * 5000], "File name too long"),
    (lambda t: None, ["--out", "{tmp}/" + "/".join(["d" * 200] * 25)], "File name too long"),
    (lambda t: None, ["--out", "{tmp}"], "holds the notebooks"),
    (lambda t: None, ["--out", "{tmp}/out", "--cache-dir", "{tmp}/out/cache"], "holds the execution cache"),
    (lambda t: None, ["--out", "{tmp}/cache/site", "--cache-dir", "{tmp}/cache"], "inside the execution cache"),
    (lambda t: (t / "a-file").write_text("x"), ["--out", "{tmp}/a-file/site"], "a-file is not a folder"),
    (lambda t: (t / ".site.analysis-report").write_text("x"), ["--out", "{tmp}/site"], "not the builder's work folder"),
])
def test_more_bad_options_exit_2_with_one_line(tmp_path: Path, ok_notebooks: Path, capsys: pytest.CaptureFixture[str],
                                               make, argv: list[str], message: str) -> None:
    make(tmp_path)
    argv = [a.format(tmp=tmp_path) for a in argv]
    defaults = ["--notebooks", str(ok_notebooks), "--no-cache"] if "--cache-dir" not in argv else \
        ["--notebooks", str(ok_notebooks)]
    defaults += [] if "--out" in argv else ["--out", str(tmp_path / "out")]
    assert report.main(defaults + argv) == 2
    assert message in one_line_error(capsys)


def test_the_environment_s_data_package_is_checked_like_data(tmp_path: Path, ok_notebooks: Path, package_copy: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(tmp_path / "missing"))
    assert report.main(["--notebooks", str(ok_notebooks), "--out", str(tmp_path / "out"), "--no-cache"]) == 2
    assert f"ANALYSIS_DATA_DIR {tmp_path / 'missing'}: not a folder" in one_line_error(capsys)
    (package_copy / "events.csv").write_text("event_id\nE1\n", encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(package_copy))
    assert report.main(["--notebooks", str(ok_notebooks), "--out", str(tmp_path / "out"), "--no-cache"]) == 1
    captured = capsys.readouterr()
    assert "nothing was built" in captured.err and "started" not in captured.out
    assert f"{package_copy}/events.csv" in captured.err or "events.csv" in captured.err


def test_the_kernels_read_the_package_the_builder_checked(tmp_path: Path, two_packages,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """--data A with ANALYSIS_DATA_DIR=B in the environment: every page is A's — the notebook's chart (it
    reads $ANALYSIS_DATA_DIR, which the builder sets to its checked copy of A), the article page, the data
    version; without --data, B is the package, checked, and every page is B's."""
    builds, references = two_packages
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(FIXTURES / "01-plotly-summary.ipynb", notebooks)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(builds["B"][0]))
    for out, package, argv in ((tmp_path / "given", "A", ["--data", str(builds["A"][0])]), (tmp_path / "env", "B", [])):
        assert report.main(["--notebooks", str(notebooks), "--out", str(out), "--no-cache", *argv]) == 0
        other = "B" if package == "A" else "A"
        chart = (out / "en" / "analyst" / "01-plotly-summary.html").read_text()
        assert f"Region{package}" in chart and f"Region{other}" not in chart
        article = (out / "en" / "article.html").read_text()
        assert f"(package {package})" in article and f"(package {other})" not in article
        assert report.data_version(builds[package][0]) in (out / "index.html").read_text()


def test_a_full_disk_names_the_destination(tmp_path: Path, tiny: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    before = tree(out)

    def full(self, rel: str, content: bytes) -> None:
        if rel == "en/article.html":
            raise OSError(errno.ENOSPC, "No space left on device", str(self.stage / rel))
        return original(self, rel, content)

    original = output.Site.write
    monkeypatch.setattr(output.Site, "write", full)
    capsys.readouterr()
    assert tiny_build(tiny, out) == 1
    err = one_line_error(capsys)
    assert err == f"python -m analysis report: No space left on device: {out / 'en' / 'article.html'}\n"
    assert tree(out) == before and leftovers(out) == []


def test_a_real_full_disk_names_the_destination_and_keeps_the_previous_site(tmp_path: Path, tiny: tuple[Path, Path],
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """On a file system with room for one site and not two (a 3 MB tmpfs; root only), the second build runs
    out of space while writing its stage: one line naming a file under --out, exit 1, the first site whole."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3000k", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root and tmpfs to make a small file system")
    try:
        out = disk / "site"
        assert tiny_build(tiny, out) == 0
        before = tree(out)
        capsys.readouterr()
        assert tiny_build(tiny, out) == 1
        err = one_line_error(capsys)
        assert err.startswith(f"python -m analysis report: No space left on device: {out}/"), err
        assert ".analysis-report" not in err and tree(out) == before and leftovers(out) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_notebook_names_with_hash_question_mark_and_percent_link_to_their_pages(tmp_path: Path,
                                                                                capsys: pytest.CaptureFixture[str]) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("04 ok#1?.ipynb", "05-100%.ipynb"):
        shutil.copy(FIXTURES / "failing" / "04-ok.ipynb", notebooks / name)
    out = tmp_path / "out"
    assert build(notebooks, out, "en") == 0
    assert (out / "en" / "analyst" / "04-ok-1-.html").is_file() and (out / "en" / "analyst" / "05-100-.html").is_file()
    for page in pages(out):
        for tag, attr, url in refs(page).urls:
            if tag == "a" and not re.match(r"^[a-z]+:", url):
                target = url.split("#")[0]
                assert "?" not in url and "%" not in url, (page, url)
                assert not target or (page.parent / target).resolve().is_file(), (page, url)
    shutil.copy(FIXTURES / "failing" / "04-ok.ipynb", notebooks / "04 ok?1#.ipynb")  # the same page name
    assert build(notebooks, out, "en") == 2
    assert "would both be published as 04-ok-1-.html" in one_line_error(capsys)


# ---------------------------------------------------------------------------- a cache that cannot lie


def cache_executions(cache: Path) -> list[Path]:
    return sorted((cache / "executed").glob("*/base.ipynb"))


def test_an_edited_cached_execution_is_discarded_and_executed_again(tmp_path: Path, ok_notebooks: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build(ok_notebooks, out, "en", cache=cache) == 0
    [stored] = cache_executions(cache)
    stored.write_text(stored.read_text().replace("ok en", "ok 70"))
    capsys.readouterr()
    assert build(ok_notebooks, out, "en", cache=cache) == 0
    printed = capsys.readouterr().out.splitlines()
    warnings = [line for line in printed if line.startswith("warning")]
    assert warnings == ["warning: the cached execution of 04-ok [en] does not match what was stored (edited, deleted "
                        "or cut short): discarded, executing again"]
    assert "started 04-ok [en]" in printed
    assert "ok en" in (out / "en" / "analyst" / "04-ok.html").read_text()
    assert "ok 70" not in (out / "en" / "analyst" / "04-ok.html").read_text()


def test_a_damaged_or_incomplete_cached_execution_is_discarded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What a build killed while storing an execution leaves (a record without its seal, one of its two
    figure files), or a file lost or cut short since: each time one warning, the notebook executed again,
    both figure files on the site, and the execution stored anew, whole."""
    cache, out, notebooks = tmp_path / "cache", tmp_path / "out", FIXTURES / "figures"
    label = "06-figure-files [en]"
    assert build(notebooks, out, "en", cache=cache) == 0
    damages = {"a figure file deleted": lambda stored: next((stored.parent / "artifacts").glob("*.png")).unlink(),
               "a figure file cut short": lambda stored: next((stored.parent / "artifacts").glob("*.svg")).write_text("<"),
               "the seal missing": lambda stored: next((cache / "seals").glob("*.json")).unlink(),
               "the notebook file missing": lambda stored: stored.unlink()}
    for damage, do in damages.items():
        [stored] = cache_executions(cache)
        do(stored)
        capsys.readouterr()
        assert build(notebooks, out, "en", cache=cache) == 0
        printed = capsys.readouterr().out.splitlines()
        assert len([line for line in printed if line.startswith(f"warning: the cached execution of {label}")]) == 1, \
            (damage, printed)
        assert f"started {label}" in printed, damage
        figures = out / "en" / "figures"
        assert sorted(p.name for p in figures.iterdir()) == ["index.html", "two-files.en.png", "two-files.en.svg"]
        assert (figures / "two-files.en.svg").read_text().startswith("<svg"), damage
    capsys.readouterr()
    assert build(notebooks, out, "en", cache=cache) == 0
    assert cache_lines(capsys.readouterr().out) == {label: "cached"}


def test_an_edited_memoised_page_is_discarded_and_rendered_again(tmp_path: Path, ok_notebooks: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert build(ok_notebooks, out, "en", cache=cache) == 0
    kept = [p for p in (cache / "memo" / "pages").rglob("*.html") if "ok en" in p.read_text()]
    assert kept
    for page in kept:
        page.write_text(page.read_text().replace("ok en", "ok 70"))
    capsys.readouterr()
    assert build(ok_notebooks, out, "en", cache=cache) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("warning")]
    assert warnings == ["warning: the memoised pages of 04-ok [en] are not what was kept (edited, deleted or cut "
                        "short): discarded, rendering again"]
    for view in report.VIEWS:
        page = (out / "en" / view / "04-ok.html").read_text()
        assert "ok en" in page and "ok 70" not in page


def test_each_kind_of_input_a_notebook_reads_reaches_the_page(tmp_path: Path, report_fixture_data: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The key covers what the notebook actually read: a coder's file added to or changed in the folder it
    lists, a dot-file of the data package; the kernel's reading of the gettext catalogs is recorded with the
    execution, and a recorded file that changes sends the notebook to a kernel again."""
    from analysis.i18n import LOCALE_DIR

    notebooks, data = tmp_path / "notebooks", tmp_path / "data"
    shutil.copytree(FIXTURES / "inputs", notebooks)
    shutil.copytree(report_fixture_data, data)
    out, cache = tmp_path / "out", tmp_path / "cache"
    label = "05-inputs [en]"

    def run() -> tuple[str, str]:
        capsys.readouterr()
        assert build(notebooks, out, "en", data=data, cache=cache) == 0
        page = (out / "en" / "analyst" / "05-inputs.html").read_text()
        return cache_lines(capsys.readouterr().out)[label], page

    state, page = run()
    assert state == "started" and "coders: 2, coded rows: 4" in page and "data note: none" in page
    assert run()[0] == "cached"
    (notebooks / "codings" / "coder_c.csv").write_text("passage,event_type\nP1,arrest\n", encoding="utf-8")
    state, page = run()
    assert state == "started" and "coders: 3, coded rows: 5" in page
    (notebooks / "codings" / "coder_a.csv").write_text("passage,event_type\nP1,arrest\nP2,arrest\nP3,x\n")
    state, page = run()
    assert state == "started" and "coders: 3, coded rows: 6" in page
    (data / ".notes.txt").write_text("a dot-file of the package\n", encoding="utf-8")
    state, page = run()
    assert state == "started" and "data note: a dot-file of the package" in page
    assert run()[0] == "cached"
    seal_path = max((cache / "seals").glob("*.json"), key=lambda p: p.stat().st_mtime)  # the last execution's
    seal = json.loads(seal_path.read_text())
    catalogs = [str(p.resolve()) for p in sorted((LOCALE_DIR / "ar" / "LC_MESSAGES").glob("*.po"))]
    assert catalogs and all(seal["files"].get(p) for p in catalogs), sorted(seal["files"])
    seal["files"][catalogs[0]] = "0" * 64  # as if that catalog had changed since the execution was stored
    seal_path.write_text(json.dumps(seal))
    assert run()[0] == "started"


def test_the_fixed_part_of_the_key_covers_catalogs_and_dot_files(tmp_path: Path, report_fixture_data: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.report import cache

    data = tmp_path / "data"
    shutil.copytree(report_fixture_data, data)
    first = cache.inputs_digest(data, "en")
    (data / ".hidden.csv").write_text("a,b\n")
    assert cache.inputs_digest(data, "en") != first
    package = tmp_path / "analysis"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    second = cache.inputs_digest(data, "en")
    catalog = package / "locale" / "ar" / "LC_MESSAGES" / "site.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# a translator's edit\n", encoding="utf-8")
    assert cache.inputs_digest(data, "en") != second
    third = cache.inputs_digest(data, "en")
    (package / "assets" / "report.css").write_text("/* the builder's own: pages, not executions */\n")
    assert cache.inputs_digest(data, "en") == third


# ---------------------------------------------------------------------------- the teaching build's command


def test_teaching_refuses_an_out_in_the_data_package_and_bad_options(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from analysis import teaching_build
    from analysis.paths import DATA

    before = sorted(p.relative_to(DATA) for p in DATA.rglob("*"))
    for argv, message in ((["--out", str(DATA / "raw" / "kit")], "inside the data package"),
                          (["--out", str(ROOT)], "holds the data package"),
                          (["--lang", "fr"], "invalid choice: 'fr'"), (["--no-such"], "unrecognized arguments")):
        assert teaching_build.main(["--no-execute", *argv]) == 2
        assert message in one_line_error(capsys)
    assert sorted(p.relative_to(DATA) for p in DATA.rglob("*")) == before


def test_teaching_bundle_ships_no_hidden_files(tmp_path: Path) -> None:
    import zipfile

    from analysis import teaching_build
    from analysis.paths import DATA

    checkpoints = DATA / ".ipynb_checkpoints"
    made = not checkpoints.exists()
    checkpoints.mkdir(exist_ok=True)
    litter = [checkpoints / "events-checkpoint.csv", ROOT / "analysis" / ".DS_Store"]
    try:
        for path in litter:
            path.write_text("litter")
        assert teaching_build.main(["--no-execute", "--lang", "en", "--out", str(tmp_path / "kit")]) == 0
    finally:
        for path in litter:
            path.unlink(missing_ok=True)
        if made:
            checkpoints.rmdir()
    with zipfile.ZipFile(tmp_path / "kit" / "student-bundle-en.zip") as archive:
        names = archive.namelist()
    assert names and not [n for n in names if any(p.startswith(".") for p in n.split("/"))], names


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_teaching_stops_on_a_signal_with_one_line_and_keeps_the_previous_kit(tmp_path: Path, signum: int) -> None:
    import time

    import psutil

    out = tmp_path / "kit"
    base = [sys.executable, "-m", "analysis", "teaching", "--lang", "en", "--out", str(out)]
    assert subprocess.run([*base, "--no-execute"], cwd=ROOT, capture_output=True, timeout=120).returncode == 0
    before = tree(out)
    proc = subprocess.Popen(base, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert proc.stdout.readline().startswith("executing teacher/en/")
        time.sleep(1.0)
        kernels = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signum)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signum and err == "interrupted\n", (proc.returncode, err)
    assert not psutil.wait_procs(kernels, timeout=5)[1]
    assert tree(out) == before and leftovers(out) == []


@pytest.mark.parametrize("lang", ["fr", "EN", "", None])
def test_every_self_check_answers_a_language_it_does_not_know(lang: object, capsys: pytest.CaptureFixture[str]) -> None:
    """A LANG other than en/ar in a teaching notebook's parameters cell: every self-check says "not yet" and
    how to set LANG, instead of raising ValueError."""
    from analysis import teaching

    checks = [(teaching.check_reading, ({}, {})), (teaching.check_form, ({},)), (teaching.check_events_per_type, ({},)),
              (teaching.check_events_per_agency, ({},)), (teaching.check_retold, ([],)),
              (teaching.check_alpha, (0.5, "date")), (teaching.check_contradicted_dates, ([],))]
    for check, args in checks:
        check(*args, lang=lang)
        printed = capsys.readouterr().out.splitlines()
        assert printed[0] == "not yet" and 'LANG must be "en" or "ar"' in printed[1], (check.__name__, printed)


def test_a_stop_that_reaches_the_command_wrapped_is_still_one_line(tmp_path: Path, tiny: tuple[Path, Path],
                                                                   command_signals, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """SIGTERM while a class is being made (as during `import matplotlib`): Python 3.11 hands it on as a
    RuntimeError ("Error calling __set_name__"); it is still the stop — one line, exit 143, the site as it was."""
    out = tmp_path / "out"
    assert tiny_build(tiny, out) == 0
    before = tree(out)
    import analysis.report.build as build_module

    original = build_module.data_facts

    def importing(*args, **kwargs):
        class Named:
            def __set_name__(self, owner, name):
                os.kill(os.getpid(), signal.SIGTERM)

        try:
            type("Axes", (), {"set_xticks": Named()})
        except RuntimeError as error:
            assert "__set_name__" in str(error) or isinstance(error.__cause__, interrupt.Interrupted)
            raise
        return original(*args, **kwargs)

    monkeypatch.setattr(build_module, "data_facts", importing)
    capsys.readouterr()
    assert tiny_build(tiny, out) == 143
    assert capsys.readouterr().err == "interrupted\n" and tree(out) == before and leftovers(out) == []
    monkeypatch.undo()
    assert tiny_build(tiny, out, "--no-such-option") == 2  # the next command starts with no stop received
