"""Runs every snippet and compares its stdout, section by section, with the committed output.

Ids are snippet paths (`pytest -k tensor/view_reshape`). What a snippet needs is declared on its
first line (`# requires: cuda`); nothing is skipped here for any other reason. The selected
snippets are asked for as one batch when the first of them is tested, so that they run in
parallel (`--snippet-jobs`), each still in its own process and temporary directory.
"""
from __future__ import annotations

import pytest

from snippet_check import SnippetFailure, check_record, check_snippet, repository_files, requests
from page_model import needs_gpu, rel, snippet_files, snippet_id


def _params():
    for path in snippet_files():
        marks = [pytest.mark.snippet]
        if needs_gpu(path):
            marks.append(pytest.mark.cuda)
        yield pytest.param(path, id=snippet_id(path), marks=marks)


def runs_here(snippet, server) -> bool:
    return not needs_gpu(snippet) or server.hello["cuda_visible"]


@pytest.fixture(scope="module")
def batch(snippet_server, request) -> set[str]:
    """Asks for every run of every runnable selected snippet at once; returns the repository's
    files before."""
    before = repository_files()
    timeout = request.config.getoption("--snippet-timeout")
    asked = []
    for path in snippet_server.planned:
        if runs_here(path, snippet_server):
            try:
                asked += requests(path, timeout, snippet_server.memory_limit)
            except SnippetFailure:
                pass  # its test reports it
    snippet_server.ask(asked)
    return before


@pytest.mark.parametrize("snippet", list(_params()))
def test_snippet(snippet, snippet_server, batch, request):
    if not runs_here(snippet, snippet_server):
        pytest.skip("requires: cuda, and no GPU is visible")
    update = request.config.getoption("--update-outputs")
    try:
        check_snippet(snippet, snippet_server, request.config.getoption("--snippet-timeout"), update)
        if not update:
            check_record(snippet, snippet_server)
    except SnippetFailure as failure:
        message = str(failure)
    else:
        return
    pytest.fail(message, pytrace=False)


def test_snippets_left_no_files_in_the_repository(snippet_server, batch):
    snippet_server.wait_all()
    added = sorted(repository_files() - batch)
    assert not added, f"the snippets left files in the repository: {added} (write into a tempfile.TemporaryDirectory)"
