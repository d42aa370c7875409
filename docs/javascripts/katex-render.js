// Renders the math on each page with KaTeX, served from this site (hooks/katex_assets.py).
// KaTeX (about 300 KB) is loaded only on pages that have math. When a page is done,
// <body data-tn-math> is "rendered" or "none" (the browser tests wait for it).
// Material's instant navigation swaps pages without reloading: document$ emits on each page.
const KATEX_BASE = new URL("../assets/katex/", document.currentScript.src);
let katexLoaded = null;

function loadKatex() {
  if (katexLoaded === null) {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("katex.min.css", KATEX_BASE);
    document.head.appendChild(css);
    const script = (name) => new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = new URL(name, KATEX_BASE);
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
    katexLoaded = script("katex.min.js").then(() => script("contrib/auto-render.min.js"));
  }
  return katexLoaded;
}

// pymdownx.arithmatex (generic mode) wraps math in .arithmatex as \( \) or \[ \];
// notebook pages (mkdocs-jupyter) keep $ and $$ in their rendered Markdown cells.
const TARGETS = [
  [".arithmatex", [{ left: "\\(", right: "\\)", display: false },
                   { left: "\\[", right: "\\]", display: true }]],
  [".jp-RenderedMarkdown", [{ left: "$$", right: "$$", display: true },
                            { left: "$", right: "$", display: false }]],
];

function renderMath() {
  const found = TARGETS.flatMap(([selector, delimiters]) =>
    [...document.querySelectorAll(selector)]
      .filter((element) => selector === ".arithmatex" || element.textContent.includes("$"))
      .map((element) => [element, delimiters]));
  if (found.length === 0) {
    document.body.dataset.tnMath = "none";
    return;
  }
  loadKatex().then(() => {
    for (const [element, delimiters] of found) {
      renderMathInElement(element, { delimiters, throwOnError: false });
    }
    document.body.dataset.tnMath = "rendered";
  });
}

if (typeof document$ !== "undefined") {
  document$.subscribe(renderMath);
} else {
  document.addEventListener("DOMContentLoaded", renderMath);
}
