import { describe, expect, it } from 'vitest';
import { readLinuxCheckFacts } from '../../../../../electron/probes/linux/check-facts';
import type { CommandResult, CommandSpec, Runner } from '../../../../../electron/system/runner';

const ok = (spec: CommandSpec, stdout: string): CommandResult => ({
  kind: 'ok',
  source: spec.source,
  argv: [spec.file, ...spec.args],
  output: { stdout: Buffer.from(stdout), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 1 },
});
const missing = (source: string, argv: string[]): CommandResult => ({
  kind: 'error',
  source,
  argv,
  error: { reason: 'not-installed', detail: 'not in this test' },
});

/**
 * A live runner with one nft table whose listing is held until `release()`; it logs each command as it starts.
 * systemctl says nftables.service is disabled (so no scratch namespace is asked for).
 */
function heldRunner() {
  const started: string[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  const runner: Runner = {
    mode: 'live',
    run: async (spec) => {
      const line = [spec.file, ...spec.args].join(' ');
      started.push(line);
      if (line === 'nft -j list tables')
        return ok(spec, '{"nftables":[{"metainfo":{"json_schema_version":1}},{"table":{"family":"inet","name":"filter","handle":1}}]}');
      if (line === 'nft -j list table inet filter') {
        await held;
        return ok(spec, '{"nftables":[{"table":{"family":"inet","name":"filter","handle":1}}]}');
      }
      if (spec.file === 'systemctl') return ok(spec, 'disabled\n');
      return missing(spec.source, [spec.file, ...spec.args]);
    },
    readFile: (spec) => Promise.resolve(missing(spec.source, ['<read>', spec.path])),
  };
  return { runner, started, release };
}

describe('check: the reads on its path', () => {
  it('asks systemctl whether boot loads nftables while the rulesets are still being read, and only once', async () => {
    const { runner, started, release } = heldRunner();
    const facts = readLinuxCheckFacts(runner, { port: 8080, protocol: 'tcp' });
    // Let every read that does not wait for the held table listing start.
    for (let i = 0; i < 20 && !started.includes('nft -j list table inet filter'); i++) await new Promise((r) => setImmediate(r));
    expect(started).toContain('nft -j list table inet filter');
    expect(started).toContain('systemctl is-enabled nftables.service');
    release();
    const done = await facts;
    expect(started.filter((s) => s.startsWith('systemctl'))).toHaveLength(1);
    expect(done.firewall.nft.kind).toBe('ok');
    expect(done.firewall.saved?.nftBoot).toBeUndefined();
  });
});
