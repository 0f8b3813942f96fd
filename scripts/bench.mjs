// `npm run bench`: runs every benchmark module in scripts/bench/*.ts (each exports `bench*()` functions that
// return figures, ratios against a baseline measured in the same run) and writes bench-results/latest.{json,md}.
// Benchmarks never assert: they measure and report. Some need root (namespaces with 20k connections).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';
import { join, basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const only = process.argv.slice(2);
const dir = 'scripts/bench';
// `npm run bench -- ports` runs scripts/bench/ports.ts only (a name matches its file exactly, else by substring).
const candidates = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const files = candidates.filter(
  (f) => only.length === 0 || only.some((o) => (candidates.includes(`${o}.ts`) ? f === `${o}.ts` : f.includes(o))),
);
// Inside the repository, so the bundles resolve their (external) packages from node_modules.
mkdirSync('node_modules/.cache', { recursive: true });
const out = mkdtempSync(join('node_modules', '.cache', 'pd-bench-'));
await build({
  entryPoints: files.map((f) => join(dir, f)),
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  define: { __APP_VERSION__: '"bench"' },
  logLevel: 'warning',
});

const results = {
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  },
  at: new Date().toISOString(),
  suites: {},
};
for (const f of files) {
  const mod = await import(pathToFileURL(resolve(out, basename(f, '.ts') + '.mjs')).href);
  for (const [name, fn] of Object.entries(mod)) {
    if (!name.startsWith('bench') || typeof fn !== 'function') continue;
    process.stderr.write(`bench: ${name} …\n`);
    try {
      results.suites[name] = await fn();
    } catch (e) {
      results.suites[name] = { error: String(e?.message ?? e) };
    }
    process.stderr.write(`bench: ${name} ${JSON.stringify(results.suites[name])}\n`);
  }
}
mkdirSync('bench-results', { recursive: true });
// A run of some benchmarks only must not replace the figures of the whole run the README shows.
const stem = only.length === 0 ? 'bench-results/latest' : 'bench-results/partial';
writeFileSync(`${stem}.json`, JSON.stringify(results, null, 2) + '\n');
const md = [
  `# Benchmark results`,
  '',
  `Measured ${results.at} on ${results.machine.cpus} cores (${results.machine.cpu}), ${results.machine.memoryGiB} GiB, kernel ${results.machine.kernel}, Node ${results.machine.node}.`,
  '',
];
for (const [suite, figures] of Object.entries(results.suites)) {
  md.push(`## ${suite}`, '', '| figure | value |', '| --- | --- |');
  for (const [k, v] of Object.entries(figures)) md.push(`| ${k} | ${typeof v === 'number' ? Number(v.toFixed(3)) : v} |`);
  md.push('');
}
writeFileSync(`${stem}.md`, md.join('\n'));
rmSync(out, { recursive: true, force: true });
console.log(md.join('\n'));
