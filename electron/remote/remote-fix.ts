import { z } from 'zod';
import { FixPlanSchema, FixResultSchema, FixVerifyResultSchema, UndoResultSchema } from '../../shared/schemas/firewall';
import type { RemotePortdoctor } from './remote-portdoctor';
import { runRemoteJson } from './remote-run';
import type { RemoteJson } from './remote-run';
import type { SshSession } from './ssh-session';

/** `portdoctor fix --json` on the server: its plan, and what it did when applied. */
export const RemoteFixDocSchema = z
  .object({ schema: z.literal('portdoctor.fix/1'), plan: FixPlanSchema, applied: FixResultSchema.nullable() })
  .passthrough();
/** `portdoctor fix --undo --json` on the server. */
export const RemoteUndoDocSchema = UndoResultSchema.and(z.object({ schema: z.literal('portdoctor.fix-undo/1') }));
/** `portdoctor fix --verify --json` on the server. */
export const RemoteVerifyDocSchema = FixVerifyResultSchema.and(z.object({ schema: z.literal('portdoctor.fix-verify/1') }));

/** What to fix on the server, and whether to apply (else the server only previews: `--dry-run`). */
export interface RemoteFixRequest {
  port: number;
  protocol: 'tcp' | 'udp';
  source?: string;
  persist: boolean;
  apply: boolean;
  sudoPassword?: string;
}

/**
 * The server's own `fix` through sudo: its preview (nothing changes), or `--yes` (it re-plans, applies, verifies,
 * records the undo and writes its audit log there). The one remote fix path of the CLI and the app.
 */
export function remoteFix(
  session: SshSession,
  pd: RemotePortdoctor,
  req: RemoteFixRequest,
): Promise<RemoteJson<z.output<typeof RemoteFixDocSchema>>> {
  const args = [
    'fix',
    String(req.port),
    '--protocol',
    req.protocol,
    ...(req.source ? ['--source', req.source] : []),
    ...(req.persist ? [] : ['--no-persist']),
  ];
  return runRemoteJson(session, pd, [...args, req.apply ? '--yes' : '--dry-run'], RemoteFixDocSchema, {
    elevated: true,
    ...(req.sudoPassword !== undefined ? { sudoPassword: req.sudoPassword } : {}),
  });
}

/** Undo one of the server's fixes by its identity (`fix --undo <id>` there). */
export function remoteUndo(
  session: SshSession,
  pd: RemotePortdoctor,
  id: string,
  sudoPassword?: string,
): Promise<RemoteJson<z.output<typeof RemoteUndoDocSchema>>> {
  return runRemoteJson(session, pd, ['fix', '--undo', id], RemoteUndoDocSchema, {
    elevated: true,
    ...(sudoPassword !== undefined ? { sudoPassword } : {}),
  });
}

/** Test one of the server's fixes there (`fix --verify <id>`): the new rule's counter since the fix, and re-evaluation. */
export function remoteVerify(
  session: SshSession,
  pd: RemotePortdoctor,
  id: string,
  sudoPassword?: string,
): Promise<RemoteJson<z.output<typeof RemoteVerifyDocSchema>>> {
  return runRemoteJson(session, pd, ['fix', '--verify', id], RemoteVerifyDocSchema, {
    elevated: true,
    ...(sudoPassword !== undefined ? { sudoPassword } : {}),
  });
}
