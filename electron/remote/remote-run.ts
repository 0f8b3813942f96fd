import type { z } from 'zod';
import { remoteCommandLine } from './quote';
import type { RemotePortdoctor } from './remote-portdoctor';
import type { SshSession } from './ssh-session';

/** A remote portdoctor's output is untrusted input: capped, JSON-parsed and schema-checked like a report file. */
const MAX_REMOTE_JSON = 16 * 1024 * 1024;

/** What a remote portdoctor run gave: its parsed JSON document, or why there is none (one line). */
export type RemoteJson<T> =
  | { ok: true; value: T; code: number | null }
  | { ok: false; error: string; code: number | null; sudoRefused: boolean; sudoNeedsPassword?: boolean };

/** sudo -n's answer when only a password is missing (the app may then ask for it). */
const SUDO_NEEDS_PASSWORD = /sudo: a (?:terminal|password) is required/i;
/** sudo -S's answers when the password given was wrong or missing. */
const SUDO_BAD_PASSWORD = /sudo: (?:\d+ incorrect password attempts?|no password was provided)|Sorry, try again/i;

/** How to run a command as root: the session's prefix, or `sudo -S` fed a password on stdin (never on the command line). */
function elevation(pd: RemotePortdoctor, elevated: boolean, sudoPassword: string | undefined): { prefix: string[]; stdin?: string } {
  if (!elevated || pd.elevate.length === 0) return { prefix: [] };
  if (sudoPassword === undefined) return { prefix: pd.elevate };
  // -p '' : no prompt text on stderr; -S : the password is the first line of stdin.
  return { prefix: ['sudo', '-S', '-p', ''], stdin: `${sudoPassword}\n` };
}

/** sudo -n's refusal (no password may be asked): "a password is required", "not allowed to execute", "not in the sudoers file". */
const SUDO_REFUSED =
  /sudo: (?:a (?:terminal|password) is required|.*(?:is not allowed to execute|is not in the sudoers file|may not run sudo))/i;

/** Run `portdoctor <args> --json` on the server (elevated when `elevated`), validate its one JSON document against `schema`. */
export async function runRemoteJson<S extends z.ZodType>(
  session: SshSession,
  pd: RemotePortdoctor,
  args: readonly string[],
  schema: S,
  opts: { elevated: boolean; timeoutMs?: number; onStderr?: (text: string) => void; sudoPassword?: string },
): Promise<RemoteJson<z.output<S>>> {
  if (opts.elevated && pd.administrator === false) {
    // Windows has no sudo: only the login's own token counts, and nothing is run without one that is elevated.
    return {
      ok: false,
      code: null,
      sudoRefused: true,
      error: `${session.target.user} on ${session.target.host} has no elevated administrator token (whoami /groups shows no High mandatory level): nothing was run. Windows has no sudo; OpenSSH gives a member of the Administrators group an elevated session, so log in as one (its key in %ProgramData%\\ssh\\administrators_authorized_keys)`,
    };
  }
  const how = elevation(pd, opts.elevated, opts.sudoPassword);
  const argv = [...how.prefix, pd.path, ...args, '--json'];
  const r = await session.run(argv, {
    timeoutMs: opts.timeoutMs ?? 120_000,
    ...(how.stdin !== undefined ? { stdin: how.stdin } : {}),
    ...(opts.onStderr ? { onStderr: opts.onStderr } : {}),
  });
  const stderr = r.stderr.toString('utf8');
  if (how.stdin !== undefined && r.stdout.length === 0 && SUDO_BAD_PASSWORD.test(stderr)) {
    return {
      ok: false,
      code: r.code,
      sudoRefused: true,
      sudoNeedsPassword: true,
      error: `sudo on ${session.target.host} did not accept the password for ${session.target.user}: nothing was run`,
    };
  }
  const sudoRefused = how.prefix.length > 0 && SUDO_REFUSED.test(stderr);
  if (sudoRefused) {
    return {
      ok: false,
      code: r.code,
      sudoRefused,
      sudoNeedsPassword: how.stdin === undefined && SUDO_NEEDS_PASSWORD.test(stderr),
      error: `sudo on ${session.target.host} needs a password or does not allow ${session.target.user} to run portdoctor (sudo -n refused): nothing was run. Log in as root, or allow it in sudoers: ${session.target.user} ALL=(root) NOPASSWD: ${pd.path}`,
    };
  }
  if (r.stdout.length > MAX_REMOTE_JSON)
    return { ok: false, code: r.code, sudoRefused, error: `the server's answer is larger than ${MAX_REMOTE_JSON} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(r.stdout.toString('utf8'));
  } catch {
    const said = stderr.trim().split('\n')[0]?.slice(0, 200) || `exit ${r.code}`;
    return {
      ok: false,
      code: r.code,
      sudoRefused,
      error: `the server's portdoctor printed no JSON (${said}) for: ${remoteCommandLine(session.shell, argv).slice(0, 200)}`,
    };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const err =
      typeof json === 'object' && json !== null && 'error' in json ? String((json as { error: unknown }).error).slice(0, 300) : null;
    return {
      ok: false,
      code: r.code,
      sudoRefused,
      error: err ?? `the server's answer is not a valid document: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`,
    };
  }
  return { ok: true, value: parsed.data, code: r.code };
}
