"""The site folder (``--out``): one build at a time, each build staged in a folder of its own and switched
in whole, a manifest of what each build wrote, and never a write or a delete through a symbolic link.

Beside the site (same parent folder, so every move is a rename on one file system), the builder keeps a
work folder::

    <parent>/<site>/                         the site: always wholly one build's
    <parent>/.<site>.analysis-report/
        lock, lock.owner                     held by the build that writes the site (lock.py)
        stage-<build>/                       this build's site, written here until it is switched in
        old-<build>/                         (only where the system cannot swap two folders at once)

Publishing: the finished stage holds every page, the figures, the manifest, and — carried in as hard links,
never copied through a link — everything of the previous site that this build does not replace (files
someone saved there, the other language's pages). Then the stage and the site are swapped in one system call
(Linux ``renameat2(RENAME_EXCHANGE)``): at every instant the site's path holds a complete site, the previous
or the new one, whoever reads it and whenever the build is killed (SIGKILL included). Elsewhere (macOS,
Windows, file systems without the call) two renames do it, and a build killed between them leaves the site's
path empty for an instant; the next build puts the previous site back first. The previous site is then
taken apart: only what a build wrote (its manifest) and what was carried into the new site go; a file saved
into it while the build ran is moved into the new site; anything else stays, with a warning.

Rules kept from before: a non-empty folder that is not an earlier build is refused unless ``--force``
(whose build keeps the folder's other files); a build deletes no file it did not write; a symbolic link
inside the site is never followed — not to write (the stage holds only folders the build made), not to
delete (the old site is taken apart entry by entry, links unlinked themselves), not to carry (a link is
carried as a link). Hand-written: no library covers "replace a folder atomically while keeping files
someone else put in it"; ``renameat2`` is called through ctypes because Python's ``os`` does not expose it.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from analysis.interrupt import Interrupted, held
from analysis.report.lock import Busy, exclusive

MANIFEST = ".analysis-report-manifest.json"
LEGACY_STAGING = ".analysis-report-staging"  # the staging folder of earlier versions of the builder: its own
FORMAT = "analysis-report-manifest/1"
WORK = ".{name}.analysis-report"
NAME_MAX = 255  # bytes in one file name (ext4, NTFS, APFS)
ENTRY_MAX = 1024  # characters in one manifest entry: far beyond any file the builder writes


class OutputError(Exception):
    """The site folder can not be used as asked (a usage error: exit status 2)."""


def shown(path: Path | str, limit: int = 160) -> str:
    """A path for a one-line message: as given, shortened in the middle when very long."""
    text = str(path)
    return text if len(text) <= limit else f"{text[:limit // 2]}…{text[-limit // 2:]}"


def resolved(path: Path, option: str) -> Path:
    """``path`` with every symbolic link resolved; a loop, a name too long or a link to nothing is an
    OutputError that names the path as given."""
    try:
        if path.is_symlink():
            try:
                os.stat(path)
            except FileNotFoundError:
                raise OutputError(f"{option} {shown(path)}: a symbolic link to nothing ({shown(os.readlink(path))})") \
                    from None
        return path.resolve(strict=False)
    except RuntimeError:  # Python 3.11's resolve() on a symlink loop
        raise OutputError(f"{option} {shown(path)}: a loop of symbolic links") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OutputError(f"{option} {shown(path)}: a loop of symbolic links") from None
        raise OutputError(f"{option} {shown(path)}: {error.strerror or error}") from None


def contains(outer: Path, inner: Path) -> bool:
    """True when resolved ``inner`` is ``outer`` or inside it."""
    outer, inner = outer.resolve(), inner.resolve()
    return inner == outer or inner.is_relative_to(outer)


def safe_entry(name: object) -> str | None:
    """A manifest entry as a relative POSIX path inside the site, or None when it is not one: absolute,
    '..', empty parts, control characters, a name longer than the file system allows, or absurdly long."""
    if not isinstance(name, str) or not name or len(name) > ENTRY_MAX or "\\" in name:
        return None
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in name):
        return None
    path = PurePosixPath(name)
    parts = name.split("/")
    if path.is_absolute() or any(p in ("", ".", "..") for p in parts):
        return None
    if any(len(p.encode("utf-8", "surrogatepass")) > NAME_MAX for p in parts):
        return None
    if parts[0] in (MANIFEST, LEGACY_STAGING) or ":" in parts[0]:  # ':' : a drive letter on Windows
        return None
    return name


def read_manifest(folder: Path, warn: Callable[[str], None] | None = None) -> list[str] | None:
    """The files an earlier build wrote into ``folder``, or None when there is no readable manifest. Entries
    that are not plain paths inside the folder are left out (never deleted); ``warn`` hears how many."""
    path = folder / MANIFEST
    try:
        found = os.lstat(path)
        if not stat.S_ISREG(found.st_mode) or found.st_size > 64 << 20:
            return None  # a link, a pipe, a device or absurdly large: not a manifest this builder wrote
        record = json.loads(path.read_text(encoding="utf-8"))
        files = record["files"] if record.get("format") == FORMAT else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if not isinstance(files, list):
        return None
    safe = [entry for entry in map(safe_entry, files) if entry is not None]
    if warn and len(safe) < len(files):
        warn(f"warning: {shown(folder / MANIFEST)}: {len(files) - len(safe)} entr(y/ies) ignored (not a file "
             "inside the site, or a name too long); those files are kept")
    return safe


# ---------------------------------------------------------------------------- swapping two folders

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one system call (Linux ``renameat2``, glibc ≥ 2.28); False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel, or a file system without it (some FUSE and network ones)
    raise OSError(code, os.strerror(code), str(b))


def rename(source: Path, target: Path) -> None:
    """``os.rename``, retried for a few seconds where Windows refuses while a reader holds a file open."""
    for attempt in range(20):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 19:
                raise
            time.sleep(0.25)


# ---------------------------------------------------------------------------- walking without following links


def entries(folder: Path, prefix: str = "") -> Iterator[tuple[str, os.DirEntry, bool]]:
    """Every entry under ``folder`` as (relative POSIX path, entry, is a real folder), parents first;
    symbolic links are entries, never followed."""
    try:
        listing = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return
    for entry in listing:
        rel = prefix + entry.name
        real_dir = entry.is_dir(follow_symlinks=False)
        yield rel, entry, real_dir
        if real_dir:
            yield from entries(Path(entry.path), rel + "/")


def lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def real_parents(root: Path, rel: str, create: bool) -> bool:
    """True when every folder between ``root`` and ``rel`` is a real folder (not a link), creating missing
    ones when ``create``."""
    folder = root
    for part in rel.split("/")[:-1]:
        folder = folder / part
        found = lstat(folder)
        if found is None and create:
            folder.mkdir()
        elif found is None or not stat.S_ISDIR(found.st_mode):
            return False
    return True


def carry(source: str, target: Path) -> bool:
    """Put the entry ``source`` at ``target`` too: a hard link (the same file, whatever it is — a link stays a
    link), else a copy of a regular file or of a link; False when neither can be done."""
    try:
        os.link(source, target, follow_symlinks=False)
        return True
    except (OSError, NotImplementedError):  # another owner's file (protected_hardlinks), FAT, Windows' links
        pass
    try:
        mode = os.lstat(source).st_mode
        if stat.S_ISLNK(mode):
            os.symlink(os.readlink(source), target)
            return True
        if stat.S_ISREG(mode):
            shutil.copy2(source, target, follow_symlinks=False)
            return True
    except OSError:
        pass
    return False


def dispose(tree: Path, site: Path, warn: Callable[[str], None]) -> None:
    """Take apart a previous site that was switched out of ``site``: remove what a build wrote (its manifest)
    and what is also in the new site (carried: the same file); move into the site what was saved into the
    old one while the build ran; keep, with a warning, anything else. Links are unlinked, never followed."""
    ours = set(read_manifest(tree) or []) | {MANIFEST}
    written = set(read_manifest(site) or [])
    left = 0
    for rel, entry, real_dir in reversed(list(entries(tree))):  # children before their folder
        path = Path(entry.path)
        if real_dir:
            try:
                path.rmdir()
            except OSError:
                pass  # not empty: what stays in it was counted
            continue
        try:
            mine = os.lstat(path)
            there = lstat(site / rel)
            if there is not None and (there.st_ino, there.st_dev) == (mine.st_ino, mine.st_dev):
                path.unlink()  # carried into the new site
            elif rel in ours or rel.split("/")[0] == LEGACY_STAGING or rel in written:
                path.unlink()  # the old build's own file, or one the new build replaced
            elif real_parents(site, rel, create=True) and (there is None or not stat.S_ISDIR(there.st_mode)):
                os.replace(path, site / rel)  # saved into the old site during the build: moved into the new one
            else:
                left += 1
        except OSError:
            left += 1
    try:
        tree.rmdir()
    except OSError:
        warn(f"warning: kept {shown(tree)}: {left or 'some'} file(s) of the previous site could not be moved "
             f"into {shown(site)}; look at them and delete the folder")


# ---------------------------------------------------------------------------- the site


class Site:
    """The site folder ``out`` while one build writes it: locked, staged, switched in whole by ``publish``.

    ``with Site(out, ...) as site:`` takes the lock (or raises ``Busy``), puts back a previous site a killed
    build left aside, and removes what killed builds left; on leaving, an unpublished stage is removed and
    the lock released. ``write``/``add_file`` fill the stage."""

    def __init__(self, out: Path, *, wait: bool = False, say: Callable[[str], None] = print,
                 option: str = "--out") -> None:
        self.given = out
        self.option = option
        self.say = say
        self.wait = wait
        self.real = resolved(out, option)
        if self.real.parent == self.real:
            raise OutputError(f"{option} {shown(out)}: the root folder cannot be a site")
        self.work = self.real.parent / WORK.format(name=self.real.name)
        self.id = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        self.stage = self.work / f"stage-{self.id}"
        self.journal = self.work / f"stage-{self.id}.json"  # the stage folder's identity, for recover()
        self.files: set[str] = set()
        self.published = False
        self._lock: object | None = None

    # -- entering and leaving

    def __enter__(self) -> Site:
        if self.real.exists() and not self.real.is_dir():
            raise OutputError(f"{self.option} {shown(self.given)}: exists and is not a folder")
        if self.real.is_dir() and os.path.ismount(self.real):
            raise OutputError(f"{self.option} {shown(self.given)}: a mount point; a build is written beside the "
                              "site and switched in with a rename, which cannot cross file systems: choose a "
                              "folder inside it")
        for parent in self.real.parents:  # the nearest existing folder above the site must be a folder
            if os.path.lexists(parent):
                if not parent.is_dir():
                    raise OutputError(f"{self.option} {shown(self.given)}: {shown(parent)} is not a folder")
                break
        found = lstat(self.work)
        if found is not None and not stat.S_ISDIR(found.st_mode):
            raise OutputError(f"{self.option} {shown(self.given)}: {shown(self.work)} is not the builder's work "
                              "folder (a file or a symbolic link): remove it")
        try:
            self.real.parent.mkdir(parents=True, exist_ok=True)
            self.work.mkdir(exist_ok=True)
        except OSError as error:
            raise OutputError(f"{self.option} {shown(self.given)}: cannot write beside it ({shown(self.work)}): "
                              f"{error.strerror or error}") from None
        self._lock = exclusive(self.work / "lock", f"{self.option} {shown(self.given)}", self.wait, self.say)
        self._lock.__enter__()
        try:
            self.recover()
            self.stage.mkdir()
            found = os.stat(self.stage)
            self.journal.write_text(json.dumps({"inode": found.st_ino, "device": found.st_dev}), encoding="utf-8")
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if not self.published:
                shutil.rmtree(self.stage, ignore_errors=True)
            self.journal.unlink(missing_ok=True)
        finally:
            self._lock.__exit__(None, None, None)

    def recover(self) -> None:
        """What killed builds left in the work folder: a previous site set aside (put back when the site's
        path is empty, else taken apart), stages never switched in (removed). A stage's journal holds the
        identity of the folder made for it: if the site is that folder, the switch happened and the stage's
        name holds the site it replaced."""
        leftovers = sorted((p for p in self.work.iterdir() if p.name.startswith(("stage-", "old-"))
                            and not p.name.endswith(".json")),
                           key=lambda p: not p.name.startswith("old-"))  # the set-aside sites first
        for path in leftovers:
            found = lstat(path)
            if found is None or not stat.S_ISDIR(found.st_mode):
                continue
            if path.name.startswith("old-"):
                if lstat(self.real) is None:
                    rename(path, self.real)  # killed between its two renames: the previous site goes back
                else:
                    dispose(path, self.real, self.say)
                continue
            journal = path.with_name(path.name + ".json")
            try:
                made = json.loads(journal.read_text(encoding="utf-8"))
                made = (made["inode"], made["device"])
            except (OSError, ValueError, KeyError, TypeError):
                made = None
            site = lstat(self.real)
            if made is None or (site is not None and (site.st_ino, site.st_dev) == tuple(made)):
                # switched in (this name holds the site it replaced), or a site kept here with a warning
                dispose(path, self.real, self.say)
            else:
                shutil.rmtree(path, ignore_errors=True)  # never switched in: its files are the builder's or links
            journal.unlink(missing_ok=True)
        for journal in self.work.glob("stage-*.json"):
            if lstat(journal.with_suffix("")) is None:
                journal.unlink(missing_ok=True)

    # -- what was there before

    def previous(self, force: bool, foreign_ok: bool = False) -> list[str]:
        """The files the previous build wrote (the only ones this build may drop). A non-empty folder that
        is not an earlier build raises OutputError unless ``force`` or ``foreign_ok``."""
        if not self.real.is_dir():
            return []
        manifest = read_manifest(self.real, self.say)
        if manifest is not None:
            return manifest
        index = self.real / "index.html"
        if index.is_file() and not index.is_symlink() and \
                'id="build-info"' in index.read_text(encoding="utf-8", errors="replace"):
            return []  # a build from before manifests: its files are replaced, nothing else dropped
        if not (force or foreign_ok) and any(p.name != LEGACY_STAGING for p in self.real.iterdir()):
            raise OutputError(f"{self.option} {shown(self.given)}: folder is not empty and is not an earlier report "
                              f"build (no {MANIFEST}); choose another folder, or pass --force to write into it "
                              "(its other files are kept)")
        return []

    # -- writing the stage

    def _path(self, rel: str) -> Path:
        if safe_entry(rel) is None:
            raise ValueError(f"not a file name inside the site: {rel!r}")
        path = self.stage / rel
        path.parent.mkdir(parents=True, exist_ok=True)  # the stage holds only folders this build made
        return path

    def write(self, rel: str, content: bytes) -> None:
        path = self._path(rel)
        with _named(path):
            path.write_bytes(content)
        self.files.add(rel)

    def add_file(self, rel: str, source: Path) -> None:
        path = self._path(rel)
        with _named(path):
            shutil.copyfile(source, path, follow_symlinks=False)
        self.files.add(rel)

    def user_path(self, filename: str | None) -> str | None:
        """A path in the stage as the user knows it (under ``--out`` as given), for messages."""
        if filename and Path(filename).is_relative_to(self.stage):
            return str(self.given / Path(filename).relative_to(self.stage))
        return filename

    # -- publishing

    def _carry(self, previous: set[str], keep: set[str]) -> list[str]:
        """Carry into the stage what stays of the site: files the previous build did not write (someone
        saved them there) and ``keep`` (its files this build keeps); returns the kept files of ours."""
        kept: list[str] = []
        skipped: set[str] = set()
        made: list[str] = []  # folders made here for the old site's folders
        occupied: set[str] = set()  # the old site's folders that held something
        for rel, entry, real_dir in entries(self.real):
            if rel.split("/")[0] in (MANIFEST, LEGACY_STAGING) or any(rel.startswith(s + "/") for s in skipped):
                continue
            occupied.add(rel.rpartition("/")[0])
            target = self.stage / rel
            found = lstat(target)
            if real_dir:
                if found is None:
                    target.mkdir()
                    made.append(rel)
                elif not stat.S_ISDIR(found.st_mode):
                    skipped.add(rel)  # a folder where this build writes a file: it stays in the old site
                continue
            ours = rel in previous
            if (ours and rel not in keep) or found is not None:
                continue  # dropped, or replaced by this build's file (a link here is replaced, not followed)
            if carry(entry.path, target) and ours:
                kept.append(rel)
        for rel in reversed(made):  # a folder that held only files this build drops goes with them
            if rel in occupied and not os.listdir(self.stage / rel):
                (self.stage / rel).rmdir()
        return kept

    def _switch(self) -> str:
        if lstat(self.real) is None:
            rename(self.stage, self.real)
            return "first"
        if exchange(self.stage, self.real):
            return "exchange"
        old = self.work / f"old-{self.id}"
        rename(self.real, old)
        rename(self.stage, self.real)
        return "renames"

    def _switch_back(self, how: str) -> None:
        if how == "exchange":
            exchange(self.stage, self.real)
        else:
            rename(self.real, self.stage)
            if how == "renames":
                rename(self.work / f"old-{self.id}", self.real)

    def publish(self, previous: list[str], keep: set[str]) -> list[str]:
        """Switch the finished stage in as the site; return the manifest's files. ``previous``: the files the
        previous build wrote (dropped unless written again or in ``keep``, files of languages not rebuilt).

        A signal before the switch, or during it, leaves the previous site (``Interrupted``); once switched,
        the build is published and the call returns normally."""
        kept = self._carry(set(previous), keep) if self.real.is_dir() else []
        listed = sorted(self.files | set(kept))
        manifest = {"format": FORMAT, "files": listed}
        with _named(self.stage / MANIFEST):
            (self.stage / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        mode = stat.S_IMODE(os.stat(self.real).st_mode) if self.real.is_dir() else 0o777 & ~_umask()
        os.chmod(self.stage, mode)
        with held() as received:
            if received:
                raise Interrupted(received[0])
            how = self._switch()
            if received:  # it came during the switch: the previous site goes back
                self._switch_back(how)
                raise Interrupted(received[0])
            self.published = True
            if how == "exchange":
                dispose(self.stage, self.real, self.say)
            elif how == "renames":
                dispose(self.work / f"old-{self.id}", self.real, self.say)
        return listed


@contextlib.contextmanager
def _named(path: Path) -> Iterator[None]:
    """An OSError while writing ``path`` names it (a full disk's error on ``write`` names no file)."""
    try:
        yield
    except OSError as error:
        if error.filename:
            raise
        raise OSError(error.errno, error.strerror, str(path)) from error


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["Busy", "MANIFEST", "OutputError", "Site", "contains", "read_manifest", "resolved", "shown"]
