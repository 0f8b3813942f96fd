import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { ExpectedProcess } from '../../../shared/diagnose/facts';
import type { Result } from '../../../shared/schemas/common';
import { unavailable } from '../../../shared/schemas/common';
import type { Runner } from '../../system/runner';
import { textOf } from './sockets';

const CAP_NET_BIND_SERVICE = 10n;

function read(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

// This process and its ancestors carry `--expect <name>` on their command lines: they are not the service.
function selfAndAncestors(): Set<string> {
  const own = new Set<string>();
  let pid = String(process.pid);
  while (pid !== '0' && !own.has(pid) && own.size < 64) {
    own.add(pid);
    pid = /^PPid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`))?.[1] ?? '0';
  }
  return own;
}

function netns(pid: string): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return null;
  }
}

/**
 * Every process in this network namespace (a service elsewhere cannot bind here): `pid uid capeff-hex
 * name-json command-json` lines (live only; recorded as one source).
 */
export function walkProcesses(): string {
  const lines = ['# portdoctor processes v1'];
  const own = selfAndAncestors();
  const here = netns('self');
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || own.has(entry)) continue;
    if (here !== null && netns(entry) !== here) continue;
    const status = read(`/proc/${entry}/status`);
    if (!status) continue;
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1] ?? '-';
    const cap = /^CapEff:\s+([0-9a-f]+)/m.exec(status)?.[1] ?? '-';
    const name = read(`/proc/${entry}/comm`).trim();
    const command = read(`/proc/${entry}/cmdline`).replace(/\0+$/, '').replace(/\0/g, ' ');
    lines.push(`${entry} ${uid} ${cap} ${JSON.stringify(name)} ${JSON.stringify(command.slice(0, 4000))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Processes whose name or command line contains `expect`, with whether they may bind below the unprivileged start. */
export function parseProcesses(text: string, expect: string): Result<ExpectedProcess[]> {
  const lines = text.split('\n');
  if (lines[0] !== '# portdoctor processes v1') return unavailable('unparseable', 'the process list has no v1 header');
  const out: ExpectedProcess[] = [];
  const want = expect.toLowerCase();
  for (const line of lines.slice(1)) {
    const m = /^(\d+) (\d+|-) ([0-9a-f]+|-) ("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*")$/.exec(line);
    if (!m) continue;
    const name = JSON.parse(m[4] ?? '""') as string;
    const command = JSON.parse(m[5] ?? '""') as string;
    if (!name.toLowerCase().includes(want) && !command.toLowerCase().includes(want)) continue;
    const uid = m[2] === '-' ? null : Number(m[2]);
    const capBind = m[3] === '-' ? null : ((BigInt(`0x${m[3]}`) >> CAP_NET_BIND_SERVICE) & 1n) === 1n;
    out.push({ pid: Number(m[1]), name, command, uid, canBindPrivileged: uid === 0 ? true : capBind });
  }
  return { kind: 'ok', data: out };
}

/** Processes matching the expected service name (`check --expect nginx`). */
export async function readExpectedProcesses(runner: Runner, expect: string): Promise<Result<ExpectedProcess[]>> {
  if (!runner.compute) return unavailable('not-implemented', 'this runner cannot list processes', `pgrep -a ${expect}`);
  const r = await runner.compute({ source: 'linux.proc.processes', argv: ['<walk>', '/proc/<pid>/status'], compute: async () => Buffer.from(walkProcesses(), 'utf8') });
  const text = textOf(r, `pgrep -a ${expect}`);
  return text.kind === 'ok' ? parseProcesses(text.data, expect) : text;
}
