"""Runs every snippet and compares its stdout, section by section, with the committed output.

Ids are snippet paths (`pytest -k tensor/view_reshape`). What a snippet needs is declared on its
first line (`# requires: cuda`); nothing is skipped here for any other reason. The selected
snippets are asked for as one batch when the first of them is tested, so that they run in
parallel (`--snippet-jobs`), each still in its own process and temporary directory.
"""
from __future__ import annotations

import pytest

from snippet_check import (
    SnippetFailure, changed_files, check_record, check_snippet, repository_files, requests,
    runnable_sections,
)
from page_model import SectionError, needs_gpu, snippet_files, snippet_id, snippet_timeout


def gpu_only(path) -> bool:
    """`# requires: cuda` on the first line; an undecodable file is not, so its test runs and
    reports it (and the others still run)."""
    try:
        return needs_gpu(path)
    except SectionError:
        return False


def _params():
    for path in snippet_files():
        marks = [pytest.mark.snippet, *([pytest.mark.cuda] if gpu_only(path) else [])]
        yield pytest.param(path, id=snippet_id(path), marks=marks)


def runs_here(snippet, server) -> bool:
    return not gpu_only(snippet) or server.hello["cuda_visible"]


@pytest.fixture(scope="module")
def batch(snippet_server, request) -> dict:
    """Asks for every run of every runnable selected snippet at once; returns the repository's
    files before."""
    before = repository_files()
    timeout = request.config.getoption("--snippet-timeout")
    asked = []
    for path in snippet_server.planned:
        if runs_here(path, snippet_server):
            try:
                sections = runnable_sections(path, snippet_server.profile, snippet_server.hello["cuda_build"])
                asked += requests(path, sections, snippet_timeout(path, timeout), snippet_server.memory_limit)
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
        timeout = snippet_timeout(snippet, request.config.getoption("--snippet-timeout"))
        check_snippet(snippet, snippet_server, timeout, update)
        if not update:
            check_record(snippet, snippet_server)
    except SnippetFailure as failure:
        message = str(failure)
    else:
        return
    pytest.fail(message, pytrace=False)


def test_snippets_changed_nothing_in_the_repository(snippet_server, batch, request):
    """Runs are read-only views of the tree where the machine allows it; this catches the rest."""
    snippet_server.wait_all()
    own = (".out", ".json", ".lock") if request.config.getoption("--update-outputs") else (".lock",)
    changed = changed_files(batch, repository_files(), own)
    assert not changed, (f"the snippets changed the repository: {changed} (write into a "
                         "tempfile.TemporaryDirectory)")
