import { parseFirewallRules } from '../../electron/probes/windows/parse-firewall-rules';
import { evaluateWindowsFirewall } from '../../shared/firewall/windows/evaluate-windows-firewall';
import type { WindowsFirewallState } from '../../shared/firewall/windows/types';
import type { InboundPacket } from '../../shared/firewall/types';

// Windows Firewall rule sets in the JSON shape the `windows.ps.firewall-rules` script prints (enums as
// numbers). A stock Windows Server has ~500 inbound rules; 5000 stands for a heavily managed host.
// Figures are milliseconds; ratios are against baselines measured in the same run: JSON.parse of the
// same text (what parsing adds) and the 500-rule evaluation (how evaluation grows with the rule count).

/** `n` inbound rules: program rules, port lists, address scopes, a few blocks and disabled ones. */
export function generateWindowsRules(n: number): string {
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      Name: `{${i.toString(16).padStart(8, '0')}-bench}`,
      DisplayName: `Bench rule ${i}`,
      DisplayGroup: i % 7 === 0 ? 'Bench group' : null,
      Enabled: i % 5 === 0 ? 2 : 1,
      Direction: 1,
      Action: i % 50 === 0 ? 4 : 2,
      Profile: [0, 1, 2, 4, 3][i % 5],
      PolicyStoreSource: i % 3 === 0 ? 'contoso.com\\Baseline' : 'PersistentStore',
      PolicyStoreSourceType: i % 3 === 0 ? 2 : 1,
      Protocol: i % 4 === 0 ? 'UDP' : 'TCP',
      LocalPort: i % 9 === 0 ? { value: [String(10000 + i), String(20000 + i)], Count: 2 } : String(10000 + i),
      RemoteAddress: i % 6 === 0 ? 'LocalSubnet' : i % 6 === 1 ? '10.0.0.0/255.0.0.0' : 'Any',
      LocalAddress: 'Any',
      Program: i % 2 === 0 ? `C:\\Program Files\\App${i}\\app.exe` : 'Any',
      Service: 'Any',
      InterfaceType: 0,
    });
  }
  return JSON.stringify(rows);
}

const time = (fn: () => void, reps: number): number => {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
};

/** Parse and evaluate 500 and 5000 rules; a SYN to a port no rule allows walks every rule. */
export async function benchWindowsFirewall(): Promise<Record<string, number>> {
  const packet: InboundPacket = {
    family: 4,
    protocol: 'tcp',
    source: '203.0.113.10',
    destination: '192.168.1.10',
    dport: 8080,
    iif: 'Ethernet',
    profile: 'public',
  };
  const figures: Record<string, number> = {};
  const evalMs: Record<number, number> = {};
  for (const n of [500, 5000]) {
    const text = generateWindowsRules(n);
    const parsed = parseFirewallRules(text);
    if (parsed.kind !== 'ok') throw new Error('generated rules did not parse');
    const state: WindowsFirewallState = {
      profiles: (['domain', 'private', 'public'] as const).map((name) => ({
        name,
        enabled: true,
        defaultInboundAction: 'block',
        allowLocalFirewallRules: true,
        allowInboundRules: true,
      })),
      rules: parsed.data.rules,
      localSubnets: ['192.168.1.0/24'],
    };
    const reps = n === 500 ? 200 : 20;
    const baseline = time(() => JSON.parse(text), reps);
    const parse = time(() => parseFirewallRules(text), reps);
    evalMs[n] = time(() => evaluateWindowsFirewall(state, packet, { program: 'C:\\srv\\web.exe' }), reps);
    figures[`jsonParseMs_${n}`] = +baseline.toFixed(3);
    figures[`parseRulesMs_${n}`] = +parse.toFixed(3);
    figures[`parseOverJsonParse_${n}`] = +(parse / baseline).toFixed(2);
    figures[`evaluateMs_${n}`] = +(evalMs[n] ?? 0).toFixed(3);
  }
  figures.evaluate5000Over500 = +((evalMs[5000] ?? 0) / (evalMs[500] ?? 1)).toFixed(2);
  return figures;
}
