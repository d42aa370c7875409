"""Benchmark: how close the snippet suite comes to its floor.

    .venv/bin/python tests/bench_snippet_runner.py

Floor = one fresh `import torch` + the sum of the snippets' own run times (measured inside each
forked child, one snippet at a time). Wall = the whole `pytest tests/test_snippets.py` run, with
the default number of parallel jobs. Goal: wall / floor <= 1.3. The script also prints the floor
with the import the snippet server really does (torch and torch._dynamo).
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


def suite(python: str, *options: str) -> tuple[float, dict[str, float]]:
    """Wall time of the snippet tests, and each snippet's own run time."""
    with tempfile.TemporaryDirectory() as folder:
        timings_file = Path(folder, "timings.json")
        wall = seconds([python, "-m", "pytest", "tests/test_snippets.py", "-q", "-p", "no:cacheprovider",
                        f"--snippet-timings={timings_file}", *options])
        return wall, json.loads(timings_file.read_text())


def main() -> None:
    python = sys.executable
    import_torch = statistics.median(seconds([python, "-c", "import torch"]) for _ in range(3))
    # What the server really imports before forking: torch._dynamo too, which the first optimizer
    # would otherwise import in every child (about 1 s each).
    import_server = statistics.median(
        seconds([python, "-c", "import torch, torch._dynamo"]) for _ in range(3))
    # Own run times are measured one snippet at a time, so that none is slowed by another.
    serial_wall, timings = suite(python, "--snippet-jobs=1")
    wall, _ = suite(python)
    floor = import_torch + sum(timings.values())
    print(f"snippets run:          {len(timings)}")
    print(f"suite wall time:       {wall:.2f} s (default --snippet-jobs); "
          f"{serial_wall:.2f} s with --snippet-jobs=1")
    print(f"fresh import torch:    {import_torch:.2f} s (median of 3)")
    print(f"sum of snippet times:  {sum(timings.values()):.2f} s (measured with --snippet-jobs=1)")
    print(f"floor:                 {floor:.2f} s")
    print(f"ratio wall / floor:    {wall / floor:.2f}  (goal <= 1.30); "
          f"{serial_wall / floor:.2f} with --snippet-jobs=1")
    server_floor = import_server + sum(timings.values())
    print(f"import torch + torch._dynamo (what the server imports): {import_server:.2f} s; "
          f"floor with it {server_floor:.2f} s; ratio {wall / server_floor:.2f}")
    slowest = sorted(timings.items(), key=lambda item: -item[1])[:5]
    print("slowest snippets:      " + ", ".join(f"{name} {t:.2f} s" for name, t in slowest))


if __name__ == "__main__":
    main()
