"""Runs a snippet's sections and judges them against the committed output. Used by test_snippets.py.

Every section is run twice, each time as a program of its own in a fresh process:
- the checked run: the whole section, `# check` statements included;
- the copy run: exactly the text the page shows and the copy button copies.
Both must end as declared (normally, or with the `# raises:` error on the last statement) and
print the same output, which must equal the section of the committed `.out`. The `.py` download
(all copy texts in one file) is run as well and must end normally.

Each failure is a SnippetFailure whose message names the file and the line where there is one.
"""
from __future__ import annotations

import ast
import contextlib
import difflib
import os
import tempfile
from pathlib import Path

from page_model import (
    ROOT, Section, SectionError, output_path, read_sections, read_text, rel, render_sections,
    snippet_id,
)
import verification_records as records
from downloads import script

DIFF_LINES = 60  # a failure shows at most this much of a diff
CUT = 300  # and at most this many characters of any one line of it


class SnippetFailure(Exception):
    pass


def lines_of(text: str) -> list[str]:
    """Lines ending in "\\n" only: str.splitlines also splits on \\x1e, \\x0c and others."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return [line for line in lines if line]


def short_diff(expected: str, actual: str, fromfile: str, tofile: str) -> str:
    diff = list(difflib.unified_diff(lines_of(expected), lines_of(actual), fromfile=fromfile, tofile=tofile))
    cut = [line if len(line) <= CUT else line[:CUT] + f"… ({len(line)} characters)\n"
           for line in diff[:DIFF_LINES]]
    if len(diff) > DIFF_LINES:
        cut.append(f"… {len(diff) - DIFF_LINES} more diff lines\n")
    return "".join(cut)


def declared_sections(snippet: Path) -> dict[str, Section]:
    try:
        declared = read_sections(snippet)
    except SectionError as error:
        raise SnippetFailure(str(error)) from None
    if not declared:
        raise SnippetFailure(f"{rel(snippet)}: no sections: a page can show nothing of it")
    hidden = hidden_statements(snippet, declared)
    if hidden:
        raise SnippetFailure(f"{rel(snippet)}:{hidden[0]}: code outside any section: no run "
                             "executes it and no reader sees it")
    return declared


def hidden_statements(snippet: Path, sections: dict) -> list[int]:
    """Lines of top-level statements outside every section (the module docstring aside)."""
    try:
        tree = ast.parse(read_text(snippet))
    except SyntaxError:
        return []  # the run reports it, with its line
    shown = [(s.start, s.start + len(s.lines) + 1) for s in sections.values()]
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    return [node.lineno for node in body
            if not any(start < node.lineno and node.end_lineno < end for start, end in shown)]


# ---------------------------------------------------------------- the runs


def runnable_sections(snippet: Path, profile: str = "cpu", cuda_build: bool = False) -> dict[str, Section]:
    """The snippet's sections that run where the profile is `profile` with this build of torch."""
    return {name: section for name, section in declared_sections(snippet).items()
            if section.runs_in(profile, cuda_build)}


def requests(snippet: Path, sections: dict[str, Section], timeout: float,
             memory_limit: int | None) -> list[dict]:
    """Every run a snippet needs, for the snippet server: its runnable `sections` (checked and as
    copied) and its download."""
    display = rel(snippet)
    sid = snippet_id(snippet)
    base = {"display": display, "timeout": timeout, "memory_limit": memory_limit}
    asked = []
    for name, section in sections.items():
        asked.append({**base, "key": f"{sid}#{name}#checked", "source": section.checked_source()})
        shown = section.shown_lines()
        asked.append({**base, "key": f"{sid}#{name}#copy", "source": section.copy_text(),
                      "line_map": [number for number, _ in shown]})
    asked.append({**base, "key": f"{sid}#download", "display": f"{display} (download)",
                  "source": script(snippet), "line_map": None})
    return asked


