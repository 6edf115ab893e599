"""Build the offline HTML report site: ``python -m analysis report [--lang en|ar ...] [options]``.

Every notebook in the notebooks folder is executed headless, in memory, once per language
(``LANG = "ar"`` is injected after the cell tagged ``parameters``), then rendered twice with
nbconvert: an analyst view (no code, no prompts) and a teaching view (with code). The site
works from ``file://`` with no network: one shared ``assets/plotly.min.js`` and shared CSS,
no CDN. Layout::

    <out>/index.html                      every language: titles, questions, build time, versions
    <out>/assets/                         plotly.min.js, jupyterlab.css, report.css
    <out>/<lang>/index.html               one language, no timestamp
    <out>/<lang>/{analyst,teaching}/<notebook>.html
    <out>/<lang>/figures/                 PNG/SVG saved by the chart helper (ANALYSIS_FIGURES_DIR)

Two builds of the same commit give the same bytes except the build time in ``<out>/index.html``.
"""
from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import hashlib
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# (analysis/__init__.py has already marked rfc3987_syntax absent: nbformat imports fast.)
import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from traitlets.config import Config

from analysis.paths import DATA, NOTEBOOKS, REPORTS, ROOT

LANGS = ("en", "ar")
DEFAULT_LANG = "en"
VIEWS = ("analyst", "teaching")
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
ASSETS = PACKAGE / "assets"
DIRECTION = {"en": "ltr", "ar": "rtl"}
UI = {
    "en": {
        "language": "English", "reports": "Reports", "all": "All reports", "report": "Report",
        "question": "Question", "views": "Views", "analyst": "Analyst view",
        "teaching": "Teaching view (with code)", "built": "Built", "data": "Data version",
        "code": "Code version", "failed": "FAILED", "none": "none",
    },
    "ar": {
        "language": "العربية", "reports": "التقارير", "all": "كل التقارير", "report": "التقرير",
        "question": "السؤال", "views": "العروض", "analyst": "عرض المحلّل",
        "teaching": "عرض تعليمي (مع الشيفرة)", "built": "وقت البناء", "data": "إصدار البيانات",
        "code": "إصدار الشيفرة", "failed": "فشل", "none": "لا يوجد",
    },
}


# ---------------------------------------------------------------------------- options and jobs


@dataclass(frozen=True)
class Options:
    langs: tuple[str, ...]
    notebooks: Path
    out: Path
    data: Path | None
    jobs: int
    timeout: int


@dataclass(frozen=True)
class Job:
    notebook: Path
    lang: str

    @property
    def name(self) -> str:
        return self.notebook.stem

    @property
    def label(self) -> str:
        return f"{self.name} [{self.lang}]"


@dataclass
class Entry:
    """One rendered report, as listed in the indexes."""

    name: str
    title: str
    question: str
    failed: str | None = None


@dataclass
class LangBuild:
    """What the index says about one language's build."""

    lang: str
    built: str
    data_version: str
    code_version: str | None
    reports: list[Entry] = field(default_factory=list)


def parse_args(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(
        prog="python -m analysis report",
        description="Execute every notebook headless and render the offline HTML report site.",
        epilog="A failure is reported as 'FAILED <notebook> [<lang>]: cell N: <error>', N counting "
               "every cell of the notebook file from 1; the other reports are still built, exit status 1.",
    )
    parser.add_argument("--lang", action="append", choices=LANGS,
                        help="report language, repeatable (default: en)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS,
                        help="folder of *.ipynb (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=REPORTS, help="site folder (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=None,
                        help="data package folder, passed to the notebooks as ANALYSIS_DATA_DIR")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="notebooks executed at once (default: %(default)s)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default: %(default)s)")
    args = parser.parse_args(argv)
    langs = tuple(dict.fromkeys(args.lang or [DEFAULT_LANG]))
    return Options(langs, args.notebooks, args.out, args.data, max(1, args.jobs), args.timeout)


def find_notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if p.is_file())


# ---------------------------------------------------------------------------- notebook preparation


