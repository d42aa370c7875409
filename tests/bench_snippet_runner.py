"""Benchmark: how close the snippet suite comes to its floor.

    .venv/bin/python tests/bench_snippet_runner.py

Floor = one fresh `import torch` + the sum of the snippets' own run times, each measured inside
a forked child of a process that has imported torch only, one snippet at a time. Wall = the whole
`pytest tests/test_snippets.py` run as the suite runs it: the server also imports torch._dynamo
before forking (the first optimizer in a child would import it, about 1 s) and the snippets run
in parallel. Goal: wall / floor <= 1.3. Also printed: the same with the server's own imports.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seconds(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


def suite(python: str, *options: str, imports: str | None = None) -> tuple[float, dict[str, float]]:
    """Wall time of the snippet tests, and each snippet's own run time."""
    env = dict(os.environ, SNIPPET_SERVER_IMPORTS=imports) if imports else None
    with tempfile.TemporaryDirectory() as folder:
        timings_file = Path(folder, "timings.json")
        wall = seconds([python, "-m", "pytest", "tests/test_snippets.py", "-q", "-p", "no:cacheprovider",
                        f"--snippet-timings={timings_file}", *options], env)
        return wall, json.loads(timings_file.read_text())


def median_seconds(python: str, code: str) -> float:
    return statistics.median(seconds([python, "-c", code]) for _ in range(3))


def main() -> None:
    python = sys.executable
    import_torch = median_seconds(python, "import torch")
    import_server = median_seconds(python, "import torch, torch._dynamo")
    _, own = suite(python, "--snippet-jobs=1", imports="torch")
    _, own_warm = suite(python, "--snippet-jobs=1")
    wall, _ = suite(python)
    floor = import_torch + sum(own.values())
    warm_floor = import_server + sum(own_warm.values())
    print(f"snippets run:            {len(own)}")
    print(f"suite wall time:         {wall:.2f} s (pytest tests/test_snippets.py, default --snippet-jobs)")
    print(f"fresh import torch:      {import_torch:.2f} s (median of 3)")
    print(f"sum of snippet times:    {sum(own.values()):.2f} s (children of a process that imported torch)")
    print(f"floor:                   {floor:.2f} s")
    print(f"ratio wall / floor:      {wall / floor:.2f}  (goal <= 1.30)")
    print(f"with the server's imports (torch, torch._dynamo: {import_server:.2f} s): snippet times "
          f"{sum(own_warm.values()):.2f} s, floor {warm_floor:.2f} s, ratio {wall / warm_floor:.2f}")
    slowest = sorted(own.items(), key=lambda item: -item[1])[:5]
    print("slowest (torch only):    " + ", ".join(f"{name} {t:.2f} s" for name, t in slowest))


if __name__ == "__main__":
    main()
