"""The teacher's answer key, in plain text, and the digests the self-checks compare with (``key.json``).

TEACHER ONLY: the student bundle leaves this file out (``teaching_build.TEACHER_ONLY``), and no module a
student's notebook imports reads it. ``python -m analysis teaching key`` rewrites ``key.json`` from it and from
the data package (run it after a change to the data); ``tests/test_teaching.py`` fails while the two differ.
"""
from __future__ import annotations

import json
import sys

from analysis.teaching.key import PATH, canonical_counts, canonical_ids, digest

SALT = "8ab0512811772c8873dc744124803570"

# Exercise 1 · reading: each segment event or context, and the words that date its event (None: no date given).
READING = {"S1": "context", "S2": "event", "S3": "context", "S4": "event"}
DATE_WORDS = {"S1": None, "S2": "8 مارس", "S3": None, "S4": None}  # a right answer contains these words


def expected_counts():
    """Exercises 3a and 3b, computed from the data package as the solutions of notebook 07 do."""
    from analysis.load import load

    data = load()
    events = data.events
    per_type = events["event_type"].astype(str).value_counts()
    per_agency = events.assign(agency=events["agencies"].astype("string").str.split(";")).explode("agency")
    per_agency = per_agency.dropna(subset=["agency"]).groupby("agency")["event_id"].nunique()
    mentions = data.mentions["event_id"].value_counts()
    claims = data.claims
    contradicted = claims.loc[(claims["field"] == "date") & (claims["verdict"] == "contradicted"), "event_id"]
    return ({str(k): int(v) for k, v in per_type.items() if v},
            {str(k).strip(): int(v) for k, v in per_agency.items() if v},
            set(mentions[mentions > 1].index), set(contradicted))


def build_key() -> dict:
    from analysis.teaching.checks import _date_fold

    d = lambda *parts: digest(*parts, salt=SALT)  # noqa: E731
    per_type, per_agency, retold, contradicted = expected_counts()
    key = {"salt": SALT,
           "reading": {"labels": {s: d("reading", s, label) for s, label in READING.items()},
                       "dated": {s: d("dated", s, "yes" if words else "no") for s, words in DATE_WORDS.items()},
                       "date": {s: d("date", s, _date_fold(words) if words else "") for s, words in DATE_WORDS.items()}}}
    for name, counts in (("3a", per_type), ("3b", per_agency)):
        key[name] = {"answer": d(name, canonical_counts(counts)), "total": sum(counts.values()),
                     "keys": sorted(d(name, "key", k) for k in counts),
                     "items": sorted(d(name, "item", k, v) for k, v in counts.items())}
    key["3c"] = {"answer": d("3c", canonical_ids(retold)), "size": len(retold)}
    key["5"] = {"answer": d("5", canonical_ids(contradicted)), "size": len(contradicted),
                "ids": sorted(d("5", "id", i) for i in contradicted)}
    return key


def key_text() -> str:
    return json.dumps(build_key(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis teaching key``: rewrite key.json from the answers above and the data package."""
    try:
        PATH.write_text(key_text(), encoding="utf-8")
    except Exception as error:  # noqa: BLE001 — one line, not a traceback
        print(f"teaching key failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(f"wrote {PATH.name}")
    return 0