def inject_parameters(nb: nbformat.NotebookNode, lang: str) -> bool:
    """Insert ``LANG = "<lang>"`` after the cell tagged ``parameters`` (papermill style).

    Nothing is injected for the default language, which the parameters cell already sets.
    Without a ``parameters`` cell the injected one goes first; returns False in that case.
    """
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if lang == DEFAULT_LANG:
        return bool(tagged)
    cell = nbformat.v4.new_code_cell(
        f"# Parameters\nLANG = {json.dumps(lang)}\n", metadata={"tags": ["injected-parameters"]}
    )
    cell["id"] = "injected-parameters"  # fixed, not nbformat's random id: reproducible HTML
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return bool(tagged)


def cell_number(nb: nbformat.NotebookNode, index: int) -> int:
    """1-based position of ``nb.cells[index]`` in the notebook file (injected cell not counted)."""
    injected = sum("injected-parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells[:index])
    return index + 1 - injected


def plain(markdown: str) -> str:
    """Inline markdown as plain text for the index: links, emphasis and code marks, a "Question:" label removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\*\*|__|\*|`", "", text).strip()
    return re.sub(r"^(?:question|السؤال)\s*:\s*", "", text, flags=re.I)


def mostly_arabic(text: str) -> bool:
    return len(re.findall(r"[\u0600-\u06FF]", text)) > len(re.findall(r"[A-Za-z]", text))


def describe(nb: nbformat.NotebookNode, fallback: str, lang: str = DEFAULT_LANG) -> tuple[str, str]:
    """Title (the first ``#`` heading) and question (the paragraph after it) of the first markdown cell.

    For Arabic, an Arabic paragraph right after a non-Arabic question is taken as its translation.
    """
    cell = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    title, paragraphs, lines = None, [], []
    for line in (cell.source if cell else "").splitlines():
        text = line.strip()
        if title is None:
            match = re.match(r"#\s+(.*?)\s*#*$", text)
            title = match.group(1) if match else None
        elif text and not text.startswith("#"):
            lines.append(text)
        else:
            paragraphs += [" ".join(lines)] if lines else []
            lines = []
            if text.startswith("#"):
                break
    paragraphs += [" ".join(lines)] if lines else []
    question = paragraphs[0] if paragraphs else ""
    if lang == "ar" and len(paragraphs) > 1 and mostly_arabic(paragraphs[1]) and not mostly_arabic(question):
        question = paragraphs[1]
    return plain(title or "") or fallback, plain(question)


# ---------------------------------------------------------------------------- plotly


def safe_json(value: Any) -> str:
    """JSON that can sit inside an HTML <script>: ``<``, ``>``, ``&`` become \\u escapes.

    They only occur inside JSON strings, where the escapes mean the same characters, so no
    ``</script>`` or ``<!--`` can close or change the script element.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def plotly_html(figure: dict[str, Any], div_id: str) -> str:
    """A div and the inline script that draws ``figure`` (plotly's JSON) with the page's plotly.js."""
    config = {"responsive": True, "displaylogo": False, **figure.get("config", {})}
    config.pop("plotlyServerURL", None)  # only for the cloud "edit chart" link, which is off
    args = ", ".join(safe_json(v) for v in (div_id, figure.get("data", []), figure.get("layout", {}), config))
    return (
        f'<div id="{html.escape(div_id)}" class="report-plotly"></div>\n'
        f"<script>Plotly.newPlot({args});</script>"
    )


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "notebook"


def mark_plotly_outputs(nb: nbformat.NotebookNode, name: str) -> int:
    """Give every plotly output a deterministic div id (read by the template); return how many."""
    count = 0
    for ci, cell in enumerate(nb.cells):
        for oi, output in enumerate(cell.get("outputs", [])):
            if PLOTLY_MIME in output.get("data", {}):
                output.setdefault("metadata", {})["analysis-report"] = {"div_id": f"plotly-{slug(name)}-{ci}-{oi}"}
                count += 1
    return count


# ---------------------------------------------------------------------------- execution


class CurrentPythonKernels(KernelSpecManager):
    """Always run notebooks with this interpreter's ipykernel (as ``nbval --nbval-current-env``)."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3", language="python", resource_dir=str(PACKAGE),
        )


def source_date_epoch() -> str:
    """Commit time (reproducible-builds convention; matplotlib dates SVG/PDF files with it)."""
    return os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct") or "0"


def kernel_env(opts: Options, lang: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ANALYSIS_FIGURES_DIR"] = str((opts.out / lang / "figures").resolve())
    if opts.data is not None:
        env["ANALYSIS_DATA_DIR"] = str(opts.data.resolve())
    env.setdefault("PYTHONHASHSEED", "0")  # set and dict-of-set ordering in printed output
    env["SOURCE_DATE_EPOCH"] = source_date_epoch()
    return env


KERNEL_ARGS = [
    # In-memory history, as nbclient sets when it starts kernels itself (no sqlite file shared by kernels).
    "--HistoryManager.hist_file=:memory:",
]


async def start_kernel(job: Job, env: dict[str, str], ipc_path: str) -> AsyncKernelManager:
    """Spawn a fresh kernel for the job, its working directory the notebook's folder."""
    # IPC sockets in a private folder: no TCP ports, and no ipykernel warning about unencrypted TCP.
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=CurrentPythonKernels(),
                            transport="ipc", ip=ipc_path)
    await km.start_kernel(extra_arguments=KERNEL_ARGS, env=env, cwd=str(job.notebook.parent.resolve()))
    return km


async def stop_kernel(km: AsyncKernelManager) -> None:
    try:
        if km.has_kernel:
            await km.shutdown_kernel(now=True)
    except Exception:  # already gone (nbclient shuts it down after a normal run)
        pass


async def execute(job: Job, env: dict[str, str], ipc_path: str,
                  timeout: int) -> tuple[nbformat.NotebookNode, str | None]:
    """Run the notebook in a fresh kernel. Returns it with its outputs, and the failure if any."""
    try:
        nb = nbformat.read(job.notebook, as_version=4)
    except Exception as error:
        return nbformat.v4.new_notebook(), f"unreadable notebook: {type(error).__name__}: {error}"
    if not inject_parameters(nb, job.lang):
        say(f"warning: {job.notebook.name} has no cell tagged 'parameters' (LANG = \"{DEFAULT_LANG}\")")
    current: list[int] = []
    km = None
    try:
        km = await start_kernel(job, env, ipc_path)
        client = NotebookClient(
            nb, km=km, timeout=timeout, record_timing=False, shutdown_kernel="immediate",
            on_cell_execute=lambda cell, cell_index: current.append(cell_index),
        )
        await client.async_execute(cleanup_kc=True)
        return nb, None
    except Exception as error:  # a report must not stop the others: record and go on
        where = f"cell {cell_number(nb, current[-1])}: " if current else ""
        if isinstance(error, CellExecutionError):
            return nb, f"{where}{error.ename}: {error.evalue}"
        message = str(error).strip().splitlines()
        return nb, f"{where}{type(error).__name__}: {message[0] if message else ''}"
    finally:
        if km is not None:
            await stop_kernel(km)


# ---------------------------------------------------------------------------- rendering


class Renderer:
    """nbconvert HTML exporters for both views, sharing one template."""

    def __init__(self) -> None:
        priority = [PLOTLY_MIME, *HTMLExporter().default_config.NbConvertBase.display_data_priority]
        config = Config({"NbConvertBase": {"display_data_priority": priority}})
        self.exporters = {view: self._exporter(config, analyst=view == "analyst") for view in VIEWS}

    @staticmethod
    def _exporter(config: Config, analyst: bool) -> HTMLExporter:
        exporter = HTMLExporter(
            config=config, template_name="report", extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=analyst, exclude_input_prompt=analyst, exclude_output_prompt=analyst,
        )
        exporter.register_filter("plotly_html", plotly_html)
        return exporter

    def lab_css(self) -> str:
        """JupyterLab's notebook CSS, as the lab template would inline it in every page."""
        env = self.exporters["teaching"].environment
        return "\n".join(env.loader.get_source(env, f"static/{n}")[0] for n in ("index.css", "theme-light.css"))

    def render(self, nb: nbformat.NotebookNode, view: str, lang: str, report: dict[str, Any]) -> str:
        exporter = self.exporters[view]
        exporter.language_code = lang
        resources = {"metadata": {"name": report["name"]}, "report": report}
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        return body


def nav_html(job: Job, view: str) -> str:
    ui = UI[job.lang]
    name = html.escape(job.name)
    links = [f'<a href="../../index.html">{ui["all"]}</a>', f'<a href="../index.html">{ui["language"]}</a>']
    for other in VIEWS:
        label = html.escape(ui[other])
        links.append(f'<span class="report-current">{label}</span>' if other == view
                     else f'<a href="../{other}/{name}.html">{label}</a>')
    return f'<nav class="report-nav">{" · ".join(links)}</nav>'


def trace_types(nb: nbformat.NotebookNode) -> set[str]:
    """The plotly trace types the notebook's figures use (plotly's default type is scatter)."""
    return {trace.get("type", "scatter") for cell in nb.cells for output in cell.get("outputs", [])
            for trace in output.get("data", {}).get(PLOTLY_MIME, {}).get("data", [])}


def render_job(renderer: Renderer, job: Job, nb: nbformat.NotebookNode, failure: str | None,
               out: Path, entry: Entry) -> set[str]:
    """Write both views of one executed notebook; return the plotly trace types it needs."""
    plotly_count = mark_plotly_outputs(nb, job.name)
    nb.metadata["title"] = entry.title
    for view in VIEWS:
        header = nav_html(job, view)
        if failure:
            header += (f'\n<div class="report-failed" role="alert">{UI[job.lang]["failed"]}: '
                       f"{html.escape(failure)}</div>")
        report = {
            "name": job.name,
            "dir": DIRECTION[job.lang],
            "plotly_js": "../../assets/plotly.min.js" if plotly_count else "",
            "plotly_outputs": plotly_count,
            "stylesheets": ["../../assets/jupyterlab.css", "../../assets/report.css"],
            "header_html": header,
        }
        page = renderer.render(nb, view, job.lang, report)
        write(out / job.lang / view / f"{job.name}.html", page.encode("utf-8"))
    return trace_types(nb)


# ---------------------------------------------------------------------------- versions


def git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def code_version() -> str | None:
    """Short commit hash, with ``-dirty`` when tracked files differ from it."""
    head = git("rev-parse", "--short", "HEAD")
    if head and git("status", "--porcelain", "--untracked-files=no"):
        head += "-dirty"
    return head


def data_files(data_dir: Path) -> list[Path]:
    """The descriptor and its local resource files, or every (non-hidden) file in the folder."""
    descriptor = data_dir / "datapackage.json"
    if descriptor.is_file():
        files = {descriptor}
        for resource in json.loads(descriptor.read_text(encoding="utf-8")).get("resources", []):
            paths = resource.get("path", [])
            for path in [paths] if isinstance(paths, str) else paths:
                if isinstance(path, str) and "://" not in path and (data_dir / path).is_file():
                    files.add(data_dir / path)
        return sorted(files)
    files = data_dir.rglob("*") if data_dir.is_dir() else []
    return sorted(p for p in files if p.is_file() and not any(s.startswith(".") for s in p.relative_to(data_dir).parts))


def data_version(data_dir: Path) -> str:
    """Short sha256 over (relative path, sha256 of content) of the data files, sorted by path."""
    digest = hashlib.sha256()
    files = data_files(data_dir)
    for path in files:
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(f"{path.relative_to(data_dir).as_posix()}\0{content}\n".encode())
    return digest.hexdigest()[:12] if files else "none"


# ---------------------------------------------------------------------------- indexes


def report_rows(build: LangBuild, prefix: str) -> str:
    ui = UI[build.lang]
    rows = []
    for e in build.reports:
        name = html.escape(e.name)
        status = f' <span class="report-status-failed">{ui["failed"]}</span>' if e.failed else ""
        rows.append(
            f'<tr><td><a href="{prefix}analyst/{name}.html">{html.escape(e.title)}</a>{status}</td>'
            f"<td>{html.escape(e.question)}</td>"
            f'<td><a href="{prefix}analyst/{name}.html">{html.escape(ui["analyst"])}</a><br>'
            f'<a href="{prefix}teaching/{name}.html">{html.escape(ui["teaching"])}</a></td></tr>'
        )
    head = f'<tr><th>{ui["report"]}</th><th>{ui["question"]}</th><th>{ui["views"]}</th></tr>'
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def meta_html(build: LangBuild, with_time: bool) -> str:
    ui = UI[build.lang]
    built = html.escape(build.built)
    parts = [f'{ui["built"]}: <time dir="ltr" datetime="{built}">{built}</time>'] if with_time else []
    parts.append(f'{ui["data"]}: <code dir="ltr">{html.escape(build.data_version)}</code>')
    parts.append(f'{ui["code"]}: <code dir="ltr">{html.escape(build.code_version or ui["none"])}</code>')
    return '<p class="report-meta">' + " · ".join(parts) + "</p>"


def page(lang: str, title: str, css_prefix: str, body: str, extra_head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{DIRECTION[lang]}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n<title>{html.escape(title)}</title>\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/jupyterlab.css">\n'
        f'<link rel="stylesheet" href="{css_prefix}assets/report.css">\n{extra_head}</head>\n'
        f'<body>\n<main class="report-index">\n{body}\n</main>\n</body>\n</html>\n'
    )


def language_index(build: LangBuild) -> str:
    ui = UI[build.lang]
    body = (f'<nav class="report-nav"><a href="../index.html">{ui["all"]}</a></nav>\n'
            f'<h1>{ui["reports"]} — {ui["language"]}</h1>\n'
            f'{meta_html(build, with_time=False)}\n{report_rows(build, "")}')
    return page(build.lang, f'{ui["reports"]} — {ui["language"]}', "../", body)


def site_index(builds: list[LangBuild]) -> str:
    """The top index; the build records are also kept in it as JSON, read back by later partial builds."""
    sections = [
        f'<section lang="{b.lang}" dir="{DIRECTION[b.lang]}">\n'
        f'<h2><a href="{b.lang}/index.html">{UI[b.lang]["language"]}</a></h2>\n'
        f'{meta_html(b, with_time=True)}\n{report_rows(b, b.lang + "/")}\n</section>'
        for b in builds
    ]
    record = [{**vars(b), "reports": [vars(e) for e in b.reports]} for b in builds]
    data = f'<script type="application/json" id="build-info">{safe_json(record)}</script>\n'
    return page("en", "Reports", "", "<h1>Reports</h1>\n" + "\n".join(sections), data)


def previous_builds(index: Path) -> dict[str, LangBuild]:
    """Build records kept in an earlier top index (for languages not rebuilt this time)."""
    if not index.is_file():
        return {}
    text = index.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="build-info">(.*?)</script>', text, re.S)
    try:
        record = json.loads(match.group(1)) if match else []
        return {r["lang"]: LangBuild(**{**r, "reports": [Entry(**e) for e in r["reports"]]}) for r in record}
    except (ValueError, KeyError, TypeError):
        return {}


# ---------------------------------------------------------------------------- files


def write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


PLOTLY_CARTESIAN = ASSETS / "vendor" / "plotly-cartesian.min.js"
CARTESIAN_TRACES = {"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image",
                    "pie", "scatter", "scatterternary", "violin"}


def plotly_js(types: set[str] | None = None) -> Path:
    """The plotly.js to ship: the vendored cartesian bundle (1.5 MB, same release) when every trace type
    fits it, else the full plotly.min.js of the installed plotly package (4.8 MB)."""
    if types is not None and types <= CARTESIAN_TRACES:
        return PLOTLY_CARTESIAN
    spec = importlib.util.find_spec("plotly")
    assert spec and spec.submodule_search_locations, "plotly is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


def write_assets(out: Path, renderer: Renderer, types: set[str] | None = None) -> None:
    assets = out / "assets"
    write(assets / "jupyterlab.css", renderer.lab_css().encode("utf-8"))
    write(assets / "report.css", (ASSETS / "report.css").read_bytes())
    source = plotly_js(types)
    target = assets / "plotly.min.js"
    if not target.is_file() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)


