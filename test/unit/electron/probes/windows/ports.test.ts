import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWindowsPortsList } from '../../../../../electron/probes/windows/ports';
import { createReplayRunner } from '../../../../../electron/system/recording';
import { parseBundleText } from '../../../../../shared/bundle/schema';

const replay = (name: string) => {
  const parsed = parseBundleText(
    readFileSync(join(import.meta.dirname, `../../../../fixtures/windows-bundles/${name}.portdoctor.json`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return createReplayRunner(parsed.bundle);
};

describe('readWindowsPortsList', () => {
  it('lists every TCP state and UDP endpoint with owners: svchost services, System for PID 4', async () => {
    const r = await readWindowsPortsList(replay('port-in-use-service'), { owners: true });
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    const rows = r.data.sockets.map(
      (s) =>
        `${s.protocol} ${s.state} ${s.localAddress}:${s.localPort} ${s.owner?.name ?? '-'}${s.owner?.service ? ` [${s.owner.service}]` : ''}`,
    );
    expect(rows).toContain('tcp LISTEN 0.0.0.0:3306 mysqld.exe [MySQL80]');
    expect(rows).toContain('tcp LISTEN 0.0.0.0:135 svchost.exe [RpcSs,RpcEptMapper]');
    expect(rows).toContain('tcp ESTAB 192.168.1.10:445 System');
    expect(rows).toContain('tcp TIME-WAIT 192.168.1.10:50122 System Idle Process');
    expect(r.data.ownersHidden).toBe(0);
  });
  it('leaves owners out when not asked', async () => {
    const r = await readWindowsPortsList(replay('ok'), { owners: false });
    expect(r.kind === 'ok' && r.data.sockets.every((s) => s.owner === undefined)).toBe(true);
  });
});
