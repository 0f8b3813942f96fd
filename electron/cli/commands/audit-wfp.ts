import { Option } from 'commander';
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import type { EngineLanguage } from '../../../shared/i18n/engine-text';
import type { Result, Unavailable } from '../../../shared/schemas/common';
import type { WfpAuditEvent, WfpAuditPlan, WfpAuditResult } from '../../../shared/schemas/wfp-audit';
import { cannotRun } from '../../actions/wfp-audit-service';
import { dispatchCall, dispatchStream } from '../../ipc/dispatch';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';
import { createCliContext } from '../context';
import type { CliContext } from '../context';
import { cliLanguage, langOption } from '../format-check';
import { EXIT_CAUSE_FOUND, EXIT_OK, EXIT_USAGE, printError, printJson } from '../output';
import type { CliIo } from '../output';
import { intArg, parsePortArg, parseProtocolArg } from '../parse-args';
import type { CommonOptions } from '../run-channel';
import { auditSay, formatWfpAuditPlan, formatWfpAuditResult, refusalText } from './audit-wfp-text';

/** The options of `audit-wfp`. */
export interface AuditWfpOptions extends CommonOptions {
  minutes: number;
  protocol: 'tcp' | 'udp';
  lang?: string;
  yes?: boolean;
  dryRun?: boolean;
}

/** Where the signals that end the window early come from (the process; an emitter in tests). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGBREAK' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGBREAK' | 'SIGTERM', listener: () => void): unknown;
}

/** What a run needs besides its options: the handlers and services, a question on a terminal (null: no terminal). */
export interface AuditWfpEnv {
  ctx: CliContext;
  ask: ((question: string) => Promise<boolean>) | null;
  signals: SignalSource;
}

/** The default minutes auditing stays on; the bound is 15 (the contract's). */
export const DEFAULT_MINUTES = 5;
const STOP_SIGNALS = ['SIGINT', 'SIGBREAK', 'SIGTERM'] as const;

/** Ask on the terminal (stderr, so stdout stays the result); only "y" or "yes" agrees. */
async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^\s*y(es)?\s*$/i.test(await rl.question(question));
  } finally {
    rl.close();
  }
}

/**
 * Run the confirmed window. Every stop signal (Ctrl-C, Ctrl-Break, SIGTERM) ends the wait and is held until the
 * handler has read the drops and turned auditing off again: a second Ctrl-C does not kill the process mid-undo.
 */
async function runWindow(
  io: CliIo,
  env: AuditWfpEnv,
  request: object,
  lang: EngineLanguage,
  json: boolean,
): Promise<{ ok: true; value: Result<WfpAuditResult> } | { ok: false; error: string }> {
  const say = auditSay(lang);
  const controller = new AbortController();
  const stop = () => {
    io.err(`portdoctor audit-wfp: ${say('stopping')}`);
    controller.abort();
  };
  for (const s of STOP_SIGNALS) env.signals.on(s, stop);
  try {
    return await new Promise((resolve) => {
      const send = (m: unknown) => {
        const message = m as
          { type: 'event'; event: WfpAuditEvent } | { type: 'done'; result: Result<WfpAuditResult> } | { type: 'error'; message: string };
        if (message.type === 'done') return resolve({ ok: true, value: message.result });
        if (message.type === 'error') return resolve({ ok: false, error: message.message });
        if (json) return;
        const e = message.event;
        io.err(
          `portdoctor audit-wfp: ${e.type === 'auditing' ? say('auditing', { minutes: e.minutes }) : say('left', { seconds: e.secondsLeft })}`,
        );
      };
      void dispatchStream(
        env.ctx.table,
        env.ctx.services,
        'firewall:wfp-audit',
        { ...request, confirmed: true },
        controller.signal,
        send,
        (_c, why) => io.err(`portdoctor audit-wfp: ${why}`),
      ).then((started) => {
        if (!started.ok) resolve(started);
      });
    });
  } finally {
    for (const s of STOP_SIGNALS) env.signals.off(s, stop);
  }
}

