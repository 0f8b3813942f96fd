import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../../electron/cli/program';
import {
  attributeDrops,
  filterOwner,
  parseSecurityProducts,
  parseWfpDrops,
  parseWfpFilters,
} from '../../../../../shared/firewall/windows/parse-wfp';
import { wfpAuditCommands } from '../../../../../shared/firewall/windows/judge-third-party';
import type { CheckReport } from '../../../../../shared/schemas/report';
import { psJson } from '../../../../fixtures/windows-bundles/machine';
import { FILTERS, OUTBOUND, PRODUCTS_CLIENT, blocked } from '../../../../fixtures/windows-bundles/wfp';
import { noteText } from '../../../../../shared/i18n/note';

// Issue 16 item 12: security software that drops what Windows Firewall lets in (rows crafted from the documented
// formats, test/fixtures/windows-bundles/wfp.ts).
const ok = <T>(r: { kind: string; data?: T; detail?: string }): T => {
  if (r.kind !== 'ok' || r.data === undefined) throw new Error(r.detail);
  return r.data;
};

describe('parsers', () => {
  it('Security Center products, firewall and antivirus', () => {
    expect(ok(parseSecurityProducts(psJson(PRODUCTS_CLIENT)))).toEqual([
      { kind: 'firewall', name: 'Contoso Endpoint Firewall', path: 'C:\\Program Files\\Contoso\\Endpoint\\cefw.exe', state: 266256 },
      { kind: 'antivirus', name: 'Windows Defender', path: 'windowsdefender://', state: 393472 },
    ]);
  });

  it('drop events: inbound by %%14592, local port from the Source fields; rows in another shape are counted, not read', () => {
    const { drops, unread } = ok(
      parseWfpDrops(psJson([blocked(8080, 70412, 't1'), OUTBOUND, { Id: 5157, Data: ['only', 'three', 'values'] }])),
    );
    expect(unread).toBe(1);
    expect(drops[0]).toMatchObject({
      id: 5157,
      inbound: true,
      localPort: 8080,
      remoteAddress: '192.168.1.50',
      protocol: 6,
      filterId: '70412',
    });
    expect(drops[1]).toMatchObject({ id: 5152, inbound: false, localPort: 55001, remotePort: 443 });
  });

  it('filters and their owners: FWPM_PROVIDER_* and the MPSSVC GUID are Windows; a vendor key is third-party; no key is unknown', () => {
    const filters = ok(parseWfpFilters(psJson(FILTERS)));
    expect(filters.map(filterOwner)).toEqual(['third-party', 'windows', 'windows']);
    expect(filterOwner({ filterId: '1', name: '', providerKey: '', layer: '', action: 'FWP_ACTION_BLOCK' })).toBe('unknown');
  });

  it('attribution: only inbound drops of the port and protocol count, the filter that dropped most decides', () => {
    const { drops } = ok(
      parseWfpDrops(
        psJson([OUTBOUND, blocked(8080, 68911, 'a'), blocked(8080, 70412, 'b'), blocked(8080, 70412, 'c'), blocked(9090, 70412, 'd')]),
      ),
    );
    const filters = ok(parseWfpFilters(psJson(FILTERS)));
    expect(attributeDrops(drops, filters, 8080, 'tcp')).toMatchObject({
      count: 2,
      last: 'c',
      filterId: '70412',
      owner: 'third-party',
      filter: { provider: 'Contoso Endpoint Firewall Provider' },
    });
    expect(attributeDrops(drops, filters, 8080, 'udp')).toBeNull();
    expect(attributeDrops(drops, filters, 443, 'tcp')).toBeNull();
    expect(attributeDrops(drops, null, 8080, 'tcp')).toMatchObject({ owner: 'unknown' });
  });

  it('the audit commands use the subcategory GUIDs (names are translated), and the undo disables only failure auditing', () => {
    const c = wfpAuditCommands();
    expect(c.enable).toEqual([
      'auditpol /set /subcategory:{0CCE9225-69AE-11D9-BED3-505054503030} /failure:enable',
      'auditpol /set /subcategory:{0CCE9226-69AE-11D9-BED3-505054503030} /failure:enable',
    ]);
    expect(c.disable.every((d) => d.endsWith('/failure:disable'))).toBe(true);
  });
});

