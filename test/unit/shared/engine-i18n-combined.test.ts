import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/app/services';
import { checkPortHandler } from '../../../electron/handlers/check-port';
import { parseBundleText } from '../../../shared/bundle/schema';
import { joinReport } from '../../../shared/diagnose/combined-steps';
import { DECISION_TABLE, decideCombined } from '../../../shared/diagnose/decide-combined';
import { engineT } from '../../../shared/i18n/engine-text';
import type { CheckReport, ProbeReport, WatchReport } from '../../../shared/schemas/report';

const CJK = /[\u4e00-\u9fff]/;

async function check(name: string): Promise<CheckReport> {
  const parsed = parseBundleText(readFileSync(`test/unit/electron/probes/linux/fixtures/${name}.portdoctor.json`, 'utf8'));
  if (!('bundle' in parsed)) throw new Error('bundle does not parse');
  const r = await checkPortHandler(
    { port: 8080, protocol: 'tcp' },
    { services: createServices({ replay: parsed.bundle, dataDir: '/nonexistent' }), signal: new AbortController().signal },
  );
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

const probe = (outcome: ProbeReport['outcome'], extra: Partial<ProbeReport> = {}): ProbeReport => ({
  schema: 'portdoctor.probe/1',
  target: { host: 'srv.example', port: 8080 },
  outcome,
  cause: 'ok',
  elapsedMs: 3001,
  addresses: ['10.231.1.1'],
  ...extra,
});
const watch = (result: 'unanswered' | 'reset' | 'answered' | 'rejected' | null): WatchReport => ({
  schema: 'portdoctor.watch/1',
  port: 8080,
  seconds: 5,
  peers: result
    ? [
        {
          address: '10.231.1.2',
          syn: 3,
          synAck: result === 'answered' ? 1 : 0,
          rst: result === 'reset' ? 1 : 0,
          icmp: result === 'rejected' ? 1 : 0,
          result,
          retransmissions: 2,
        },
      ]
    : [],
  capture: { tool: 'tcpdump', command: 'tcpdump -n -i any tcp port 8080', packets: 3, stoppedBy: 'time' },
});

describe('the combined verdict (steps 1–5) in zh-CN', () => {
  it('has a Chinese sentence for every decision row', () => {
    for (const row of DECISION_TABLE) {
      expect(engineT('en', `engine.decision.${row.id}`, undefined, '')).toBe(row.when);
      expect(engineT('zh-CN', `engine.decided.${row.id}`, { cause: 'host-firewall-drop' }, ''), row.id).toMatch(
        /[\u4e00-\u9fff].* → 主机防火墙静默丢弃了连接$/,
      );
    }
  });

  it('keys every summary and evidence line of real checks joined with client reports and captures', async () => {
    const checks = await Promise.all(['nft-reject', 'policy-drop-allowlist', 'loopback-v6'].map(check));
    const probes = [
      null,
      probe('timeout', { localAddress: '10.231.1.2', remoteAddress: '10.231.1.1' }),
      probe('refused', { error: 'ECONNREFUSED' }),
      probe('ok', { localAddress: '10.231.1.2', remoteAddress: '10.231.1.1' }),
    ];
    const watches = [null, watch(null), watch('unanswered'), watch('answered'), watch('reset')];
    let keyed = 0;
    const left: string[] = [];
    for (const c of checks) {
      for (const p of probes) {
        for (const w of watches) {
          const decision = decideCombined({ check: c, probe: p, watch: w });
          const r = joinReport(c, p, w ? { kind: 'ok', data: w } : null, decision, []);
          const texts = [
            { text: r.verdict.summary, key: r.verdict.summaryKey, params: r.verdict.summaryParams },
            ...r.steps.flatMap((s) => [{ text: s.summary ?? '', key: s.summaryKey, params: s.summaryParams }, ...s.evidence]),
            ...r.findings.flatMap((f) => f.evidence),
          ].filter((t) => t.text);
          for (const t of texts) {
            if (!t.key) {
              left.push(t.text);
              continue;
            }
            keyed++;
            expect(engineT('en', t.key, t.params, '')).toBe(t.text);
            expect(engineT('zh-CN', t.key, t.params, ''), t.text).toMatch(CJK);
          }
        }
      }
    }
    expect(keyed).toBeGreaterThan(1000);
    // Left in English: only the firewall notes that quote a tool's output (see engine-i18n.test.ts), none here.
    expect(left).toEqual([]);
  });
});
