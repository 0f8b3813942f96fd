import type { z } from 'zod';
import { remoteCommandLine } from './quote';
import type { RemotePortdoctor } from './remote-portdoctor';
import type { SshSession } from './ssh-session';

/** A remote portdoctor's output is untrusted input: capped, JSON-parsed and schema-checked like a report file. */
const MAX_REMOTE_JSON = 16 * 1024 * 1024;

/** What a remote portdoctor run gave: its parsed JSON document, or why there is none (one line). */
export type RemoteJson<T> = { ok: true; value: T; code: number | null } | { ok: false; error: string; code: number | null; sudoRefused: boolean };

/** sudo -n's refusal (no password may be asked): "a password is required", "not allowed to execute", "not in the sudoers file". */
const SUDO_REFUSED = /sudo: (?:a (?:terminal|password) is required|.*(?:is not allowed to execute|is not in the sudoers file|may not run sudo))/i;

/** Run `portdoctor <args> --json` on the server (elevated when `elevated`), validate its one JSON document against `schema`. */
export async function runRemoteJson<S extends z.ZodType>(
  session: SshSession,
  pd: RemotePortdoctor,
  args: readonly string[],
  schema: S,
  opts: { elevated: boolean; timeoutMs?: number; onStderr?: (text: string) => void },
): Promise<RemoteJson<z.output<S>>> {
  const argv = [...(opts.elevated ? pd.elevate : []), pd.path, ...args, '--json'];
  const r = await session.run(argv, { timeoutMs: opts.timeoutMs ?? 120_000, ...(opts.onStderr ? { onStderr: opts.onStderr } : {}) });
  const stderr = r.stderr.toString('utf8');
  const sudoRefused = opts.elevated && pd.elevate.length > 0 && SUDO_REFUSED.test(stderr);
  if (sudoRefused) {
    return { ok: false, code: r.code, sudoRefused, error: `sudo on ${session.target.host} needs a password or does not allow ${session.target.user} to run portdoctor (sudo -n refused): nothing was run. Log in as root, or allow it in sudoers: ${session.target.user} ALL=(root) NOPASSWD: ${pd.path}` };
  }
  if (r.stdout.length > MAX_REMOTE_JSON) return { ok: false, code: r.code, sudoRefused, error: `the server's answer is larger than ${MAX_REMOTE_JSON} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(r.stdout.toString('utf8'));
  } catch {
    const said = stderr.trim().split('\n')[0]?.slice(0, 200) || `exit ${r.code}`;
    return { ok: false, code: r.code, sudoRefused, error: `the server's portdoctor printed no JSON (${said}) for: ${remoteCommandLine(session.shell, argv).slice(0, 200)}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const err = typeof json === 'object' && json !== null && 'error' in json ? String((json as { error: unknown }).error).slice(0, 300) : null;
    return { ok: false, code: r.code, sudoRefused, error: err ?? `the server's answer is not a valid document: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}` };
  }
  return { ok: true, value: parsed.data, code: r.code };
}
