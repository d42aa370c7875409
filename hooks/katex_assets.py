"""MkDocs hook: serves KaTeX from the npm package that .ci/setup installs into .ci/node_modules.

Nothing third-party is committed; the files are added to the build as generated files under
assets/katex/. Only the woff2 fonts are copied: every browser that runs the site reads them.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

KATEX = Path(__file__).resolve().parent.parent / ".ci" / "node_modules" / "katex" / "dist"
WANTED = ["katex.min.js", "katex.min.css", "contrib/auto-render.min.js", "fonts/*.woff2"]


def on_files(files, config):
    if not (KATEX / "katex.min.js").exists():
        raise PluginError(f"KaTeX is not installed in {KATEX}: run `bash .ci/setup site`")
    for pattern in WANTED:
        for path in sorted(KATEX.glob(pattern)):
            uri = f"assets/katex/{path.relative_to(KATEX).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files
