// Renders the math on each page with KaTeX (served from this site, see hooks/katex_assets.py).
// Material's instant navigation swaps pages without reloading: document$ emits on each page.
function renderMath() {
  // pymdownx.arithmatex (generic mode) wraps math in .arithmatex as \( \) or \[ \].
  for (const element of document.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
  // Notebook pages (mkdocs-jupyter) keep $ and $$ in their rendered Markdown cells.
  for (const element of document.querySelectorAll(".jp-RenderedMarkdown")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
      ],
      throwOnError: false,
    });
  }
}

if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
} else {
  document.addEventListener("DOMContentLoaded", renderMath);
}
