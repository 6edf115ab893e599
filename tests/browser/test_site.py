"""Open every page of the built report site in headless Chromium, from disk, with the network cut off.

Sites: the fixture notebooks (tests/fixtures/notebooks, both languages, with the fixture data package
whose text carries script-injection payloads) and, when notebooks/*.ipynb exist, the project's own, and
the project's notebooks that show the data's free text (01, 02, 05) built from a copy of the data with
script payloads in it. Each site is built once per session with ``python -m analysis report`` into a
temporary folder (``--dist loadscope``: a site's class stays on one xdist worker, so once per test run),
with the project's execution cache: a site built after ``make report`` reuses its executions, as
``make report`` would (a cached build renders the same bytes, tests/test_report.py).

Every page is loaded once and checked at a desktop width (1,366 px) and again, resized, at a phone width
(420 px). Screenshots of the pages a reader meets first (indexes, the first report, the article, the figures
page) at both widths go to test-artifacts/screenshots/. Without Chromium the tests are skipped, unless CI is set.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.paths import NOTEBOOKS, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
FIXTURE_DATA = Path("fixture-data")  # stands for the fixture notebooks' data package, made at session time
HOSTILE = Path("hostile")  # stands for a copy of data/ with payloads in its free text, made at session time
SITES: dict[str, tuple[Path, Path | None]] = {"fixtures": (FIXTURES, FIXTURE_DATA)}
# The hostile-data site: only the notebooks that show the data's free text (summaries, notes, places, claims).
HOSTILE_NOTEBOOKS = ("01-event-table", "02-incident-frequency", "05-source-criticism")
if sorted(NOTEBOOKS.glob("*.ipynb")):
    SITES["project"] = (NOTEBOOKS, None)
    SITES["project-hostile"] = (NOTEBOOKS, HOSTILE)
WIDTHS = {"desktop": 1366, "phone": 420}
MENTIONS_CSV = ROOT / "data" / "mentions.csv"
PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
LANGS = ("en", "ar")
VIEWS = ("analyst", "teaching")
ARABIC = re.compile(r"[\u0600-\u06FF]")
PAYLOAD_TEXT = {  # fixture page -> literal payload text that must be visible (and inert)
    "02-matplotlib-table": '<img src=x onerror="window.__xss=1">',
}

Built = tuple[Path, subprocess.CompletedProcess[str]]


def site_notebooks(site: str) -> list[Path]:
    notebooks, data = SITES[site]
    found = sorted(notebooks.glob("*.ipynb"))
    return [nb for nb in found if nb.stem in HOSTILE_NOTEBOOKS] if data == HOSTILE else found


def page_rels(site: str) -> Iterator[object]:
    yield pytest.param("index.html", id="index")
    for lang in LANGS:
        yield pytest.param(f"{lang}/index.html", id=f"{lang}-index")
        yield pytest.param(f"{lang}/article.html", id=f"{lang}-article")
        yield pytest.param(f"{lang}/figures/index.html", id=f"{lang}-figures")
        for doc in ("teaching-guide", "codebook", "sources"):
            yield pytest.param(f"{lang}/{doc}.html", id=f"{lang}-{doc}")
        for view in VIEWS:
            for nb in site_notebooks(site):
                yield pytest.param(f"{lang}/{view}/{nb.stem}.html", id=f"{lang}-{view}-{nb.stem}")


def screenshot_wanted(site: str, rel: str) -> bool:
    """The pages a reader meets first, of the project's site (of the fixtures' when there is none)."""
    if site != ("project" if "project" in SITES else "fixtures"):
        return False
    first = site_notebooks(site)[0].stem
    return rel == "index.html" or rel.split("/", 1)[-1] in (
        "index.html", "article.html", "figures/index.html", f"analyst/{first}.html", f"teaching/{first}.html",
        "analyst/02-incident-frequency.html", "analyst/05-source-criticism.html", "teaching-guide.html", "sources.html")


def exercise(notebook: Path) -> tuple[int, int]:
    """(solution cells, student cells) of a notebook file."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    tags = [t for c in nb.cells for t in c.get("metadata", {}).get("tags", [])]
    return tags.count("solution"), tags.count("student")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, report_fixture_data: Path) -> Callable[[str], Built]:
    """Build a site (once per session) with the project's command; returns its folder and the run."""
    cache: dict[str, Built] = {}

    def get(site: str) -> Built:
        if site not in cache:
            notebooks, data = SITES[site]
            out = tmp_path_factory.mktemp(f"site-{site}")
            if data == HOSTILE:
                data = hostile_data(tmp_path_factory.mktemp("hostile-data"))
                notebooks = tmp_path_factory.mktemp("hostile-notebooks")
                for nb in site_notebooks(site):
                    shutil.copy(nb, notebooks / nb.name)
            elif data == FIXTURE_DATA:
                data = report_fixture_data
            argv = [sys.executable, "-m", "analysis", "report", "--lang", "en", "--lang", "ar",
                    "--notebooks", str(notebooks), "--out", str(out)]
            argv += ["--data", str(data)] if data else []
            cache[site] = (out, subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=1800))
        return cache[site]

    return get


