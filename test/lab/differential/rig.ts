import type { Lab, LabProcess } from '../harness';
import type { ConnectedNetwork, SynHeaders } from '../../../shared/firewall/types';
import { captureRequest, captureSyn, serverLinks } from './syn';

/**
 * One client/server namespace pair for the differential test. The client sends only SYNs (an output rule drops
 * every other TCP segment), both sides have static neighbours, and the server listens on every port of the pool,
 * so what the client sees is what the server's netfilter did to one SYN: SYN-ACK → accept, RST or ICMP → reject,
 * silence → drop. A prober process in the client answers JSON requests, so a probe costs no process start.
 */

/** Ports the server listens on; every generated rule and every probe uses these. */
export const PORTS = [22, 80, 443, 3306, 5432, 8080, 8443, 9000] as const;

/** The addresses of one pair (its index picks the 10.2xx block, so pairs never overlap). */
export interface PairNet {
  srvAddrs: [string, string];
  cliAddrs: string[];
  /** The client's second network, routed to the server's interface: a source outside the server's own subnet. */
  farNet: string;
  srvIf: 'eth0';
  links: ConnectedNetwork[];
  /** The header fields of the client's SYNs, from one captured on the server (createPair). */
  syn?: SynHeaders;
}

export type KernelOutcome = 'accept' | 'reject' | 'drop';

export interface ProbeRequest {
  src: string;
  dst: string;
  dport: number;
  sport: number;
}

export interface KernelAnswer {
  outcome: KernelOutcome;
  /** What connect() reported: ok, ECONNREFUSED (RST or port-unreachable), EHOSTUNREACH (ICMP prohibited…), timeout. */
  code: string;
}

export interface Pair {
  net: PairNet;
  srv: string;
  cli: string;
  probe(req: ProbeRequest, timeoutMs: number): Promise<KernelAnswer>;
  /** tcpdump's text of the SYN captured when the pair was made. */
  synText: string;
}

const PROBER = `
const net = require('node:net');
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const q = JSON.parse(line);
  let done = false;
  const s = net.connect({ host: q.dst, port: q.dport, localAddress: q.src, localPort: q.sport });
  const end = (code) => { if (done) return; done = true; clearTimeout(t); s.destroy(); process.stdout.write(JSON.stringify({ id: q.id, code }) + '\\n'); };
  const t = setTimeout(() => end('timeout'), q.ms);
  s.on('connect', () => end('ok'));
  s.on('error', (e) => end(e.code || String(e.message)));
});
console.log('ready');
`;

const LISTENER = `
const net = require('node:net');
const ports = JSON.parse(process.argv[1]);
let n = 0;
for (const port of ports) {
  const server = net.createServer((s) => { s.on('error', () => {}); s.destroy(); });
  server.listen({ host: '0.0.0.0', port, backlog: 4096 }, () => { if (++n === ports.length) console.log('listening'); });
}
`;

function mac(pair: number, side: number): string {
  return `02:00:00:00:${pair.toString(16).padStart(2, '0')}:0${side}`;
}

/** The addresses of pair `index` (0…9). */
export function pairNet(index: number): PairNet {
  const b = `10.${240 + index}`;
  return {
    srvAddrs: [`${b}.1.1`, `${b}.1.9`],
    cliAddrs: [`${b}.1.2`, `${b}.1.3`, `${b}.7.2`],
    farNet: `${b}.7.0/24`,
    srvIf: 'eth0',
    links: [
      { iface: 'eth0', address: `${b}.1.1`, prefixLength: 24 },
      { iface: 'eth0', address: `${b}.1.9`, prefixLength: 24 },
      { iface: 'lo', address: '127.0.0.1', prefixLength: 8 },
    ],
  };
}

