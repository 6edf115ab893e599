"""How validation and loading scale: valid packages of growing size, time and peak memory, fitted exponent.

    .venv/bin/python benchmarks/bench_scale.py                  # sizes 1, 4, 16, 64, 256 × the real package
    .venv/bin/python benchmarks/bench_scale.py --sizes 1,8,64 --repeat 3
    .venv/bin/python benchmarks/bench_scale.py --code /path/to/other/checkout   # measure another version
    .venv/bin/python benchmarks/bench_scale.py --blank 10000,40000,320000      # an invalid package: N blank lines

A package of size k holds k copies of the real one: the article repeated k times (one source, k × 6,505
code points), every event and mention copied with fresh ids and offsets shifted into its copy of the text,
the vocabularies unchanged. Each package is valid (checked before timing). Packages are written into a
temporary folder, never into data/. Each measurement runs in a fresh process (imports done before the
clock starts), so its peak memory (maximum resident set size, minus the process's size after imports) is
its own. The exponent is the least-squares slope of log(time) against log(size), over the sizes from 4× up
and over the three largest sizes, where the fixed cost (imports aside, ≈ 0.2 s of Frictionless set-up) no
longer hides the growth: 1 is linear, 2 quadratic.
``--blank`` times ``validate`` on the real package with N blank lines appended to mentions.csv: the cost of
reporting N problems.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _rows(name: str) -> list[list[str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(root: Path, name: str, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (root / name).write_bytes(out.getvalue().encode("utf-8"))


def make_package(root: Path, k: int) -> dict[str, int]:
    """Write a valid package of ``k`` copies of the real one into ``root``; return its row counts."""
    (root / "raw").mkdir(parents=True)
    for path in DATA.glob("*.csv"):
        (root / path.name).write_bytes(path.read_bytes())
    (root / "datapackage.json").write_bytes((DATA / "datapackage.json").read_bytes())
    sources = _rows("sources.csv")
    head = sources[0]
    raw_rel = sources[1][head.index("path")]
    text = (DATA / raw_rel).read_bytes().decode("utf-8")
    stride = len(text) + 1  # each copy of the article is followed by a line break
    grown = "\n".join([text] * k)
    raw = grown.encode("utf-8")
    (root / raw_rel).write_bytes(raw)
    sources[1][head.index("sha256")] = hashlib.sha256(raw).hexdigest()
    sources[1][head.index("bytes")] = str(len(raw))
    sources[1][head.index("code_points")] = str(len(grown))
    _write(root, "sources.csv", sources)

    def new_id(prefix: str, old: str, copy: int) -> str:
        return old if copy == 0 else f"{prefix}{copy:04d}{old[1:]}"

    events = _rows("events.csv")
    eid = events[0].index("event_id")
    grown_events = [events[0]]
    for copy in range(k):
        for row in events[1:]:
            grown_events.append([new_id("E", c, copy) if i == eid else c for i, c in enumerate(row)])
    _write(root, "events.csv", grown_events)

    mentions = _rows("mentions.csv")
    h = mentions[0]
    mid, meid, start, end = (h.index(c) for c in ("mention_id", "event_id", "char_start", "char_end"))
    grown_mentions = [h]
    for copy in range(k):
        for row in mentions[1:]:
            row = list(row)
            row[mid], row[meid] = new_id("M", row[mid], copy), new_id("E", row[meid], copy)
            row[start], row[end] = str(int(row[start]) + copy * stride), str(int(row[end]) + copy * stride)
            grown_mentions.append(row)
    _write(root, "mentions.csv", grown_mentions)

    claims = _rows("claims.csv")  # each copy's events carry their own claims against the record
    h = claims[0]
    cid, ceid = h.index("claim_id"), h.index("event_id")
    grown_claims = [h]
    for copy in range(k):
        for row in claims[1:]:
            row = list(row)
            row[cid], row[ceid] = new_id("C", row[cid], copy), new_id("E", row[ceid], copy)
            grown_claims.append(row)
    _write(root, "claims.csv", grown_claims)
    return {"events": len(grown_events) - 1, "mentions": len(grown_mentions) - 1, "claims": len(grown_claims) - 1,
            "code_points": len(grown)}


def _child(what: str, folder: str, code: str | None) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    if code:  # measure another checkout's analysis package instead of the installed (editable) one
        sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
        sys.path.insert(0, code)
    import frictionless  # noqa: F401 - imported lazily by the validator: import it before the clock starts

    from analysis.load import load
    from analysis.validate import check

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if what == "validate":
        ok = not check(folder).problems
    elif what == "invalid":
        ok = bool(check(folder).problems)
    else:
        load(folder)
        ok = True
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mib": peak / 1024, "ok": ok}))


def measure(what: str, folder: Path, code: str | None, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        result = subprocess.run([sys.executable, __file__, "--child", what, str(folder)] + (["--code", code] if code else []),
                                capture_output=True, text=True, check=True)
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    runs.sort(key=lambda r: r["seconds"])
    best = runs[len(runs) // 2]  # the median run
    if not best["ok"]:
        raise SystemExit(f"the generated package at {folder} is not {'invalid' if what == 'invalid' else 'valid'}")
    return best


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def blank_lines(counts: list[int], code: str | None, repeat: int) -> int:
    """validate on the real package with N blank lines appended to mentions.csv (N problems to report)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-blank-") as tmp:
        print(f"{'blank lines':>11} | {'validate s':>10} {'MiB':>6}")
        for n in counts:
            folder = Path(tmp) / f"b{n}"
            make_package(folder, 1)
            (folder / "mentions.csv").write_bytes((folder / "mentions.csv").read_bytes() + b"\n" * n)
            v = measure("invalid", folder, code, repeat)
            rows.append((n, v["seconds"]))
            print(f"{n:>11} | {v['seconds']:>10.2f} {v['peak_mib']:>6.0f}", flush=True)
    if len(rows) >= 2:
        print(f"fitted exponent (log-log slope): validate {slope([r[0] for r in rows], [r[1] for r in rows]):.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,4,16,64,256", help="comma-separated multiples of the real package")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (the median is shown)")
    parser.add_argument("--code", help="folder holding another version's analysis/ package to measure instead")
    parser.add_argument("--blank", help="comma-separated numbers of blank lines: time validate on an invalid package")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1], args.code)
        return 0
    if args.blank:
        return blank_lines(sorted({int(n) for n in args.blank.split(",")}), args.code, args.repeat)
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    if sizes[0] < 1:
        parser.error("sizes are positive integers")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        print(f"{'size':>5} {'events':>7} {'mentions':>8} {'text':>9} | {'validate s':>10} {'MiB':>6} | {'load s':>8} {'MiB':>6}")
        for k in sizes:
            folder = Path(tmp) / f"x{k}"
            counts = make_package(folder, k)
            v, ld = measure("validate", folder, args.code, args.repeat), measure("load", folder, args.code, args.repeat)
            rows.append((k, v["seconds"], ld["seconds"]))
            print(f"{k:>4}× {counts['events']:>7} {counts['mentions']:>8} {counts['code_points']:>9} | "
                  f"{v['seconds']:>10.2f} {v['peak_mib']:>6.0f} | {ld['seconds']:>8.2f} {ld['peak_mib']:>6.0f}", flush=True)
    for fit in ([r for r in rows if r[0] >= 4], rows[-3:]):  # from 4× up; the three largest sizes (growth regime)
        if len(fit) >= 2:
            print(f"fitted exponent (log-log slope, sizes {fit[0][0]}×–{fit[-1][0]}×): "
                  f"validate {slope([r[0] for r in fit], [r[1] for r in fit]):.2f}, "
                  f"load {slope([r[0] for r in fit], [r[2] for r in fit]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
