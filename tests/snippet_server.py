"""Runs snippets in forked children of one process that has imported torch.

Started by the test session (`python tests/snippet_server.py`). Reads one JSON request per line
on stdin, {"batch": [{"key", "display", "source", "timeout", ...}, ...], "jobs": N}, runs the batch
N at a time, each `source` as a program of its own (a `python` process's __main__, in a fresh
working directory), and answers one JSON line on stdout per run, in the order they finish: its
stdout, stderr, exit status or signal, and its outcome (how the code ended, with the error it
raised and its line in the snippet file; threads and processes it left running).

Why a separate process that only imports torch: importing torch costs seconds, forking costs
milliseconds; and a parent that ran multi-threaded ops or touched CUDA makes forked children
deadlock or fail (see shared/notes/toolchain.md). This process does neither: GPU visibility is
asked in a forked child, because `torch.cuda.is_available()` initialises the CUDA driver wherever
NVML cannot answer (a CUDA build of torch on a machine without a GPU driver), and every child
forked after that fails with "Cannot re-initialize CUDA in forked subprocess".
"""
from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import gc
import importlib
import json
import linecache
import os
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import types
from dataclasses import dataclass
from pathlib import Path


# Limits of one run. Output beyond OUTPUT_LIMIT fails the run; writing a file (stdout included)
# beyond FILE_LIMIT fails at once (EFBIG: Python ignores SIGXFSZ), so runaway output stops there. MEMORY_LIMIT caps the heap (RLIMIT_DATA, CPU runs only:
# CUDA maps more than any sensible cap).
OUTPUT_LIMIT = 1 << 20
FILE_LIMIT = 8 << 20
MEMORY_LIMIT = 6 << 30
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# torch.compile's C++ backend first writes a precompiled header far larger than FILE_LIMIT into its
# cache (g++ is then killed: "File size limit exceeded"). Without it a compile is only slower, so
# every run, and every process a run starts, goes without.
os.environ["TORCHINDUCTOR_CPP_CACHE_PRECOMPILE_HEADERS"] = "0"


def error_text(error: BaseException) -> str:
    """The error as Python prints it under the traceback, without terminal colour codes."""
    return ANSI.sub("", "".join(traceback.format_exception_only(type(error), error)))


ROOT = Path(__file__).resolve().parent.parent
LIBC = ctypes.CDLL(None, use_errno=True)
PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1
CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18


def read_only_tree() -> bool:
    """Makes the repository read-only for this process and its children (a private mount
    namespace with a read-only bind mount). Needs root; False where that is not allowed."""
    root = str(ROOT).encode()
    return (LIBC.unshare(CLONE_NEWNS) == 0
            and LIBC.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) == 0
            and LIBC.mount(root, root, None, MS_BIND | MS_REC, None) == 0
            and LIBC.mount(None, root, None, MS_BIND | MS_REMOUNT | MS_RDONLY, None) == 0)


def live_children() -> list[tuple[int, str]]:
    """(pid, command line) of this process's children that are still running. The run's process
    is a subreaper, so processes its code started and orphaned (start_new_session=True, double
    forks) are its children too."""
    found = []
    for task in Path("/proc/self/task").iterdir():
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue  # a thread that ended meanwhile (faulthandler's watchdog, a worker)
        for pid in children:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            except OSError:
                continue
            if state != "Z":
                found.append((int(pid), command))
    return found


