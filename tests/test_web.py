"""The web outputs in a real browser (Debian's Chromium)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.conftest import SeedBuild

pytestmark = pytest.mark.browser


def test_the_standalone_page_requests_nothing_from_any_host(
    browser: Browser, seed_build: SeedBuild
) -> None:
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(seed_build.page.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    schemes = {urlsplit(url).scheme for url in requested}
    assert schemes <= {"file", "data"}, requested
    hosts = {urlsplit(url).netloc for url in requested if urlsplit(url).scheme == "file"}
    assert hosts <= {""}
    # The fonts really are in use, from the page itself.
    assert page.evaluate("document.fonts.check('16px \"Briefgen Sans\"')")
    page.close()
