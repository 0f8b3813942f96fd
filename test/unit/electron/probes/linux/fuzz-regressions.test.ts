import { describe, expect, it } from 'vitest';
import { nftIsEmpty } from '../../../../../shared/firewall/judge-linux';
import { readNftRuleset } from '../../../../../electron/probes/linux/firewall-sources';
import { parseProcesses } from '../../../../../electron/probes/linux/processes';
import { createReplayRunner } from '../../../../../electron/system/recording';

const out = (data: string) => ({ argv: ['nft'], stdout: { encoding: 'utf8' as const, data }, exitCode: 0 });

// Classes of crash the property-based fuzz (test/fuzz/support/properties.ts) found in replayed bundles, issue 11.
describe('replayed outputs of the wrong shape are unparseable, never a crash', () => {
  it('an nft -j document whose items are not all objects (`{"nftables":[false]}`) is not a document', async () => {
    for (const doc of [
      '{"nftables":[false]}',
      '{"nftables":[null]}',
      '{"nftables":[1,{"metainfo":{}}]}',
      '{"nftables":[[]]}',
      'null',
      '[]',
      '{"nftables":{}}',
    ]) {
      expect(nftIsEmpty(doc), doc).toBe(false);
      const tables = createReplayRunner({ sources: { 'linux.nft.tables': out(doc) } });
      await expect(readNftRuleset(tables), doc).resolves.toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
    }
    // The same inside one table's listing.
    const table = createReplayRunner({
      sources: {
        'linux.nft.tables': out('{"nftables":[{"table":{"family":"inet","name":"t","handle":1}}]}'),
        'linux.nft.table.inet.t': out('{"nftables":[{"table":{"family":"inet","name":"t"}}, "rule"]}'),
      },
    });
    await expect(readNftRuleset(table)).resolves.toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
  });

  it('a recorded process line whose quoted field is no JSON string (`"\\q"`) is skipped, the others kept', () => {
    const text = '# portdoctor processes v1\n1 0 0 "na\\qme" "cmd"\n2 0 0 "nginx" "nginx: master"\n';
    expect(parseProcesses(text, 'n')).toEqual({ kind: 'ok', data: [expect.objectContaining({ pid: 2, name: 'nginx' })] });
  });
});
