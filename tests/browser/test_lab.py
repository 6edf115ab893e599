"""JupyterLab, the analysts' tool, driven in headless Chromium: one Lab server, started as ``python -m analysis
lab`` starts it (project root, pre-save hook), for every case.

- Notebooks 02 and 05 in each language (the one-language copies ``make lab LANG=ar`` opens): Run All, then
  every paragraph, heading and list item of the prose and of the findings reads in its language's direction
  (``getComputedStyle``: Arabic ``rtl`` and right-aligned, English ``ltr`` and left-aligned), no error output,
  and every plotly chart drawn with marks.
- The committed bilingual notebook 02: Run All, save, and the file is byte for byte the committed one (the
  pre-save hook normalises what the kernel and Lab write differently; the committed form is ``tidy``'s).

Screenshots (top of the notebook, and its first chart) go to test-artifacts/lab/. Without Chromium the tests
are skipped, unless CI is set.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import notebooks as nbtools
from analysis.paths import NOTEBOOKS, ROOT

from chromium import CHROMIUM

SHOTS = ROOT / "test-artifacts" / "lab"
CASES = [(name, lang) for name in ("02-incident-frequency", "05-source-criticism") for lang in ("en", "ar")]
ARABIC = re.compile("[\u0621-\u064a]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[str, str, Path]]:
    """A Lab server rooted at a folder inside the project (build/, ignored by git), holding a copy of the
    committed notebooks and the one-language copies, as ``python -m analysis lab`` serves them."""
    if not Path(CHROMIUM).is_file():
        reason = f"Chromium not found at {CHROMIUM} (make browser, or set CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    root = ROOT / "build" / f"lab-test-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "notebooks").mkdir(parents=True)
    for path in NOTEBOOKS.glob("*.ipynb"):
        shutil.copy(path, root / "notebooks" / path.name)
    for lang in ("en", "ar"):
        nbtools.write_language_copies(lang, out=root / "build" / "lab", log=lambda _: None)
    port, token = free_port(), secrets.token_hex(16)
    home = root / ".jupyter-home"  # Lab's workspaces, settings and runtime files stay in the test's folder
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings")}
    news = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')  # no "notified about news?" toast over the screenshots
    args = [a for a in nbtools.lab_arguments(None) if not a.startswith("--ServerApp.root_dir=")]
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", *args, f"--ServerApp.root_dir={root}", "--no-browser",
         "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
         f"--IdentityProvider.token={token}"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start: {(root / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield base, token, root
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / "lab.log", SHOTS / "lab.log")  # the server's log, for a failure's story
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def page(lab, browser) -> Iterator[object]:
    """A page of the session's Chromium (``browser``, conftest.py: one Playwright per test process)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


def kernels(base: str, token: str) -> list[dict]:
    """The server's running kernels; none while it answers 500 (a kernel shutting down or starting under load)."""
    try:
        return json.load(urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10))
    except (urllib.error.HTTPError, urllib.error.URLError, TimeoutError):
        return []


def open_and_run_all(page, lab, rel: str) -> None:
    base, token, _ = lab
    for kernel in kernels(base, token):  # the previous case's
        try:
            urllib.request.urlopen(urllib.request.Request(f"{base}/api/kernels/{kernel['id']}?token={token}",
                                                          method="DELETE"))
        except urllib.error.HTTPError:  # already gone
            pass
    page.goto(f"{base}/lab/workspaces/{Path(rel).stem}-{secrets.token_hex(4)}/tree/{rel}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # Lab asks for a kernel when it opened the notebook before the kernel specs had loaded (a fresh workspace):
    # the preselected one is the notebook's own (python3, this environment's).
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"], .jp-Dialog', timeout=60_000)
    if page.locator(".jp-Dialog").count():
        page.get_by_role("button", name="Select Kernel").click()
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
    deadline = time.monotonic() + 60  # the indicator says idle before the kernel is connected: ask the server
    while not any(k["execution_state"] == "idle" and k["connections"]
                  for k in kernels(base, token)):
        assert time.monotonic() < deadline, "the notebook's kernel did not start"
        time.sleep(0.3)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    try:
        page.wait_for_function(
            """() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                       return prompts.some(p => p.textContent.trim()) &&
                              prompts.every(p => !p.textContent.trim() || /\\[\\d+\\]/.test(p.textContent)); }""",
            timeout=90_000)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"failed-{Path(rel).stem}.png"))
        prompts = page.evaluate("() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
                                ".map(p => p.textContent)")
        raise AssertionError(f"Run All did not finish in {rel}: prompts {prompts}") from None
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
    page.wait_for_timeout(500)  # plotly draws asynchronously


LAYOUT = """() => [...document.querySelectorAll(
    '.jp-MarkdownCell .jp-RenderedMarkdown :is(p, li, h1, h2, h3), .jp-OutputArea .jp-RenderedMarkdown :is(p, li)')]
    .filter(e => e.textContent.trim())
    .map(e => ({tag: e.tagName, text: e.textContent.trim().slice(0, 60), output: !!e.closest('.jp-OutputArea'),
                direction: getComputedStyle(e).direction, align: getComputedStyle(e).textAlign}))"""

CHARTS = """() => [...document.querySelectorAll('.jp-OutputArea .js-plotly-plot')].map(p => {
    const box = p.getBoundingClientRect();
    return {width: box.width, height: box.height, marks: p.querySelectorAll('.main-svg .trace path').length}; })"""


