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
_received: list[int] = []


def _raise(signum: int, frame: object) -> None:
    if _stopping.is_set():
        return  # a second Ctrl-C while the first one is being handled (kernels, temporary files) changes nothing
    _stopping.set()
    _received.append(signum)
    raise Interrupted(signum)


def status(error: BaseException) -> int | None:
    """The exit status when ``error`` is the stop, else None. The exception raised by a signal may reach the
    command wrapped: Python turns an exception raised while a class is being made into ``RuntimeError``
    (a signal during ``import matplotlib``), a library may turn a cancelled wait into its own error. So
    the chain of causes is searched, and an exception after a signal was received counts as the stop."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, Interrupted):
            return error.status
        if isinstance(error, KeyboardInterrupt):
            return 128 + signal.SIGINT
        error = error.__cause__ or error.__context__
    return 128 + _received[-1] if _received else None


def install() -> None:
    """SIGINT and SIGTERM raise ``Interrupted`` in the main thread (no effect from another thread)."""
    if threading.current_thread() is threading.main_thread():
        _stopping.clear()
        _received.clear()
        for signum in SIGNALS:
            signal.signal(signum, _raise)


def reset() -> None:
    """A command starts: no signal received yet (a command run again in one process, as the tests do)."""
    _stopping.clear()
    _received.clear()


def stopping(signum: int | None = None) -> None:
    """Mark the command as stopping (signals already handled elsewhere, e.g. by the event loop)."""
    _stopping.set()
    if signum is not None:
        _received.append(signum)


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
