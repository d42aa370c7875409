"""MkDocs hook: fixes to Material's output that neither CSS nor page content can make.

- Material's search dialog (`<div class="md-search" role="dialog">`) has no accessible name
  (axe rule aria-dialog-name, serious): label it like the search box.
"""
from __future__ import annotations

from mkdocs.exceptions import PluginError

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def on_post_page(output, page, config):
    if SEARCH_DIALOG not in output:
        raise PluginError(f"{page.file.src_uri}: Material's search dialog markup changed; "
                          "update hooks/material_fixes.py")
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="搜索">', 1)
