import { clientStep } from '../../shared/diagnose/combined-steps';
import { unavailable } from '../../shared/schemas/common';
import type { ProbeReport } from '../../shared/schemas/report';
import type { SshConnection } from '../../shared/schemas/remote';
import { withRemoteSession } from '../remote/remote-connect';
import { diagnoseOverSsh } from '../remote/remote-diagnose';
import { remoteFix, remoteUndo, remoteVerify } from '../remote/remote-fix';
import type { RemotePortdoctor, RemoteProgress } from '../remote/remote-portdoctor';
import type { SshSession } from '../remote/ssh-session';
import { probeHandler } from './probe';
import { connectOptions, connectProblem, remoteInfo, runProblem, tellable } from './remote-connection';
import type { UnknownKeySeen } from './remote-connection';
import type { ParsedRequestOf, ResponseOf } from '../../shared/ipc/contract';
import type { CallContext, CallHandler, HandlerTable, Services, StreamHandler } from './types';

const NOT_LIVE = 'a replayed report cannot reach a server: open the app on the client and connect there';

/** Open the session the request describes, run `fn`, and turn a failure to connect into the answer that says why. */
async function onServer<T>(
  conn: SshConnection,
  services: Services,
  progress: RemoteProgress,
  fn: (session: SshSession, pd: RemotePortdoctor) => Promise<T>,
) {
  const seen: { key: UnknownKeySeen | null } = { key: null };
  const done = await withRemoteSession(connectOptions(conn, services, progress, seen), fn);
  return done.ok ? done.value : connectProblem(conn, done, seen.key);
}

/** `remote:diagnose`: probe from here while the server captures, then the server's own diagnose joins both ends. */
const diagnoseHandler: StreamHandler<'remote:diagnose'> = async (request, { services, signal, emit }) => {
  if (services.replay) return unavailable('not-recorded', NOT_LIVE);
  const progress = (text: string) => emit({ type: 'progress', text: tellable(request, text).slice(0, 1000) });
  progress(`connecting to ${request.user}@${request.host}:${request.sshPort}…`);
  return onServer(request, services, progress, async (session, pd) => {
    for (const id of ['service', 'binding', 'firewall', 'client', 'packets'] as const) emit({ type: 'step-started', id });
    const probe = async (): Promise<{ ok: true; report: ProbeReport } | { ok: false; error: string }> => {
      const r = await probeHandler({ host: request.host, port: request.port, timeoutMs: request.timeoutMs }, { services, signal });
      emit({ type: 'step-finished', step: clientStep(r.kind === 'ok' ? r.data : null) });
      return r.kind === 'ok' ? { ok: true, report: r.data } : { ok: false, error: r.detail };
    };
    const done = await diagnoseOverSsh({
      session,
      pd,
      port: request.port,
      probe,
      probeTimeoutMs: request.timeoutMs,
      progress,
      ...(request.sudoPassword !== undefined ? { sudoPassword: request.sudoPassword } : {}),
    });
    if ('error' in done)
      return runProblem(request, {
        ok: false,
        error: done.error,
        code: done.code,
        sudoRefused: done.sudoRefused,
        sudoNeedsPassword: done.sudoNeedsPassword,
      });
    for (const step of done.report.steps) emit({ type: 'step-finished', step });
    return {
      kind: 'ok' as const,
      data: {
        report: done.report,
        remote: remoteInfo(session, pd.clientAddress),
        notes: done.notes.map((n) => tellable(request, n).slice(0, 1000)),
      },
    };
  });
};

/** `remote:plan-fix` and `remote:apply-fix`: the server's own fix, previewed, or applied after confirmation (it re-plans there). */
function fixHandler(apply: boolean) {
  return async (request: ParsedRequestOf<'remote:plan-fix'>, { services }: CallContext): Promise<ResponseOf<'remote:plan-fix'>> => {
    if (services.replay) return unavailable('not-recorded', NOT_LIVE);
    return onServer(
      request,
      services,
      () => undefined,
      async (session, pd) => {
        const r = await remoteFix(session, pd, {
          port: request.port,
          protocol: request.protocol,
          ...(request.source ? { source: request.source } : {}),
          persist: request.persist !== false,
          apply,
          ...(request.sudoPassword !== undefined ? { sudoPassword: request.sudoPassword } : {}),
        });
        if (!r.ok) return runProblem(request, r);
        return {
          kind: 'ok' as const,
          data: { plan: r.value.plan, applied: r.value.applied, remote: remoteInfo(session, pd.clientAddress) },
        };
      },
    );
  };
}

/** `remote:undo-fix`: the server undoes one of its fixes by identity (and logs it there). */
const undoHandler: CallHandler<'remote:undo-fix'> = async (request, { services }) => {
  if (services.replay) return unavailable('not-recorded', NOT_LIVE);
  return onServer(
    request,
    services,
    () => undefined,
    async (session, pd) => {
      const r = await remoteUndo(session, pd, request.id, request.sudoPassword);
      if (!r.ok) return runProblem(request, r);
      const { schema: _schema, ...undo } = r.value;
      return { kind: 'ok' as const, data: { undo, remote: remoteInfo(session, pd.clientAddress) } };
    },
  );
};

/** `remote:verify-fix`: the server tests one of its fixes (its rule counter since the fix, re-evaluation). */
const verifyHandler: CallHandler<'remote:verify-fix'> = async (request, { services }) => {
  if (services.replay) return unavailable('not-recorded', NOT_LIVE);
  return onServer(
    request,
    services,
    () => undefined,
    async (session, pd) => {
      const r = await remoteVerify(session, pd, request.id, request.sudoPassword);
      if (!r.ok) return runProblem(request, r);
      const { schema: _schema, ...verify } = r.value;
      return { kind: 'ok' as const, data: { verify, remote: remoteInfo(session, pd.clientAddress) } };
    },
  );
};

/** `remote:*` handlers: a server over SSH, from the app (and the bridge), through the CLI's own remote code. */
export const remoteHandlers: Pick<
  HandlerTable,
  'remote:diagnose' | 'remote:plan-fix' | 'remote:apply-fix' | 'remote:undo-fix' | 'remote:verify-fix'
> = {
  'remote:diagnose': diagnoseHandler,
  'remote:plan-fix': fixHandler(false),
  'remote:apply-fix': fixHandler(true),
  'remote:undo-fix': undoHandler,
  'remote:verify-fix': verifyHandler,
};
