import { readlinkSync } from 'node:fs';
import type { Runner } from '../../system/runner';

/** The source the owners' program files are recorded under. */
export const EXE_SOURCE = 'linux.proc.exe';

const HEADER = '# portdoctor exe v1';

/** pid → program file as recorded: one `pid<TAB>"json string"` line per owner whose /proc/<pid>/exe could be read. */
export function formatExeMap(paths: ReadonlyMap<number, string>): string {
  const lines = [HEADER];
  for (const [pid, path] of paths) lines.push(`${pid}\t${JSON.stringify(path)}`);
  return `${lines.join('\n')}\n`;
}

/** The recorded text back as pid → path; lines that do not parse are skipped (a replayed report is untrusted). */
export function parseExeMap(text: string): Map<number, string> {
  const out = new Map<number, string>();
  const lines = text.split('\n');
  if (lines[0] !== HEADER) return out;
  for (const line of lines.slice(1)) {
    const m = /^(\d{1,7})\t("(?:[^"\\]|\\.){0,4096}")$/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    try {
      const path: unknown = JSON.parse(m[2]);
      if (typeof path === 'string') out.set(Number(m[1]), path);
    } catch {
      continue;
    }
  }
  return out;
}

/**
 * The program file of each owner (`readlink /proc/<pid>/exe`), as TCPView's "Process Path". Another user's process
 * without privilege, or a kernel thread, has none (left out, never guessed). `cache` keeps paths between live
 * refreshes (a process's exe does not change while it runs) and forgets pids no longer asked for.
 */
export async function readProcessPaths(
  runner: Runner,
  pids: readonly number[],
  cache?: Map<number, string | null>,
): Promise<Map<number, string>> {
  if (!runner.compute || pids.length === 0) return new Map();
  let live: Map<number, string> | null = null;
  const r = await runner.compute({
    source: EXE_SOURCE,
    argv: ['<readlink>', '/proc/<pid>/exe'],
    compute: async () => {
      live = new Map();
      const wanted = new Set(pids);
      if (cache) for (const pid of cache.keys()) if (!wanted.has(pid)) cache.delete(pid);
      for (const pid of wanted) {
        let path = cache?.get(pid);
        if (path === undefined) {
          try {
            path = readlinkSync(`/proc/${pid}/exe`);
          } catch {
            path = null;
          }
          cache?.set(pid, path);
        }
        if (path !== null) live.set(pid, path);
      }
      return Buffer.from(formatExeMap(live), 'utf8');
    },
  });
  if (live && runner.mode === 'live') return live;
  return r.kind === 'ok' ? parseExeMap(r.output.stdout.toString('utf8')) : new Map();
}
