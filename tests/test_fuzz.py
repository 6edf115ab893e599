"""Fuzz: seeded mutated copies of the real package, one hostile value in one random cell each.

Whatever the value, ``load()`` (which validates first) either returns or raises ``DataPackageError``:
``validate`` never raises, and a package that validates always loads — the validator and the loaders
share one definition of a valid cell. The printed problems hold no control character.
"""
from __future__ import annotations

import csv
import io
import os
import random
import shutil
import unicodedata
from pathlib import Path

import pytest

from analysis.load import EventData, load
from analysis.paths import DATA
from analysis.validate import DataPackageError

# 40 mutations take ≈ 6 s here (each is a full validate + load, ≈ 0.15 s, mostly Frictionless' fixed cost);
# FUZZ_MUTATIONS=2000 FUZZ_SEED=… runs a longer hunt.
SEED = int(os.environ.get("FUZZ_SEED", "20260529"))
MUTATIONS = int(os.environ.get("FUZZ_MUTATIONS", "25"))
TABLES = ("events.csv", "mentions.csv", "agencies.csv", "sources.csv", "actors.csv", "event_types.csv", "cooperation_types.csv")
HOSTILE = [
    "", " ", "\t", "٣", "٣٤.٩٢", "١٢٣٤٥", "3_000", "3,000", "1" * 26, str(2**63), str(-(2**63) - 1), "-0", "007",
    "NaN", "nan", "inf", "-Infinity", "1e3", "0x10", "+5", "4.0", "0000", "0000-01-01", "9999-12-31", "1677-09-20",
    "2022-02-29", "2022-13", "2022-00", "٢٠٢٢-٠٥-٠٨", "20220508", "..", "true", "1", "yes", "\x00", "\x1b[31m", "\r",
    "\x85", "\u202e", "\ud800", "\udc80", ";", ";;;", "; ;", ">", "A>A", "@", "@MA>US", "E01", "M01", "E99", "FBI",
    "x" * 140_000, "ا" * 5_000, "\ufeff", "𝟚", "²", "½", "-1", "0", "90.0000001", "-180.5", "<script>", "'", '"',
]


def _copy(tmp: Path) -> Path:
    root = tmp / "data"
    shutil.copytree(DATA, root)
    return root


def _mutate(root: Path, rng: random.Random) -> str:
    name = rng.choice(TABLES)
    with open(root / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    row, column = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
    value = rng.choice(HOSTILE)
    if rng.random() < 0.3 and value:  # sometimes keep the old cell and add the hostile text to it
        value = rows[row][column] + value if rng.random() < 0.5 else value + rows[row][column]
    rows[row][column] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (root / name).write_bytes(out.getvalue().encode("utf-8", errors="surrogatepass"))
    return f"{name} row {row + 1} column {rows[0][column]} = {value[:40]!r}"


def test_fuzz_validate_ok_means_load_ok(tmp_path: Path):
    rng = random.Random(SEED)
    outcomes = {"loaded": 0, "refused": 0}
    for i in range(MUTATIONS):
        root = _copy(tmp_path / str(i))
        what = _mutate(root, rng)
        try:
            data = load(root)  # validates first
        except DataPackageError as exc:
            assert exc.problems, what
            for line in map(str, exc.problems):
                assert not any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in line), (what, line)
            outcomes["refused"] += 1
        except Exception as exc:  # noqa: BLE001 - the property under test: nothing else escapes
            pytest.fail(f"{what}: {type(exc).__name__}: {exc}")
        else:
            assert isinstance(data, EventData)
            outcomes["loaded"] += 1
        shutil.rmtree(root)
    # the fuzz exercises both sides of the property
    assert outcomes["loaded"] >= MUTATIONS // 20 and outcomes["refused"] >= MUTATIONS // 2, outcomes
