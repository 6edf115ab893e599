"""Notebooks as build inputs: the jobs, the injected language parameter, cell numbering, title and question."""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from analysis.rtl import is_html

LANGS = ("en", "ar")
DEFAULT_LANG = "en"


def page_name(notebook: Path) -> str:
    """The name of a notebook's pages: its file name without ``.ipynb``, each character that would change
    a relative link's meaning (``#``, ``?``, ``%``, ``:``, spaces, quotes …) replaced by ``-``, so every
    link to the page is a plain path. Letters of any script are kept."""
    name = re.sub(r"[^\w.-]", "-", notebook.stem)
    return "-" + name if name.startswith(".") else name


@dataclass(frozen=True)
class Job:
    """One notebook executed in one language."""

    notebook: Path
    lang: str

    @property
    def name(self) -> str:
        return page_name(self.notebook)

    @property
    def label(self) -> str:
        return f"{self.name} [{self.lang}]"


class NameClash(ValueError):
    """Two notebooks whose pages would have the same name."""


def find_notebooks(folder: Path) -> list[Path]:
    """Every ``*.ipynb`` file of the folder, sorted by name (a new notebook is picked up as it is; hidden
    files and JupyterLab's checkpoints are not notebooks). Raises NameClash when two would share a page."""
    found = sorted(p for p in folder.glob("*.ipynb") if p.is_file() and not p.name.startswith("."))
    names: dict[str, Path] = {}
    for path in found:
        other = names.setdefault(page_name(path), path)
        if other != path:
            raise NameClash(f"{other.name!r} and {path.name!r} would both be published as {page_name(path)}.html: "
                            "rename one")
    return found


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


EXERCISE_TAGS = ("solution", "student", "check")


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def for_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The cells a page in ``lang`` shows: untagged cells and those tagged ``lang:<lang>``; cells tagged
    for another language (``lang:en`` / ``lang:ar``), students' stubs (``student``) and the install check
    (``install-check``: the builder checks the kernels itself) are dropped, and code comments are put in
    ``lang`` from the teaching build's catalog (a comment without its translation stays as written).
    Applied after execution (markdown, stubs and comments only change what is shown, never what runs)."""
    from analysis.teaching.comments import translate_notebook

    kept = []
    for cell in nb.cells:
        langs = [t.split(":", 1)[1] for t in tags(cell) if t.startswith("lang:")]
        if (langs and lang not in langs) or "student" in tags(cell) or "install-check" in tags(cell):
            continue
        kept.append(cell)
    nb = nbformat.from_dict(dict(nb))
    nb.cells = [nbformat.from_dict(cell) for cell in kept]  # copies: the comments change on the page only
    return translate_notebook(nb, lang)


def is_exercise(nb: nbformat.NotebookNode) -> bool:
    """A teaching notebook (its cells tagged solution/student/check): its code is the lesson, so the
    analyst view shows it as the teaching view does."""
    return any(t in EXERCISE_TAGS for cell in nb.cells for t in tags(cell))


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


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment)).strip()


def _describe_html(source: str, fallback: str, lang: str) -> tuple[str, str]:
    """Title (the first ``h1``) and question (the first paragraph) of a cell written in HTML."""
    title = re.search(r"<h1\b[^>]*>(.*?)</h1>", source, re.S)
    paragraphs = [_text(p) for p in re.findall(r"<p\b[^>]*>(.*?)</p>", source, re.S)]
    return plain(_text(title.group(1)) if title else "") or fallback, plain(paragraphs[0] if paragraphs else "")


def describe(nb: nbformat.NotebookNode, fallback: str, lang: str = DEFAULT_LANG) -> tuple[str, str]:
    """Title (the first ``#`` heading) and question (the paragraph after it) of the first markdown cell
    shown in ``lang`` (see ``for_language``).

    For Arabic, an Arabic paragraph right after a non-Arabic question is taken as its translation.
    """
    cell = next((c for c in for_language(nb, lang).cells if c.cell_type == "markdown"), None)
    if cell is not None and is_html(cell.source):  # an Arabic cell in right-to-left HTML (analysis.rtl)
        return _describe_html(cell.source, fallback, lang)
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