def check_site_builds(built_site: Callable[[str], Built], site: str) -> None:
    out, run = built_site(site)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (out / "index.html").is_file() and (out / "assets" / "plotly.min.js").is_file()


JS_UNDRAWN_IMAGES = "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))"
JS_DRAWN_PLOTS = "Array.from(document.querySelectorAll('.js-plotly-plot')).filter(e => e.querySelector('svg.main-svg')).length"
JS_HANDLER_ATTRIBUTES = """Array.from(document.querySelectorAll('*')).flatMap(e =>
  Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"""
JS_LINKS = "Array.from(document.links).map(a => a.href)"
JS_CLIPPED_LABELS = """Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(plot => {
  const svg = plot.querySelector('svg.main-svg');
  if (!svg) return [];
  const box = svg.getBoundingClientRect();
  return Array.from(plot.querySelectorAll('.xtick text, .ytick text, .gtitle, .g-xtitle text, .g-ytitle text, .legendtext'))
    .filter(t => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1);
    }).map(t => t.textContent);
})"""
JS_LEGEND_OVER_PLOT = """Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(plot => {
  const legend = plot.querySelector('g.legend'), area = plot.querySelector('.draglayer .nsewdrag');
  if (!legend || !area) return [];
  const a = legend.getBoundingClientRect(), b = area.getBoundingClientRect();
  const x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return a.width > 0 && x > 2 && y > 2 ? [plot.id] : [];
})"""
# Wider than the screen: the page itself scrolls sideways (content inside a scroll box does not count).
JS_PAGE_WIDTH = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
JS_WIDE_ELEMENTS = """Array.from(document.querySelectorAll('body *')).filter(e => {
  const r = e.getBoundingClientRect();
  if (r.right <= document.documentElement.clientWidth + 1 && r.left >= -1) return false;
  for (let p = e.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX;
    if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
  }
  return true;
}).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
# Visible text, one string per text node: (text, inside code). Code input areas, scripts, styles, closed
# <details> and hidden elements are not visible text.
JS_VISIBLE_TEXT = """(() => {
  const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (!parent || !node.textContent.trim() || parent.closest('script, style, .jp-InputArea, .modebar')) continue;
    if (!parent.checkVisibility({visibilityProperty: true})) continue;
    out.push([node.textContent, !!parent.closest('pre, code'), !!parent.closest(FOREIGN)]);
  }
  return out;
})()""".replace("FOREIGN", "'[lang]:not([lang=\"' + document.documentElement.lang + '\"])'")
JS_ENGLISH_BLOCKS = """Array.from(document.querySelectorAll(
    'h1, h2, h3, h4, h5, h6, p, li, td, th, summary, figcaption, caption, dt, dd, blockquote')).filter(e =>
  !e.closest('pre, code, .jp-InputArea, script, style') && e.checkVisibility() &&
  !e.closest('[lang]:not([lang="' + document.documentElement.lang + '"])')).map(e => {
  const copy = e.cloneNode(true);
  copy.querySelectorAll('pre, code, h1, h2, h3, h4, h5, h6, p, li, ul, ol, table').forEach(c => c.remove());
  copy.querySelectorAll('[lang]:not([lang="' + document.documentElement.lang + '"])').forEach(c => c.remove());
  return copy.textContent;
})"""
JS_MISSING_FRAGMENTS = """Array.from(document.querySelectorAll('a[href^="#"]')).map(a => a.getAttribute('href').slice(1))
  .filter(id => id && !document.getElementById(id))"""
JS_MENTION_IDS = """(ids) => ids.map(id => [id, document.querySelectorAll('[id="' + id + '"]').length,
  (document.getElementById(id) || {}).tagName || ''])"""
# Text as a reader meets it, measured in the browser, in one pass per page and width:
# - words: every word (letters, marks and digits; a date or a decimal with its separators) of two characters or
#   more, in every visible text node outside code, measured with Range.getClientRects(): its boxes must all sit on
#   one line (a word broken inside, "occurre|d", "الاستخبا|رات", or a date split at its hyphen, fails);
# - isolation: in a right-to-left context (computed direction of the text's element) no Latin letter or separated
#   number (2021-03-25) outside an isolate, in a left-to-right one no Arabic letter outside one — where an isolate
#   is an element with its own direction (<bdi dir>, dir=…) or a Unicode isolate (LRI/RLI/FSI … PDI); the same for
#   every hover text (title attribute);
# - a number and the word after it joined by a no-break space, never by a space a line can break at.
JS_TEXT = r"""(() => {
  const SKIP = 'script, style, code, kbd, textarea, select, svg, .modebar, .jp-InputArea, pre:not(.report-message), [lang="zxx"]';
  const WORD = /[\p{L}\p{M}\p{N}]+(?:[-.:\/][\p{N}]+)*/gu;
  const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const LATIN_OR_DATE = /[A-Za-z\u00C0-\u024F]|\d[-\/:.]\d/;
  const ISOLATED = /[\u2066\u2067\u2068][^\u2066-\u2069]*\u2069/g;  // innermost first: isolates nest
  const bare = (text) => { let before; do { before = text; text = text.replace(ISOLATED, ''); } while (text !== before); return text; };
  const out = {nodes: 0, words: 0, broken: [], unisolated: [], split: [], titles: 0,
               isolates: document.querySelectorAll('bdi, [dir]').length};
  const mixed = (text, dir) => (dir === 'rtl' ? LATIN_OR_DATE : ARABIC).test(bare(text));
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement, text = node.textContent;
    if (!parent || !text.trim() || parent.closest(SKIP)) continue;
    if (!parent.checkVisibility({visibilityProperty: true})) continue;
    out.nodes++;
    const dir = getComputedStyle(parent).direction;
    if (mixed(text, dir)) out.unisolated.push(dir + ': ' + text.trim().slice(0, 70));
    const split = bare(text).match(/\d[ ]\p{L}+|\p{L}+[ ]\d/u);
    if (split) out.split.push(split[0] + ' in ' + text.trim().slice(0, 50));
    for (const word of text.matchAll(WORD)) {
      if (word[0].length < 2) continue;
      out.words++;
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
      if (rects.length < 2) continue;
      const tops = rects.map(r => r.top), height = Math.min(...rects.map(r => r.height));
      if (Math.max(...tops) - Math.min(...tops) > height / 2) out.broken.push(word[0]);
    }
  }
  for (const e of document.querySelectorAll('body [title]')) {
    if (e.closest('svg, .modebar')) continue;
    out.titles++;
    const dir = getComputedStyle(e).direction;
    if (mixed(e.getAttribute('title'), dir)) out.unisolated.push('hover ' + dir + ': ' + e.getAttribute('title').slice(0, 70));
  }
  return out;
})()"""
MEASURES = ROOT / "test-artifacts" / "text-checks"
ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
# A missing value shown as a value: pandas' NaN/<NA>, "nan", or a bare None (not "None of …").
MISSING_TOKEN = re.compile(r"(?<![\w-])(?:NaN|nan|<NA>|None(?![ \u00a0]+[a-z]))(?![\w-])")


# One token with no space inside (a web address, an id, a code), isolated or not, is not an English sentence.
SINGLE_TOKEN = re.compile(r"[\u2066\u2068]?\S+[\u2069]?")


def letters(text: str) -> tuple[int, int]:
    """(Arabic letters, Latin letters) of a text."""
    return len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))


def mention_ids() -> list[str]:
    with MENTIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return [row["mention_id"] for row in csv.DictReader(handle)]


def check_layout(page: object, width: str, measured: str | None = None) -> None:
    """What must hold at every width: nothing cut off, no legend over the plot, no page wider than the screen, no
    word laid out on two lines, every run that breaks out of its text's direction isolated, no number split from
    its word. The counts go to test-artifacts/text-checks/ (``measured`` names the file)."""
    assert page.evaluate(JS_CLIPPED_LABELS) == [], f"{width}: chart text cut off at the chart's edge"
    assert page.evaluate(JS_LEGEND_OVER_PLOT) == [], f"{width}: a legend sits over the plot"
    scroll, client = page.evaluate(JS_PAGE_WIDTH)
    assert scroll <= client + 1, f"{width}: page {scroll} px wide in a {client} px window: {page.evaluate(JS_WIDE_ELEMENTS)}"
    text = page.evaluate(JS_TEXT)
    if measured:
        MEASURES.mkdir(parents=True, exist_ok=True)
        counts = {k: v if isinstance(v, int) else len(v) for k, v in text.items()}
        (MEASURES / f"{measured}-{width}.json").write_text(json.dumps(counts))
    assert text["words"] > 0
    assert text["broken"] == [], f"{width}: words laid out on two lines: {text['broken'][:10]}"
    assert text["unisolated"] == [], f"{width}: runs not isolated from the text around them: {text['unisolated'][:5]}"
    assert text["split"] == [], f"{width}: a number and its word may be split across lines: {text['split'][:5]}"


def check_text(page: object, lang: str, arabic_share: bool = True, code_is_the_lesson: bool = False,
               document: bool = False) -> None:
    """No missing-value token as visible text; an Arabic page is Arabic (code excluded). The share is not asked
    of the fixture and hostile sites, whose data is English test text and Latin payloads on purpose. In the
    teaching notebooks the code is the lesson: a code cell's output (the student's coding form, ids and column
    names a student types) counts as code too, and only their prose and the site's words are measured. The
    teacher's guide and the codebook (``document``) are about the code: their prose names NaN and None."""
    texts = page.evaluate(JS_VISIBLE_TEXT)
    shown = [text.strip()[:60] for text, in_code, _ in texts if MISSING_TOKEN.search(text) and not in_code]
    shown = [] if document else shown
    assert shown == [], f"missing values shown: {shown[:5]}"
    if code_is_the_lesson:
        texts = page.evaluate(JS_VISIBLE_TEXT.replace(".jp-InputArea,", ".jp-InputArea, .jp-OutputArea,"))
    if lang == "ar" and arabic_share:
        # text marked as another language (a title as published, a web address: lang="fr", lang="zxx") is cited, not prose
        arabic, latin = map(sum, zip(*(letters(text) for text, in_code, foreign in texts if not in_code and not foreign)))
        assert arabic >= 0.9 * (arabic + latin), f"Arabic letters {arabic}, Latin letters {latin}: {arabic / max(1, arabic + latin):.0%}"
        blocks = JS_ENGLISH_BLOCKS.replace("'pre, code, .jp-InputArea,", "'pre, code, .jp-InputArea, .jp-OutputArea,") \
            if code_is_the_lesson else JS_ENGLISH_BLOCKS
        english = [text.strip()[:80] for text in page.evaluate(blocks)
                   if letters(text)[1] >= 12 and letters(text)[1] > letters(text)[0] and not SINGLE_TOKEN.fullmatch(text.strip())]
        assert english == [], "English headings or paragraphs on an Arabic page"


