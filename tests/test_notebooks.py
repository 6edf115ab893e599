"""The notebooks' committed form (analysis/notebooks.py, analysis/rtl.py): every committed notebook is in it;
the tool is deterministic and idempotent; the install check stops a kernel without the package at the first
code cell with one sentence per language; saving normalises what varies; one-language copies for Lab."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis import notebooks as nbtools
from analysis.paths import NOTEBOOKS, ROOT
from analysis.rtl import rtl_html

COMMITTED = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_notebook_is_in_the_committed_form(path: Path) -> None:
    assert nbtools.problems(path) == []
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].id == nbtools.GUARD_ID and code[0].source == nbtools.GUARD
    assert not any("sys.path" in c.source for c in code[1:])
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "lang:ar" in cell.metadata.get("tags", []):
            assert cell.source.startswith("<") and 'dir="rtl"' in cell.source


def messy() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nEnglish **prose**.", metadata={"tags": ["lang:en"]}),
        nbformat.v4.new_markdown_cell("# العنوان\n\nنص **عربي** في 2022-03-26 عن CAMEO 064 و`code()`.\n\n"
                                      "- بند أول\n- بند ثانٍ", metadata={"tags": ["lang:ar"]}),
        nbformat.v4.new_code_cell('LANG = "en"', metadata={"tags": ["parameters"]}, execution_count=7),
        nbformat.v4.new_code_cell("# The project root on the path, so the notebook also runs from the student "
                                  "bundle without installing it.\nimport sys, pathlib\n"
                                  "ROOT = pathlib.Path.cwd().resolve().parent\n"
                                  'if (ROOT / "analysis").is_dir() and str(ROOT) not in sys.path:\n'
                                  "    sys.path.insert(0, str(ROOT))\n\nimport pandas as pd", execution_count=9),
    ]
    nb.cells[3].outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.plotly.v1+json": {"data": [{"x": [1.0, 2.5], "y": [3.0]}], "layout": {"width": 600.0}},
        "image/svg+xml": "<svg/>", "image/png": "iVBORw0KGgo=", "text/plain": "<Chart>"})]
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (analysis)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.12.1"}
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    return nb


def test_tidy_is_idempotent_and_does_every_step() -> None:
    once = nbtools.tidy(messy())
    assert nbformat.writes(nbtools.tidy(once)) == nbformat.writes(once)
    assert nbformat.writes(nbtools.tidy(messy())) == nbformat.writes(once)  # deterministic
    ids = [c.id for c in once.cells]
    assert ids == ["c0", "c1", nbtools.GUARD_ID, "c2", "c3"]  # the check before the first code cell
    assert once.cells[0].source == "# Title\n\nEnglish **prose**."  # English Markdown untouched
    arabic = once.cells[1].source
    assert '<h1 dir="rtl" style="text-align: right">' in arabic and '<p dir="rtl" style="text-align: right">' in arabic
    assert '<ul dir="rtl"' in arabic and arabic.count('<li dir="rtl" style="text-align: right">') == 2
    assert "<strong>عربي</strong>" in arabic and '<code dir="ltr">code()</code>' in arabic
    assert "\u20662022-03-26\u2069" in arabic and "\u2066CAMEO 064\u2069" in arabic  # Latin runs isolated
    assert once.cells[4].source == "import pandas as pd"  # the sys.path cell is gone
    assert [c.get("execution_count") for c in once.cells if c.cell_type == "code"] == [None, 1, 2]
    plotly = once.cells[4].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    assert json.dumps(plotly) == '{"data": [{"x": [1, 2.5], "y": [3]}], "layout": {"width": 600}}'
    assert sorted(once.cells[4].outputs[0]["data"]) == ["application/vnd.plotly.v1+json", "image/svg+xml", "text/plain"]
    assert once.metadata.kernelspec == nbtools.KERNELSPEC and "version" not in once.metadata.language_info


def test_check_reports_an_untidy_notebook_and_a_sys_path_edit(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    nbformat.write(messy(), path)
    assert [p.split(": ", 1)[1] for p in nbtools.problems(path)] == [
        "cell 4 edits sys.path: notebooks import the installed package",
        "not in the committed form: run python -m analysis notebooks tidy"]
    assert nbtools.main(["tidy", "--check", str(path)]) == 1
    assert nbtools.main(["tidy", str(path)]) == 0 and nbtools.problems(path) == []
    own = nbformat.read(path, as_version=4)
    own.cells.append(nbformat.v4.new_code_cell("import sys\nsys.path.append('..')"))
    nbformat.write(nbtools.tidy(own), path)
    assert nbtools.main(["tidy", str(path)]) == 1  # tidying cannot remove someone's own edit: reported
    assert "edits sys.path" in nbtools.problems(path)[0]


def test_rtl_html_keeps_html_and_is_idempotent() -> None:
    html = rtl_html("نص <em>مائل</em> و**غامق**\n\n| أ | ب |\n|---|---|\n| E04 | ٢ |")
    assert rtl_html(html) == html
    assert '<td dir="rtl" style="text-align: right">\u2066E04\u2069</td>' in html
    kept = '<p dir="rtl" style="color: red">نص</p>'
    assert rtl_html(kept) == '<p dir="rtl" style="color: red; text-align: right">نص</p>'


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("[0-9]*.ipynb")), ids=lambda p: p.stem)
def test_arabic_formulas_are_isolated_whole(path: Path) -> None:
    """A formula inside Arabic prose is one left-to-right isolate: its pieces isolated one by one, with the
    operators between them left to the paragraph's direction, read backwards ("1 − D_o / D_e" shown as
    "D_e / D_o − 1", "1/(m − 1)" as "(m − 1)1/")."""
    import re

    split = re.compile("\u2069 ?[−/·×=+] ?[\u2066-\u2068(0-9]|[\u2066-\u2068][0-9A-Za-z_]+/\u2069")
    found = [(i, m.group()) for i, cell in enumerate(nbformat.read(path, as_version=4).cells)
             if cell.cell_type == "markdown" for m in split.finditer(cell.source)]
    assert found == []


def test_install_check_stops_at_the_first_code_cell_with_one_sentence_per_language(tmp_path: Path) -> None:
    """A kernel that cannot import analysis (hidden by a sitecustomize, as in an environment where the
    package was never installed): the first code cell stops the run, no traceback, nothing after it runs."""
    (tmp_path / "sitecustomize.py").write_text("import sys\nsys.modules['analysis'] = None\n")
    nb = nbformat.read(NOTEBOOKS / "02-incident-frequency.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}})
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    with pytest.raises(CellExecutionError) as raised:
        client.execute(env=env)
    assert raised.value.ename == "AnalysisNotInstalled"
    guard = next(c for c in nb.cells if c.get("id") == nbtools.GUARD_ID)
    error = guard.outputs[0]
    lines = error["traceback"]
    assert len(lines) == 2 and "Traceback" not in "".join(lines)
    assert lines[0].startswith("The analysis package is not installed for this kernel: in the project folder run")
    assert "-m pip install -r requirements.txt -e ." in lines[0] and lines[0].endswith("then restart the kernel.")
    assert lines[1].startswith("\u2067حزمة analysis غير مثبّتة")
    later = [c for c in nb.cells[nb.cells.index(guard) + 1:] if c.cell_type == "code"]
    assert later and not any(c.outputs or c.execution_count for c in later)


def test_pre_save_hook_normalises_notebooks_of_the_project_only(tmp_path: Path) -> None:
    class Manager:
        root_dir = str(ROOT)

    model = {"type": "notebook", "content": json.loads(nbformat.writes(messy()))}
    nbtools.pre_save_hook(model=model, path="notebooks/x.ipynb", contents_manager=Manager())
    assert model["content"]["metadata"]["kernelspec"] == nbtools.KERNELSPEC
    assert model["content"]["cells"][3]["execution_count"] == 2
    Manager.root_dir = str(tmp_path)
    other = {"type": "notebook", "content": json.loads(nbformat.writes(messy()))}
    nbtools.pre_save_hook(model=other, path="x.ipynb", contents_manager=Manager())
    assert other["content"] == json.loads(nbformat.writes(messy()))


def test_language_copies_hold_one_language_and_keep_a_reader_s_edits(tmp_path: Path) -> None:
    logged: list[str] = []
    written = nbtools.write_language_copies("ar", out=tmp_path, log=logged.append)
    assert sorted(p.name for p in written) == [p.name for p in COMMITTED]
    nb = nbformat.read(tmp_path / "ar" / "02-incident-frequency.ipynb", as_version=4)
    tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
    assert "lang:en" not in tags and "lang:ar" in tags
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and 'LANG = "ar"' in injected[0].source
    assert not any(c.outputs for c in nb.cells if c.cell_type == "code")
    english = nbformat.read(nbtools.write_language_copies("en", out=tmp_path)[1], as_version=4)
    assert any(c.outputs for c in english.cells if c.cell_type == "code")  # English outputs are English's
    edited = tmp_path / "ar" / "02-incident-frequency.ipynb"
    nb.cells[-1].source += "\nprint('mine')"
    nbformat.write(nb, edited)
    again = nbtools.write_language_copies("ar", out=tmp_path, log=logged.append)
    assert edited not in again and "print('mine')" in edited.read_text(encoding="utf-8")
    assert any("kept" in line and "02-incident-frequency" in line for line in logged)


def test_lab_is_rooted_at_the_project_with_the_pre_save_hook() -> None:
    args = nbtools.lab_arguments("ar")
    assert f"--ServerApp.root_dir={ROOT}" in args and "--LabApp.default_url=/lab/tree/build/lab/ar" in args
    assert "--ContentsManager.pre_save_hook=analysis.notebooks.pre_save_hook" in args
    done = subprocess.run([sys.executable, "-m", "analysis", "lab", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--lang" in done.stdout