/** Build pair `index` in `lab`: namespaces, link, neighbours, SYN-only client, listeners, prober. */
export async function createPair(lab: Lab, index: number): Promise<Pair> {
  const net = pairNet(index);
  const srv = await lab.namespace(`s${index}`);
  const cli = await lab.namespace(`c${index}`);
  await lab.must(cli, [
    'ip',
    'link',
    'add',
    'c0',
    'address',
    mac(index, 2),
    'type',
    'veth',
    'peer',
    'name',
    'eth0',
    'address',
    mac(index, 1),
    'netns',
    srv,
  ]);
  for (const a of net.srvAddrs) await lab.must(srv, ['ip', 'addr', 'add', `${a}/24`, 'dev', 'eth0']);
  for (const a of net.cliAddrs) await lab.must(cli, ['ip', 'addr', 'add', `${a}/24`, 'dev', 'c0']);
  await lab.must(srv, ['ip', 'link', 'set', 'eth0', 'up']);
  await lab.must(cli, ['ip', 'link', 'set', 'c0', 'up']);
  await lab.must(srv, ['ip', 'route', 'add', net.farNet, 'dev', 'eth0']);
  for (const a of net.cliAddrs)
    await lab.must(srv, ['ip', 'neigh', 'replace', a, 'lladdr', mac(index, 2), 'dev', 'eth0', 'nud', 'permanent']);
  for (const a of net.srvAddrs)
    await lab.must(cli, ['ip', 'neigh', 'replace', a, 'lladdr', mac(index, 1), 'dev', 'c0', 'nud', 'permanent']);
  for (const [k, v] of <[string, string][]>[
    ['net.ipv4.conf.all.rp_filter', '0'],
    ['net.ipv4.conf.eth0.rp_filter', '0'],
    ['net.ipv4.tcp_synack_retries', '1'],
    ['net.ipv4.tcp_syncookies', '1'],
    // Every reject is answered: the kernel otherwise holds back ICMP errors to one client sent within 1 s of each
    // other, and a probe of a reject rule then times out like a drop.
    ['net.ipv4.icmp_ratelimit', '0'],
  ])
    await lab.sysctl(srv, k, v);
  // Only SYNs leave the client: the server never sees an ACK, RST or FIN, so its counters count exactly the SYN.
  await lab.nft(
    cli,
    'table inet pdsyn {\n chain out {\n type filter hook output priority 0; policy accept;\n tcp flags & syn == 0 drop\n }\n}\n',
  );
  await lab.spawn(srv, [process.execPath, '-e', LISTENER, JSON.stringify(PORTS)], { ready: /^listening/m });
  const prober = await startProber(lab, cli);
  // What the evaluator may know beyond the addresses: the server's interfaces as read there, and a real SYN.
  net.links = await serverLinks(lab, srv);
  const syn = await captureSyn(lab, srv, net, () => prober(captureRequest(net), 700));
  if (!syn.headers) throw new Error(`no SYN of the client was captured on the server: ${syn.text}`);
  net.syn = syn.headers;
  return { net, srv, cli, probe: prober, synText: syn.text };
}

async function startProber(lab: Lab, cli: string): Promise<Pair['probe']> {
  const proc: LabProcess = await lab.spawn(cli, [process.execPath, '-e', PROBER], { ready: /^ready/m, stdin: true });
  const waiting = new Map<number, (code: string) => void>();
  let seen = 0;
  let next = 0;
  const poll = setInterval(() => {
    const lines = proc.output().split('\n');
    for (; seen < lines.length - 1; seen++) {
      const line = lines[seen] ?? '';
      if (!line.startsWith('{')) continue;
      const a = JSON.parse(line) as { id: number; code: string };
      waiting.get(a.id)?.(a.code);
      waiting.delete(a.id);
    }
  }, 5);
  poll.unref();
  return (req, timeoutMs) =>
    new Promise<KernelAnswer>((resolve) => {
      const id = next++;
      waiting.set(id, (code) => resolve({ code, outcome: code === 'ok' ? 'accept' : code === 'timeout' ? 'drop' : 'reject' }));
      proc.write(`${JSON.stringify({ id, ...req, ms: timeoutMs })}\n`);
    });
}
