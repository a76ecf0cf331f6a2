"""A live server over the curated data (with the texts when PROSOPO_SOURCES is set) and Debian's
headless Chromium driven by Playwright; every test leaves a screenshot of its page in
test-artifacts/screenshots/."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from api.main import create_app
from prosopo.build import build
from prosopo.config import Settings

from ..conftest import REPO_DATA, served_in_a_thread

SOURCES = os.environ.get("PROSOPO_SOURCES")  # read before the tests clear it
CHROMIUM = os.environ.get("PROSOPO_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent.parent.parent / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def site_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('site') / 'prosopo.sqlite'}"
    build(url, REPO_DATA, sources=Path(SOURCES) if SOURCES else None)
    return url


@pytest.fixture(scope="session")
def site(site_db: str) -> Iterator[str]:
    """The whole app (API and pages) served by uvicorn on a free port, in a thread."""
    with served_in_a_thread(create_app(Settings(database_url=site_db))) as base:
        yield base


def _installed() -> str | None:
    """Debian's Chromium, installed now if this machine can (as root, with apt); None if not,
    or the reason it could not be."""
    if Path(CHROMIUM).exists():
        return None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return f"no Chromium at {CHROMIUM}, and no apt-get as root to install it"
    command = ["apt-get", "install", "-y", "-q", "chromium", "fonts-nanum"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0 or not Path(CHROMIUM).exists():
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"no Chromium at {CHROMIUM}; `apt-get install chromium` failed: {last}"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Chromium, installed if need be; without it the browser tests skip with one line saying
    why, except under CI, which requires them."""
    missing = _installed()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} (CI requires the browser tests)")
        pytest.skip(missing)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, site: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop-sized page on the live site; what it asked of other hosts is in
    `page.foreign` (the pages must need nothing from the internet)."""
    context = browser.new_context(base_url=site, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    foreign: list[str] = []
    opened.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(site) else None,
    )
    opened.foreign = foreign  # type: ignore[attr-defined]
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    opened.screenshot(path=SCREENSHOTS / f"{request.node.name}-top.png")  # what a visit sees
    context.close()