def error_info(error: BaseException, display: str, line_map: list[int] | None) -> dict:
    """What the runner judges of an error: its type and text, and where in the snippet file it
    happened: the innermost frame of the run's own code (`line`) and the top-level statement that
    was running (`statement_line`). `line_map` maps a copy run's lines to the file's."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == display]
    compile_line = error.lineno if isinstance(error, SyntaxError) and error.filename == display else None

    def in_file(line: int | None) -> int | None:
        if line is not None and line_map:
            return line_map[line - 1] if 0 < line <= len(line_map) else None
        return line

    def lines_in_file(text: str) -> str:
        """A message that quotes the run's own code (torch.export's errors do) names the file's
        line, as the traceback does, so a copy run prints what the page shows."""
        if not line_map:
            return text
        where = re.compile(rf'(File "{re.escape(display)}", line )(\d+)')
        return where.sub(lambda m: f"{m[1]}{in_file(int(m[2])) or m[2]}", text)

    return {
        "type": type(error).__name__,
        "qualname": f"{type(error).__module__}.{type(error).__qualname__}",
        "message": lines_in_file(str(error)),
        "text": lines_in_file(error_text(error)),
        "line": in_file(frames[-1].lineno if frames else compile_line),
        "statement_line": in_file(frames[0].lineno if frames else compile_line),
        "traceback": "".join(traceback.format_list(frames)),
    }


def left_running() -> tuple[list[str], list[str]]:
    """(threads, processes) still running once the code's objects are gone, as at the end of
    `python file.py`: that would wait for non-daemon threads and processes forever, and leave
    other processes orphaned. Daemonic multiprocessing children (DataLoader workers) it ends."""
    import multiprocessing
    import threading
    threads = [t.name for t in threading.enumerate()
               if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    daemonic = {p.pid for p in multiprocessing.active_children() if p.daemon}
    named = {p.pid: p.name for p in multiprocessing.active_children() if not p.daemon}
    processes = [named.get(pid, f"pid {pid}: {command[:80]}")
                 for pid, command in live_children() if pid not in daemonic]
    return threads, processes


def child(request: dict, cwd: str, run_dir: str) -> None:
    """Runs in the forked child: never returns."""
    os.setpgid(0, 0)  # own process group: the snippet's workers are killed with it
    LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)  # its orphans become its children
    LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # and it dies with the server
    if request.get("read_only_tree"):
        read_only_tree()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        out = os.open(os.path.join(run_dir, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, fd)
        os.close(out)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    if request.get("memory_limit"):
        resource.setrlimit(resource.RLIMIT_DATA, (request["memory_limit"],) * 2)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    # A crash or a hang shows where the code was: the traceback goes to stderr.
    faulthandler.enable(sys.stderr)
    faulthandler.dump_traceback_later(max(request["timeout"] - 1, 0.5), exit=False)
    os.chdir(cwd)
    display = request["display"]
    sys.argv = [display]
    error = None
    # A fresh __main__ module, as `python snippet.py` has: classes the snippet defines then
    # pickle by reference to __main__ (DataLoader workers, torch.save of a whole module).
    main = types.ModuleType("__main__")
    main.__file__ = os.path.join(cwd, "snippet.py")
    sys.modules["__main__"] = main
    start = time.perf_counter()
    try:
        source = request["source"]
        # Tracebacks name the file as the repository does and still show its lines.
        linecache.cache[display] = (len(source), None, source.splitlines(keepends=True), display)
        code = compile(source, display, "exec")
        exec(code, main.__dict__)
    except BaseException as raised:  # noqa: BLE001  (SystemExit too: a run must reach its end)
        error = raised
    duration = time.perf_counter() - start
    try:
        result = {"completed": True, "duration": duration,
                  "error": error_info(error, display, request.get("line_map")) if error else None}
        # What the interpreter's exit does: drop the code's objects (a DataLoader iterator held
        # by the error's traceback shuts its workers down), then see what still runs.
        error = None
        main.__dict__.clear()
        gc.collect()
        result["threads"], result["children"] = left_running()
        faulthandler.cancel_dump_traceback_later()
        sys.stdout.flush()
        sys.stderr.flush()
        Path(run_dir, "outcome.json").write_text(json.dumps(result))
    finally:
        for pid, _ in live_children():  # reported above; they end with the run
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        os._exit(0)


@dataclass
class Job:
    request: dict
    pid: int
    deadline: float
    run_dir: tempfile.TemporaryDirectory
    cwd: tempfile.TemporaryDirectory


def start(request: dict) -> Job:
    run_dir = tempfile.TemporaryDirectory(prefix="snippet-run-", ignore_cleanup_errors=True)
    cwd = tempfile.TemporaryDirectory(prefix="snippet-cwd-", ignore_cleanup_errors=True)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        child(request, cwd.name, run_dir.name)
    return Job(request, pid, time.monotonic() + request["timeout"], run_dir, cwd)


def finish(job: Job, status: int | None) -> dict:
    """The result of a job that exited (status) or ran past its deadline (None)."""
    try:
        os.killpg(job.pid, signal.SIGKILL)  # the timed-out child, or workers it left running
    except (ProcessLookupError, PermissionError):
        pass
    if status is None:
        os.waitpid(job.pid, 0)

    def read(name: str, limit: int = OUTPUT_LIMIT) -> tuple[str, int]:
        path = Path(job.run_dir.name, name)
        if not path.exists():
            return "", 0
        with open(path, "rb") as handle:
            data = handle.read(limit)
        return data.decode("utf-8", errors="replace"), path.stat().st_size

    stdout, stdout_size = read("stdout")
    stderr, _ = read("stderr", 64 << 10)
    outcome_text, _ = read("outcome.json")
    result = {
        "key": job.request["key"],
        "returncode": status,
        "signal": signal.Signals(-status).name if status and status < 0 else None,
        "timed_out": status is None,
        "stdout": stdout,
        "stdout_size": stdout_size,
        "stderr": stderr,
        "outcome": json.loads(outcome_text) if outcome_text else None,
        "leftovers": sorted(os.listdir(job.cwd.name)) if os.path.isdir(job.cwd.name)
                     else ["(its working directory itself was removed)"],
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


def isolation_works() -> bool:
    """Whether a forked child can make the repository read-only for itself."""
    pid = os.fork()
    if pid == 0:
        os._exit(0 if read_only_tree() else 1)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def main() -> None:
    # The point of this process: every child starts with these imported. torch._dynamo is what
    # the first optimizer would otherwise import lazily, about 1 s in each child that uses one.
    # (tests/bench_snippet_runner.py sets SNIPPET_SERVER_IMPORTS=torch to measure the floor.)
    for module in os.environ.get("SNIPPET_SERVER_IMPORTS", "torch,torch._dynamo").split(","):
        importlib.import_module(module)
    import torch

    # What the server imported is never garbage: out of the collector's sight, a run's collection
    # (at its end, as at interpreter exit) scans only what the run made; and no child copies pages
    # just because the collector touched them.
    gc.freeze()
    hello = {"ready": True, "torch": torch.__version__, "cuda_visible": cuda_visible(),
             "cuda_build": torch.version.cuda is not None,
             "read_only_tree": isolation_works()}
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        for job in request["batch"]:
            job["read_only_tree"] = hello["read_only_tree"]
        for result in run_batch(request["batch"], request["jobs"]):
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
