"""Consistency checks of the pages, their snippets and the navigation.

Each check takes what it inspects as arguments and returns a list of problems, each starting
with 'path:line:' (or 'path:' where no line applies), so that the tests can run the checks on
the real tree and, to show that they can fail, on broken examples.
"""
from __future__ import annotations

import ast
import importlib
import io
import re
import sys
import tokenize
import unicodedata
from pathlib import Path

import nbformat
import yaml

from api_index import front_matter
from snippet_pages import directives
from snippet_sections import (
    DOCS, SNIPPETS, SectionError, parse_sections, read_sections, rel, snippet_for_page,
)

HEADING = re.compile(r"^(#{1,6})\s+(?P<text>.*?)\s*$")
ANCHOR = re.compile(r"\{ #[a-z0-9][a-z0-9-]* \}$")
FENCE = re.compile(r"^[ \t]*(?P<ticks>`{3,}|~{3,})(?P<info>.*)$")
PYTHON_INFOS = {"python", "py", "python3", "py3", "pycon", "ipython", "python-repl"}


def line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    return 0


def resolve(name: str) -> object:
    """Imports the longest importable module prefix of a dotted name, then walks attributes."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return target
    raise ImportError(f"no module named {parts[0]!r}")


def api_problems(page: Path, text: str) -> list[str]:
    meta, _ = front_matter(text)
    if "api" not in meta:
        return [f"{rel(page)}:1: front matter has no 'api:' list (use 'api: []' for none)"]
    if not isinstance(meta["api"], list):
        return [f"{rel(page)}:1: 'api:' must be a list of dotted names"]
    problems = []
    for name in meta["api"]:
        try:
            resolve(name)
        except (ImportError, AttributeError) as error:
            problems.append(f"{rel(page)}:{line_of(text, str(name))}: api name {name} does not "
                            f"resolve against torch: {error}")
    return problems


def markdown_lines(text: str):
    """(line number, line, fence info or None) for lines outside fences; fences reported once."""
    fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match["ticks"]
            yield number, line, match["info"].strip()
        elif fence is not None:
            if line.strip() == fence[0] * len(fence) or (match and match["ticks"].startswith(fence)
                                                          and not match["info"].strip()):
                fence = None
        else:
            yield number, line, None


def heading_problems(page: Path, text: str) -> list[str]:
    _, skip = front_matter(text)
    problems = []
    for number, line, info in markdown_lines(text):
        if info is None and number > skip and HEADING.match(line) and not ANCHOR.search(line):
            problems.append(f"{rel(page)}:{number}: heading without an explicit ASCII anchor "
                            f"'{{ #like-this }}': {line.strip()}")
    return problems


def fence_problems(path: Path, text: str) -> list[str]:
    """Python fences must be exactly ```python (so the inline-fence test runs them)."""
    problems = []
    for number, _, info in markdown_lines(text):
        if info is None:
            continue
        language = info.split()[0].lstrip(".{").rstrip("}") if info else ""
        if language.lower() in PYTHON_INFOS and info != "python":
            problems.append(f"{rel(path)}:{number}: python fence '{info}' would not be executed: "
                            "use a plain ```python fence, or move the code into the page's snippet")
    return problems


def include_problems(page: Path, text: str) -> list[str]:
    """Every {{ snippet("x") }} names an existing section; every section is shown."""
    snippet = snippet_for_page(page)
    shown = list(directives(text))
    if not snippet.exists():
        return [f"{rel(page)}:{number}: snippet {name!r}: {rel(snippet)} does not exist"
                for number, _, name in shown]
    try:
        sections = parse_sections(snippet.read_text(encoding="utf-8"), snippet)
    except SectionError as error:
        return [str(error)]
    problems = [f"{rel(page)}:{number}: {rel(snippet)} has no section {name!r}"
                for number, _, name in shown if name not in sections]
    names = {name for _, _, name in shown}
    problems += [f"{rel(snippet)}:{section.start}: section {name!r} is shown on no page "
                 f"(add {{{{ snippet(\"{name}\") }}}} to {rel(page)})"
                 for name, section in sections.items() if name not in names]
    return problems


def snippets_without_page(snippets: list[Path]) -> list[str]:
    problems = []
    for snippet in snippets:
        page = DOCS / Path(snippet).resolve().relative_to(SNIPPETS).with_suffix(".md")
        if not page.exists():
            problems.append(f"{rel(snippet)}:1: no page shows it (expected {rel(page)})")
    return problems


