"""Runs snippets in forked children of one process that has imported torch.

Started by the test session (`python tests/snippet_server.py`). Reads one JSON request per line
on stdin, {"path": ..., "timeout": ...}, and answers one JSON line on stdout per request.

Why a separate process that only imports torch: importing torch costs seconds, forking costs
milliseconds; and a parent that ran multi-threaded ops or touched CUDA makes forked children
deadlock or fail (see shared/notes/toolchain.md). This process does neither: GPU visibility is
asked through NVML, which does not initialise CUDA.
"""
from __future__ import annotations

import json
import linecache
import os
import signal
import sys
import tempfile
import time
import traceback
import types
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


def run(request: dict) -> dict:
    path, display, timeout = request["path"], request["display"], request["timeout"]
    with tempfile.TemporaryDirectory(prefix="snippet-run-") as run_dir, \
            tempfile.TemporaryDirectory(prefix="snippet-cwd-") as cwd:
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            child(path, display, cwd, run_dir)
        deadline = time.monotonic() + timeout
        status = None
        while status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(raw)
            elif time.monotonic() > deadline:
                break
            else:
                time.sleep(0.002)
        timed_out = status is None
        try:
            os.killpg(pid, signal.SIGKILL)  # the timed-out child, or workers it left running
        except (ProcessLookupError, PermissionError):
            pass
        if timed_out:
            os.waitpid(pid, 0)
        read = lambda name: Path(run_dir, name).read_text(encoding="utf-8", errors="replace") \
            if Path(run_dir, name).exists() else ""
        return {
            "returncode": status,
            "timed_out": timed_out,
            "stdout": read("stdout"),
            "stderr": read("stderr"),
            "duration": float(read("duration") or "nan"),
            "leftovers": sorted(os.listdir(cwd)),
        }


def main() -> None:
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
    import torch  # the point of this process: every child starts with torch imported

    hello = {"ready": True, "torch": torch.__version__, "cuda_visible": torch.cuda.is_available()}
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    main()
