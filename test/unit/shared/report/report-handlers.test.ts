import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../../electron/app/services';
import { checkPortHandler } from '../../../../electron/handlers/check-port';
import { listFixesHandler } from '../../../../electron/handlers/firewall-list-fixes';
import { reportsHandlers } from '../../../../electron/handlers/reports';
import { BundleSchema } from '../../../../shared/bundle/schema';

const text = readFileSync('test/fixtures/windows-bundles/firewall-default-block.portdoctor.json', 'utf8');
const signal = new AbortController().signal;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pd-report-handlers-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('reports:open', () => {
  const open = (t: string) => reportsHandlers['reports:open']({ text: t }, { services: createServices({ dataDir }), signal });

  it('replays the check from the recorded outputs: the same answer as check-port over a replay of the bundle', async () => {
    const bundle = BundleSchema.parse(JSON.parse(text));
    const want = await checkPortHandler({ port: 8080, protocol: 'tcp' }, { services: createServices({ replay: bundle, dataDir }), signal });
    const got = await open(text);
    if (got.kind !== 'ok' || want.kind !== 'ok') throw new Error('expected ok');
    expect(got.data.check?.verdict.cause).toBe('host-firewall-drop');
    expect(got.data.check).toEqual(want.data);
    expect(got.data.check?.replayed).toEqual({ hostname: bundle.platform.hostname, recordedAt: bundle.recordedAt });
  });

  it('gives no check for a bundle without a target, and refuses what is not ours', async () => {
    const noTarget = JSON.parse(text);
    delete noTarget.target;
    const got = await open(JSON.stringify(noTarget));
    expect(got.kind === 'ok' && got.data.check).toBeNull();
    expect(await open('{"name":"x"}')).toMatchObject({ kind: 'unavailable', reason: 'unparseable' });
    expect(await open('<script>1</script>')).toMatchObject({ kind: 'unavailable', reason: 'unparseable', detail: 'report is not JSON' });
  });
});

describe('firewall:list-fixes', () => {
  const record = (id: string, appliedAt: string, extra = {}) => ({
    schema: 'portdoctor.undo/1',
    id,
    planId: 'plan-1',
    backend: 'nftables',
    summary: `fix ${id}`,
    appliedAt,
    undo: [['nft', 'delete', 'rule', 'inet', 'filter', 'input', 'handle', '7']],
    persist: [],
    ...extra,
  });

  it('lists only valid undo records, newest first, with undone ones marked; junk and hostile files are skipped', async () => {
    const dir = join(dataDir, 'fixes');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'fix-aaaaaaaaaaaa.json'), JSON.stringify(record('fix-aaaaaaaaaaaa', '2026-11-21T06:00:00.000Z')));
    await writeFile(
      join(dir, 'fix-bbbbbbbbbbbb.json'),
      JSON.stringify(record('fix-bbbbbbbbbbbb', '2026-11-21T07:00:00.000Z', { undoneAt: '2026-11-21T07:05:00.000Z' })),
    );
    await writeFile(join(dir, 'fix-cccccccccccc.json'), '{not json');
    await writeFile(join(dir, 'fix-dddddddddddd.json'), JSON.stringify(record('fix-other-id', '2026-11-21T08:00:00.000Z')));
    await writeFile(join(dir, 'notes.txt'), 'x');
    const got = await listFixesHandler({}, { services: createServices({ dataDir }), signal });
    expect(got).toEqual({
      kind: 'ok',
      data: {
        fixes: [
          {
            id: 'fix-bbbbbbbbbbbb',
            planId: 'plan-1',
            backend: 'nftables',
            summary: 'fix fix-bbbbbbbbbbbb',
            appliedAt: '2026-11-21T07:00:00.000Z',
            undoneAt: '2026-11-21T07:05:00.000Z',
          },
          // A record from before identities were kept (a bare nft handle) cannot be checked: never "present", never "absent".
          {
            id: 'fix-aaaaaaaaaaaa',
            planId: 'plan-1',
            backend: 'nftables',
            summary: 'fix fix-aaaaaaaaaaaa',
            appliedAt: '2026-11-21T06:00:00.000Z',
            presence: 'unknown',
            presenceDetail: 'this change carries no identity PortDoctor can check',
            presenceDetailKey: 'engine.fixCheck.presence.noIdentity',
          },
        ],
      },
    });
  });

  it('is empty without a data folder, and unavailable while replaying (this machine’s changes are not the report’s)', async () => {
    expect(await listFixesHandler({}, { services: createServices({ dataDir: join(dataDir, 'missing') }), signal })).toEqual({
      kind: 'ok',
      data: { fixes: [] },
    });
    const replay = createServices({ replay: BundleSchema.parse(JSON.parse(text)), dataDir });
    expect(await listFixesHandler({}, { services: replay, signal })).toMatchObject({ kind: 'unavailable', reason: 'not-recorded' });
  });
});
