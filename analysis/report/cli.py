"""``python -m analysis report``: options, their checks, exit statuses (0 built, 1 a report or the data
failed, 2 a usage error, 130/143 interrupted), and one line per problem — never a traceback."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from analysis import interrupt
from analysis.paths import DATA, NOTEBOOKS, REPORTS, ROOT
from analysis.report.build import Options, build, say
from analysis.report.lock import Busy
from analysis.report.memo import Memo, environment_digest, key
from analysis.report.notebook import LANGS, NameClash, find_notebooks
from analysis.report.output import OutputError, Site, contains, resolved, shown
from analysis.report.site import data_files, tree_digest
from analysis.report.snapshot import snapshot

CACHE = ROOT / "build" / "report-cache"
PACKAGE = Path(__file__).resolve().parent.parent  # analysis/


class UsageError(Exception):
    """A bad option: one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse prints usage and the message; one line here
        raise UsageError(message)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text!r}")
    return value


def parser() -> Parser:
    p = Parser(
        prog="python -m analysis report",
        description="Execute every notebook headless (or reuse its cached execution) and render the offline "
                    "HTML report site.",
        epilog="A failure is reported as 'FAILED <notebook> [<lang>]: cell N: <error>', N counting every cell of "
               "the notebook file from 1; the other reports are still built, exit status 1. Bad options: exit 2. "
               "One build at a time per site: a second one stops (exit 2) or, with --wait, waits; builds sharing a "
               "cache wait for each other only while one reads or stores an execution. "
               "Ctrl-C or SIGTERM: the kernels are shut down, the site is left as it was, exit 130 or 143.",
    )
    p.add_argument("--lang", action="append", choices=LANGS, help="report language, repeatable (default: en)")
    p.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="folder of *.ipynb (default: %(default)s)")
    p.add_argument("--out", type=Path, default=REPORTS, help="site folder (default: %(default)s)")
    p.add_argument("--force", action="store_true",
                   help="write into a non-empty --out that is not an earlier build (its other files are kept)")
    p.add_argument("--data", type=Path, default=None,
                   help="data package folder (default: $ANALYSIS_DATA_DIR if set, else data/); the build reads a "
                        "copy of it, checked first")
    p.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1,
                   help="notebooks executed at once (default: %(default)s)")
    p.add_argument("--timeout", type=positive_int, default=600, help="seconds per cell (default: %(default)s)")
    p.add_argument("--cache-dir", type=Path, default=CACHE,
                   help="execution cache (default: %(default)s)")
    p.add_argument("--no-cache", action="store_true", help="execute every notebook, store nothing")
    p.add_argument("--wait", action="store_true",
                   help="when another build is writing the same site, wait for it (default: stop with exit "
                        "status 2)")
    return p


def folder_option(name: str, path: Path) -> Path:
    """An existing folder given as an option, resolved; UsageError (naming it as given) otherwise."""
    try:
        real = resolved(path, name)
    except OutputError as error:
        raise UsageError(str(error)) from None
    if not real.is_dir():
        raise UsageError(f"{name} {shown(path)}: not a folder")
    return real


def options(argv: list[str]) -> tuple[Options, list[Path]]:
    """Parsed and checked options and the notebooks (raises UsageError)."""
    args = parser().parse_args(argv)
    notebooks_dir = folder_option("--notebooks", args.notebooks)
    try:
        notebooks = find_notebooks(notebooks_dir)
    except NameClash as error:
        raise UsageError(f"--notebooks {shown(args.notebooks)}: {error}") from None
    except OSError as error:
        raise UsageError(f"--notebooks {shown(args.notebooks)}: {error.strerror or error}") from None
    if not notebooks:
        raise UsageError(f"--notebooks {shown(args.notebooks)}: no notebooks (*.ipynb) in it")
    # The data package: --data, else $ANALYSIS_DATA_DIR (read here, once, and checked as --data is), else data/.
    # The kernels are given the copy the builder checked (snapshot.py), never the environment's variable.
    environment = os.environ.get("ANALYSIS_DATA_DIR")
    data_name, data_given = ("--data", args.data) if args.data is not None else \
        ("ANALYSIS_DATA_DIR", Path(environment)) if environment else ("data package", DATA)
    data_dir = folder_option(data_name, data_given)
    try:
        out = resolved(args.out, "--out")
        cache = None if args.no_cache else resolved(args.cache_dir, "--cache-dir")
    except OutputError as error:
        raise UsageError(str(error)) from None
    if cache is not None and cache.exists() and not cache.is_dir():
        raise UsageError(f"--cache-dir {shown(args.cache_dir)}: exists and is not a folder")
    for name, given, path in (("--out", args.out, out), ("--cache-dir", args.cache_dir, cache)):
        for package in dict.fromkeys((DATA.resolve(), data_dir)):
            if path is not None and (contains(path, package) or contains(package, path)):
                raise UsageError(f"{name} {shown(given)}: inside or around the data package {shown(package)}; "
                                 "nothing is ever written there")
    # A build replaces the whole site folder: it must not hold what the build reads or keeps.
    for what, inside in (("the notebooks", notebooks_dir), ("the analysis package", PACKAGE),
                         ("the execution cache", cache)):
        if inside is not None and contains(out, inside):
            raise UsageError(f"--out {shown(args.out)}: holds {what} ({shown(inside)}); a build replaces the "
                             "whole site folder: choose a folder of its own")
    if cache is not None and contains(cache, out):
        raise UsageError(f"--out {shown(args.out)}: inside the execution cache {shown(args.cache_dir)}")
    langs = tuple(dict.fromkeys(args.lang or ["en"]))
    opts = Options(langs, notebooks_dir, args.out, data_dir, args.jobs, args.timeout, cache, args.force,
                   args.wait, data_given)
    return opts, notebooks


