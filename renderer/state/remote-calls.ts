import type { Result } from '../../shared/schemas/common';
import type { SshProblem } from '../../shared/schemas/remote';
import { settle } from './remote';
import type { Remote } from './remote';
import { useRemoteStore } from './remote-store';

/** What a remote channel answers: the data, unavailable, or an SSH problem. */
export type RemoteAnswer<T> = Result<T> | SshProblem;

/** What a retry adds after a question was answered: the accepted host key, the sudo password (this call only). */
export interface RetryExtra {
  acceptHostKey?: string;
  sudoPassword?: string;
}

/** At most this many questions per call (a sudo password typed wrong is asked again, not forever). */
const MAX_QUESTIONS = 4;

/**
 * Make a remote call, answering the questions it may raise: an unknown host key (the dialog shows its fingerprint;
 * trusted → the same call again with that fingerprint accepted), sudo wanting a password (asked, sent with the retry
 * and then dropped). Any other problem comes back as it is; a declined question comes back as the problem.
 */
export async function callWithQuestions<T>(
  host: string,
  call: (extra: RetryExtra) => Promise<RemoteAnswer<T>>,
): Promise<Remote<RemoteAnswer<T>>> {
  let extra: RetryExtra = {};
  let sudoAsked = false;
  for (let i = 0; ; i++) {
    const answer = await settle(() => call(extra));
    if (answer.state !== 'done' || answer.value.kind !== 'ssh' || i >= MAX_QUESTIONS) return answer;
    const problem = answer.value;
    if (problem.problem === 'host-key-unknown' && problem.hostKey) {
      if (!(await useRemoteStore.getState().askHostKey(problem.hostKey))) return answer;
      extra = { ...extra, acceptHostKey: problem.hostKey.fingerprint };
    } else if (problem.problem === 'sudo-password') {
      const password = await useRemoteStore.getState().askSudo(host, sudoAsked);
      if (password === null) return answer;
      sudoAsked = true;
      extra = { ...extra, sudoPassword: password };
    } else return answer;
  }
}

/** The remote answer as the fix panel shows it: an SSH problem becomes a failed call naming it. */
export function asPlainResult<T, U>(answer: Remote<RemoteAnswer<T>>, pick: (data: T) => Result<U>): Remote<Result<U>> {
  if (answer.state !== 'done') return answer;
  const v = answer.value;
  if (v.kind === 'ssh') return { state: 'failed', message: v.message };
  if (v.kind === 'unavailable') return { state: 'done', value: v };
  return { state: 'done', value: pick(v.data) };
}
