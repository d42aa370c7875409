"""The model of a page and its snippet: one place that reads them, for the site hooks and the tests.

A page docs/<area>/<topic>.md shows sections of snippets/<area>/<topic>.py (page path = snippet
path). A section is delimited by marker comments and is a complete program of its own:

    # --8<-- [start:name]
    import torch
    x = torch.arange(6).view(2, 3)
    print(x.t().is_contiguous())
    assert x.t().stride() == (1, 3)  # check
    x.t().view(6)  # raises: RuntimeError: view size is not compatible
    # --8<-- [end:name]

- A statement whose first line ends with `# check` verifies a claim: it runs in the checked run
  and is left out of what the page shows, what the copy button copies and the downloads.
- `# requires: cuda` (a GPU is visible), `# requires: no_cuda` (none is) or `# requires: cpu_build`
  (torch was built without CUDA) as a section's first line runs it only in that kind of environment; like the same line at the top of a file, which
  applies to all its sections. The line is not shown.
- `# timeout: 120` above the first section raises the time limit of each run of this snippet
  (the suite's default is 20 s), for the few that are slow by nature.
- `# raises: Type[: text]` on the section's last statement declares that it fails with that
  error (whose message contains `text`). The page shows the call and, as output, the error as
  Python prints it; the run fails if the error stops happening. The comment itself is not shown.

A page shows a section with a line `{{ snippet("name") }}`, or `{{ snippet("name", chart="caption") }}`
to draw the table the section prints as a chart (hooks/charts.py).

Captured outputs (`x.out`, `x.cuda.out`) use the same markers, one section per code section.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"

MARKER = re.compile(r"^(?P<indent>[ \t]*)# --8<-- \[(?P<kind>start|end):(?P<name>[^\]]*)\][ \t]*$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRES = re.compile(r"^# requires: (?P<what>[a-z][a-z0-9_, ]*)$")
TIMEOUT = re.compile(r"^# timeout: (?P<seconds>[0-9]+)$")
# Both may follow a comment for the reader: `x.view(-1, -1)  # 只能有一个 -1  # raises: RuntimeError`.
CHECK = re.compile(r"(?:^|\s)#\s*check\s*$")
RAISES = re.compile(r"(?:^|\s)#\s*raises:\s*(?P<type>[A-Za-z_][\w.]*)\s*(?::\s*(?P<match>.*?))?\s*$")
DIRECTIVE = re.compile(r'^(?P<indent>[ \t]*)\{\{ snippet\((?P<args>.*)\) \}\}[ \t]*$')
DIRECTIVE_ARGS = re.compile(r'^"(?P<name>[^"]*)"(?:, chart="(?P<chart>[^"]+)")?$')
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<text>.*?)(?:[ \t]+\{ #(?P<anchor>[^ }]*) \})?[ \t]*$")
FENCE = re.compile(r"^[ \t]*(?P<ticks>`{3,}|~{3,})(?P<info>.*)$")

# The output profiles: which captured-output file a run is compared with.
OUTPUT_SUFFIX = {"cpu": ".out", "cuda": ".cuda.out"}


class SectionError(ValueError):
    """A malformed snippet, output or page; the message starts with 'path:line:'."""


def rel(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def section_error(path: Path, number: int, message: str) -> SectionError:
    # rel() resolves the path on disk: worth doing for a message, not for every marker read.
    return SectionError(f"{rel(path)}:{number}: {message}")


def read_text(path: Path) -> str:
    """A source file's text; undecodable bytes are an error naming the file and line."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise section_error(path, line, f"not valid UTF-8 (byte {data[error.start]:#04x})") from None
    return text.removeprefix("\ufeff")  # Python runs a file with a BOM, and so do we


# ---------------------------------------------------------------- sections


@dataclass
class Raises:
    type: str
    match: str | None
    line: int  # first line of the statement in the snippet file
    end_line: int  # its last line


