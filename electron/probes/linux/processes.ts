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

// A path or a script/archive file name: what a process was started on (`/srv/app/main.py`, `app.jar`).
const PROGRAM_FILE = /^(?:[\w.@+~-]*\/[\w.@+~/-]*|[\w.@+~-]+\.(?:py|pyc|js|mjs|cjs|jar|war|rb|pl|php|sh|lua|exe|dll))$/i;
// A plain word (a service label, a subcommand): letters, digits and `.@+~:,_-`, nothing a structured value has.
const PLAIN_WORD = /^[\w.@+~:,-]{1,128}$/;

/**
 * The part of a command line a report keeps: the program, the files it was started on, and the plain words that
 * are not an option's value, at most 512 characters. Options (`-x`, `--name=value`), the word after an option
 * (`--token <secret>`), and anything with spaces, quotes, braces or `=` (an `--env {…}` JSON, an inline script)
 * are left out: `--expect` on a replay matches the name and these words, not the whole live command line.
 */
export function commandForRecord(argv: readonly string[]): string {
  // A process that set its title (`npm exec …`) has one NUL-less string for a command line: its words are split.
  const words = [...(argv[0] ?? '').split(/\s+/), ...argv.slice(1)];
  const [program = '', ...args] = words;
  const kept = [program];
  for (const [i, word] of args.entries()) {
    const previous = i > 0 ? (args[i - 1] ?? '') : '';
    const optionValue = previous.startsWith('-') && !previous.includes('=');
    if (word.startsWith('-')) continue;
    if (PROGRAM_FILE.test(word) || (!optionValue && PLAIN_WORD.test(word))) kept.push(word);
  }
  return kept.join(' ').slice(0, 512);
}

/**
 * Every process in this network namespace (a service elsewhere cannot bind here): `pid uid capeff-hex
 * name-json command-json` lines (live only; recorded as one source). `record`: each command line is cut
 * to `commandForRecord`'s words, since the walk lists processes that have nothing to do with the port.
 */
export function walkProcesses(record = false): string {
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
    const argv = read(`/proc/${entry}/cmdline`).replace(/\0+$/, '').split('\0');
    const command = record ? commandForRecord(argv) : argv.join(' ').slice(0, 4000);
    lines.push(`${entry} ${uid} ${cap} ${JSON.stringify(name)} ${JSON.stringify(command)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A JSON string literal's value, or null when it is not one. */
function jsonString(quoted: string | undefined): string | null {
  try {
    const v = JSON.parse(quoted ?? '""') as unknown;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
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
    // The quoted fields are JSON strings; a recorded line with an escape JSON does not know (`"\q"`) is skipped, not thrown on.
    const name = jsonString(m[4]);
    const command = jsonString(m[5]);
    if (name === null || command === null) continue;
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
  const r = await runner.compute({
    source: 'linux.proc.processes',
    argv: ['<walk>', '/proc/<pid>/status'],
    compute: async (record) => Buffer.from(walkProcesses(record), 'utf8'),
  });
  const text = textOf(r, `pgrep -a ${expect}`);
  return text.kind === 'ok' ? parseProcesses(text.data, expect) : text;
}
