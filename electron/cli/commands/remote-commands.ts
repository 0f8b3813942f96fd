import type { ProbeReport } from '../../../shared/schemas/report';
import { dispatchCall } from '../../ipc/dispatch';
import { diagnoseOverSsh } from '../../remote/remote-diagnose';
import { remoteFix, remoteUndo, remoteVerify } from '../../remote/remote-fix';
import { createCliContext } from '../context';
import { cliLanguage, formatCheckText } from '../format-check';
import { EXIT_CAUSE_FOUND, EXIT_OK, printError, printJson } from '../output';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';
import type { CliIo } from '../output';
import { withRemote } from '../ssh-connect';
import type { SshCliOptions } from '../ssh-connect';
import { formatPlanText, formatResultText, formatVerifyText } from './fix-list';

/** `diagnose <port> --ssh host`: probe from here while the server captures, then one joined verdict from the server. */
export async function runRemoteDiagnose(
  io: CliIo,
  port: number,
  opts: SshCliOptions & { timeout?: number; source?: string; lang?: string },
): Promise<number> {
  const json = opts.json === true;
  const made = await createCliContext();
  if (!made.ok) return printError(io, json, 'diagnose', made.error);
  const { table, services } = made.ctx;
  const timeoutMs = opts.timeout ?? 3000;
  return withRemote(io, 'diagnose', opts, async (session, pd) => {
    const probe = async (): Promise<{ ok: true; report: ProbeReport } | { ok: false; error: string }> => {
      const env = await dispatchCall(
        table,
        services,
        'diagnose:probe',
        { host: session.target.host, port, timeoutMs },
        new AbortController().signal,
        () => undefined,
      );
      if (!env.ok) return { ok: false, error: env.error };
      const r = env.value as { kind: 'ok'; data: ProbeReport } | { kind: 'unavailable'; detail: string };
      return r.kind === 'ok' ? { ok: true, report: r.data } : { ok: false, error: r.detail };
    };
    const progress = (line: string) => {
      if (!json) io.err(line);
    };
    const done = await diagnoseOverSsh({
      session,
      pd,
      port,
      probe,
      probeTimeoutMs: timeoutMs,
      progress,
      ...(opts.source ? { source: opts.source } : {}),
    });
    if ('error' in done) return printError(io, json, 'diagnose', done.error);
    for (const n of done.notes) io.err(`portdoctor: ${n}`);
    const report = {
      ...done.report,
      remote: {
        host: session.target.host,
        port: session.target.port,
        hostKey: session.hostKey.fingerprint,
        clientAddress: opts.source ?? pd.clientAddress,
      },
    };
    if (json) printJson(io, report);
    else io.out(formatCheckText(done.report, cliLanguage(opts.lang, process.env)));
    return done.report.verdict.cause === 'ok' ? EXIT_OK : EXIT_CAUSE_FOUND;
  });
}

/** `fix … --ssh host`: the server's own fix (through sudo -n), with its preview, re-plan, verification, undo and audit log. */
export async function runRemoteFix(
  io: CliIo,
  port: number | undefined,
  opts: SshCliOptions & {
    source?: string;
    protocol: 'tcp' | 'udp';
    dryRun?: boolean;
    yes?: boolean;
    undo?: string;
    verify?: string;
    persist: boolean;
    lang?: string;
  },
): Promise<number> {
  const json = opts.json === true;
  const lang = cliLanguage(opts.lang, process.env);
  return withRemote(io, 'fix', opts, async (session, pd) => {
    if (opts.undo !== undefined) {
      const r = await remoteUndo(session, pd, opts.undo);
      if (!r.ok) return printError(io, json, 'fix', r.error);
      if (json) printJson(io, r.value);
      else
        io.out(
          defuseDeep(r.value.evidence, FIELD_MAX)
            .map((e) => e.text)
            .join('\n'),
        );
      return r.value.undone ? EXIT_OK : EXIT_CAUSE_FOUND;
    }
    if (opts.verify !== undefined) {
      const r = await remoteVerify(session, pd, opts.verify);
      if (!r.ok) return printError(io, json, 'fix', r.error);
      if (json) printJson(io, { ...r.value, remote: { host: session.target.host, hostKey: session.hostKey.fingerprint } });
      else io.out(`${session.target.host}: ${formatVerifyText(r.value, lang)}`);
      return r.value.fixed ? EXIT_OK : EXIT_CAUSE_FOUND;
    }
    const apply = opts.yes === true && opts.dryRun !== true;
    const r = await remoteFix(session, pd, {
      port: port ?? 0,
      protocol: opts.protocol,
      ...(opts.source ? { source: opts.source } : {}),
      persist: opts.persist,
      apply,
    });
    if (!r.ok) return printError(io, json, 'fix', r.error);
    const { plan, applied } = r.value;
    if (json) printJson(io, { ...r.value, remote: { host: session.target.host, hostKey: session.hostKey.fingerprint } });
    else {
      io.out(`${session.target.host}: ${formatPlanText(plan, lang)}`);
      if (applied)
        io.out(
          `\n${formatResultText(applied, lang).replace('portdoctor fix --undo', `portdoctor fix --ssh ${session.target.user}@${session.target.host}${session.target.port === 22 ? '' : `:${session.target.port}`} --undo`)}`,
        );
      else if (plan.commands.length > 0) io.out(`\nNothing was changed on ${session.target.host}. Re-run with --yes to apply.`);
    }
    if (!applied) return plan.kind === 'guided' || plan.kind === 'explain' ? EXIT_CAUSE_FOUND : EXIT_OK;
    return applied.fixed ? EXIT_OK : EXIT_CAUSE_FOUND;
  });
}
