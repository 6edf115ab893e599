"""Kernels: one fresh kernel per notebook and language, executed in memory; and interruption (Ctrl-C,
SIGTERM) that stops the build promptly and shuts every kernel down."""
from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import signal
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Coroutine, TypeVar

import nbformat
import psutil
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis import interrupt
from analysis.interrupt import SIGNALS, Interrupted
from analysis.report.notebook import Job, cell_number
from analysis.report.site import git

PACKAGE = Path(__file__).resolve().parent.parent
TRACED_KERNEL = Path(__file__).resolve().parent / "traced_kernel.py"
TRACE_ENV = "ANALYSIS_TRACE_FILE"  # where the traced kernel lists what it read (cache.py keys on it)
T = TypeVar("T")

KERNEL_ARGS = [
    # In-memory history, as nbclient sets when it starts kernels itself (no sqlite file shared by kernels).
    "--HistoryManager.hist_file=:memory:",
]


class Client(NotebookClient):
    """nbclient's client without its SIGINT/SIGTERM handlers. nbclient installs them per client on the
    shared event loop (so the last client started replaces the builder's handler and the others'), they
    only clean up that one kernel and let the build run on, and each client removes every handler of the
    loop when it ends (after which Ctrl-C raises KeyboardInterrupt at a random place). The builder
    handles the signals once, for every kernel (``run_interruptible``)."""

    @contextlib.asynccontextmanager
    async def async_setup_kernel(self, **kwargs: Any) -> AsyncIterator[None]:
        cleanup_kc = kwargs.pop("cleanup_kc", self.owns_km)
        if self.km is None:
            self.km = self.create_kernel_manager()
        if not self.km.has_kernel:
            await self.async_start_new_kernel(**kwargs)
        if self.kc is None:
            await self.async_start_new_kernel_client()
        try:
            yield
        finally:
            if cleanup_kc:
                await self._async_cleanup_kernel()


