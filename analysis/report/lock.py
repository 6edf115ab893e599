"""One build at a time per site folder and per execution cache: an exclusive lock, held for the whole build.

The lock is ``filelock`` (pinned): an OS lock (``flock`` on POSIX, ``LockFileEx`` on Windows) that the
system releases when its process dies, so a build killed with SIGKILL leaves no stale lock behind, and whose
lock file is safe to create and remove while another process waits on it. Beside the lock file, an
``owner`` file says which process holds it, for the second build's one line.
"""
from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout


class Busy(Exception):
    """Another build holds the lock and we were not asked to wait (a usage error: exit status 2)."""


def holder(owner: Path) -> str:
    """``(pid 123, since 12:00:03)`` from the owner file, or ``""`` when it cannot be read."""
    try:
        record = json.loads(owner.read_text(encoding="utf-8"))
        return f" (pid {int(record['pid'])}, since {record['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


@contextlib.contextmanager
def exclusive(lock_file: Path, what: str, wait: bool, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the lock ``lock_file`` (its folder exists) for the block. Taken: go on. Held by another build:
    with ``wait``, say so in one line and wait for it; without, raise ``Busy`` (what → the message)."""
    lock = FileLock(lock_file)
    owner = lock_file.with_name(lock_file.name + ".owner")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise Busy(f"{what}: another build is using it{holder(owner)}; pass --wait to wait for it") from None
        say(f"waiting: another build is using {what}{holder(owner)}")
        lock.acquire()
    try:
        with contextlib.suppress(OSError):
            owner.write_text(json.dumps({"pid": os.getpid(), "since": time.strftime("%H:%M:%S")}), encoding="utf-8")
        yield
    finally:
        with contextlib.suppress(OSError):
            owner.unlink()
        lock.release()


class Guard:
    """The lock of a folder shared by builds (the execution cache), held around each read or write of it —
    not for the whole build, so builds into different sites can share one cache: a second build waits only
    while the first one reads or stores an execution (milliseconds), and says so once. With ``folder`` None,
    nothing is locked."""

    def __init__(self, folder: Path | None, what: str, say: Callable[[str], None]) -> None:
        self.lock = FileLock(folder / ".lock") if folder is not None else None
        self.owner = folder / ".lock.owner" if folder is not None else None
        self.what, self.say, self.said = what, say, False

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        if self.lock is None:
            yield
            return
        self.owner.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.lock.acquire(timeout=0)
        except Timeout:
            if not self.said:
                self.said = True
                self.say(f"waiting: another build is using {self.what}{holder(self.owner)}")
            self.lock.acquire()
        try:
            with contextlib.suppress(OSError):
                self.owner.write_text(json.dumps({"pid": os.getpid(), "since": time.strftime("%H:%M:%S")}),
                                      encoding="utf-8")
            yield
        finally:
            with contextlib.suppress(OSError):
                self.owner.unlink()
            self.lock.release()
