import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTcpdump } from '../../../electron/capture/parse-tcpdump';
import { summarizeCapture } from '../../../electron/capture/summarize-capture';
import { clientRange, planCloudGuidance } from '../../../shared/cloud/cloud-guidance';
import { detectCloud } from '../../../shared/cloud/detect-cloud';
import { DECISION_TABLE, decideCombined } from '../../../shared/diagnose/decide-combined';
import { joinReport, packetsStep } from '../../../shared/diagnose/combined-steps';
import { CheckReportSchema, ProbeReportSchema, WatchReportSchema } from '../../../shared/schemas/report';
import type { CheckReport, ProbeReport, WatchReport } from '../../../shared/schemas/report';

// Every report here is real: probe/check reports printed by the CLI in namespaces, captures by tcpdump (see SOURCES.md).
const dir = new URL('../../fixtures/capture/', import.meta.url);
const probe = (name: string): ProbeReport =>
  ProbeReportSchema.parse(JSON.parse(readFileSync(new URL(`reports/${name}.probe.json`, dir), 'utf8')));
const check = (name: string): CheckReport =>
  CheckReportSchema.parse(JSON.parse(readFileSync(new URL(`reports/${name}.check.json`, dir), 'utf8')));
const watch = (name: string): WatchReport => {
  // `standin-handshake` is the real handshake capture, marked as answered by our stand-in listener.
  const file = name === 'standin-handshake' ? 'handshake' : name;
  const w: WatchReport = {
    schema: 'portdoctor.watch/1',
    port: 8080,
    seconds: 5,
    peers: summarizeCapture(parseTcpdump(readFileSync(new URL(`${file}.tcpdump.txt`, dir), 'utf8')), 8080),
  };
  if (name === 'standin-handshake') w.standIn = { addresses: ['::'], connections: 1 };
  return w;
};

interface Case {
  name: string;
  probe: string | null;
  check: string | null;
  watch: string | null;
  cause: string;
  rule: string;
  partial: boolean;
}