DATES = """() => { const found = [];
  const walker = document.createTreeWalker(document.querySelector('.jp-Notebook'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('.jp-RenderedMarkdown')) continue;
    for (const m of node.textContent.matchAll(/(\\d{4})-\\d{2}-(\\d{2})/g)) {
      const box = (start, end) => { const r = document.createRange(); r.setStart(node, start); r.setEnd(node, end);
                                    return r.getBoundingClientRect(); };
      const year = box(m.index, m.index + 4), day = box(m.index + 8, m.index + 10);
      if (Math.abs(year.top - day.top) < 2 && year.width > 0)  // on one line (a date wrapped is not compared)
        found.push({date: m[0], yearLeft: year.left, dayLeft: day.left}); } }
  return found; }"""


def check_dates_read_in_order(page) -> None:
    """Every ISO date in the prose and the findings reads 2022-05-06, year on the left, in Arabic too (its
    run isolated): the bidi algorithm would otherwise show 06-05-2022."""
    dates = page.evaluate(DATES)
    written = page.evaluate("() => [...document.querySelectorAll('.jp-RenderedMarkdown')]"
                            ".some(e => /\\d{4}-\\d{2}-\\d{2}/.test(e.textContent))")
    assert dates or not written, "the prose holds ISO dates, but none was measured"
    assert all(d["yearLeft"] < d["dayLeft"] for d in dates), [d for d in dates if d["yearLeft"] >= d["dayLeft"]]


def check_directions(blocks: list[dict], langs: set[str]) -> None:
    seen = set()
    for block in blocks:
        arabic = bool(ARABIC.search(block["text"]))
        seen.add("ar" if arabic else "en")
        if arabic:
            assert (block["direction"], block["align"]) == ("rtl", "right"), block
        elif re.search("[A-Za-z]{3}", block["text"]):
            assert block["direction"] == "ltr" and block["align"] in ("left", "start"), block
    assert seen == langs, (seen, langs)


def errors_and_charts(page, expected_charts: int) -> None:
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, errors.first.inner_text()[:500]
    charts = page.evaluate(CHARTS)
    assert len(charts) == expected_charts, charts
    assert all(c["width"] > 300 and c["height"] > 200 and c["marks"] > 0 for c in charts), charts


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".jp-WindowedPanel-outer").first.evaluate("e => e.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / f"{name}-top.png"))
    chart = page.locator(".jp-OutputArea .js-plotly-plot").first
    if chart.count():
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{name}-chart.png"))


def plotly_outputs(path: Path) -> int:
    return path.read_text(encoding="utf-8").count('"application/vnd.plotly.v1+json"')


@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n[:2]}-{l}" for n, l in CASES])
def test_one_language_copy_runs_and_reads_in_its_direction(page, lab, name: str, lang: str) -> None:
    open_and_run_all(page, lab, f"build/lab/{lang}/{name}.ipynb")
    try:
        blocks = page.evaluate(LAYOUT)
        check_directions(blocks, {lang})
        check_dates_read_in_order(page)
        assert any(b["output"] for b in blocks), "the findings are shown as a list"
        errors_and_charts(page, plotly_outputs(NOTEBOOKS / f"{name}.ipynb"))
    finally:
        shoot(page, f"{name[:2]}-{lang}")


def test_saving_after_run_all_changes_nothing(page, lab) -> None:
    """The committed bilingual notebook: both languages in their directions, and Run All then save gives the
    committed bytes."""
    name = "02-incident-frequency"
    _, _, root = lab
    open_and_run_all(page, lab, f"notebooks/{name}.ipynb")
    check_directions(page.evaluate(LAYOUT), {"en", "ar"})
    errors_and_charts(page, plotly_outputs(NOTEBOOKS / f"{name}.ipynb"))
    saved = root / "notebooks" / f"{name}.ipynb"
    before = saved.stat().st_mtime_ns
    page.locator(".jp-Notebook").first.click()
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while saved.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert saved.stat().st_mtime_ns != before, "the notebook was not saved"
    shoot(page, f"{name[:2]}-bilingual")
    committed = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
    if saved.read_text(encoding="utf-8") != committed:
        shutil.copy(saved, SHOTS / saved.name)  # the saved file, beside the screenshots
        diff = subprocess.run(["git", "diff", "--no-index", "--stat", "--", str(NOTEBOOKS / f"{name}.ipynb"),
                               str(saved)], capture_output=True, text=True).stdout
        detail = subprocess.run(["git", "diff", "--no-index", "--", str(NOTEBOOKS / f"{name}.ipynb"), str(saved)],
                                capture_output=True, text=True).stdout
        pytest.fail(f"saving after Run All changed the notebook (saved: {SHOTS / saved.name}):\n{diff}\n"
                    f"{re.sub(r'[A-Za-z0-9+/=]{200,}', '…', detail)[:3000]}")


def test_nbconvert_html_reads_each_language_in_its_direction(page, tmp_path: Path) -> None:
    """The committed bilingual notebook as nbviewer shows it (nbconvert's HTML, the lab template, on a page
    whose own direction is left to right): Arabic prose right to left and right-aligned, English left to right —
    from the markup in the cells alone."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(NOTEBOOKS / "05-source-criticism.ipynb", as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    (tmp_path / "05.html").write_text(body, encoding="utf-8")
    page.route("http*://**", lambda route: route.abort())  # offline, as the report: CDN scripts are not needed
    page.goto((tmp_path / "05.html").as_uri())
    check_directions(page.evaluate(LAYOUT.replace(".jp-MarkdownCell .jp-RenderedMarkdown", ".jp-RenderedMarkdown")),
                     {"en", "ar"})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "05-nbconvert-html.png"))
    page.unroute("http*://**")
