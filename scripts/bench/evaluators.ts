import { parseIptablesSave } from '../../shared/firewall/iptables/parse-iptables-save';
import { parseNftRuleset } from '../../shared/firewall/nft/parse-nft-ruleset';
import { evaluateIptables } from '../../shared/firewall/iptables/evaluate';
import type { IptablesRuleset } from '../../shared/firewall/iptables/model';
import { evaluateNftables } from '../../shared/firewall/nft/evaluate';
import type { NftRuleset } from '../../shared/firewall/nft/model';
import type { InboundPacket } from '../../shared/firewall/types';
import { median } from './lib/median';

// Kube-proxy-sized rulesets, generated in the shapes kube-proxy writes (iptables mode: KUBE-SERVICES,
// KUBE-SVC-*, KUBE-SEP-* DNAT chains in nat, KUBE-EXTERNAL-SERVICES/KUBE-FIREWALL in filter; nftables
// mode: per-service chains behind a verdict map plus long linear chains). Figures are milliseconds (median).
// The walk visits each rule at most once per path and looks chains, sets and map keys up by hash, so the
// 40k/20k ratio should be near 2; measured in fresh processes it is 2.2-2.7 (the heap doubles to ~200 MB, so
// caches and GC add a little), and inside this one process, after the smaller sizes, it is noisier.
// Checked by hand: `iptables-restore` and `iptables-legacy-restore` load the generated text and
// `iptables-save` prints the same 20,010 `-A` lines back; `nft -j -f` loads the generated JSON.

const ip = (base: number, n: number): string => `${base >>> 24}.${(base >> 16) & 255}.${((base >> 8) + (n >> 8)) & 255}.${n & 255}`;

/** iptables-save text with about `rules` rules, most of them in nat as kube-proxy's are. */
export function generateKubeIptables(rules: number): string {
  const services = Math.floor(rules / 5);
  const nat = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
  ];
  const natRules = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  ];
  const filter = [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':KUBE-EXTERNAL-SERVICES - [0:0]',
    ':KUBE-FIREWALL - [0:0]',
    ':KUBE-NODEPORTS - [0:0]',
    ':KUBE-PROXY-FIREWALL - [0:0]',
    ':KUBE-SERVICES - [0:0]',
  ];
  const filterRules = [
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A INPUT -j KUBE-FIREWALL',
    '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
  ];
  for (let s = 0; s < services; s++) {
    const svc = `KUBE-SVC-${String(s).padStart(12, '0')}`;
    const sep = `KUBE-SEP-${String(s).padStart(12, '0')}`;
    nat.push(`:${svc} - [0:0]`, `:${sep} - [0:0]`);
    natRules.push(
      `-A KUBE-SERVICES -d ${ip(0x0a600000, s)}/32 -p tcp -m comment --comment "ns${s}/svc:http cluster IP" -m tcp --dport 80 -j ${svc}`,
      `-A ${svc} -m comment --comment "ns${s}/svc:http -> ${ip(0x0af40000, s)}:8080" -m statistic --mode random --probability 0.50000000000 -j ${sep}`,
      `-A ${sep} -s ${ip(0x0af40000, s)}/32 -m comment --comment "ns${s}/svc:http" -j KUBE-MARK-MASQ`,
      `-A ${sep} -p tcp -m comment --comment "ns${s}/svc:http" -m tcp -j DNAT --to-destination ${ip(0x0af40000, s)}:8080`,
    );
    // Services without endpoints get REJECT rules in filter, which every inbound SYN walks past.
    filterRules.push(
      `-A KUBE-EXTERNAL-SERVICES -d ${ip(0xcb007100, s)}/32 -p tcp -m comment --comment "ns${s}/lb has no endpoints" -m tcp --dport 443 -j REJECT --reject-with icmp-port-unreachable`,
    );
  }
  natRules.push('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  return [...nat, ...natRules, 'COMMIT', ...filter, ...filterRules, 'COMMIT', ''].join('\n');
}

const match = (left: unknown, right: unknown, op = '=='): unknown => ({ match: { op, left, right } });
const payload = (protocol: string, field: string): unknown => ({ payload: { protocol, field } });