@dataclass
class Section:
    name: str
    start: int  # 1-based line of the start marker
    lines: list[str]  # the lines between the markers, without line endings
    path: Path = field(default=Path("?"), compare=False)

    def line_number(self, index: int) -> int:
        """File line number of self.lines[index]."""
        return self.start + 1 + index

    @cached_property
    def _analysis(self) -> tuple[set[int], Raises | None, dict[int, str]]:
        """(hidden line indexes, declared error, {line index: text without its # raises comment})."""
        source = "\n".join(self.lines)
        try:
            tree = ast.parse(source)
            comments = [(token.start[0] - 1, token.start[1], token.string)
                        for token in tokenize.generate_tokens(io.StringIO(source).readline)
                        if token.type == tokenize.COMMENT]
        except (SyntaxError, tokenize.TokenError):
            return set(), None, {}  # the run reports the syntax error, with its line
        firsts: dict[int, ast.stmt] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.stmt):
                firsts.setdefault(node.lineno - 1, node)
        hidden, raises, stripped = set(), None, {}
        if self.requirements:
            hidden.add(self._first_line)
        for index, column, text in comments:
            if not self.lines[index][:column].strip():
                continue  # a comment on its own line is prose for the reader
            if CHECK.search(text):
                node = firsts.get(index)
                if node is None:
                    raise section_error(self.path, self.line_number(index),
                                        "'# check' must end the first line of a statement")
                hidden.update(range(node.lineno - 1, node.end_lineno))
            elif match := RAISES.search(text):
                # The failing statement ends the section (it may sit inside a `with` block).
                node = firsts.get(index)
                if node is None or node.end_lineno != tree.body[-1].end_lineno:
                    raise section_error(self.path, self.line_number(index),
                                        "'# raises:' belongs on the first line of the statement "
                                        "that ends the section: nothing after the error would run")
                raises = Raises(match["type"], match["match"] or None, self.line_number(index),
                                self.line_number(node.end_lineno - 1))
                stripped[index] = self.lines[index][:column + match.start()].rstrip()
        return hidden, raises, stripped

    @property
    def raises(self) -> Raises | None:
        return self._analysis[1]

    @property
    def requirements(self) -> set[str]:
        """What the section's first line declares (`# requires: no_cuda`), else nothing."""
        first = self._first_line
        return set() if first is None else declared_requirements(self.lines[first].strip())

    @property
    def _first_line(self) -> int | None:
        """Index of the first line that is not blank."""
        return next((i for i, line in enumerate(self.lines) if line.strip()), None)

    def runs_in(self, profile: str, cuda_build: bool | None = None) -> bool:
        """Whether the section runs where the output profile is `profile` (cpu: no GPU visible;
        cuda: one is) with a torch built with CUDA or not (by default: the GPU runs' CUDA build,
        the CPU runs' CPU build, as the committed outputs were made)."""
        wanted = self.requirements
        cuda_build = profile == "cuda" if cuda_build is None else cuda_build
        return not ("cuda" in wanted and profile != "cuda" or "no_cuda" in wanted and profile == "cuda"
                    or "cpu_build" in wanted and cuda_build)

    def shown_lines(self) -> list[tuple[int, str]]:
        """(file line number, text) of what the page shows and the copy button copies."""
        hidden, _, stripped = self._analysis
        shown: list[tuple[int, str]] = []
        gap = False  # whether hidden lines were dropped since the last shown line
        for i, line in enumerate(self.lines):
            if i in hidden:
                gap = True
                continue
            # A blank line that a hidden check leaves next to another blank line is dropped.
            if gap and not line.strip() and shown and not shown[-1][1].strip():
                continue
            shown.append((self.line_number(i), stripped.get(i, line)))
            gap = False
        while shown and not shown[0][1].strip():
            shown.pop(0)
        while shown and not shown[-1][1].strip():
            shown.pop()
        return shown

    def copy_text(self) -> str:
        """Exactly what the copy button copies: a complete program."""
        return "".join(line + "\n" for _, line in self.shown_lines())

    def checked_source(self) -> str:
        """The whole section, checks included, padded so that line numbers are the file's."""
        return "\n" * self.start + "\n".join(self.lines) + "\n"

    def hidden_count(self) -> int:
        return len(self._analysis[0])


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
            current = Section(name, number, [], Path(path))
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
    sections = parse_sections(read_text(path), Path(path))
    for section in sections.values():
        _ = section._analysis  # malformed # check / # raises comments fail here, with their line
    return sections


def render_sections(outputs: dict[str, str]) -> str:
    """The text of a captured-output file: every section in order, markers included."""
    parts = []
    for name, text in outputs.items():
        parts.append(f"# --8<-- [start:{name}]\n{text}# --8<-- [end:{name}]\n")
    return "".join(parts)


def requirements(path: Path) -> set[str]:
    """What a snippet declares on its first line (`# requires: cuda`), else nothing."""
    return declared_requirements(read_text(path).split("\n", 1)[0])


def declared_requirements(line: str) -> set[str]:
    """`# requires: cuda, no_cuda` -> {"cuda", "no_cuda"}; any other line -> nothing."""
    match = REQUIRES.match(line)
    return {item.strip() for item in match["what"].split(",")} if match else set()


def snippet_timeout(path: Path, default: float) -> float:
    """A snippet's limit per run: `# timeout: 120` above its first section (for the few that are
    slow by nature, such as torch.compile's first call), else the suite's default."""
    for line in read_text(path).split("\n"):
        if MARKER.match(line):
            break
        if match := TIMEOUT.match(line.strip()):
            return float(match["seconds"])
    return default


def needs_gpu(path: Path) -> bool:
    """Whether a snippet runs only where a GPU is visible (`# requires: cuda`)."""
    return "cuda" in requirements(path)


