import type { FirewallVerdict, InboundPacket, PendingChange } from './types';
import type { SourceId } from '../bundle/sources';
import { cidrContains } from '../net/address';
import { prepareNetfilterJudge } from './judge-netfilter';
import type { NetfilterTexts } from './judge-netfilter';

/** One `### tuple ###` line of ufw's rules file: `allow tcp 8080 0.0.0.0/0 any 10.0.0.0/8 in` (action proto dport dst sport src [app…] direction). */
export interface UfwTuple {
  text: string;
  action: string;
  proto: string;
  dport: string;
  src: string;
  direction: string;
}

/** The tuples of `/etc/ufw/user.rules` (or user6.rules), in order. */
export function parseUfwTuples(text: string): UfwTuple[] {
  const out: UfwTuple[] = [];
  for (const m of text.matchAll(/^### tuple ### (.+)$/gm)) {
    const f = (m[1] ?? '').trim().split(/\s+/);
    const [action, proto, dport, , , src] = f;
    if (!action || !proto || !dport || !src) continue;
    out.push({ text: (m[1] ?? '').trim(), action, proto, dport, src, direction: f[f.length - 1] ?? '' });
  }
  return out;
}

/** Whether a tuple is about inbound traffic to the port: its protocol, its port list (`80,443`, `8000:8100`, `any`) and source. */
export function tupleCovers(t: UfwTuple, packet: Pick<InboundPacket, 'dport' | 'protocol' | 'source'>): boolean {
  if (t.direction !== 'in' || (t.proto !== 'any' && t.proto !== packet.protocol)) return false;
  const port =
    t.dport === 'any' ||
    t.dport.split(',').some((p) => {
      const [lo, hi] = p.split(':').map(Number);
      return lo !== undefined && packet.dport >= lo && packet.dport <= (hi ?? lo);
    });
  const wild = t.src === '0.0.0.0/0' || t.src === '::/0';
  return port && (wild || !packet.source || cidrContains(t.src, packet.source));
}

/**
 * The iptables-save text as `ufw reload` would leave it: the rules of every chain the rules file declares
 * (`:ufw-user-input - [0:0]`…) replaced by the file's (`-I` lines first, as ufw inserts them), the rest untouched.
 */
export function swapUfwChains(save: string, file: string): string {
  const chains = new Set([...file.matchAll(/^:(\S+) /gm)].map((m) => m[1]));
  const fileRules = file.split('\n').filter((l) => /^-[AI] \S+ /.test(l) && chains.has(l.split(' ')[1]));
  const ordered = [
    ...fileRules.filter((l) => l.startsWith('-I ')).map((l) => `-A ${l.slice(3)}`),
    ...fileRules.filter((l) => l.startsWith('-A ')),
  ];
  const out: string[] = [];
  let table = '';
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    if (table === 'filter' && /^-A \S+ /.test(line) && chains.has(line.split(' ')[1])) continue;
    if (table === 'filter' && line === 'COMMIT') out.push(...ordered);
    out.push(line);
  }
  return out.join('\n');
}

const isAccept = (d: FirewallVerdict['decision']) => d === 'accept';

/**
 * ufw's rules file against the kernel. Inactive (no ufw chain loaded): the file's rules for the port are named, they
 * take effect with `ufw enable`. Active: the kernel's rulesets are judged again with ufw's chains as the file has them
 * — the same evaluator — and a different answer is said (`ufw reload` and a reboot load the file).
 */
export function ufwPending(
  texts: NetfilterTexts,
  file: string,
  path: string,
  verdict: FirewallVerdict,
  packet: InboundPacket,
): PendingChange[] {
  const mine = parseUfwTuples(file).filter((t) => tupleCovers(t, packet));
  const chain = packet.family === 6 ? ':ufw6-user-input ' : ':ufw-user-input ';
  const key = (['iptablesNft', 'iptablesLegacy'] as const).find((k) => texts[k]?.includes(chain));
  const source: SourceId = packet.family === 6 ? 'linux.ufw.user6-rules' : 'linux.ufw.user-rules';
  const base = { system: 'ufw' as const, where: path, show: `cat ${path}`, source };
  if (!key)
    return mine.length ? [{ ...base, state: 'saved-only', entries: mine.map((t) => t.text), effect: 'mentions', apply: 'ufw enable' }] : [];
  const judge = prepareNetfilterJudge({ ...texts, [key]: swapUfwChains(texts[key] ?? '', file) });
  if (judge.kind !== 'ok') return [];
  const saved = judge.data(packet);
  if (saved.decision === 'unknown' || verdict.decision === 'unknown' || isAccept(saved.decision) === isAccept(verdict.decision)) return [];
  if (isAccept(saved.decision))
    return [
      {
        ...base,
        state: 'saved-only',
        entries: mine.length ? mine.map((t) => t.text) : [saved.rule?.text ?? 'policy'],
        effect: 'allows',
        apply: 'ufw reload',
      },
    ];
  return [{ ...base, state: 'running-only', entries: [verdict.rule?.text ?? 'policy'], effect: 'blocks', apply: 'ufw reload' }];
}
