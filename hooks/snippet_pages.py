"""MkDocs hook: shows each page's snippet, its verified outputs and where it was verified.

A page docs/<area>/<topic>.md shows sections of snippets/<area>/<topic>.py:

- each `{{ snippet("name") }}` line becomes the section's code as the reader copies it (without
  its `# check` statements), followed by the section's output from the committed .out file;
  where a GPU run printed something else (.cuda.out), the two outputs are shown in CPU and GPU
  tabs;
- under the page title, a line offers the code as .py and as a notebook with the page's prose,
  and shows the runs that verified it (from snippets/verified/*.json), flagging records of an
  older snippet. Search does not index that line.

The build never runs a snippet: the tests did.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import charts
import downloads
import verification_records as records
from page_model import (
    DOCS, OUTPUT_SUFFIX, Page, Section, SectionError, needs_gpu, output_path, read_sections, rel,
    snippet_files, snippet_for_page, snippet_id,
)

OUTPUT_INFO = '{ .text .tn-output .no-copy title="输出" }'
TITLE = re.compile(r"^# .*$", re.MULTILINE)
PROFILE_NAMES = {"cpu": "CPU", "cuda": "GPU"}


def fence(lines: list[str], info: str, indent: str) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    longest = max((len(run) for line in lines for run in re.findall(r"`{3,}", line)), default=2)
    ticks = "`" * (longest + 1)
    return [f"{indent}{ticks}{info}", *(f"{indent}{line}" if line else "" for line in lines),
            f"{indent}{ticks}", ""]


def outputs_by_profile(snippet: Path) -> dict[str, dict]:
    return {profile: read_sections(output_path(snippet, profile))
            for profile in OUTPUT_SUFFIX if output_path(snippet, profile).exists()}


def output_block(where: str, snippet: Path, section: Section, indent: str) -> list[str]:
    name = section.name
    outputs = {profile: sections for profile, sections in outputs_by_profile(snippet).items()
               if section.runs_in(profile)}
    if not outputs:
        if needs_gpu(snippet) or "cuda" in section.requirements:
            return []  # said once under the title (meta_line)
        raise PluginError(f"{where}: {rel(output_path(snippet, 'cpu'))} is missing: run "
                          f"`pytest tests/test_snippets.py -k {snippet_id(snippet)} --update-outputs`")
    texts = {}
    for profile, sections in outputs.items():
        if name not in sections:
            raise PluginError(f"{where}: {rel(output_path(snippet, profile))} has no section "
                              f"{name!r}: it is stale, regenerate it")
        texts[profile] = sections[name].lines
    if len({tuple(lines) for lines in texts.values()}) == 1:
        lines = next(iter(texts.values()))
        if not any(line.strip() for line in lines):
            return []
        return fence(lines, OUTPUT_INFO, indent)
    result = []
    verified = {profile: records.load(profile).get(snippet_id(snippet)) for profile in texts}
    for profile, lines in texts.items():
        record = verified[profile]
        tab = records.label(record) if record else PROFILE_NAMES[profile]
        result += [f'{indent}=== "{tab}"', ""]
        result += fence(lines or ["（无输出）"], OUTPUT_INFO, indent + "    ")
    return result


def chart_block(where: str, snippet: Path, section: Section, caption: str, indent: str) -> list[str]:
    """The chart drawn from the section's verified output, then that output, folded."""
    outputs = [(profile, sections[section.name].lines)
               for profile, sections in outputs_by_profile(snippet).items()
               if section.runs_in(profile) and section.name in sections]
    if not outputs:
        return output_block(where, snippet, section, indent)  # says what is missing
    profile, lines = outputs[0]
    try:
        figure = charts.figure(lines, f"{where}: {rel(output_path(snippet, profile))} "
                               f"[{section.name}]", caption, indent)
    except charts.ChartError as error:
        raise PluginError(str(error)) from None
    folded = output_block(where, snippet, section, indent + "    ")
    return figure + [f'{indent}<details class="tn-chart-data" data-search-exclude markdown>',
                     f"{indent}<summary>图中的数值（这段代码的输出）</summary>", "", *folded,
                     f"{indent}</details>", ""]


def expand(page: Path, number: int, indent: str, name: str, chart: str | None = None) -> list[str]:
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
    shown = [line for _, line in code[name].shown_lines()]
    lines = fence(shown, f'{{ .python .tn-code title="{snippet.name} · {name}" }}', indent)
    # Search indexes the prose and the outputs (error messages), not the code: a result then shows
    # a short excerpt instead of a whole program.
    lines = [f"{indent}<div data-search-exclude markdown>", "", *lines, f"{indent}</div>", ""]
    if chart is not None:
        return lines + chart_block(where, snippet, code[name], chart, indent)
    return lines + output_block(where, snippet, code[name], indent)


def badge(profile: str, record: dict | None, snippet: Path) -> str:
    if record is None:
        return f'<span class="tn-badge tn-missing">{PROFILE_NAMES[profile]}：尚无运行记录</span>'
    text = records.label(record)
    if record["sha256"] != records.content_hash(snippet):
        return f'<span class="tn-badge tn-outdated" title="记录之后脚本已修改">{text} · 已过期</span>'
    if record["status"] != "pass":
        return f'<span class="tn-badge tn-failed">{text} · 失败 · {record["date"]}</span>'
    return f'<span class="tn-badge tn-pass" title="{record["date"]} 运行通过">✓ {text}</span>'