def nav_paths(nav) -> list[str]:
    paths = []
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, str):
            paths.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                paths.extend(nav_paths(value))
    return paths


def nav_problems(config_path: Path, config_text: str, pages: list[str]) -> list[str]:
    listed = set(nav_paths(yaml.safe_load(config_text).get("nav", [])))
    return [f"docs/{page}: not in the navigation ({rel(config_path)}: nav)"
            for page in pages if page not in listed]


# `python snippets/tensor/copy.py` puts snippets/tensor/ first on sys.path: a snippet named like a
# module that torch imports (copy, types, ...) would be imported in its place and break torch.
SHADOWED = set(sys.stdlib_module_names) | {"torch", "numpy"}


def shadowing_problems(snippets: list[Path]) -> list[str]:
    return [f"{rel(s)}:1: named like the module {s.stem!r}: `python {rel(s)}` would import it "
            "instead of that module; rename the topic" for s in snippets if Path(s).stem in SHADOWED]


# A code block on a page shows 80 Latin characters before it scrolls sideways (measured in the
# browser at 1280, 1440 and 1920 px wide); a CJK character takes about 1.7 of them. A comment at
# the end of a line carries the explanation, so such a line must fit; any other line may scroll
# a little, up to CODE_COLUMNS_MAX.
CODE_COLUMNS, CODE_COLUMNS_MAX = 80, 100


def display_width(line: str) -> float:
    return sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def trailing_comment_lines(source: str) -> set[int]:
    """Line numbers where a comment follows code (found by Python's own tokenizer)."""
    lines = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and token.line[:token.start[1]].strip():
                lines.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass  # the run reports a broken snippet, with its line
    return lines


def width_problems(snippet: Path) -> list[str]:
    try:
        sections = read_sections(snippet)
    except SectionError as error:
        return [str(error)]
    commented = trailing_comment_lines(snippet.read_text(encoding="utf-8"))
    problems = []
    for section in sections.values():
        for number, line in enumerate(section.lines, start=section.start + 1):
            width = display_width(line)
            if number in commented and width > CODE_COLUMNS:
                problems.append(f"{rel(snippet)}:{number}: {width:.0f} columns with a "
                                f"trailing comment: the page would hide the comment past column "
                                f"{CODE_COLUMNS}; put the comment on its own line above")
            elif width > CODE_COLUMNS_MAX:
                problems.append(f"{rel(snippet)}:{number}: {width:.0f} columns: "
                                f"wrap it to at most {CODE_COLUMNS_MAX}")
    return problems


def demonstrates_an_error(node: ast.Try) -> bool:
    """An except clause that prints or asserts on the error: the error is the point."""
    return any(isinstance(inner, ast.Assert)
               or (isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "print")
               for handler in node.handlers for inner in ast.walk(handler))


def unguarded_error_problems(snippet: Path) -> list[str]:
    """A demonstrated error must fail the run when it stops happening.

    The .out comparison notices a missing error message only where an output was committed
    before; a first run in a new environment (a GPU run) writes what it sees. So the code says
    it: `else: raise AssertionError(...)`.
    """
    try:
        tree = ast.parse(snippet.read_text(encoding="utf-8"))
    except SyntaxError:
        return []  # the run reports it, with its line
    return [f"{rel(snippet)}:{node.lineno}: this try demonstrates an error (its except prints "
            "or asserts) but has no `else: raise AssertionError(...)`, so nothing fails if the "
            "error stops happening"
            for node in ast.walk(tree)
            if isinstance(node, ast.Try) and demonstrates_an_error(node)
            and not any(isinstance(inner, ast.Raise) for inner in node.orelse)]


# Notebook code cells wrap instead of scrolling: 70 columns at 1280 px (measured in the browser).
NOTEBOOK_COLUMNS = 70


def notebook_width_problems(notebook: Path) -> list[str]:
    book = nbformat.read(notebook, as_version=4)
    problems = []
    for index, cell in enumerate(book.cells):
        if cell.cell_type != "code":
            continue
        for number, line in enumerate(cell.source.split("\n"), start=1):
            width = display_width(line)
            if width > NOTEBOOK_COLUMNS:
                problems.append(f"{rel(notebook)}: cell {index} line {number}: {width:.0f} columns: "
                                f"the page wraps code cells at {NOTEBOOK_COLUMNS}; wrap it yourself")
    return problems
