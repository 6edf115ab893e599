"""The answer key of the self-checks, as salted digests (``key.json``): a check compares the digest of the
student's answer with the stored one, as autograders do with hidden tests, so no answer is readable in the
student bundle's code. The key is written from the teacher's plain answers and the data package by
``python -m analysis teaching key`` (``answers.py``, which the bundle leaves out); a test keeps it in step.

A digest hides an answer from a reader, not from a determined student who hashes every candidate (the domains
are small), and the data package itself holds the coded table (``data/events.csv``): the teacher's guide says
which exercises are therefore done before the data is opened.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent / "key.json"


@lru_cache(maxsize=1)
def key() -> dict:
    return json.loads(PATH.read_text(encoding="utf-8"))


def digest(*parts: object, salt: str | None = None) -> str:
    """sha256 of the salt and the parts (unit separator between them), first 32 hex digits."""
    salt = key()["salt"] if salt is None else salt
    return hashlib.sha256("\x1f".join([salt, *map(str, parts)]).encode("utf-8")).hexdigest()[:32]


def canonical_counts(counts: dict[str, int]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(counts.items()))


def canonical_ids(ids) -> str:
    return ";".join(sorted(ids))


def entry(exercise: str) -> dict:
    return key()[exercise]
