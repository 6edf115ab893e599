"""Ctrl-C and SIGTERM on the command line: wherever the signal lands — imports, checks, execution, cached
jobs, rendering, publishing — it becomes one exception, the command prints one line and exits 128 + the
signal's number (130 for Ctrl-C, 143 for SIGTERM), never a traceback.

``install()`` is called first thing by ``python -m analysis`` (before the heavy imports). The report
builder's event loop handles the signals itself while kernels run (``analysis.report.execute``) and puts
these handlers back afterwards; a critical section (the switch of one site for another) holds them with
``held()`` and decides itself what a signal that came meanwhile means. Hand-written: the standard library's
``signal`` module is the whole mechanism; what is project-specific is which exception and which status.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """The command was stopped by a signal; ``signum`` is the signal's number, ``status`` the exit status.

    A ``BaseException``, like ``KeyboardInterrupt``: an ``except Exception`` that records a failure and goes
    on (a notebook's error, a cache's error) must not swallow a stop."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def status(self) -> int:
        return 128 + self.signum


_stopping = threading.Event()


def _raise(signum: int, frame: object) -> None:
    if _stopping.is_set():
        return  # a second Ctrl-C while the first one is being handled (kernels, temporary files) changes nothing
    _stopping.set()
    raise Interrupted(signum)


def install() -> None:
    """SIGINT and SIGTERM raise ``Interrupted`` in the main thread (no effect from another thread)."""
    if threading.current_thread() is threading.main_thread():
        _stopping.clear()
        for signum in SIGNALS:
            signal.signal(signum, _raise)


def stopping() -> None:
    """Mark the command as stopping (signals already handled elsewhere, e.g. by the event loop)."""
    _stopping.set()


@contextlib.contextmanager
def held() -> Iterator[list[int]]:
    """Hold SIGINT/SIGTERM for a critical section: the signals received meanwhile are listed in the yielded
    list (check it at the section's safe points) instead of raising; the previous handlers come back after."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    previous = {s: signal.signal(s, lambda signum, frame: received.append(signum)) for s in SIGNALS}
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
