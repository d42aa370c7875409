"""MkDocs hook: the site's own search behind Material's search box.

- Every page's Material configuration points to docs/assets/javascripts/workers/tn-search.js
  (the search worker) instead of Material's lunr worker.
- The search index gets the rules (config.tn, from hooks/search_vocabulary.yml) and, for a page's
  first entry, its keywords: the short names of its `api:` list and its keywords and phrases
  from the vocabulary. Then hooks/search_index.cjs prebuilds the index with the worker's own tokenizer.
- An error message printed by several pages is owned by the one that explains its usual cause
  (the vocabulary's `errors:`); the hook checks that the owner prints it.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from page_model import DOCS, Page, ROOT, page_files, page_source

VOCABULARY = ROOT / "hooks" / "search_vocabulary.yml"
WORKER = re.compile(r'("search": ")((?:\.\./)*)assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)"')
WORKER_FILE = "assets/javascripts/workers/tn-search.js"
PREBUILD = ROOT / "hooks" / "search_index.cjs"
KEYWORD_SECTIONS = ("keywords", "phrases")   # vocabulary sections whose words become page keywords


def vocabulary() -> dict:
    rules = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    pages = {path.relative_to(DOCS).as_posix() for path in page_files()}
    for section in (*KEYWORD_SECTIONS, "errors"):
        unknown = sorted(set(rules.get(section, {})) - pages)
        if unknown:
            raise PluginError(f"{VOCABULARY.relative_to(ROOT)}: {section} for pages that do not exist: "
                              f"{', '.join(unknown)}")
    for source, messages in rules.get("errors", {}).items():
        printed = " ".join(path.read_text(encoding="utf-8") for path in
                           [DOCS / source, *(ROOT / "snippets").glob(source.removesuffix(".md") + ".out")])
        for message in messages:
            if " ".join(message.split()) not in " ".join(printed.split()):
                lines = VOCABULARY.read_text(encoding="utf-8").splitlines()
                line = next((n for n, text in enumerate(lines, 1) if message in text), 0)
                raise PluginError(f"{VOCABULARY.relative_to(ROOT)}:{line}: errors: {source} does not "
                                  f"print {message!r} (neither the page nor its snippet output)")
    rules["drop_zh"] = sorted(rules.get("drop_zh", []), key=len, reverse=True)
    return rules


def page_keywords(location: str, rules: dict) -> set[str]:
    source = page_source(location)
    path = DOCS / source
    if path.suffix != ".md" or not path.exists():  # notebooks, generated pages
        return set()
    words = {name.rsplit(".", 1)[-1] for name in Page.read(path).meta.get("api") or []}
    words |= {str(word) for section in KEYWORD_SECTIONS for word in rules.get(section, {}).get(source, [])}
    return words


def on_post_page(output: str, page, config) -> str:
    replaced, count = WORKER.subn(lambda m: f'{m[1]}{m[2]}{WORKER_FILE}"', output)
    if count != 1:
        raise PluginError(f"{page.file.src_uri}: Material's search worker setting changed; "
                          "update hooks/search_rules.py")
    return replaced


def on_post_build(config) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    rules = vocabulary()
    index["config"]["tn"] = {key: rules[key] for key in ("drop", "drop_zh", "synonyms", "elsewhere", "none")}
    locations = {page_source(doc["location"]): doc["location"] for doc in index["docs"] if "#" not in doc["location"]}
    index["config"]["tn"]["errors"] = {locations[source]: messages
                                       for source, messages in rules.get("errors", {}).items()}
    for doc in index["docs"]:
        doc.pop("tags", None)
        if "#" not in doc["location"]:
            words = page_keywords(doc["location"], rules)
            if words:
                doc["tags"] = sorted(words)
    try:  # node reads the index from stdin and writes the file once, prebuilt
        subprocess.run(["node", str(PREBUILD), str(path)], input=json.dumps(index, ensure_ascii=False),
                       check=True, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError:
        raise PluginError("node is needed to prebuild the search index (hooks/search_index.cjs): "
                          "install Node.js, then run `bash .ci/setup site`") from None
    except subprocess.CalledProcessError as error:
        raise PluginError(f"hooks/search_index.cjs failed:\n{error.stderr}") from None
