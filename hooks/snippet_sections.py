"""Named sections of snippet files and of their captured outputs.

One parser for the site hook and the tests. A section is delimited by pymdownx.snippets markers:

    # --8<-- [start:name]
    ...
    # --8<-- [end:name]

Snippets (`x.py`) and captured outputs (`x.out`, `x.cuda.out`) use the same markers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"

MARKER = re.compile(r"^(?P<indent>[ \t]*)# --8<-- \[(?P<kind>start|end):(?P<name>[^\]]*)\][ \t]*$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRES = re.compile(r"^# requires: (?P<what>[a-z][a-z0-9_, ]*)$")

# The output profiles: which captured-output file a run is compared with.
OUTPUT_SUFFIX = {"cpu": ".out", "cuda": ".cuda.out"}


class SectionError(ValueError):
    """A malformed section; the message starts with 'path:line:'."""


@dataclass
class Section:
    name: str
    start: int  # 1-based line of the start marker
    lines: list[str]  # the lines between the markers, without line endings


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def section_error(path: Path, number: int, message: str) -> SectionError:
    # rel() resolves the path on disk: worth doing for a message, not for every marker read.
    return SectionError(f"{rel(path)}:{number}: {message}")


def parse_sections(text: str, path: Path) -> dict[str, Section]:
    """Sections of `text` in order; raises SectionError naming path:line on bad markers."""
    sections: dict[str, Section] = {}
    current: Section | None = None
    # Only "\n" ends a line: str.splitlines would also split on \x1e, \x0c and others.
    for number, line in enumerate(text.split("\n"), start=1):
        match = MARKER.match(line)
        if not match:
            if current is not None:
                current.lines.append(line)
            continue
        kind, name = match["kind"], match["name"]
        if not NAME.match(name):
            raise section_error(path, number, f"section name {name!r} must match {NAME.pattern}")
        if kind == "start":
            if current is not None:
                raise section_error(path, number, f"section {name!r} starts inside section {current.name!r}")
            if name in sections:
                raise section_error(path, number, f"section {name!r} is defined twice")
            current = Section(name, number, [])
        else:
            if current is None or current.name != name:
                open_name = current.name if current else None
                raise section_error(path, number, f"end of {name!r} does not close the open section {open_name!r}")
            sections[name] = current
            current = None
    if current is not None:
        raise section_error(path, current.start, f"section {current.name!r} is never closed")
    return sections


def read_sections(path: Path) -> dict[str, Section]:
    return parse_sections(Path(path).read_text(encoding="utf-8"), Path(path))


def render_sections(outputs: dict[str, str]) -> str:
    """The text of a captured-output file: every section in order, markers included."""
    parts = []
    for name, text in outputs.items():
        parts.append(f"# --8<-- [start:{name}]\n{text}# --8<-- [end:{name}]\n")
    return "".join(parts)


def requirements(path: Path) -> set[str]:
    """What a snippet declares on its first line (`# requires: cuda`), else nothing."""
    with open(path, encoding="utf-8") as handle:
        first = handle.readline().rstrip("\n")
    match = REQUIRES.match(first)
    return {item.strip() for item in match["what"].split(",")} if match else set()


def needs_gpu(path: Path) -> bool:
    """Whether a snippet runs only where a GPU is visible (`# requires: cuda`)."""
    return "cuda" in requirements(path)


def snippet_for_page(page: Path) -> Path:
    """docs/<area>/<topic>.md -> snippets/<area>/<topic>.py (page path = snippet path)."""
    return SNIPPETS / Path(page).resolve().relative_to(DOCS).with_suffix(".py")


def output_path(snippet: Path, profile: str) -> Path:
    return Path(snippet).with_suffix(OUTPUT_SUFFIX[profile])


def snippet_files() -> list[Path]:
    return sorted(SNIPPETS.rglob("*.py"))


def snippet_id(snippet: Path) -> str:
    """snippets/autograd/backward.py -> autograd/backward (the test id)."""
    path = Path(snippet).resolve()
    return (path.relative_to(SNIPPETS) if SNIPPETS in path.parents else path).with_suffix("").as_posix()
