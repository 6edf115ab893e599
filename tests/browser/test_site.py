"""Open every page of the built report site in headless Chromium, from disk, with the network cut off.

Sites: the fixture notebooks (tests/fixtures/notebooks, both languages, with the fixture data package
whose text carries script-injection payloads) and, when notebooks/*.ipynb exist, the project's own.
Each site is built once per session with ``python -m analysis report`` into a temporary folder (under
``make test``'s ``--dist loadfile`` this file runs on one xdist worker, so once per test run), with the
project's execution cache: a site built after ``make report`` reuses its executions, as ``make report``
would (a cached build renders the same bytes, tests/test_report.py).
Screenshots go to test-artifacts/screenshots/. Without Chromium the tests are skipped, unless CI is set.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.paths import NOTEBOOKS, ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
FIXTURE_DATA = Path("fixture-data")  # stands for the fixture notebooks' data package, made at session time
HOSTILE = Path("hostile")  # stands for a copy of data/ with payloads in its free text, made at session time
SITES: dict[str, tuple[Path, Path | None]] = {"fixtures": (FIXTURES, FIXTURE_DATA)}
if sorted(NOTEBOOKS.glob("*.ipynb")):
    SITES["project"] = (NOTEBOOKS, None)
    SITES["project-hostile"] = (NOTEBOOKS, HOSTILE)
PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
LANGS = ("en", "ar")
VIEWS = ("analyst", "teaching")
ARABIC = re.compile(r"[\u0600-\u06FF]")
PAYLOAD_TEXT = {  # fixture page -> literal payload text that must be visible (and inert)
    "02-matplotlib-table": '<img src=x onerror="window.__xss=1">',
}

Built = tuple[Path, subprocess.CompletedProcess[str]]


def page_rels(site: str) -> Iterator[object]:
    notebooks, _ = SITES[site]
    yield pytest.param("index.html", id="index")
    for lang in LANGS:
        yield pytest.param(f"{lang}/index.html", id=f"{lang}-index")
        for view in VIEWS:
            for nb in sorted(notebooks.glob("*.ipynb")):
                yield pytest.param(f"{lang}/{view}/{nb.stem}.html", id=f"{lang}-{view}-{nb.stem}")


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
            elif data == FIXTURE_DATA:
                data = report_fixture_data
            argv = [sys.executable, "-m", "analysis", "report", "--lang", "en", "--lang", "ar",
                    "--notebooks", str(notebooks), "--out", str(out)]
            argv += ["--data", str(data)] if data else []
            cache[site] = (out, subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=1800))
        return cache[site]

    return get


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = None
    if not Path(CHROMIUM).is_file():
        reason = f"Chromium not found at {CHROMIUM} (make browser, or set CHROMIUM)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the playwright Python package is not installed"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def check_site_builds(built_site: Callable[[str], Built], site: str) -> None:
    out, run = built_site(site)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (out / "index.html").is_file() and (out / "assets" / "plotly.min.js").is_file()


JS_UNDRAWN_IMAGES = "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src.slice(0, 80))"
JS_DRAWN_PLOTS = "Array.from(document.querySelectorAll('.js-plotly-plot')).filter(e => e.querySelector('svg.main-svg')).length"
JS_HANDLER_ATTRIBUTES = """Array.from(document.querySelectorAll('*')).flatMap(e =>
  Array.from(e.attributes).filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"""
JS_LINKS = "Array.from(document.links).map(a => a.href)"
JS_CLIPPED_TICKS = """Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(plot => {
  const box = plot.querySelector('svg.main-svg').getBoundingClientRect();
  return Array.from(plot.querySelectorAll('.xtick text, .ytick text')).filter(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1);
  }).map(t => t.textContent);
})"""


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

    context = browser.new_context(viewport={"width": 1100, "height": 900})
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
        page.wait_for_timeout(200)  # let late requests and console errors arrive
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{site}-{rel.replace('/', '-').removesuffix('.html')}.png"), full_page=True)

        assert blocked == [], "requests outside the site folder"
        assert failed == []
        assert errors == []
        assert page.evaluate(JS_DRAWN_PLOTS) == expected_plots
        assert page.evaluate(JS_CLIPPED_TICKS) == [], "axis labels cut off at the chart's edge"
        assert page.evaluate(JS_UNDRAWN_IMAGES) == []
        assert page.evaluate("window.__xss") is None
        assert page.evaluate(JS_HANDLER_ATTRIBUTES) == []
        assert page.locator(".report-failed").count() == 0, page.locator(".report-failed").first.inner_text()
        for link in page.evaluate(JS_LINKS):
            if link.startswith("file://"):
                target = Path(unquote(urlparse(link).path))
                assert target.resolve().is_relative_to(root) and target.is_file(), link

        lang = rel.split("/")[0] if "/" in rel else "en"
        html_el = page.locator("html")
        assert html_el.get_attribute("lang") == lang
        assert html_el.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        if lang == "ar":
            assert ARABIC.search(page.locator("body").inner_text())
        if "/teaching/" in rel:
            editors = page.locator(".jp-InputArea-editor")
            assert editors.count() > 0
            assert editors.first.evaluate("e => getComputedStyle(e).direction") == "ltr"
        if "/analyst/" in rel:
            assert page.locator(".jp-InputArea-editor").count() == 0
        if site == "fixtures":
            check_fixture_payloads(page, rel)
        if site == "project-hostile" and rel.endswith("01-event-table.html"):
            # E02's location is a cell of the events table: the payload reads as text there (pandas
            # shortens cells to 50 characters, so the start of it).
            assert 'Berkane<img src=x onerror="window.__xss=1">' in page.locator("body").inner_text()
    finally:
        context.close()


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
