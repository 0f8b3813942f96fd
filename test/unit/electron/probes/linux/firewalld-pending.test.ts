import { describe, expect, it } from 'vitest';
import {
  firewalldPending,
  portEntryCovers,
  richRuleNames,
  zoneOpening,
  zonesAgree,
} from '../../../../../shared/firewall/pending-firewalld';
import { parseFirewalldServicePorts, parseFirewalldZone } from '../../../../../shared/firewall/parse-firewalld';
import type { FirewalldZone } from '../../../../../shared/firewall/parse-firewalld';
import { pendingEvidence, pendingKey } from '../../../../../shared/diagnose/pending';
import type { CheckFacts, PendingChange } from '../../../../../shared/diagnose/facts';
import { engineT } from '../../../../../shared/i18n/engine-text';

// Printed by firewalld 1.3 (Debian 12) in a lab namespace after `--permanent --add-port=8080/tcp`,
// `--permanent --add-service=http` and a runtime `--add-port=9090/tcp`.
const RUNNING = `public
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: dhcpv6-client ssh
  ports: 9090/tcp
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 
`;
const PERMANENT = `public
  target: default
  icmp-block-inversion: no
  interfaces: 
  sources: 
  services: dhcpv6-client http ssh
  ports: 8080/tcp
  protocols: 
  forward: yes
  masquerade: no
  forward-ports: 
  source-ports: 
  icmp-blocks: 
  rich rules: 
	rule family="ipv4" source address="10.0.0.0/8" port port="8081" protocol="tcp" accept
`;
const HTTP = `http
  ports: 80/tcp
  protocols: 
  source-ports: 
  modules: 
  destination: 
  includes: 
  helpers: 
`;

function zone(text: string): FirewalldZone {
  const z = parseFirewalldZone(text);
  if (z.kind !== 'ok') throw new Error(z.detail);
  return z.data;
}

const services = {
  running: new Map([
    ['ssh', ['22/tcp']],
    ['dhcpv6-client', ['546/udp']],
  ]),
  saved: new Map([
    ['ssh', ['22/tcp']],
    ['dhcpv6-client', ['546/udp']],
    ['http', parseFirewalldServicePorts(HTTP)],
  ]),
};

describe('firewalld: permanent against running configuration (issue 17 item 13)', () => {
  it('reads port entries, ranges, service ports and rich rules for a port', () => {
    expect(parseFirewalldServicePorts(HTTP)).toEqual(['80/tcp']);
    expect(portEntryCovers('8000-8100/tcp', 8080, 'tcp')).toBe(true);
    expect(portEntryCovers('8080/udp', 8080, 'tcp')).toBe(false);
    expect(portEntryCovers('18080/tcp', 8080, 'tcp')).toBe(false);
    expect(
      richRuleNames('rule family="ipv4" source address="10.0.0.0/8" port port="8081" protocol="tcp" accept', 8081, 'tcp', new Map()),
    ).toBe(true);
    expect(richRuleNames('rule service name="http" accept', 80, 'tcp', services.saved)).toBe(true);
    expect(zoneOpening(zone(PERMANENT), services.saved, 80, 'tcp')).toEqual(['service http']);
    expect(zone(PERMANENT).richRules).toHaveLength(1);
    expect(zonesAgree(zone(RUNNING), zone(RUNNING))).toBe(true);
    expect(zonesAgree(zone(RUNNING), zone(PERMANENT))).toBe(false);
  });

  it('a port in the permanent configuration only is allowed after reload when firewalld rejects it now', () => {
    const [p, ...rest] = firewalldPending(zone(RUNNING), zone(PERMANENT), services, { dport: 8080, protocol: 'tcp' }, 'reject', true);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      system: 'firewalld',
      state: 'saved-only',
      where: 'public',
      entries: ['8080/tcp'],
      effect: 'allows',
      apply: 'firewall-cmd --reload',
    });
    // Another component decided (its drop stays after the reload): the difference is only mentioned.
    expect(firewalldPending(zone(RUNNING), zone(PERMANENT), services, { dport: 8080, protocol: 'tcp' }, 'drop', false)[0]?.effect).toBe(
      'mentions',
    );
    // A service added with --permanent counts through its definition.
    expect(firewalldPending(zone(RUNNING), zone(PERMANENT), services, { dport: 80, protocol: 'tcp' }, 'reject', true)[0]?.entries).toEqual([
      'service http',
    ]);
  });

  it('a port open at runtime only is gone after reload; a rich rule for the port is mentioned; other ports say nothing', () => {
    const run = firewalldPending(zone(RUNNING), zone(PERMANENT), services, { dport: 9090, protocol: 'tcp' }, 'accept', true);
    expect(run).toEqual([
      expect.objectContaining({
        state: 'running-only',
        entries: ['9090/tcp'],
        effect: 'allows',
        keep: 'firewall-cmd --runtime-to-permanent',
      }),
    ]);
    const rich = firewalldPending(zone(RUNNING), zone(PERMANENT), services, { dport: 8081, protocol: 'tcp' }, 'reject', true);
    expect(rich).toEqual([
      expect.objectContaining({
        state: 'saved-only',
        effect: 'mentions',
        entries: ['rule family="ipv4" source address="10.0.0.0/8" port port="8081" protocol="tcp" accept'],
      }),
    ]);
    expect(firewalldPending(zone(RUNNING), zone(PERMANENT), services, { dport: 22, protocol: 'tcp' }, 'accept', true)).toEqual([]);
    expect(firewalldPending(zone(RUNNING), zone(PERMANENT), services, { dport: 8080, protocol: 'udp' }, 'reject', true)).toEqual([]);
  });

  it('says each difference in English and Simplified Chinese, with the command that shows the saved side', () => {
    const change: PendingChange = {
      system: 'firewalld',
      state: 'saved-only',
      where: 'public',
      entries: ['8080/tcp'],
      effect: 'allows',
      apply: 'firewall-cmd --reload',
      show: 'firewall-cmd --permanent --zone=public --list-all',
      source: 'linux.firewalld.permanent.zone.public',
    };
    const facts = {
      platform: 'linux',
      target: { port: 8080, protocol: 'tcp' },
      firewall: { kind: 'ok', data: { present: ['firewalld'], inCharge: 'firewalld', verdict: null, commands: [], pending: [change] } },
    } as unknown as CheckFacts;
    const [e] = pendingEvidence(facts);
    expect(e?.text).toBe(
      'firewalld zone public opens TCP port 8080 in its permanent configuration (8080/tcp), not in the running one: allowed after `firewall-cmd --reload`, not now',
    );
    expect(e?.command).toBe('firewall-cmd --permanent --zone=public --list-all');
    expect(engineT('zh-CN', e?.key, e?.params, '')).toBe(
      'firewalld 区域 public 在永久配置中开放了 TCP 端口 8080（8080/tcp），运行中的配置没有：执行 `firewall-cmd --reload` 后才放行，现在不放行',
    );
    for (const state of ['saved-only', 'running-only'] as const)
      for (const effect of ['allows', 'mentions'] as const) {
        const key = `engine.${pendingKey({ system: 'firewalld', state, effect })}`;
        expect(engineT('zh-CN', key, { zone: 'public', entries: '8080/tcp', protocol: 'TCP', port: 8080 }, '')).toMatch(/[\u4e00-\u9fff]/);
      }
  });
});
