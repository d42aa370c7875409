"""Executes a tutorial notebook and compares its outputs with the committed ones.

The committed notebook (docs/tutorials/*.ipynb) carries the outputs of the CPU run, which the
site shows. A GPU run is compared with snippets/tutorials/<name>.cuda.out instead (one section
per code cell, `cell_<index>`), since a GPU prints other numbers.
"""
from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from snippet_check import SnippetFailure, lines_of
from page_model import SNIPPETS, read_sections, rel, render_sections

DATA = "data"  # docs/tutorials/data: the tutorials' data files, offered for download next to them


def text_of(cell) -> str:
    """A code cell's outputs as the text a reader sees: streams and plain-text results."""
    parts, last_stream = [], None
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            # The kernel may send one print's text in several messages: join consecutive ones.
            if last_stream != output["name"]:
                parts.append(f"[{output['name']}]\n")
            parts.append(output["text"])
            last_stream = output["name"]
            continue
        last_stream = None
        if output["output_type"] in ("execute_result", "display_data"):
            parts.append(output.get("data", {}).get("text/plain", "") + "\n")
        elif output["output_type"] == "error":
            parts.append(f"[error] {output['ename']}: {output['evalue']}\n")
    return "".join(parts)


def execute(path: Path, timeout: float) -> nbformat.NotebookNode:
    book = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="notebook-cwd-") as cwd:
        # As a reader who downloaded the notebook: its data folder sits next to it.
        data = path.parent / DATA
        if data.is_dir():
            os.symlink(data, Path(cwd) / DATA)
        client = NotebookClient(book, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": cwd}})
        try:
            client.execute()
        except CellExecutionError as error:
            raise SnippetFailure(f"{rel(path)}: a cell failed:\n{error}") from None
        left = [name for name in os.listdir(cwd) if name != DATA or not data.is_dir()]
    if left:
        raise SnippetFailure(f"{rel(path)}: left files behind in its working directory: {sorted(left)}")
    return book


def cell_outputs(book) -> dict[str, str]:
    outputs = {f"cell_{index}": text_of(cell) for index, cell in enumerate(book.cells)
               if cell.cell_type == "code"}
    return {name: text if not text or text.endswith("\n") else text + "\n" for name, text in outputs.items()}


def gpu_outputs_path(path: Path) -> Path:
    return SNIPPETS / "tutorials" / f"{path.stem}.cuda.out"


def check_notebook(path: Path, profile: str, timeout: float, update: bool) -> None:
    executed = execute(path, timeout)
    actual = cell_outputs(executed)
    if profile == "cuda":
        target = gpu_outputs_path(path)
        if update:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_sections(actual), encoding="utf-8")
            return
        if not target.exists():
            raise SnippetFailure(f"{rel(target)} is missing: run the notebook test with --update-outputs")
        expected = {name: "".join(f"{line}\n" for line in section.lines)
                    for name, section in read_sections(target).items()}
    else:
        if update:
            for cell in executed.cells:
                cell.get("metadata", {}).pop("execution", None)
            nbformat.write(executed, path)
            return
        expected = cell_outputs(nbformat.read(path, as_version=4))
    if expected != actual:
        diff = "".join(difflib.unified_diff(
            lines_of(render_sections(expected)), lines_of(render_sections(actual)),
            fromfile=f"{rel(path)} (committed outputs)", tofile=f"{rel(path)} (this run)"))
        raise SnippetFailure(f"stale output: the outputs of {rel(path)} differ from this run.\n"
                             f"If the change is intended, run `pytest tests/test_notebooks.py --update-outputs`.\n{diff}")