def check_page(browser: object, built_site: Callable[[str], Built], site: str, rel: str) -> None:
    out, _ = built_site(site)
    root = out.resolve()
    path = root / rel
    assert path.is_file(), f"{rel} was not built"
    blocked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []

    def only_the_site(route: object) -> None:
        url = route.request.url
        inside = url.startswith("file://") and Path(unquote(urlparse(url).path)).resolve().is_relative_to(root)
        if inside:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    shots = screenshot_wanted(site, rel)
    shot = SCREENSHOTS / f"{site}-{rel.replace('/', '-').removesuffix('.html')}"
    try:
        context.route("**/*", only_the_site)
        page = context.new_page()
        page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri(), wait_until="load")
        meta = page.locator('meta[name="analysis-report-plotly-outputs"]')
        expected_plots = int(meta.get_attribute("content")) if meta.count() else 0
        if expected_plots:
            page.wait_for_function(f"({JS_DRAWN_PLOTS}) >= {expected_plots}", timeout=15000)
        page.wait_for_timeout(100)  # let late requests and console errors arrive
        if shots:  # both widths first, so that a failing check still leaves its pictures
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shot}-{WIDTHS['desktop']}.png", full_page=True)
            resize(page, WIDTHS["phone"], expected_plots)
            page.screenshot(path=f"{shot}-{WIDTHS['phone']}.png", full_page=True)
            resize(page, WIDTHS["desktop"], expected_plots)

        assert blocked == [], "requests outside the site folder"
        assert failed == []
        assert errors == []
        assert page.evaluate(JS_DRAWN_PLOTS) == expected_plots
        assert page.evaluate(JS_UNDRAWN_IMAGES) == []
        assert page.evaluate("window.__xss") is None
        assert page.evaluate(JS_HANDLER_ATTRIBUTES) == []
        assert page.locator(".report-failed").count() == 0, page.locator(".report-failed").first.inner_text()
        check_links(page, root)
        assert page.evaluate(JS_MISSING_FRAGMENTS) == [], "links to places missing from the page"

        lang = rel.split("/")[0] if "/" in rel else "en"
        html_el = page.locator("html")
        assert html_el.get_attribute("lang") == lang
        assert html_el.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        if rel != "index.html":
            assert page.locator(".report-caveat").count() == 1 and page.locator(".report-caveat").is_visible()
            assert page.title().strip()
        check_text(page, lang, arabic_share=site == "project", code_is_the_lesson="-teaching-" in rel,
                   document=rel.endswith(("teaching-guide.html", "codebook.html")))
        check_views(page, site, rel)
        if rel.endswith("article.html"):
            ids = mention_ids()
            assert len(ids) >= 28
            assert page.evaluate(JS_MENTION_IDS, ids) == [[i, 1, "MARK"] for i in ids]
        if site == "fixtures":
            check_fixture_payloads(page, rel)
        if site == "project-hostile" and rel.endswith("en/analyst/01-event-table.html"):
            # E02's location is a cell of the events table: the payload reads as text there.
            assert 'Berkane<img src=x onerror="window.__xss=1">' in page.locator("body").inner_text()
        if site == "project-hostile" and rel.endswith("article.html"):
            shown = re.sub("[\u2066-\u2069]", "", page.locator(".report-events").inner_text())  # direction isolates
            assert "window.__xss=1" in shown
        check_site_parts(page, site, rel)
        measured = f"{site}-{rel.replace('/', '-').removesuffix('.html')}"
        check_layout(page, "desktop", measured)

        resize(page, WIDTHS["phone"], expected_plots)
        check_layout(page, "phone", measured)
        assert page.evaluate("window.__xss") is None
    finally:
        context.close()


