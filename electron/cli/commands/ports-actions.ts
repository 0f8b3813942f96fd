import { InvalidArgumentError } from 'commander';
import type { EngineLanguage } from '../../../shared/i18n/engine-text';
import { engineT } from '../../../shared/i18n/engine-text';
import type { EngineKeyUnder } from '../../../shared/i18n/engine-keys';
import { isIp, normalizeIp } from '../../../shared/net/address';
import { commandTexts, outcomeSentence, previewSentence } from '../../../shared/ports/action-text';
import type { ActionSay } from '../../../shared/ports/action-text';
import type { Connection, PortAction } from '../../../shared/schemas/port-actions';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';
import { displayCommand } from '../../system/runner';
import { EXIT_CAUSE_FOUND, EXIT_OK, EXIT_USAGE, printError } from '../output';
import type { CliIo } from '../output';
import { runChannel } from '../run-channel';
import type { CommonOptions } from '../run-channel';
import { parsePortArg } from '../parse-args';

/** `portdoctor ports --close/--kill` options. */
export interface PortActionOptions extends CommonOptions {
  lang?: string;
  close?: string;
  kill?: string;
  force?: boolean;
  yes?: boolean;
}

function endpointArg(text: string): { address: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  const address = m?.[1] ?? '';
  if (!m || !isIp(address) || text.startsWith('[') !== address.includes(':'))
    throw new InvalidArgumentError(`"${text.slice(0, 80)}" is not address:port`);
  return { address: normalizeIp(address), port: parsePortArg(m[2] ?? '') };
}

/** `<local>-<remote>` (each `a.b.c.d:port` or `[v6]:port`; no address holds a `-`) as a connection. */
export function parseConnectionArg(text: string): Connection {
  const parts = text.split('-');
  if (parts.length !== 2) throw new InvalidArgumentError(`"${text.slice(0, 80)}" is not <local>-<remote>`);
  const local = endpointArg(parts[0] ?? '');
  const remote = endpointArg(parts[1] ?? '');
  return { localAddress: local.address, localPort: local.port, remoteAddress: remote.address, remotePort: remote.port };
}

/** A PID to end: a whole number from 2 up (PID 1 is refused by the action too, with its reason). */
export function parsePidArg(text: string): number {
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1) throw new InvalidArgumentError(`"${text.slice(0, 40)}" is not a process id`);
  return Number(text);
}

/** The action as text: what it does, the exact commands, with which rights, and how it went. */
export function formatActionText(untrusted: PortAction, lang: EngineLanguage, windows: boolean): string {
  const a = defuseDeep(untrusted, FIELD_MAX);
  const say: ActionSay = (key, params) => engineT(lang, `engine.portsAction.${key}`, params, key);
  // A refused action is not described as if it would run: its reason says what happens instead.
  const lines = a.outcome === 'refused' ? [] : [previewSentence(a, windows, say)];
  if (a.process?.path) lines.push(`  ${say('path', { path: a.process.path })}`);
  const ran = a.outcome !== 'preview' && a.outcome !== 'refused' && (a.runs?.length ?? 0) > 0;
  if (a.commands.length > 0 && a.outcome !== 'refused') {
    lines.push(say(ran ? 'ran' : 'commands'));
    for (const c of commandTexts(a, displayCommand)) lines.push(...c.split('\n').map((l) => `    ${l}`));
    if (!ran) lines.push(say(a.elevated ? 'elevated' : 'ownRights'));
  }
  const outcome = outcomeSentence(a, say);
  if (outcome) lines.push(outcome);
  if (a.reason === 'command-failed' && a.detail) lines.push(`  ${a.detail.split('\n')[0] ?? ''}`);
  if (a.outcome === 'preview') lines.push(say('notRun'));
  if (a.auditLog) lines.push(say('audit', { path: a.auditLog }));
  return lines.join('\n');
}

/** 0 for a preview or an action that did what it said; 1 when it was refused, failed or left things as they were. */
export function actionExitCode(a: PortAction): number {
  return a.outcome === 'preview' || a.outcome === 'closed' || a.outcome === 'ended' ? EXIT_OK : EXIT_CAUSE_FOUND;
}

/** `portdoctor ports --close <local>-<remote>` / `--kill <pid> [--force]`: preview, or with --yes run (audited). */
export async function runPortAction(io: CliIo, opts: PortActionOptions, lang: EngineLanguage): Promise<number> {
  const say = (key: EngineKeyUnder<'portsAction'>) => engineT(lang, `engine.portsAction.${key}`, undefined, key);
  if (opts.close !== undefined && opts.kill !== undefined) return printError(io, opts.json === true, 'ports', say('oneAction'));
  let request: { channel: 'ports:close-connection'; body: unknown } | { channel: 'ports:end-process'; body: unknown };
  try {
    request =
      opts.close !== undefined
        ? {
            channel: 'ports:close-connection',
            body: { connection: parseConnectionArg(opts.close), ...(opts.yes ? { confirmed: true } : {}) },
          }
        : {
            channel: 'ports:end-process',
            body: { pid: parsePidArg(opts.kill ?? ''), ...(opts.force ? { force: true } : {}), ...(opts.yes ? { confirmed: true } : {}) },
          };
  } catch {
    printError(io, opts.json === true, 'ports', say(opts.close !== undefined ? 'badConnection' : 'badPid'));
    return EXIT_USAGE;
  }
  const present = (a: PortAction) => ({ text: formatActionText(a, lang, process.platform === 'win32'), exitCode: actionExitCode(a) });
  return request.channel === 'ports:close-connection'
    ? runChannel(io, 'ports', request.channel, request.body, opts, present)
    : runChannel(io, 'ports', request.channel, request.body, opts, present);
}
