"""Search benchmark: every query of tests/search_queries.yml through the site's real search.

Builds the site (`mkdocs build --strict` of mkdocs.yml, as the tests do), serves it on 127.0.0.1,
and in headless Chromium enters each query into Material's search box. A query hits at rank k
when the page it should find is the k-th result page. Prints the top-1 and top-3 hit rates
(goal: top-3 >= 95 %), the search times, and every query that missed the top 3 with the
pages found instead.

    .venv/bin/python tests/bench_search.py              # build, then search
    .venv/bin/python tests/bench_search.py --site DIR   # search an already built site
    .venv/bin/python tests/bench_search.py --typed      # type key by key (slower)
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "hooks")]
import site_fixtures  # noqa: E402

QUERIES = Path(__file__).resolve().parent / "search_queries.yml"
HAN = re.compile(r"[\u4e00-\u9fff]")
GOAL_TOP3 = 0.95


def load_queries(path: Path = QUERIES) -> list[dict]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in entries:
        missing = {"q", "page", "kind"} - set(entry)
        if missing:
            raise SystemExit(f"{path.name}: {entry!r} lacks {', '.join(sorted(missing))}")
        if entry["kind"] not in ("zh", "en", "error"):
            raise SystemExit(f"{path.name}: {entry['q']!r}: kind must be zh, en or error")
    return entries


def describe(entries: list[dict]) -> str:
    total = len(entries)
    chinese = sum(bool(HAN.search(entry["q"])) for entry in entries)
    errors = sum(entry["kind"] == "error" for entry in entries)
    pages = len({entry["page"] for entry in entries})
    return (f"{total} queries over {pages} pages: {chinese} contain Chinese "
            f"({chinese / total:.0%}), {errors} are error messages ({errors / total:.0%})")


def run(site_dir: Path, entries: list[dict], typed: bool) -> list[tuple[dict, int | None, list[str], float]]:
    results = []
    with site_fixtures.serve(site_dir) as url, site_fixtures.launch_browser() as browser:
        page = browser.new_context().new_page()
        page.goto(url)
        for entry in entries:
            found = site_fixtures.search(page, entry["q"], typed=typed)
            rank = found.pages.index(entry["page"]) + 1 if entry["page"] in found.pages else None
            results.append((entry, rank, found.pages, found.ms))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (skips the build)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml",
                        help="MkDocs configuration to build (default mkdocs.yml)")
    parser.add_argument("--no-strict", action="store_true", help="build without --strict")
    parser.add_argument("--typed", action="store_true", help="type each query key by key")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query's rank")
    args = parser.parse_args()

    entries = load_queries(args.queries)
    print(describe(entries))
    with tempfile.TemporaryDirectory() as temp:
        site_dir = site_fixtures.benchmark_site(args.site, args.config_file, not args.no_strict, Path(temp))
        if site_dir is None:
            return 1
        built = {site_fixtures.page_source(path) for path in site_fixtures.nav_pages(site_dir)}
        absent = sorted({entry["page"] for entry in entries} - built)
        if absent:
            print(f"target pages not in the built site's navigation: {', '.join(absent)}")
        start = time.perf_counter()
        results = run(site_dir, entries, args.typed)
        elapsed = time.perf_counter() - start

    total = len(results)
    top1 = sum(rank == 1 for _, rank, _, _ in results)
    top3 = sum(rank is not None and rank <= 3 for _, rank, _, _ in results)
    times = sorted(ms for *_, ms in results if ms is not None)
    print(f"\n{'query':<64} rank")
    for entry, rank, pages, ms in results:
        if args.verbose or rank is None or rank > 3:
            shown = ", ".join(pages[:3]) or "(no results)"
            print(f"{entry['q'][:62]:<64} {rank or '-':>4}   want {entry['page']}; got {shown}")
    misses = [entry for entry, rank, _, _ in results if rank is None or rank > 3]
    print(f"\nmisses (not in the top 3): {len(misses)}")
    for kind in ("zh", "en", "error"):
        group = [(rank) for entry, rank, _, _ in results if entry["kind"] == kind]
        if group:
            hits = sum(rank is not None and rank <= 3 for rank in group)
            print(f"  {kind:<6} top-3 {hits}/{len(group)}")
    if times:
        print(f"search time, key-up to results: median {statistics.median(times):.0f} ms, "
              f"max {times[-1]:.0f} ms ({total} searches in {elapsed:.1f} s)")
    else:  # typed: every key-up searched, so there is no single key-up to time from
        print(f"{total} searches in {elapsed:.1f} s")
    print(f"top-1: {top1}/{total} = {top1 / total:.1%}")
    print(f"top-3: {top3}/{total} = {top3 / total:.1%}   (goal >= {GOAL_TOP3:.0%})")
    return 0 if top3 / total >= GOAL_TOP3 else 2


if __name__ == "__main__":
    sys.exit(main())
