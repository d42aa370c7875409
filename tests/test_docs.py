"""Consistency of pages, snippets and navigation; inline Python fences are executed."""
from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from pytest_codeblocks import extract_from_buffer

from docs_checks import (
    api_problems, fence_problems, heading_problems, include_problems, nav_problems,
    notebook_width_problems, shadowing_problems, snippets_without_page, error_scaffolding_problems,
    unclosed_fence, unused_value_problems, width_problems,
)
from page_model import DOCS, ROOT, SectionError, parse_sections, read_text, rel, snippet_files
from snippet_check import SnippetFailure, judged_output, run_problem

PAGES = sorted(DOCS.rglob("*.md"))
MARKDOWN = [ROOT / "README.md", *PAGES]


def page_id(path: Path) -> str:
    return rel(path)


def read(path: Path) -> str:
    """A page's text; an undecodable one fails its own test, naming file and line."""
    try:
        return read_text(path)
    except SectionError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_page_is_consistent(page):
    text = read(page)
    problems = api_problems(page, text) + heading_problems(page, text) + include_problems(page, text)
    assert not problems, "\n".join(problems)


def test_every_snippet_has_a_page():
    problems = snippets_without_page(snippet_files())
    assert not problems, "\n".join(problems)


def test_no_snippet_shadows_a_module():
    problems = shadowing_problems(snippet_files())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("snippet", snippet_files(), ids=lambda path: rel(path))
def test_snippet_lines_fit_the_code_block(snippet):
    problems = width_problems(snippet)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("notebook", sorted(DOCS.rglob("*.ipynb")), ids=lambda path: rel(path))
def test_notebook_code_fits_the_cell(notebook):
    problems = notebook_width_problems(notebook)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("snippet", snippet_files(), ids=lambda path: rel(path))
def test_errors_are_shown_without_scaffolding(snippet):
    problems = error_scaffolding_problems(snippet)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("snippet", snippet_files(), ids=lambda path: rel(path))
def test_every_value_shown_is_used(snippet):
    problems = unused_value_problems(snippet)
    assert not problems, "\n".join(problems)


def test_every_page_is_in_the_navigation():
    config = ROOT / "mkdocs.yml"
    pages = sorted(p.relative_to(DOCS).as_posix() for p in [*PAGES, *DOCS.rglob("*.ipynb")])
    problems = nav_problems(config, read(config), pages)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", MARKDOWN, ids=page_id)
def test_python_fences_are_executable(path):
    problems = fence_problems(path, read(path))
    assert not problems, "\n".join(problems)


def _inline_fences():
    for path in MARKDOWN:
        try:
            text = read_text(path)
        except SectionError as error:  # reported by its own test; the other files still run
            yield pytest.param(path, error, id=f"{rel(path)}:unreadable")
            continue
        try:
            blocks = extract_from_buffer(StringIO(text))
        except RuntimeError:  # pytest-codeblocks: "Hit end-of-file prematurely", no file or line
            error = SectionError(f"{rel(path)}:{unclosed_fence(text)}: a code fence is never closed "
                                 "(a line that starts with ``` opens or closes one, even inline code)")
            yield pytest.param(path, error, id=f"{rel(path)}:unclosed-fence")
            continue
        for block in blocks:
            if block.syntax == "python":
                yield pytest.param(path, block, id=f"{rel(path)}:{block.lineno}")


@pytest.mark.parametrize(("path", "block"), list(_inline_fences()))
def test_inline_python_fence_runs(path, block, snippet_server, request):
    if isinstance(block, SectionError):
        pytest.fail(str(block), pytrace=False)
    assert not block.marks, f"{rel(path)}:{block.lineno}: marks on a fence ({block.marks}) hide it"
    timeout = request.config.getoption("--snippet-timeout")
    # Padding keeps the file's own line numbers in tracebacks.
    text = "\n" * block.lineno + block.code
    sections = parse_sections(text, path)
    if sections:  # an example in the snippet format: each section runs as the suite runs snippets
        for section in sections.values():
            result = snippet_server.run(section.checked_source(), rel(path), timeout)
            try:
                judged_output(section, result, "checked", timeout)
            except SnippetFailure as failure:
                pytest.fail(str(failure), pytrace=False)
        return
    result = snippet_server.run(text, rel(path), timeout)
    problem = run_problem(f"{rel(path)}:{block.lineno}: python fence", result, timeout)
    error = result["outcome"] and result["outcome"]["error"]
    assert not problem, problem
    assert not error, f"{rel(path)}:{error['line']}: the python fence fails: {error['type']}: {error['message']}"
