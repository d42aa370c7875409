"""The built site in a real browser (headless Chromium): search, math, copy buttons, requests,
console errors, accessibility and both colour palettes.

Every page in the navigation is loaded once (`visits`) and several checks read what that visit
recorded. The site is the session's strict build (site_fixtures), served on 127.0.0.1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest

import bench_search
import site_fixtures
from page_model import ROOT, read_sections

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
AXE_IMPACTS = ("serious", "critical")

# One search of each kind that readers make, and the page that must come first.
SEARCHES = [
    ("雅可比矩阵", "autograd/jacobian_hessian.md"),
    ("torch.utils.data.DataLoader", "data/dataloader.md"),
    ("RuntimeError: Trying to backward through the graph a second time", "autograd/backward.md"),
]
# The search benchmark's test half, whole, and the share of it that must be found first and in the
# first three: the level it reached when last set, rounded down to a whole percent, so that a drop
# fails. The goals (85 % and 95 %) are higher; bench_search.py reports whether they are met.
# Set at stop 27: 455 and 502 of 543. Until then this test took every fourth answered query, and
# any query added or relabelled before a member shifted which ones (its floors, 86 % and 93 %, were
# the fifth collection's sample's level); the whole half no longer shifts, and takes about a minute.
# It is lower than the old floors because the half grew: the sixth collection's test queries, rarer
# errors and Chinese issue titles, are harder (59 and 65 of its 76 answered ones); the queries the
# half held before reach 396 and 437 of 467 (84.8 % and 93.6 %).
# Set again at stop 28: 492 and 549 of 597. The seventh collection's 53 answered test queries are
# harder still (35 and 44 of them); the 544 the half held before reach 457 and 505 (84.0 %, 92.8 %),
# up from 455 and 502 at the start of stop 28.
TEST_TOP1, TEST_TOP3 = 0.82, 0.91
# Pages that must have rendered math (a guard against math silently turning into plain text).
MATH_PAGES = ["autograd/jacobian_hessian.md", "tensor/view_reshape.md"]
# Pages checked with axe in the dark palette too: home, code and math, a notebook.
DARK_PAGES = ["", "tensor/view_reshape/", "tutorials/text_classifier/"]
# Pages whose copy buttons are clicked: every section's copy text must reach the clipboard as the
# suite ran it.
COPY_PAGES = ["tensor/view_reshape.md", "autograd/jacobian_hessian.md", "data/dataloader.md",
              "cuda/cuda_available.md"]
# Desktop widths at which no code or output box may scroll sideways, and a phone's.
DESKTOP_WIDTHS = [1280, 1440, 1920]
PHONE_WIDTH = 390
# Boxes (pre > code) whose content is wider than the box: they scroll sideways.
SCROLLING_BOXES = """() => [...document.querySelectorAll('article pre > code')]
  .filter(code => code.scrollWidth > code.clientWidth + 1)
  .map(code => code.textContent.split('\\n').sort((a, b) => b.length - a.length)[0].slice(0, 60))"""

# TeX that KaTeX did not render, in the visible text outside code: \( \) \[ \] $$, a TeX command,
# or a $...$ pair (notebook Markdown cells keep $ delimiters).
RAW_TEX = re.compile(r"\\[()\[\]]|\$\$|\\[A-Za-z]{2,}"
                     r"|(?<![A-Za-z0-9$])\$[^$\s][^$\n]{0,200}?\$(?![A-Za-z0-9$])")

# Runs in each page after load: what the math looks like, and the visible text outside code.
PAGE_PROBE = """() => {
  const arithmatex = [...document.querySelectorAll('.arithmatex')];
  const article = document.querySelector('article') || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, .katex, .highlight, .jp-InputArea-editor')
    .forEach(e => e.remove());
  return {
    arithmatex: arithmatex.length,
    unrendered: arithmatex.filter(e => !e.querySelector('.katex'))
      .map(e => e.textContent.trim().slice(0, 80)),
    leftover: arithmatex.map(e => [...e.childNodes]
      .filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim())
      .filter(t => t),
    katex: document.querySelectorAll('.katex').length,
    text: copy.textContent,
  };
}"""

# Starts axe in the page without waiting for it; `AXE_RESULT` collects the result later, so that
# axe runs in one tab while the next page loads in another.
AXE_START = """() => {
  window.__axeResult = new Promise(resolve => setTimeout(resolve, 0)).then(() =>
    axe.run(document, {resultTypes: ['violations']})).then(result =>
    result.violations.filter(v => %s.includes(v.impact)).map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                summary: (n.failureSummary || '').replace(/\\s+/g, ' ')}))})));
}""" % list(AXE_IMPACTS)
AXE_RESULT = "() => window.__axeResult"


@dataclass
class Visit:
    path: str                          # URL path relative to the site root
    source: str                        # docs/-relative source
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)       # console errors, page errors
    bad_responses: list[str] = field(default_factory=list)
    probe: dict = field(default_factory=dict)
    scheme: str = ""                   # the body's data-md-color-scheme
    violations: list[dict] = field(default_factory=list)


def expects_math(site_dir: Path, visit: Visit) -> bool:
    html = (site_dir / visit.path / "index.html").read_text(encoding="utf-8")
    if 'class="arithmatex"' in html:
        return True
    if visit.source.endswith(".ipynb"):  # Markdown cells with $...$
        return bool(re.search(r"jp-RenderedMarkdown[\s\S]*?\$[^$\s]", html))
    return False


def visit_pages(browser, site_url: str, paths: list[str], color_scheme: str = "light",
                tabs: int = 3) -> dict[str, Visit]:
    """Load each page once; record its requests, console errors, math and axe violations.

    axe runs in the page after its checks, asynchronously, while the next pages load in other
    tabs (axe takes most of the time; this keeps both cores busy).
    """
    records = {path: Visit(path, site_fixtures.page_source(path)) for path in paths}
    context = browser.new_context(color_scheme=color_scheme)
    context.add_init_script(path=str(AXE_JS))
    pages = [context.new_page() for _ in range(min(tabs, len(paths)))]
    current: dict[int, str] = {}
    started_on: dict[object, str] = {}  # request -> the page it was made for

    def watch(index, tab):
        def record(attribute, value):
            if index in current:
                getattr(records[current[index]], attribute).append(value)

        def requested(request):
            started_on[request] = current.get(index)
            record("requests", request.url)

        def failed(request):
            # Navigating to the next page aborts what the previous one still fetched (its
            # search worker, say): no fault of either page.
            if request.failure == "net::ERR_ABORTED" and started_on.get(request) != current.get(index):
                return
            record("bad_responses", f"failed ({request.failure}) {request.url}")

        tab.on("request", requested)
        tab.on("console", lambda message: message.type == "error"
               and record("errors", f"console: {message.text}"))
        tab.on("pageerror", lambda error: record("errors", f"page error: {error}"))
        tab.on("response", lambda response: response.status >= 400
               and record("bad_responses", f"{response.status} {response.url}"))
        tab.on("requestfailed", failed)

    for index, tab in enumerate(pages):
        watch(index, tab)

    def finish(index):
        records[current.pop(index)].violations = pages[index].evaluate(AXE_RESULT)

    try:
        for number, path in enumerate(paths):
            index = number % len(pages)
            tab = pages[index]
            if index in current:
                finish(index)
            current[index] = path
            tab.goto(site_url + path, wait_until="load")
            try:  # katex-render.js marks <body data-tn-math> once the page's math is done
                tab.wait_for_function("() => document.body.dataset.tnMath !== undefined", timeout=5000)
            except Exception:  # noqa: BLE001 - reported by test_math_is_rendered
                pass
            records[path].probe = tab.evaluate(PAGE_PROBE)
            records[path].scheme = tab.evaluate("() => document.body.dataset.mdColorScheme")
            tab.evaluate(AXE_START)
        for index in list(current):
            finish(index)
    finally:
        context.close()
    return records


@pytest.fixture(scope="module")
def visits(browser, site_url, site_dir) -> dict[str, Visit]:
    """Every page of the navigation, loaded once in the light palette."""
    paths = site_fixtures.nav_pages(site_dir)
    assert len(paths) > 10, f"the navigation lists only {paths}"
    return visit_pages(browser, site_url, paths)


def accessibility_report(visits: dict[str, Visit]) -> list[str]:
    """One entry per axe rule: the pages it fails on and a few of the elements."""
    rules: dict[str, dict] = {}
    for visit in visits.values():
        for violation in visit.violations:
            rule = rules.setdefault(violation["id"], {"violation": violation, "pages": [],
                                                      "count": 0, "examples": {}})
            rule["pages"].append(visit.source)
            rule["count"] += len(violation["nodes"])
            for node in violation["nodes"]:
                # One example per distinct failure (e.g. per colour pair), not per element.
                key = re.sub(r"font size.*", "", node["summary"])
                rule["examples"].setdefault(key, f"{visit.source}: {node['target']}: "
                                                 f"{node['summary'][:220]}")
    report = []
    for rule_id, rule in rules.items():
        violation = rule["violation"]
        examples = "\n    ".join(list(rule["examples"].values())[:6])
        report.append(f"{rule_id} [{violation['impact']}] {violation['help']}: {rule['count']} "
                      f"element(s) on {len(rule['pages'])} page(s)\n    {examples}")
    return report


def test_every_page_requests_only_this_site(visits, site_url):
    own = urlsplit(site_url).netloc
    foreign = {}
    for visit in visits.values():
        others = sorted({url for url in visit.requests
                         if urlsplit(url).scheme not in ("data", "blob", "about")
                         and urlsplit(url).netloc != own})
        if others:
            foreign[visit.source] = others
    assert not foreign, "requests to other hosts:\n" + "\n".join(
        f"  {page}: {', '.join(urls)}" for page, urls in foreign.items())
    assert all(visit.requests for visit in visits.values())


def test_no_console_errors_or_failed_requests(visits):
    problems = {visit.source: visit.errors + visit.bad_responses
                for visit in visits.values() if visit.errors or visit.bad_responses}
    assert not problems, "console errors or failed requests:\n" + "\n".join(
        f"  {page}: {'; '.join(found)}" for page, found in problems.items())


def test_math_is_rendered(visits, site_dir):
    with_math = {visit.source for visit in visits.values() if expects_math(site_dir, visit)}
    missing = [page for page in MATH_PAGES if page not in with_math]
    assert not missing, f"pages expected to hold math have none: {missing}"
    problems = {}
    for visit in visits.values():
        probe = visit.probe
        found = []
        if visit.source in with_math and not probe["katex"]:
            found.append("no .katex element")
        if probe["unrendered"]:
            found.append(f"unrendered .arithmatex: {probe['unrendered'][:3]}")
        if probe["leftover"]:
            found.append(f"TeX text left in .arithmatex: {probe['leftover'][:3]}")
        raw = RAW_TEX.findall(probe["text"])
        if raw:
            found.append(f"raw TeX in the visible text: {raw[:5]}")
        if found:
            problems[visit.source] = found
    assert not problems, "math not rendered:\n" + "\n".join(
        f"  {page}: {'; '.join(found)}" for page, found in problems.items())


def test_no_serious_accessibility_violations(visits):
    report = accessibility_report(visits)
    assert not report, "axe: serious or critical violations (light palette):\n" + "\n".join(report)


def test_dark_palette_accessibility(browser, site_url, site_dir):
    """The dark palette on a few representative pages: chrome, code and math, notebook."""
    built = site_fixtures.nav_pages(site_dir)
    paths = [path for path in DARK_PAGES if path in built]
    visits = visit_pages(browser, site_url, paths, color_scheme="dark")
    schemes = {visit.source: visit.scheme for visit in visits.values() if visit.scheme != "slate"}
    assert not schemes, f"a dark browser did not get the slate palette: {schemes}"
    report = accessibility_report(visits)
    assert not report, "axe: serious or critical violations (dark palette):\n" + "\n".join(report)


def test_search_finds_the_right_page_first(browser, site_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url)
        wrong = []
        for query, expected in SEARCHES:
            result = site_fixtures.search(page, query, typed=True)
            if not result.pages or result.pages[0] != expected:
                wrong.append(f"{query!r}: expected {expected} first, got {result.pages[:3]}")
        assert not wrong, "\n".join(wrong)
    finally:
        context.close()


def test_search_rules_of_the_worker(browser, site_url):
    """docs/assets/javascripts/workers/tn-search.js behind Material's box: quotes make no word
    required, identifiers are found by their parts, and a query no page covers gets the honest
    empty state."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url)
        # the first search waits for the worker to read the index (slow on a loaded machine)
        quoted = site_fixtures.search(page, '"optimizer" 加载 "epoch"', timeout=60_000).pages
        plain = site_fixtures.search(page, "optimizer 加载 epoch").pages
        assert quoted == plain and quoted, (quoted, plain)
        assert "serialization/load_state_dict.md" in site_fixtures.search(page, "state_dict").pages
        assert site_fixtures.search(page, "hook").pages[0] == "nn/hooks.md"
        empty = site_fixtures.search(page, "量子纠缠")
        assert empty.pages == ["api.md"], empty.pages
        title = page.locator(".md-search-result__item").first.inner_text()
        assert "没有页面专门讲这个问题" in title
    finally:
        context.close()


