"""The execution cache: a notebook is executed again only when something it depends on changed, and a
stored execution is used only when it is, byte for byte, what was stored.

Choice: jupyter-cache (the cache of MyST-NB and Jupyter Book), used as a library — not its executor,
which has no per-notebook environment, no language parameter and no interruption handling, and not
Quarto's freeze, which keys on the source file alone and is tied to Quarto's own renderer and
``_freeze/`` folder. jupyter-cache stores executed notebooks with the files they wrote (artifacts: here
the PNG/SVG figures), keeps an LRU limit, and keys on a hash of the code cells and the notebook's
kernelspec — so a markdown-only edit re-renders without re-executing.

What a notebook reads besides its code, jupyter-cache cannot see. Two layers add it:

* before execution, a fixed part hashed with the code (notebook metadata ``INPUTS``): the language, the
  Python version, the pinned requirements.txt, every file of the ``analysis`` package (code, gettext
  catalogs …; the builder's own ``report/``, templates and assets aside: they change how pages look, and
  pages are re-rendered for them, ``memo.py``) and every file of the data package, dot-files included;
* after execution, what the kernel actually read: ``traced_kernel.py`` lists every file it opened for
  reading and every folder it listed (the example codings of ``teaching/codings/``, a catalog, a table a
  new notebook opens …). The list is kept with the execution, with each file's sha256; a later build
  uses the execution only if every one of them is unchanged (files of the Python installation and of
  site-packages aside — the Python version and requirements.txt stand for them — and temporary files that
  are gone, such as the kernel's connection file).

A stored execution carries a seal (``seals/<hash>.json``), written last — after jupyter-cache's record,
notebook and figure files —, with the sha256 of all of them and the traced inputs: an execution whose
seal is missing (the build was killed while storing it) or does not match its files (a file edited,
deleted or cut short) is discarded with one warning and the notebook executed again. A failed execution
is never stored. Any other cache error (a locked or damaged database) switches the cache off for the
build with one warning; it never fails a build. The seal detects damage and edits of the stored
executions; it is not a signature (whoever can rewrite the cache can rewrite a seal, or the site).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import site
import stat
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

import nbformat

from analysis.paths import ROOT
from analysis.report.lock import Guard
from analysis.report.site import data_files, tree_digest

INPUTS = "analysis-report-inputs"
LIMIT = 64  # executions kept (least recently used dropped): 4 notebooks x 2 languages x several versions
PACKAGE = Path(__file__).resolve().parent.parent  # analysis/
BUILDER_ONLY = ("report", "templates", "assets")  # analysis/ folders no notebook reads: pages, not executions


def package_code(package: Path = PACKAGE) -> list[Path]:
    """Every file of the ``analysis`` package a notebook may use: code, catalogs, data files of its own."""
    return sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.relative_to(package).parts[0] not in BUILDER_ONLY)


def inputs_digest(data_dir: Path, lang: str) -> str:
    """sha256 of what a notebook's execution depends on besides its own code cells, known before it runs."""
    digest = hashlib.sha256()
    digest.update(f"lang\0{lang}\npython\0{sys.version}\0{sys.implementation.cache_tag}\n".encode())
    requirements = ROOT / "requirements.txt"
    digest.update(b"requirements\0" + (requirements.read_bytes() if requirements.is_file() else b"") + b"\n")
    digest.update(f"analysis\0{tree_digest(PACKAGE, package_code(PACKAGE))}\n".encode())
    digest.update(f"data\0{tree_digest(data_dir, data_files(data_dir))}\n".encode())
    return digest.hexdigest()


# ---------------------------------------------------------------------------- what a kernel read


