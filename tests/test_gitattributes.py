"""Git never converts the data package's bytes: a checkout with ``core.autocrlf=true`` (a Windows default)
gives the raw article byte-identical and the tables with LF line endings (.gitattributes)."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.paths import DATA, ROOT


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="not a git checkout")
def test_a_crlf_checkout_keeps_the_data_bytes(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--no-checkout", "--no-hardlinks", str(ROOT), str(clone)], check=True,
                   capture_output=True)
    git("-c", "core.autocrlf=true", "checkout", "-q", "HEAD", "--", "data", ".gitattributes", cwd=clone)
    raw = sorted((clone / "data" / "raw").glob("*.txt"))
    assert raw, "no raw text in the checkout"
    for path in raw:
        original = DATA / "raw" / path.name
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(original.read_bytes()).digest(), path
    for path in sorted((clone / "data").glob("*.csv")):
        assert b"\r\n" not in path.read_bytes(), path
