"""The committed notebooks' form, and one language at a time in JupyterLab.

``python -m analysis notebooks tidy [--check] [NOTEBOOK ...]`` puts every notebook (default: ``notebooks/*.ipynb``)
in the form the project commits, and ``--check`` lists the notebooks that are not (exit 1) without writing:

- **One way to import the package.** The first code cell is the install check (``GUARD``): without the
  ``analysis`` package it stops the run with one sentence (in English, then in Arabic) saying how to install
  it; no notebook edits ``sys.path`` (the old "project root on the path" cell of 06–08 is removed, any other
  ``sys.path`` edit is reported).
- **Arabic reads right to left** in JupyterLab, on GitHub and nbviewer: every Markdown cell tagged ``lang:ar``
  is right-to-left HTML (``analysis.rtl``).
- **Saving after Run All changes nothing that did not change** (``normalise``, also JupyterLab's pre-save hook
  ``pre_save_hook``): execution counts numbered 1, 2, … down the notebook, as a fresh Run All gives; numbers
  in JSON outputs (plotly's figures) written as JavaScript writes them (``1``, not ``1.0``: JupyterLab saves
  what its JavaScript parsed); the PNG snapshot JupyterLab's plotly extension adds to a chart that has its
  own SVG dropped; the kernel's Python version and display name, which vary from machine to machine, not
  stored.

Every step is deterministic and idempotent: ``tidy(tidy(nb)) == tidy(nb)``; other branches' notebooks are put
in this form by running the command again.

``python -m analysis lab [--lang ar]`` (``make lab LANG=ar``) opens JupyterLab at the project root with the
pre-save hook, on the notebooks or on one-language copies (``build/lab/<lang>/``, written by
``write_language_copies``; ``python -m analysis notebooks copies --lang ar`` writes them alone).
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from analysis.paths import NOTEBOOKS, ROOT
from analysis.rtl import rtl_html

LANGS = ("en", "ar")
GUARD_ID = "install-check"
GUARD_TAG = "install-check"
GUARD = '''\
# Stops here, saying how to install it, when the project's package is not installed for this kernel.
try:
    import analysis
except ModuleNotFoundError:
    import sys

    class AnalysisNotInstalled(Exception):
        def _render_traceback_(self):  # what IPython shows instead of a traceback
            return str(self).splitlines()

    command = f'"{sys.executable}" -m pip install -r requirements.txt -e .'
    raise AnalysisNotInstalled(
        f"The analysis package is not installed for this kernel: in the project folder run {command}, "
        "then restart the kernel.\\n"
        f"\\u2067حزمة analysis غير مثبّتة لهذه النواة: شغّل في مجلد المشروع \\u2066{command}\\u2069 ثم أعد تشغيل "
        "النواة.\\u2069"
    ) from None'''
# The cell 06-08 had, which put the project root on sys.path instead of installing the package.
OLD_PATH_CELL = re.compile(
    r"# The project root on the path[^\n]*\n"
    r"import sys, pathlib\n"
    r"ROOT = pathlib\.Path\.cwd\(\)\.resolve\(\)\.parent\n"
    r"if \(ROOT / \"analysis\"\)\.is_dir\(\) and str\(ROOT\) not in sys\.path:\n"
    r"    sys\.path\.insert\(0, str\(ROOT\)\)\n\n?")
SYS_PATH = re.compile(r"\bsys\.path\b|\bPYTHONPATH\b")
PLOTLY = "application/vnd.plotly.v1+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO_KEEP = ("codemirror_mode", "file_extension", "mimetype", "name", "nbconvert_exporter",
                      "pygments_lexer")


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


# ---------------------------------------------------------------- outputs and metadata (also on save)

def _js_numbers(value):
    """``value`` with every integral float as an int, as JavaScript's JSON.stringify writes it."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    if isinstance(value, dict):
        return {k: _js_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_js_numbers(v) for v in value]
    return value


