import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBundleText } from '../../../../../shared/bundle/schema';
import { createServices } from '../../../../../electron/app/services';
import { checkPortHandler } from '../../../../../electron/handlers/check-port';
import { portsHandlers } from '../../../../../electron/handlers/ports';
import { firewallStatusHandler } from '../../../../../electron/handlers/firewall-status';
import type { Bundle } from '../../../../../shared/bundle/schema';
import type { CheckReport } from '../../../../../shared/schemas/report';
import { loadBundle, withSources } from './load-fixture';

const signal = new AbortController().signal;

async function check(bundle: Bundle, port: number, extra: { source?: string; expect?: string } = {}): Promise<CheckReport> {
  const services = createServices({ replay: bundle, dataDir: '/nonexistent' });
  const r = await checkPortHandler({ port, protocol: 'tcp', ...extra }, { services, signal });
  if (r.kind !== 'ok') throw new Error(`${r.reason}: ${r.detail}`);
  return r.data;
}

const deciding = (r: CheckReport) =>
  r.steps.find((s) => s.id === 'firewall')?.evidence.find((e) => e.kind === 'rule' || e.kind === 'policy');

// Bundles recorded by `collect` in lab namespaces: the same verdict on any machine, nothing run here.
describe('check --replay on recorded Linux bundles', () => {
  it.each([
    [
      'policy-drop-allowlist',
      8080,
      {},
      'host-firewall-drop',
      /^No iptables-nft rule matches, so the policy of chain filter\/INPUT decides: DROP\.$/,
    ],
    [
      'nft-reject',
      8080,
      {},
      'host-firewall-reject',
      /^The nftables rule `tcp dport 8080 reject with tcp reset` \(table inet pdlab, chain input, handle 2\) rejects the packet with tcp reset\./,
    ],
    [
      'ufw-deny',
      8080,
      {},
      'host-firewall-drop',
      /^The ufw rule `-A ufw-user-input .*--dport 8080 -j DROP` \(table filter, chain ufw-user-input, rule 1\) drops the packet\./,
    ],
    [
      'firewalld-public',
      8080,
      {},
      'host-firewall-reject',
      /^The firewalld rule `reject with icmpx admin-prohibited` \(table inet firewalld, chain filter_IN_public, handle 72\) rejects the packet with icmpx admin-prohibited\./,
    ],
    ['loopback-v6', 8080, {}, 'loopback-only', null],
    ['privileged-port', 80, { expect: 'svc-web' }, 'privileged-port', null],
    ['privileged-port', 80, {}, 'not-listening', null],
    ['forwarding-disabled', 8080, {}, 'forwarding-disabled', null],
  ] as const)('%s port %i %o → %s', async (name, port, extra, cause, rule) => {
    const report = await check(loadBundle(name), port, extra);
    expect(report.verdict.cause).toBe(cause);
    expect(report.replayed?.hostname).toBe('vm');
    if (rule) expect(deciding(report)?.text).toMatch(rule);
  });

  it('names the sources a client from another network would need (allow-listed ranges)', async () => {
    const report = await check(loadBundle('policy-drop-allowlist'), 8080);
    const allowed = report.steps.find((s) => s.id === 'firewall')?.evidence.find((e) => e.kind === 'allowed-sources');
    expect(allowed?.data?.allowedSources).toEqual(['10.231.9.0/24']);
    expect(report.verdict.fixes[0]?.commands?.[0]).toMatch(/^portdoctor fix 8080 --protocol tcp --dry-run/);
  });

  it('shows the owner of a listener from the recorded owner map', async () => {
    const report = await check(loadBundle('loopback-v6'), 8443);
    expect(report.verdict.cause).toBe('ok');
    const sock = report.steps[0]?.evidence.find((e) => e.kind === 'socket');
    expect(sock?.text).toMatch(/LISTEN \[::\]:8443 \(also accepts IPv4\) \(accept queue 0\/511\) — pid \d+, node, user root/);
  });

  it('a route recorded for another client is not reused: the binding step is judged without it', async () => {
    const report = await check(loadBundle('loopback-v6'), 8443, { source: '10.231.1.2' });
    expect(report.verdict.cause).toBe('ok');
    expect(report.steps[1]?.evidence.some((e) => e.kind === 'route')).toBe(false);
  });

  it('ports:list replays the socket table with owners', async () => {
    const services = createServices({ replay: loadBundle('loopback-v6'), dataDir: '/nonexistent' });
    const r = await portsHandlers['ports:list']({ owners: true }, { services, signal });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const listeners = r.data.sockets.filter((s) => s.state === 'LISTEN');
    expect(listeners.map((s) => `${s.localAddress}:${s.localPort}`).sort()).toEqual(['::1:8080', ':::8443']);
    expect(listeners.every((s) => s.owner?.name === 'node')).toBe(true);
  });

  it('firewall:status answers step 3 alone', async () => {
    const services = createServices({ replay: loadBundle('ufw-deny'), dataDir: '/nonexistent' });
    const r = await firewallStatusHandler({ port: 8080, protocol: 'tcp' }, { services, signal });
    expect(r).toMatchObject({ kind: 'ok', data: { backend: 'ufw', enabled: true, decision: 'drop' } });
  });
});

