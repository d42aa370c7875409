"""Runs every snippet and compares its stdout, section by section, with the committed output.

Ids are snippet paths (`pytest -k tensor/view_reshape`). What a snippet needs is declared on its
first line (`# requires: cuda`); nothing is skipped here for any other reason.
"""
from __future__ import annotations

import pytest

from snippet_check import SnippetFailure, check_snippet
from snippet_sections import requirements, snippet_files, snippet_id


def _params():
    for path in snippet_files():
        marks = [pytest.mark.snippet]
        if "cuda" in requirements(path):
            marks.append(pytest.mark.cuda)
        yield pytest.param(path, id=snippet_id(path), marks=marks)


@pytest.mark.parametrize("snippet", list(_params()))
def test_snippet(snippet, snippet_server, request):
    if "cuda" in requirements(snippet) and not snippet_server.hello["cuda_visible"]:
        pytest.skip("requires: cuda, and no GPU is visible")
    try:
        check_snippet(snippet, snippet_server, request.config.getoption("--snippet-timeout"),
                      request.config.getoption("--update-outputs"))
    except SnippetFailure as failure:
        message = str(failure)
    else:
        return
    pytest.fail(message, pytrace=False)
