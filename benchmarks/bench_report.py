"""Benchmark the report build (``python -m analysis report``) against plain ``jupyter nbconvert``.

Run ``make bench`` or ``.venv/bin/python benchmarks/bench_report.py [--rounds 3] [--notebooks DIR]``.

Choices, so the comparison is like for like and does not flatter the project:

* Notebooks: ``notebooks/*.ipynb``; when there are none, the test fixtures (tests/fixtures/notebooks,
  with their data package). One language (``--lang``, default en): the baseline has no language switch.
* (a) project: the whole command in a fresh process with ``--no-cache`` (every notebook executed: a cold
  build), ``--jobs`` kernels at a time (default: all cores):
  it executes each notebook once and renders the analyst and the teaching view, the indexes and the
  shared assets, and the notebooks' chart helper also saves PNG/SVG figures.
* (b) baseline: ``jupyter nbconvert --execute --to html NB`` for one notebook after another, each a
  fresh process (the usual Makefile loop), producing one page per notebook (code shown: the teaching
  view only). nbconvert drops plotly's mimetype output, so the charts would be missing; the baseline
  runs with ``PLOTLY_RENDERER=notebook`` (for any ``fig.show()``) and with the preprocessor in
  benchmarks/nbconvert_plotly.py, which turns each plotly output into what plotly's ``notebook``
  renderer emits (plotly.js inlined once per page, a div and a script per figure) without importing
  plotly, so the baseline gets its charts at no extra time.
* Rounds alternate (project first, then baseline first, ...); medians are reported.
* Floor: a kernel's start until ready, plus ``import pandas, matplotlib.pyplot, plotly.express`` in it
  (median of 3); the whole build can not beat (jobs x floor / parallel kernels).
* Bytes: every file the project writes (both views, indexes, shared plotly.min.js and CSS, and the
  PNG/SVG figure files the chart helper exports, which the baseline does not make) against the
  baseline's pages. The headline ratio uses the baseline's single page per notebook; shown too: the
  ratio without the figure files, and against two pages per notebook (two views with nbconvert).
* Peak memory: the largest sum of RSS over the process tree (builder or nbconvert plus kernels),
  sampled every 20 ms with psutil; also ``ru_maxrss`` of the largest child process.
* Rebuilds with the execution cache, as fractions of the cold build's median: in a temporary copy of the
  notebooks (the working tree's are never touched) with a temporary cache, one build to fill the cache,
  then ``--rounds`` no-change rebuilds and ``--rounds`` rebuilds after a change to one notebook's code (a
  cell appended to the copy of the first notebook, different each round).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
sys.path.insert(0, str(ROOT))
from analysis.paths import NOTEBOOKS  # noqa: E402


@dataclass
class Run:
    seconds: float
    peak_rss: int
    returncode: int


def measured(argv: list[str], env: dict[str, str], log: Path) -> Run:
    """Run a command; wall time and the peak RSS sum of its process tree."""
    start = time.perf_counter()
    with log.open("ab") as out:
        proc = psutil.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            total = 0
            try:
                tree = [proc, *proc.children(recursive=True)]
            except psutil.NoSuchProcess:
                tree = []
            for p in tree:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, total)
            time.sleep(0.02)
    return Run(time.perf_counter() - start, peak, proc.returncode)


def project(notebooks: Path, out: Path, lang: str, data: Path | None, jobs: int, log: Path,
            cache: Path | None = None) -> Run:
    """One build; ``cache=None``: cold (``--no-cache``, into an emptied folder), else with that cache."""
    if cache is None:
        shutil.rmtree(out, ignore_errors=True)
    argv = [sys.executable, "-m", "analysis", "report", "--lang", lang, "--notebooks", str(notebooks),
            "--out", str(out), "--jobs", str(jobs)]
    argv += ["--data", str(data)] if data else []
    argv += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    return measured(argv, dict(os.environ), log)


def rebuilds(notebooks: Path, work: Path, lang: str, data: Path | None, jobs: int, log: Path,
             rounds: int) -> tuple[list[Run], list[Run]]:
    """No-change and one-notebook-change rebuilds with the cache, in a temporary copy of the notebooks."""
    import nbformat

    copy, cache, out = work / "rebuild-notebooks", work / "rebuild-cache", work / "rebuild-site"
    copy.mkdir()
    for nb in sorted(notebooks.glob("*.ipynb")):
        shutil.copy(nb, copy)
    project(copy, out, lang, data, jobs, log, cache)  # fills the cache
    same = [project(copy, out, lang, data, jobs, log, cache) for _ in range(rounds)]
    changed = []
    first = sorted(copy.glob("*.ipynb"))[0]
    for round_ in range(rounds):
        nb = nbformat.read(first, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(f"bench_round = {round_}  # a change to this notebook's code"))
        nbformat.write(nb, first)
        changed.append(project(copy, out, lang, data, jobs, log, cache))
    return same, changed


def fixture_data(folder: Path) -> Path:
    """The fixture notebooks' data package: data/ plus their fixture-events.csv (as tests/conftest.py)."""
    from analysis.paths import DATA

    shutil.copytree(DATA, folder)
    shutil.copy(FIXTURES / "data" / "fixture-events.csv", folder / "fixture-events.csv")
    return folder


