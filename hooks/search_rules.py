"""MkDocs hook: the site's own search behind Material's search box.

- Every page's Material configuration points to docs/assets/javascripts/workers/tn-search.js
  (the search worker) instead of Material's lunr worker.
- The search index gets the rules (config.tn, from hooks/search_vocabulary.yml) and, for a page's
  first entry, its keywords: the short names of its `api:` list and its keywords and phrases
  from the vocabulary. Then hooks/search_index.cjs prebuilds the index with the worker's own tokenizer.
- An error message printed by several pages is owned by the one that explains its usual cause
  (the vocabulary's `errors:`); the hook checks that the owner prints it.
- The worker finds word boundaries in Chinese queries with a word list written into the index
  (chinese_words): jieba's dictionary words that occur on the site, and the site's own terms.
"""
from __future__ import annotations

import json
import logging
import math
import re
import subprocess
from importlib import resources
from pathlib import Path

import jieba
import yaml
from mkdocs.exceptions import PluginError

from page_model import DOCS, Page, ROOT, page_files, page_source

VOCABULARY = ROOT / "hooks" / "search_vocabulary.yml"
WORKER = re.compile(r'("search": ")((?:\.\./)*)assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)"')
WORKER_FILE = "assets/javascripts/workers/tn-search.js"
PREBUILD = ROOT / "hooks" / "search_index.cjs"
KEYWORD_SECTIONS = ("keywords", "phrases")   # vocabulary sections whose words become page keywords
# Sections that only list links (to other pages, to the official docs) are left out of the index:
# a query that matches one has landed on a signpost, and the API names in them are the page's
# keywords already. (Leaving them out saved 16 KB of gzip when the typical page had reached 505 KB.)
LINK_SECTIONS = {"相关 API", "官方文档"}
GLOSSARY = DOCS / "glossary.md"
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
LONGEST_WORD = 8   # characters; the worker tries no longer words


jieba.setLogLevel(logging.WARNING)   # Material's search plugin uses it too; its start-up lines are noise


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


def chinese_words(index: dict, rules: dict) -> list[str]:
    """The Chinese words the search worker may find in a query, by cost: item k holds, joined by
    spaces, the words whose cost, -log of their frequency in jieba's dictionary (rounded), is k
    above the cheapest. The worker cuts a query's Chinese into the words of least total cost. Only
    words that occur on the site are listed (the others cannot match a page), with the site's own
    terms, which jieba's general dictionary lacks (梯度裁剪): glossary terms, the Chinese of page
    titles and of the vocabulary's keywords, at the highest cost."""
    text = " ".join(f"{doc.get('title', '')} {doc.get('text', '')} {' '.join(doc.get('tags', []))}"
                    for doc in index["docs"])
    on_site = {run[i:j] for run in HAN_RUN.findall(re.sub(r"<[^>]*>", " ", text))
               for i in range(len(run)) for j in range(i + 2, min(len(run), i + LONGEST_WORD) + 1)}
    counts = {}
    with resources.files(jieba).joinpath("dict.txt").open(encoding="utf-8") as dictionary:
        for line in dictionary:
            word, count = line.split()[:2]
            if word in on_site:
                counts[word] = int(count)
    terms = [line.split("|")[1] for line in GLOSSARY.read_text(encoding="utf-8").splitlines()
             if line.startswith("| ") and not line.startswith(("| 中文", "| ---"))]
    terms += [doc["title"] for doc in index["docs"] if "#" not in doc["location"]]
    terms += [str(word) for section in KEYWORD_SECTIONS for words in rules.get(section, {}).values()
              for word in words]
    for term in terms:
        for run in HAN_RUN.findall(term):
            if 2 <= len(run) <= LONGEST_WORD:
                counts.setdefault(run, 0)
    total = sum(counts.values()) + len(counts)
    costs = {word: math.log(total / (count + 1)) for word, count in counts.items()}
    cheapest = min(costs.values(), default=0)
    by_cost: list[list[str]] = []
    for word, cost in sorted(costs.items()):
        k = round(cost - cheapest)
        by_cost.extend([] for _ in range(k + 1 - len(by_cost)))
        by_cost[k].append(word)
    return [" ".join(words) for words in by_cost]


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
    # Material's search plugin cuts Chinese with jieba when it is installed (it is, for
    # chinese_words) and marks the cuts with zero-width spaces; the worker cuts text itself.
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc["title"], doc["text"] = (doc.get(key, "").replace("\u200b", "") for key in ("title", "text"))
    index["docs"] = [doc for doc in index["docs"] if doc["title"] not in LINK_SECTIONS]
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
    index["config"]["tn"]["zh_words"] = chinese_words(index, rules)
    try:  # node reads the index from stdin and writes the file once, prebuilt
        subprocess.run(["node", str(PREBUILD), str(path)], input=json.dumps(index, ensure_ascii=False),
                       check=True, capture_output=True, text=True, encoding="utf-8")
    except FileNotFoundError:
        raise PluginError("node is needed to prebuild the search index (hooks/search_index.cjs): "
                          "install Node.js, then run `bash .ci/setup site`") from None
    except subprocess.CalledProcessError as error:
        raise PluginError(f"hooks/search_index.cjs failed:\n{error.stderr}") from None
