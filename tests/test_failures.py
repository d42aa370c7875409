"""The checks fail, and name the file and line, on broken input.

Each case feeds a deliberately broken snippet, output, page or configuration to the same code
that checks the real tree, and asserts on the message a contributor would see.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from docs_checks import (
    api_problems, fence_problems, heading_problems, include_problems, nav_problems, shadowing_problems,
    notebook_width_problems, unguarded_error_problems, width_problems,
)
from snippet_check import SnippetFailure, check_snippet, repository_files, split_sections
from snippet_pages import expand
from snippet_sections import DOCS, ROOT
from snippet_server import SENTINEL

GOOD = """\
# --8<-- [start:main]
import torch
x = torch.ones(2)
print(x.sum().item())
# --8<-- [end:main]
"""
GOOD_OUT = "# --8<-- [start:main]\n2.0\n# --8<-- [end:main]\n"
PAGE = DOCS / "tensor" / "view_reshape.md"


def failure(tmp_path: Path, server, source: str, out: str | None = GOOD_OUT, timeout: float = 10) -> str:
    snippet = tmp_path / "case.py"
    snippet.write_text(source)
    if out is not None:
        snippet.with_suffix(".cuda.out" if server.profile == "cuda" else ".out").write_text(out)
    with pytest.raises(SnippetFailure) as caught:
        check_snippet(snippet, server, timeout, update=False)
    return str(caught.value)


def test_good_snippet_passes(tmp_path, snippet_server):
    snippet = tmp_path / "case.py"
    snippet.write_text(GOOD)
    snippet.with_suffix(".cuda.out" if snippet_server.profile == "cuda" else ".out").write_text(GOOD_OUT)
    check_snippet(snippet, snippet_server, 10, update=False)


def test_classes_defined_in_a_snippet_pickle_as_under_python(tmp_path, snippet_server):
    source = GOOD.replace("print(", "import pickle\nclass Point:\n    pass\n"
                          "assert type(pickle.loads(pickle.dumps(Point()))) is Point\nprint(")
    snippet = tmp_path / "case.py"
    snippet.write_text(source)
    snippet.with_suffix(".cuda.out" if snippet_server.profile == "cuda" else ".out").write_text(GOOD_OUT)
    check_snippet(snippet, snippet_server, 10, update=False)


def test_failing_assertion_names_file_and_line(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "assert x.sum() == 3\nprint("))
    assert f"{tmp_path / 'case.py'}:4: AssertionError" in message


def test_exception_names_file_and_line(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "x.view(3)\nprint("))
    assert f"{tmp_path / 'case.py'}:4: RuntimeError: shape '[3]' is invalid" in message


def test_syntax_error_names_file_and_line(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("x = torch.ones(2)", "x = torch.ones(2"))
    assert f"{tmp_path / 'case.py'}:3: SyntaxError" in message


def test_hanging_snippet_is_killed(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "import time; time.sleep(60)\nprint("),
                      timeout=1)
    assert f"{tmp_path / 'case.py'}: still running after 1 s: killed" in message


def test_stale_output_shows_a_diff_naming_the_out_file(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD, out=GOOD_OUT.replace("2.0", "3.0"))
    assert "stale output: " in message and "case.out" in message or "case.cuda.out" in message
    assert "-3.0\n+2.0" in message


def test_missing_output_is_reported(tmp_path, snippet_server):
    assert "is missing: run `pytest tests/test_snippets.py -k" in failure(tmp_path, snippet_server, GOOD, out=None)


def test_print_outside_a_section_fails():
    # Code outside sections is refused before it runs, but a process a section started can
    # still print after the section ends: the split of the captured stdout catches that.
    stdout = f"{SENTINEL}start:main\n2.0\n{SENTINEL}end:main\nstray\n"
    with pytest.raises(SnippetFailure, match="snippets/x.py: printed outside any section: 'stray'"):
        split_sections(stdout, "snippets/x.py")


def test_unclosed_section_names_file_and_line(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("# --8<-- [end:main]\n", ""))
    assert f"{tmp_path / 'case.py'}:1: section 'main' is never closed" in message


def test_code_outside_sections_fails(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, '"""Docstring is fine."""\nimport os\n' + GOOD)
    assert f"{tmp_path / 'case.py'}:2: code outside any section" in message


def test_files_left_in_the_working_directory_fail(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "open('x.txt', 'w').close()\nprint("))
    assert "left files behind in its working directory: ['x.txt']" in message


def test_files_left_in_the_repository_are_found(tmp_path, snippet_server):
    leftover = ROOT / "snippets" / "leftover-from-test.txt"
    snippet = tmp_path / "case.py"
    snippet.write_text(GOOD.replace("print(", f"open({str(leftover)!r}, 'w').close()\nprint("))
    before = repository_files()
    try:
        snippet_server.run(snippet, str(snippet), 10)
        added = repository_files() - before
    finally:
        leftover.unlink(missing_ok=True)
    assert added == {"snippets/leftover-from-test.txt"}


def test_stderr_output_fails(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server,
                      GOOD.replace("print(", "import warnings; warnings.warn('surprise')\nprint("))
    assert "wrote to stderr" in message and "surprise" in message


def test_missing_include_names_page_and_line():
    text = PAGE.read_text(encoding="utf-8") + '\n{{ snippet("no_such_section") }}\n'
    line = text.count("\n")
    problems = include_problems(PAGE, text)
    assert f"docs/tensor/view_reshape.md:{line}: snippets/tensor/view_reshape.py has no section 'no_such_section'" in problems


def test_section_not_shown_names_the_snippet():
    text = PAGE.read_text(encoding="utf-8").replace('{{ snippet("clone") }}', "")
    assert any(p.startswith("snippets/tensor/view_reshape.py:") and "'clone' is shown on no page" in p
               for p in include_problems(PAGE, text))


def test_build_hook_names_page_and_line_of_a_missing_include():
    with pytest.raises(PluginError, match=r"docs/tensor/view_reshape\.md:7: .* has no section 'nope'"):
        expand(PAGE, 7, "", "nope")


def test_page_missing_from_navigation_is_named():
    problems = nav_problems(ROOT / "mkdocs.yml", "nav:\n  - index.md\n", ["index.md", "tensor/new_page.md"])
    assert problems == ["docs/tensor/new_page.md: not in the navigation (mkdocs.yml: nav)"]


def test_bad_api_name_names_page_and_line():
    page = DOCS / "data" / "samplers.md"
    text = "---\napi:\n  - torch.utils.data.SequentialSampler\n  - torch.utils.data.DistributedSample\n---\n"
    problems = api_problems(page, text)
    assert len(problems) == 1
    assert problems[0].startswith("docs/data/samplers.md:4: api name torch.utils.data.DistributedSample does not resolve")


def test_heading_without_anchor_is_named():
    assert heading_problems(PAGE, "---\napi: []\n---\n\n## 没有锚点\n") == [
        "docs/tensor/view_reshape.md:5: heading without an explicit ASCII anchor '{ #like-this }': ## 没有锚点"]


def test_python_fence_that_would_not_run_is_named():
    problems = fence_problems(PAGE, "text\n\n```py\nprint(1)\n```\n")
    assert problems and problems[0].startswith("docs/tensor/view_reshape.md:3: python fence 'py'")


def test_snippet_named_like_a_module_is_named():
    assert shadowing_problems([ROOT / "snippets" / "tensor" / "copy.py"]) == [
        "snippets/tensor/copy.py:1: named like the module 'copy': `python snippets/tensor/copy.py` would "
        "import it instead of that module; rename the topic"]


def test_long_line_with_a_trailing_comment_is_named(tmp_path):
    snippet = tmp_path / "case.py"
    snippet.write_text("# --8<-- [start:main]\n"
                       "x = 1  # fits\n"
                       "y = '#' * 70  # " + "这条注释在页面上会被代码框截掉" * 3 + "\n"
                       "z = '" + "a" * 96 + "'\n"
                       "# --8<-- [end:main]\n")
    problems = width_problems(snippet)
    assert len(problems) == 2
    assert ":3: " in problems[0] and problems[0].endswith("put the comment on its own line above")
    assert ":4: 102 columns: wrap it to at most 100" in problems[1]


def test_error_demonstration_without_else_is_named(tmp_path):
    snippet = tmp_path / "case.py"
    snippet.write_text("import torch\n"
                       "try:\n"
                       "    torch.zeros(2).view(3)\n"
                       "except RuntimeError as e:\n"
                       "    print(e)\n"
                       "try:\n"
                       "    torch.zeros(2).view(3)\n"
                       "except RuntimeError as e:\n"
                       "    print(e)\n"
                       "else:\n"
                       "    raise AssertionError('should fail')\n")
    problems = unguarded_error_problems(snippet)
    assert len(problems) == 1 and problems[0].startswith(f"{snippet}:2: this try demonstrates")


def test_long_notebook_line_is_named(tmp_path):
    import nbformat

    book = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# title"),
        nbformat.v4.new_code_cell("x = 1\ny = '" + "a" * 70 + "'"),
    ])
    path = tmp_path / "case.ipynb"
    nbformat.write(book, path)
    assert notebook_width_problems(path) == [
        f"{path}: cell 1 line 2: 76 columns: the page wraps code cells at 70; wrap it yourself"]