const CASES: Case[] = [
  {
    name: 'client reached our stand-in while the service is down',
    probe: 'listening-open',
    check: 'not-listening',
    watch: 'standin-handshake',
    cause: 'not-listening',
    rule: 'client-ok-stand-in',
    partial: false,
  },
  {
    name: 'client connected',
    probe: 'listening-open',
    check: 'listening-open',
    watch: 'handshake',
    cause: 'ok',
    rule: 'client-ok',
    partial: false,
  },
  {
    name: 'upstream router drops: timeout, no SYN, host allows',
    probe: 'upstream-drop',
    check: 'upstream-drop',
    watch: 'upstream-drop',
    cause: 'upstream-filtered',
    rule: 'timeout-no-syn',
    partial: false,
  },
  {
    name: 'timeout without a capture is only a partial upstream verdict',
    probe: 'upstream-drop',
    check: 'upstream-drop',
    watch: null,
    cause: 'upstream-filtered',
    rule: 'timeout-uncaptured',
    partial: true,
  },
  {
    name: 'host nft drop',
    probe: 'nft-drop',
    check: 'nft-drop',
    watch: 'host-drop',
    cause: 'host-firewall-drop',
    rule: 'timeout-firewall-drop',
    partial: false,
  },
  {
    name: 'SYN seen, never answered, rules allow',
    probe: 'upstream-drop',
    check: 'upstream-drop',
    watch: 'host-drop',
    cause: 'host-firewall-drop',
    rule: 'timeout-host-silent',
    partial: true,
  },
  {
    name: 'SYN-ACK sent but the client timed out: the answer is lost upstream',
    probe: 'upstream-drop',
    check: 'upstream-drop',
    watch: 'handshake',
    cause: 'upstream-filtered',
    rule: 'timeout-reply-lost',
    partial: false,
  },
  {
    name: 'unreachable + nft reject icmpx admin-prohibited is the host firewall, not routing',
    probe: 'nft-reject-admin-prohibited',
    check: 'nft-reject-admin-prohibited',
    watch: 'reject-admin-prohibited',
    cause: 'host-firewall-reject',
    rule: 'unreachable-firewall-reject',
    partial: false,
  },
  {
    name: 'unreachable + iptables REJECT icmp-host-prohibited',
    probe: 'iptables-reject-host-prohibited',
    check: 'iptables-reject-host-prohibited',
    watch: 'reject-icmp-host-prohibited',
    cause: 'host-firewall-reject',
    rule: 'unreachable-firewall-reject',
    partial: false,
  },
  {
    name: 'unreachable, no check, but the capture shows our ICMP',
    probe: 'nft-reject-admin-prohibited',
    check: null,
    watch: 'reject-admin-prohibited',
    cause: 'host-firewall-reject',
    rule: 'unreachable-icmp-seen',
    partial: false,
  },
  {
    name: 'refused + iptables REJECT (icmp-port-unreachable) is a reject, not not-listening',
    probe: 'iptables-reject-port-unreachable',
    check: 'iptables-reject-port-unreachable',
    watch: 'reject-icmp-port-unreachable',
    cause: 'host-firewall-reject',
    rule: 'refused-firewall-reject',
    partial: false,
  },
  {
    name: 'refused + nft reject with tcp reset',
    probe: 'nft-reject-tcp-reset',
    check: 'nft-reject-tcp-reset',
    watch: 'reject-tcp-reset',
    cause: 'host-firewall-reject',
    rule: 'refused-firewall-reject',
    partial: false,
  },
  {
    name: 'refused, no check, ICMP port-unreachable in the capture',
    probe: 'iptables-reject-port-unreachable',
    check: null,
    watch: 'reject-icmp-port-unreachable',
    cause: 'host-firewall-reject',
    rule: 'refused-icmp-seen',
    partial: false,
  },
  {
    name: 'refused while no SYN reached the host: something upstream answers',
    probe: 'not-listening',
    check: 'listening-open',
    watch: 'upstream-drop',
    cause: 'upstream-filtered',
    rule: 'refused-no-syn',
    partial: false,
  },
  {
    name: 'refused + listening on loopback only',
    probe: 'loopback-only',
    check: 'loopback-only',
    watch: null,
    cause: 'loopback-only',
    rule: 'refused-binding',
    partial: false,
  },
  {
    name: 'refused + listening on another address only',
    probe: 'other-address',
    check: 'other-address',
    watch: null,
    cause: 'bound-other-address',
    rule: 'refused-binding',
    partial: false,
  },
  {
    name: 'refused + the check (run without --source) lists only a listener on another address',
    probe: 'other-address',
    check: 'other-address-nosource',
    watch: null,
    cause: 'bound-other-address',
    rule: 'refused-other-address',
    partial: false,
  },
  {
    name: 'refused + nothing listens, RST in the capture',
    probe: 'not-listening',
    check: 'not-listening',
    watch: 'closed',
    cause: 'not-listening',
    rule: 'refused-not-listening',
    partial: false,
  },
  {
    name: 'refused, no check, RST in the capture',
    probe: 'not-listening',
    check: null,
    watch: 'closed',
    cause: 'not-listening',
    rule: 'refused-not-listening',
    partial: false,
  },
  {
    name: 'the name does not resolve',
    probe: 'dns-failure',
    check: 'listening-open',
    watch: null,
    cause: 'dns-failure',
    rule: 'client-dns-failure',
    partial: false,
  },
  {
    name: 'the client’s hosts file names an address that is none of this host’s',
    probe: 'wrong-address',
    check: 'wrong-address',
    watch: null,
    cause: 'dns-failure',
    rule: 'client-wrong-address',
    partial: true,
  },
  {
    name: 'a wrong address, and the capture saw no SYN',
    probe: 'wrong-address',
    check: 'wrong-address',
    watch: 'upstream-drop',
    cause: 'dns-failure',
    rule: 'client-wrong-address',
    partial: true,
  },
  {
    name: 'a wrong-looking address whose SYNs the capture saw arrive reaches this host (NAT): not a name problem',
    probe: 'wrong-address',
    check: 'wrong-address',
    watch: 'host-drop',
    cause: 'host-firewall-drop',
    rule: 'timeout-host-silent',
    partial: true,
  },
  {
    name: 'a check that does not list this host’s addresses cannot tell a wrong address',
    probe: 'wrong-address',
    check: 'upstream-drop',
    watch: null,
    cause: 'upstream-filtered',
    rule: 'timeout-uncaptured',
    partial: true,
  },
  {
    name: 'no free ephemeral port on the client',
    probe: 'source-exhausted',
    check: 'listening-open',
    watch: null,
    cause: 'source-exhausted',
    rule: 'client-source-exhausted',
    partial: false,
  },
  {
    name: 'a router rejects with ICMP admin-prohibited: the client names the router, upstream-filtered',
    probe: 'router-admin-prohibited',
    check: 'router-admin-prohibited',
    watch: null,
    cause: 'upstream-filtered',
    rule: 'icmp-from-hop',
    partial: false,
  },
  {
    name: 'a router answers host-unreachable: stopped there (a filter or no route on it), partial without a capture',
    probe: 'router-host-unreachable',
    check: 'router-host-unreachable',
    watch: null,
    cause: 'upstream-filtered',
    rule: 'icmp-from-hop',
    partial: true,
  },
  {
    name: 'the same host-unreachable, and the capture saw no SYN arrive',
    probe: 'router-host-unreachable',
    check: 'router-host-unreachable',
    watch: 'upstream-drop',
    cause: 'upstream-filtered',
    rule: 'icmp-from-hop',
    partial: false,
  },
  {
    name: 'the target itself answers ICMP admin-prohibited: its firewall',
    probe: 'target-admin-prohibited',
    check: null,
    watch: null,
    cause: 'host-firewall-reject',
    rule: 'icmp-from-target',
    partial: false,
  },
  {
    name: 'client has no route',
    probe: 'no-route',
    check: 'listening-open',
    watch: 'upstream-drop',
    cause: 'no-route',
    rule: 'unreachable-no-route',
    partial: false,
  },
  {
    name: 'no client report: the check decides',
    probe: null,
    check: 'nft-drop',
    watch: null,
    cause: 'host-firewall-drop',
    rule: 'server-only',
    partial: false,
  },
];

