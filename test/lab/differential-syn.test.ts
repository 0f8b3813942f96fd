import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import { keepHostFirewallUnchanged } from './support/host-guard';
import { compare, judge, packetFor } from './differential/compare';
import { createPair } from './differential/rig';
import { chainFor } from './differential/testsuite';
import { applyCase, countersOf, readListings } from './differential/truth';

const CAPTURE = fileURLToPath(new URL('../fixtures/linux/syn-capture.json', import.meta.url));

// Issue #17 item 7: rules on what a SYN carries (IP and TCP header fields, TCP options, the input interface's
// link type and group, no output interface on the way in) are judged from a SYN the lab captured, against the kernel.
describe.skipIf(!labAvailable())('lab: header matches of a captured SYN agree with the kernel', () => {
  keepHostFirewallUnchanged();

  it("the captured SYN is the client kernel's, and rules on its fields decide as the kernel does", { timeout: 120_000 }, async () => {
    await withLab({ prefix: 'pdy-', name: 'syn' }, async (lab) => {
      const pair = await createPair(lab, 8);
      const syn = pair.net.syn;
      // PD_CAPTURE=1: keep the capture and the interfaces for the unit tests (test/fixtures/linux/syn-capture.json).
      if (process.env.PD_CAPTURE === '1')
        writeFileSync(CAPTURE, `${JSON.stringify({ tcpdump: pair.synText, links: pair.net.links }, null, 1)}\n`);
      const sysctl = async (k: string) => Number((await lab.must(pair.cli, ['sysctl', '-n', k])).stdout.trim());
      const link = JSON.parse((await lab.must(pair.cli, ['ip', '-j', 'link', 'show', 'c0'])).stdout) as { mtu: number }[];
      const mtu = link[0]?.mtu ?? 0;
      const kinds = syn?.tcp?.options?.map((o) => o.kind) ?? [];
      // What the client's own settings say its SYN carries.
      expect(syn?.ttl).toBe(await sysctl('net.ipv4.ip_default_ttl'));
      expect(syn?.tcp?.options?.find((o) => o.kind === 2)?.data).toEqual([(mtu - 40) >> 8, (mtu - 40) & 255]);
      expect(kinds.includes(4)).toBe((await sysctl('net.ipv4.tcp_sack')) === 1);
      expect(kinds.includes(8)).toBe((await sysctl('net.ipv4.tcp_timestamps')) === 1);
      expect(kinds.includes(3)).toBe((await sysctl('net.ipv4.tcp_window_scaling')) === 1);
      expect(syn?.length).toBe(20 + 4 * (syn?.tcp?.doff ?? 0));
      const mss = mtu - 40;
      const lines = [
        `ip ttl ${syn?.ttl ?? 0} drop`,
        `ip ttl != ${syn?.ttl ?? 0} drop`,
        `ip length ${syn?.length ?? 0} drop`,
        `meta length != ${syn?.length ?? 0} drop`,
        `ip dscp cs0 drop`,
        `tcp window ${syn?.tcp?.window ?? 0} drop`,
        `tcp option maxseg size ${mss} drop`,
        `tcp option maxseg size != ${mss} drop`,
        `tcp option sack-perm exists drop`,
        `tcp option sack exists drop`,
        `tcp option sack left 1 drop`,
        `sctp chunk init exists drop`,
        `meta iiftype ether drop`,
        `meta iifgroup default drop`,
        `meta oifname "eth*" drop`,
        `meta oifname != "eth0" drop`,
        `meta oiftype != ether drop`,
        `meta priority none drop`,
        `ct original ip daddr ${pair.net.srvAddrs[0]} drop`,
        `ct zone 0 drop`,
        `meta mark set ip saddr map { 10.0.0.1 : 1 } drop`,
      ];
      let sport = 31000;
      const seen: { line: string; kernel: string; said: string }[] = [];
      for (const line of lines) {
        await applyCase(lab, pair.srv, { nft: chainFor(line, 'inet') });
        const before = await readListings(lab, pair.srv);
        const probe = { src: pair.net.cliAddrs[0] ?? '', dst: pair.net.srvAddrs[0], dport: 80, sport: sport++ };
        const kernel = await pair.probe(probe, 700);
        const after = await readListings(lab, pair.srv);
        const cmp = compare(judge(after, packetFor(pair.net, probe)), kernel, countersOf(before).counted, countersOf(after).counted);
        seen.push({ line, kernel: kernel.outcome, said: cmp.said.decision });
      }
      expect(seen).toEqual(seen.map((s) => ({ ...s, said: s.kernel })));
      // Both verdicts occur: the lines are not all decided one way.
      expect(new Set(seen.map((s) => s.kernel)).size).toBe(2);
    });
  });
});