def normalise(nb: dict) -> dict:
    """In place: what a kernel or JupyterLab writes differently from run to run or machine to machine."""
    metadata = nb.setdefault("metadata", {})
    metadata["kernelspec"] = dict(KERNELSPEC)
    info = metadata.get("language_info")
    if isinstance(info, dict):
        metadata["language_info"] = {k: info[k] for k in LANGUAGE_INFO_KEEP if k in info}
    count = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        cell.get("metadata", {}).pop("execution", None)  # timings, when recorded
        if cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
        for output in cell.get("outputs", []):
            if output.get("output_type") == "execute_result":
                output["execution_count"] = cell.get("execution_count")
            data = output.get("data")
            if isinstance(data, dict) and PLOTLY in data and "image/svg+xml" in data:
                # JupyterLab's plotly extension adds a PNG snapshot of the drawn chart (browser- and
                # font-dependent) to the output; the chart's own static picture is the SVG beside it.
                data.pop("image/png", None)
            if isinstance(data, dict):
                for mime, value in data.items():
                    if not isinstance(value, str):  # JSON outputs: plotly's figures
                        data[mime] = _js_numbers(value)
    return nb


def _inside_project(path: Path) -> bool:
    try:
        path.resolve().relative_to(ROOT)
        return True
    except ValueError:
        return False


def pre_save_hook(model: dict, path: str, contents_manager=None, **kwargs) -> None:
    """Jupyter server's pre-save hook (``ContentsManager.pre_save_hook``; installed with the package, see
    ``jupyter-config/``): a notebook of this project saved from JupyterLab is normalised (``normalise``)."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    root = Path(getattr(contents_manager, "root_dir", "") or ".")
    if _inside_project(root / path.lstrip("/")):
        normalise(model["content"])


# ---------------------------------------------------------------- sources

def guard_cell() -> nbformat.NotebookNode:
    # Its code folded in JupyterLab (source_hidden): readers meet the title and the question first.
    cell = nbformat.v4.new_code_cell(GUARD, metadata={"tags": [GUARD_TAG], "jupyter": {"source_hidden": True}})
    cell["id"] = GUARD_ID
    return cell


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` in the committed form (see the module's docstring)."""
    nb = copy.deepcopy(nb)
    old = [c for c in nb.cells if c.get("id") == GUARD_ID or GUARD_TAG in tags(c)]
    cells = [c for c in nb.cells if not any(c is o for o in old)]
    guard = guard_cell()
    if len(old) == 1 and old[0].get("cell_type") == "code" and old[0].source == GUARD:
        guard.execution_count, guard.outputs = old[0].get("execution_count"), old[0].get("outputs", [])
    for cell in cells:
        if cell.cell_type == "code":
            cell.source = OLD_PATH_CELL.sub("", cell.source)
        elif cell.cell_type == "markdown" and "lang:ar" in tags(cell):
            cell.source = rtl_html(cell.source)
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first_code, guard)
    nb.cells = cells
    normalise(nb)
    return nb


def problems(path: Path) -> list[str]:
    """What keeps the notebook at ``path`` from the committed form, one line each (empty when tidy)."""
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    found = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "code" and cell.get("id") != GUARD_ID and SYS_PATH.search(cell.source):
            found.append(f"{path.name}: cell {number} edits sys.path: notebooks import the installed package")
    if nbformat.writes(tidy(nb)) + "\n" != text:
        found.append(f"{path.name}: not in the committed form: run python -m analysis notebooks tidy")
    return found


def tidy_file(path: Path) -> bool:
    """Write ``path`` in the committed form; True when it changed."""
    text = path.read_text(encoding="utf-8")
    tidied = nbformat.writes(tidy(nbformat.reads(text, as_version=4))) + "\n"
    if tidied == text:
        return False
    path.write_text(tidied, encoding="utf-8")
    return True


# ---------------------------------------------------------------- one language at a time (make lab LANG=ar)

LAB_COPIES = ROOT / "build" / "lab"
MANIFEST = ".copies.json"


def language_copy(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """``nb`` with only ``lang``'s prose (cells tagged for the other language dropped) and ``LANG`` set as
    papermill sets it (a cell tagged ``injected-parameters`` after the one tagged ``parameters``). Another
    language's outputs are not this language's: they are cleared, and Run All draws them."""
    from analysis.report.notebook import DEFAULT_LANG, inject_parameters

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells
                if not any(t.startswith("lang:") and t != f"lang:{lang}" for t in tags(c))]
    inject_parameters(nb, lang)
    if lang != DEFAULT_LANG:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
    nb.metadata["language"] = lang
    return nb


