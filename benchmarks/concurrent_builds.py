"""Two report builds into one site at once, from two different data packages, again and again: is the site
at every moment wholly one build's?

    .venv/bin/python benchmarks/concurrent_builds.py [--rounds 20]

Each round starts two ``python -m analysis report --wait`` processes together, one on package A and one on
package B (valid copies of the fixtures' package that differ in an event's summary and in a row the fixture
notebooks chart), into the same ``--out``; odd rounds give each build a cache of its own, even rounds one
shared cache (whose lock is held around each read and store). Meanwhile a watcher reads the site over
and over through a handle on its folder (tests/sites.py: a reading can not straddle two folders) and compares
each reading with the sites A and B build alone, file for file and byte for byte (the top index's build time
aside). A round passes when both builds exit 0, one of them said it waited, every complete reading was
wholly A's or B's, and the site left is wholly the build's that finished last. A last set of rounds runs
without ``--wait``: one build exits 0, the other 0 or 2 with one line, and the site is wholly one's.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sites import race, report_argv, tree, whose  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"


def packages(root: Path) -> tuple[Path, dict[str, Path]]:
    """The fixture notebooks that chart the data (01, 02) and the packages A and B, in ``root``."""
    import csv
    import io

    notebooks = root / "notebooks"
    notebooks.mkdir()
    for name in ("01-plotly-summary.ipynb", "02-matplotlib-table.ipynb"):
        shutil.copy(FIXTURES / name, notebooks)
    made = {}
    for name in ("A", "B"):
        data = root / f"data-{name}"
        shutil.copytree(ROOT / "data", data)
        shutil.copy(FIXTURES / "data" / "fixture-events.csv", data)
        with open(data / "fixture-events.csv", "a", encoding="utf-8") as handle:
            handle.write(f"2022-05-09,Region{name},an event of package {name}\n")
        with open(data / "events.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        column = rows[0].index("summary_en")
        next(r for r in rows if r[0] == "E02")[column] = f"Arrest of a suspect in Berkane (package {name})."
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        (data / "events.csv").write_text(text.getvalue(), encoding="utf-8")
        made[name] = data
    return notebooks, made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-wait-rounds", type=int, default=4)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="concurrent-builds-"))
    try:
        notebooks, data = packages(root)
        references, caches = {}, {"A": root / "cache-A", "B": root / "cache-B"}
        shared = root / "cache-shared"
        for name, package in data.items():  # the references, and every cache warmed for both packages
            for cache in (caches[name], shared):
                done = subprocess.run(report_argv(notebooks, root / f"alone-{name}", package, cache), cwd=ROOT,
                                      capture_output=True, text=True)
                assert done.returncode == 0, done.stderr
            references[name] = tree(root / f"alone-{name}")
        assert references["A"] != references["B"]
        out = root / "site"
        failures, seen, partial, started = 0, {"A": 0, "B": 0}, 0, time.perf_counter()
        print(f"{'round':>5}  {'cache':6}  {'exits':7}  {'waited':6}  {'last':4}  {'site':4}  readings A/B/partial/mixed")
        for number in range(1, args.rounds + 1):
            cache_of = caches if number % 2 else {"A": shared, "B": shared}
            builds = {name: (data[name], cache_of[name]) for name in ("A", "B")}
            runs, watcher, site = race(notebooks, out, builds, references)
            order = sorted(runs, key=lambda n: "waiting" in runs[n].stdout)  # the one that waited ran last
            last = order[-1]
            owner = whose(site, references)
            waited = sum("waiting: another build is using" in run.stdout for run in runs.values())
            ok = (all(run.returncode == 0 for run in runs.values()) and waited >= 1 and not watcher.mixed
                  and owner == last)
            failures += not ok
            for name in seen:
                seen[name] += watcher.seen.get(name, 0)
            partial += watcher.partial
            codes = "/".join(str(runs[n].returncode) for n in ("A", "B"))
            print(f"{number:>5}  {'own' if number % 2 else 'shared':6}  {codes:7}  {waited:>6}  {last:4}  "
                  f"{owner or 'MIX':4}  {watcher.seen.get('A', 0)}/{watcher.seen.get('B', 0)}/{watcher.partial}/"
                  f"{len(watcher.mixed)}{'' if ok else '  FAILED'}")
        for number in range(1, args.no_wait_rounds + 1):
            builds = {name: (data[name], caches[name]) for name in ("A", "B")}
            runs, watcher, site = race(notebooks, out, builds, references, wait=False)
            codes = sorted(run.returncode for run in runs.values())
            refused = [run for run in runs.values() if run.returncode == 2]
            ok = (codes in ([0, 0], [0, 2]) and all(len(r.stderr.splitlines()) == 1 for r in refused)
                  and whose(site, references) is not None and not watcher.mixed)
            failures += not ok
            print(f"no-wait {number}: exits {codes}, site {whose(site, references) or 'MIX'}, "
                  f"{len(watcher.mixed)} mixed readings{'' if ok else '  FAILED'}")
        print(f"{args.rounds} rounds with --wait and {args.no_wait_rounds} without in "
              f"{time.perf_counter() - started:.0f} s: {failures} failed; complete readings of the site: "
              f"{seen['A']} wholly A's, {seen['B']} wholly B's, {partial} partial (a site being taken apart "
              f"under the reader, none of it the other's), 0 mixed" if failures == 0 else f"{failures} FAILED")
        return 1 if failures else 0
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
