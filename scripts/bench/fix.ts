import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './lib/median';

// What a one-click fix costs next to the check it starts from, on a real nftables ruleset in a throw-away
// namespace (root only): `fix --yes` (read + plan + idempotence check + insert + re-read + re-evaluate) and
// `fix --undo` against `check` as the baseline, medians of 5, for a small and a 5000-rule input chain.

const NS = 'pdf-bench';

function inNs(argv: string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string; code: number | null } {
  const t = performance.now();
  const r = spawnSync('ip', ['netns', 'exec', NS, ...argv], { encoding: 'utf8', env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - t, stdout: r.stdout ?? '', code: r.status };
}

function ruleset(rules: number): string {
  const lines = ['table inet filter {', ' chain input {', '  type filter hook input priority 0; policy accept;', '  iif lo accept'];
  for (let i = 0; i < rules; i++) lines.push(`  ip saddr 192.0.2.${i % 250} tcp dport ${20000 + (i % 20000)} drop`);
  lines.push('  tcp dport 8080 drop', ' }', '}', '');
  return lines.join('\n');
}

async function measure(cli: string, rules: number): Promise<Record<string, number>> {
  spawnSync('ip', ['netns', 'add', NS]);
  const data = mkdtempSync(join(tmpdir(), 'pdf-bench-'));
  try {
    spawnSync('ip', ['netns', 'exec', NS, 'nft', '-f', '-'], { input: ruleset(rules) });
    const env = { ...process.env, PORTDOCTOR_DATA_DIR: data };
    const node = process.execPath;
    const check: number[] = [];
    const fix: number[] = [];
    const undo: number[] = [];
    for (let i = 0; i < 5; i++) {
      check.push(inNs([node, cli, 'check', '8080', '--source', '10.0.0.2', '--json'], env).ms);
      const f = inNs([node, cli, 'fix', '8080', '--source', '10.0.0.2', '--yes', '--json'], env);
      fix.push(f.ms);
      const id = (JSON.parse(f.stdout) as { applied?: { undoId?: string } }).applied?.undoId ?? '';
      if (!id) throw new Error(`fix did not apply: ${f.stdout.slice(0, 300)}`);
      undo.push(inNs([node, cli, 'fix', '--undo', id, '--json'], env).ms);
    }
    return {
      checkMs: median(check),
      fixYesMs: median(fix),
      undoMs: median(undo),
      fixOverCheck: median(fix) / median(check),
      undoOverCheck: median(undo) / median(check),
    };
  } finally {
    spawnSync('ip', ['netns', 'del', NS]);
    rmSync(data, { recursive: true, force: true });
  }
}

/** `fix --yes` and `fix --undo` time as ratios of `check`, on a 2-rule and a 5000-rule nftables input chain. */
export async function benchFix(): Promise<Record<string, number | string>> {
  if (process.getuid?.() !== 0) return { skipped: 'needs root (network namespaces)' };
  // The built CLI, as users run it (`npm run build` first).
  const cli = join(process.cwd(), 'bin', 'portdoctor.js');
  if (!existsSync(join(process.cwd(), 'dist', 'cli', 'portdoctor.js'))) return { skipped: 'build first (node scripts/build.mjs)' };
  const small = await measure(cli, 0);
  const large = await measure(cli, 5000);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(small)) out[`small.${k}`] = v;
  for (const [k, v] of Object.entries(large)) out[`rules5000.${k}`] = v;
  return out;
}
