import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { CommandRun } from '../../shared/schemas/firewall';
import { appendFileSafely } from '../system/safe-write';

/** One line of the audit log: when, who, what, with which commands and results. */
export interface AuditEntry {
  /** A fix applied or undone, a Windows drop-audit window (audit policy turned on, then off again), or a Ports action (a connection closed, a process ended). */
  action: 'apply' | 'undo' | 'wfp-audit' | 'close-connection' | 'end-process';
  planId?: string;
  undoId?: string;
  backend: string;
  summary: string;
  outcome: string;
  fixed?: boolean;
  runs: CommandRun[];
}

/** The user behind the change: the login that ran sudo when elevated through it, else the process user. */
export function auditUser(): string {
  const sudoUser = process.env.SUDO_USER;
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for this uid (containers): the uid alone still names who it was.
    user = `uid ${process.getuid?.() ?? '?'}`;
  }
  return sudoUser && sudoUser !== user ? `${sudoUser} (as ${user})` : user;
}

/** Append one JSON line to `<dataDir>/audit.jsonl` (never through a symbolic link); the folder is created owner-only when missing. */
export async function appendAudit(dataDir: string, entry: AuditEntry, now: Date = new Date()): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'audit.jsonl');
  const line = JSON.stringify({ time: now.toISOString(), user: auditUser(), pid: process.pid, ...entry });
  await appendFileSafely(path, `${line}\n`, 0o600);
  return path;
}
