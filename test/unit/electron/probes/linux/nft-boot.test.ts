import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareNetfilterJudge } from '../../../../../shared/firewall/judge-netfilter';
import { nftBootPending, nftOnlyTables, nftTableKeys } from '../../../../../shared/firewall/pending-nft-boot';
import { pendingKey } from '../../../../../shared/diagnose/pending';
import type { FirewallVerdict, InboundPacket } from '../../../../../shared/firewall/types';
import { engineT, engineTemplate } from '../../../../../shared/i18n/engine-text';

/** Real `nft -j list ruleset` outputs (SOURCES.md): the boot file loaded alone, and a running ruleset that differs. */
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../fixtures/linux/${name}`, import.meta.url)), 'utf8');
const BOOT = fixture('nft-boot-file.json');
const RUNNING = fixture('nft-boot-running.json');

const packet = (dport: number): InboundPacket => ({
  family: 4,
  protocol: 'tcp',
  source: '10.231.1.2',
  destination: '10.231.1.1',
  dport,
  iif: 'veth0b',
});

function runningVerdict(dport: number): FirewallVerdict {
  const judge = prepareNetfilterJudge({ nft: RUNNING });
  if (judge.kind !== 'ok') throw new Error(judge.detail);
  return judge.data(packet(dport));
}

describe('nftables: the boot file against the running ruleset (issue 17 item 13)', () => {
  it('compares only the tables the boot file defines', () => {
    expect([...nftTableKeys(BOOT)]).toEqual(['inet filter']);
    expect([...nftTableKeys(RUNNING)].sort()).toEqual(['inet filter', 'inet other']);
    expect([...nftTableKeys(nftOnlyTables(RUNNING, nftTableKeys(BOOT)))]).toEqual(['inet filter']);
    expect(nftOnlyTables(RUNNING, nftTableKeys(BOOT))).not.toContain('7070');
  });

  it('a port the boot file allows and the running tables drop is allowed after loading it, not now', () => {
    const v = runningVerdict(8080);
    expect(v.decision).toBe('drop');
    expect(nftBootPending(BOOT, RUNNING, v, packet(8080))).toEqual([
      expect.objectContaining({
        system: 'nftables',
        state: 'saved-only',
        effect: 'allows',
        where: '/etc/nftables.conf',
        apply: 'nft -f /etc/nftables.conf',
        entries: ['tcp dport 8080 accept'],
      }),
    ]);
  });

  it('a port allowed by a running rule the file lacks is blocked after a reboot, named by what the file does', () => {
    const v = runningVerdict(9090);
    expect(v.decision).toBe('accept');
    expect(nftBootPending(BOOT, RUNNING, v, packet(9090))).toEqual([
      expect.objectContaining({ state: 'running-only', effect: 'blocks', entries: ['chain inet filter input policy drop'] }),
    ]);
  });

  it('says nothing when both agree, and makes no claim about tables the file does not define', () => {
    expect(nftBootPending(BOOT, RUNNING, runningVerdict(22), packet(22))).toEqual([]);
    // 7070 is dropped by `inet other`, which the file does not define: both versions of `inet filter` drop it too.
    expect(nftBootPending(BOOT, RUNNING, runningVerdict(7070), packet(7070))).toEqual([]);
    // A boot file that cannot be read as a ruleset adds nothing.
    expect(nftBootPending('not json', RUNNING, runningVerdict(8080), packet(8080))).toEqual([]);
  });

  it('has an English and a Simplified Chinese sentence for each difference it can report', () => {
    for (const [state, effect] of [
      ['saved-only', 'allows'],
      ['saved-only', 'mentions'],
      ['running-only', 'blocks'],
      ['running-only', 'mentions'],
    ] as const) {
      const key = `engine.${pendingKey({ system: 'nftables', state, effect })}`;
      const params = {
        where: '/etc/nftables.conf',
        entries: 'tcp dport 8080 accept',
        protocol: 'TCP',
        port: 8080,
        apply: 'nft -f /etc/nftables.conf',
      };
      expect(engineTemplate('en', key), key).toBeDefined();
      expect(engineT('zh-CN', key, params, '')).toMatch(/[\u4e00-\u9fff].*nft -f \/etc\/nftables\.conf/);
    }
  });
});
