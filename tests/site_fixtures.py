"""Fixtures for the site tests: the built site, a local http server for it, and a browser.

The site is built once per test session (`mkdocs build --strict` into a temporary directory);
test_site.py checks the build and test_browser.py uses the result. The server listens on
127.0.0.1 only, on a free port; the browser is Debian's Chromium driven by Playwright's sync API,
one per session.

The same helpers (`build_site`, `serve`, `launch_browser`) are used by the benchmark scripts.
"""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from page_model import page_source

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
# The site the tests check: the real configuration, strict. (A module constant so a developer's
# throw-away plugin can point it at a reduced configuration while pages are missing.)
MKDOCS_ARGS = ["-f", "mkdocs.yml", "--strict"]


@dataclass
class SiteBuild:
    site_dir: Path
    returncode: int
    log: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and (self.site_dir / "index.html").exists()


def build_site(site_dir: Path, args: list[str] | None = None) -> SiteBuild:
    """Run `mkdocs build` (by default of mkdocs.yml, strict) into site_dir; keep the log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(MKDOCS_ARGS if args is None else args),
         "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    return SiteBuild(site_dir, result.returncode, result.stdout + result.stderr)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def benchmark_site(site: Path | None, config_file: str, strict: bool, temp: Path) -> Path | None:
    """For the benchmark scripts: `site` when given, else a fresh build (None if it fails)."""
    if site is not None:
        return site
    start = time.perf_counter()
    build = build_site(temp / "site", ["-f", config_file] + (["--strict"] if strict else []))
    if not build.ok:
        print(build.log[-4000:])
        print(f"build failed (rc {build.returncode})")
        return None
    print(f"built {config_file} in {time.perf_counter() - start:.1f} s")
    return build.site_dir


@contextmanager
def serve(site_dir: Path):
    """Serve site_dir at http://127.0.0.1:<free port>/ from a background thread; yields the URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def launch_browser():
    """Debian's Chromium through Playwright (sync API); yields the Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _NavLinks(HTMLParser):
    """hrefs of Material's navigation links (a.md-nav__link) in one page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "md-nav__link" in (attributes.get("class") or "").split():
            self.hrefs.append(attributes.get("href") or "")


def nav_pages(site_dir: Path) -> list[str]:
    """Every page in the site's navigation, as URL paths relative to the site root ('' = home).

    Read from the built home page's navigation (the sitemap is empty without `site_url`).
    """
    parser = _NavLinks()
    parser.feed((site_dir / "index.html").read_text(encoding="utf-8"))
    pages: list[str] = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin("http://site/", href))
        if parts.netloc != "site":
            continue
        path = parts.path.lstrip("/")
        built = site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path
        if built.exists() and path not in pages:
            pages.append(path)
    return pages


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    """The site, built once per session with `mkdocs build --strict`, and its build log."""
    return build_site(tmp_path_factory.mktemp("site-build") / "site")


@pytest.fixture(scope="session")
def site_dir(site_build: SiteBuild) -> Path:
    """The built site's directory; fails the test if the build failed."""
    if not site_build.ok:
        pytest.fail(f"mkdocs build failed (rc {site_build.returncode}):\n{site_build.log[-4000:]}",
                    pytrace=False)
    return site_build.site_dir


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Base URL (ends with /) of the built site served on 127.0.0.1."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    with launch_browser() as chromium:
        yield chromium


# ---------------------------------------------------------------- search in the browser

SEARCH_INPUT = "input.md-search__input"
SEARCH_META = ".md-search-result__meta"
# Material's result-count line while the index loads and while the query is empty.
SEARCH_IDLE = ("初始化", "键入")

_SEARCH_PROBE = """() => {
  if (window.__tnSearchProbe) return;
  window.__tnSearchProbe = true;
  window.__tnKeyup = 0;
  window.__tnResult = 0;
  window.__tnHits = 0;
  document.querySelector('%s').addEventListener('keyup', () => {
    window.__tnKeyup = performance.now(); window.__tnResult = 0; window.__tnHits = 0;
  }, true);
  new MutationObserver(() => {
    if (!window.__tnResult) window.__tnResult = performance.now();
  }).observe(document.querySelector('%s'), {childList: true, characterData: true, subtree: true});
  new MutationObserver(() => {
    if (!window.__tnHits && document.querySelector('.md-search-result__item'))
      window.__tnHits = performance.now();
  }).observe(document.querySelector('.md-search-result__list'), {childList: true});
  window.__tnChanged = performance.now();
  new MutationObserver(() => { window.__tnChanged = performance.now(); })
    .observe(document.querySelector('.md-search-result'),
             {childList: true, characterData: true, subtree: true, attributes: true});
}""" % (SEARCH_INPUT, SEARCH_META)

_SEARCH_SETTLED = """() => {
  const text = document.querySelector('%s').textContent;
  return !%s.some(idle => text.includes(idle));
}""" % (SEARCH_META, json.dumps(SEARCH_IDLE))

_SEARCH_HITS = """() => [...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')]
  .map(link => new URL(link.href).pathname)"""


@dataclass
class SearchResult:
    query: str
    pages: list[str]      # result pages, best first, as docs/-relative sources (tensor/view_reshape.md)
    ms: float | None      # from the key-up that submitted the query to the results being shown


def search(page, query: str, *, typed: bool = False, timeout: float = 10_000,
           ready: bool = True) -> SearchResult:
    """Search the site through Material's search box in `page` (a loaded page of the site).

    The query is entered at once (like pasting) or, with typed=True, key by key; then End is
    pressed: Material reads the query on key-up, and typing Chinese sends no key-up.
    With ready=False the query is entered at once without waiting for the search to be ready (a
    reader typing right after the page loads), and the time runs to the first result shown: the
    query must have results.
    """
    box = page.locator(SEARCH_INPUT)
    page.evaluate(_SEARCH_PROBE)
    box.click()
    if box.input_value():
        box.fill("")
        box.press("End")
    if not ready:
        box.fill(query)
        box.press("End")
        page.wait_for_function("() => window.__tnHits > 0", timeout=timeout)
        ms = page.evaluate("() => window.__tnHits - window.__tnKeyup")
        return SearchResult(query, _result_pages(page), ms)
    # Material shows its prompt once the worker is ready and the box is empty; a query typed before
    # that can be answered by the worker's first (empty) search instead of its own
    page.wait_for_function(f"() => document.querySelector('{SEARCH_META}').textContent"
                           f".includes('{SEARCH_IDLE[1]}')", timeout=timeout)
    if typed:
        box.press_sequentially(query)
    else:
        box.fill(query)
    box.press("End")
    page.wait_for_function(_SEARCH_SETTLED, timeout=timeout)
    if typed:  # each key-up searched what was typed so far: wait until the results stop changing
        ms = None
        page.wait_for_function("() => performance.now() - window.__tnChanged > 400",
                               timeout=timeout, polling=100)
    else:  # one key-up, one search: time it
        page.wait_for_function("() => window.__tnResult > 0", timeout=timeout)
        ms = page.evaluate("() => window.__tnResult - window.__tnKeyup")
    return SearchResult(query, _result_pages(page), ms)


def _result_pages(page) -> list[str]:
    pages = []
    for path in page.evaluate(_SEARCH_HITS):
        source = page_source(path.lstrip("/"))
        if source not in pages:
            pages.append(source)
    return pages
