"""``python -m analysis teaching``: the teacher and student copies of the teaching notebooks, per language,
and a student bundle per language.

    build/teaching/teacher/<lang>/NN-teaching-….ipynb   solutions kept, student stubs removed, executed
    build/teaching/student/<lang>/NN-teaching-….ipynb   solutions removed, stubs and self-checks kept, unexecuted
    build/teaching/student-bundle-<lang>.zip            the student copies with data/, analysis/, the example
                                                        codings, the codebook, requirements.txt and a README

The notebooks in ``notebooks/`` are the source: every prose cell twice (tagged ``lang:en`` / ``lang:ar``),
each solution tagged ``solution`` with the student's stub before it tagged ``student``, self-checks tagged
``check``. Stripping is nbconvert's ``TagRemovePreprocessor`` and ``ClearOutputPreprocessor`` (pinned with
nbconvert already); nbgrader and otter-grader were not used: both bring a server extension, a database or a
grading service and their own cell metadata, more than an offline project that only needs to drop tagged
cells. The language is set by rewriting the ``parameters`` cell (``LANG = "ar"``), as ``papermill -p LANG ar``
would, without adding papermill and its dependencies for a one-line substitution. Execution is nbclient's,
with the kernel in this environment.
"""
from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import NoReturn

import nbformat
from nbclient.exceptions import CellExecutionError  # noqa: F401 (what execute raises for a failing cell)
from nbconvert.preprocessors import ClearOutputPreprocessor, TagRemovePreprocessor

from analysis.i18n import LANGS
from analysis import interrupt
from analysis.paths import DATA, NOTEBOOKS, ROOT

OUT = ROOT / "build" / "teaching"
PATTERN = "0[6-9]-teaching-*.ipynb"
ROLES = ("teacher", "student")
# A fixed time for every zip entry, so two builds give the same bytes (the article's publication date).
ZIP_TIME = (2022, 5, 8, 0, 0, 0)
# The teacher's plain answer key stays out of the student bundle (the checks read key.json's digests).
TEACHER_ONLY = {"analysis/teaching/answers.py"}


