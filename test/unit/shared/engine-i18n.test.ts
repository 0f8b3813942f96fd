import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/app/services';
import { checkPortHandler } from '../../../electron/handlers/check-port';
import { parseBundleText } from '../../../shared/bundle/schema';
import { socketEvidence } from '../../../shared/diagnose/evidence';
import type { CheckFacts } from '../../../shared/diagnose/facts';
import { say } from '../../../shared/i18n/say';
import { en } from '../../../shared/i18n/en';
import { engineEn } from '../../../shared/i18n/engine-en';
import { engineKeys, engineT, engineTemplate, engineText, interpolate, placeholders, reportText } from '../../../shared/i18n/engine-text';
import type { EngineParams } from '../../../shared/i18n/engine-text';
import { zhCN } from '../../../shared/i18n/zh-cn';
import type { CheckReport } from '../../../shared/schemas/report';

const signal = new AbortController().signal;
const CJK = /[\u4e00-\u9fff]/;

/** One engine text of a report: where it sits, its English, and the key it was made from (if any). */
interface Line {
  where: string;
  kind: string;
  text: string;
  key?: string;
  params?: EngineParams;
}

function lines(r: CheckReport): Line[] {
  const out: Line[] = [
    { where: 'verdict', kind: 'verdict', text: r.verdict.summary, key: r.verdict.summaryKey, params: r.verdict.summaryParams },
  ];
  for (const f of r.verdict.fixes) {
    out.push({ where: `fix ${f.id}`, kind: 'fix', text: f.title, key: f.titleKey, params: f.titleParams });
    if (f.detail) out.push({ where: `fix ${f.id} detail`, kind: 'fix-detail', text: f.detail, key: f.detailKey, params: f.detailParams });
  }
  for (const s of r.steps) {
    if (s.summary) out.push({ where: `step ${s.id}`, kind: 'step', text: s.summary, key: s.summaryKey, params: s.summaryParams });
    for (const e of s.evidence) out.push({ where: `step ${s.id} evidence`, kind: e.kind, text: e.text, key: e.key, params: e.params });
  }
  for (const f of r.findings)
    for (const e of f.evidence) out.push({ where: `finding ${f.cause}`, kind: e.kind, text: e.text, key: e.key, params: e.params });
  return out;
}

// Real bundles recorded by `collect` (Linux lab namespaces, real Windows outputs), each replayed as `check` would.
const DIRS = ['test/fixtures/windows-bundles', 'test/unit/electron/probes/linux/fixtures'];
const CASES = DIRS.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.portdoctor.json'))
    .map((f) => `${d}/${f}`),
);
const VARIANTS: { source?: string; expect?: string }[] = [{}, { source: '203.0.113.9' }, { expect: 'svc-web' }];

async function replayAll(): Promise<{ name: string; report: CheckReport }[]> {
  const out: { name: string; report: CheckReport }[] = [];
  for (const path of CASES) {
    const parsed = parseBundleText(readFileSync(path, 'utf8'));
    if (!('bundle' in parsed)) throw new Error(`${path} does not parse`);
    const bundle = parsed.bundle;
    for (const extra of VARIANTS) {
      const services = createServices({ replay: bundle, dataDir: '/nonexistent' });
      const r = await checkPortHandler({ port: bundle.target?.port ?? 8080, protocol: 'tcp', ...extra }, { services, signal });
      if (r.kind !== 'ok') throw new Error(`${path}: ${r.reason}`);
      out.push({ name: `${path.split('/').pop()} ${JSON.stringify(extra)}`, report: r.data });
    }
  }
  return out;
}

// Engine texts left without a key: none. The firewall evaluators' notes were the last (a regex table gave most of them
// a key back from their English); they are written as a key and params now (shared/i18n/note.ts).
const LEFT_IN_ENGLISH = new Set<string>();

