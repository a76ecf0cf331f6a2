"""A live server over the curated data (with the texts when PROSOPO_SOURCES is set) and Debian's
headless Chromium driven by Playwright; every test leaves a screenshot of its page in
test-artifacts/screenshots/."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), (
        f"no Chromium at {CHROMIUM}: `apt-get install chromium` (.ci/run does)"
    )
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
