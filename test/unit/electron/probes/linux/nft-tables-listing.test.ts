import { describe, expect, it } from 'vitest';
import { readNftRuleset } from '../../../../../electron/probes/linux/firewall-sources';
import type { CommandResult, CommandSpec, Runner } from '../../../../../electron/system/runner';

const ok = (spec: CommandSpec, stdout: string): CommandResult => ({
  kind: 'ok',
  source: spec.source,
  argv: [spec.file, ...spec.args],
  output: { stdout: Buffer.from(stdout), stderr: Buffer.alloc(0), exitCode: 0, elapsedMs: 1 },
});
const table = (name: string, handle: number) => ({ table: { family: 'inet', name, handle } });

/**
 * A live runner listing `names` as inet tables; each table's listing answers after `delays[name]` ms (or fails when
 * the delay is negative). It counts the listings running at once.
 */
function tablesRunner(names: string[], delays: Record<string, number> = {}) {
  let running = 0;
  let most = 0;
  const runner: Runner = {
    mode: 'live',
    run: async (spec) => {
      if (spec.args.join(' ') === '-j list tables')
        return ok(spec, JSON.stringify({ nftables: [{ metainfo: { json_schema_version: 1 } }, ...names.map((n, i) => table(n, i + 1))] }));
      const name = spec.args[4] as string;
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, Math.abs(delays[name] ?? 5)));
      running--;
      if ((delays[name] ?? 0) < 0)
        return {
          kind: 'error',
          source: spec.source,
          argv: [spec.file, ...spec.args],
          error: { reason: 'exit-code', detail: `${name} failed` },
        };
      const rule = { rule: { family: 'inet', table: name, chain: 'input', handle: 9, expr: [] } };
      return ok(spec, JSON.stringify({ nftables: [{ metainfo: {} }, table(name, names.indexOf(name) + 1), rule] }));
    },
    readFile: (spec) =>
      Promise.resolve({ kind: 'error', source: spec.source, argv: [spec.path], error: { reason: 'not-installed', detail: '' } }),
  };
  return { runner, most: () => most };
}

describe('readNftRuleset lists the tables a few at a time, in nft order', () => {
  it('runs up to four listings at once and keeps the tables in the order nft listed them', async () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    // The first table answers last: its items still come first.
    const { runner, most } = tablesRunner(names, { a: 40, b: 1, c: 1, d: 1, e: 1, f: 1 });
    const r = await readNftRuleset(runner);
    expect(r.kind).toBe('ok');
    const items = JSON.parse(r.kind === 'ok' ? r.data : '{}').nftables as Record<string, { name?: string; table?: string }>[];
    expect(items.flatMap((i) => (i.table ? [`table ${i.table.name}`] : i.rule ? [`rule ${i.rule.table}`] : []))).toEqual(
      names.flatMap((n) => [`table ${n}`, `rule ${n}`]),
    );
    expect(most()).toBe(4);
  });

  it('answers with the first table (in nft order) that cannot be read, whichever failed first', async () => {
    const { runner } = tablesRunner(['a', 'b', 'c'], { a: 1, b: -30, c: -1 });
    await expect(readNftRuleset(runner)).resolves.toMatchObject({ kind: 'unavailable', detail: expect.stringContaining('b failed') });
  });

  it('keeps only the handle of a table left to iptables-save', async () => {
    const { runner } = tablesRunner(['filter', 'mine']);
    const r = await readNftRuleset(runner, new Set(['inet filter']));
    expect(JSON.parse(r.kind === 'ok' ? r.data : '{}').nftables).toContainEqual({
      portdoctor_table_elsewhere: { family: 'inet', name: 'filter', handle: 1 },
    });
  });
});
