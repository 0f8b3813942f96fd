import type { CheckReport, ProbeReport, WatchReport } from '../../shared/schemas/report';
import { CheckReportSchema, WatchReportSchema } from '../../shared/schemas/report';
import { sftpPath } from './remote-portdoctor';
import type { RemotePortdoctor, RemoteProgress } from './remote-portdoctor';
import { runRemoteJson } from './remote-run';
import type { SshSession } from './ssh-session';

/** What a two-ended diagnosis needs: the session, the portdoctor on the server, and how to probe from here. */
export interface RemoteDiagnoseInput {
  session: SshSession;
  pd: RemotePortdoctor;
  port: number;
  /** The probe from this machine (step 4), run while the server captures. */
  probe: () => Promise<{ ok: true; report: ProbeReport } | { ok: false; error: string }>;
  /** The probe's connect budget: the capture lasts this long plus a margin. */
  probeTimeoutMs: number;
  progress: RemoteProgress;
  /** The client's address as the server sees it (default: SSH_CLIENT). */
  source?: string;
  /** For `sudo -S` when sudo -n wants a password (asked by the app; this call only). */
  sudoPassword?: string;
}

/** Why a two-ended run gave no verdict: one line, and whether sudo refused (and only a password was missing). */
export interface RemoteDiagnoseFailure {
  error: string;
  code: number;
  sudoRefused: boolean;
  sudoNeedsPassword: boolean;
}

/** The result: one joined `portdoctor.check/1` verdict, plus what each end said on the way. */
export interface RemoteDiagnosis {
  report: CheckReport;
  probe: ProbeReport | null;
  watch: WatchReport | null;
  notes: string[];
}

/** The longest we wait for the server's capture to say it runs before probing anyway (with a note). */
const CAPTURE_START_MS = 10_000;
/** The remote `watch` prints this on stderr once tcpdump listens (watch.ts CAPTURING_LINE). */
const CAPTURING = 'portdoctor watch: capturing';

/** Only the peer this client is, as the server sees it (the check's own loopback connect is not the client). */
function forClient(watch: WatchReport, address: string | null): WatchReport {
  if (!address) return watch;
  const peers = watch.peers.filter((p) => p.address.replace(/^::ffff:/, '') === address);
  return peers.length > 0 ? { ...watch, peers } : watch;
}

/**
 * Both ends from one seat: a capture on the server while this machine probes, then the server's own
 * `diagnose` joins its check with both reports (its decision table, its cloud identity) into one verdict.
 */
export async function diagnoseOverSsh(input: RemoteDiagnoseInput): Promise<RemoteDiagnosis | RemoteDiagnoseFailure> {
  const { session, pd, port, progress } = input;
  const notes: string[] = [];
  // The capture outlasts the probe's budget by a margin for the SYN's retransmissions to show.
  const seconds = Math.ceil(input.probeTimeoutMs / 1000) + 1;
  progress(`capturing port ${port} on ${session.target.host} for ${seconds} s while probing from here…`);
  let started: () => void = () => undefined;
  const capturing = new Promise<boolean>((resolve) => {
    started = () => resolve(true);
    setTimeout(() => resolve(false), CAPTURE_START_MS).unref();
  });
  let said = '';
  const sudo = input.sudoPassword !== undefined ? { sudoPassword: input.sudoPassword } : {};
  const watching = runRemoteJson(session, pd, ['watch', String(port), '--seconds', String(seconds)], WatchReportSchema, {
    elevated: true,
    ...sudo,
    timeoutMs: (seconds + 30) * 1000,
    onStderr: (text) => {
      said = (said + text).slice(-4096);
      if (said.includes(CAPTURING)) started();
    },
  }).finally(() => started());
  if (!(await capturing)) notes.push(`the server's capture did not say it had started within ${CAPTURE_START_MS / 1000} s; probing anyway`);
  // Each report goes to the server's private folder as soon as it exists (while the rest still runs), so the
  // server's diagnose joins them exactly as it would locally.
  const sep = pd.platform === 'win-x64' ? '\\' : '/';
  const put = async (name: string, flag: string, value: unknown): Promise<string[]> => {
    const file = `${pd.workDir}${sep}${name}.json`;
    await session.writeFile(sftpPath(file), JSON.stringify(value));
    return [flag, file];
  };
  // Steps 1–3 on the server while it captures and this machine probes: the join at the end then only joins
  // (should this check or its upload fail, the server's diagnose checks itself).
  const source = input.source ?? pd.clientAddress;
  const checked = source
    ? runRemoteJson(session, pd, ['check', String(port), '--source', source], CheckReportSchema, {
        elevated: true,
        timeoutMs: 120_000,
        ...sudo,
      })
        .then((c) => (c.ok ? put('check', '--check-report', c.value) : []))
        .catch(() => [])
    : Promise.resolve([]);
  const probed = await input.probe();
  const probe = probed.ok ? probed.report : null;
  if (!probed.ok) notes.push(`the probe from here could not run: ${probed.error}`);
  else progress(`from here: ${probed.report.outcome} after ${probed.report.elapsedMs} ms`);
  const probeArgs = probe ? put('probe', '--client-report', probe) : Promise.resolve([]);
  const watched = await watching;
  let watch: WatchReport | null = null;
  if (watched.ok) watch = forClient(watched.value, source);
  else notes.push(`no capture on the server: ${watched.error}`);
  const watchArgs = watch ? await put('watch', '--watch-report', watch) : [];
  progress(`checking port ${port} on ${session.target.host}…`);
  const args = ['diagnose', String(port), ...(await probeArgs), ...watchArgs, ...(await checked), ...(source ? ['--source', source] : [])];
  const joined = await runRemoteJson(session, pd, args, CheckReportSchema, { elevated: true, timeoutMs: 120_000, ...sudo });
  if (!joined.ok)
    return { error: joined.error, code: 2, sudoRefused: joined.sudoRefused, sudoNeedsPassword: joined.sudoNeedsPassword === true };
  return { report: joined.value, probe, watch, notes };
}
