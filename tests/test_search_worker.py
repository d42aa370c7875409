"""The search worker (docs/assets/javascripts/workers/tn-search.js) in Node, without a browser:
how it cuts text into words, and how it ranks a small made-up index. The browser tests
(test_browser.py) search the real site through Material's search box."""
from __future__ import annotations

import json
import shutil
import subprocess

from page_model import ROOT

WORKER = ROOT / "docs" / "assets" / "javascripts" / "workers" / "tn-search.js"

# Runs in Node: the worker module, then the calls given on stdin; prints their results as JSON.
DRIVER = """
const worker = require(process.argv[1])
const calls = JSON.parse(require("fs").readFileSync(0, "utf8"))
// setup gets the index as the build leaves it: prebuilt
const run = name => name === "setup" ? index => worker.setup(worker.prebuild(index)) : worker[name]
console.log(JSON.stringify(calls.map(([name, ...args]) => run(name)(...args))))
"""


def call(*calls):
    node = shutil.which("node")
    assert node, "node is needed (bash .ci/setup installs the site's npm packages with it)"
    done = subprocess.run([node, "-e", DRIVER, str(WORKER)], input=json.dumps(calls),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def page(location, title, text, **extra):
    return {"location": location, "title": title, "text": text, **extra}


NONE = {"location": "api/", "title": "没有页面", "text": "见 API 索引"}   # the empty state's entry


def index(docs, **rules):
    """An index as Material writes it, with the vocabulary's rules (config.tn) the test needs; the
    worker's setup() gives the others their empty defaults."""
    return {"config": {"tn": {"none": NONE, **rules}}, "docs": docs}


INDEX = index(drop=["how"], drop_zh=["怎么"], docs=[
             page("view/", "view 与 reshape", "<p>改变形状。</p>"),
             page("view/#errors", "常见错误",
                  "<pre><code>RuntimeError: view size is not compatible with input tensor's size "
                  "and stride (at least one dimension spans across two contiguous subspaces)</code></pre>"),
             page("shapes/", "形状", "<p>" + "view size tensor input stride dimension. " * 20 + "</p>"),
             page("hooks/", "钩子", "<p><code>register_forward_hook</code> 取中间层输出。</p>",
                  tags=["register_forward_hook"]),
             page("checkpoint/", "梯度检查点", "<p>用计算换显存。</p>"),
         ])


def ranked(result):
    return [group[0]["location"].split("#")[0] for group in result["items"]]


def test_words_identifiers_and_chinese():
    identifier, chinese, english = call(["tokenize", "load_state_dict WeightedRandomSampler"],
                                        ["tokenize", "梯度检查点的用法"],
                                        ["tokenize", "The tensors are reshaped 2304 x"])
    assert identifier["seq"] == ["load_state_dict", "weightedrandomsampler"]
    assert {"state_dict", "dict", "load", "random", "sampler"} <= set(identifier["derived"])
    # character pairs; pairs with a joining character (点的, 的用) are not words
    assert chinese["seq"] == ["梯度", "度检", "检查", "查点", "用法"]
    # stop words, numbers and single letters go; inflections share one form
    assert english["seq"] == ["tensor", "reshap"]
    # a dimension count is one word however it is written
    assert call(["tokenize", "must be 2-D, not 3D"])[0]["seq"] == ["2d", "3d"]
    assert call(["stem", "reshape"], ["stem", "checkpointing"], ["stem", "padding"]) == ["reshap", "checkpoint", "pad"]
    # an ending that is part of the word stays: string is not str, speed not spe
    words = ["string", "strings", "speed", "exceed", "exceeded", "embed", "embedding", "embedded"]
    assert call(*(["stem", word] for word in words)) == [
        "string", "string", "speed", "exceed", "exceed", "embed", "embed", "embed"]


def test_ranking_of_a_small_index():
    searches = ["RuntimeError: view size is not compatible with input tensor's size and stride",
                "forward_hook", "hook", "梯度检查点 怎么 省显存", '"view" 与 "reshape"', "view 与 reshape",
                "量子纠缠", "how"]
    results = call(["setup", INDEX], *(["search", query] for query in searches))[1:]
    error, tail, part, chinese, quoted, plain, unknown, dropped = map(ranked, results)
    # the page that prints the message outranks the one that only shares its words, many times
    assert error[0] == "view/", error
    assert tail[0] == "hooks/" and part[0] == "hooks/", (tail, part)
    assert chinese[0] == "checkpoint/", chinese
    assert quoted == plain and plain[0] == "view/", (quoted, plain)
    assert unknown == ["api/"], unknown          # the honest empty state
    assert dropped == [], dropped                # nothing left to search for


def test_results_mark_the_query_words():
    chinese, latin = call(["setup", INDEX], ["search", "梯度检查点 reshaped"], ["search", "reshaped"])[1:]
    checkpoint = chinese["items"][0][0]
    assert checkpoint["title"] == "<mark>梯度检查点</mark>", checkpoint["title"]
    assert checkpoint["terms"] == {"梯度检查点": True, "reshaped": False}   # Material lists what is missing
    assert latin["items"][0][0]["title"] == "view 与 <mark>reshape</mark>", latin["items"][0][0]


def test_prebuilt_words_come_back():
    """prebuild() writes each word as a base-32 number (one to three characters here); setup()
    reads them back: every one of 3000 distinct words is still found on its page."""
    docs = [page(f"p{n}/", f"page {n}", " ".join(f"w{k}" for k in range(n, 3000, 7))) for n in range(7)]
    words = [f"w{k}" for k in (0, 31, 32, 1023, 1024, 2999)]
    results = call(["setup", index(docs, none=None)], *(["search", word] for word in words))[1:]
    assert [ranked(result)[0] for result in results] == [f"p{int(word[1:]) % 7}/" for word in words]


def test_stop_words_as_code_and_before_stemming():
    code, prose = call(["tokenize", "x.to(device) and .cuda()"], ["tokenize", "it does these things"])
    assert code["seq"] == ["to", "devic", "cuda"]      # Tensor.to is a name, not the word "to"
    assert prose["seq"] == ["thing"]                    # "does" is not stemmed into "doe" first


def test_owned_errors_and_unprinted_errors():
    message = "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)"
    owners = {"linear/": ["shapes cannot be multiplied"]}   # the vocabulary's errors:, by location
    docs = [page("matmul/", "矩阵乘法", f"<p>mat1 mat2</p><pre><code>{message}</code></pre>"),
            page("linear/", "全连接层", f"<pre><code>{message}</code></pre>"),
            page("other/", "其他", "<p>operator tensor exist multiplied</p>")]
    owned, plain = (ranked(call(["setup", given], ["search", message])[1])
                    for given in (index(docs, errors=owners), index(docs)))
    assert plain[0] == "matmul/" and owned[0] == "linear/", (plain, owned)
    # a pasted error whose words stand side by side on no page: no page prints it
    unprinted = call(["setup", index(docs, errors=owners)], ["search", "RuntimeError: operator torchvision::nms does not exist"])[1]
    assert ranked(unprinted) == ["api/"], ranked(unprinted)
    # the same for a pasted warning; one that a page prints finds it
    results = call(["setup", index(docs)], ["search", "UserWarning: exist operator"],
                   ["search", "UserWarning: tensor exist multiplied"])[1:]
    warned, printed = (ranked(result) for result in results)
    assert warned == ["api/"] and printed == ["other/"], (warned, printed)


def test_index_keeps_a_preview_of_each_text():
    """The words of a whole section are counted at build time; the index keeps only the start of
    its HTML to show under the result's title, cut at a word, its open tags closed."""
    cut, short, chinese = call(["preview", "<p>hello <code>world foo</code> bar</p>", 9],
                               ["preview", "<p>a &amp; b</p>", 200],
                               ["preview", "<ul><li>一二三四五六</li></ul>", 4])
    assert cut == "<p>hello <code>…</code></p>", cut
    assert short == "<p>a &amp; b</p>", short
    assert chinese == "<ul><li>一二三四…</li></ul>", chinese
    long_page = page("long/", "长页", "<p>" + "word " * 400 + "needle</p>")
    assert ranked(call(["setup", index([long_page])], ["search", "needle"])[1]) == ["long/"]   # past the preview


def test_a_library_the_site_does_not_document_gets_the_empty_state():
    docs = [page("rnn/", "RNN", "<p>pack_padded_sequence packs padded sequences; export them with care.</p>"),
            page("memory/", "显存", "<pre><code>RuntimeError: CUDA out of memory. Tried to allocate</code></pre>")]
    rules = {"elsewhere": ["onnx"], "none": {**NONE, "elsewhere": "本站不讲 {name}。"}}
    foreign, printed = call(["setup", index(docs, **rules)], ["search", "Export model with pack_padded_sequence to ONNX fails"],
                            ["search", "onnx export: RuntimeError: CUDA out of memory. Tried to allocate"])[1:]
    assert ranked(foreign) == ["api/"], ranked(foreign)
    assert foreign["items"][0][0]["text"] == "本站不讲 ONNX。", foreign["items"][0][0]   # named as typed
    assert "elsewhere" not in foreign["items"][0][0]
    assert ranked(printed)[0] == "memory/", ranked(printed)   # a page prints its words side by side


def test_a_word_found_only_as_the_start_of_a_name_does_not_name_the_page():
    docs = [page("transpose/", "transpose 与 swapaxes", "<p>交换两个维度。</p>"),
            *(page(f"p{n}/", f"页 {n}", "<p>其他内容。</p>") for n in range(3))]
    prefix, whole = call(["setup", index(docs)], ["search", "SWA compared to EMA"],
                         ["search", "swapaxes compared to EMA"])[1:]
    assert ranked(prefix) == ["api/"], ranked(prefix)   # swa* reaches swapaxes, but names no page
    assert ranked(whole) == ["transpose/"], ranked(whole)


def test_a_chinese_pair_across_two_words_counts_less():
    """权重大小 is 权重 + 大小 (the index's word list says so): its pair 重大 spans the two words.
    It is rare on the pages, so weighty, but the page with both words answers the query."""
    docs = [page("major/", "重大变化", "<p>影响重大。</p>"),
            page("weights/", "加载", "<p>检查权重的大小。</p>"),
            *(page(f"p{n}/", f"页 {n}", "<p>其他内容。</p>") for n in range(3))]
    words = ["权重 大小 重大 变化 加载 检查 影响"]   # one list: all of the same cost
    results = [call(["setup", index(docs, zh_words=given)], ["search", "权重大小"])[1]
               for given in (words, [])]
    cut, uncut = map(ranked, results)
    assert cut[0] == "weights/" and uncut[0] == "major/", (cut, uncut)
