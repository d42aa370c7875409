"""Test-session plumbing: command-line options and the snippet server."""
from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import verification_records
from snippet_server import MEMORY_LIMIT

TESTS = Path(__file__).resolve().parent

# The built site and a browser, shared by the site and browser tests.
pytest_plugins = ["site_fixtures"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("torch-notes")
    group.addoption("--update-outputs", action="store_true",
                    help="write the captured output of each selected snippet to its .out file, and the "
                         "verification records (snippets/verified/<profile>.json)")
    group.addoption("--snippet-timeout", type=float, default=20.0,
                    help="seconds before a snippet is killed and fails (default 20)")
    group.addoption("--snippet-timings", metavar="FILE",
                    help="write each snippet's own run time (seconds) to FILE as JSON")
    group.addoption("--snippet-jobs", type=int, default=len(os.sched_getaffinity(0)),
                    help="snippets run at the same time (default: the number of CPUs)")


class SnippetServer:
    """A `snippet_server.py` process. Runs are asked for in batches and collected by path."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.planned: list[Path] = []  # the selected snippet tests' files, run ahead as one batch
        self._finished: dict[str, dict] = {}
        self._asked: set[str] = set()
        self._requests: dict[str, dict] = {}  # asked, not yet answered: key -> request
        self._serial: list[str] = []  # after a crash of the server: keys rerun one at a time, in order
        self._runs = itertools.count()  # keys of single runs
        self._start()
        self.timings: dict[str, float] = {}
        self.results: dict[str, str] = {}  # snippet id -> "pass" | "fail"
        # "<snippet id>#<section>" -> whether its copy text ran alone and printed the shown output
        self.copies: dict[str, bool] = {}

    def _start(self) -> None:
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, str(TESTS / "snippet_server.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", env=env,
        )
        self._hello = None

    def _read(self) -> dict | None:
        """The server's next answer; None if it died."""
        line = self.process.stdout.readline()
        return json.loads(line) if line else None

    def _collect(self) -> None:
        """Files the next finished run's result under its key."""
        result = self._read()
        if result is None:
            self._recover()
            return
        self._finished[result["key"]] = result
        self._requests.pop(result["key"], None)
        if self._serial and self._serial[0] == result["key"]:
            self._serial.pop(0)

    def _recover(self) -> None:
        """The server died (a run killed it). Restart it and rerun what it had not answered, one
        at a time: if it dies again, the run it was on is the one to blame, and only that one."""
        self.process.wait()
        if self._serial:
            culprit = self._serial.pop(0)
            self._requests.pop(culprit)
            self._finished[culprit] = {
                "key": culprit, "returncode": None, "signal": None, "timed_out": False,
                "stdout": "", "stdout_size": 0, "stderr": "", "outcome": None, "leftovers": [],
                "server_died": f"exit status {self.process.returncode}"}
        self._start()
        _ = self.hello
        self._serial = list(self._requests)
        if self._serial:
            self._send([self._requests[key] for key in self._serial], jobs=1)

    def _send(self, requests: list[dict], jobs: int) -> None:
        self.process.stdin.write(json.dumps({"batch": requests, "jobs": jobs}) + "\n")
        self.process.stdin.flush()

    @property
    def hello(self) -> dict:
        if self._hello is None:
            self._hello = self._read()
            if self._hello is None:
                raise RuntimeError(f"the snippet server did not start:\n{self.process.stderr.read()}")
        return self._hello

    @property
    def profile(self) -> str:
        """Which committed outputs this environment is judged against."""
        return "cuda" if self.hello["cuda_visible"] else "cpu"

    @property
    def memory_limit(self) -> int | None:
        """Heap limit of each run: on CPU only (CUDA maps more address space than any cap)."""
        return None if self.hello["cuda_visible"] else MEMORY_LIMIT

    def ask(self, requests: list[dict]) -> None:
        """Starts runs; their results are collected by key."""
        requests = [r for r in requests if r["key"] not in self._asked and r["key"] not in self._finished]
        if not requests:
            return
        _ = self.hello  # wait until torch is imported
        self._asked.update(request["key"] for request in requests)
        self._requests.update((request["key"], request) for request in requests)
        if self._serial:  # rerunning after a crash: these wait their turn behind those
            self._serial += [request["key"] for request in requests]
        self._send(requests, jobs=1 if self._serial else self.jobs)

    def results_for(self, requests: list[dict]) -> dict[str, dict]:
        """The results of these runs, asking for those not asked for yet."""
        self.ask(requests)
        keys = [request["key"] for request in requests]
        while any(key not in self._finished for key in keys):
            self._collect()
        for key in keys:
            self._asked.discard(key)
        return {key: self._finished.pop(key) for key in keys}

    def run(self, source: str, display: str, timeout: float) -> dict:
        """The result of running `source` as a program of its own (tracebacks name `display`)."""
        request = {"key": f"run:{next(self._runs)}", "display": display, "source": source,
                   "timeout": timeout, "memory_limit": self.memory_limit}
        return self.results_for([request])[request["key"]]

    def wait_all(self) -> None:
        """Collects every result asked for; the tests that need them pick them up later."""
        while self._asked - set(self._finished):
            self._collect()

    def environment(self) -> dict:
        """What the records say about this run's environment (asked of a forked child)."""
        probe = TESTS / "environment_probe.py"
        result = self.run(probe.read_text(encoding="utf-8"), "tests/environment_probe.py", 60)
        if result["outcome"] is None or result["outcome"]["error"]:
            raise RuntimeError(f"environment probe failed:\n{result['stderr']}{result['outcome']}")
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
    if _server is not None:
        _server.planned = [item.callspec.params["snippet"] for item in items
                           if item.get_closest_marker("snippet")]


def pytest_configure(config: pytest.Config) -> None:
    # Start importing torch in the server now, while pytest collects and runs other tests.
    global _server
    if not config.getoption("--collect-only") and _server is None:
        _server = SnippetServer(config.getoption("--snippet-jobs"))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    # The site's snippets only (tests/test_failures.py runs broken ones from temporary folders).
    copies = {key: ok for key, ok in (_server.copies if _server else {}).items() if not key.startswith("/")}
    if not copies:
        return
    ran = sum(copies.values())
    total = len(copies)
    terminalreporter.write_sep("-", "reader-first snippets")
    terminalreporter.write_line(f"copy texts: {ran} of {total} sections ({100 * ran / total:.1f} %) ran alone "
                                "in a fresh process and printed the output shown under them")
    failed = sorted(key for key, ok in copies.items() if not ok)
    if failed:
        terminalreporter.write_line("not (yet): " + ", ".join(failed[:20]) + (" …" if len(failed) > 20 else ""))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _server is None:
        return
    timings_file = config.getoption("--snippet-timings")
    if timings_file:
        Path(timings_file).write_text(json.dumps(_server.timings, indent=1))
    real = {sid: status for sid, status in _server.results.items() if not Path(sid).is_absolute()}
    # Records change only when asked: a plain test run leaves the tree as it was.
    if real and config.getoption("--update-outputs"):
        verification_records.merge(_server.profile, _server.environment(), real)
    _server.close()


@pytest.fixture(scope="session")
def snippet_server() -> SnippetServer:
    assert _server is not None, "the snippet server starts in pytest_configure"
    return _server