def record_sources() -> tuple[int, int]:
    """(record sources, those whose address is http or https) of the project's sources.csv."""
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["role"] == "record"]
    return len(rows), sum(bool(re.match(r"https?://", row["url"], re.I)) for row in rows)


def check_site_parts(page: object, site: str, rel: str) -> None:
    """Every page's foot (the article, the update date, the sources page); the answer first on the front pages of
    the project's site, linked to its evidence; on the sources page every record source, its address a link only
    when it is http or https."""
    footers = page.locator(".report-footer")
    assert footers.count() == (2 if rel == "index.html" else 1)
    assert page.locator(".report-footer time[datetime]").count() == footers.count()
    assert page.locator('.report-footer a[href$="sources.html"]').count() == footers.count()
    if site == "project" and rel in ("index.html", "en/index.html", "ar/index.html"):
        answer = page.locator(".report-answer").first
        assert answer.locator("li").count() >= 4, "the front page opens with the answer"
        assert answer.locator('a[href*="article.html#E"]').count() >= 2
        assert answer.locator('a[href*="05-source-criticism.html#C"]').count() >= 2
        first = page.locator(".report-answer, .report-list").first.get_attribute("class")
        assert first == "report-answer", "the answer comes before the list of reports"
    if rel.endswith("sources.html"):
        count, web = record_sources()
        assert page.locator(".report-record-source").count() == count
        assert page.locator(".report-record-source a.report-url").count() == web  # the descriptor admits only http(s)
        hrefs = page.locator("a.report-url").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert all(re.match(r"https?://", href, re.I) for href in hrefs), hrefs


