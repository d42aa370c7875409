"""Checks one snippet run against its committed output. Used by test_snippets.py.

Each failure is a SnippetFailure whose message names the file (and the line where there is one).
"""
from __future__ import annotations

import ast
import difflib
import os
from pathlib import Path

from snippet_sections import (
    ROOT, SectionError, output_path, read_sections, rel, render_sections, snippet_id,
)
from snippet_server import SENTINEL


class SnippetFailure(Exception):
    pass


def lines_of(text: str) -> list[str]:
    """Lines ending in "\\n" only: str.splitlines also splits on \\x1e, \\x0c and others."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return [line for line in lines if line]


def split_sections(stdout: str, display: str) -> dict[str, str]:
    """Captured stdout -> {section: text}; printing outside a section is an error."""
    outputs: dict[str, str] = {}
    current = None
    for line in lines_of(stdout):
        if line.startswith(SENTINEL):
            kind, name = line[1:].rstrip("\n").split(":", 1)
            current = name if kind == "start" else None
            if kind == "start":
                outputs[name] = ""
            continue
        if current is None:
            raise SnippetFailure(f"{display}: printed outside any section: {line.rstrip()!r}\n"
                                 "Only output inside a section can be shown on a page.")
        outputs[current] += line
    for name, text in outputs.items():
        if text and not text.endswith("\n"):
            outputs[name] = text + "\n"
    return outputs


def declared_sections(snippet: Path) -> list[str]:
    try:
        declared = read_sections(snippet)
    except SectionError as error:
        raise SnippetFailure(str(error)) from None
    if not declared:
        raise SnippetFailure(f"{rel(snippet)}: no sections: a page can show nothing of it")
    hidden = hidden_statements(snippet, declared)
    if hidden:
        raise SnippetFailure(f"{rel(snippet)}:{hidden[0]}: code outside any section: readers would "
                             "not see it, and the page's sections would not run on their own")
    return list(declared)


def hidden_statements(snippet: Path, sections: dict) -> list[int]:
    """Lines of top-level statements outside every section (the module docstring aside)."""
    try:
        tree = ast.parse(snippet.read_text(encoding="utf-8"))
    except SyntaxError:
        return []  # the run reports it, with its line
    shown = [(s.start, s.start + len(s.lines) + 1) for s in sections.values()]
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    return [node.lineno for node in body
            if not any(start < node.lineno and node.end_lineno < end for start, end in shown)]


def captured_outputs(snippet: Path, result: dict, timeout: float) -> dict[str, str]:
    """The sections' outputs of a finished run, or a SnippetFailure saying what went wrong."""
    display = rel(snippet)
    if result["timed_out"]:
        raise SnippetFailure(f"{display}: still running after {timeout:g} s: killed\n{result['stderr']}")
    if result["returncode"] != 0:
        raise SnippetFailure(result["stderr"] or f"{display}: exit status {result['returncode']}")
    if result["stderr"]:
        raise SnippetFailure(f"{display}: wrote to stderr (an unexpected warning?):\n{result['stderr']}")
    if result["leftovers"]:
        raise SnippetFailure(f"{display}: left files behind in its working directory: "
                             f"{result['leftovers']} (write into a tempfile.TemporaryDirectory)")
    outputs = split_sections(result["stdout"], display)
    declared = declared_sections(snippet)
    if list(outputs) != declared:
        raise SnippetFailure(f"{display}: sections ran {list(outputs)}, declared {declared}")
    return outputs


def compare_or_update(snippet: Path, outputs: dict[str, str], profile: str, update: bool) -> None:
    expected_path = output_path(snippet, profile)
    actual = render_sections(outputs)
    if update:
        if not expected_path.exists() or expected_path.read_text(encoding="utf-8") != actual:
            expected_path.write_text(actual, encoding="utf-8")
        return
    regenerate = f"pytest tests/test_snippets.py -k {snippet_id(snippet)} --update-outputs"
    if not expected_path.exists():
        raise SnippetFailure(f"{rel(expected_path)} is missing: run `{regenerate}` and commit it")
    expected = expected_path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(difflib.unified_diff(
            lines_of(expected), lines_of(actual),
            fromfile=f"{rel(expected_path)} (committed)", tofile=f"{rel(snippet)} (printed now)"))
        raise SnippetFailure(f"stale output: {rel(expected_path)} differs from what {rel(snippet)} "
                             f"prints now.\nIf the change is intended, run `{regenerate}`.\n{diff}")


def check_snippet(snippet: Path, server, timeout: float, update: bool) -> None:
    """Runs a snippet and compares (or, with update, writes) its outputs; raises SnippetFailure.

    The result, pass or fail, is noted in server.results for the verification records.
    """
    server.results[snippet_id(snippet)] = "fail"
    declared_sections(snippet)
    result = server.run(snippet, rel(snippet), timeout)
    server.timings[snippet_id(snippet)] = result["duration"]
    outputs = captured_outputs(snippet, result, timeout)
    compare_or_update(snippet, outputs, server.profile, update)
    server.results[snippet_id(snippet)] = "pass"


def repository_files() -> set[str]:
    """Files of the working tree, outside what git, set-up and the site build own."""
    skip = {".git", ".venv", "node_modules", "site", "__pycache__", ".pytest_cache", ".cache"}
    found = set()
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in skip]
        found.update(os.path.relpath(os.path.join(folder, name), ROOT) for name in files)
    return found