def _sources_digest(nb: nbformat.NotebookNode) -> str:
    """What a reader edits (cell types and sources), not what running changes (outputs, counts)."""
    parts = [[c.cell_type, c.source] for c in nb.cells]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def write_language_copies(lang: str, out: Path = LAB_COPIES, folder: Path = NOTEBOOKS, log=print) -> list[Path]:
    """Write ``out/<lang>/<notebook>.ipynb`` for every notebook of ``folder``. A copy whose cells the reader
    edited since it was written is kept (and said so): only copies this command wrote and nobody edited are
    replaced."""
    target = out / lang
    target.mkdir(parents=True, exist_ok=True)
    manifest_path = target / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    written = []
    for source in sorted(folder.glob("*.ipynb")):
        path = target / source.name
        if path.exists():
            try:
                current = _sources_digest(nbformat.read(path, as_version=4))
            except Exception:  # noqa: BLE001 — unreadable: not ours to replace
                current = None
            if current is None or manifest.get(source.name) != current:
                log(f"kept {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: edited since it was "
                    "written (delete it for a fresh copy)")
                continue
        nb = language_copy(nbformat.read(source, as_version=4), lang)
        nbformat.write(nb, path)
        manifest[source.name] = _sources_digest(nb)
        written.append(path)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return written


def lab_arguments(lang: str | None = None) -> list[str]:
    """``jupyter lab``'s options: rooted at the project (data/, docs/, reports/ reachable), opened on the
    notebooks (one language's copies with ``lang``), and saving through ``pre_save_hook``."""
    folder = f"build/lab/{lang}" if lang else "notebooks"
    args = [f"--ServerApp.root_dir={ROOT}", f"--LabApp.default_url=/lab/tree/{folder}",
            "--ContentsManager.pre_save_hook=analysis.notebooks.pre_save_hook"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    return args


def lab(lang: str | None, extra: list[str]) -> int:
    """``python -m analysis lab [--lang ar]``: JupyterLab from this environment (what ``make lab`` runs)."""
    if lang:
        write_language_copies(lang)
    try:
        return subprocess.call([sys.executable, "-m", "jupyter", "lab", *lab_arguments(lang), *extra])
    except KeyboardInterrupt:  # Ctrl-C reaches JupyterLab too, which shuts its kernels down
        return 130


# ---------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis notebooks",
                                     description="The notebooks' committed form, and one-language copies for JupyterLab.")
    commands = parser.add_subparsers(dest="command", required=True)
    tidy_parser = commands.add_parser("tidy", help="put notebooks in the committed form (default: notebooks/*.ipynb)")
    tidy_parser.add_argument("paths", nargs="*", type=Path)
    tidy_parser.add_argument("--check", action="store_true", help="only list the notebooks that are not tidy (exit 1)")
    copies = commands.add_parser("copies", help="write the one-language copies build/lab/<lang>/ (python -m analysis lab)")
    copies.add_argument("--lang", choices=LANGS, required=True)
    args = parser.parse_args(argv)
    if args.command == "copies":
        write_language_copies(args.lang)
        print(f"{(LAB_COPIES / args.lang).relative_to(ROOT)}/")
        return 0
    paths = args.paths or sorted(NOTEBOOKS.glob("*.ipynb"))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"python -m analysis notebooks tidy: no such notebook: {missing[0]}", file=sys.stderr)
        return 2
    if args.check:
        found = [line for p in paths for line in problems(p)]
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    changed = [p for p in paths if tidy_file(p)]
    for path in changed:
        print(f"tidied {path}")
    left = [line for p in paths for line in problems(p)]  # what tidying cannot do (a sys.path edit of one's own)
    for line in left:
        print(line, file=sys.stderr)
    return 1 if left else 0


def lab_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis lab",
        description="JupyterLab at the project root; with --lang, the notebooks in one language (build/lab/<lang>/, "
                    "copies of the committed bilingual notebooks). Other options are passed to jupyter lab.")
    parser.add_argument("--lang", choices=LANGS, help="open one-language copies of the notebooks")
    args, extra = parser.parse_known_args(argv)
    return lab(args.lang, extra)
