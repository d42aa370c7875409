"""Page weight, render time and search latency of the built site, in headless Chromium.

Builds the site (`mkdocs build --strict` of mkdocs.yml), serves it on 127.0.0.1 and, for one page
of each kind (plain, math, notebook), loads it cold (fresh browser context, cache disabled) and
prints:

- the bytes transferred: the sum of the response bodies of every request the page makes until
  the network is idle (the local server does not compress; a gzip estimate is printed beside);
- the time to render: the load event, and the moment all math is rendered (KaTeX);
- when Material's search index is ready.

Then the search latency: from the key-up that submits a query to the results being shown, for
the first query on a freshly loaded page and for the queries of tests/search_queries.yml.

Goals printed beside: a typical page under 500 KB, the first search result under 200 ms, each
query after it under 50 ms; the exit status is 2 when one is missed.

With --scale N, the same measurements run on a copy of the site whose search index holds every
entry N times (copies under made-up locations x1/, x2/, ...): what the browser does on every page
load (download and build the index) and per query, for a site N times as large.

    .venv/bin/python tests/bench_pages.py              # build, then measure
    .venv/bin/python tests/bench_pages.py --site DIR   # measure an already built site
    .venv/bin/python tests/bench_pages.py --scale 3    # ... as if the site had 3 times the pages
"""
from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "hooks")]
import bench_search  # noqa: E402
import site_fixtures  # noqa: E402

GOAL_BYTES = 500 * 1024
GOAL_SEARCH_MS = 200  # the first result on a fresh page
GOAL_TYPING_MS = 50  # each query after that, key-up to results
KINDS = [  # (kind, candidate pages, first that exists wins)
    ("plain", ["glossary/"]),
    ("math", ["autograd/jacobian_hessian/", "tensor/view_reshape/"]),
    ("notebook", None),  # the first page under tutorials/
]

# Runs before any page script: records when all math is rendered and when search is ready.
TIMING_PROBE = """
(() => {
  const check = () => {
    // katex-render.js sets <body data-tn-math> to "rendered" or "none" when the math is done.
    if (window.__tnMath === undefined && document.body && document.body.dataset.tnMath)
      window.__tnMath = performance.now();
    const meta = document.querySelector('.md-search-result__meta');
    if (meta && window.__tnSearchReady === undefined && meta.textContent.includes('键入'))
      window.__tnSearchReady = performance.now();
    if (window.__tnMath === undefined || window.__tnSearchReady === undefined)
      requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


def kind_of(path: str) -> str:
    name = path.rsplit("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    if path.endswith("/") or name.endswith(".html") or "." not in name:
        return "html"
    extension = name.rsplit(".", 1)[-1]
    if name == "search_index.json":
        return "search index"
    return {"js": "js", "css": "css", "woff2": "fonts", "woff": "fonts", "ttf": "fonts",
            "json": "json", "png": "images", "svg": "images", "ico": "images"}.get(extension, extension)


def measure_page(browser, url: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.add_init_script(TIMING_PROBE)
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="networkidle")
        page.wait_for_function("() => window.__tnMath !== undefined && "
                               "window.__tnSearchReady !== undefined", timeout=30_000)
        timing = page.evaluate("""() => {
          const nav = performance.getEntriesByType('navigation')[0];
          return {load: nav.loadEventEnd, dcl: nav.domContentLoadedEventEnd,
                  math: window.__tnMath, search: window.__tnSearchReady,
                  katex: document.querySelectorAll('.katex').length};
        }""")
        raw = gzipped = 0
        by_kind: Counter = Counter()
        for response in responses:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                continue
            raw += len(body)
            gzipped += len(gzip.compress(body, 6))
            by_kind[kind_of(response.url)] += len(body)
        return {"requests": len(responses), "bytes": raw, "gzip": gzipped, "by_kind": by_kind,
                **timing}
    finally:
        context.close()


def measure_search(browser, url: str, queries: list[str]) -> tuple[float, list[float]]:
    """(ms of the first query on a fresh page, ms of each query afterwards)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        # typed right after the load event, before the search may be ready; timed to the results
        first = site_fixtures.search(page, queries[0], ready=False).ms
        return first, [site_fixtures.search(page, query).ms for query in queries]
    finally:
        context.close()


