"""The execution cache: a notebook is executed again only when something it depends on changed.

Choice: jupyter-cache (the cache of MyST-NB and Jupyter Book), used as a library — not its executor,
which has no per-notebook environment, no language parameter and no interruption handling, and not
Quarto's freeze, which keys on the source file alone and is tied to Quarto's own renderer and
``_freeze/`` folder. jupyter-cache stores executed notebooks with the files they wrote (artifacts: here
the PNG/SVG figures), keeps an LRU limit, and keys on a hash of the code cells and the notebook's
kernelspec — so a markdown-only edit re-renders without re-executing. What the notebook reads besides
its code it can not see; the caller adds it as one notebook-metadata value that is hashed with the code
(``INPUTS``): the language, every file of the data package, the ``analysis`` package's code (its
builder, ``analysis/report/``, aside), the pinned
requirements.txt and the Python version. A failed execution is never stored. Any cache error (a locked
or damaged database) switches the cache off for the build with one warning; it never fails a build.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path
from typing import Any

import nbformat

from analysis.paths import ROOT
from analysis.report.site import data_files, tree_digest

INPUTS = "analysis-report-inputs"
LIMIT = 64  # executions kept (least recently used dropped): 4 notebooks x 2 languages x several versions
PACKAGE = Path(__file__).resolve().parent.parent  # analysis/


def inputs_digest(data_dir: Path, lang: str) -> str:
    """sha256 of what a notebook's execution depends on besides its own code cells."""
    digest = hashlib.sha256()
    digest.update(f"lang\0{lang}\npython\0{sys.version}\0{sys.implementation.cache_tag}\n".encode())
    requirements = ROOT / "requirements.txt"
    digest.update(b"requirements\0" + (requirements.read_bytes() if requirements.is_file() else b"") + b"\n")
    # The builder's own code (analysis/report/) is not imported by notebooks: changing how pages are rendered
    # re-renders them (memo.py keys on it) without executing anything again.
    code = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts
                  and p.relative_to(PACKAGE).parts[0] != "report")
    digest.update(f"analysis\0{tree_digest(PACKAGE, code)}\n".encode())
    digest.update(f"data\0{tree_digest(data_dir, data_files(data_dir))}\n".encode())
    return digest.hexdigest()


class ExecutionCache:
    """Executed notebooks by (code cells, ``INPUTS``), in ``folder``; ``folder=None`` caches nothing."""

    def __init__(self, folder: Path | None, warn: Any) -> None:
        self.folder = folder
        self.warn = warn
        self._cache: Any = None

    def _open(self) -> Any:
        if self._cache is None and self.folder is not None:
            from jupyter_cache.cache.main import JupyterCacheBase

            class Cache(JupyterCacheBase):
                def create_hashed_notebook(self, nb: Any, nb_metadata: Any = ("kernelspec", INPUTS),
                                           cell_metadata: Any = ("tags",)) -> Any:
                    # Code, the caller's inputs, and cell tags (they steer execution: raises-exception).
                    return super().create_hashed_notebook(nb, ("kernelspec", INPUTS), ("tags",))

            self._cache = Cache(str(self.folder))
            if self._cache.get_cache_limit() != LIMIT:
                self._cache.change_cache_limit(LIMIT)
        return self._cache

    def _off(self, error: Exception) -> None:
        self.warn(f"warning: execution cache off for this build ({self.folder}): {type(error).__name__}: {error}")
        self.folder, self._cache = None, None

    def lookup(self, nb: nbformat.NotebookNode, figures: Path) -> nbformat.NotebookNode | None:
        """The stored execution of ``nb`` (its markdown and cell metadata as now), its figure files copied
        into ``figures``; None when there is none."""
        if self.folder is None:
            return None
        try:
            cache = self._open()
            try:
                pk, merged = cache.merge_match_into_notebook(nb, cell_meta=())
            except KeyError:
                return None
            for rel, handle in cache.get_cache_bundle(pk).artifacts:
                target = figures / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    shutil.copyfileobj(handle, out)
            return merged
        except Exception as error:  # the cache is an optimisation: execute instead
            self._off(error)
            return None

    def store(self, nb: nbformat.NotebookNode, figures: Path, uri: str) -> None:
        """Keep a successful execution and the figure files it wrote."""
        if self.folder is None:
            return
        try:
            from jupyter_cache.base import CacheBundleIn
            from jupyter_cache.cache.main import NbArtifacts

            paths = sorted(p for p in figures.rglob("*") if p.is_file())
            bundle = CacheBundleIn(nb, uri, artifacts=NbArtifacts([str(p) for p in paths], in_folder=figures))
            self._open().cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
        except Exception as error:
            self._off(error)
