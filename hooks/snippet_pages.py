"""MkDocs hook: expands `{{ snippet("name") }}` lines into a snippet section and its output.

A page docs/<area>/<topic>.md shows sections of snippets/<area>/<topic>.py. Each directive
becomes the section's code, titled with the snippet path, followed by the section's verified
output from the committed .out file. The build never runs a snippet: the tests did.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from snippet_sections import (
    DOCS, SectionError, output_path, read_sections, rel, requirements, snippet_for_page,
)

DIRECTIVE = re.compile(r'^(?P<indent>[ \t]*)\{\{ snippet\("(?P<name>[^"]*)"\) \}\}[ \t]*$')


def directives(text: str):
    """(line number, indent, section name) for each directive line of a page's source."""
    for number, line in enumerate(text.split("\n"), start=1):
        match = DIRECTIVE.match(line)
        if match:
            yield number, match["indent"], match["name"]


def fence(lines: list[str], info: str, indent: str) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    ticks = "`" * max(3, 1 + max((len(m) for l in lines for m in re.findall(r"`{3,}", l)), default=0))
    return [f"{indent}{ticks}{info}", *(f"{indent}{l}" if l else "" for l in lines), f"{indent}{ticks}", ""]


def expand(page: Path, number: int, indent: str, name: str) -> list[str]:
    where = f"{rel(page)}:{number}"
    snippet = snippet_for_page(page)
    if not snippet.exists():
        raise PluginError(f"{where}: snippet {name!r}: {rel(snippet)} does not exist")
    try:
        code = read_sections(snippet)
    except SectionError as error:
        raise PluginError(f"{where}: {error}") from None
    if name not in code:
        raise PluginError(f"{where}: {rel(snippet)} has no section {name!r} "
                          f"(it has: {', '.join(code)})")
    lines = fence(code[name].lines, f'python title="{rel(snippet)}"', indent)

    out = output_path(snippet, "cpu")
    if not out.exists() and "cuda" in requirements(snippet):
        return lines + [f'{indent}!!! note "需要 GPU"', "",
                        f"{indent}    这段代码需要 CUDA，还没有 GPU 运行的记录，所以这里不显示输出。", ""]
    if not out.exists():
        raise PluginError(f"{where}: {rel(out)} is missing: run "
                          f"`pytest tests/test_snippets.py -k {snippet.stem} --update-outputs`")
    outputs = read_sections(out)
    if name not in outputs:
        raise PluginError(f"{where}: {rel(out)} has no section {name!r}: it is stale, regenerate it")
    if any(line.strip() for line in outputs[name].lines):
        lines += fence(outputs[name].lines, 'text title="输出"', indent)
    return lines


def on_page_markdown(markdown: str, page, config, files) -> str:
    source = Path(page.file.abs_src_path)
    if DOCS not in source.parents:
        return markdown
    # Line numbers in messages are those of the source file, front matter included.
    raw = source.read_text(encoding="utf-8")
    offset = raw.count("\n") - markdown.count("\n")
    found = {number - offset: (number, indent, name) for number, indent, name in directives(raw)}
    result = []
    for index, line in enumerate(markdown.split("\n"), start=1):
        if index in found:
            result.extend(expand(source, *found[index]))
        else:
            result.append(line)
    return "\n".join(result)