def sources(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(folder.glob(PATTERN))


def set_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Rewrite the ``parameters`` cell to ``LANG = "<lang>"`` (what papermill's ``-p LANG`` does)."""
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"expected one cell tagged parameters, found {len(cells)}")
    cells[0].source = f'LANG = "{lang}"  # "en" or "ar": the language of the self-checks, hints and table headers'
    return nb


def variant(nb: nbformat.NotebookNode, role: str, lang: str) -> nbformat.NotebookNode:
    """The ``role`` copy of ``nb`` in ``lang``: only that language's prose, and the teacher's or student's
    cells (outputs cleared in the student copy)."""
    if role not in ROLES or lang not in LANGS:
        raise ValueError(f"role must be one of {ROLES} and lang one of {LANGS}")
    nb = copy.deepcopy(nb)
    other = [f"lang:{x}" for x in LANGS if x != lang]
    remove = {*other, "student" if role == "teacher" else "solution"}
    nb, _ = TagRemovePreprocessor(remove_cell_tags=remove, enabled=True).preprocess(nb, {})
    if role == "student":
        nb, _ = ClearOutputPreprocessor(enabled=True).preprocess(nb, {})
    nb.metadata["language"] = lang
    from analysis.teaching.comments import translate_notebook  # code comments in the copy's language

    return translate_notebook(set_language(nb, lang), lang)


def execute(nb: nbformat.NotebookNode, cwd: Path = NOTEBOOKS, timeout: int = 300) -> nbformat.NotebookNode:
    """Run every cell top to bottom in ``cwd`` (a failing cell raises ``CellExecutionError``), with the report
    builder's kernels: Ctrl-C or SIGTERM stops it at once, the kernel shut down (``Interrupted``). The kernel
    reads the data package that ships with the code (``$ANALYSIS_DATA_DIR`` is not passed on), so a teacher
    copy shows the answers of the ``data/`` the student bundle carries."""
    from analysis.report.execute import run_interruptible, run_notebook

    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_DATA_DIR"}
    with tempfile.TemporaryDirectory(prefix="analysis-teaching-") as tmp:
        run_interruptible(run_notebook(nb, Path(cwd), env, f"{tmp}/k", timeout))
    return nb


def shipped(path: Path) -> bool:
    """A file of the project that goes into a student bundle: not hidden (``.DS_Store``, ``.ipynb_checkpoints``,
    editor files), not compiled (``__pycache__``)."""
    rel = path.relative_to(ROOT).parts
    return path.is_file() and not path.is_symlink() and not any(p.startswith(".") or p == "__pycache__" for p in rel) \
        and path.suffix != ".pyc"


def bundle(lang: str, student_dir: Path, out: Path) -> Path:
    """The student bundle: a folder that runs on a fresh Python 3.11-3.13 (its README: a venv, then
    ``pip install -r requirements.txt -e .``: the teaching lock and the bundle's own ``analysis`` package)."""
    top = "morocco-us-teaching"
    files: list[tuple[Path, str]] = [(p, f"{top}/notebooks/{p.name}") for p in sorted(student_dir.glob("*.ipynb"))
                                     if not p.name.startswith(".")]
    for folder in ("data", "analysis", "teaching/codings"):
        for path in sorted((ROOT / folder).rglob("*")):
            if shipped(path) and path.relative_to(ROOT).as_posix() not in TEACHER_ONLY:
                files.append((path, f"{top}/{path.relative_to(ROOT).as_posix()}"))
    codebook = "docs/codebook.md" if lang == "en" else "docs/codebook.ar.md"
    for name in ("pyproject.toml", codebook):
        files.append((ROOT / name, f"{top}/{name}"))
    # Only what the teaching notebooks need (JupyterLab, pandas, frictionless, Babel, krippendorff), pinned
    # for Python 3.11-3.13: requirements/teaching.txt, made by `make lock`.
    files.append((ROOT / "requirements" / "teaching.txt", f"{top}/requirements.txt"))
    target = out / f"student-bundle-{lang}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, name in files:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
        info = zipfile.ZipInfo(f"{top}/README.md", ZIP_TIME)
        info.external_attr = 0o644 << 16
        from analysis.teaching.session import CLASS_SESSION  # the class-session part of the README

        archive.writestr(info, BUNDLE_README[lang] + CLASS_SESSION[lang])
    return target


BUNDLE_README = {
    "en": """# Teaching session: Morocco–US security cooperation in one article

Three notebooks for a session of 90 to 120 minutes (the teacher's guide has both plans): `notebooks/06-…` reading and coding, `07-…` counting events,
`08-…` agreement between coders and the article against the public record.

## Set up once

You need Python 3.11, 3.12 or 3.13 (from python.org, your system or your package manager). In this folder:

Linux and macOS:

    python3 -m venv .venv
    .venv/bin/python -m pip install -r requirements.txt -e .
    .venv/bin/jupyter lab

Windows (PowerShell or cmd; `py -3.12` or the version you have):

    py -3.12 -m venv .venv
    .venv\\Scripts\\python -m pip install -r requirements.txt -e .
    .venv\\Scripts\\jupyter lab

The install takes a minute or two and about 400 MB. `-e .` installs this folder's `analysis` package, which
the notebooks import and which reads the data in `data/`; a notebook opened without it stops at its first
code cell and says so.

## The notebooks

Open each notebook in `notebooks/`, run its cells from the top, and replace each `...` with your answer; the
cell after it (a self-check) says "correct" or "not yet" with a hint. The coding rules are in
`docs/codebook.md`; the data in `data/` (read-only: the article is in `data/raw/`).

The code of this bundle is under the MIT licence, our data under CC BY 4.0; the article's text is
© Al-Araby Al-Jadeed, quoted for analysis (see the project's LICENSE files).
""",
    "ar": """# حصة تعليمية: التعاون الأمني المغربي الأميركي في مقال واحد

ثلاثة دفاتر لحصة مدتها بين 90 و120 دقيقة (في دليل المعلّم الخطّتان): `notebooks/06-…` للقراءة والترميز، و`07-…` لعدّ الأحداث،
و`08-…` للاتفاق بين المرمِّزين ولمواجهة المقال بالسجل العام.

## الإعداد مرة واحدة

تحتاج إلى بايثون 3.11 أو 3.12 أو 3.13 (من python.org أو من نظامك أو من مدير الحزم). وفي هذا المجلد:

في لينكس وماك:

    python3 -m venv .venv
    .venv/bin/python -m pip install -r requirements.txt -e .
    .venv/bin/jupyter lab

في ويندوز (PowerShell أو cmd؛ `py -3.12` أو الإصدار الذي لديك):

    py -3.12 -m venv .venv
    .venv\\Scripts\\python -m pip install -r requirements.txt -e .
    .venv\\Scripts\\jupyter lab

يستغرق التثبيت دقيقة أو دقيقتين ونحو 400 ميغابايت. ويثبّت `-e .` حزمة `analysis` الموجودة في هذا المجلد،
وهي التي تستوردها الدفاتر وتقرأ البيانات في `data/`؛ والدفتر الذي يُفتح من دونها يتوقف عند أول خلية برمجية
ويقول ذلك.

## الدفاتر

افتح كل دفتر في `notebooks/`، وشغّل خلاياه من البداية، وضع إجابتك مكان كل `...`؛ والخلية التي تليها (تحقّق
ذاتي) تجيبك بـ «صحيح» أو «ليس بعد» مع تلميح. قواعد الترميز في `docs/codebook.ar.md`، والبيانات في `data/`
(للقراءة فقط: المقال في `data/raw/`).

شيفرة هذه الحزمة مرخّصة برخصة MIT، وبياناتنا برخصة CC BY 4.0؛ أما نص المقال فحقوقه محفوظة لـ«العربي الجديد»،
ويُقتبس لأغراض التحليل (انظر ملفات LICENSE في المشروع).
""",
}


class UsageError(Exception):
    """A bad option: one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse prints usage and the message; one line here
        raise UsageError(message)


def build(langs: tuple[str, ...] = LANGS, out: Path = OUT, run: bool = True, log=print, wait: bool = False) -> list[Path]:
    """The teacher and student copies and the bundles, staged beside ``out`` and switched in whole when all
    is written (as the report site is: ``analysis/report/output.py``): an interrupted or failed build leaves
    the previous copies as they were, never a mix. Returns the files written, under ``out``."""
    from analysis.report.output import Site

    written = []
    with Site(out, wait=wait, say=log) as site:
        previous = site.previous(force=True)
        for lang in langs:
            for role in ROLES:
                for path in sources():
                    nb = variant(nbformat.read(path, as_version=4), role, lang)
                    if role == "teacher" and run:
                        log(f"executing {role}/{lang}/{path.name}")
                        execute(nb)
                    rel = f"{role}/{lang}/{path.name}"
                    text = nbformat.writes(nb)
                    site.write(rel, (text if text.endswith("\n") else text + "\n").encode("utf-8"))
                    written.append(out / rel)
            zipped = bundle(lang, site.stage / "student" / lang, site.stage)
            site.files.add(zipped.name)
            written.append(out / zipped.name)
            log(f"wrote {written[-1].relative_to(ROOT) if written[-1].is_relative_to(ROOT) else written[-1]}")
        keep = {f for f in previous if f.split("/")[1:2] and f.split("/")[1] in LANGS and f.split("/")[1] not in langs}
        keep |= {f for f in previous if f.startswith("student-bundle-") and f[15:17] not in langs}
        site.publish(previous, keep)
    return written


def main(argv: list[str] | None = None) -> int:
    prog = "python -m analysis teaching"
    parser = Parser(prog=prog, description="Teacher and student copies of the teaching notebooks.")
    parser.add_argument("--lang", action="append", choices=LANGS, help="a language (repeatable); default both")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default build/teaching)")
    parser.add_argument("--no-execute", action="store_true", help="do not execute the teacher copies")
    parser.add_argument("--wait", action="store_true", help="wait for another teaching build writing --out")
    from analysis.report.lock import Busy
    from analysis.report.output import OutputError, contains, resolved, shown

    interrupt.reset()
    try:
        args = parser.parse_args(argv)
        out = resolved(args.out, "--out")
        for what, inside in (("the data package", DATA), ("the notebooks", NOTEBOOKS), ("the analysis package",
                                                                                        ROOT / "analysis")):
            if contains(inside, out) and what == "the data package":
                raise UsageError(f"--out {shown(args.out)}: inside the data package {shown(inside)}; nothing is ever "
                                 "written there")
            if contains(out, inside):
                raise UsageError(f"--out {shown(args.out)}: holds {what} ({shown(inside)}); a build replaces the "
                                 "whole folder: choose a folder of its own")
        build(tuple(dict.fromkeys(args.lang or LANGS)), args.out, run=not args.no_execute, wait=args.wait)
    except BaseException as error:
        stop = None if isinstance(error, SystemExit) else interrupt.status(error)
        if stop is not None:  # Ctrl-C 130, SIGTERM 143, however the stop reached here
            print("interrupted", file=sys.stderr)
            return stop
        if isinstance(error, (UsageError, OutputError, Busy)):
            print(f"{prog}: {error}", file=sys.stderr)
            return 2
        if not isinstance(error, Exception):
            raise
        # one line for the command line, not a traceback
        print(f"teaching build failed: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}",
              file=sys.stderr)
        return 1
    return 0
