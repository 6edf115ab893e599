"""The site folder (``--out``): what may be written where, a manifest of what each build wrote, and
publishing a finished build in one step.

Rules: a build only ever deletes files listed in the manifest of an earlier build; a non-empty folder
without a manifest is refused unless ``--force`` (which writes and overwrites, and still deletes
nothing it did not write); a build is assembled in a hidden staging folder inside ``--out`` (same file
system, so each file moves in with one ``os.replace``) and moved in only when finished, so an
interrupted build leaves the previous one as it was. Hand-written: no library covers "delete only what
an earlier run of this program wrote".
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

MANIFEST = ".analysis-report-manifest.json"
STAGING = ".analysis-report-staging"
FORMAT = "analysis-report-manifest/1"


class OutputError(Exception):
    """The site folder can not be used as asked (a usage error: exit status 2)."""


def overlaps(a: Path, b: Path) -> bool:
    """True when one resolved path is at or under the other (symlinks resolved)."""
    a, b = a.resolve(), b.resolve()
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def read_manifest(out: Path) -> list[str] | None:
    """The files an earlier build wrote (relative POSIX paths inside ``out``), or None when there is no
    readable manifest. Entries that could point outside ``out`` are dropped: never deleted."""
    try:
        record = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = record["files"] if record.get("format") == FORMAT else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if not isinstance(files, list):
        return None
    safe = []
    for name in files:
        if isinstance(name, str) and name and name != MANIFEST:
            path = PurePosixPath(name)
            if not path.is_absolute() and ".." not in path.parts and path.parts[0] != STAGING:
                safe.append(path.as_posix())
    return safe


def check_out(out: Path, force: bool) -> list[str]:
    """Refuse an unusable ``--out`` (raises OutputError); return the files the previous build wrote."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out}: exists and is not a folder")
    if not out.exists():
        return []
    previous = read_manifest(out)
    if previous is not None:
        return previous
    index = out / "index.html"
    if index.is_file() and 'id="build-info"' in index.read_text(encoding="utf-8", errors="replace"):
        return []  # a build from before manifests: overwritten file by file, nothing deleted
    if not force and any(p.name != STAGING for p in out.iterdir()):
        raise OutputError(f"--out {out}: folder is not empty and is not an earlier report build (no {MANIFEST}); "
                          "choose another folder, or pass --force to write into it (its other files are kept)")
    return []


class Staging:
    """A build's files, written into ``<out>/.analysis-report-staging/`` until ``publish``; removed on exit."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.root = out / STAGING
        self.files: set[str] = set()
        self.created_out = False

    def __enter__(self) -> Staging:
        self.created_out = not self.out.exists()
        shutil.rmtree(self.root, ignore_errors=True)  # left by a killed build (this program's own folder)
        self.root.mkdir(parents=True)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        if self.created_out:
            try:
                self.out.rmdir()  # only if still empty: a first build that was interrupted leaves no folder
            except OSError:
                pass

    def write(self, rel: str, content: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files.add(rel)

    def add_file(self, rel: str, source: Path) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.files.add(rel)

    def publish(self, previous: list[str], keep: set[str]) -> list[str]:
        """Move every staged file into place, delete what the previous build wrote and this one did not
        (except ``keep``: files of languages not rebuilt), write the manifest; return the manifest's files."""
        carried = sorted(f for f in keep if f not in self.files and (self.out / f).is_file())
        for rel in sorted(self.files):
            target = self.out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.root / rel, target)
        listed = sorted(self.files | set(carried))
        for rel in sorted(set(previous) - set(listed)):
            target = self.out / rel
            if target.is_file() or target.is_symlink():
                target.unlink()
                remove_empty_parents(target.parent, self.out)
        manifest = {"format": FORMAT, "files": listed}
        tmp = self.root / MANIFEST
        tmp.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.out / MANIFEST)
        return listed


def remove_empty_parents(folder: Path, stop: Path) -> None:
    """Remove ``folder`` and its parents up to ``stop`` while they are empty (an empty folder holds nothing
    of anyone's)."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
