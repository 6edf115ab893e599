"""Shared fixtures: the real package validated and loaded once per session, and writable copies of it."""
from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from analysis.paths import DATA


@pytest.fixture(scope="session")
def real_package():
    """``check()`` of the real data/ (explicitly data/, whatever $ANALYSIS_DATA_DIR says)."""
    from analysis.validate import check

    return check(DATA)


@pytest.fixture(scope="session")
def real_data():
    """``load()`` of the real data/."""
    from analysis.load import load

    return load(DATA)


@pytest.fixture(scope="session")
def real(real_data):
    """The real package, loaded (the name the figure, findings and criticism tests use)."""
    return real_data


@pytest.fixture(scope="session")
def mini(tmp_path_factory):
    """The hand-countable mini package (tests/mini_package.py), loaded once per session."""
    import mini_package
    from analysis.load import load

    return load(mini_package.build(tmp_path_factory.mktemp("mini")))


@pytest.fixture(scope="session")
def real_rows() -> dict[str, list[dict[str, str]]]:
    """The real tables read with the csv module only (independent of the code under test)."""
    rows = {}
    for path in sorted(DATA.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            rows[path.stem] = list(csv.DictReader(handle))
    return rows


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the whole data/ folder (raw text included); data/ itself is never touched."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    for path in [root, *root.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return root


REPORT_FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def make_report_fixture_data(folder: Path) -> Path:
    """A valid data package for the fixture notebooks: a copy of data/ plus their ``fixture-events.csv``
    (the report command checks the package before it builds)."""
    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    shutil.copy(REPORT_FIXTURES / "data" / "fixture-events.csv", folder / "fixture-events.csv")
    return folder


@pytest.fixture(scope="session")
def report_fixture_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture notebooks' data package (made once per session, per xdist worker)."""
    return make_report_fixture_data(tmp_path_factory.mktemp("report-fixture-data") / "data")

