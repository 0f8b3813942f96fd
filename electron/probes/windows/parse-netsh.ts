import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';

// netsh translates every label, header and footer (and the German header puts the protocol last),
// so these parsers read by shape only: the `----` rule, rows of numbers, `key : value` lines.

/** One excluded range; a trailing `*` marks an administered (manually added) exclusion. */
export interface ExcludedRange {
  start: number;
  end: number;
  administered: boolean;
}

const lines = (text: string): string[] => text.replace(/^\uFEFF/, '').split(/\r?\n/);
const isRule = (line: string): boolean => /^\s*-{3,}(\s+-{3,})*\s*$/.test(line);

/** `netsh interface ipv4|ipv6 show excludedportrange protocol=tcp` → ranges, in any locale. */
export function parseExcludedPortRanges(text: string): Result<ExcludedRange[]> {
  const all = lines(text);
  const ruleAt = all.findIndex(isRule);
  if (ruleAt === -1) return unavailable('unparseable', `no table in the excludedportrange output: ${snippet(text)}`);
  const ranges: ExcludedRange[] = [];
  for (const line of all.slice(ruleAt + 1)) {
    // The table ends at a blank line, or (pasted from a CI log or a ticket, blank lines lost) at the
    // first line that is not a row of numbers: the translated `* - Administered port exclusions.` footer.
    if (line.trim() === '' || !/^\s*\d/.test(line)) break;
    const m = /^\s*(\d{1,5})\s+(\d{1,5})\s*(\*)?\s*$/.exec(line);
    if (!m) return unavailable('unparseable', `unexpected row in the excludedportrange table: ${JSON.stringify(line.slice(0, 120))}`);
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (start > end || end > 65535) return unavailable('unparseable', `impossible range ${start}-${end} in the excludedportrange table`);
    ranges.push({ start, end, administered: m[3] === '*' });
  }
  return { kind: 'ok', data: ranges };
}

/** `netsh int ipv4 show dynamicport tcp` → the dynamic (ephemeral) range: end = start + count - 1. */
export function parseDynamicPortRange(text: string): Result<{ start: number; end: number }> {
  const all = lines(text);
  const ruleAt = all.findIndex(isRule);
  const values = all
    .slice(ruleAt + 1)
    .map((l) => /^[^:：]+[:：]\s*(\d+)\s*$/.exec(l)?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number);
  const [start, count] = values;
  if (ruleAt === -1 || start === undefined || count === undefined)
    return unavailable('unparseable', `no start port and count in the dynamicport output: ${snippet(text)}`);
  if (start < 1 || count < 1 || start + count - 1 > 65535)
    return unavailable('unparseable', `impossible dynamic range: start ${start}, ${count} ports`);
  return { kind: 'ok', data: { start, end: start + count - 1 } };
}

/** One portproxy listener; ports are kept as printed because a range can be stored (and overflows its column). */
export interface PortproxyEntry {
  listenFamily?: 4 | 6;
  listenAddress: string;
  listenPortStart: number;
  listenPortEnd: number;
  connectFamily?: 4 | 6;
  connectAddress: string;
  connectPort: string;
}

const family = (word: string | undefined): 4 | 6 | undefined => (word === 'ipv4' ? 4 : word === 'ipv6' ? 6 : undefined);

/** `netsh interface portproxy show all` (or `show v4tov4`) → listeners; empty output is no entries. */
export function parsePortproxy(text: string): Result<PortproxyEntry[]> {
  const all = lines(text);
  if (all.every((l) => l.trim() === '')) return { kind: 'ok', data: [] };
  if (!all.some(isRule)) return unavailable('unparseable', `no table in the portproxy output: ${snippet(text)}`);
  const entries: PortproxyEntry[] = [];
  let families: (4 | 6 | undefined)[] = [];
  let inTable = false;
  for (const line of all) {
    // The section header names both families (`Listen on ipv4:  Connect to ipv6:`); the words around them are translated.
    const fam = line.toLowerCase().match(/ipv[46]/g);
    if (fam && fam.length === 2 && !inTable) families = fam.map(family);
    if (isRule(line)) {
      inTable = true;
      continue;
    }
    if (line.trim() === '') {
      inTable = false;
      continue;
    }
    if (!inTable) continue;
    const m = /^\s*(\S+)\s+(\d{1,5})(?:-(\d{1,5}))?\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (!m) return unavailable('unparseable', `unexpected row in the portproxy table: ${JSON.stringify(line.slice(0, 120))}`);
    const entry: PortproxyEntry = {
      listenAddress: m[1] ?? '',
      listenPortStart: Number(m[2]),
      listenPortEnd: Number(m[3] ?? m[2]),
      connectAddress: m[4] ?? '',
      connectPort: m[5] ?? '',
    };
    if (families[0]) entry.listenFamily = families[0];
    if (families[1]) entry.connectFamily = families[1];
    entries.push(entry);
  }
  return { kind: 'ok', data: entries };
}

/** A URL http.sys serves or has reserved, and the request queue / account that holds it when printed. */
export interface HttpSysUrl {
  url: string;
  port: number;
  /** The request queue (IIS app pool) or reserving account, when the output names one. */
  owner?: string;
  /** The worker processes attached to the request queue (w3wp.exe for IIS). */
  pids?: number[];
}

const URL_RE = /\b(https?):\/\/([^\s/]+?):(\d{1,5})(\/\S*)?/i;

/**
 * `netsh http show servicestate view=requestq` or `netsh http show urlacl` → URLs with their port.
 * The owner is the value of the nearest `label: value` line above at a lower indent (a request
 * queue name), or of the first one below the URL (urlacl's `User:`): labels are translated.
 */
export function parseHttpSysUrls(text: string): HttpSysUrl[] {
  const all = lines(text);
  const out: HttpSysUrl[] = [];
  all.forEach((line, i) => {
    const m = URL_RE.exec(line);
    if (!m) return;
    const url = `${m[1]}://${m[2]}:${m[3]}${m[4] ?? ''}`;
    const entry: HttpSysUrl = { url, port: Number(m[3]) };
    const queue = queueAbove(all, i);
    const owner = queue?.name ?? (/\s:\s/.test(line) ? valueOf(all[i + 1]) : undefined);
    if (owner) entry.owner = owner;
    // Under the queue header, lines holding only a number are the attached process IDs (the label is translated).
    const pids = queue
      ? all
          .slice(queue.at + 1, i)
          .filter((l) => /^\s+\d+\s*$/.test(l))
          .map(Number)
      : [];
    if (pids.length > 0) entry.pids = pids;
    out.push(entry);
  });
  return out;
}

const indentOf = (l: string): number => l.length - l.trimStart().length;
const valueOf = (l: string | undefined): string | undefined => {
  const m = l === undefined ? null : /^\s*[^:]+?:\s+(\S.*?)\s*$/.exec(l);
  return m && !URL_RE.test(l ?? '') ? m[1] : undefined;
};

/** The request queue a servicestate URL belongs to: the first unindented `label: value` line above it. */
function queueAbove(all: string[], i: number): { name: string | undefined; at: number } | undefined {
  for (let j = i - 1; j >= 0; j--) {
    const l = all[j] ?? '';
    if (l.trim() !== '' && indentOf(l) === 0 && l.includes(':')) return { name: valueOf(l), at: j };
  }
  return undefined;
}

function snippet(text: string): string {
  return JSON.stringify(text.trim().slice(0, 160));
}
