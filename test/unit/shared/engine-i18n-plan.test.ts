import { describe, expect, it } from 'vitest';
import { planCloudGuidance } from '../../../shared/cloud/cloud-guidance';
import { GUIDED_CAUSES, planGuidance } from '../../../shared/firewall/plan/guided';
import { planFix } from '../../../shared/firewall/plan/plan-fix';
import type { FixChoices, FixContext } from '../../../shared/firewall/plan/types';
import type { FirewallVerdict } from '../../../shared/firewall/types';
import { keyFits, reportText } from '../../../shared/i18n/engine-text';
import type { FixPlan } from '../../../shared/schemas/firewall';

const CJK = /[\u4e00-\u9fff]/;
const TABLE: Record<string, string> = {
  nftables: 'inet filter',
  'iptables-nft': 'filter',
  'iptables-legacy': 'filter',
  firewalld: 'inet firewalld',
  ufw: 'filter',
};
const CHAIN: Record<string, string> = {
  nftables: 'input',
  'iptables-nft': 'INPUT',
  'iptables-legacy': 'INPUT',
  firewalld: 'filter_IN_public_allow',
  ufw: 'ufw-user-input',
};

function plans(): FixPlan[] {
  const out: FixPlan[] = [];
  for (const backend of ['nftables', 'iptables-nft', 'iptables-legacy', 'firewalld', 'ufw'] as const) {
    for (const withRule of [true, false]) {
      for (const [cause, decision] of [
        ['host-firewall-drop', 'drop'],
        ['ok', 'accept'],
        ['loopback-only', 'accept'],
      ] as const) {
        for (const source of [undefined, '10.0.0.0/24', 'fd00::5']) {
          for (const persist of [true, false]) {
            const verdict: FirewallVerdict = {
              backend,
              decision,
              trace: [],
              notes: [],
              ...(withRule
                ? { rule: { backend, table: TABLE[backend], chain: CHAIN[backend], handle: 7, position: 3, text: 'tcp dport 8080 drop' } }
                : { policy: { table: TABLE[backend], chain: CHAIN[backend], policy: 'drop' } }),
            };
            const ctx: FixContext = {
              id: 'p',
              cause,
              platform: 'linux',
              inCharge: backend,
              verdict,
              firewalldZones: [{ name: 'public', interfaces: ['eth0'], sources: [], default: true }],
              clientInterface: 'eth0',
              iptablesPersistence: 'none',
            };
            const choices: FixChoices = { port: 8080, protocol: 'tcp', persist, ...(source ? { source } : {}) };
            const r = planFix(ctx, choices);
            if (r.kind === 'ok') out.push(r.data);
          }
        }
      }
    }
  }
  return out;
}

