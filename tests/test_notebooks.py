"""Executes every tutorial notebook and compares its outputs with the committed ones."""
from __future__ import annotations

import pytest

from notebook_check import check_notebook
from snippet_check import SnippetFailure, check_record
from page_model import DOCS, rel

NOTEBOOKS = sorted((DOCS / "tutorials").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: rel(path))
def test_notebook(notebook, snippet_server, request):
    sid = f"tutorials/{notebook.stem}"
    snippet_server.results[sid] = "fail"
    try:
        update = request.config.getoption("--update-outputs")
        check_notebook(notebook, snippet_server.profile, timeout=120, update=update)
        if not update:
            check_record(notebook, snippet_server, sid)
    except SnippetFailure as failure:
        message = str(failure)
    else:
        snippet_server.results[sid] = "pass"
        return
    pytest.fail(message, pytrace=False)
