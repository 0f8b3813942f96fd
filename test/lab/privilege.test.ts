import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { labAvailable, withLab } from './harness';
import type { CheckReport } from '../../shared/schemas/report';
import { requireBuiltCli, serverAndClient } from './support/check';
import { keepHostFirewallUnchanged } from './support/host-guard';

const CLI = fileURLToPath(new URL('../../bin/portdoctor.js', import.meta.url));

// Without privilege the rules cannot be read: the check must say so (unknown, with the command that
// would tell) and must not claim ok, even though nothing it could see is wrong.
describe.skipIf(!labAvailable())('lab: check without privilege', () => {
  keepHostFirewallUnchanged(requireBuiltCli);

  it('as nobody: firewall unknown (needs-admin), owners hidden, verdict not ok', async () => {
    await withLab({ prefix: 'pdl-' }, async (lab) => {
      const { srv } = await serverAndClient(lab);
      await lab.listen(srv, { host: '0.0.0.0', port: 8080 });
      await lab.nft(
        srv,
        'table inet pdlab {\n chain input {\n type filter hook input priority 0; policy accept;\n tcp dport 8080 drop\n }\n}\n',
      );
      const r = await lab.exec(
        srv,
        [
          'setpriv',
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          process.execPath,
          CLI,
          'check',
          '8080',
          '--json',
          '--source',
          '10.231.1.2',
        ],
        { timeoutMs: 60_000 },
      );
      const report = JSON.parse(r.stdout) as CheckReport;
      expect(r.code).toBe(1);
      const fw = report.steps.find((s) => s.id === 'firewall');
      expect(fw).toMatchObject({ status: 'unknown', reason: 'needs-admin' });
      expect(fw?.evidence[0]?.command).toMatch(/nft/);
      expect(report.verdict).toMatchObject({ cause: 'unknown', partial: true });
      expect(report.verdict.summary).toMatch(/^Not verified/);
      const sock = report.steps[0]?.evidence.find((e) => e.kind === 'socket');
      expect(sock?.text).toMatch(/owner not visible/);
    });
  });
});