# ---------------------------------------------------------------- paths


def snippet_for_page(page: Path) -> Path:
    """docs/<area>/<topic>.md -> snippets/<area>/<topic>.py (page path = snippet path)."""
    return SNIPPETS / Path(page).resolve().relative_to(DOCS).with_suffix(".py")


def page_for_snippet(snippet: Path) -> Path | None:
    """snippets/<area>/<topic>.py -> docs/<area>/<topic>.md; None for a file outside snippets/."""
    path = Path(snippet).resolve()
    return DOCS / path.relative_to(SNIPPETS).with_suffix(".md") if SNIPPETS in path.parents else None


def page_source(url_path: str) -> str:
    """docs/-relative source of a built page URL: 'tensor/view_reshape/' -> 'tensor/view_reshape.md'."""
    path = url_path.strip("/")
    if not path:
        return "index.md"
    for candidate in (f"{path}.md", f"{path}/index.md", f"{path}.ipynb"):
        if (DOCS / candidate).exists():
            return candidate
    return f"{path}.md"  # generated pages (api.md)


def output_path(snippet: Path, profile: str) -> Path:
    return Path(snippet).with_suffix(OUTPUT_SUFFIX[profile])


def snippet_files() -> list[Path]:
    return sorted(SNIPPETS.rglob("*.py"))


def page_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def snippet_id(snippet: Path) -> str:
    """snippets/autograd/backward.py -> autograd/backward (the test id)."""
    path = Path(snippet).resolve()
    return (path.relative_to(SNIPPETS) if SNIPPETS in path.parents else path).with_suffix("").as_posix()


# ---------------------------------------------------------------- pages


def front_matter(text: str, path: Path | None = None) -> tuple[dict, int]:
    """(front matter as a dict, number of its lines including the --- lines)."""
    lines = text.split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return {}, 0
    end = lines.index("---", 1)
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1  # +1 for the opening ---, +1 for 1-based lines
        problem = getattr(error, "problem", None) or str(error).split("\n")[0]
        raise section_error(path or Path("?"), line, f"front matter is not valid YAML: {problem}") from None
    if not isinstance(meta, dict):
        raise section_error(path or Path("?"), 2, "front matter must be a mapping (api: [...])")
    return meta, end + 1


def markdown_lines(text: str):
    """(line number, line, fence info or None) for lines outside fences; fences reported once."""
    fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE.match(line)
        if fence is None and match:
            fence = match["ticks"]
            yield number, line, match["info"].strip()
        elif fence is not None:
            if line.strip() == fence[0] * len(fence) or (match and match["ticks"].startswith(fence)
                                                          and not match["info"].strip()):
                fence = None
        else:
            yield number, line, None


@dataclass
class Heading:
    line: int
    level: int
    text: str
    anchor: str | None


@dataclass
class Directive:
    line: int
    indent: str
    name: str
    chart: str | None = None  # a caption: the section's output is drawn as a chart (hooks/charts.py)


@dataclass
class Page:
    path: Path
    text: str
    meta: dict
    body_start: int  # lines taken by the front matter

    @classmethod
    def read(cls, path: Path) -> Page:
        return cls.parse(path, read_text(path))

    @classmethod
    def parse(cls, path: Path, text: str) -> Page:
        meta, skip = front_matter(text, path)
        return cls(Path(path), text, meta, skip)

    @property
    def snippet(self) -> Path:
        return snippet_for_page(self.path)

    def headings(self) -> list[Heading]:
        return [Heading(number, len(match["level"]), match["text"], match["anchor"])
                for number, line, info in markdown_lines(self.text)
                if info is None and number > self.body_start and (match := HEADING.match(line))]

    def directives(self) -> list[Directive]:
        found = []
        for number, line, info in markdown_lines(self.text):
            if info is None and (match := DIRECTIVE.match(line)):
                args = DIRECTIVE_ARGS.match(match["args"])
                if args is None:
                    raise section_error(self.path, number, 'expected {{ snippet("name") }} or '
                                        '{{ snippet("name", chart="caption") }}, found '
                                        + line.strip())
                found.append(Directive(number, match["indent"], args["name"], args["chart"]))
        return found

    @property
    def title(self) -> str:
        headings = self.headings()
        return headings[0].text if headings else self.path.stem

    def chunks(self):
        """The page body in order: ("markdown", text) and ("snippet", section name) items."""
        lines = self.text.split("\n")
        found = {d.line: d.name for d in self.directives()}
        prose: list[str] = []
        for number, line in enumerate(lines[self.body_start:], start=self.body_start + 1):
            if number in found:
                yield "markdown", "\n".join(prose)
                prose = []
                yield "snippet", found[number]
            else:
                prose.append(line)
        yield "markdown", "\n".join(prose)
