import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labAvailable, withLab } from './harness';
import type { Lab } from './harness';
import { pdRunner } from './harness/client-path';
import type { PdRunner } from './harness/client-path';
import { json, useClientLab } from './support/client-lab';
import type { ClientNet } from './support/client-lab';
import { bashOneLiner } from '../../shared/probe/one-liner';
import { ProbeReportSchema } from '../../shared/schemas/report';
import type { CheckReport, ProbeReport } from '../../shared/schemas/report';

const run = labAvailable();
const probeSh = readFileSync(new URL('../../scripts/probe/portdoctor-probe.sh', import.meta.url), 'utf8');

/** The bash one-liner exactly as the app and docs show it, pasted into bash in `ns`; the probe.json it wrote. */
async function oneLiner(
  lab: Lab,
  ns: string,
  host: string,
  port: number,
): Promise<{ code: number | null; doc: ProbeReport; text: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'pdc-oneliner-'));
  try {
    const r = await lab.exec(ns, ['bash', '-c', `cd ${dir} && ${bashOneLiner(probeSh, host, port)}`], { timeoutMs: 20_000 });
    const text = await readFile(join(dir, 'probe.json'), 'utf8');
    return { code: r.code, doc: ProbeReportSchema.parse(JSON.parse(text)), text };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The script and `portdoctor probe` on the same target: the same outcome, error, addresses and source. */
async function compare(lab: Lab, pd: PdRunner, ns: string, host: string, port: number) {
  const script = await oneLiner(lab, ns, host, port);
  const cliRun = await pd.run(ns, ['probe', host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`, '--timeout', '3000', '--json']);
  const cli = json<ProbeReport>(cliRun);
  const pick = (p: ProbeReport) => ({
    outcome: p.outcome,
    error: p.error,
    addresses: p.addresses,
    remoteAddress: p.remoteAddress,
    localAddress: p.localAddress,
  });
  expect(pick(script.doc)).toEqual(pick(cli));
  expect(script.code).toBe(cliRun.code);
  return { script, cli, cliText: cliRun.stdout };
}

/** `diagnose --client-report` on the server with each document: both accepted, the same verdict. */
async function sameVerdict(pd: PdRunner, net: ClientNet, scriptText: string, cliText: string): Promise<string> {
  const viaScript = await pd.run(net.srv, ['diagnose', '8080', '--client-report', await pd.save('script.json', scriptText), '--json']);
  const viaCli = await pd.run(net.srv, ['diagnose', '8080', '--client-report', await pd.save('cli.json', cliText), '--json']);
  expect(viaScript.code, viaScript.stderr).not.toBe(2);
  const a = json<CheckReport>(viaScript);
  const b = json<CheckReport>(viaCli);
  expect(a.steps.find((s) => s.id === 'client')?.status).toBe(b.steps.find((s) => s.id === 'client')?.status);
  expect(a.verdict.cause).toBe(b.verdict.cause);
  return a.verdict.cause;
}

describe.skipIf(!run)('the bash one-liner against real targets, beside `portdoctor probe` (namespaces)', () => {
  const { scenario, cliPath } = useClientLab('client-probe-scripts');

  it('ok (IPv4 and IPv6), refused, timeout, unreachable (ICMP prohibited) and no route: same outcome, same verdict', async () => {
    await scenario('oneliner', async (lab, pd, net) => {
      const listener = await lab.listen(net.srv, { host: '::', port: 8080 });
      const ok = await compare(lab, pd, net.cli, net.srvAddress, 8080);
      expect(ok.script.doc).toMatchObject({
        outcome: 'ok',
        cause: 'ok',
        localAddress: '10.232.1.2',
        route: { sourceAddress: '10.232.1.2' },
      });
      expect(await sameVerdict(pd, net, ok.script.text, ok.cliText)).toBe('ok');
      const ok6 = await compare(lab, pd, net.cli, net.srvAddress6, 8080);
      expect(ok6.script.doc).toMatchObject({ outcome: 'ok', localAddress: 'fd00:232:1::2' });

      listener.kill();
      await expect.poll(async () => (await lab.connect(net.cli, net.srvAddress, 8080, 1000)) === 'refused', { timeout: 5000 }).toBe(true);
      const refused = await compare(lab, pd, net.cli, net.srvAddress, 8080);
      // A reset alone does not say why (nothing listens, or a firewall rejects): the client claims no server-side cause.
      expect(refused.script.doc).toMatchObject({ outcome: 'refused', error: 'ECONNREFUSED', cause: 'unknown' });
      expect(await sameVerdict(pd, net, refused.script.text, refused.cliText)).toBe('not-listening');

      await lab.listen(net.srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(net.rtr, 'table inet pdc { chain fw { type filter hook forward priority 0; policy accept; tcp dport 8080 drop; }; }');
      const timeout = await compare(lab, pd, net.cli, net.srvAddress, 8080);
      expect(timeout.script.doc).toMatchObject({ outcome: 'timeout', error: 'ETIMEDOUT', cause: 'unknown' });
      expect(timeout.script.doc.elapsedMs).toBeGreaterThanOrEqual(2900);
      await lab.must(net.rtr, ['nft', 'delete', 'table', 'inet', 'pdc']);

      await lab.nft(
        net.srv,
        'table inet pdc { chain input { type filter hook input priority 0; policy accept; tcp dport 8080 reject with icmpx admin-prohibited; }; }',
      );
      const prohibited = await compare(lab, pd, net.cli, net.srvAddress, 8080);
      expect(prohibited.script.doc).toMatchObject({ outcome: 'unreachable', error: 'EHOSTUNREACH', cause: 'unknown' });
      expect(await sameVerdict(pd, net, prohibited.script.text, prohibited.cliText)).toBe('host-firewall-reject');
      await lab.must(net.srv, ['nft', 'delete', 'table', 'inet', 'pdc']);

      await lab.must(net.cli, ['ip', 'route', 'del', 'default']);
      const noRoute = await compare(lab, pd, net.cli, net.srvAddress, 8080);
      // No route here is something the client proves on its own.
      expect(noRoute.script.doc).toMatchObject({ outcome: 'unreachable', error: 'ENETUNREACH', cause: 'no-route' });
      expect(noRoute.script.doc.route?.error).toMatch(/unreachable/i);
      expect(await sameVerdict(pd, net, noRoute.script.text, noRoute.cliText)).toBe('no-route');
    });
  });

  it('dns-failure for a name that does not resolve (no resolver reachable), as `portdoctor probe` says', async () => {
    await withLab({ prefix: 'pdc-', name: 'dns1l' }, async (lab) => {
      const lone = await lab.namespace('lone');
      const pd = await pdRunner(lab, cliPath());
      try {
        const script = await oneLiner(lab, lone, 'portdoctor-lab.invalid', 8080);
        const cli = json<ProbeReport>(await pd.run(lone, ['probe', 'portdoctor-lab.invalid:8080', '--timeout', '3000', '--json']));
        expect(script.code).toBe(1);
        expect(script.doc).toMatchObject({ outcome: 'dns-failure', cause: 'dns-failure', addresses: [], attempts: [] });
        expect(script.doc.outcome).toBe(cli.outcome);
        expect(script.doc.addresses).toEqual(cli.addresses);
      } finally {
        await pd.dispose();
      }
    });
  });
});