def clean_language(out: Path, lang: str) -> None:
    """Remove what an earlier build of this language wrote (only the folders this builder owns)."""
    for sub in (*VIEWS, "figures"):
        shutil.rmtree(out / lang / sub, ignore_errors=True)
    (out / lang / "index.html").unlink(missing_ok=True)
    (out / lang / "figures").mkdir(parents=True, exist_ok=True)


# ---------------------------------------------------------------------------- main


def say(message: str) -> None:
    print(message, flush=True)


async def build(opts: Options, jobs: list[Job], renderer: Renderer) -> tuple[dict[Job, Entry], set[str]]:
    """Execute the jobs, ``opts.jobs`` at a time, and render each one as soon as it is done.
    Returns the entries and the plotly trace types the pages use."""
    running = asyncio.Semaphore(opts.jobs)
    envs = {lang: kernel_env(opts, lang) for lang in opts.langs}
    entries: dict[Job, Entry] = {}
    types: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="analysis-report-") as ipc:

        async def run(number: int, job: Job) -> None:
            async with running:
                say(f"started {job.label}")
                start = time.perf_counter()
                nb, failure = await execute(job, envs[job.lang], f"{ipc}/k{number}", opts.timeout)
                seconds = time.perf_counter() - start
            title, question = describe(nb, job.name, job.lang)
            entries[job] = Entry(job.name, title, question, failure)
            try:
                types.update(render_job(renderer, job, nb, failure, opts.out, entries[job]))
            except Exception as error:  # as for execution: report it, build the others
                failure = entries[job].failed = f"rendering: {type(error).__name__}: {error}"
            say(f"FAILED {job.label}: {failure}" if failure else f"done {job.label} in {seconds:.1f} s")

        await asyncio.gather(*(run(i, job) for i, job in enumerate(jobs)))
    return entries, types


