#!/usr/bin/env node
// Before electron-builder in `npm run dist`: the installers carry the standalone CLI (electron-builder.json's
// extraFiles / extraResources take it from release/). electron-builder would skip a missing source file quietly and
// ship an installer without the CLI; this stops with one line instead. Each binary must also match release/SHA256SUMS,
// so a stale binary from an earlier build is not packaged.
// Usage: node scripts/need-cli.mjs [release folder]   (exit 1 and one line on stderr when something is missing)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The release binaries electron-builder.json packages (one per target of `npm run release:cli`). */
const CLI_FILES = ['portdoctor-linux-x64', 'portdoctor-linux-arm64', 'portdoctor-win-x64.exe'];

const dir = resolve(process.argv[2] ?? 'release');
const fail = (line) => {
  process.stderr.write(`npm run dist: ${line}\n`);
  process.exit(1);
};

const missing = CLI_FILES.filter((f) => !existsSync(join(dir, f)));
if (missing.length > 0) fail(`${missing.join(', ')} missing from ${dir}: the installers carry the CLI; build it with npm run release:cli`);
const sumsFile = join(dir, 'SHA256SUMS');
if (!existsSync(sumsFile)) fail(`${sumsFile} is missing: rebuild the CLI with npm run release:cli`);
const sums = new Map(
  readFileSync(sumsFile, 'utf8')
    .split('\n')
    .map((l) => /^([0-9a-f]{64}) [ *](\S+)$/.exec(l))
    .filter(Boolean)
    .map((m) => [m[2], m[1]]),
);
for (const f of CLI_FILES) {
  const actual = createHash('sha256')
    .update(readFileSync(join(dir, f)))
    .digest('hex');
  if (sums.get(f) !== actual) fail(`${f} does not match SHA256SUMS (a stale or changed binary): rebuild with npm run release:cli`);
}