def run_problem(where: str, result: dict, timeout: float) -> str | None:
    """What went wrong with a run as a process, whatever its code did."""
    stderr = result["stderr"].rstrip()
    if result.get("server_died"):
        return (f"{where}: the snippet server died while running it ({result['server_died']}), "
                "twice: does it kill its parent process? The other runs were rerun.")
    if result["timed_out"]:
        return f"{where}: still running after {timeout:g} s: killed. Where it was:\n{stderr}"
    if result["signal"]:
        return f"{where}: killed by {result['signal']}. Where it was:\n{stderr}"
    if result["outcome"] is None:
        return (f"{where}: did not run to its end (os._exit, or the process was killed); "
                f"it printed:\n{result['stdout'][-2000:]}{stderr}")
    if result["stdout_size"] > (1 << 20):
        return f"{where}: printed {result['stdout_size']:,} bytes, more than 1 MB"
    if stderr:
        return f"{where}: wrote to stderr (an unexpected warning?):\n{stderr}"
    if result["leftovers"]:
        return (f"{where}: left files behind in its working directory: {result['leftovers']} "
                "(write into a tempfile.TemporaryDirectory)")
    left = result["outcome"]["threads"] + result["outcome"]["children"]
    if left:
        return f"{where}: left threads or processes running: {left} (join them before the end)"
    return None


def judged_output(section: Section, result: dict, kind: str, timeout: float) -> str:
    """A section run's output (with its declared error appended), or a SnippetFailure."""
    path = rel(section.path)
    where = f"{path}:{section.start}: section {section.name!r} ({kind} run)"
    problem = run_problem(where, result, timeout)
    if problem:
        raise SnippetFailure(problem)
    error, raises = result["outcome"]["error"], section.raises
    if error and not (raises and declared_error(raises.type, error)):
        at = f"{path}:{error['line']}" if error["line"] else where
        raise SnippetFailure(f"{at}: {error['type']}: {error['message']}\n({kind} run of section "
                             f"{section.name!r})\n{error['traceback']}{error['text']}")
    if raises:
        if not error:
            raise SnippetFailure(f"{path}:{raises.line}: declared `# raises: {raises.type}`, but the "
                                 f"statement ran without error ({kind} run): the page would show an "
                                 "error that no longer happens")
        top = error["statement_line"]
        if not (top and raises.line <= top <= raises.end_line):
            raise SnippetFailure(f"{path}:{top}: {raises.type} was raised here, not by the "
                                 f"declared statement on line {raises.line} ({kind} run)")
        if raises.match and raises.match not in error["message"]:
            raise SnippetFailure(f"{path}:{raises.line}: the {raises.type} message no longer contains "
                                 f"{raises.match!r}: {error['message'][:CUT]!r}")
        return result["stdout"] + error["text"]
    return result["stdout"]


def declared_error(declared: str, error: dict) -> bool:
    return declared in (error["type"], error["qualname"]) or error["qualname"].endswith("." + declared)


def section_outputs(snippet: Path, sections: dict[str, Section], results: dict[str, dict],
                    timeout: float, copies: dict[str, bool] | None = None) -> dict[str, str]:
    """{section: output} of a snippet whose runs (of `sections`) all ended as declared and agree.

    `copies` gets, for each section, whether its copy text ran alone and printed the output.
    """
    sid = snippet_id(snippet)
    outputs, problems = {}, []
    copies = {} if copies is None else copies
    for name, section in sections.items():
        copies[f"{sid}#{name}"] = False
        try:
            checked = judged_output(section, results[f"{sid}#{name}#checked"], "checked", timeout)
            copied = judged_output(section, results[f"{sid}#{name}#copy"], "copy", timeout)
        except SnippetFailure as failure:
            problems.append(str(failure))
            continue
        copies[f"{sid}#{name}"] = checked == copied
        if checked != copied:
            problems.append(
                f"{rel(snippet)}:{section.start}: section {name!r}: the copy text prints something "
                "else than the checked run (does a `# check` statement print, or change a value?)\n"
                + short_diff(checked, copied, "checked run", "copy run"))
        outputs[name] = checked if not checked or checked.endswith("\n") else checked + "\n"
    download = results[f"{sid}#download"]
    problem = run_problem(f"{rel(snippet)} (download)", download, timeout)
    error = download["outcome"] and download["outcome"]["error"]
    if problem or error:
        problems.append(problem or f"{rel(snippet)} (download): {error['text'].rstrip()}")
    if problems:
        raise SnippetFailure("\n\n".join(problems))
    return outputs