describe('not elevated', () => {
  it('the drop events are not read and the evidence says why (an empty answer would mean nothing)', async () => {
    const { readWindowsCheckFacts } = await import('../../../../../electron/probes/windows/check-facts');
    const { createReplayRunner } = await import('../../../../../electron/system/recording');
    const { parseBundleText } = await import('../../../../../shared/bundle/schema');
    const { readFileSync } = await import('node:fs');
    const parsed = parseBundleText(
      readFileSync(join(import.meta.dirname, '../../../../fixtures/windows-bundles/wfp-third-party-drop.portdoctor.json'), 'utf8'),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    // whoami /groups at Medium integrity: not elevated.
    const groups = parsed.bundle.sources['windows.whoami.groups'];
    if (groups?.stdout) groups.stdout = { encoding: 'utf8', data: groups.stdout.data.replace('S-1-16-12288', 'S-1-16-8192') };
    expect(groups?.stdout?.data).toContain('S-1-16-8192');
    const { judgeCheckFacts } = await import('../../../../../shared/diagnose/judge-facts');
    const facts = judgeCheckFacts(await readWindowsCheckFacts(createReplayRunner(parsed.bundle), { port: 8080, protocol: 'tcp' }));
    const v = facts.firewall.kind === 'ok' ? facts.firewall.data.verdict : null;
    expect(v?.decision).toBe('accept');
    expect(v?.notes.map(noteText)).toContain(
      'Filtering Platform drop events (5152/5157) were not read: the Security log needs an elevated (administrator) check.',
    );
  });
});

describe('check --replay <wfp bundle>: Windows Firewall allows 8080, the Filtering Platform says who drops it', () => {
  const check = async (name: string): Promise<CheckReport> => {
    const out: string[] = [];
    await runCli(
      ['check', '8080', '--replay', join(import.meta.dirname, `../../../../fixtures/windows-bundles/${name}.portdoctor.json`), '--json'],
      { out: (t) => out.push(t), err: () => undefined },
    );
    return JSON.parse(out.join('')) as CheckReport;
  };
  const fw = (r: CheckReport) => r.steps.find((s) => s.id === 'firewall');

  it('a third-party filter drops it: host-firewall-drop, the filter and its provider decide, the products are listed', async () => {
    const r = await check('wfp-third-party-drop');
    expect(r.verdict.cause).toBe('host-firewall-drop');
    const rule = fw(r)?.evidence.find((e) => e.kind === 'rule');
    expect(rule).toMatchObject({ source: 'windows.ps.wfp-filters', command: 'netsh wfp show filters' });
    expect(rule?.text).toContain(
      'WFP filter 70412 "Contoso inbound protection" of Contoso Endpoint Firewall Provider (FWP_ACTION_BLOCK, not a Windows Firewall rule)',
    );
    const notes =
      fw(r)
        ?.evidence.filter((e) => e.kind === 'note')
        .map((e) => e.text) ?? [];
    expect(notes).toContain(
      'Security products registered with Windows Security Center: Contoso Endpoint Firewall (firewall), Windows Defender (antivirus).',
    );
    expect(notes.some((n) => /^Windows Firewall's rules let this in, but 3 inbound TCP 8080 drop\(s\)/.test(n))).toBe(true);
    // Keyed for translation (zh-CN), the English unchanged.
    const keys = fw(r)?.evidence.map((e) => e.key) ?? [];
    expect(keys).toEqual(expect.arrayContaining(['engine.note.wfpProducts', 'engine.note.wfpThirdParty']));
  });

  it('a Windows Firewall filter drops it although the rules let it in: unknown with the reason, not ok', async () => {
    const r = await check('wfp-windows-filter-drop');
    expect(r.verdict.cause).toBe('unknown');
    expect(fw(r)?.summary).toMatch(/3 inbound TCP 8080 drop\(s\) .* by Windows filter 68911 "Query User"/);
  });

  it('no drop logged (audit off) on a server: ok, the audit commands to preview and undo, the known agent named', async () => {
    const r = await check('wfp-audit-off');
    expect(r.verdict.cause).toBe('ok');
    const notes =
      fw(r)
        ?.evidence.filter((e) => e.kind === 'note')
        .map((e) => e.text)
        .join('\n') ?? '';
    expect(notes).toMatch(
      /Windows Security Center could not be read .*known third-party firewall\/endpoint services running: CrowdStrike Falcon/,
    );
    expect(notes).toContain('auditpol /set /subcategory:{0CCE9225-69AE-11D9-BED3-505054503030} /failure:enable');
    expect(notes).toContain('/failure:disable');
    expect(fw(r)?.evidence.map((e) => e.key)).toEqual(
      expect.arrayContaining(['engine.note.wfpNoSecurityCenter', 'engine.note.wfpAuditOff', 'engine.note.wfpAuditCommand']),
    );
    expect(fw(r)?.evidence.find((e) => e.key === 'engine.note.wfpAuditCommand')?.params).toEqual({ command: 'portdoctor audit-wfp 8080' });
  });
});
