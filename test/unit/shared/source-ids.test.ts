import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceIdSchema } from '../../../shared/bundle/schema';
import { isKnownSourceId, SOURCE_IDS } from '../../../shared/bundle/sources';
import type { SourceId } from '../../../shared/bundle/sources';
import type { CommandSpec } from '../../../electron/system/runner';

const BUNDLES = join(import.meta.dirname, '../../fixtures/windows-bundles');

describe('source ids: one registry (shared/bundle/sources.ts)', () => {
  it('names each id once, in the bundle syntax', () => {
    expect(new Set(SOURCE_IDS).size).toBe(SOURCE_IDS.length);
    for (const id of SOURCE_IDS) expect(SourceIdSchema.safeParse(id).success, id).toBe(true);
  });

  it('knows every source the recorded bundles carry (the contract: ids are added, never renamed)', () => {
    const files = readdirSync(BUNDLES).filter((f) => f.endsWith('.portdoctor.json'));
    expect(files.length).toBeGreaterThan(10);
    const unknown = new Set<string>();
    for (const f of files) {
      const bundle = JSON.parse(readFileSync(join(BUNDLES, f), 'utf8')) as { sources: Record<string, unknown> };
      for (const id of Object.keys(bundle.sources)) if (!isKnownSourceId(id)) unknown.add(id);
    }
    expect([...unknown]).toEqual([]);
    expect(isKnownSourceId('linux.proc.netstat.window.3')).toBe(true);
    expect(isKnownSourceId('linux.nft.ruleset.typo')).toBe(false);
  });

  it('a runner spec with a source id not in the registry does not typecheck', () => {
    const ok: CommandSpec = { source: 'linux.nft.ruleset', file: 'nft', args: ['-j', 'list', 'ruleset'] };
    const pattern: SourceId = `linux.ss.listeners.window.${2}`;
    // @ts-expect-error: `linux.nft.rulesets` is not a source id.
    const typo: CommandSpec = { source: 'linux.nft.rulesets', file: 'nft', args: [] };
    // @ts-expect-error: nor is a plain string, even a real id (only a fix plan's carried id goes through carriedSourceId).
    const plain: SourceId = String('linux.nft.ruleset');
    expect([ok.source, pattern, typo.source, plain].map(isKnownSourceId)).toEqual([true, true, false, true]);
  });
});
