// Prebuilds the search index: node hooks/search_index.cjs SITE/search/search_index.json < index
// Run by hooks/search_rules.py after the build, with the index (its rules and keywords added) on
// stdin; writes it to the file prebuilt. The work is the search worker's own prebuild()
// (docs/assets/javascripts/workers/tn-search.js), so pages and queries share one tokenizer.
"use strict"
const fs = require("fs")
const path = require("path")
const { prebuild } = require(path.join(__dirname, "..", "docs", "assets", "javascripts", "workers", "tn-search.js"))

const file = process.argv[2]
fs.writeFileSync(file, JSON.stringify(prebuild(JSON.parse(fs.readFileSync(0, "utf8")))))
