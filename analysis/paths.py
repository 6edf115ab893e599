"""The one place for project paths, anchored at the project root (not the working directory)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT: Path = Path(__file__).resolve().parent.parent
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
NOTEBOOKS: Path = ROOT / "notebooks"
REPORTS: Path = ROOT / "reports"
FIGURES: Path = REPORTS / "figures"


def data_dir() -> Path:
    """The data package folder: ``$ANALYSIS_DATA_DIR`` when set (a copy of the package), else ``data/``."""
    override = os.environ.get("ANALYSIS_DATA_DIR")
    return Path(override).resolve() if override else DATA
