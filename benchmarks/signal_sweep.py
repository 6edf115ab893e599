"""Signals at every moment of a report build (and of the teaching build): moments x signals, and random moments.

    .venv/bin/python benchmarks/signal_sweep.py [--random 20]

The site starts as package A's build; each run builds package B into it (different pages) and is stopped by
a signal at one moment. A child process (this script with ``--child``) runs ``python -m analysis`` as a user
does — ``analysis.__main__`` installs its handlers first — with one function of the builder wrapped so the
child sends itself the signal exactly at that moment (before the function, or after it for the switch):
during the imports (the first import of nbconvert), the data check, loading the data, a kernel running cells
(1.5 s into a notebook's execution), storing an execution (after jupyter-cache wrote it, before its seal; a
SIGKILL there must leave an execution the next build discards with a warning), a cached job, a memoised page, rendering a page, the site's pages, the
shared assets, carrying the old site's files into the new one, the switch itself, and taking the old site
apart after the switch. Then, at random moments of a whole build, the parent sends the signal from outside.

Expected: SIGINT and SIGTERM → exit 130 / 143, stderr exactly ``interrupted``, the site byte for byte A's,
no kernel left, nothing left beside the site; except after the switch, where the build is done: exit 0 and
the site B's. SIGKILL → the site wholly A's or B's, no kernel left after 5 s (ipykernel exits when its
parent is gone), and the next build puts away what the killed one left. The teaching build: the same
signals during its imports, a teacher copy's execution and its switch: 130 / 143, one line, the previous kit.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}
# moment → (module, class or None, function, after the call?, how the build runs: cached / fresh / no-memo)
MOMENTS = {
    "imports": (None, None, "nbconvert", False, "cached"),
    "data check": ("analysis.report.cli", None, "check_data", False, "cached"),
    "loading the data": ("analysis.report.build", None, "data_facts", False, "cached"),
    "kernel running": ("analysis.report.build", None, "execute", False, "fresh"),
    "storing an execution": ("jupyter_cache.cache.main", "JupyterCacheBase", "cache_notebook_bundle", True, "store"),
    "cached job": ("analysis.report.cache", "ExecutionCache", "lookup", False, "cached"),
    "memoised page": ("analysis.report.memo", "Memo", "pages", False, "cached"),
    "rendering a page": ("analysis.report.build", None, "render_job", False, "no-memo"),
    "site pages": ("analysis.report.build", None, "language_pages", False, "cached"),
    "shared assets": ("analysis.report.build", None, "assets", False, "cached"),
    "publishing: carrying": ("analysis.report.output", "Site", "_carry", False, "cached"),
    "publishing: the switch": ("analysis.report.output", None, "exchange", True, "cached"),
    "after the switch": ("analysis.report.output", None, "dispose", False, "cached"),
}
TEACHING_MOMENTS = {
    "imports": (None, None, "nbconvert", False, ""),
    "executing a copy": ("analysis.report.execute", None, "run_notebook", False, ""),
    "publishing: the switch": ("analysis.report.output", None, "exchange", True, ""),
}


# ---------------------------------------------------------------------------- the child


def child(moment: str, signame: str, pidfile: str, command: list[str], teaching: bool) -> int:
    import analysis.__main__ as entry  # installs the command's signal handlers, as `python -m analysis` does

    signum = SIGNALS[signame]

    def fire() -> None:
        import psutil

        Path(pidfile).write_text(json.dumps([p.pid for p in psutil.Process().children(recursive=True)]))
        os.kill(os.getpid(), signum)

    module, cls, name, after, _ = (TEACHING_MOMENTS if teaching else MOMENTS)[moment]
    if module is None:  # an import: fire when it starts
        class Hook:
            def find_spec(self, fullname, path=None, target=None):
                if fullname == name:
                    sys.meta_path.remove(self)
                    fire()
                return None

        sys.meta_path.insert(0, Hook())
    else:
        import importlib

        owner = importlib.import_module(module)
        owner = getattr(owner, cls) if cls else owner
        original = getattr(owner, name)
        if name in ("execute", "run_notebook"):  # a coroutine: fire while the kernel runs its cells
            async def wrapped(*args, **kwargs):
                import asyncio

                asyncio.get_running_loop().call_later(0.5, fire)  # (the fixture notebooks run in about 1 s)
                return await original(*args, **kwargs)
        else:
            def wrapped(*args, **kwargs):
                if after:
                    result = original(*args, **kwargs)
                    fire()
                    return result
                fire()
                return original(*args, **kwargs)
        setattr(owner, name, wrapped)
    return entry.main(command)


# ---------------------------------------------------------------------------- the parent


def alive(pids: list[int], wait: float = 5.0) -> list[int]:
    import psutil

    procs = []
    for pid in pids:
        try:
            procs.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    return [p.pid for p in psutil.wait_procs(procs, timeout=wait)[1]]


def run_child(moment: str, signame: str, command: list[str], pidfile: Path, teaching: bool = False):
    pidfile.unlink(missing_ok=True)
    argv = [sys.executable, __file__, "--child", moment, signame, str(pidfile), *(["--teaching"] if teaching else []),
            "--", *command]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=900)
    pids = json.loads(pidfile.read_text()) if pidfile.is_file() else []
    return done, pids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=3)
    parser.add_argument("--teaching", action="store_true")
    parser.add_argument("--random", type=int, default=20, help="random moments per signal (default 20)")
    parser.add_argument("--only-random", action="store_true", help="skip the named moments and the teaching build")
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args()
    if args.child:
        return child(*args.child, args.rest, args.teaching)

    from concurrent_builds import packages
    from sites import report_argv, tree, whose

    root = Path(tempfile.mkdtemp(prefix="signal-sweep-"))
    failures = 0
    try:
        notebooks, data = packages(root)
        cache = root / "cache"
        references = {}
        for name in ("A", "B"):
            done = subprocess.run(report_argv(notebooks, root / f"alone-{name}", data[name], cache), cwd=ROOT,
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            references[name] = tree(root / f"alone-{name}")
        out, pidfile = root / "site", root / "pids.json"

        def reset() -> None:  # the site: package A's build, nothing beside it
            done = subprocess.run(report_argv(notebooks, out, data["A"], cache), cwd=ROOT, capture_output=True, text=True)
            assert done.returncode == 0 and whose(tree(out), references) == "A", done.stderr

        def leftovers() -> list[str]:
            work = out.parent / f".{out.name}.analysis-report"
            return sorted(p.name for p in work.iterdir() if not p.name.startswith("lock")) if work.is_dir() else []

        print(f"{'moment':24} {'signal':8} {'exit':>4}  {'stderr':14} {'site':4}  kernels  left beside  verdict")
        counts = {"ok": 0}
        for moment, (*_, mode) in ({} if args.only_random else MOMENTS).items():
            for signame, signum in SIGNALS.items():
                reset()
                run_cache = None if mode == "fresh" else cache
                if mode == "store":  # an empty cache: the build executes and stores (killed before the seal)
                    run_cache = root / "cache-store"
                    shutil.rmtree(run_cache, ignore_errors=True)
                if mode == "no-memo":
                    run_cache = root / "cache-no-memo"
                    shutil.rmtree(run_cache, ignore_errors=True)
                    shutil.copytree(cache, run_cache)
                    shutil.rmtree(run_cache / "memo" / "pages", ignore_errors=True)
                command = report_argv(notebooks, out, data["B"], run_cache)[3:]  # after `python -m analysis`
                done, pids = run_child(moment, signame, command, pidfile)
                owner = whose(tree(out), references) or "MIX"
                left_alive = alive(pids)
                beside = leftovers()
                if signame == "SIGKILL":
                    ok = done.returncode == -signal.SIGKILL and owner in ("A", "B") and not left_alive
                    if mode == "store":  # the execution stored without its seal: discarded with a warning, not used
                        again = subprocess.run(report_argv(notebooks, out, data["B"], run_cache), cwd=ROOT,
                                               capture_output=True, text=True)
                        ok = ok and again.returncode == 0 and whose(tree(out), references) == "B" \
                            and "was never completed" in again.stdout
                    reset()  # the next build puts away what the killed one left
                    ok = ok and not leftovers()
                elif moment == "after the switch":
                    ok = done.returncode == 0 and owner == "B" and not left_alive and not beside
                else:
                    ok = (done.returncode == 128 + signum and done.stderr == "interrupted\n" and owner == "A"
                          and not left_alive and not beside)
                failures += not ok
                counts["ok"] += ok
                err = done.stderr.strip().splitlines()[-1][:14] if done.stderr.strip() else "-"
                print(f"{moment:24} {signame:8} {done.returncode:>4}  {err:14} {owner:4}  {len(pids)}→{len(left_alive)}"
                      f"      {len(beside):>3}          {'ok' if ok else 'FAILED ' + done.stderr[-200:]}", flush=True)

        # random moments, the signal sent from outside while a whole (cached or fresh) build runs
        reset()
        start = time.perf_counter()
        subprocess.run(report_argv(notebooks, root / "timing", data["B"], cache), cwd=ROOT, capture_output=True)
        cached_seconds = time.perf_counter() - start
        rng = random.Random(17)
        outcomes: dict[str, int] = {}
        for signame, signum in SIGNALS.items():
            for _ in range(args.random):
                reset()
                fresh = rng.random() < 0.25
                delay = rng.uniform(0, 12.0 if fresh else cached_seconds * 1.1)
                proc = subprocess.Popen(report_argv(notebooks, out, data["B"], None if fresh else cache), cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                time.sleep(delay)
                import psutil

                try:
                    kernels = [p.pid for p in psutil.Process(proc.pid).children(recursive=True)]
                except psutil.NoSuchProcess:
                    kernels = []
                proc.send_signal(signum)
                printed, err = proc.communicate(timeout=300)
                owner = whose(tree(out), references) or "MIX"
                left_alive = alive(kernels)
                if signame == "SIGKILL":
                    outcome = f"killed, site {owner}" if proc.returncode == -9 else f"done before the signal, site {owner}"
                    ok = owner in ("A", "B") and not left_alive
                    reset()
                    ok = ok and not leftovers()
                elif proc.returncode == 128 + signum:
                    outcome = "interrupted, site A"
                    ok = err == "interrupted\n" and owner == "A" and not left_alive and not leftovers()
                else:
                    outcome = f"exit {proc.returncode}, site {owner}"
                    finished = "reports in" in printed  # the build's last line: the site is published
                    ok = proc.returncode in (0, -signum) and owner == ("B" if finished else "A") and not left_alive
                    if proc.returncode == -signum and not finished:  # the first ≈ 15 ms: Python not yet running
                        outcome = f"killed by the signal before the handlers were in place, site {owner}"  # our code
                    elif proc.returncode == -signum:  # the last milliseconds: Python shutting down, handlers reset
                        outcome = f"finished, then killed by the signal while Python shut down, site {owner}"
                    if not ok:
                        outcome += f" (kernels left: {left_alive}, stderr: {err[-200:]!r})"
                key = f"{signame}: {outcome}{'' if ok else ' FAILED'}"
                outcomes[key] = outcomes.get(key, 0) + 1
                failures += not ok
        print(f"\nrandom moments ({args.random} per signal, a quarter of them during a fresh build's execution; a "
              f"cached build takes {cached_seconds:.1f} s here):")
        for key, n in sorted(outcomes.items()):
            print(f"  {n:>3}  {key}")

        # the teaching build
        print(f"\n{'teaching: moment':24} {'signal':8} {'exit':>4}  {'stderr':14} {'kit':8}  kernels  verdict")
        kit = root / "kit"
        base = ["teaching", "--lang", "en", "--out", str(kit)]
        for moment in ({} if args.only_random else TEACHING_MOMENTS):
            for signame, signum in SIGNALS.items():
                shutil.rmtree(kit, ignore_errors=True)
                subprocess.run([sys.executable, "-m", "analysis", *base, "--no-execute"], cwd=ROOT, capture_output=True)
                before = tree(kit)
                done, pids = run_child(moment, signame, base, pidfile, teaching=True)
                same = tree(kit) == before
                left_alive = alive(pids)
                if signame == "SIGKILL":
                    ok = done.returncode == -9 and not left_alive and (same or kit.is_dir())
                else:
                    ok = done.returncode == 128 + signum and done.stderr == "interrupted\n" and same and not left_alive
                failures += not ok
                err = done.stderr.strip().splitlines()[-1][:14] if done.stderr.strip() else "-"
                print(f"{moment:24} {signame:8} {done.returncode:>4}  {err:14} {'previous' if same else 'changed':8}  "
                      f"{len(pids)}→{len(left_alive)}      {'ok' if ok else 'FAILED ' + done.stderr[-200:]}", flush=True)
        print(f"\n{failures} failed")
        return 1 if failures else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