def run_async(coroutine: Any) -> Any:
    """``asyncio.run``, also from a thread whose event loop is already running (a Jupyter kernel, or a
    test session holding Playwright's sync API): then the build runs on a loop of its own thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def main(argv: list[str]) -> int:
    opts = parse_args(argv)
    notebooks = find_notebooks(opts.notebooks)
    if not notebooks:
        print(f"no notebooks (*.ipynb) in {opts.notebooks}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    built = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    renderer = Renderer()
    for lang in opts.langs:
        clean_language(opts.out, lang)
    jobs = [Job(nb, lang) for nb in notebooks for lang in opts.langs]
    entries, types = run_async(build(opts, jobs, renderer))
    write_assets(opts.out, renderer, types)

    versions = (data_version(opts.data or DATA), code_version())
    builds = previous_builds(opts.out / "index.html")
    for lang in opts.langs:
        builds[lang] = LangBuild(lang, built, *versions, [entries[j] for j in jobs if j.lang == lang])
        write(opts.out / lang / "index.html", language_index(builds[lang]).encode("utf-8"))
    listed = [builds[lang] for lang in LANGS if lang in builds and (opts.out / lang / "index.html").is_file()]
    write(opts.out / "index.html", site_index(listed).encode("utf-8"))

    failed = [j.label for j in jobs if entries[j].failed]
    summary = f"{len(jobs)} reports in {time.perf_counter() - started:.1f} s -> {opts.out / 'index.html'}"
    if failed:
        print(f"{summary}; {len(failed)} FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    say(summary)
    return 0
