"""The site builds with `mkdocs build --strict` and zero warnings, fetches nothing from other hosts,
and its search index carries what the search worker needs beyond Material's entries.

The build is the session's shared one (site_fixtures.site_build): the browser tests use its output.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from site_fixtures import SiteBuild


def test_strict_build_has_no_warnings(site_build: SiteBuild):
    log = site_build.log
    assert site_build.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    assert "WARNING" not in log, f"mkdocs build printed warnings:\n{log}"
    assert (site_build.site_dir / "index.html").exists()


def test_search_index_carries_the_chinese_word_list(site_build: SiteBuild):
    index = json.loads((site_build.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = {word for same_cost in index["config"]["tn"]["zh_words"] for word in same_cost.split()}
    # jieba's words that occur on the site, and the site's own terms that jieba lacks
    assert {"梯度", "权重", "大小", "梯度裁剪"} <= words, sorted(words)[:20]
    # Material's search plugin marks its own jieba cuts with zero-width spaces; the hook removes them
    assert not any("\u200b" in doc["title"] + doc["text"] for doc in index["docs"])


# ---------------------------------------------------------------- no third-party requests, statically
# The browser test watches requests while pages load; this reads every built file for references
# that a browser would fetch from another host, lazy or not (an <img loading="lazy"> at the end of
# a page, a CSS url()). Links (<a href>) are navigations, not requests. Vendored JavaScript is not
# read: its bundles mention URLs in comments and strings that are never fetched.
FETCHED = {"script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
           "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
           "track": ["src"], "input": ["src"], "link": ["href"]}
LINK_RELS_FETCHED = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                     "apple-touch-icon", "preconnect", "dns-prefetch"}
EXTERNAL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>(?:https?:)?//[^'")\s]+)""", re.IGNORECASE)


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and not set((attributes.get("rel") or "").lower().split()) & LINK_RELS_FETCHED:
            return
        for name in FETCHED.get(tag, []):
            for url in (attributes.get(name) or "").split(","):
                if EXTERNAL.match(url):
                    self.found.append((self.getpos()[0], f"<{tag} {name}={url.strip().split()[0]}>"))
        for match in CSS_URL.finditer(attributes.get("style") or ""):
            self.found.append((self.getpos()[0], f"style url({match['url']})"))

    def handle_data(self, data):
        if self.lasttag == "style":
            self.found += [(self.getpos()[0], f"<style> url({m['url']})") for m in CSS_URL.finditer(data)]


def third_party_references(site_dir: Path) -> list[str]:
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            parser = _Fetches()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            problems += [f"{path.relative_to(site_dir)}:{line}: {what}" for line, what in parser.found]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            problems += [f"{path.relative_to(site_dir)}:{text[:m.start()].count(chr(10)) + 1}: url({m['url']})"
                         for m in CSS_URL.finditer(text)]
    return problems


def test_built_site_references_no_other_host(site_build: SiteBuild):
    assert site_build.ok, "the build failed: see test_strict_build_has_no_warnings"
    problems = third_party_references(site_build.site_dir)
    assert not problems, "the built site would request other hosts:\n" + "\n".join(problems[:30])


def test_lazy_image_from_another_host_is_found(tmp_path):
    page = tmp_path / "page" / "index.html"
    page.parent.mkdir()
    page.write_text('<html><body><a href="https://docs.pytorch.org/">ok</a>\n'
                    '<img loading="lazy" src="https://example.com/x.png"></body></html>')
    (tmp_path / "extra.css").write_text("a{}\nb { background: url('//cdn.example.com/y.png') }\n")
    assert third_party_references(tmp_path) == [
        "extra.css:2: url(//cdn.example.com/y.png)", "page/index.html:2: <img src=https://example.com/x.png>"]
