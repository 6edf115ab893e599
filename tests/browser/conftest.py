"""The browser tests' one Chromium per test process, shared by the site tests and the JupyterLab tests
(Playwright's sync API cannot be started twice in one process)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Chromium, launched once per test process; skipped without it (failed when CI is set)."""
    reason = None
    if not Path(CHROMIUM).is_file():
        reason = f"Chromium not found at {CHROMIUM} (make browser, or set CHROMIUM)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "the playwright Python package is not installed"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
