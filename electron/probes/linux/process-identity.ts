import { readFile, readlink } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** A process as an end-process action checks it before and after signalling (Linux, /proc/<pid>). */
export interface ProcessIdentity {
  pid: number;
  ppid: number;
  /** /proc/<pid>/stat field 22: clock ticks after boot; with the pid, it names one process for its whole life. */
  startTime: string;
  /** One-letter state (`R`, `S`, `Z` …): a zombie has ended, only its parent has not reaped it yet. */
  state: string;
  /** A kernel thread (PF_KTHREAD in the stat flags): nothing a user ends. */
  kernelThread: boolean;
  uid: number | null;
  name: string;
  /** /proc/<pid>/exe; unset when it cannot be read (another user's process without privilege, a kernel thread). */
  path?: string;
}

/** The file reads this probe makes, swappable in tests. */
export interface ProcReader {
  read(path: string): Promise<string | null>;
  link(path: string): Promise<string | null>;
}

/** The real /proc. */
export const procReader: ProcReader = {
  read: (path) => readFile(path, 'latin1').catch(() => null),
  link: (path) => readlink(path).catch(() => null),
};

const PF_KTHREAD = 0x00200000;

/**
 * The fields of /proc/<pid>/stat after the command name: the name is in parentheses and may hold spaces and `)`,
 * so the text is cut at the last `)`.
 */
export function parseProcStat(text: string): { state: string; ppid: number; flags: number; startTime: string } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const f = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // After the name: state (3), ppid (4), … flags (9), … starttime (22).
  const state = f[0];
  const ppid = Number(f[1]);
  const flags = Number(f[6]);
  const startTime = f[19];
  if (!state || !Number.isInteger(ppid) || !Number.isFinite(flags) || !startTime || !/^\d+$/.test(startTime)) return null;
  return { state, ppid, flags, startTime };
}

/** Read one process's identity; null when it does not exist (or its stat cannot be parsed). */
export async function readProcessIdentity(pid: number, proc: ProcReader = procReader): Promise<ProcessIdentity | null> {
  const [stat, status, comm, exe] = await Promise.all([
    proc.read(`/proc/${pid}/stat`),
    proc.read(`/proc/${pid}/status`),
    proc.read(`/proc/${pid}/comm`),
    proc.link(`/proc/${pid}/exe`),
  ]);
  const parsed = stat === null ? null : parseProcStat(stat);
  if (!parsed) return null;
  const uid = status === null ? null : /^Uid:\s+(\d+)/m.exec(status)?.[1];
  const identity: ProcessIdentity = {
    pid,
    ppid: parsed.ppid,
    startTime: parsed.startTime,
    state: parsed.state,
    kernelThread: (parsed.flags & PF_KTHREAD) !== 0,
    uid: uid ? Number(uid) : null,
    name: (comm ?? '').trim(),
  };
  if (exe) identity.path = exe;
  return identity;
}

/** This process and the processes it runs under (its parent chain): an end-process action never signals them. */
export async function selfAndAncestors(self = process.pid, proc: ProcReader = procReader): Promise<Set<number>> {
  const pids = new Set<number>();
  let pid = self;
  while (pid > 1 && !pids.has(pid) && pids.size < 64) {
    pids.add(pid);
    const stat = await proc.read(`/proc/${pid}/stat`);
    pid = (stat === null ? null : parseProcStat(stat))?.ppid ?? 0;
  }
  return pids;
}

/**
 * Whether the kernel can close sockets on request (CONFIG_INET_DIAG_DESTROY), from /proc/config.gz or
 * /boot/config-<release>; null when neither can be read (then only trying tells).
 */
export async function readDiagDestroy(
  release: string,
  read: (path: string) => Promise<Buffer | null> = (p) => readFile(p).catch(() => null),
): Promise<boolean | null> {
  const gz = await read('/proc/config.gz');
  let text: string | null = null;
  if (gz) {
    try {
      text = gunzipSync(gz).toString('utf8');
    } catch {
      text = null;
    }
  }
  if (text === null && /^[\w.+-]{1,128}$/.test(release)) text = (await read(`/boot/config-${release}`))?.toString('utf8') ?? null;
  if (text === null) return null;
  return /^CONFIG_INET_DIAG_DESTROY=y$/m.test(text);
}