def _installation() -> tuple[str, ...]:
    """Folders of the Python installation and its packages (stood for by the Python version and the
    pinned requirements), and the system's pseudo-files."""
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, "/proc", "/sys", "/dev"}
    folders |= {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    with contextlib.suppress(Exception):
        folders |= set(site.getsitepackages()) | {site.getusersitepackages()}
    with contextlib.suppress(Exception):
        from jupyter_core.paths import jupyter_runtime_dir

        folders.add(jupyter_runtime_dir())  # kernels' connection files
    return tuple(os.path.join(os.path.realpath(f), "") for f in folders if f)


INSTALLATION = _installation()
TEMP = os.path.join(os.path.realpath(tempfile.gettempdir()), "")


def source_of(path: str) -> str:
    """A module's source for its compiled file (``pkg/__pycache__/m.cpython-311.pyc`` → ``pkg/m.py``): the
    compiled file changes with the source's time stamp, the source only with its content."""
    folder, name = os.path.split(path)
    if os.path.basename(folder) == "__pycache__" and name.endswith(".pyc"):
        source = os.path.join(os.path.dirname(folder), name.split(".")[0] + ".py")
        if os.path.isfile(source):
            return source
    return path


class Inputs:
    """Digests of the files and folder listings kernels read, each computed once per build."""

    def __init__(self, ignore: tuple[str, ...] = ()) -> None:
        self.ignore = INSTALLATION + tuple(os.path.join(os.path.realpath(p), "") for p in ignore)
        self._files: dict[str, str | None] = {}
        self._folders: dict[str, str | None] = {}

    def file(self, path: str) -> str | None:
        """sha256 of a regular file's content; None when it is missing or not a regular file."""
        if path not in self._files:
            try:
                with open(path, "rb") as handle:
                    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                        raise OSError("not a regular file")
                    self._files[path] = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                self._files[path] = None
        return self._files[path]

    def folder(self, path: str) -> str | None:
        """sha256 of a folder's sorted entry names; None when it cannot be listed."""
        if path not in self._folders:
            try:
                names = sorted(os.listdir(path))
                self._folders[path] = hashlib.sha256("\0".join(names).encode("utf-8", "surrogateescape")).hexdigest()
            except OSError:
                self._folders[path] = None
        return self._folders[path]

    def read(self, trace: Path) -> dict[str, dict[str, str | None]]:
        """The inputs a traced kernel listed in ``trace``, with their digests now."""
        files: dict[str, str | None] = {}
        folders: dict[str, str | None] = {}
        try:
            lines = trace.read_text(encoding="utf-8", errors="surrogateescape").splitlines()
        except OSError:
            lines = []
        for line in lines:
            try:
                kind, path = json.loads(line)
            except (ValueError, TypeError):
                continue
            path = os.path.realpath(source_of(path))
            if os.path.join(path, "").startswith(self.ignore) or (path + os.sep).startswith(self.ignore):
                continue
            if kind == "R" and not os.path.isdir(path):
                files[path] = self.file(path)
            elif kind == "L":
                folders[path] = self.folder(path)
        return {"files": files, "folders": folders}

    def unchanged(self, seal: dict[str, Any]) -> bool:
        """True when every input a stored execution read is as it was (a temporary file that is gone does not
        count: the kernel's own, such as its connection file)."""
        for kind, digest_of in (("files", self.file), ("folders", self.folder)):
            for path, digest in dict(seal.get(kind) or {}).items():
                now = digest_of(path)
                if now != digest and not (now is None and path.startswith(TEMP)):
                    return False
        return True


# ---------------------------------------------------------------------------- the cache


class ExecutionCache:
    """Executed notebooks by (code cells, ``INPUTS``), in ``folder``; ``folder=None`` caches nothing."""

    def __init__(self, folder: Path | None, warn: Any, inputs: Inputs | None = None, guard: Any = None) -> None:
        self.folder = folder
        self.warn = warn
        self.inputs = inputs or Inputs()
        self.guard = guard or Guard(folder, f"--cache-dir {folder}", warn)  # held around each read and store
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

    def _seal_path(self, hashkey: str) -> Path:
        assert self.folder is not None
        return self.folder / "seals" / f"{hashkey}.json"

    def _content(self, hashkey: str) -> tuple[str | None, dict[str, bytes]]:
        """sha256 over a stored execution's notebook and figure files, and the figure files' bytes; None for
        the digest when the notebook file is missing."""
        cache = self._open()
        notebook = cache._get_notebook_path_cache(hashkey)  # jupyter-cache's layout (pinned version)
        folder = cache._get_artifact_path_cache(hashkey)
        try:
            digest = hashlib.sha256(b"notebook\0" + hashlib.sha256(notebook.read_bytes()).digest())
        except OSError:
            return None, {}
        files = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []:
            rel = path.relative_to(folder).as_posix()
            files[rel] = path.read_bytes()
            digest.update(f"\n{rel}\0".encode("utf-8", "surrogateescape") + hashlib.sha256(files[rel]).digest())
        return digest.hexdigest(), files

    def lookup(self, nb: nbformat.NotebookNode, figures: Path, label: str = "") -> nbformat.NotebookNode | None:
        """The stored execution of ``nb`` (its markdown and cell metadata as now), its figure files copied
        into ``figures``; None when there is none, when an input it read changed, or when it is not what was
        stored (then discarded, with a warning)."""
        if self.folder is None:
            return None
        with self.guard():
            return self._lookup(nb, figures, label)

    def _lookup(self, nb: nbformat.NotebookNode, figures: Path, label: str) -> nbformat.NotebookNode | None:
        try:
            cache = self._open()
            try:
                record = cache.match_cache_notebook(nb)
            except KeyError:
                return None
            content, files = self._content(record.hashkey)
            try:
                seal = json.loads(self._seal_path(record.hashkey).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                seal = None
            if not isinstance(seal, dict) or content is None or seal.get("content") != content:
                why = "was never completed" if not isinstance(seal, dict) else \
                    "has lost its notebook file" if content is None else "does not match what was stored"
                self.warn(f"warning: the cached execution of {label or nb.metadata.get('title', 'a notebook')} "
                          f"{why} (edited, deleted or cut short): discarded, executing again")
                self._discard(record)
                return None
            if not self.inputs.unchanged(seal):
                return None  # a file it read changed: executed again, and stored anew
            _, merged = cache.merge_match_into_notebook(nb, cell_meta=())
            for rel, content_bytes in files.items():  # the bytes that were checked, not a second read
                target = figures / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content_bytes)
            return merged
        except Exception as error:  # the cache is an optimisation: execute instead
            self._off(error)
            return None

    def _discard(self, record: Any) -> None:
        """Remove a stored execution whole: its record, its folder (notebook and figure files), its seal."""
        from jupyter_cache.cache.db import NbCacheRecord

        cache = self._open()
        NbCacheRecord.remove_records([record.pk], cache.db)
        shutil.rmtree(cache._get_notebook_path_cache(record.hashkey).parent, ignore_errors=True)
        with contextlib.suppress(OSError):
            self._seal_path(record.hashkey).unlink()

    def store(self, nb: nbformat.NotebookNode, figures: Path, uri: str, trace: Path | None = None) -> None:
        """Keep a successful execution, the figure files it wrote and what it read (``trace``); the seal last."""
        if self.folder is None:
            return
        with self.guard():
            self._store(nb, figures, uri, trace)

    def _store(self, nb: nbformat.NotebookNode, figures: Path, uri: str, trace: Path | None) -> None:
        try:
            from jupyter_cache.base import CacheBundleIn
            from jupyter_cache.cache.main import NbArtifacts

            paths = sorted(p for p in figures.rglob("*") if p.is_file() and not p.is_symlink())
            bundle = CacheBundleIn(nb, uri, artifacts=NbArtifacts([str(p) for p in paths], in_folder=figures))
            cache = self._open()
            record = cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            content, _ = self._content(record.hashkey)
            seal = {"content": content, **(self.inputs.read(trace) if trace else {"files": {}, "folders": {}})}
            path = self._seal_path(record.hashkey)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_text(json.dumps(seal, sort_keys=True), encoding="utf-8")
            os.replace(tmp, path)  # the commit: an execution without its seal is never used
            kept = {f"{r.hashkey}.json" for r in cache.list_cache_records()}
            for old in path.parent.glob("*.json"):  # seals of executions the LRU limit dropped
                if old.name not in kept:
                    old.unlink(missing_ok=True)
        except Exception as error:
            self._off(error)