def baseline(notebooks: Path, out: Path, data: Path | None, log: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PLOTLY_RENDERER": "notebook",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(BENCH), os.environ.get("PYTHONPATH")]))}
    if data:
        env["ANALYSIS_DATA_DIR"] = str(data.resolve())
    runs = []
    for nb in sorted(notebooks.glob("*.ipynb")):
        argv = [sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "html",
                "--HTMLExporter.preprocessors=nbconvert_plotly.PlotlyAsNotebookRenderer",
                "--output-dir", str(out), str(nb)]
        runs.append(measured(argv, env, log))
    return Run(sum(r.seconds for r in runs), max(r.peak_rss for r in runs),
               max(r.returncode for r in runs))


def floor_seconds(samples: int = 3) -> float:
    """Kernel start to ready plus the scientific imports, median over fresh kernels."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # same speed-up as the builder
    from jupyter_client.manager import KernelManager

    times = []
    with tempfile.TemporaryDirectory() as ipc:
        for i in range(samples):
            start = time.perf_counter()
            km = KernelManager(kernel_name="python3", transport="ipc", ip=f"{ipc}/k{i}")
            km.start_kernel(stderr=subprocess.DEVNULL)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            kc.execute_interactive("import pandas, matplotlib.pyplot, plotly.express", timeout=120)
            times.append(time.perf_counter() - start)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return statistics.median(times)


def import_seconds(code: str, samples: int = 3) -> float:
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tree_bytes(folder: Path, suffix: str = "") -> int:
    return sum(p.stat().st_size for p in folder.rglob(f"*{suffix}") if p.is_file())


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--notebooks", type=Path, default=None, help="default: notebooks/, else the test fixtures")
    parser.add_argument("--lang", default="en", choices=("en", "ar"))
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    notebooks, data = args.notebooks, args.data
    fixture = False
    if notebooks is None:
        notebooks = NOTEBOOKS if sorted(NOTEBOOKS.glob("*.ipynb")) else FIXTURES
        fixture = notebooks == FIXTURES and data is None
    count = len(sorted(notebooks.glob("*.ipynb")))
    if not count:
        print(f"no notebooks in {notebooks}", file=sys.stderr)
        return 1
    print(f"{count} notebooks in {notebooks} | language {args.lang} | {args.rounds} rounds | "
          f"{os.cpu_count()} cores, --jobs {args.jobs}", flush=True)

    ours, theirs = [], []
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        work, log = Path(tmp), Path(tmp) / "log.txt"
        if fixture:
            data = fixture_data(work / "fixture-data")
        for round_ in range(args.rounds):
            order = ("project", "baseline") if round_ % 2 == 0 else ("baseline", "project")
            for which in order:
                if which == "project":
                    ours.append(project(notebooks, work / "project", args.lang, data, args.jobs, log))
                else:
                    theirs.append(baseline(notebooks, work / "baseline", data, log))
                run = (ours if which == "project" else theirs)[-1]
                print(f"  round {round_ + 1} {which:8s} {run.seconds:6.1f} s  peak {mb(run.peak_rss)}"
                      f"{'' if run.returncode == 0 else f'  EXIT {run.returncode}'}", flush=True)
        if any(r.returncode for r in ours + theirs):
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
        site = tree_bytes(work / "project")
        assets = tree_bytes(work / "project" / "assets")
        figures = tree_bytes(work / "project" / args.lang / "figures")
        pages = tree_bytes(work / "baseline", ".html")
        views = len(list((work / "project").glob(f"{args.lang}/*/*.html")))
        same, changed = rebuilds(notebooks, work, args.lang, data, args.jobs, log, args.rounds)
        if any(r.returncode for r in same + changed):
            print(log.read_text(errors="replace")[-4000:], file=sys.stderr)
    floor = floor_seconds()
    import_fixed = import_seconds("import analysis.report")
    import_plain = import_seconds("import nbformat, nbclient, nbconvert")

    ours_s = statistics.median(r.seconds for r in ours)
    theirs_s = statistics.median(r.seconds for r in theirs)
    parallel = min(args.jobs, os.cpu_count() or 1, count)
    print()
    print(f"wall time   project {ours_s:.1f} s | baseline {theirs_s:.1f} s | "
          f"ratio {ours_s / theirs_s:.2f} (target <= 0.6)")
    print(f"floor       kernel start + imports {floor:.2f} s per notebook; "
          f"{count} notebooks on {parallel} kernels at a time >= {count * floor / parallel:.1f} s")
    print(f"builder     import analysis.report {import_fixed:.2f} s "
          f"(nbformat+nbclient+nbconvert without the rfc3987_syntax skip: {import_plain:.2f} s)")
    print(f"bytes       project site {mb(site)}: {views} pages and indexes {mb(site - assets - figures)}, "
          f"shared assets {mb(assets)}, figure files {mb(figures)} | baseline {mb(pages)} ({count} pages)")
    print(f"            ratio {site / max(pages, 1):.2f} (target <= 0.3); without the figure files "
          f"{(site - figures) / max(pages, 1):.2f}; against two pages per notebook {site / max(2 * pages, 1):.2f}")
    same_s, changed_s = statistics.median(r.seconds for r in same), statistics.median(r.seconds for r in changed)
    print(f"rebuilds    with the cache: no change {same_s:.1f} s = {same_s / ours_s:.2f} of a cold build; "
          f"one notebook changed {changed_s:.1f} s = {changed_s / ours_s:.2f} (cold {ours_s:.1f} s)")
    print(f"peak memory project {mb(max(r.peak_rss for r in ours))} | baseline {mb(max(r.peak_rss for r in theirs))} "
          f"(process tree RSS); largest child ru_maxrss {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3:.0f} MB")
    return 1 if any(r.returncode for r in ours + theirs + same + changed) else 0


if __name__ == "__main__":
    sys.exit(main())
