import { describe, expect, it } from 'vitest';
import { attributeVerdict } from '../../../../../shared/firewall/judge-linux';
import type { FirewallReadings } from '../../../../../shared/firewall/judge-linux';
import { noteEvidence } from '../../../../../shared/diagnose/notes';
import { engineT } from '../../../../../shared/i18n/engine-text';
import { noteText } from '../../../../../shared/i18n/note';
import type { Note } from '../../../../../shared/i18n/note';
import type { FirewallVerdict, InboundPacket } from '../../../../../shared/firewall/types';

// The notes a firewalld zone or ufw adds when it wrote the deciding rule (shared/firewall/judge-linux.ts attributeVerdict) were
// English only in `check --lang zh-CN`; they are notes with a key and params (shared/i18n/note.ts), English at the edge.
const packet: InboundPacket = { family: 4, protocol: 'tcp', source: '10.231.1.2', destination: '10.231.1.1', dport: 8080, iif: 'eth0' };
const ok = <T>(data: T) => ({ kind: 'ok' as const, data });
const none: FirewallReadings = {
  nft: ok(''),
  iptablesNft: ok(''),
  iptablesLegacy: ok(''),
  firewalld: ok({ running: false, activeZones: [], zones: [] }),
  ufw: ok({ active: false, rules: [] }),
};
const zhOf = (note: Note | undefined): string => {
  if (!note) return '';
  const e = noteEvidence(note);
  return engineT('zh-CN', e.key, e.params, e.text);
};

describe('front-end notes in both languages', () => {
  it('firewalld: the zone that judged the packet, with and without rich rules', () => {
    const v: FirewallVerdict = {
      backend: 'nftables',
      decision: 'reject',
      rule: {
        backend: 'nftables',
        table: 'inet firewalld',
        chain: 'filter_IN_public',
        handle: 9,
        text: 'reject with icmpx admin-prohibited',
      },
      trace: [],
      notes: [],
    };
    const zone = {
      zone: 'public',
      target: 'default',
      interfaces: ['eth0'],
      sources: [],
      services: ['ssh', 'dhcpv6-client'],
      ports: [],
      richRules: [],
    };
    const plain = attributeVerdict(
      v,
      { ...none, firewalld: ok({ running: true, activeZones: [{ zone: 'public', interfaces: ['eth0'], sources: [] }], zones: [zone] }) },
      packet,
    );
    expect(plain.notes.map(noteText)).toEqual(['firewalld zone public (target default): ports [], services [ssh dhcpv6-client]']);
    expect(zhOf(plain.notes[0])).toBe('firewalld 区域 public（目标 default）：端口 []，服务 [ssh dhcpv6-client]');
    const rich = attributeVerdict(
      v,
      {
        ...none,
        firewalld: ok({
          running: true,
          activeZones: [{ zone: 'public', interfaces: ['eth0'], sources: [] }],
          zones: [{ ...zone, ports: ['8443/tcp'], richRules: ['rule family="ipv4" source address="10.0.0.0/8" accept'] }],
        }),
      },
      packet,
    );
    expect(zhOf(rich.notes[0])).toBe('firewalld 区域 public（目标 default）：端口 [8443/tcp]，服务 [ssh dhcpv6-client]，1 条富规则');
  });

  it('ufw: its rules for the port, or none and the default policy', () => {
    const v: FirewallVerdict = {
      backend: 'iptables-nft',
      decision: 'drop',
      rule: {
        backend: 'iptables-nft',
        table: 'filter',
        chain: 'ufw-user-input',
        position: 1,
        text: '-A ufw-user-input -p tcp --dport 8080 -j DROP',
      },
      trace: [],
      notes: [],
    };
    const deny = attributeVerdict(
      v,
      {
        ...none,
        ufw: ok({
          active: true,
          defaultIncoming: 'deny',
          rules: [{ to: '8080/tcp', action: 'DENY IN', from: 'Anywhere', text: '8080/tcp DENY IN Anywhere' }],
        }),
      },
      packet,
    );
    expect(zhOf(deny.notes[0])).toBe('ufw 中端口 8080 的规则：8080/tcp DENY IN Anywhere');
    const nothing = attributeVerdict(v, { ...none, ufw: ok({ active: true, defaultIncoming: 'deny', rules: [] }) }, packet);
    expect(nothing.notes.map(noteText)).toEqual(['ufw has no rule for port 8080; default incoming: deny']);
    expect(zhOf(nothing.notes[0])).toBe('ufw 中没有端口 8080 的规则；默认入站策略：deny');
  });
});
