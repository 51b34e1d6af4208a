"""Browser tests: the bundled course's learner site, built once, served on 127.0.0.1 and
driven in headless Chromium (Debian's /usr/bin/chromium, through Playwright) with axe-core
from node_modules/. ``make test-deps`` (run by ``make test``) installs both.

Every test that uses ``page`` also checks, for free, that the page made no request to
another host and logged no console error and no uncaught exception."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__browser-tests__/axe.min.js"  # where pages load AXE from (see run_axe)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
# Not network requests: inline data, in-page blobs, blank pages, files (the offline copy).
LOCAL_SCHEMES = {"data", "blob", "about", "file"}
SERIOUS = {"serious", "critical"}
MISSING = "{} is missing: run `make test-deps` (scripts/install-test-deps.sh) first"


def build(course: Path, out: Path) -> Path:
    """``coursepack build --only site`` of ``course`` into ``out``; the site folder."""
    coursepack = Path(sys.executable).with_name("coursepack")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("CI", None)  # no ::error annotations in the captured output
    result = subprocess.run(
        [str(coursepack), "--course", str(course), "build", "--only", "site", "--out", str(out)],
        env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, (
        f"coursepack build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    site = out / "site"
    assert (site / "index.html").is_file(), f"no index.html in {site}"
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled course's learner site, built once per session; the site folder."""
    return build(REPO, tmp_path_factory.mktemp("browser") / "build")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` served on 127.0.0.1 (a free port); its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """``built_site`` served for the session: the front page, above the language sites."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.is_file():
        pytest.fail(MISSING.format(CHROMIUM))
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == LOCAL_HOST


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A fresh page (own context, 1280x800) that must stay on 127.0.0.1 and log no errors.

    Requests to other hosts are recorded and aborted (nothing leaves the machine); after the
    test, any such request, console error or uncaught page error fails it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    external: list[str] = []
    errors: list[str] = []
    context.route(lambda url: not _is_local(url), lambda route: route.abort())
    new_page = context.new_page()
    new_page.on("request", lambda request: None if _is_local(request.url)
                else external.append(f"{request.method} {request.url}"))
    new_page.on("console", lambda message: errors.append(
        f"console.error at {message.location.get('url')}: {message.text}")
        if message.type == "error" else None)
    new_page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    try:
        yield new_page
    finally:
        context.close()
    assert external == [], "requests to other hosts:\n" + "\n".join(external)
    assert errors == [], "console errors and uncaught page errors:\n" + "\n".join(errors)


def run_axe(page: Page) -> list[dict]:
    """axe-core's violations on ``page`` with impact serious or critical.

    The site's Content-Security-Policy forbids inline scripts, so axe.min.js is not inlined
    (``add_script_tag(path=...)``) but served by a route at a same-origin URL and loaded
    from there: the page keeps its real CSP while axe runs."""
    if not AXE.is_file():
        pytest.fail(MISSING.format(AXE))
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        url = urljoin(page.url, AXE_PATH)
        page.route(url, lambda route: route.fulfill(
            path=AXE, content_type="text/javascript; charset=utf-8"))
        try:
            page.add_script_tag(url=url)
        finally:
            page.unroute(url)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in violations if v.get("impact") in SERIOUS]


def describe(violations: list[dict]) -> str:
    """One line per failing node: rule id, impact, target selector, summary."""
    return "\n".join(
        f"{v['id']} ({v['impact']}) {node['target']}: {v['help']}"
        for v in violations for node in v["nodes"])
