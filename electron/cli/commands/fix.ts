import { Option } from 'commander';
import type { Command } from 'commander';
import type { Unavailable } from '../../../shared/schemas/common';
import type { AppliedFixList, FixPlan, FixResult, FixVerifyResult, UndoResult } from '../../../shared/schemas/firewall';
import { dispatchCall } from '../../ipc/dispatch';
import { displayCommand } from '../../system/runner';
import { createCliContext } from '../context';
import type { CliContext } from '../context';
import { EXIT_CAUSE_FOUND, EXIT_OK, printError, printJson } from '../output';
import type { CliIo } from '../output';
import { parseCidrArg, parsePortArg, parseProtocolArg } from '../parse-args';
import type { CommonOptions } from '../run-channel';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';
import { cliLanguage, langOption } from '../format-check';
import { withSsh } from '../ssh-connect';
import type { SshCliOptions } from '../ssh-connect';
import { cliSay, formatFixListText, formatPlanText, formatResultText, formatVerifyText } from './fix-list';
import { runRemoteFix } from './remote-commands';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';

interface FixOptions extends CommonOptions, SshCliOptions {
  lang?: string;
  source?: string;
  protocol: 'tcp' | 'udp';
  profile?: ('domain' | 'private' | 'public')[];
  dryRun?: boolean;
  yes?: boolean;
  undo?: string;
  list?: boolean;
  verify?: string;
  persist: boolean;
  disableBlockRule?: boolean;
}

type FixChannel = 'firewall:plan-fix' | 'firewall:apply-fix' | 'firewall:undo-fix' | 'firewall:list-fixes' | 'firewall:verify-fix';

async function call(ctx: CliContext, io: CliIo, channel: FixChannel, request: unknown) {
  const envelope = await dispatchCall(ctx.table, ctx.services, channel, request, new AbortController().signal, (_c, why) =>
    io.err(`portdoctor fix: ${why}`),
  );
  if (!envelope.ok) return { kind: 'unavailable', reason: 'unparseable', detail: envelope.error } as Unavailable;
  return envelope.value as { kind: 'ok'; data: unknown } | Unavailable;
}

function failed(io: CliIo, json: boolean, r: Unavailable): number {
  // Without root one sentence says what to do; the tool's own error adds nothing a person can act on.
  if (r.reason === 'needs-admin')
    return printError(io, json, 'fix', `${r.detail.replace(/\.$/, '')}: sudo portdoctor ${process.argv.slice(2).join(' ')}`, {
      reason: r.reason,
      detail: r.detail,
    });
  const hint = r.command ? ` — try: ${r.command}` : '';
  return printError(io, json, 'fix', `unavailable (${r.reason}): ${r.detail}${hint}`, { reason: r.reason, detail: r.detail });
}

async function runUndo(ctx: CliContext, io: CliIo, id: string, json: boolean): Promise<number> {
  const r = await call(ctx, io, 'firewall:undo-fix', { id });
  if (r.kind !== 'ok') return failed(io, json, r);
  const data = r.data as UndoResult;
  if (json) printJson(io, { schema: 'portdoctor.fix-undo/1', id, ...data });
  else {
    const shown = defuseDeep(data, FIELD_MAX);
    io.out(
      [...shown.evidence.map((e) => e.text), ...(shown.runs ?? []).map((x) => `  [${x.status}] ${displayCommand(x.argv)}`)].join('\n'),
    );
  }
  return data.undone ? EXIT_OK : EXIT_CAUSE_FOUND;
}

async function runList(ctx: CliContext, io: CliIo, opts: FixOptions): Promise<number> {
  const json = opts.json === true;
  const r = await call(ctx, io, 'firewall:list-fixes', {});
  if (r.kind !== 'ok') return failed(io, json, r);
  const data = r.data as AppliedFixList;
  if (json) printJson(io, { schema: 'portdoctor.fix-list/1', ...data });
  else io.out(formatFixListText(data.fixes, cliLanguage(opts.lang, process.env)));
  return EXIT_OK;
}

async function runVerify(ctx: CliContext, io: CliIo, id: string, opts: FixOptions): Promise<number> {
  const json = opts.json === true;
  const r = await call(ctx, io, 'firewall:verify-fix', { id });
  if (r.kind !== 'ok') return failed(io, json, r);
  const data = r.data as FixVerifyResult;
  if (json) printJson(io, { schema: 'portdoctor.fix-verify/1', ...data });
  else io.out(formatVerifyText(data, cliLanguage(opts.lang, process.env)));
  return data.fixed ? EXIT_OK : EXIT_CAUSE_FOUND;
}