def scaled_copy(site_dir: Path, factor: int, target: Path) -> Path:
    """A copy of the site whose search index has every entry `factor` times."""
    shutil.copytree(site_dir, target)
    path = target / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    docs, words = index["docs"], index["config"]["tn"]["docs"]  # entries, their prebuilt words
    index["docs"] = docs + [{**doc, "location": f"x{copy}/{doc['location']}"}
                            for copy in range(1, factor) for doc in docs]
    index["config"]["tn"]["docs"] = words * factor
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target


def kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (skips the build)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("--no-strict", action="store_true")
    parser.add_argument("--scale", type=int, default=1, help="measure as if the site had N times the pages")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temp:
        site_dir = site_fixtures.benchmark_site(args.site, args.config_file, not args.no_strict, Path(temp))
        if site_dir is None:
            return 1
        pages = site_fixtures.nav_pages(site_dir)
        if args.scale > 1:
            site_dir = scaled_copy(site_dir, args.scale, Path(temp) / "scaled")
        index_file = site_dir / "search" / "search_index.json"
        index_bytes = index_file.read_bytes()
        entries = len(json.loads(index_bytes)["docs"])
        chosen = []
        for kind, candidates in KINDS:
            if candidates is None:
                candidates = [path for path in pages if path.startswith("tutorials/")]
            found = next((path for path in candidates if path in pages), None)
            if found is None:
                print(f"no {kind} page yet")
            else:
                chosen.append((kind, found))
        queries = [entry["q"] for entry in bench_search.load_queries()]

        with site_fixtures.serve(site_dir) as url, site_fixtures.launch_browser() as browser:
            results = [(kind, path, measure_page(browser, url + path)) for kind, path in chosen]
            first, warm = measure_search(browser, url + "tensor/view_reshape/"
                                         if "tensor/view_reshape/" in pages else url, queries)

    print(f"search index: {entries} entries ({len(pages)} pages x {args.scale}), {kb(len(index_bytes))}, "
          f"gzip {kb(len(gzip.compress(index_bytes, 6)))}")
    print(f"\ncold load, cache disabled (goal: a typical page under {kb(GOAL_BYTES)})")
    print(f"{'kind':<9} {'page':<28} {'requests':>8} {'bytes':>9} {'gzip':>9} {'DOM ready':>10} "
          f"{'load':>8} {'math':>8} {'search ready':>13}")
    for kind, path, result in results:
        math = f"{result['math']:.0f} ms" if result["katex"] else "(none)"
        flag = "" if result["bytes"] < GOAL_BYTES else (
            "  over goal" + (" (gzip under)" if result["gzip"] < GOAL_BYTES else ""))
        print(f"{kind:<9} {path:<28} {result['requests']:>8} {kb(result['bytes']):>9} "
              f"{kb(result['gzip']):>9} {result['dcl']:>7.0f} ms {result['load']:>5.0f} ms "
              f"{math:>8} {result['search']:>10.0f} ms{flag}")
    for kind, path, result in results:
        parts = ", ".join(f"{name} {kb(size)}" for name, size in result["by_kind"].most_common())
        print(f"  {kind}: {parts}")
    median = statistics.median(warm)
    print(f"\nsearch, key-up to results: first query on a fresh page {first:.0f} ms "
          f"(goal: under {GOAL_SEARCH_MS} ms); {len(warm)} queries (goal: under {GOAL_TYPING_MS} ms): "
          f"median {median:.0f} ms, 90th percentile {statistics.quantiles(warm, n=10)[-1]:.0f} ms, "
          f"max {max(warm):.0f} ms")
    slowest = sorted(zip(warm, queries), reverse=True)[:5]
    print("  slowest: " + "; ".join(f"{ms:.0f} ms {query[:60]!r}" for ms, query in slowest))
    ok = all(result["bytes"] < GOAL_BYTES for kind, _, result in results if kind != "notebook")
    return 0 if ok and first < GOAL_SEARCH_MS and max(warm) < GOAL_TYPING_MS else 2


if __name__ == "__main__":
    sys.exit(main())
