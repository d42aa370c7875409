"""MkDocs hook: generates api.md, every API the site documents from A to Z.

Names come from the pages' `api:` front matter. Each links to the first heading of its page
that names it (else the page's signature section, else the page) and carries its area.
"""
from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from page_model import DOCS, Page, SectionError

def page_info(path: Path) -> tuple[list[str], str, list[tuple[str, str | None]]]:
    """(api names, title, [(heading text, anchor)]) of a page's source."""
    page = Page.read(path)
    headings = [(h.text, h.anchor) for h in page.headings()]
    return list(page.meta.get("api") or []), page.title, headings[1:]


def target(name: str, page: str, headings: list[tuple[str, str | None]]) -> str:
    short = name.rsplit(".", 1)[-1]
    for text, anchor in headings:
        if anchor and re.search(rf"(?<![\w.]){re.escape(short)}(?!\w)", text):
            return f"{page}#{anchor}"
    anchors = [anchor for _, anchor in headings]
    return f"{page}#signature" if "signature" in anchors else page


def area_names(nav) -> dict[str, str]:
    """{"tensor": "张量", ...}: the navigation's section title of each area's index page."""
    names = {}
    for item in nav or []:
        if isinstance(item, dict):
            for title, children in item.items():
                for child in children if isinstance(children, list) else []:
                    if isinstance(child, str) and child.endswith("/index.md"):
                        names[child.split("/")[0]] = title
    return names


def code_name(name: str) -> str:
    """An API name in code font that may break only after a dot; `_` escaped from Markdown."""
    return "<code>" + name.replace("_", "&#95;").replace(".", ".<wbr>") + "</code>"


def build(nav=None) -> str:
    areas = area_names(nav)
    entries = []
    for path in sorted(DOCS.rglob("*.md")):
        page = path.relative_to(DOCS).as_posix()
        try:
            names, title, headings = page_info(path)
        except SectionError as error:
            raise PluginError(str(error)) from None
        area = areas.get(page.split("/")[0], "") if "/" in page else ""
        area_link = f"[{area}]({page.split('/')[0]}/index.md)" if area else ""
        for name in names:
            short = name.rsplit(".", 1)[-1].lstrip("_") or name  # __add__ files under A
            entries.append((short, name, f"[{title}]({target(name, page, headings)})", area_link))
    entries.sort(key=lambda entry: (entry[0].lower(), entry[1].lower()))
    # Not in the search index: a listing of every page's names matches almost any query, and the
    # empty state already points here (it cost 7 KB gzip of the index for no answer of its own).
    lines = ["---", "search:", "  exclude: true", "---", "", "# API 索引 { #api-index }", "",
             f"本站讲到的 {len({entry[1] for entry in entries})} 个 API，按名称最后一段的字母排序。"
             "每一项链接到讲它的页面和小节；一个 API 在几页里讲到，就占几行。", ""]
    for letter, group in groupby(entries, key=lambda entry: entry[0][0].upper()):
        anchor = letter.lower() if letter.isalpha() else "other"
        lines += [f"## {letter} {{ #{anchor} }}", "", "| API | 页面 | 领域 |", "| --- | --- | --- |"]
        lines += [f"| {code_name(name)} | {link} | {area} |" for _, name, link, area in group]
        lines.append("")
    return "\n".join(lines)


def on_files(files, config):
    files.append(File.generated(config, "api.md", content=build(config["nav"])))
    return files
