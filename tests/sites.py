"""Reading built sites to tell whose they are: used by tests/test_report.py and by the concurrency and
signal benchmarks (benchmarks/concurrent_builds.py, benchmarks/signal_sweep.py).

A site is *wholly one build's* when every file it holds is byte for byte that build's (the build time in the
top index aside, which differs between any two builds) and it holds all of them. ``pinned_tree`` reads a
site through a handle on its folder taken once (``os.open`` + ``dir_fd``), so a site switched for another
while it is read cannot mix two folders into one reading: what it returns is one folder's content, or
``None`` when that folder was taken apart under the reader (a previous site being removed after a switch).
"""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
ROOT = Path(__file__).resolve().parent.parent


def normal(rel: str, content: bytes) -> bytes:
    return TIMESTAMP.sub(b"T", content) if rel == "index.html" else content


def tree(folder: Path) -> dict[str, bytes]:
    """Every entry under ``folder`` (links not followed: a link reads as ``-> target``), by relative path."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = b"-> " + os.fsencode(os.readlink(path))
        elif path.is_file():
            out[rel] = normal(rel, path.read_bytes())
    return out


def pinned_tree(folder: Path) -> dict[str, bytes] | None:
    """The files of the folder ``folder`` names at the moment of the call, read through a handle on it."""
    try:
        top = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return {}
    out: dict[str, bytes] = {}
    try:
        def walk(fd: int, prefix: str) -> None:
            for entry in sorted(os.scandir(fd), key=lambda e: e.name):
                rel = prefix + entry.name
                mode = os.stat(entry.name, dir_fd=fd, follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    sub = os.open(entry.name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
                    try:
                        walk(sub, rel + "/")
                    finally:
                        os.close(sub)
                elif stat.S_ISREG(mode):
                    handle = os.open(entry.name, os.O_RDONLY, dir_fd=fd)
                    with os.fdopen(handle, "rb") as file:
                        out[rel] = normal(rel, file.read())
        walk(top, "")
    except FileNotFoundError:
        return None  # taken apart while read (the site it was, after a switch)
    finally:
        os.close(top)
    return out


def whose(site: dict[str, bytes], references: dict[str, dict[str, bytes]]) -> str | None:
    """The name of the reference build ``site`` is wholly, or None (a mix, or a site of no build here)."""
    for name, reference in references.items():
        if site == reference:
            return name
    return None


def consistent(site: dict[str, bytes], references: dict[str, dict[str, bytes]]) -> bool:
    """True when every file read is one reference's (a partial reading of a site being taken apart)."""
    return any(all(reference.get(rel) == content for rel, content in site.items())
               for reference in references.values())


class Watcher(threading.Thread):
    """Reads the site over and over while builds run; records whose each complete reading was."""

    def __init__(self, out: Path, references: dict[str, dict[str, bytes]]) -> None:
        super().__init__(daemon=True)
        self.out, self.references = out, references
        self.seen: dict[str, int] = {}
        self.mixed: list[set[str]] = []
        self.partial = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            reading = pinned_tree(self.out)
            if reading is None:
                self.partial += 1
            elif reading:
                name = whose(reading, self.references)
                if name is not None:
                    self.seen[name] = self.seen.get(name, 0) + 1
                elif consistent(reading, self.references):
                    self.partial += 1  # a site being taken apart under the reader, but none of it another's
                else:
                    self.mixed.append({n for n, r in self.references.items() for rel, c in reading.items()
                                       if r.get(rel) == c})
            time.sleep(0.01)


def report_argv(notebooks: Path, out: Path, data: Path, cache: Path | None, *extra: str) -> list[str]:
    argv = [sys.executable, "-m", "analysis", "report", "--notebooks", str(notebooks), "--out", str(out),
            "--data", str(data), "--jobs", "2", *extra]
    return argv + (["--cache-dir", str(cache)] if cache else ["--no-cache"])


def race(notebooks: Path, out: Path, builds: dict[str, tuple[Path, Path]], references: dict[str, dict[str, bytes]],
         wait: bool = True) -> tuple[dict[str, subprocess.CompletedProcess], Watcher, dict[str, bytes]]:
    """Start one build per (data, cache) of ``builds`` into ``out`` at once, a watcher reading the site
    meanwhile; returns the finished runs, the watcher, and the site left."""
    watcher = Watcher(out, references)
    watcher.start()
    procs = {name: subprocess.Popen(report_argv(notebooks, out, data, cache, *(["--wait"] if wait else [])),
                                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, (data, cache) in builds.items()}
    runs = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=600)
        runs[name] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    watcher.stop.set()
    watcher.join()
    return runs, watcher, tree(out)