// Bad input: a missing binary, no privilege, truncated output: unknown with the reason and the command, never ok.
describe('check on unknown ground', () => {
  const base = loadBundle('loopback-v6');
  const gone = (argv: string[]) => ({ argv, error: { reason: 'not-installed' as const, detail: `${argv[0]}: spawn ENOENT` } });
  const denied = (argv: string[]) => ({
    argv,
    error: { reason: 'needs-admin' as const, detail: `${argv[0]}: Operation not permitted (you must be root)` },
    exitCode: 1,
  });

  it('no firewall tool could be read: the firewall step is unknown and the verdict is not ok', async () => {
    const bundle = withSources(base, {
      'linux.nft.tables': denied(['nft', '-j', 'list', 'tables']),
      'linux.iptables.nft.save': denied(['iptables-nft-save']),
      'linux.iptables.legacy.save': gone(['iptables-legacy-save']),
    });
    const report = await check(bundle, 8443);
    const fw = report.steps.find((s) => s.id === 'firewall');
    expect(fw).toMatchObject({ status: 'unknown', reason: 'needs-admin' });
    expect(fw?.evidence[0]?.command).toMatch(/nft/);
    expect(report.verdict.partial).toBe(true);
    expect(report.verdict.summary).toMatch(/^Not verified/);
  });

  it('one backend unreadable: an accept from the others is not trusted', async () => {
    const report = await check(withSources(base, { 'linux.iptables.legacy.save': denied(['iptables-legacy-save']) }), 8443);
    const fw = report.steps.find((s) => s.id === 'firewall');
    expect(fw?.status).toBe('unknown');
    expect(fw?.summary).toMatch(/iptables-legacy/);
    expect(report.verdict.partial).toBe(true);
  });

  it('a drop seen in a readable ruleset stands even when another is unreadable', async () => {
    const report = await check(
      withSources(loadBundle('nft-reject'), { 'linux.iptables.legacy.save': denied(['iptables-legacy-save']) }),
      8080,
    );
    expect(report.verdict.cause).toBe('host-firewall-reject');
  });

  it('truncated JSON from nft → the firewall step is unknown and names the unreadable ruleset', async () => {
    const report = await check(
      withSources(base, {
        'linux.nft.tables': {
          argv: ['nft', '-j', 'list', 'tables'],
          stdout: { encoding: 'utf8', data: '{"nftables": [{"metainfo": ' },
          exitCode: 0,
        },
      }),
      8443,
    );
    const s = report.steps.find((x) => x.id === 'firewall');
    expect(s?.status).toBe('unknown');
    expect(s?.summary).toMatch(/nftables \(unparseable: nft -j list tables printed no nftables document\)/);
    expect(report.verdict.partial).toBe(true);
  });

  it.each([
    [
      'a truncated /proc/net/tcp',
      {
        'linux.proc.net.tcp': {
          argv: ['<read>', '/proc/net/tcp'],
          stdout: {
            encoding: 'utf8' as const,
            data: '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n   0: 0100007F:1F90 00000000:0000 0A 0000',
          },
          exitCode: 0,
        },
      },
    ],
    ['a socket table missing from the report', { 'linux.proc.net.tcp': null }],
  ] as const)('%s → the service step is unknown, with the command that would tell', async (_name, changes) => {
    const report = await check(withSources(base, changes), 8443);
    const s = report.steps.find((x) => x.id === 'service');
    expect(s?.status).toBe('unknown');
    expect(s?.evidence.some((e) => e.kind === 'unavailable' && e.command === 'cat /proc/net/tcp')).toBe(true);
    expect(report.verdict.partial).toBe(true);
  });
});

describe('ports:list on a recorded Windows bundle', () => {
  it('lists listeners with owners from the Windows probes', async () => {
    const text = readFileSync(fileURLToPath(new URL('../../../../fixtures/windows-bundles/ok.portdoctor.json', import.meta.url)), 'utf8');
    const parsed = parseBundleText(text);
    if (!parsed.ok) throw new Error(parsed.error);
    const services = createServices({ replay: parsed.bundle, dataDir: '/nonexistent' });
    const r = await portsHandlers['ports:list']({ owners: true }, { services, signal });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.data.sockets.length).toBeGreaterThan(0);
    expect(r.data.sockets.some((s) => s.state === 'LISTEN' && s.owner?.name)).toBe(true);
  });
});
