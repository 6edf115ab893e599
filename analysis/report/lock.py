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
