"""``python -m analysis report``: options, their checks, exit statuses (0 built, 1 a report or the data
failed, 2 a usage error, 130 interrupted), and one line per problem — never a traceback."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

from analysis.paths import DATA, NOTEBOOKS, REPORTS, ROOT
from analysis.report.build import Options, build
from analysis.report.execute import Interrupted
from analysis.report.memo import Memo, environment_digest, key
from analysis.report.notebook import LANGS, find_notebooks
from analysis.report.output import OutputError, check_out, overlaps
from analysis.report.site import data_files, tree_digest

CACHE = ROOT / "build" / "report-cache"


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
               "Ctrl-C: the kernels are shut down, the site is left as it was, exit 130.",
    )
    p.add_argument("--lang", action="append", choices=LANGS, help="report language, repeatable (default: en)")
    p.add_argument("--notebooks", type=Path, default=NOTEBOOKS, help="folder of *.ipynb (default: %(default)s)")
    p.add_argument("--out", type=Path, default=REPORTS, help="site folder (default: %(default)s)")
    p.add_argument("--force", action="store_true",
                   help="write into a non-empty --out that is not an earlier build (its other files are kept)")
    p.add_argument("--data", type=Path, default=None,
                   help="data package folder, passed to the notebooks as ANALYSIS_DATA_DIR (default: data/)")
    p.add_argument("--jobs", type=positive_int, default=os.cpu_count() or 1,
                   help="notebooks executed at once (default: %(default)s)")
    p.add_argument("--timeout", type=positive_int, default=600, help="seconds per cell (default: %(default)s)")
    p.add_argument("--cache-dir", type=Path, default=CACHE,
                   help="execution cache (default: %(default)s)")
    p.add_argument("--no-cache", action="store_true", help="execute every notebook, store nothing")
    return p


def options(argv: list[str]) -> tuple[Options, list[Path], list[str]]:
    """Parsed and checked options, the notebooks, and the files of the previous build (raises UsageError)."""
    args = parser().parse_args(argv)
    if not args.notebooks.is_dir():
        raise UsageError(f"--notebooks {args.notebooks}: not a folder")
    notebooks = find_notebooks(args.notebooks)
    if not notebooks:
        raise UsageError(f"--notebooks {args.notebooks}: no notebooks (*.ipynb) in it")
    if args.data is not None and not args.data.is_dir():
        raise UsageError(f"--data {args.data}: not a folder")
    data_dir = args.data if args.data is not None else DATA
    for name, path in (("--out", args.out), ("--cache-dir", None if args.no_cache else args.cache_dir)):
        for package in {DATA, data_dir}:
            if path is not None and overlaps(path, package):
                raise UsageError(f"{name} {path}: inside or around the data package {package}; nothing is "
                                 "ever written there")
    if not args.no_cache and args.cache_dir.exists() and not args.cache_dir.is_dir():
        raise UsageError(f"--cache-dir {args.cache_dir}: exists and is not a folder")
    try:
        previous = check_out(args.out, args.force)
    except OutputError as error:
        raise UsageError(str(error)) from None
    langs = tuple(dict.fromkeys(args.lang or ["en"]))
    opts = Options(langs, args.notebooks, args.out, args.data, data_dir, args.jobs, args.timeout,
                   None if args.no_cache else args.cache_dir, args.force)
    return opts, notebooks, previous


PACKAGE = ROOT / "analysis"


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


def check_data(data_dir: Path, cache: Path | None) -> list[str]:
    """The data package's problems, one line each (empty when valid): checked before anything runs. A
    package whose every byte, and the validator's code, passed before is not checked again (memo.py)."""
    memo = Memo(cache / "memo" if cache else None)
    name = key(environment_digest(), tree_digest(data_dir, data_files(data_dir)))
    if memo.valid(name):
        return []
    from analysis.validate import check

    try:
        problems = [str(problem) for problem in check(data_dir).problems]
    except Exception as error:  # a validator crash is still one line about the data, not a traceback
        return [f"{data_dir}: the data package could not be checked: {type(error).__name__}: {error}"]
    if not problems:
        memo.mark_valid(name)
    return problems


def main(argv: list[str]) -> int:
    prog = "python -m analysis report"
    if any(a in ("-h", "--help") for a in argv):
        parser().print_help()
        return 0
    try:
        opts, notebooks, previous = options(argv)
        problem = kernel_problem(opts.notebooks)
        if problem:
            raise UsageError(f"{problem}; nothing was built")
        problems = check_data(opts.data_dir, opts.cache)
        if problems:
            for line in problems:
                print(line, file=sys.stderr)
            print(f"invalid data package {opts.data_dir}: {len(problems)} problem(s); nothing was built",
                  file=sys.stderr)
            return 1
        return build(opts, notebooks, previous)
    except UsageError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    except Interrupted as stop:
        print("interrupted", file=sys.stderr)
        return 128 + stop.signum  # 130 for Ctrl-C (SIGINT), 143 for SIGTERM
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # the file system refused (full disk, permissions): one line
        print(f"{prog}: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
