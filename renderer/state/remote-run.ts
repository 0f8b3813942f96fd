import type { Unsubscribe } from '../../shared/ipc/api';
import type { RemoteDiagnosis } from '../../shared/schemas/remote';
import { portDoctor } from '../api/port-doctor';
import type { Remote } from './remote';
import type { Result } from '../../shared/schemas/common';
import type { CheckReport } from '../../shared/schemas/report';
import type { LiveSteps } from './live-steps';
import { callWithQuestions } from './remote-calls';
import type { RemoteAnswer } from './remote-calls';
import { connectionOf, useRemoteStore } from './remote-store';

/** What the wizard's store hands a remote run: where to put streamed steps, and whether this run is still the latest. */
export interface RemoteRunHooks {
  isLatest(): boolean;
  setLive(update: (live: LiveSteps) => LiveSteps): void;
  /** Keep the stream's stop, so Cancel closes it. */
  setStop(stop: Unsubscribe | null): void;
}

/**
 * Both ends from here: the server's five steps stream in as locally (plus one-line progress), questions about an
 * unknown host key or a sudo password are asked in dialogs, and the answer is the server's joined verdict.
 */
export async function runRemoteDiagnosis(port: number, hooks: RemoteRunHooks): Promise<Remote<Result<CheckReport>> | null> {
  const remote = useRemoteStore.getState();
  const conn = connectionOf(remote);
  if (!conn) return null;
  useRemoteStore.setState({ last: null, problem: null, progress: '' });
  const answer = await callWithQuestions<RemoteDiagnosis>(
    conn.host,
    (extra) =>
      new Promise<RemoteAnswer<RemoteDiagnosis>>((resolve, reject) => {
        hooks.setLive(() => ({}));
        const stop = portDoctor().remote.diagnose({ ...conn, ...extra, port }, (m) => {
          if (!hooks.isLatest()) return;
          if (m.type === 'event') {
            const e = m.event;
            if (e.type === 'progress') useRemoteStore.setState({ progress: e.text });
            else hooks.setLive((live) => ({ ...live, ...(e.type === 'step-started' ? { [e.id]: 'running' } : { [e.step.id]: e.step }) }));
            return;
          }
          hooks.setStop(null);
          if (m.type === 'done') resolve(m.result);
          else reject(new Error(m.message));
        });
        // Cancel closes the stream (the back end aborts) and ends this attempt.
        hooks.setStop(() => {
          stop();
          reject(new Error('cancelled'));
        });
      }),
  );
  useRemoteStore.setState({ progress: '' });
  if (!hooks.isLatest()) return null;
  if (answer.state !== 'done') return answer;
  const v = answer.value;
  if (v.kind === 'ssh') {
    useRemoteStore.setState({ problem: v });
    hooks.setLive(() => ({}));
    return { state: 'idle' };
  }
  if (v.kind === 'unavailable') return { state: 'done', value: v };
  useRemoteStore.setState({ last: { remote: v.data.remote, notes: v.data.notes } });
  return { state: 'done', value: { kind: 'ok', data: v.data.report } };
}