def kernel_problem(notebooks: Path, python: str | None = None) -> str | None:
    """Why the notebooks' kernels (this Python, started in the notebooks' folder, as ``execute`` starts them)
    cannot import this checkout's ``analysis`` package, or None. Checked before anything runs: without it every
    notebook would fail at its first cell and the build would publish a site of failures."""
    python = python or sys.executable
    install = f'"{python}" -m pip install -e "{ROOT}"'
    try:
        done = subprocess.run([python, "-c", "import sys, analysis; sys.stdout.write(analysis.__file__)"],
                              cwd=notebooks, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        return f"the notebooks' kernels ({python}) cannot start: {error}"
    if done.returncode != 0:
        return f"the notebooks' kernels ({python}) cannot import the analysis package: install it with {install}"
    found = Path(done.stdout.strip()).resolve().parent
    if found != PACKAGE.resolve():
        return (f"the notebooks' kernels ({python}) import another copy of the analysis package ({found}), "
                f"not this one: install this one with {install}")
    return None


def check_data(data: Path, given: Path, cache: Path | None) -> list[str]:
    """The problems of the data package copy ``data`` (of ``given``), one line each, naming the files as
    the user knows them (empty when valid): checked before anything runs. A package whose every byte, and
    the validator's code, passed before is not checked again (memo.py)."""
    memo = Memo(cache / "memo" if cache else None, say)
    name = key(environment_digest(), tree_digest(data, data_files(data)))
    if memo.valid(name):
        return []
    from analysis.validate import check
    from analysis.validate.problems import display

    copy, user = display(data), display(given)
    try:
        lines = [str(problem) for problem in check(data).problems]
    except Exception as error:  # a validator crash is still one line about the data, not a traceback
        return [f"{user}: the data package could not be checked: {type(error).__name__}: {error}"]
    if not lines:
        memo.mark_valid(name)
    return [user + line[len(copy):] if line.startswith(copy) else line for line in lines]


def main(argv: list[str]) -> int:
    prog = "python -m analysis report"
    if any(a in ("-h", "--help") for a in argv):
        parser().print_help()
        return 0
    site: Site | None = None
    copy: Path | None = None
    opts: Options | None = None
    interrupt.reset()
    try:
        opts, notebooks = options(argv)
        problem = kernel_problem(opts.notebooks)
        if problem:
            raise UsageError(f"{problem}; nothing was built")
        site = Site(opts.out, wait=opts.wait, say=say)
        with site, tempfile.TemporaryDirectory(prefix="analysis-report-data-") as tmp:
            previous = site.previous(opts.force)
            copy = snapshot(opts.data_dir, Path(tmp) / "data")
            problems = check_data(copy, opts.data_given, opts.cache)
            if problems:
                for line in problems:
                    print(line, file=sys.stderr)
                print(f"invalid data package {shown(opts.data_given)}: {len(problems)} problem(s); nothing was built",
                      file=sys.stderr)
                return 1
            return build(opts, notebooks, previous, site, copy)
    except BaseException as error:
        stop = None if isinstance(error, SystemExit) else interrupt.status(error)
        if stop is not None:  # Ctrl-C (SIGINT) 130, SIGTERM 143, however the stop reached here
            print("interrupted", file=sys.stderr)
            return stop
        if isinstance(error, (UsageError, OutputError, Busy)):
            print(f"{prog}: {error}", file=sys.stderr)
            return 2
        if not isinstance(error, OSError):
            raise
        # the file system refused (full disk, permissions): one line, the user's path
        where = error.filename
        if site is not None:
            where = site.user_path(where)
        if copy is not None and opts is not None and where and Path(where).is_relative_to(copy):
            where = str(opts.data_given / Path(where).relative_to(copy))
        print(f"{prog}: {error.strerror or error}: {shown(where or '')}".rstrip(": "), file=sys.stderr)
        return 1
