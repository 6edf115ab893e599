"""One build: every notebook in every language taken from the cache or executed, rendered as soon as it
is ready, then the indexes and shared assets, staged in a folder of the build's own and switched in as
the site at once (output.py). Every page, kernel and version reads the one copy of the data package the
builder checked (snapshot.py)."""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import nbformat

from analysis.report.cache import INPUTS, ExecutionCache, Inputs, inputs_digest
from analysis.report.memo import Memo, environment_digest, key
from analysis.report.execute import execute, kernel_env, run_interruptible, source_date_epoch
from analysis.report.notebook import DEFAULT_LANG, LANGS, Job, describe, inject_parameters
from analysis.report.lock import Guard
from analysis.report.output import Site
from analysis.report.figures import chart_titles
from analysis.report.pages import language_pages, top_pages
from analysis.report.render import PageContext, Renderer, assets, render_job
from analysis.report.site import Entry, LangBuild, Stamp, make_stamp, previous_builds


@dataclass(frozen=True)
class Options:
    langs: tuple[str, ...]
    notebooks: Path
    out: Path  # as given (messages); output.Site resolves it
    data_dir: Path  # the data package folder, resolved (--data, else $ANALYSIS_DATA_DIR, else data/)
    jobs: int
    timeout: int
    cache: Path | None
    force: bool
    wait: bool = False
    data_given: Path | None = None  # the data package as the user named it (messages)


def say(message: str) -> None:
    print(message, flush=True)


def read_job(job: Job) -> tuple[nbformat.NotebookNode, str | None]:
    """The notebook with its language parameter injected, or an empty one and the reason it is unreadable."""
    try:
        nb = nbformat.read(job.notebook, as_version=4)
    except Exception as error:
        return nbformat.v4.new_notebook(), f"unreadable notebook: {type(error).__name__}: {error}"
    if not inject_parameters(nb, job.lang):
        say(f"warning: {job.notebook.name} has no cell tagged 'parameters' (LANG = \"{DEFAULT_LANG}\")")
    return nb, None