describe('decideCombined (decision table over real reports)', () => {
  it.each(CASES)('$name → $cause by $rule', (c) => {
    const d = decideCombined({
      probe: c.probe ? probe(c.probe) : null,
      check: c.check ? check(c.check) : null,
      watch: c.watch ? watch(c.watch) : null,
    });
    expect({ cause: d.cause, rule: d.rule, partial: d.partial }).toEqual({ cause: c.cause, rule: c.rule, partial: c.partial });
    expect(d.evidence[0]?.text).toContain(c.rule);
    if (c.probe) expect(d.evidence.find((e) => e.kind === 'client')?.text).toContain(probe(c.probe).outcome);
    if (c.watch) expect(d.evidence.find((e) => e.kind === 'packets')?.data?.packets).not.toBe('no-capture');
  });

  it('a wrong address shows both addresses; named as a public (NAT) address it is the path again', () => {
    const d = decideCombined({ probe: probe('wrong-address'), check: check('wrong-address'), watch: null });
    const shown = d.evidence.find((e) => e.kind === 'address');
    expect(shown?.text).toBe(
      'the client’s hosts file maps svc.pdc-lab to 10.232.2.50, which is none of this host’s addresses (10.232.2.2, fd00:232:2::2): correct that entry on the client (/etc/hosts; on Windows %SystemRoot%\\System32\\drivers\\etc\\hosts)',
    );
    expect(d.evidence.find((e) => e.kind === 'note')?.text).toContain('--public-address 10.232.2.50');
    const named = decideCombined({
      probe: probe('wrong-address'),
      check: check('wrong-address'),
      watch: null,
      publicAddresses: ['10.232.2.50'],
    });
    expect({ cause: named.cause, rule: named.rule }).toEqual({ cause: 'upstream-filtered', rule: 'timeout-uncaptured' });
    const other = decideCombined({
      probe: probe('wrong-address'),
      check: check('wrong-address'),
      watch: null,
      publicAddresses: ['198.51.100.7'],
    });
    expect({ cause: other.cause, rule: other.rule, partial: other.partial }).toEqual({
      cause: 'dns-failure',
      rule: 'client-wrong-address',
      partial: false,
    });
    expect(other.evidence.filter((e) => e.kind === 'address').map((e) => e.text)).toContain(
      'it is none of the public/NAT addresses named either (198.51.100.7)',
    );
  });

  it('a public address used for a host with only private addresses is probably its NAT: said beside the path cause, not called dns-failure', () => {
    // The same recorded probe, as if the name had resolved to a cloud public IP in front of the (private) server.
    const viaNat = ProbeReportSchema.parse(JSON.parse(JSON.stringify(probe('wrong-address')).replaceAll('10.232.2.50', '52.14.20.30')));
    const d = decideCombined({ probe: viaNat, check: check('wrong-address'), watch: null });
    expect({ cause: d.cause, rule: d.rule }).toEqual({ cause: 'upstream-filtered', rule: 'timeout-uncaptured' });
    const note = d.evidence.find((e) => e.key === 'engine.join.natLikely');
    expect(note?.text).toMatch(
      /^the client used 52\.14\.20\.30 for svc\.pdc-lab, none of this host’s addresses \(10\.232\.2\.2, fd00:232:2::2\); .*--public-address 52\.14\.20\.30/,
    );
    // A private address that is none of this host's stays the wrong-name cause (the lab's case above).
    expect(decideCombined({ probe: probe('wrong-address'), check: check('wrong-address'), watch: null }).cause).toBe('dns-failure');
  });

  it('a check from before the burst, a capture during it: the queue read through watch decides (timeout-queue-overflowing)', () => {
    const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`reports/queue-burst.${name}.json`, dir), 'utf8')) as T;
    const w = WatchReportSchema.parse(read('watch'));
    const input = { probe: ProbeReportSchema.parse(read('probe')), check: CheckReportSchema.parse(read('check')) };
    const d = decideCombined({ ...input, watch: w });
    expect({ cause: d.cause, rule: d.rule, partial: d.partial }).toEqual({
      cause: 'accept-queue-overflow',
      rule: 'timeout-queue-overflowing',
      partial: false,
    });
    expect(d.evidence.find((e) => e.kind === 'queue')?.text).toBe(
      `ListenOverflows +${w.queue?.overflowsDelta}, ListenDrops +${w.queue?.dropsDelta} in ${w.queue?.ms} ms (${w.queue?.samples} readings); the accept queue of 0.0.0.0:8080 was full in ${w.queue?.fullSamples} of them (Recv-Q up to ${w.queue?.peakRecvQ}, backlog ${w.queue?.backlog})`,
    );
    // The same capture without the queue readings (an older watch report): SYNs unanswered, the host blamed, partially.
    const { queue: _queue, ...older } = w;
    const without = decideCombined({ ...input, watch: older });
    expect({ cause: without.cause, rule: without.rule, partial: without.partial }).toEqual({
      cause: 'host-firewall-drop',
      rule: 'timeout-host-silent',
      partial: true,
    });
  });

  it('says which firewall rule decided a reject', () => {
    const d = decideCombined({
      probe: probe('iptables-reject-port-unreachable'),
      check: check('iptables-reject-port-unreachable'),
      watch: null,
    });
    const fw = d.evidence.find((e) => e.kind === 'firewall');
    expect(fw?.data?.decision).toBe('reject');
    expect(fw?.text).toMatch(/REJECT|reject/);
  });

  it('every row is reachable by a case and documented in docs/decision-table.md', () => {
    const doc = readFileSync(new URL('../../../docs/decision-table.md', import.meta.url), 'utf8');
    const tested = new Set(CASES.map((c) => c.rule));
    for (const row of DECISION_TABLE) {
      expect(doc, `docs/decision-table.md lacks ${row.id}`).toContain(`\`${row.id}\``);
      // refused-other is the catch-all; timeout-queue-full is proven end to end in test/lab/client-path.test.ts.
      // timeout-queue-overflowing has its own test below (its capture is a watch report, not tcpdump text).
      if (row.id !== 'refused-other' && row.id !== 'timeout-queue-full' && row.id !== 'timeout-queue-overflowing')
        expect(tested.has(row.id), `no case for ${row.id}`).toBe(true);
    }
  });

  it('joins steps 1–3 with the client and packet steps into a five-step report', () => {
    const c = check('upstream-drop');
    const p = probe('upstream-drop');
    const w = watch('upstream-drop');
    const d = decideCombined({ check: c, probe: p, watch: w });
    const report = CheckReportSchema.parse(joinReport(c, p, { kind: 'ok', data: w }, d, []));
    expect(report.steps.map((s) => `${s.id}:${s.status}`)).toEqual([
      'service:pass',
      'binding:pass',
      'firewall:pass',
      'client:fail',
      'packets:fail',
    ]);
    expect(report.verdict.cause).toBe('upstream-filtered');
    expect(report.findings.at(-1)?.cause).toBe('upstream-filtered');
  });

  it('a capture that could not run makes step 5 unknown with the reason, never pass', () => {
    const step = packetsStep(
      { kind: 'unavailable', reason: 'needs-admin', detail: 'no permission', command: 'sudo tcpdump …' },
      probe('upstream-drop'),
    );
    expect(step).toMatchObject({ status: 'unknown', reason: 'needs-admin' });
  });
});

