import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { decidingOf, requireBuiltCli, runCheck, serverAndClient, stepOf } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';

// Step 3 with real rules inside the server namespace: the check must name the cause and the deciding rule,
// and the client must see what the cause predicts (timeout for a drop, refused/unreachable for a reject).
describe.skipIf(!labAvailable())('lab: host firewall causes', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('host-firewall-drop (nftables): a drop rule for the port', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(
        srv,
        'table inet pdlab {\n chain input {\n type filter hook input priority 0; policy accept;\n tcp dport 8080 counter drop comment "block-8080"\n }\n}\n',
      );
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      const { report } = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.1.2']);
      expect(report.verdict.cause).toBe('host-firewall-drop');
      const rule = decidingOf(report);
      expect(rule?.kind).toBe('rule');
      expect(rule?.text).toMatch(
        /^The nftables rule `tcp dport 8080 counter drop.*` \(table inet pdlab, chain input, handle \d+.*\) drops the packet; it has dropped [1-9]\d* packet\(s\) so far\.$/,
      );
      expect(rule?.source).toBe('linux.nft.table.inet.pdlab');
      expect(rule?.command).toBe('nft -a list table inet pdlab');
    });
  });

  it('host-firewall-drop (iptables, legacy and nft backends)', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.listen(srv, { host: '0.0.0.0', port: 8081 });
      await lab.iptables(srv, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'DROP'], { backend: 'legacy' });
      await lab.iptables(srv, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8081', '-j', 'DROP'], { backend: 'nft' });
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      const legacy = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.1.2']);
      expect(legacy.report.verdict.cause).toBe('host-firewall-drop');
      expect(decidingOf(legacy.report)?.text).toMatch(
        /^The iptables-legacy rule `.*--dport 8080 -j DROP` \(table filter, chain INPUT, rule \d+\) drops the packet\./,
      );
      const viaNft = await runCheck({ lab, ns: srv }, 8081, ['--source', '10.231.1.2']);
      expect(viaNft.report.verdict.cause).toBe('host-firewall-drop');
      expect(decidingOf(viaNft.report)?.text).toMatch(/^The iptables-nft rule `.*--dport 8081 -j DROP` \(.*\) drops the packet\./);
    });
  });

  it('INPUT policy DROP with allow-listed sources: who is let in, and who is not', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      const ok = await lab.namespace('ok');
      await lab.link(ok, '10.231.9.2/24', srv, '10.231.9.1/24');
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      for (const args of [
        ['-A', 'INPUT', '-i', 'lo', '-j', 'ACCEPT'],
        ['-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'],
        ['-A', 'INPUT', '-s', '10.231.9.0/24', '-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT'],
        ['-P', 'INPUT', 'DROP'],
      ])
        await lab.iptables(srv, args, { backend: 'nft' });
      expect(await lab.connect(cli, '10.231.1.1', 8080, 800)).toBe('timeout');
      expect(await lab.connect(ok, '10.231.9.1', 8080)).toBe('ok');
      const denied = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.1.2']);
      expect(denied.report.verdict.cause).toBe('host-firewall-drop');
      expect(decidingOf(denied.report)).toMatchObject({ kind: 'policy' });
      expect(decidingOf(denied.report)?.text).toMatch(
        /^No iptables-\S+ rule matches, so the policy of chain filter\/INPUT decides: DROP\.$/,
      );
      const allowed = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.9.2']);
      expect(allowed.report.verdict.cause).toBe('ok');
      expect(decidingOf(allowed.report)?.text).toMatch(/-s 10\.231\.9\.0\/24 .*-j ACCEPT/);
      // Without --source: "a client from another network" is dropped, and the allowed range is named.
      const anyone = await runCheck({ lab, ns: srv }, 8080);
      expect(anyone.report.verdict.cause).toBe('host-firewall-drop');
      const allowedSources = stepOf(anyone.report, 'firewall').evidence.find((e) => e.kind === 'allowed-sources');
      expect(allowedSources?.data?.allowedSources).toEqual(['10.231.9.0/24']);
    });
  });

  it('host-firewall-reject: tcp reset, icmpx admin-prohibited, iptables REJECT', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      for (const port of [8080, 8081, 8082]) await lab.listen(srv, { host: '0.0.0.0', port });
      await lab.nft(
        srv,
        'table inet pdlab {\n chain input {\n type filter hook input priority 0; policy accept;\n tcp dport 8080 reject with tcp reset\n tcp dport 8081 reject with icmpx type admin-prohibited\n }\n}\n',
      );
      await lab.iptables(srv, ['-A', 'INPUT', '-p', 'tcp', '--dport', '8082', '-j', 'REJECT'], { backend: 'legacy' });
      expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('refused');
      expect(await lab.connect(cli, '10.231.1.1', 8081)).toBe('unreachable');
      expect(await lab.connect(cli, '10.231.1.1', 8082)).toBe('refused');
      const reset = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.1.2']);
      expect(reset.report.verdict.cause).toBe('host-firewall-reject');
      expect(decidingOf(reset.report)?.data?.rejectWith).toMatch(/tcp reset/);
      const icmp = await runCheck({ lab, ns: srv }, 8081, ['--source', '10.231.1.2']);
      expect(icmp.report.verdict.cause).toBe('host-firewall-reject');
      expect(decidingOf(icmp.report)?.data?.rejectWith).toMatch(/admin-prohibited/);
      const legacy = await runCheck({ lab, ns: srv }, 8082, ['--source', '10.231.1.2']);
      expect(legacy.report.verdict.cause).toBe('host-firewall-reject');
      expect(decidingOf(legacy.report)?.text).toMatch(/^The iptables-legacy rule `.*` \(.*\) rejects the packet/);
    });
  });

  it('ok behind a realistic default-deny nftables ruleset', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv, cli } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(
        srv,
        [
          'table inet filter {',
          ' set web_ports { type inet_service; elements = { 80, 443, 8080 } }',
          ' chain input {',
          '  type filter hook input priority filter; policy drop;',
          '  ct state invalid drop',
          '  ct state { established, related } accept',
          '  iifname "lo" accept',
          '  meta l4proto { icmp, ipv6-icmp } accept',
          '  tcp dport 22 ct state new limit rate 10/minute accept',
          '  tcp dport @web_ports accept',
          '  counter log prefix "input-drop " drop',
          ' }',
          ' chain forward { type filter hook forward priority filter; policy drop; }',
          ' chain output { type filter hook output priority filter; policy accept; }',
          '}',
          '',
        ].join('\n'),
      );
      expect(await lab.connect(cli, '10.231.1.1', 8080)).toBe('ok');
      const { report, exitCode } = await runCheck({ lab, ns: srv }, 8080, ['--source', '10.231.1.2']);
      expect(report.verdict.cause).toBe('ok');
      expect(exitCode).toBe(0);
      expect(decidingOf(report)?.text).toMatch(/^The nftables rule `.*@web_ports.*` \(.*\) lets the packet in/);
      // The same host with a port not in the set: the final counted drop decides.
      await lab.listen(srv, { host: '0.0.0.0', port: 9090 });
      const closed = await runCheck({ lab, ns: srv }, 9090, ['--source', '10.231.1.2']);
      expect(closed.report.verdict.cause).toBe('host-firewall-drop');
    });
  });
});