def canonical(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with every mapping's keys sorted, as the cache stores it (nbformat writes sorted JSON):
    a fresh execution and a cached one then render to the same bytes (plotly's JSON keeps key order)."""
    return nbformat.from_dict(json.loads(json.dumps(nb, sort_keys=True)))


async def run_jobs(opts: Options, jobs: list[Job], staging: Site, renderer: Renderer,
                   cache: ExecutionCache, memo: Memo, data: Path,
                   ids: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
                   stamp: Stamp | None = None) -> tuple[dict[Job, Entry], set[str], dict[tuple[str, str], str]]:
    """Execute (or take from the cache) and render every job, ``opts.jobs`` kernels at a time.
    Returns the entries, the plotly trace types the pages use, and the figures' titles by (language, name)."""
    names = list(dict.fromkeys(job.name for job in jobs))
    figure_titles: dict[tuple[str, str], str] = {}
    running = asyncio.Semaphore(opts.jobs)
    epoch = source_date_epoch()
    inputs = {lang: inputs_digest(data, lang) for lang in opts.langs}
    environment = environment_digest()
    entries: dict[Job, Entry] = {}
    figure_dirs: dict[Job, Path] = {}
    types: set[str] = set()
    # Rendering (≈ 0.25 s a page) runs on one worker thread, one page at a time (the exporters are shared):
    # on the event loop it would hold up the other kernel's next cell for that long, each time.
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory(prefix="analysis-report-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="render") as pool:

        cache.inputs.ignore += (os.path.join(os.path.realpath(tmp), ""), os.path.join(str(data.resolve()), ""))

        async def run(number: int, job: Job) -> None:
            figures = Path(tmp) / f"figures-{number}"  # this job's own: the cache keeps what it wrote
            figures.mkdir()
            trace = Path(tmp) / f"read-{number}.jsonl"  # what the kernel read (cache.py)
            nb, failure = read_job(job)
            nb.metadata[INPUTS] = inputs[job.lang]
            cached = None if failure else cache.lookup(nb, figures, job.label)
            if cached is not None:
                nb = cached
                say(f"cached {job.label}")
            elif not failure:
                async with running:
                    say(f"started {job.label}")
                    start = time.perf_counter()
                    failure = await execute(job, nb, kernel_env(data, figures, epoch, trace),
                                            f"{tmp}/k{number}", opts.timeout)
                    seconds = time.perf_counter() - start
                if not failure:
                    cache.store(nb, figures, str(job.notebook.resolve()), trace)
            nb = canonical(nb)
            nb.metadata.pop(INPUTS, None)
            title, question = describe(nb, job.name, job.lang)
            entries[job] = entry = Entry(job.name, title, question, failure)
            figure_titles.update({(job.lang, name): text for name, text in chart_titles(nb).items()})
            at = names.index(job.name)
            context = PageContext(names[at - 1] if at else None, names[at + 1] if at + 1 < len(names) else None,
                                  opts.langs, *ids, stamp=stamp)
            try:
                page_key = key(environment, job.name, job.lang, context.key(), json.dumps(nb, sort_keys=True))
                kept = None if failure else memo.pages(page_key, job.label)
                if kept is None:
                    pages, used = await loop.run_in_executor(pool, render_job, renderer, job, nb, failure, entry,
                                                             context)
                    if not failure:
                        memo.keep_pages(page_key, pages, used)
                else:
                    pages, used = kept
                for rel, content in pages.items():
                    staging.write(rel, content)
                figure_dirs[job] = figures
                types.update(used)
            except Exception as error:  # as for execution: report it, build the others
                failure = entry.failed = f"rendering: {type(error).__name__}: {error}"
            if failure:
                say(f"FAILED {job.label}: {failure}")
            elif cached is None:
                say(f"done {job.label} in {seconds:.1f} s")

        await asyncio.gather(*(run(i, job) for i, job in enumerate(jobs)))
        # In notebook order: of two figures with one name, the later notebook's (whichever finished first).
        for job in jobs:
            folder = figure_dirs.get(job)
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) if folder else []:
                staging.add_file(f"{job.lang}/figures/{path.relative_to(folder).as_posix()}", path)
    return entries, types, figure_titles


@dataclass(frozen=True)
class DataFacts:
    """What the site's own pages say about the data package (validated before the build began)."""

    claims: dict[str, str]  # per language, how the article's checked claims fare against the public record
    counts: dict[str, int]  # events, mentions, record sources
    events: frozenset[str]
    mentions: frozenset[str]
    data: Any = None  # the loaded package (analysis.load.EventData)


def data_facts(data_dir: Path, langs: tuple[str, ...]) -> DataFacts:
    from analysis.findings import claims_summary
    from analysis.load import load

    data = load(data_dir)
    claims = {lang: claims_summary(data, lang) if len(data.claims) else "" for lang in langs}
    counts = {"events": len(data.events), "mentions": len(data.mentions),
              "sources": int((data.sources["role"] == "record").sum())}
    return DataFacts(claims, counts, frozenset(data.events["event_id"]), frozenset(data.mentions["mention_id"]), data)


def build(opts: Options, notebooks: list[Path], previous: list[str], staging: Site, data: Path) -> int:
    """Build the site into ``staging`` (the locked site's stage) from the checked copy ``data`` of the data
    package, and switch it in; exit status 0 or 1 (failures)."""
    started = time.perf_counter()
    built = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    renderer = Renderer()
    jobs = [Job(nb, lang) for nb in notebooks for lang in opts.langs]
    guard = Guard(opts.cache, f"--cache-dir {opts.cache}", say)  # (one for the build: it says it waits once)
    cache = ExecutionCache(opts.cache, say, Inputs(), guard)
    memo = Memo(opts.cache / "memo" if opts.cache else None, say, guard)
    facts = data_facts(data, opts.langs)
    stamp = make_stamp(facts.data, data, source_date_epoch())
    entries, types, figure_titles = run_interruptible(
        run_jobs(opts, jobs, staging, renderer, cache, memo, data, (facts.events, facts.mentions), stamp))
    for rel, content in assets(renderer, types).items():
        staging.write(rel, content)
    versions = (stamp.data_version, stamp.code_version)
    index = staging.real / "index.html"
    builds = {} if index.is_symlink() else previous_builds(index)  # (a link inside the site is never followed)
    # Files of languages not rebuilt stay, as listed by the previous build.
    keep = {f for f in previous if f.split("/")[0] in LANGS and f.split("/")[0] not in opts.langs}
    for lang in opts.langs:
        builds[lang] = LangBuild(lang, built, *versions, [entries[j] for j in jobs if j.lang == lang],
                                 facts.claims[lang])
        figures = sorted(rel.split("/", 2)[2] for rel in staging.files if rel.startswith(f"{lang}/figures/"))
        for rel, content in language_pages(facts.data, data, builds[lang], opts.langs, stamp, figures,
                                           figure_titles).items():  # index, article, figures, docs, sources
            staging.write(rel, content)
    listed = [builds[lang] for lang in LANGS
              if lang in opts.langs or (lang in builds and f"{lang}/index.html" in keep)]
    for rel, content in top_pages(facts.data, data, listed, stamp).items():  # top index, downloads
        staging.write(rel, content)
    staging.publish(previous, keep)

    failed = [j.label for j in jobs if entries[j].failed]
    summary = f"{len(jobs)} reports in {time.perf_counter() - started:.1f} s -> {opts.out / 'index.html'}"
    if failed:
        print(f"{summary}; {len(failed)} FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1
    say(summary)
    return 0