def test_search_on_the_test_half(browser, site_url):
    """Every answered query of tests/bench_search.py's test half, pasted into the search box.
    bench_search.py measures both halves; this guards the level the test half reached. Misses are
    counted, not listed: the test half is for judging (bench_search.py -v lists them)."""
    half = [entry for entry in bench_search.load_queries()
            if entry["split"] == "test" and bench_search.answers(entry)]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url)
        ranks = [bench_search.rank_of(entry, site_fixtures.search(page, entry["q"], timeout=60_000).pages)
                 for entry in half]
    finally:
        context.close()
    top1, top3 = bench_search.rates(ranks)
    assert top1 >= TEST_TOP1 and top3 >= TEST_TOP3, (
        f"{len(ranks)} test-half queries: top-1 {top1:.1%} (at least {TEST_TOP1:.0%}), "
        f"top-3 {top3:.1%} (at least {TEST_TOP3:.0%})")


@pytest.mark.parametrize("page_source", COPY_PAGES)
def test_copy_button_copies_the_tested_program(browser, site_url, page_source):
    origin = site_url.rstrip("/")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        page = context.new_page()
        page.goto(site_url + page_source.removesuffix(".md") + "/")
        assert page.locator(".tn-output button").count() == 0, f"{page_source}: an output has a copy button"
        buttons = page.locator("button.md-code__button[data-md-type='copy']")
        snippet = ROOT / "snippets" / page_source.replace(".md", ".py")
        wanted = {section.copy_text(): name for name, section in read_sections(snippet).items()}
        copied_sections = set()
        for number in range(buttons.count()):
            button = buttons.nth(number)
            page.evaluate("() => navigator.clipboard.writeText('')")
            button.scroll_into_view_if_needed()
            button.click()
            page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)",
                                   timeout=5000)
            copied = page.evaluate("() => navigator.clipboard.readText()")
            if copied.rstrip("\n") + "\n" in wanted:
                copied_sections.add(wanted[copied.rstrip("\n") + "\n"])
        missing = sorted(set(wanted.values()) - copied_sections)
        assert not missing, (f"{page_source}: no copy button copied the tested text of sections {missing} "
                             f"of {snippet.name}")
    finally:
        context.close()


