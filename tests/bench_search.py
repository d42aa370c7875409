"""Search benchmark: every query of tests/search_queries*.yml through the site's real search.

Builds the site (`mkdocs build --strict` of mkdocs.yml, as the tests do), serves it on 127.0.0.1,
and in headless Chromium enters each query into Material's search box. A query hits at rank k
when the page it should find is the k-th result page; a query no page answers (`page: none`) is
answered honestly when the search lists no page.

The queries are split once and for all into a tuning half and a test half by a hash of their text
(split_of): tune on the first, judge on the second. Prints top-1 and top-3 per half, for Chinese
and English queries and for error messages, the empty-state score, the search times, and every
query that missed the top 3 (tuning half only unless --verbose: the test half is for judging).

    .venv/bin/python tests/bench_search.py              # build, then search
    .venv/bin/python tests/bench_search.py --site DIR   # search an already built site
    .venv/bin/python tests/bench_search.py --typed      # type key by key (slower)
"""
from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import yaml

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "hooks")]
import site_fixtures  # noqa: E402

HERE = Path(__file__).resolve().parent
QUERY_FILES = [HERE / "search_queries.yml", HERE / "search_queries_real.yml"]
HAN = re.compile(r"[\u4e00-\u9fff]")
GOAL_TOP3, GOAL_TOP1 = 0.95, 0.85
NONE = "none"  # page: none, no page answers it
EMPTY_STATE = "api.md"  # the one entry the search shows when no page covers a query


def answers(entry: dict, reviewed: bool = True) -> list[str]:
    """The pages that answer a query, [] when none does: `page` is the collector's (one page, a
    list when several pages show and explain the same message, or none) and `also` the pages a
    second, blind reading of the pages found to answer it too. reviewed=False: `page` alone."""
    collected = entry["page"] if isinstance(entry["page"], list) else [entry["page"]]
    return [page for page in collected + (entry.get("also", []) if reviewed else []) if page != NONE]


def rank_of(entry: dict, pages: list[str], reviewed: bool = True) -> int | None:
    """Where the search put the answer to `entry`, given its result pages: the best rank of the
    pages that answer it, or for a query no page answers 1 when the search said so (no page, or
    only the pointer to the API index); None for a miss."""
    wanted = answers(entry, reviewed)
    if not wanted:
        return 1 if pages in ([], [EMPTY_STATE]) else None
    return min((pages.index(want) + 1 for want in wanted if want in pages), default=None)


def rates(ranks: list[int | None]) -> tuple[float, float]:
    """(top-1, top-3) hit rates of a list of ranks."""
    return (sum(rank == 1 for rank in ranks) / len(ranks),
            sum(rank is not None and rank <= 3 for rank in ranks) / len(ranks))


