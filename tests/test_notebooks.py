"""Executes every tutorial notebook and compares its outputs with the committed ones."""
from __future__ import annotations

import pytest

from notebook_check import check_notebook
from snippet_check import SnippetFailure
from page_model import DOCS, rel

NOTEBOOKS = sorted((DOCS / "tutorials").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: rel(path))
def test_notebook(notebook, snippet_server, request):
    try:
        check_notebook(notebook, snippet_server.profile, timeout=120,
                       update=request.config.getoption("--update-outputs"))
    except SnippetFailure as failure:
        message = str(failure)
    else:
        return
    pytest.fail(message, pytrace=False)
