"""A page's code as files a reader downloads: a .py script and a notebook with the page's prose.

Both hold each block's copy text, in page order. A block that demonstrates an error ends in a
statement that raises; here that statement is wrapped in try/except and prints the error the way
the page shows it, so the whole file runs from top to bottom. The tests run the script.
"""
from __future__ import annotations

import ast
import builtins
import re
from pathlib import Path

import nbformat

from page_model import Page, Section, page_for_snippet, read_sections, snippet_id

ANCHOR = re.compile(r"[ \t]+\{ #[^ }]* \}[ \t]*$")
ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]+\w+(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
PAGE_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?![a-z]+://)[^)]*\)")


# A section that runs only with (or without) a GPU is guarded by this test in the downloads.
GUARDS = {"cuda": ("torch.cuda.is_available()", "只在看得到 GPU 时运行"),
          "no_cuda": ("not torch.cuda.is_available()", "只在看不到 GPU 时运行"),
          "cpu_build": ("torch.version.cuda is None", "只在不带 CUDA 的 torch 上运行")}


def runnable_code(section: Section) -> str:
    """The copy text, with a declared error caught and printed as the page shows it, and guarded
    by its requirement."""
    code = caught_code(section)
    for requirement in sorted(section.requirements & set(GUARDS)):
        test, note = GUARDS[requirement]
        body = "".join(f"    {line}" if line.strip() else line for line in code.splitlines(keepends=True))
        code = f"import torch\n\nif {test}:  # {note}\n{body}"
    return code


def caught_code(section: Section) -> str:
    """The copy text, with a declared error caught and printed as the page shows it."""
    text = section.copy_text()
    if section.raises is None:
        return text
    lines = text.rstrip("\n").split("\n")
    last = ast.parse(text).body[-1]
    head, failing = lines[:last.lineno - 1], lines[last.lineno - 1:last.end_lineno]
    caught = section.raises.type if hasattr(builtins, section.raises.type) else "Exception"
    return "\n".join([*head, "try:", *("    " + line for line in failing),
                      f"except {caught} as error:  # 页面上演示的报错",
                      '    print(f"{type(error).__name__}: {error}")']) + "\n"


def blocks(snippet: Path):
    """(prose or None, Section) pairs in page order; prose is the Markdown before the block."""
    sections = read_sections(snippet)
    page_path = page_for_snippet(snippet)
    if page_path is None or not page_path.exists():
        for section in sections.values():
            yield None, section
        return
    page = Page.read(page_path)
    prose = ""
    for kind, value in page.chunks():
        if kind == "markdown":
            prose = value
        elif value in sections:
            yield prose, sections[value]
    tail = prose
    if tail.strip():
        yield tail, None


def plain_markdown(text: str) -> str:
    """The page's Markdown for a notebook: no anchors, admonitions as quotes, no site links."""
    out, in_admonition = [], False
    for line in text.split("\n"):
        line = ANCHOR.sub("", line)
        match = ADMONITION.match(line)
        if match:
            in_admonition = True
            out.append(f"> **{match['title'] or '注意'}**")
            continue
        if in_admonition:
            if line.startswith("    ") or not line.strip():
                out.append("> " + line[4:] if line.strip() else ">")
                continue
            in_admonition = False
        out.append(PAGE_LINK.sub(r"\g<text>", line))
    return "\n".join(out).strip("\n")


def heading_of(prose: str | None) -> str | None:
    """The last heading before the block, for the script's `# %%` cell line."""
    headings = [ANCHOR.sub("", line).lstrip("#").strip()
                for line in (prose or "").split("\n") if line.startswith("#")]
    return headings[-1] if headings else None


def script(snippet: Path) -> str:
    """The .py download: every block's code in page order, as `# %%` cells."""
    sid = snippet_id(snippet)
    parts = [f'"""torch-notes：{sid} 页面上的全部代码。\n\n每个 `# %%` 单元是页面上的一个代码块，'
             '单独复制也能运行。\n"""\n']
    last_heading = None
    for prose, section in blocks(snippet):
        if section is None:
            continue
        heading = heading_of(prose)
        if heading is None:
            heading = f"{last_heading}（续）" if last_heading else section.name
        else:
            last_heading = heading
        parts.append(f"# %% {heading}\n{runnable_code(section)}")
    return "\n".join(parts)


def notebook(snippet: Path, outputs: dict[str, str]) -> str:
    """The .ipynb download: the page's prose as Markdown cells around its code cells.

    `outputs` holds each section's verified output text (none before a run).
    """
    cells = []
    for prose, section in blocks(snippet):
        if prose and plain_markdown(prose):
            cells.append(nbformat.v4.new_markdown_cell(plain_markdown(prose)))
        if section is None:
            continue
        text = outputs.get(section.name, "")
        stream = [nbformat.v4.new_output("stream", name="stdout", text=text)] if text.strip() else []
        cells.append(nbformat.v4.new_code_cell(runnable_code(section).rstrip("\n"), outputs=stream))
    book = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    return nbformat.writes(book)


def notebook_script(path: Path) -> str:
    """A tutorial notebook's code cells as a .py download, one `# %%` cell each."""
    book = nbformat.read(path, as_version=4)
    parts = [f'"""torch-notes 教程：{path.stem}。每个 `# %%` 单元是 notebook 的一个代码单元。"""\n']
    parts += [f"# %%\n{cell.source.rstrip()}\n" for cell in book.cells if cell.cell_type == "code"]
    return "\n".join(parts)
