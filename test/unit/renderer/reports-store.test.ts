import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDiagnoseStore } from '../../../renderer/state/diagnose-store';
import { reportFileName } from '../../../renderer/features/reports/reports-selectors';
import { useReportsStore } from '../../../renderer/features/reports/reports-store';
import type { Bundle } from '../../../shared/bundle/schema';
import bundleText from '../../fixtures/windows-bundles/firewall-default-block.portdoctor.json?raw';
import { installFakeApi } from './fake-api';

const api = installFakeApi();
const bundle = JSON.parse(bundleText) as Bundle;
let saved: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  for (const domain of Object.values(api)) for (const fn of Object.values(domain)) fn.mockReset();
  saved = [];
  let pending: Blob | null = null;
  // jsdom has neither createObjectURL nor downloads: keep the Blob and the name the link asks to save it under.
  URL.createObjectURL = vi.fn((blob: Blob) => ((pending = blob), 'blob:test'));
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (pending) saved.push({ name: this.download, blob: pending });
  });
  useReportsStore.setState({ redact: false, saved: { state: 'idle' }, opened: { state: 'idle' }, fileName: null, tooLarge: false });
  useDiagnoseStore.setState({ replay: null, check: { state: 'idle' }, live: {} });
});
afterEach(() => vi.restoreAllMocks());

describe('saving a report', () => {
  it('names the file HOST-PORT-DATE.portdoctor.json and saves exactly what reports.collect answered', async () => {
    api.reports.collect.mockResolvedValue({ kind: 'ok', data: bundle });
    await useReportsStore.getState().save(8080);
    expect(api.reports.collect).toHaveBeenCalledWith({ port: 8080 });
    expect(saved).toHaveLength(1);
    expect(saved[0]?.name).toBe(reportFileName(bundle.platform.hostname, 8080, bundle.recordedAt, 'portdoctor.json'));
    expect(JSON.parse(await saved[0]!.blob.text())).toEqual(bundle);
    expect(useReportsStore.getState().saved).toMatchObject({
      state: 'done',
      value: { kind: 'ok', data: { sources: Object.keys(bundle.sources).length } },
    });
  });

  it('with redaction on, the saved bundle holds no host name and the file is named after the token', async () => {
    api.reports.collect.mockResolvedValue({ kind: 'ok', data: bundle });
    useReportsStore.getState().setRedact(true);
    await useReportsStore.getState().save(null);
    expect(api.reports.collect).toHaveBeenCalledWith({});
    const text = await saved[0]!.blob.text();
    expect(text).not.toContain(bundle.platform.hostname);
    expect(saved[0]?.name).toMatch(/^host-1-8080-\d{4}-\d{2}-\d{2}\.portdoctor\.json$/);
  });

  it('an unavailable answer is kept and nothing is downloaded', async () => {
    api.reports.collect.mockResolvedValue({ kind: 'unavailable', reason: 'needs-admin', detail: 'nft: Operation not permitted' });
    await useReportsStore.getState().save(8080);
    expect(saved).toHaveLength(0);
    expect(useReportsStore.getState().saved).toMatchObject({ state: 'done', value: { kind: 'unavailable', reason: 'needs-admin' } });
  });
});

describe('file names', () => {
  it('keeps only safe characters and says when the time is not a date', () => {
    expect(reportFileName('srv01.corp', 443, '2026-11-21T06:00:00Z', 'portdoctor.json')).toBe('srv01.corp-443-2026-11-21.portdoctor.json');
    expect(reportFileName('../../<evil>', null, 'yesterday', 'summary.md')).toBe('evil-undated.summary.md');
  });
});

describe('opening a report', () => {
  it('puts the replayed check into the wizard with the host and time it was recorded', async () => {
    const check = {
      schema: 'portdoctor.check/1',
      target: { port: 8080, protocol: 'tcp' },
      verdict: { cause: 'host-firewall-drop', summary: 's', fixes: [] },
      steps: [],
      findings: [],
    };
    api.reports.open.mockResolvedValue({ kind: 'ok', data: { bundle, check } });
    await useReportsStore.getState().open({ name: 'r.portdoctor.json', size: bundleText.length, text: async () => bundleText });
    expect(useDiagnoseStore.getState().replay).toEqual({ host: bundle.platform.hostname, recordedAt: bundle.recordedAt, report: check });
    expect(useDiagnoseStore.getState().check).toEqual({ state: 'done', value: { kind: 'ok', data: check } });
    useDiagnoseStore.getState().leaveReplay();
    expect(useDiagnoseStore.getState().replay).toBeNull();
  });

  it('a bundle without a check does not touch the wizard', async () => {
    api.reports.open.mockResolvedValue({ kind: 'ok', data: { bundle, check: null } });
    await useReportsStore.getState().open({ name: 'r.json', size: 2, text: async () => '{}' });
    expect(useDiagnoseStore.getState().replay).toBeNull();
  });
});
