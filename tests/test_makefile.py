"""The Makefile's choice of Python: checked before anything is installed, the accepted versions named when
none fits (nothing is created then)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="no make")
OLD = Path("/root/.pyenv/versions/3.10.13/bin/python3.10")
# Run from `make test PYTHON=…`, make passes its command-line variables down (MAKEFLAGS): not to these runs.
ENV = {k: v for k, v in os.environ.items()
       if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "PYTHON", "VENV", "CANDIDATES"}}


def make(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "env", f"VENV={tmp_path / 'venv'}", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env=ENV)


def test_an_unsupported_python_is_refused_before_anything_is_installed(tmp_path: Path) -> None:
    old = OLD if OLD.exists() else None
    if old is None:
        pytest.skip("no Python 3.10 on this machine")
    done = make(tmp_path, f"PYTHON={old}")
    assert done.returncode != 0
    assert f"PYTHON={old} is CPython 3.10" in done.stdout and "supported: CPython 3.11, 3.12 or 3.13" in done.stdout
    assert not (tmp_path / "venv").exists()


def test_a_missing_python_and_no_candidate_name_the_accepted_versions(tmp_path: Path) -> None:
    done = make(tmp_path, "PYTHON=no-such-python")
    assert done.returncode != 0 and "PYTHON=no-such-python: not found; supported: CPython 3.11, 3.12 or 3.13" in done.stdout
    done = make(tmp_path, "CANDIDATES=no-such-python3 python2.0")
    assert done.returncode != 0
    assert "no supported Python found (tried: no-such-python3 python2.0); install CPython 3.11, 3.12 or 3.13" in done.stdout
    assert not (tmp_path / "venv").exists()


def test_the_first_supported_candidate_is_taken() -> None:
    def which(*args: str) -> str:
        return subprocess.run(["make", "-s", "which-python", *args], cwd=ROOT, capture_output=True, text=True,
                              env=ENV).stdout

    version = ".".join(map(str, sys.version_info[:3]))
    assert which(f"CANDIDATES=no-such-python {sys.executable} python3") == f"{sys.executable}: Python {version}\n"
    if OLD.exists():  # an unsupported one before it is passed over
        assert which(f"CANDIDATES={OLD} {sys.executable}") == f"{sys.executable}: Python {version}\n"


def test_a_venv_of_another_python_is_not_used_for_python_given(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    other = Path("/usr/bin/python3.11")
    if not other.exists() or other.resolve() == Path(sys.executable).resolve():
        pytest.skip("needs a second Python")
    done = subprocess.run(["make", "-s", "check-venv", f"VENV={venv}", f"PYTHON={other}"], cwd=ROOT,
                          capture_output=True, text=True, env=ENV)
    assert done.returncode != 0 and f"{venv} was made by Python" in done.stdout and "rm -rf" in done.stdout
