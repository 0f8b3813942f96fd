import type { Result } from '../../shared/schemas/common';
import type { ActionCommand, Connection, PortAction } from '../../shared/schemas/port-actions';
import {
  closeConnectionLinux,
  closeConnectionWindows,
  parseSetTcpEntry,
  parseSsKilled,
  setTcpEntryOutcome,
} from '../../shared/ports/action-commands';
import { endpoint } from '../../shared/net/address';
import { readDiagDestroy } from '../probes/linux/process-identity';
import type { PortActionDeps } from './port-action-deps';
import { audited, detailOf, recordRun, refusal, runAction } from './port-action-deps';

/** `local → remote`, as the audit log names a connection. */
function connectionText(c: Connection): string {
  return `${endpoint(c.localAddress, c.localPort)} -> ${endpoint(c.remoteAddress, c.remotePort)}`;
}

/** Whether the connection is still in the socket table (`ss -H -t -n` with the same filter, no -K): needs no privilege. */
async function stillListed(deps: PortActionDeps, command: ActionCommand): Promise<boolean | null> {
  const filter = command.argv.slice(4);
  const r = await runAction(deps.runner, { argv: ['ss', '-H', '-t', '-n', ...filter] }, 'ports.close.check');
  if (r.kind !== 'ok') return null;
  return r.output.stdout.toString('utf8').trim().length > 0;
}

async function closeLinux(deps: PortActionDeps, c: Connection, confirmed: boolean): Promise<Result<PortAction>> {
  const command = closeConnectionLinux(c);
  const base = { action: 'close-connection' as const, commands: [command], elevated: !deps.elevated, connection: c };
  const destroy = await (deps.diagDestroy ?? (() => readDiagDestroy(deps.release)))();
  // Said before anything runs: such a kernel lists the connection and closes nothing, silently.
  if (destroy === false) return refusal(base, 'destroy-unsupported');
  if (!confirmed) return { kind: 'ok', data: { ...base, outcome: 'preview' } };
  const result = await runAction(deps.privileged, command, 'ports.close');
  const runs = [recordRun(command, result)];
  let action: PortAction;
  if (result.kind !== 'ok') {
    action = {
      ...base,
      runs,
      outcome: 'failed',
      reason: result.error.reason === 'needs-admin' ? 'needs-admin' : 'command-failed',
      detail: detailOf(result),
    };
  } else if (parseSsKilled(result.output.stdout.toString('utf8')).length > 0) {
    // ss prints a socket only after the kernel destroyed it; a second look confirms it left the table.
    const listed = await stillListed(deps, command);
    action = { ...base, runs, outcome: listed === true ? 'still-open' : 'closed' };
  } else {
    const listed = await stillListed(deps, command);
    if (listed === false) action = { ...base, runs, outcome: 'not-found' };
    // Listed and not closed: the kernel's support is unknown here (no config to read), or the socket changed state.
    else action = { ...base, runs, outcome: 'still-open' };
  }
  return audited(deps, action, `close ${connectionText(c)}`);
}

async function closeWindows(deps: PortActionDeps, c: Connection, confirmed: boolean): Promise<Result<PortAction>> {
  const command = closeConnectionWindows(c);
  const base = { action: 'close-connection' as const, commands: command ? [command] : [], elevated: !deps.elevated, connection: c };
  if (!command) return refusal(base, 'ipv6-unsupported');
  if (!confirmed) return { kind: 'ok', data: { ...base, outcome: 'preview' } };
  const result = await runAction(deps.privileged, command, 'ports.close');
  const runs = [recordRun(command, result)];
  const code = result.kind === 'ok' ? parseSetTcpEntry(result.output.stdout.toString('utf8')) : null;
  let action: PortAction;
  if (code === null) action = { ...base, runs, outcome: 'failed', reason: 'command-failed', detail: detailOf(result) };
  else {
    const outcome = setTcpEntryOutcome(code);
    action =
      outcome === 'closed'
        ? { ...base, runs, outcome: 'closed' }
        : {
            ...base,
            runs,
            outcome: 'failed',
            reason: outcome === 'needs-admin' ? 'needs-admin' : 'command-failed',
            detail: `SetTcpEntry returned ${code}`,
          };
  }
  return audited(deps, action, `close ${connectionText(c)}`);
}

/**
 * Close one TCP connection (the peer sees a reset): the preview without `confirmed`, else run, check, and audit.
 * Linux: `ss -K` with an exact filter; Windows: SetTcpEntry(DELETE_TCB). Never on a replayed report.
 */
export function closeConnection(deps: PortActionDeps, request: { connection: Connection; confirmed?: true }): Promise<Result<PortAction>> {
  const c = request.connection;
  if (deps.replaying)
    return Promise.resolve(refusal({ action: 'close-connection', commands: [], elevated: false, connection: c }, 'replay'));
  return deps.platform === 'win32' ? closeWindows(deps, c, request.confirmed === true) : closeLinux(deps, c, request.confirmed === true);
}