def split_of(query: str) -> str:
    """The half a query belongs to, fixed by its text alone: adding queries moves none."""
    return "tune" if hashlib.sha256(query.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def load_queries(paths: list[Path] = QUERY_FILES) -> list[dict]:
    entries, seen = [], set()
    for path in paths:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            missing = {"q", "page", "kind"} - set(entry)
            if missing:
                raise SystemExit(f"{path.name}: {entry!r} lacks {', '.join(sorted(missing))}")
            if not isinstance(entry.get("also", []), list):
                raise SystemExit(f"{path.name}: {entry['q']!r}: also must be a list of pages")
            if entry["kind"] not in ("zh", "en", "error"):
                raise SystemExit(f"{path.name}: {entry['q']!r}: kind must be zh, en or error")
            if entry["q"] in seen:
                raise SystemExit(f"{path.name}: {entry['q']!r} appears twice")
            seen.add(entry["q"])
            entries.append({**entry, "split": split_of(entry["q"]), "file": path.name})
    return entries


def describe(entries: list[dict]) -> str:
    total = len(entries)
    chinese = sum(bool(HAN.search(entry["q"])) for entry in entries)
    errors = sum(entry["kind"] == "error" for entry in entries)
    pages = len({page for entry in entries for page in answers(entry)})
    unanswered = sum(not answers(entry) for entry in entries)
    reviewed = sum("also" in entry for entry in entries)
    halves = " + ".join(f"{sum(e['split'] == half for e in entries)} {half}" for half in ("tune", "test"))
    return (f"{total} queries ({halves}) over {pages} pages: {chinese} contain Chinese "
            f"({chinese / total:.0%}), {errors} are error messages ({errors / total:.0%}), "
            f"{unanswered} have no page; the blind review added pages to {reviewed}")


class Result(NamedTuple):
    entry: dict
    rank: int | None        # with the review's `also`
    pages: list[str]        # the result pages, in order
    ms: float | None        # key-up to results
    collected: int | None   # the rank for `page` alone


def run(site_dir: Path, entries: list[dict], typed: bool) -> list[Result]:
    results = []
    with site_fixtures.serve(site_dir) as url, site_fixtures.launch_browser() as browser:
        page = browser.new_context().new_page()
        page.goto(url)
        for number, entry in enumerate(entries):
            # the first search also waits for the worker to read the index (slow on a loaded machine)
            found = site_fixtures.search(page, entry["q"], typed=typed,
                                         timeout=60_000 if number == 0 else 10_000)
            results.append(Result(entry, rank_of(entry, found.pages), found.pages, found.ms,
                                  rank_of(entry, found.pages, reviewed=False)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (skips the build)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml",
                        help="MkDocs configuration to build (default mkdocs.yml)")
    parser.add_argument("--no-strict", action="store_true", help="build without --strict")
    parser.add_argument("--typed", action="store_true", help="type each query key by key")
    parser.add_argument("--queries", type=Path, nargs="+", default=QUERY_FILES)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print every query's rank, test half included")
    args = parser.parse_args()

    entries = load_queries(args.queries)
    print(describe(entries))
    with tempfile.TemporaryDirectory() as temp:
        site_dir = site_fixtures.benchmark_site(args.site, args.config_file, not args.no_strict, Path(temp))
        if site_dir is None:
            return 1
        built = {site_fixtures.page_source(path) for path in site_fixtures.nav_pages(site_dir)}
        absent = sorted({page for entry in entries for page in answers(entry)} - built)
        if absent:
            print(f"target pages not in the built site's navigation: {', '.join(absent)}")
        start = time.perf_counter()
        results = run(site_dir, entries, args.typed)
        elapsed = time.perf_counter() - start

    print(f"\n{'query':<64} rank")
    for entry, rank, pages, _, _ in results:
        shown_half = args.verbose or entry["split"] == "tune"
        if shown_half and (args.verbose or rank is None or rank > 3):
            shown = ", ".join(pages[:3]) or "(no results)"
            print(f"{entry['q'][:62]:<64} {rank or '-':>4}   want {answers(entry) or NONE}; got {shown}")
    times = sorted(result.ms for result in results if result.ms is not None)
    if times:
        print(f"\nsearch time, key-up to results: median {statistics.median(times):.0f} ms, "
              f"max {times[-1]:.0f} ms ({len(results)} searches in {elapsed:.1f} s)")
    else:  # typed: every key-up searched, so there is no single key-up to time from
        print(f"\n{len(results)} searches in {elapsed:.1f} s")

    def score(label: str, group: list) -> tuple[float, float]:
        if not group:
            return 1.0, 1.0
        top1, top3 = rates(group)
        print(f"  {label:<22} n={len(group):<4} top-1 {top1:6.1%}   top-3 {top3:6.1%}")
        return top1, top3

    passed = True
    for half in ("tune", "test"):
        half_results = [result for result in results if result.entry["split"] == half]
        answered = [(result.entry, result.rank) for result in half_results if answers(result.entry)]
        print(f"\n{half} half")
        overall = score("all", [rank for _, rank in answered])
        chinese = score("Chinese", [rank for entry, rank in answered if HAN.search(entry["q"])])
        score("English", [rank for entry, rank in answered if not HAN.search(entry["q"])])
        errors = score("error messages", [rank for entry, rank in answered if entry["kind"] == "error"])
        score("real (sourced) only", [rank for entry, rank in answered if "source" in entry])
        empty = [result.rank for result in half_results if not answers(result.entry)]
        if empty:
            print(f"  {'no page: said so':<22} n={len(empty):<4} {sum(rank == 1 for rank in empty)}/{len(empty)}")
        score("collected pages only",   # without the review's `also`
              [result.collected for result in half_results if answers(result.entry, reviewed=False)])
        if half == "test":
            passed = all(top1 >= GOAL_TOP1 and top3 >= GOAL_TOP3 for top1, top3 in (overall, chinese, errors))
    print(f"\ngoal on the test half (all, Chinese, errors): top-1 >= {GOAL_TOP1:.0%}, "
          f"top-3 >= {GOAL_TOP3:.0%}: {'met' if passed else 'not met'}")
    return 0 if passed else 2


if __name__ == "__main__":
    sys.exit(main())
