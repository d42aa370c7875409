"""Test-session plumbing: command-line options and the snippet server."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import verification_records

TESTS = Path(__file__).resolve().parent

# The built site and a browser, shared by the site and browser tests.
pytest_plugins = ["site_fixtures"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("torch-notes")
    group.addoption("--update-outputs", action="store_true",
                    help="write the captured output of each selected snippet to its .out file")
    group.addoption("--snippet-timeout", type=float, default=20.0,
                    help="seconds before a snippet is killed and fails (default 20)")
    group.addoption("--snippet-timings", metavar="FILE",
                    help="write each snippet's own run time (seconds) to FILE as JSON")


class SnippetServer:
    """A `snippet_server.py` process; one request at a time."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, str(TESTS / "snippet_server.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", env=env,
        )
        self._hello: dict | None = None
        self.timings: dict[str, float] = {}
        self.results: dict[str, str] = {}  # snippet id -> "pass" | "fail"

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"snippet server died:\n{self.process.stderr.read()}")
        return json.loads(line)

    @property
    def hello(self) -> dict:
        if self._hello is None:
            self._hello = self._read()
        return self._hello

    @property
    def profile(self) -> str:
        """Which committed outputs this environment is judged against."""
        return "cuda" if self.hello["cuda_visible"] else "cpu"

    def run(self, path: Path, display: str, timeout: float) -> dict:
        _ = self.hello  # wait until torch is imported
        request = {"path": str(path), "display": display, "timeout": timeout}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._read()

    def environment(self) -> dict:
        """What the records say about this run's environment (asked of a forked child)."""
        probe = TESTS / "environment_probe.py"
        result = self.run(probe, "tests/environment_probe.py", 60)
        if result["returncode"] != 0:
            raise RuntimeError(f"environment probe failed:\n{result['stderr']}")
        return json.loads(result["stdout"])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


_server: SnippetServer | None = None


def pytest_collection_modifyitems(session, config, items) -> None:
    # Start importing torch in the server while the other tests run or collection finishes.
    global _server
    if _server is None and any(item.get_closest_marker("snippet") for item in items):
        _server = SnippetServer()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "snippet: runs a snippet file in the snippet server")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _server is None:
        return
    timings_file = config.getoption("--snippet-timings")
    if timings_file:
        Path(timings_file).write_text(json.dumps(_server.timings, indent=1))
    real = {sid: status for sid, status in _server.results.items() if not Path(sid).is_absolute()}
    if real:
        environment = _server.environment()
        verification_records.merge(environment.pop("profile"), environment, real)
    _server.close()


@pytest.fixture(scope="session")
def snippet_server() -> SnippetServer:
    global _server
    if _server is None:
        _server = SnippetServer()
    return _server
