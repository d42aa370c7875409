"""Consistency checks of the pages, their snippets and the navigation.

Each check takes what it inspects as arguments and returns a list of problems, each starting
with 'path:line:' (or 'path:' where no line applies), so that the tests can run the checks on
the real tree and, to show that they can fail, on broken examples.
"""
from __future__ import annotations

import ast
import importlib
import re
import sys
import unicodedata
from pathlib import Path

import nbformat
import yaml

from page_model import (
    Page, SectionError, markdown_lines, page_for_snippet, read_sections, rel,
    snippet_for_page,
)

ANCHOR = re.compile(r"^[a-z0-9][a-z0-9-]*$")
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


def parsed(page: Path, text: str) -> Page | list[str]:
    try:
        return Page.parse(page, text)
    except SectionError as error:
        return [str(error)]


def api_problems(page: Path, text: str) -> list[str]:
    model = parsed(page, text)
    if isinstance(model, list):
        return model
    if "api" not in model.meta:
        return [f"{rel(page)}:1: front matter has no 'api:' list (use 'api: []' for none)"]
    if not isinstance(model.meta["api"], list):
        return [f"{rel(page)}:1: 'api:' must be a list of dotted names"]
    problems = []
    for name in model.meta["api"]:
        try:
            resolve(name)
        except (ImportError, AttributeError) as error:
            problems.append(f"{rel(page)}:{line_of(text, str(name))}: api name {name} does not "
                            f"resolve against torch: {error}")
    return problems


def heading_problems(page: Path, text: str) -> list[str]:
    model = parsed(page, text)
    if isinstance(model, list):
        return model
    return [f"{rel(page)}:{h.line}: heading without an explicit ASCII anchor '{{ #like-this }}': "
            f"{'#' * h.level} {h.text}"
            for h in model.headings() if not (h.anchor and ANCHOR.match(h.anchor))]


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


def unclosed_fence(text: str) -> int:
    """The line of the last fence opened and not closed, as pytest-codeblocks reads fences (any line
    that starts with ```, unlike markdown_lines): where its "Hit end-of-file prematurely" comes from."""
    opened = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            opened = 0 if opened else number
    return opened


def include_problems(page: Path, text: str) -> list[str]:
    """Every {{ snippet("x") }} names an existing section; every section is shown."""
    model = parsed(page, text)
    if isinstance(model, list):
        return model
    snippet = snippet_for_page(page)
    try:
        shown = model.directives()
    except SectionError as error:
        return [str(error)]
    if not snippet.exists():
        return [f"{rel(page)}:{d.line}: snippet {d.name!r}: {rel(snippet)} does not exist" for d in shown]
    try:
        sections = read_sections(snippet)
    except SectionError as error:
        return [str(error)]
    problems = [f"{rel(page)}:{d.line}: {rel(snippet)} has no section {d.name!r}"
                for d in shown if d.name not in sections]
    names = {d.name for d in shown}
    problems += [f"{rel(snippet)}:{section.start}: section {name!r} is shown on no page "
                 f"(add {{{{ snippet(\"{name}\") }}}} to {rel(page)})"
                 for name, section in sections.items() if name not in names]
    return problems


def snippets_without_page(snippets: list[Path]) -> list[str]:
    problems = []
    for snippet in snippets:
        page = page_for_snippet(snippet)
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
# browser at 1280 px, the narrowest desktop width; a CJK character takes about 1.7 of them).
# Every shown line must fit: comments carry the explanation, and nobody scrolls to read code.
CODE_COLUMNS = 80


def display_width(line: str) -> float:
    return sum(1.7 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def width_problems(snippet: Path) -> list[str]:
    try:
        sections = read_sections(snippet)
    except SectionError as error:
        return [str(error)]
    return [f"{rel(snippet)}:{number}: {display_width(line):.0f} columns: the code block shows "
            f"{CODE_COLUMNS}; wrap it, or put a trailing comment on its own line above"
            for section in sections.values() for number, line in section.shown_lines()
            if display_width(line) > CODE_COLUMNS]


def shown_code(snippet: Path):
    """(section, its shown lines, the parsed shown code) for each section that parses: what the
    AST checks below look at. A section that does not parse is the runner's to name."""
    for section in read_sections(snippet).values():
        try:
            tree = ast.parse(section.copy_text())
        except SyntaxError:
            continue
        yield section, section.shown_lines(), tree


def unused_value_problems(snippet: Path) -> list[str]:
    """A value the page computes is used on the page.

    `name = ...` whose name nothing shown reads is left over from a check (the `# check` that
    reads it is hidden) or dead code: either way, a line the reader has to puzzle over. Print it
    with a label, put it in the `# check` statement, or drop the assignment.
    """
    problems = []
    try:
        parsed = list(shown_code(snippet))
    except SectionError as error:
        return [str(error)]
    for section, shown, tree in parsed:
        read = {node.id for node in ast.walk(tree)
                if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store)}
        read |= {name for node in ast.walk(tree) if isinstance(node, (ast.Global, ast.Nonlocal))
                 for name in node.names}
        # `x /= 2` reads x, though its target is in store context
        read |= {node.target.id for node in ast.walk(tree)
                 if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name)}
        body = tree.body[:-1] if section.raises else tree.body  # the failing call assigns nothing
        for node in body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name) and node.targets[0].id not in read):
                name = node.targets[0].id
                problems.append(f"{rel(snippet)}:{shown[node.lineno - 1][0]}: section "
                                f"{section.name!r} computes {name!r} and shows nothing that uses "
                                f"it: print it with a label, move it into the `# check` "
                                f"statement that reads it, or drop the assignment")
    return problems


def demonstrates_an_error(node: ast.Try) -> bool:
    """An except clause that prints or asserts on the error: the error is the point."""
    return any(isinstance(inner, ast.Assert)
               or (isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "print")
               for handler in node.handlers for inner in ast.walk(handler))


def error_scaffolding_problems(snippet: Path) -> list[str]:
    """An error is shown as Python shows it: the failing call, then the message as output.

    A try/except that prints or asserts on the error is scaffolding a reader has to read past;
    `# raises: Type` on the failing call lets the runner enforce the error instead.
    """
    try:
        parsed = list(shown_code(snippet))  # hidden `# check` statements are no reader's concern
    except SectionError as error:
        return [str(error)]
    problems = []
    for section, shown, tree in parsed:
        problems += [f"{rel(snippet)}:{shown[node.lineno - 1][0]}: this try/except demonstrates an "
                     "error: end the section with the failing call and `# raises: ErrorType` on it instead"
                     for node in ast.walk(tree) if isinstance(node, ast.Try) and demonstrates_an_error(node)]
    return problems


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