def tutorial_meta(page) -> str:
    """The download line and records of a tutorial notebook page, as HTML."""
    source = Path(page.file.abs_src_path)
    sid = f"tutorials/{source.stem}"
    badges = " ".join(badge(profile, records.load(profile).get(sid), source) for profile in OUTPUT_SUFFIX)
    return (f'<p class="tn-meta" data-search-exclude>下载本教程：<a href="../../downloads/{sid}.py" download>'
            f'{source.stem}.py</a> · <a href="../../downloads/{sid}.ipynb" download>{source.name}</a>'
            f"<br>验证记录：{badges}</p>")


def on_page_content(html: str, page, config, files) -> str:
    """Tutorial notebooks get the same download line and records as the other pages."""
    if page.file.src_uri.startswith("tutorials/") and page.file.src_uri.endswith(".ipynb"):
        return tutorial_meta(page) + html
    return html


def meta_line(snippet: Path) -> str:
    sid = snippet_id(snippet)
    up = "../" * (len(Path(sid).parts) - 1)  # from docs/<area>/ back to docs/
    gpu_only = needs_gpu(snippet)
    profiles = ["cuda"] if gpu_only else list(OUTPUT_SUFFIX)  # a GPU-only snippet never runs on CPU
    badges = " ".join(badge(profile, records.load(profile).get(sid), snippet) for profile in profiles)
    line = (f'<p class="tn-meta" data-search-exclude markdown>下载本页代码：[{snippet.name}]'
            f"({up}downloads/{sid}.py){{ download }} · "
            f"[{snippet.stem}.ipynb]({up}downloads/{sid}.ipynb){{ download }}<br>"
            f"验证记录：{badges}</p>")
    if gpu_only:
        state = ("代码下面的输出来自 GPU 运行，运行环境见上面的验证记录。" if outputs_by_profile(snippet)
                 else "还没有 GPU 运行记录，所以代码下面不显示输出。")
        line += ('\n\n!!! note "本页代码需要 GPU"\n\n    脚本第一行写着 `# requires: cuda`：'
                 f"它只在有 GPU 的运行中执行，CPU 上的测试跳过它。{state}")
    return line


def on_page_read_source(page, config):
    """Refuses a page MkDocs could not read cleanly (bad bytes, bad front matter), naming it."""
    source = page.file.abs_src_path
    if source and source.endswith(".md") and DOCS in Path(source).parents:
        try:
            Page.read(Path(source))
        except SectionError as error:
            raise PluginError(str(error)) from None
    return None  # MkDocs reads the page as usual


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.abs_src_path is None:  # generated pages (api.md) have no snippet
        return markdown
    source = Path(page.file.abs_src_path)
    if DOCS not in source.parents or source.suffix != ".md":
        return markdown
    model = Page.read(source)  # on_page_read_source refused it already if it cannot be read
    # Line numbers in messages are those of the source file, front matter included.
    offset = model.text.count("\n") - markdown.count("\n")
    try:
        found = {d.line - offset: d for d in model.directives()}
    except SectionError as error:
        raise PluginError(str(error)) from None
    result = []
    for index, line in enumerate(markdown.split("\n"), start=1):
        if index in found:
            d = found[index]
            result.extend(expand(source, d.line, d.indent, d.name, d.chart))
        else:
            result.append(line)
    text = "\n".join(result)
    snippet = snippet_for_page(source)
    if found and snippet.exists():
        text = TITLE.sub(lambda title: f"{title[0]}\n\n{meta_line(snippet)}\n", text, count=1)
    return text


def verified_outputs(snippet: Path) -> dict[str, str]:
    """Each section's output text as the notebook shows it: the CPU run's, or the GPU run's for a
    snippet that requires CUDA (none until a GPU run)."""
    profile = "cuda" if needs_gpu(snippet) else "cpu"
    sections = outputs_by_profile(snippet).get(profile, {})
    return {name: "".join(line + "\n" for line in section.lines) for name, section in sections.items()}


def on_files(files, config):
    """Every snippet shown on a page is offered for download as .py and .ipynb."""
    for snippet in snippet_files():
        if not (DOCS / f"{snippet_id(snippet)}.md").exists():
            continue
        base = f"downloads/{snippet_id(snippet)}"
        try:
            files.append(File.generated(config, f"{base}.py", content=downloads.script(snippet)))
            files.append(File.generated(config, f"{base}.ipynb",
                                        content=downloads.notebook(snippet, verified_outputs(snippet))))
        except SectionError as error:
            raise PluginError(str(error)) from None
    for notebook in sorted((DOCS / "tutorials").glob("*.ipynb")):
        base = f"downloads/tutorials/{notebook.stem}"
        files.append(File.generated(config, f"{base}.py", content=downloads.notebook_script(notebook)))
        files.append(File.generated(config, f"{base}.ipynb", abs_src_path=str(notebook)))
    return files
