"""A Jupyter kernel (ipykernel) that records what it reads, for the execution cache's key.

Run as a script — ``python …/analysis/report/traced_kernel.py -f <connection file>`` — so that starting it
imports neither the builder nor anything but ipykernel. With ``ANALYSIS_TRACE_FILE`` set, a Python audit
hook (PEP 578, ``sys.addaudithook``) appends one JSON line per distinct file the kernel opens for reading
(``["R", path]``) and per folder it lists (``["L", path]``: a glob or ``os.scandir`` over a folder of coders'
files); the builder keeps the list with the stored execution and executes the notebook again when any of
those files or listings changes (``analysis/report/cache.py``). So an input nobody thought of (a new table,
a catalog, a coder's file) is in the key because the notebook read it, not because someone listed it.

What a hook cannot see: files opened by C libraries without Python (none of this project's notebooks' inputs
are), and reads in processes the kernel starts. Without the variable it is ipykernel, unchanged.
"""
from __future__ import annotations

import json
import os
import sys


def install(trace_file: str) -> None:
    """Append what is read from now on to ``trace_file`` (an audit hook cannot be removed: for the kernel's life)."""
    fd = os.open(trace_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    seen: set[tuple[str, str]] = set()
    writing = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None))[:3]
            if isinstance(mode, str):
                if any(c in mode for c in "wax"):
                    return
            elif isinstance(flags, int) and flags & writing:
                return
            kind = "R"
        elif event in ("os.listdir", "os.scandir"):
            path, kind = (args[0] if args else None), "L"
            if path is None:
                path = "."
        else:
            return
        try:  # an exception in an audit hook would surface in the notebook's own open(): never let one out
            if path is None or isinstance(path, int):
                return  # an open file descriptor: its file was recorded when opened
            path = os.path.abspath(os.fsdecode(path))
            if (kind, path) in seen:
                return
            seen.add((kind, path))
            os.write(fd, (json.dumps([kind, path]) + "\n").encode("utf-8", "surrogateescape"))
        except Exception:  # noqa: BLE001
            pass

    sys.addaudithook(hook)


if __name__ == "__main__":
    # As ``python -m ipykernel_launcher`` does with the working folder: this script's folder off the path (its
    # modules would shadow others: site.py, figures.py …); IPython puts the working folder back (init_path).
    del sys.path[0]
    trace = os.environ.pop("ANALYSIS_TRACE_FILE", None)
    if trace:
        install(trace)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