describe('cloud guidance for upstream-filtered', () => {
  // DMI values each provider documents for telling its VMs apart (sys_vendor / product_name / chassis_asset_tag).
  it.each([
    [
      { manufacturer: 'Amazon EC2', model: 'm5.large' },
      'aws',
      /aws ec2 authorize-security-group-ingress --group-id <sg-id> --protocol tcp --port 8080 --cidr 203\.0\.113\.7\/32/,
    ],
    [
      { manufacturer: 'Microsoft Corporation', model: 'Virtual Machine', assetTag: '7783-7084-3265-9085-8269-3286-77' },
      'azure',
      /az network nsg rule create .*--destination-port-ranges 8080 --source-address-prefixes 203\.0\.113\.7\/32/,
    ],
    [
      { manufacturer: 'Google', model: 'Google Compute Engine' },
      'gcp',
      /gcloud compute firewall-rules create portdoctor-8080-tcp .*--rules tcp:8080 --source-ranges 203\.0\.113\.7\/32/,
    ],
    [
      { manufacturer: 'Alibaba Cloud', model: 'Alibaba Cloud ECS' },
      'alibaba',
      /aliyun ecs AuthorizeSecurityGroup .*--PortRange 8080\/8080 --SourceCidrIp 203\.0\.113\.7\/32/,
    ],
    [
      { manufacturer: 'Tencent Cloud', model: 'CVM' },
      'tencent',
      /tccli vpc CreateSecurityGroupPolicies .*"Port":"8080","CidrBlock":"203\.0\.113\.7\/32"/,
    ],
  ])('%j → %s with the exact command', (id, cloud, command) => {
    const d = detectCloud(id);
    expect(d.cloud).toBe(cloud);
    const [fix] = planCloudGuidance(d, 8080, 'tcp', '203.0.113.7');
    expect(fix?.kind).toBe('guided');
    expect(fix?.commands?.join('\n')).toMatch(command);
    expect(fix?.detail).toMatch(/console|portal/i);
  });

  it('on-premises Hyper-V (Microsoft without the Azure asset tag) is not called Azure', () => {
    const d = detectCloud({ manufacturer: 'Microsoft Corporation', model: 'Virtual Machine', assetTag: '1234' });
    expect(d.cloud).toBeNull();
    const [fix] = planCloudGuidance(d, 443, 'tcp', 'fd00::5');
    expect(fix).toMatchObject({ id: 'upstream-generic', kind: 'guided' });
    expect(fix?.title).toContain('fd00::5/128');
  });

  it('without a client address the range is a placeholder, not 0.0.0.0/0', () => {
    expect(clientRange(undefined)).toBe('<client-public-ip>/32');
    expect(clientRange('::ffff:198.51.100.2')).toBe('198.51.100.2/32');
  });
});