def resize(page: object, width: int, plots: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(400 if plots else 50)  # plotly redraws responsive charts on a resize


def check_links(page: object, root: Path) -> None:
    """Every local link leads to a file of the site, and a link to a place in another page to an element there."""
    pages: dict[Path, str] = {}
    for link in page.evaluate(JS_LINKS):
        if not link.startswith("file://"):
            assert re.match(r"https?://", link), f"a link that is neither in the site nor on the web: {link[:80]}"
            continue
        parsed = urlparse(link)
        target = Path(unquote(parsed.path))
        assert target.resolve().is_relative_to(root) and target.is_file(), link
        if parsed.fragment and target.suffix == ".html" and target != Path(unquote(urlparse(page.url).path)):
            text = pages.setdefault(target, target.read_text(encoding="utf-8"))
            assert f'id="{parsed.fragment}"' in text, link


def check_views(page: object, site: str, rel: str) -> None:
    """Analyst pages hide code except in teaching notebooks (the code is the exercise); solutions are folded;
    students' stubs are not on the site."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[1] not in VIEWS:
        return
    notebook = next(nb for nb in site_notebooks(site) if nb.stem == Path(rel).stem)
    solutions, students = exercise(notebook)
    editors = page.locator(".jp-InputArea-editor")
    if parts[1] == "teaching" or solutions or students:
        assert editors.count() > 0
        assert editors.first.evaluate("e => getComputedStyle(e).direction") == "ltr"
    else:
        assert editors.count() == 0
    if solutions:
        folded = page.locator("details.report-solution")
        assert folded.count() > 0 and page.locator("details.report-solution[open]").count() == 0
        assert not folded.first.locator(".jp-Cell").first.is_visible()
        folded.first.locator("summary").click()
        assert folded.first.locator(".jp-Cell").first.is_visible()


class SiteTests:
    """The tests of one site. One class per site (below), so that ``make test``'s ``--dist loadscope`` keeps a
    site's tests on one xdist worker (the site is built once) and spreads the sites over the workers."""

    site: str

    def test_site_builds(self, built_site: Callable[[str], Built]) -> None:
        check_site_builds(built_site, self.site)

    def test_page(self, browser: object, built_site: Callable[[str], Built], rel: str) -> None:
        check_page(browser, built_site, self.site, rel)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if metafunc.cls is not None and issubclass(metafunc.cls, SiteTests) and "rel" in metafunc.fixturenames:
        metafunc.parametrize("rel", list(page_rels(metafunc.cls.site)))


for _site in SITES:  # TestFixturesSite, TestProjectSite, TestProjectHostileSite
    _name = "Test" + "".join(word.title() for word in _site.split("-")) + "Site"
    globals()[_name] = type(_name, (SiteTests,), {"site": _site})


def hostile_data(folder: Path) -> Path:
    """A valid copy of the project's data package whose summaries, notes and a place name carry script
    payloads: what an editor of the tables could type, which every page must show as text."""
    import csv
    import shutil

    from analysis.paths import DATA

    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    path = folder / "events.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for row in rows:
        if row["event_id"] in {"E02", "E06"}:
            row["summary_en"] += " " + PAYLOAD
            row["summary_ar"] += " " + PAYLOAD
            row["notes"] += " " + PAYLOAD
        if row["event_id"] == "E02":
            row["location"] += PAYLOAD
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    # The claims quote the event table: the place claim on E02 follows its new value, and a claim's note
    # carries the payload too.
    path = folder / "claims.csv"
    claims = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for claim in claims:
        if (claim["event_id"], claim["field"]) == ("E02", "place"):
            claim["article_value"] += PAYLOAD
        if (claim["event_id"], claim["field"]) == ("E04", "date"):
            claim["note_en"] += " " + PAYLOAD
            claim["note_ar"] += " " + PAYLOAD
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(claims[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(claims)
    return folder


def check_fixture_payloads(page: object, rel: str) -> None:
    """The payloads in the fixture data show as literal text (they did not run: __xss is unset)."""
    name = Path(rel).stem
    lang = rel.split("/")[0]
    body = page.locator("body").inner_text()
    if name == "01-plotly-summary":  # the cells of the page's language only; ids linked to the article
        assert ("Event E02 is told" in body) == (lang == "en") and ("يروي المقطع" in body) == (lang == "ar")
        assert ("How many events does each region have" in body) == (lang == "en")
        assert page.locator('a.report-ref[href="../article.html#E02"]').count() == 1
        assert page.locator('a.report-ref[href="../article.html#M02"]').count() == 1
        assert page.locator('a.report-ref[href$="#E99"]').count() == 0  # no such event in the data
    if name == "02-matplotlib-table":  # a student's stub is not on the site; the solution is, folded
        assert "your code here" not in page.content()
        assert page.locator("details.report-solution").count() == 1
    if name in PAYLOAD_TEXT:
        assert page.get_by_text(PAYLOAD_TEXT[name], exact=False).first.is_visible()
    if name == "01-plotly-summary":
        titles = page.locator(".gtitle").all_text_contents()
        assert "</script><script>window.__xss=1</script>" in titles
        bar = page.locator(".js-plotly-plot .bars path").first
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # hover label: summaries
        page.locator(".hoverlayer .hovertext").first.wait_for(timeout=5000)
        assert "window.__xss=1" in page.locator(".hoverlayer").first.text_content()
        assert page.evaluate("window.__xss") is None