describe('fix plans in zh-CN', () => {
  it('key every summary, command description and warning of the Linux planners, and render them in Chinese', () => {
    const all = plans();
    expect(all.length).toBeGreaterThan(100);
    let keyed = 0;
    for (const p of all) {
      const texts = [
        { text: p.summary, key: p.summaryKey, params: p.summaryParams },
        ...p.commands.map((c) => ({ text: c.description, key: c.descriptionKey, params: c.descriptionParams })),
        ...p.warnings.map((w) => ({ text: w, ...p.warningKeys?.find((k) => keyFits(k.key, k.params, w)) })),
      ];
      for (const t of texts) {
        expect(keyFits(t.key, t.params, t.text), t.text).toBe(true);
        expect(reportText('zh-CN', t.key, t.params, t.text), t.text).toMatch(CJK);
        keyed++;
      }
    }
    expect(keyed).toBeGreaterThan(250);
  });

  it('scope "any address" is a word of the sentence, never an English param', () => {
    const p = plans().find((x) => x.target?.scope === 'any' && x.backend === 'nftables' && x.kind === 'firewall');
    expect(p?.summaryParams?.scope).toBeUndefined();
    expect(reportText('zh-CN', p?.summaryKey, p?.summaryParams, p?.summary ?? '')).toContain('来自任何地址的 TCP 8080');
  });

  it('keys the Windows plans: allow rule, disabling a block rule, Group Policy explanations', () => {
    const base = { id: 'p', platform: 'win32' as const, inCharge: 'windows' as const, activeProfiles: [] };
    const allow = planFix(
      {
        ...base,
        cause: 'host-firewall-drop',
        verdict: {
          backend: 'windows',
          decision: 'drop',
          trace: [],
          notes: [],
          policy: { table: 'Public', chain: 'Inbound', policy: 'block' },
        },
      },
      { port: 8080, protocol: 'tcp', source: '10.0.0.0/24' },
    );
    const block = planFix(
      {
        ...base,
        cause: 'host-firewall-drop',
        verdict: {
          backend: 'windows',
          decision: 'drop',
          trace: [],
          notes: [],
          rule: { backend: 'windows', name: 'BlockWeb', table: 'PersistentStore', text: 'Block web' },
        },
      },
      { port: 8080, protocol: 'tcp' },
    );
    if (allow.kind !== 'ok' || block.kind !== 'ok') throw new Error('expected plans');
    expect(reportText('zh-CN', allow.data.summaryKey, allow.data.summaryParams, allow.data.summary)).toBe(
      '在 Windows Defender 防火墙中放行来自 10.0.0.0/24 的 TCP 8080（规则“PortDoctor: allow TCP 8080”）。',
    );
    const unknownProfile = allow.data.warningKeys?.find((k) => keyFits(k.key, k.params, allow.data.warnings[0] ?? ''));
    expect(reportText('zh-CN', unknownProfile?.key, unknownProfile?.params, allow.data.warnings[0] ?? '')).toMatch(
      /^客户端所用接口的网络配置文件未知/,
    );
    expect(reportText('zh-CN', block.data.summaryKey, block.data.summaryParams, block.data.summary)).toBe(
      '禁用拦截 TCP 8080 的阻止规则“Block web”（需要单独确认）。',
    );
    const d = block.data.commands[0];
    expect(reportText('zh-CN', d?.descriptionKey, d?.descriptionParams, d?.description ?? '')).toBe(
      '禁用（而不是删除）阻止规则“Block web”。撤销时会重新启用它。',
    );
  });

  it("keys the guided plans' guidance text (product names as titles stay as they are)", () => {
    const listeners = [
      {
        protocol: 'tcp',
        family: 4,
        state: 'LISTEN',
        localAddress: '0.0.0.0',
        localPort: 8080,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        owner: { pid: 42, name: 'nginx', unit: 'nginx.service' },
      },
    ] as const;
    let n = 0;
    for (const cause of GUIDED_CAUSES) {
      for (const platform of ['linux', 'win32'] as const) {
        for (const g of planGuidance(cause, { port: 8080, protocol: 'tcp', platform, listeners: [...listeners] })) {
          expect(keyFits(g.textKey, g.textParams, g.text), g.text).toBe(true);
          expect(reportText('zh-CN', g.textKey, g.textParams, g.text), g.text).toMatch(CJK);
          if (g.titleKey) expect(reportText('zh-CN', g.titleKey, g.titleParams, g.title)).toMatch(CJK);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(20);
    const [holder] = planGuidance('port-in-use', { port: 8080, protocol: 'tcp', platform: 'linux', listeners: [...listeners] });
    expect(reportText('zh-CN', holder?.textKey, holder?.textParams, holder?.text ?? '')).toBe(
      '该端口被 nginx (PID 42, 单元 nginx.service) 占用。',
    );
  });

  it('keys the cloud guidance titles', () => {
    const [aws] = planCloudGuidance({ cloud: 'aws', evidence: 'DMI vendor Amazon EC2' }, 8080, 'tcp', '198.51.100.7');
    expect(reportText('zh-CN', aws?.titleKey, aws?.titleParams, aws?.title ?? '')).toBe(
      '在 AWS 安全组中放行来自 198.51.100.7/32 的 TCP 8080',
    );
    const [generic] = planCloudGuidance({ cloud: null, evidence: 'no cloud metadata' }, 8080, 'tcp');
    expect(reportText('zh-CN', generic?.titleKey, generic?.titleParams, generic?.title ?? '')).toMatch(CJK);
  });
});