class CurrentPythonKernels(KernelSpecManager):
    """Always run notebooks with this interpreter's ipykernel (as ``nbval --nbval-current-env``), started
    through ``traced_kernel.py``, which lists what the kernel reads when ``ANALYSIS_TRACE_FILE`` is set."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, str(TRACED_KERNEL), "-f", "{connection_file}"],
            display_name="Python 3", language="python", resource_dir=str(PACKAGE),
        )


def source_date_epoch() -> str:
    """Commit time (reproducible-builds convention; matplotlib dates SVG/PDF files with it)."""
    return os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct") or "0"


def kernel_env(data: Path, figures: Path, epoch: str, trace: Path | None = None) -> dict[str, str]:
    """The kernel's environment: where the chart helper saves figures, the data package to read — always the
    one the builder checked (its snapshot), whatever ``ANALYSIS_DATA_DIR`` the builder's environment holds —
    and where the kernel lists what it reads."""
    env = dict(os.environ)
    env["ANALYSIS_FIGURES_DIR"] = str(figures.resolve())
    env["ANALYSIS_DATA_DIR"] = str(data.resolve())
    env.pop(TRACE_ENV, None)
    if trace is not None:
        env[TRACE_ENV] = str(trace)
    env.setdefault("PYTHONHASHSEED", "0")  # set and dict-of-set ordering in printed output
    env["SOURCE_DATE_EPOCH"] = epoch
    return env


async def stop_kernel(km: AsyncKernelManager) -> None:
    try:
        if km.has_kernel:
            await km.shutdown_kernel(now=True)
    except Exception:  # already gone (nbclient shuts it down after a normal run)
        pass


async def run_notebook(nb: nbformat.NotebookNode, cwd: Path, env: dict[str, str], ipc_path: str, timeout: int,
                       current: list[int] | None = None) -> None:
    """Run every cell of ``nb`` in a fresh kernel started in ``cwd``, in place (a failing cell raises
    ``CellExecutionError``); the index of each cell is appended to ``current`` as it starts.

    The kernel runs in its own session (jupyter_client's default), so a Ctrl-C at the terminal reaches the
    builder only, which then shuts the kernel down here (``finally``); a builder killed outright leaves no
    kernel either: ipykernel exits when its parent is gone (``JPY_PARENT_PID``).
    """
    current = [] if current is None else current
    # IPC sockets in a private folder: no TCP ports, and no ipykernel warning about unencrypted TCP.
    # The manager exists before the kernel starts, so a cancellation during the start still stops it.
    km = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=CurrentPythonKernels(),
                            transport="ipc", ip=ipc_path)
    try:
        await km.start_kernel(extra_arguments=KERNEL_ARGS, env=env, cwd=str(cwd.resolve()))
        client = Client(
            nb, km=km, timeout=timeout, record_timing=False, shutdown_kernel="immediate",
            on_cell_execute=lambda cell, cell_index: current.append(cell_index),
        )
        await client.async_execute(cleanup_kc=True)
    finally:
        await stop_kernel(km)


async def execute(job: Job, nb: nbformat.NotebookNode, env: dict[str, str], ipc_path: str,
                  timeout: int) -> str | None:
    """Run the (parameter-injected) notebook in a fresh kernel in its folder, in place; return the failure
    if any (a report must not stop the others)."""
    current: list[int] = []
    try:
        await run_notebook(nb, job.notebook.parent, env, ipc_path, timeout, current)
        return None
    except Exception as error:  # a report must not stop the others: record and go on
        task = asyncio.current_task()
        if task is not None and task.cancelling():  # the build is stopping: nbclient turned that into an error
            raise asyncio.CancelledError from None
        where = f"cell {cell_number(nb, current[-1])}: " if current else ""
        if isinstance(error, CellExecutionError):
            return f"{where}{error.ename}: {error.evalue}"
        message = str(error).strip().splitlines()
        return f"{where}{type(error).__name__}: {message[0] if message else ''}"


def stop_children() -> None:
    """Kill whatever child processes are left (kernels whose start was cut short): no orphans."""
    children = psutil.Process().children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(children, timeout=3)


def run_interruptible(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run the build's coroutine; SIGINT or SIGTERM cancels it (every task's ``finally`` stops its kernel)
    and raises Interrupted. From a thread whose event loop is already running (a Jupyter kernel, a test
    session holding Playwright's sync API) the build runs on a loop of its own thread, without the handlers
    (signals are delivered to the main thread only)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_with_signals(coroutine))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _with_signals(coroutine: Coroutine[Any, Any, T]) -> T:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    received: list[int] = []

    def on_signal(signum: int) -> None:
        if not received:  # a second Ctrl-C while the kernels shut down changes nothing
            received.append(signum)
            interrupt.stopping(signum)
            assert task is not None
            task.cancel()

    # The loop learns of a signal when it next waits (its wake-up file descriptor); a build whose jobs never
    # wait — every execution cached, every page memoised — would end first and the signal be lost. So the
    # signal is also noted at once, by the Python-level handler (the loop's own is a no-op), and checked
    # when the work ends.
    noted: list[int] = []
    installed: dict[int, Any] = {}

    def quiet(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        # Once stopping, what the cancelled kernels' clients leave (nbclient's poll task failing on a client
        # already closed: "Task exception was never retrieved") is no news: one line, "interrupted", says it.
        if not (received or noted):
            loop.default_exception_handler(context)

    loop.set_exception_handler(quiet)
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            installed[signum] = signal.getsignal(signum)  # the command's handlers (analysis.interrupt)
            loop.add_signal_handler(signum, on_signal, signum)
            signal.signal(signum, lambda signum, frame: noted.append(signum))
    try:
        result = await coroutine
        if noted:
            interrupt.stopping(noted[0])
            raise Interrupted(noted[0])
        return result
    except (asyncio.CancelledError, Exception):
        if received or noted:  # whatever the cancelled work raised (nbclient: DeadKernelError), it was the stop
            interrupt.stopping((received or noted)[0])
            raise Interrupted((received or noted)[0]) from None
        raise
    finally:
        for signum, handler in installed.items():
            loop.remove_signal_handler(signum)  # (which leaves the default handler: put the command's back)
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if received or noted:
            stop_children()
