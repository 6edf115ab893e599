"""Two small memos beside the execution cache: rendered pages, and "this data package passed the check".

Hand-written (a folder of files, a few lines): jupyter-cache keys executions only, and a no-change
rebuild would otherwise spend most of its time re-rendering identical pages (≈ 0.25 s each) and
re-validating identical data (≈ 1 s). Keys include ``environment_digest()``: every file of the
``analysis`` package (code, templates, assets), requirements.txt and the Python version. A memoised
page is kept with its sha256 (``meta.json``, written last, the entry then moved into place at once) and
checked on use: an entry whose pages are missing or differ is discarded with one warning and the page
rendered again. Any other error here is ignored: the page is rendered, the data checked.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis.paths import ROOT
from analysis.report.lock import Guard
from analysis.report.site import tree_digest

PACKAGE = Path(__file__).resolve().parent.parent  # analysis/
KEEP = 256  # rendered jobs kept, most recently used first


def environment_digest() -> str:
    """sha256 of what the builder's and the notebooks' behaviour depends on besides the notebooks and data."""
    digest = hashlib.sha256(f"python\0{sys.version}\0{sys.implementation.cache_tag}\n".encode())
    requirements = ROOT / "requirements.txt"
    digest.update(b"requirements\0" + (requirements.read_bytes() if requirements.is_file() else b"") + b"\n")
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest.update(f"analysis\0{tree_digest(PACKAGE, files)}\n".encode())
    return digest.hexdigest()


def key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Memo:
    """Files under ``folder`` (None: remembers nothing); ``warn`` hears of entries that were not what was kept."""

    def __init__(self, folder: Path | None, warn: Callable[[str], None] = print, guard: Any = None) -> None:
        self.folder = folder
        self.warn = warn
        self.guard = guard or Guard(folder.parent if folder else None, f"--cache-dir {folder}", warn)

    def pages(self, name: str, label: str = "") -> tuple[dict[str, bytes], set[str]] | None:
        """The pages and plotly trace types rendered for this key, if kept and as kept."""
        if self.folder is None:
            return None
        with self.guard():
            return self._pages(name, label)

    def _pages(self, name: str, label: str) -> tuple[dict[str, bytes], set[str]] | None:
        assert self.folder is not None
        entry = self.folder / "pages" / name
        if not entry.is_dir():
            return None
        try:
            record = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
            pages = {rel: (entry / f"{i}.html").read_bytes() for i, rel in enumerate(record["pages"])}
            if [sha256(content) for content in pages.values()] != record["sha256"]:
                raise ValueError("a page differs from its digest")
            os.utime(entry)  # recently used
            return pages, set(record["types"])
        except (OSError, ValueError, KeyError, TypeError):
            self.warn(f"warning: the memoised pages of {label or name} are not what was kept (edited, deleted or "
                      "cut short): discarded, rendering again")
            shutil.rmtree(entry, ignore_errors=True)
            return None

    def keep_pages(self, name: str, pages: dict[str, bytes], types: set[str]) -> None:
        if self.folder is None:
            return
        with self.guard():
            self._keep_pages(name, pages, types)

    def _keep_pages(self, name: str, pages: dict[str, bytes], types: set[str]) -> None:
        assert self.folder is not None
        root = self.folder / "pages"
        tmp = root / f".{name}.{os.getpid()}"
        with contextlib.suppress(OSError):
            tmp.mkdir(parents=True, exist_ok=True)
            for i, content in enumerate(pages.values()):
                (tmp / f"{i}.html").write_bytes(content)
            meta = {"pages": list(pages), "types": sorted(types), "sha256": [sha256(c) for c in pages.values()]}
            (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")  # last: the entry is complete
            if (root / name).exists():
                shutil.rmtree(tmp)
            else:
                os.replace(tmp, root / name)
            for litter in [p for p in root.iterdir() if p.name.startswith(".")]:  # a killed build's half entry
                shutil.rmtree(litter, ignore_errors=True)
            entries = sorted((p for p in root.iterdir() if not p.name.startswith(".")),
                             key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[KEEP:]:
                shutil.rmtree(old, ignore_errors=True)

    def valid(self, name: str) -> bool:
        return self.folder is not None and (self.folder / "valid" / name).is_file()

    def mark_valid(self, name: str) -> None:
        if self.folder is not None:
            with self.guard(), contextlib.suppress(OSError):
                (self.folder / "valid").mkdir(parents=True, exist_ok=True)
                (self.folder / "valid" / name).touch()