async function runFix(ctx: CliContext, io: CliIo, port: number, opts: FixOptions): Promise<number> {
  const json = opts.json === true;
  const request = {
    port,
    protocol: opts.protocol,
    persist: opts.persist,
    ...(opts.source ? { source: opts.source } : {}),
    ...(opts.profile ? { profiles: opts.profile } : {}),
  };
  const planned = await call(ctx, io, 'firewall:plan-fix', request);
  if (planned.kind !== 'ok') return failed(io, json, planned);
  const plan = planned.data as FixPlan;
  const runnable = plan.commands.length > 0;
  if (opts.dryRun || !opts.yes || !runnable) {
    const say = cliSay(cliLanguage(opts.lang, process.env));
    const hint = !runnable ? '' : `\n${say(opts.dryRun ? 'dryRun' : plan.separateConfirmation ? 'notAppliedBlockRule' : 'notApplied')}`;
    if (json) printJson(io, { schema: 'portdoctor.fix/1', plan, applied: null });
    else io.out(formatPlanText(plan, cliLanguage(opts.lang, process.env)) + hint);
    // A guided fix or an explanation leaves the cause in place: exit 1 as for a found cause.
    return plan.kind === 'guided' || plan.kind === 'explain' ? EXIT_CAUSE_FOUND : EXIT_OK;
  }
  if (!json) io.out(formatPlanText(plan, cliLanguage(opts.lang, process.env)));
  const applied = await call(ctx, io, 'firewall:apply-fix', {
    planId: plan.id,
    confirmed: true,
    ...(opts.disableBlockRule ? { confirmDisableBlockRule: true } : {}),
  });
  if (applied.kind !== 'ok') {
    if (json) printJson(io, { schema: 'portdoctor.fix/1', plan, applied: null, error: applied });
    else io.err(`portdoctor fix: unavailable (${applied.reason}): ${applied.detail}`);
    return EXIT_CAUSE_FOUND;
  }
  const result = applied.data as FixResult;
  if (json) printJson(io, { schema: 'portdoctor.fix/1', plan, applied: result });
  else io.out(`\n${formatResultText(result, cliLanguage(opts.lang, process.env))}`);
  return result.fixed ? EXIT_OK : EXIT_CAUSE_FOUND;
}

/** `portdoctor fix <port>`: plan (and with --yes apply) the firewall change; `--undo <id>` reverts. */
export function registerFix(program: Command, io: CliIo, exit: ExitSink): void {
  withSsh(
    withCommon(
      program
        .command('fix')
        .description('plan the firewall change that lets clients in; apply it with --yes; revert with --undo <id>')
        .argument('[port]', 'the port to open', parsePortArg)
        .addOption(
          new Option('--source <cidr>', 'who may connect (default: the narrowest scope that lets the client in)').argParser(parseCidrArg),
        )
        .addOption(new Option('--protocol <tcp|udp>', 'protocol').default('tcp').argParser(parseProtocolArg))
        .addOption(new Option('--profile <profiles...>', 'Windows firewall profiles').choices(['domain', 'private', 'public']))
        .addOption(new Option('--no-persist', 'change the running firewall only (not firewalld --permanent / netfilter-persistent)'))
        .addOption(new Option('--dry-run', 'print the plan only'))
        .addOption(new Option('--yes', 'apply the plan without asking'))
        .addOption(new Option('--disable-block-rule', 'Windows: also confirm disabling the block rule that decides'))
        .addOption(new Option('--undo <id>', 'remove exactly what fix <id> added'))
        .addOption(new Option('--verify <id>', "test fix <id> again: the new rule's counter (traffic since the fix) and the ruleset"))
        .addOption(new Option('--list', 'list the fixes in the data folder: present here, not present here, or couldn’t check'))
        .addOption(langOption()),
    ),
  ).action(async (port: number | undefined, opts: FixOptions) => {
    const json = opts.json === true;
    for (const id of [opts.undo, opts.verify])
      if (id !== undefined && !/^[a-z0-9-]{1,64}$/.test(id))
        return exit.set(printError(io, json, 'fix', `"${id.slice(0, 70)}" is not a fix id`));
    if (opts.undo === undefined && opts.verify === undefined && port === undefined && !opts.list)
      return exit.set(printError(io, json, 'fix', 'give a port to fix, --undo <id>, --verify <id> or --list'));
    if (opts.ssh) {
      if (opts.list)
        return exit.set(printError(io, json, 'fix', '--list reads the data folder of the computer it runs on: run it on the server'));
      if (opts.replay) return exit.set(printError(io, json, 'fix', '--ssh acts on a live server: it takes no --replay'));
      return exit.set(await runRemoteFix(io, port, opts));
    }
    const made = await createCliContext(opts.replay);
    if (!made.ok) return exit.set(printError(io, json, 'fix', made.error));
    if (opts.list) return exit.set(await runList(made.ctx, io, opts));
    if (opts.verify !== undefined) return exit.set(await runVerify(made.ctx, io, opts.verify, opts));
    exit.set(opts.undo !== undefined ? await runUndo(made.ctx, io, opts.undo, json) : await runFix(made.ctx, io, port ?? 0, opts));
  });
}