describe('engine texts: en and zh-CN tables', () => {
  it('are the same table in en.ts (engine.*) as the engines use', () => {
    expect(en.engine).toBe(engineEn);
    expect(engineKeys().length).toBeGreaterThan(100);
  });

  it('have every engine.* key in Chinese, with exactly the English placeholders', () => {
    for (const key of engineKeys()) {
      const english = engineTemplate('en', key) ?? '';
      const chinese = engineTemplate('zh-CN', key);
      expect(chinese, key).toBeDefined();
      expect(placeholders(chinese ?? ''), key).toEqual(placeholders(english));
      // The list separator is punctuation only (、).
      if (key !== 'engine.value.listSeparator') expect(chinese, key).toMatch(CJK);
    }
    expect(zhCN.engine.verdict.ok).toBe('本机上没有任何东西阻止该连接。');
  });

  it('interpolate fills every placeholder and leaves params untouched (no escaping, no translation)', () => {
    expect(interpolate('a {{x}} b {{y}}', { x: '<tcp dport 80 drop>', y: 3 })).toBe('a <tcp dport 80 drop> b 3');
    expect(interpolate('a {{x}}', {})).toBe('a {{x}}');
    // @ts-expect-error: a key that is not in engine-en.ts does not typecheck; at run time it throws.
    expect(() => say('no.such.key')).toThrow(/unknown engine text/);
  });

  it('engineText translates a known key through t, else shows the English fallback', () => {
    const t = (key: string, o: Record<string, unknown>) => interpolate(engineTemplate('zh-CN', key) ?? key, o as EngineParams);
    const s = say('service.notListening', { protocol: 'TCP', port: 8080 });
    expect(s.text).toBe('nothing listens on TCP port 8080');
    expect(engineText(t, s.key, s.params, s.text)).toBe('没有进程监听 TCP 端口 8080');
    expect(engineText(t, 'engine.nope', undefined, 'English')).toBe('English');
    expect(engineText(t, undefined, undefined, 'English')).toBe('English');
    expect(engineT('zh-CN', 'engine.nope', undefined, 'English')).toBe('English');
  });

  it('says a hidden socket owner as part of the sentence, not as an English param', () => {
    const facts = { platform: 'linux', target: { port: 8080, protocol: 'tcp' } } as unknown as CheckFacts;
    const e = socketEvidence(
      {
        protocol: 'tcp',
        family: 4,
        state: 'LISTEN',
        localAddress: '0.0.0.0',
        localPort: 8080,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        recvQ: 0,
        sendQ: 128,
      },
      facts,
    );
    expect(e.text).toBe(
      'LISTEN 0.0.0.0:8080 (accept queue 0/128) — owner not visible (another user’s process without root, or another PID namespace)',
    );
    expect(e.params?.owner).toBeUndefined();
    expect(reportText('zh-CN', e.key, e.params, e.text)).toBe(
      'LISTEN 0.0.0.0:8080（接受队列 0/128）— 看不到所属进程（没有 root 权限时的其他用户进程，或在另一个 PID 命名空间中）',
    );
  });

  it('ignores a key that does not fit its English text (an edited or crafted report shows its own text)', () => {
    const s = say('verdict.host-firewall-drop');
    expect(reportText('zh-CN', s.key, s.params, s.text)).toBe('主机防火墙悄悄丢弃了该连接。');
    expect(reportText('zh-CN', s.key, s.params, 'Something else entirely')).toBe('Something else entirely');
    const t = (key: string) => `«${key}»`;
    expect(engineText(t, s.key, undefined, 'Something else entirely')).toBe('Something else entirely');
    expect(engineText(t, s.key, undefined, s.text)).toBe('«engine.verdict.host-firewall-drop»');
  });
});

describe('engine texts of real check reports in zh-CN', () => {
  it('make the English text from the en template, and render every keyed text in Chinese', async () => {
    const reports = await replayAll();
    expect(reports.length).toBe(CASES.length * VARIANTS.length);
    let keyed = 0;
    const left: Line[] = [];
    for (const { name, report } of reports) {
      for (const l of lines(report)) {
        if (!l.key) {
          left.push(l);
          continue;
        }
        keyed++;
        expect(engineT('en', l.key, l.params, ''), `${name} ${l.where}`).toBe(l.text);
        const zh = engineT('zh-CN', l.key, l.params, '');
        expect(zh, `${name} ${l.where}: ${l.text}`).toMatch(CJK);
        expect(zh, `${name} ${l.where}`).not.toContain('{{');
      }
    }
    expect(keyed).toBeGreaterThan(300);
    // Only the kinds listed above still lack a key.
    expect([...new Set(left.map((l) => l.kind))].sort()).toEqual([...LEFT_IN_ENGLISH].sort());
    // Before engine keys every one of these texts was English; 99 notes were left until a regex table recognised most,
    // 12 until the notes became keys and params.
    expect(
      left.map((l) => l.text),
      'every text of a replayed report has a key',
    ).toEqual([]);
    console.log(
      `engine texts in ${reports.length} replayed reports: ${keyed} keyed, ${left.length} left in English (${[...new Set(left.map((l) => l.kind))].join(', ')})`,
    );
  });

  it('says the verdict of a real Linux firewall bundle in Chinese', async () => {
    const reports = await replayAll();
    const nft = reports.find((r) => r.name.startsWith('nft-reject') && r.name.endsWith('{}'))?.report;
    expect(nft?.verdict.cause).toBe('host-firewall-reject');
    expect(engineT('zh-CN', nft?.verdict.summaryKey, nft?.verdict.summaryParams, '')).toBe('主机防火墙拒绝了该连接。');
    const rule = nft?.steps.find((s) => s.id === 'firewall')?.evidence.find((e) => e.kind === 'rule');
    expect(engineT('zh-CN', rule?.key, rule?.params, '')).toMatch(
      /^nftables 规则 `tcp dport 8080 reject with tcp reset`（table inet pdlab, chain input, handle 2）以 tcp reset 拒绝该数据包。$/,
    );
  });
});