def write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def compare_or_update(snippet: Path, outputs: dict[str, str], profile: str, update: bool) -> None:
    expected_path = output_path(snippet, profile)
    actual = render_sections(outputs)
    if update:
        if not expected_path.exists() or expected_path.read_text(encoding="utf-8") != actual:
            write_atomically(expected_path, actual)
        return
    regenerate = f"pytest tests/test_snippets.py -k {snippet_id(snippet)} --update-outputs"
    if not expected_path.exists():
        raise SnippetFailure(f"{rel(expected_path)} is missing: run `{regenerate}` and commit it")
    expected = expected_path.read_text(encoding="utf-8")
    if expected != actual:
        diff = short_diff(expected, actual, f"{rel(expected_path)} (committed)", f"{rel(snippet)} (printed now)")
        raise SnippetFailure(f"stale output: {rel(expected_path)} differs from what {rel(snippet)} "
                             f"prints now.\nIf the change is intended, run `{regenerate}`.\n{diff}")


def check_snippet(snippet: Path, server, timeout: float, update: bool) -> None:
    """Runs a snippet's sections and compares (or, with update, writes) their outputs.

    Raises SnippetFailure. The result, pass or fail, is noted in server.results for the records;
    a failing run never writes an output file.
    """
    sid = snippet_id(snippet)
    server.results[sid] = "fail"
    sections = runnable_sections(snippet, server.profile, server.hello["cuda_build"])
    results = server.results_for(requests(snippet, sections, timeout, server.memory_limit))
    server.timings[sid] = sum(r["outcome"]["duration"] for r in results.values() if r["outcome"])
    outputs = section_outputs(snippet, sections, results, timeout, server.copies)
    try:
        compare_or_update(snippet, outputs, server.profile, update)
    except SnippetFailure:
        for name in outputs:
            server.copies[f"{sid}#{name}"] = False  # it ran, but not to the output shown
        raise
    server.results[sid] = "pass"


def repository_files() -> dict[str, tuple[int, int]]:
    """Files of the working tree, outside what git, set-up and the site build own, with their
    size and modification time (a change to either is a change of content for this purpose)."""
    skip = {".git", ".venv", "node_modules", "site", "__pycache__", ".pytest_cache", ".cache"}
    found = {}
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in skip]
        for name in files:
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                status = os.stat(path)
                found[os.path.relpath(path, ROOT)] = (status.st_size, status.st_mtime_ns)
    return found


def changed_files(before: dict, after: dict, ignore: tuple[str, ...] = ()) -> list[str]:
    """What was added, deleted or changed between two repository_files() listings, except paths
    ending in `ignore` (what the test run itself writes under --update-outputs)."""
    changes = [f"{path} (added)" for path in after if path not in before]
    changes += [f"{path} (deleted)" for path in before if path not in after]
    changes += [f"{path} (changed)" for path in after if path in before and after[path] != before[path]]
    return sorted(change for change in changes if not change.split(" (")[0].endswith(ignore))


def check_record(snippet: Path, server, sid: str | None = None) -> None:
    """The committed record says this file (a snippet or a tutorial), as it is now, passed with
    this torch."""
    sid = sid or snippet_id(snippet)
    record = records.load(server.profile).get(sid)
    regenerate = f"pytest tests/ -k {sid} --update-outputs"
    if record is None or record["sha256"] != records.content_hash(snippet) \
            or record["torch"] != server.hello["torch"] or record["status"] != "pass":
        raise SnippetFailure(f"{rel(records.records_path(server.profile))}: the record of "
                             f"{sid} is not of this file passing with torch "
                             f"{server.hello['torch']}: run `{regenerate}` and commit it")
