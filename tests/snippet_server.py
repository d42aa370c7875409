"""Runs snippets in forked children of one process that has imported torch.

Started by the test session (`python tests/snippet_server.py`). Reads one JSON request per line
on stdin, {"batch": [{"path", "display", "timeout"}, ...], "jobs": N}, runs the batch N at a time
and answers one JSON line on stdout per snippet, in the order they finish.

Why a separate process that only imports torch: importing torch costs seconds, forking costs
milliseconds; and a parent that ran multi-threaded ops or touched CUDA makes forked children
deadlock or fail (see shared/notes/toolchain.md). This process does neither: GPU visibility is
asked in a forked child, because `torch.cuda.is_available()` initialises the CUDA driver wherever
NVML cannot answer (a CUDA build of torch on a machine without a GPU driver), and every child
forked after that fails with "Cannot re-initialize CUDA in forked subprocess".
"""
from __future__ import annotations

import importlib
import json
import linecache
import os
import signal
import sys
import tempfile
import time
import traceback
import types
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from snippet_sections import MARKER  # noqa: E402

SENTINEL = "\x1e"  # starts a section-boundary line in the captured stdout


def instrument(source: str) -> str:
    """Turn each section marker comment into a call that writes a boundary line.

    Line numbers are unchanged, so tracebacks point at the snippet's own lines.
    """
    lines = []
    for line in source.split("\n"):
        match = MARKER.match(line)
        if match:
            line = f'{match["indent"]}__section__("{match["kind"]}", "{match["name"]}")'
        lines.append(line)
    return "\n".join(lines)


def section_boundary(kind: str, name: str) -> None:
    sys.stdout.flush()
    os.write(1, f"{SENTINEL}{kind}:{name}\n".encode())


def describe_failure(path: str, error: BaseException) -> str:
    """'path:line: Type: message' for the innermost frame in the snippet, then its traceback."""
    line = None
    if isinstance(error, SyntaxError) and error.filename == path:
        line = error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
    if frames:
        line = frames[-1].lineno
    summary = error.msg if isinstance(error, SyntaxError) else str(error)
    head = f"{path}:{line}: " if line else f"{path}: "
    details = "".join(traceback.format_list(frames) if frames else [])
    details += "".join(traceback.format_exception_only(type(error), error))
    return f"{head}{type(error).__name__}: {summary}\n{details}"


def child(path: str, display: str, cwd: str, run_dir: str) -> None:
    """Runs in the forked child: never returns."""
    os.setpgid(0, 0)  # own process group: a timeout kills the snippet's workers too
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        out = os.open(os.path.join(run_dir, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, fd)
        os.close(out)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    os.chdir(cwd)
    sys.argv = [path]
    status = 0
    start = time.perf_counter()
    try:
        source = Path(path).read_text(encoding="utf-8")
        # Tracebacks name the file as the repository does and still show its lines.
        linecache.cache[display] = (len(source), None, source.splitlines(keepends=True), display)
        code = compile(instrument(source), display, "exec")
        # A fresh __main__ module, as `python snippet.py` has: classes the snippet defines then
        # pickle by reference to __main__ (DataLoader workers, torch.save of a whole module).
        main = types.ModuleType("__main__")
        main.__file__ = path
        main.__section__ = section_boundary
        sys.modules["__main__"] = main
        exec(code, main.__dict__)
    except SystemExit as error:
        status = error.code if isinstance(error.code, int) else (0 if error.code is None else 1)
        if status:
            sys.stderr.write(f"{display}: SystemExit({error.code!r})\n")
    except BaseException as error:  # noqa: BLE001  (report anything the snippet raises)
        status = 1
        sys.stderr.write(describe_failure(display, error))
    duration = time.perf_counter() - start
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        Path(run_dir, "duration").write_text(repr(duration))
    finally:
        os._exit(status)


@dataclass
class Job:
    request: dict
    pid: int
    deadline: float
    run_dir: tempfile.TemporaryDirectory
    cwd: tempfile.TemporaryDirectory


def start(request: dict) -> Job:
    run_dir = tempfile.TemporaryDirectory(prefix="snippet-run-")
    cwd = tempfile.TemporaryDirectory(prefix="snippet-cwd-")
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        child(request["path"], request["display"], cwd.name, run_dir.name)
    return Job(request, pid, time.monotonic() + request["timeout"], run_dir, cwd)


def finish(job: Job, status: int | None) -> dict:
    """The result of a job that exited (status) or ran past its deadline (None)."""
    try:
        os.killpg(job.pid, signal.SIGKILL)  # the timed-out child, or workers it left running
    except (ProcessLookupError, PermissionError):
        pass
    if status is None:
        os.waitpid(job.pid, 0)

    def read(name: str) -> str:
        path = Path(job.run_dir.name, name)
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    result = {
        "path": job.request["path"],
        "returncode": status,
        "timed_out": status is None,
        "stdout": read("stdout"),
        "stderr": read("stderr"),
        "duration": float(read("duration") or "nan"),
        "leftovers": sorted(os.listdir(job.cwd.name)),
    }
    job.run_dir.cleanup()
    job.cwd.cleanup()
    return result


def run_batch(requests: list[dict], jobs: int):
    """Runs the requests, at most `jobs` at a time; yields each result as it finishes."""
    pending, running = list(requests), {}
    while pending or running:
        while pending and len(running) < jobs:
            job = start(pending.pop(0))
            running[job.pid] = job
        pid, raw = os.waitpid(-1, os.WNOHANG)
        if pid:
            yield finish(running.pop(pid), os.waitstatus_to_exitcode(raw))
            continue
        now = time.monotonic()
        for pid, job in list(running.items()):
            if now > job.deadline:
                yield finish(running.pop(pid), None)
        time.sleep(0.002)


def cuda_visible() -> bool:
    """torch.cuda.is_available(), asked in a forked child so that this process stays CUDA-free."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        import torch
        os.write(write_end, b"1" if torch.cuda.is_available() else b"0")
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        visible = answer.read() == b"1"
    os.waitpid(pid, 0)
    return visible


def main() -> None:
    # The point of this process: every child starts with these imported. torch._dynamo is what
    # the first optimizer would otherwise import lazily, about 1 s in each child that uses one.
    # (tests/bench_snippet_runner.py sets SNIPPET_SERVER_IMPORTS=torch to measure the floor.)
    for module in os.environ.get("SNIPPET_SERVER_IMPORTS", "torch,torch._dynamo").split(","):
        importlib.import_module(module)
    import torch

    hello = {"ready": True, "torch": torch.__version__, "cuda_visible": cuda_visible()}
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        for result in run_batch(request["batch"], request["jobs"]):
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
