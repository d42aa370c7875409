"""MkDocs hook: the site's own search rules, on top of Material's search.

- Every page's Material configuration points to docs/assets/javascripts/workers/tn-search.js,
  a worker that loads Material's worker and applies the rules to queries and results.
- The search index gets the rules (config.tn, from hooks/search_vocabulary.yml) and, per entry,
  keywords in Material's `tags` field (never shown): the `_`-separated tails of the identifiers
  an entry shows in code (state_dict reaches load_state_dict, hook reaches register_forward_hook),
  and for a page's first entry the short names of its `api:` list and its keywords from the
  vocabulary. Keywords weigh twice a text word, not a million times (Material's default for tags).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from page_model import DOCS, Page, ROOT, page_files, page_source

VOCABULARY = ROOT / "hooks" / "search_vocabulary.yml"
WORKER = re.compile(r'("search": ")((?:\.\./)*)assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)"')
SHIM = "assets/javascripts/workers/tn-search.js"
CODE = re.compile(r"<code>(.*?)</code>", re.DOTALL)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KEYWORD_BOOST = 2   # keywords make a page reachable; titles and text decide the order
TAIL_MIN = 4        # shorter last parts (`_t`, `dim`) are too common to tell pages apart


def vocabulary() -> dict:
    rules = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    pages = {path.relative_to(DOCS).as_posix() for path in page_files()}
    unknown = sorted(set(rules.get("keywords", {})) - pages)
    if unknown:
        raise PluginError(f"{VOCABULARY.relative_to(ROOT)}: keywords for pages that do not exist: "
                          f"{', '.join(unknown)}")
    rules["drop_zh"] = sorted(rules.get("drop_zh", []), key=len, reverse=True)
    return rules


def tails(identifier: str) -> list[str]:
    """`load_state_dict` -> state_dict, dict: what a reader may type for it."""
    parts = identifier.split("_")
    found = ["_".join(parts[i:]) for i in range(1, len(parts))]
    return [tail for tail in found if ("_" in tail or len(tail) >= TAIL_MIN) and not tail.isdigit()]


def code_tails(html: str) -> set[str]:
    return {tail.lower() for span in CODE.findall(html) for name in IDENTIFIER.findall(span)
            for tail in tails(name)}


def page_keywords(location: str, rules: dict) -> set[str]:
    source = page_source(location)
    path = DOCS / source
    if path.suffix != ".md" or not path.exists():  # notebooks, generated pages
        return set()
    words = {name.rsplit(".", 1)[-1] for name in Page.read(path).meta.get("api") or []}
    words |= set(rules.get("keywords", {}).get(source, []))
    return {word.lower() for word in words}


def on_post_page(output: str, page, config) -> str:
    replaced, count = WORKER.subn(lambda m: f'{m[1]}{m[2]}{SHIM}?material={m[3]}"', output)
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
    index["config"]["tn"] = {key: rules[key] for key in
                             ("drop", "drop_zh", "whole", "synonyms", "none")}
    index["config"]["fields"]["tags"] = {"boost": KEYWORD_BOOST}
    for doc in index["docs"]:
        words = code_tails(doc.get("text", "")) | code_tails(doc.get("title", ""))
        if "#" not in doc["location"]:
            words |= page_keywords(doc["location"], rules)
        if words:
            doc["tags"] = sorted(words)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