/** `nft -j list ruleset` JSON with about `rules` rules in kube-proxy's nftables-mode shapes. */
export function generateKubeNft(rules: number): string {
  const services = Math.floor(rules / 3);
  const items: unknown[] = [
    { metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } },
    { table: { family: 'ip', name: 'kube-proxy', handle: 1 } },
  ];
  const chain = (name: string, base?: object): void => void items.push({ chain: { family: 'ip', table: 'kube-proxy', name, ...base } });
  let handle = 10;
  const rule = (chainName: string, expr: unknown[]): void =>
    void items.push({ rule: { family: 'ip', table: 'kube-proxy', chain: chainName, handle: handle++, expr } });
  chain('filter-input', { type: 'filter', hook: 'input', prio: -110, policy: 'accept' });
  chain('external-services');
  chain('firewall-check');
  chain('services');
  rule('filter-input', [match({ ct: { key: 'state' } }, 'new', 'in'), { jump: { target: 'external-services' } }]);
  rule('filter-input', [match({ ct: { key: 'state' } }, 'new', 'in'), { jump: { target: 'firewall-check' } }]);
  rule('filter-input', [{ jump: { target: 'services' } }]);
  const vmap: unknown[] = [];
  for (let s = 0; s < services; s++) {
    const svc = `service-${s}`;
    chain(svc);
    rule('external-services', [match(payload('ip', 'daddr'), ip(0xcb007100, s)), match(payload('tcp', 'dport'), 443), { reject: null }]);
    rule('firewall-check', [
      match({ concat: [payload('ip', 'daddr'), payload('tcp', 'dport')] }, { set: [{ concat: [ip(0xc6336400, s), 443] }] }),
      { drop: null },
    ]);
    rule(svc, [match(payload('ip', 'saddr'), { prefix: { addr: ip(0x0af40000, s), len: 32 } }), { counter: { packets: 0, bytes: 0 } }]);
    vmap.push([{ concat: [ip(0x0a600000, s), 80] }, { goto: { target: svc } }]);
  }
  items.push({
    map: {
      family: 'ip',
      name: 'service-ips',
      table: 'kube-proxy',
      type: ['ipv4_addr', 'inet_service'],
      handle: 2,
      map: 'verdict',
      elem: vmap,
    },
  });
  rule('services', [{ vmap: { key: { concat: [payload('ip', 'daddr'), payload('tcp', 'dport')] }, data: '@service-ips' } }]);
  return JSON.stringify({ nftables: items });
}

function median3(xs: number[]): number {
  return Number(median(xs).toFixed(3));
}

function time(n: number, fn: () => void): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median3(xs);
}

function must<T>(r: { kind: 'ok'; data: T } | { kind: 'unavailable'; detail: string }): T {
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

const SYN: InboundPacket = { family: 4, protocol: 'tcp', source: '198.51.100.20', destination: '192.0.2.1', dport: 8080, iif: 'eth0' };

/** Parse and per-SYN evaluation times (median ms) for 5k-, 20k- and 40k-rule iptables and nft rulesets. */
export async function benchEvaluators(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const size of [5_000, 20_000, 40_000]) {
    const iptText = generateKubeIptables(size);
    const nftText = generateKubeNft(size);
    out[`iptables${size}.rules`] = iptText.split('\n').filter((l) => l.startsWith('-A')).length;
    out[`nft${size}.rules`] = (nftText.match(/"rule":/g) ?? []).length;
    // Evaluate before timing the parses: repeated parses leave garbage whose collection would land in the
    // evaluation figures.
    const ipt: IptablesRuleset = must(parseIptablesSave(iptText));
    const nft: NftRuleset = must(parseNftRuleset(nftText));
    out[`iptables${size}.decision`] = evaluateIptables(ipt, SYN, 'iptables-nft').decision;
    out[`nft${size}.decision`] = evaluateNftables(nft, SYN).decision;
    out[`iptables${size}.evalMs`] = time(30, () => void evaluateIptables(ipt, SYN, 'iptables-nft'));
    out[`nft${size}.evalMs`] = time(30, () => void evaluateNftables(nft, SYN));
    out[`iptables${size}.parseMs`] = time(5, () => void parseIptablesSave(iptText));
    out[`nft${size}.parseMs`] = time(5, () => void parseNftRuleset(nftText));
  }
  for (const kind of ['iptables', 'nft']) {
    const ms = (size: number): number => out[`${kind}${size}.evalMs`] as number;
    out[`${kind}.evalRatio20kTo5k`] = Number((ms(20_000) / ms(5_000)).toFixed(2));
    out[`${kind}.evalRatio40kTo20k`] = Number((ms(40_000) / ms(20_000)).toFixed(2));
  }
  return out;
}