def test_no_code_box_scrolls_sideways(browser, site_url, site_dir):
    """At 1280, 1440 and 1920 px no code or output box scrolls; on a 390 px phone lines wrap."""
    paths = site_fixtures.nav_pages(site_dir)
    context = browser.new_context()
    wide = []
    try:
        page = context.new_page()
        for width in [*DESKTOP_WIDTHS, PHONE_WIDTH]:
            page.set_viewport_size({"width": width, "height": 900})
            for path in paths:
                page.goto(site_url + path, wait_until="domcontentloaded")
                wide += [f"{width} px, /{path}: {line!r}" for line in page.evaluate(SCROLLING_BOXES)]
    finally:
        context.close()
    assert not wide, f"{len(wide)} boxes scroll sideways:\n" + "\n".join(wide[:30])


def test_light_and_dark_palettes(browser, site_url):
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url)
        scheme = "() => document.body.getAttribute('data-md-color-scheme')"
        background = "() => getComputedStyle(document.body).backgroundColor"
        assert page.evaluate(scheme) == "default"
        light = page.evaluate(background)
        page.locator("form[data-md-component='palette'] label:visible").click()
        page.wait_for_function(f"() => ({scheme})() === 'slate'", timeout=5000)
        dark = page.evaluate(background)
        assert dark != light, f"the dark palette did not change the background ({light})"
        page.locator("form[data-md-component='palette'] label:visible").click()
        page.wait_for_function(f"() => ({scheme})() === 'default'", timeout=5000)
        assert page.evaluate(background) == light
    finally:
        context.close()
