import type { CallChannel } from '../../shared/ipc/channels';
import type { ResponseOf } from '../../shared/ipc/contract';
import { dispatchCall } from '../ipc/dispatch';
import { createCliContext } from './context';
import type { CliContext } from './context';
import { printError, printJson } from './output';
import type { CliIo } from './output';

export interface CommonOptions {
  json?: boolean;
  replay?: string;
}

type OkData<C extends CallChannel> = Extract<ResponseOf<C>, { kind: 'ok' }> extends { data: infer D } ? D : ResponseOf<C>;

/**
 * Run one call channel for a CLI command: build the context (live or replay), validate through the
 * same dispatch the IPC door and the bridge use, then print text or one JSON document.
 * `present` returns the text and the exit code for a successful answer.
 */
export async function runChannel<C extends CallChannel>(
  io: CliIo,
  command: string,
  channel: C,
  request: unknown,
  options: CommonOptions,
  present: (data: OkData<C>, ctx: CliContext) => { text: string; exitCode: number; json?: unknown },
): Promise<number> {
  const json = options.json === true;
  const made = await createCliContext(options.replay);
  if (!made.ok) return printError(io, json, command, made.error);
  const { ctx } = made;
  const envelope = await dispatchCall(ctx.table, ctx.services, channel, request, new AbortController().signal, (_c, why) =>
    io.err(`portdoctor ${command}: ${why}`),
  );
  if (!envelope.ok) return printError(io, json, command, envelope.error);
  const response = envelope.value as ResponseOf<C>;
  if (typeof response === 'object' && response !== null && 'kind' in response) {
    if (response.kind === 'unavailable') {
      const prefix = response.reason === 'not-implemented' ? 'not yet available' : `unavailable (${response.reason})`;
      const hint = response.command ? ` — try: ${response.command}` : '';
      return printError(io, json, command, `${prefix}: ${response.detail}${hint}`, { reason: response.reason, detail: response.detail });
    }
  }
  const data = (
    typeof response === 'object' && response !== null && 'kind' in response && response.kind === 'ok' ? response.data : response
  ) as OkData<C>;
  const shown = present(data, ctx);
  if (json) printJson(io, shown.json ?? data);
  else io.out(shown.text);
  return shown.exitCode;
}
