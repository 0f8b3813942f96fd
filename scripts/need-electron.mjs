#!/usr/bin/env node
// Before `npm start` and `npm run dist`: the Node version the project states (package.json engines, .nvmrc), and the
// Electron runtime, fetched once into node_modules/electron (ELECTRON_MIRROR honoured). When either is missing, one
// line says what failed and what to do, and the exit code is 1 — instead of Forge's or electron-builder's stack traces.
// Usage: node scripts/need-electron.mjs start|dist|package (the npm script that runs it, named in the line)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import semver from 'semver';

const what = { start: 'npm start', dist: 'npm run dist', package: 'npm run package' }[process.argv[2] ?? 'start'] ?? 'npm start';
const root = new URL('..', import.meta.url);
const fail = (line) => {
  process.stderr.write(`${what}: ${line}\n`);
  process.exit(1);
};

const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const wanted = pkg.engines.node;
if (!semver.satisfies(process.versions.node, wanted))
  fail(
    `PortDoctor needs Node.js ${wanted} (.nvmrc: ${readFileSync(new URL('.nvmrc', root), 'utf8').trim()}); this is ${process.version}. Install that version (e.g. nvm install), then npm ci.`,
  );

const require = createRequire(new URL('package.json', root));
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  fail('the electron package is not installed: run npm ci first.');
}
const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;

/** The runtime is there when path.txt names a file that exists (what electron's own index.js looks for). */
function installed() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return existsSync(process.env.ELECTRON_OVERRIDE_DIST_PATH);
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')));
}

/** The one reason worth a line from @electron/get's output: a DNS name, a refused or timed-out connection, an HTTP status. */
function downloadReason(output) {
  const patterns = [
    /getaddrinfo (ENOTFOUND|EAI_AGAIN) [^\s)]+/,
    /connect (ECONNREFUSED|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH) [^\s)]+/,
    /Response code \d+[^\n]*/,
    /HTTPError[^\n]*/,
    /checksum[^\n]*/i,
    /(ECONNRESET|ETIMEDOUT|UND_ERR_[A-Z_]+)/,
    /fetch failed/,
  ];
  for (const p of patterns) {
    const m = p.exec(output);
    if (m) return m[0].trim().slice(0, 160);
  }
  return (
    output
      .trim()
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim()
      .slice(0, 160) ?? 'no output'
  );
}

/** @electron/get prints only "fetch failed": ask the same host once more to name the cause (DNS, refused, timeout). */
async function whyUnreachable() {
  const base = process.env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/';
  try {
    const res = await fetch(base, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    return `${new URL(base).host} answers HTTP ${res.status}`;
  } catch (e) {
    const c = e?.cause ?? e;
    return [c?.code ?? c?.errors?.[0]?.code ?? c?.message ?? c?.name, c?.hostname ?? c?.address ?? new URL(base).host]
      .filter(Boolean)
      .join(' ');
  }
}

if (!installed()) {
  // electron's postinstall was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD) or failed: fetch it now, quietly.
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { env, encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0 || !installed()) {
    const from = process.env.ELECTRON_MIRROR ? `from ELECTRON_MIRROR (${process.env.ELECTRON_MIRROR})` : 'from GitHub';
    let reason = r.error ? r.error.message : downloadReason(`${r.stderr}\n${r.stdout}`);
    if (reason === 'fetch failed') reason = `fetch failed (${await whyUnreachable()})`;
    fail(
      `the Electron ${version} runtime is not installed and could not be downloaded ${from}: ${reason}. ` +
        'Check the network (or proxy), or set ELECTRON_MIRROR to a mirror you can reach, and run it again; ' +
        'without Electron, the same app runs in a browser: npm run build && npm run web',
    );
  }
}