/** `audit-wfp` once its arguments are parsed: preview, confirmation (--yes or a "y" on the terminal), window, result. */
export async function runAuditWfp(io: CliIo, port: number, opts: AuditWfpOptions, env: AuditWfpEnv): Promise<number> {
  const json = opts.json === true;
  const lang = cliLanguage(opts.lang, process.env);
  const say = auditSay(lang);
  const refused = (r: Unavailable) => printError(io, json, 'audit-wfp', refusalText(r, lang), { reason: r.reason, detail: r.detail });
  const request = { port, protocol: opts.protocol, minutes: opts.minutes };
  const planned = await dispatchCall(
    env.ctx.table,
    env.ctx.services,
    'firewall:plan-wfp-audit',
    request,
    new AbortController().signal,
    (_c, why) => io.err(`portdoctor audit-wfp: ${why}`),
  );
  if (!planned.ok) return printError(io, json, 'audit-wfp', planned.error);
  const p = planned.value as Result<WfpAuditPlan>;
  if (p.kind !== 'ok') return refused(p);
  const ask = json || opts.dryRun ? null : env.ask;
  if (opts.dryRun || (!opts.yes && !ask)) {
    if (json) printJson(io, { schema: 'portdoctor.audit-wfp/1', plan: p.data, result: null });
    else io.out(`${formatWfpAuditPlan(p.data, lang)}\n${say(opts.dryRun ? 'dryRun' : 'notStarted')}`);
    return EXIT_OK;
  }
  if (!json) io.out(formatWfpAuditPlan(p.data, lang));
  // Not elevated (or a replay): said now, not after the user has agreed.
  const services = env.ctx.services;
  const cannot = cannotRun({ platform: services.platform, replaying: services.replay !== null, elevated: services.elevated });
  if (cannot) return refused(cannot);
  if (!opts.yes && ask && !(await ask(say('ask', { minutes: opts.minutes })))) {
    io.out(say('declined'));
    return EXIT_OK;
  }
  const run = await runWindow(io, env, request, lang, json);
  if (!run.ok) return printError(io, json, 'audit-wfp', run.error);
  if (run.value.kind !== 'ok') return refused(run.value);
  const r = run.value.data;
  if (json) printJson(io, { schema: 'portdoctor.audit-wfp/1', plan: p.data, result: r });
  else io.out(formatWfpAuditResult(r, port, opts.protocol, lang));
  // Something still on, or auditing never came on: the user must act (2); a drop found is a cause (1).
  if (r.undoByHand.length > 0 || r.outcome === 'not-enabled') return EXIT_USAGE;
  return r.drops ? EXIT_CAUSE_FOUND : EXIT_OK;
}

/** `portdoctor audit-wfp <port> [--minutes <n>] [--yes]`: Windows drop auditing for a few minutes, previewed first. */
export function registerAuditWfp(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('audit-wfp')
      .description(
        'Windows: turn Filtering Platform drop auditing on for a few minutes (previewed; asks, or --yes), name the filter that drops the port, turn auditing off again',
      )
      .argument('<port>', 'the port clients cannot reach', parsePortArg)
      .addOption(
        new Option('--minutes <n>', 'how long auditing stays on (1-15)').default(DEFAULT_MINUTES).argParser(intArg(1, 15, 'minutes')),
      )
      .addOption(new Option('--protocol <tcp|udp>', 'protocol').default('tcp').argParser(parseProtocolArg))
      .addOption(new Option('--dry-run', 'print the plan only'))
      .addOption(new Option('--yes', 'turn auditing on without asking (and off again afterwards)'))
      .addOption(langOption()),
  ).action(async (port: number, opts: AuditWfpOptions) => {
    const made = await createCliContext(opts.replay);
    if (!made.ok) return exit.set(printError(io, opts.json === true, 'audit-wfp', made.error));
    exit.set(await runAuditWfp(io, port, opts, { ctx: made.ctx, ask: process.stdin.isTTY ? askOnTerminal : null, signals: process }));
  });
}
