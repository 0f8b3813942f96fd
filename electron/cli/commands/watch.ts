import { Option } from 'commander';
import { queueEvidence } from '../../../shared/diagnose/queue-step';
import type { Command } from 'commander';
import type { StreamChannel } from '../../../shared/ipc/channels';
import type { EventOf, ResponseOf } from '../../../shared/ipc/contract';
import type { WatchReport } from '../../../shared/schemas/report';
import { dispatchStream } from '../../ipc/dispatch';
import { createCliContext } from '../context';
import { EXIT_CAUSE_FOUND, EXIT_OK, printError, printJson } from '../output';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';
import type { CliIo } from '../output';
import { intArg, parsePortArg } from '../parse-args';
import type { CommonOptions } from '../run-channel';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';

type Final<C extends StreamChannel> = ResponseOf<C>;

/** Run a stream channel for a CLI command through the same validating dispatch as IPC; events go to `onEvent`. */
export async function runStreamChannel<C extends StreamChannel>(
  io: CliIo,
  command: string,
  channel: C,
  request: unknown,
  options: CommonOptions,
  onEvent: (event: EventOf<C>) => void,
): Promise<{ ok: true; value: Final<C> } | { ok: false; code: number }> {
  const json = options.json === true;
  const made = await createCliContext(options.replay);
  if (!made.ok) return { ok: false, code: printError(io, json, command, made.error) };
  const controller = new AbortController();
  const stopOnSignal = () => controller.abort();
  process.once('SIGINT', stopOnSignal);
  try {
    const final = await new Promise<{ ok: true; value: unknown } | { ok: false; error: string }>((resolve) => {
      void dispatchStream(
        made.ctx.table,
        made.ctx.services,
        channel,
        request,
        controller.signal,
        (m) => {
          const message = m as { type: 'event'; event: unknown } | { type: 'done'; result: unknown } | { type: 'error'; message: string };
          if (message.type === 'event') onEvent(message.event as EventOf<C>);
          else if (message.type === 'done') resolve({ ok: true, value: message.result });
          else resolve({ ok: false, error: message.message });
        },
        (_c, why) => io.err(`portdoctor ${command}: ${why}`),
      ).then((started) => {
        if (!started.ok) resolve(started);
      });
    });
    if (!final.ok) return { ok: false, code: printError(io, json, command, final.error) };
    return { ok: true, value: final.value as Final<C> };
  } finally {
    process.off('SIGINT', stopOnSignal);
  }
}

/** Printed on stderr once the capture is really running. */
export const CAPTURING_LINE = 'portdoctor watch: capturing';

/** A watch report as text: one line per peer with its counts and result. */
export function formatWatchText(untrusted: WatchReport): string {
  const report = defuseDeep(untrusted, FIELD_MAX);
  const lines = [
    `port ${report.port}: ${report.peers.length} peer(s) in ${report.seconds ?? '?'} s${report.capture ? ` (${report.capture.packets} packets; ${report.capture.command})` : ''}`,
  ];
  if (report.standIn)
    lines.push(
      report.standIn.error
        ? `stand-in listener: ${report.standIn.error}`
        : `stand-in listener on ${report.standIn.addresses.join(', ')}: ${report.standIn.connections} connection(s) reached it`,
    );
  if (report.queue) lines.push(queueEvidence(report.queue).text);
  if (report.peers.length === 0)
    lines.push('no SYN to the port arrived: if a client tried meanwhile, the block is upstream (security group, ACL, router)');
  for (const p of report.peers) {
    const icmp = p.icmpTypes?.length ? ` [${p.icmpTypes.join('; ')}]` : '';
    lines.push(
      `  ${p.address}: ${p.result} — SYN ${p.syn} (retransmitted ${p.retransmissions ?? 0}), SYN-ACK ${p.synAck}, RST ${p.rst}, ICMP ${p.icmp ?? 0}${icmp}`,
    );
  }
  return lines.join('\n');
}

/** `portdoctor watch <port> --seconds <n>`: step 5, capture on the server. */
export function registerWatch(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('watch')
      .description('on the server: capture SYNs to the port and what the host answered, per peer (step 5)')
      .argument('<port>', 'port to watch', parsePortArg)
      .addOption(new Option('--seconds <n>', 'how long to capture').makeOptionMandatory().argParser(intArg(1, 600, 'seconds')))
      .addOption(
        new Option('--stand-in', 'when nothing listens on the port, listen there ourselves (all addresses, a banner) while capturing'),
      ),
  ).action(async (port: number, opts: CommonOptions & { seconds: number; standIn?: boolean }) => {
    const json = opts.json === true;
    if (!json) io.err(`capturing port ${port} for ${opts.seconds} s…`);
    const run = await runStreamChannel(
      io,
      'watch',
      'capture:watch',
      { port, seconds: opts.seconds, ...(opts.standIn ? { standIn: true } : {}) },
      opts,
      (e) => {
        // The one line a remote caller waits for before its client connects (also with --json: stderr is free).
        if (e.type === 'capturing') io.err(CAPTURING_LINE);
        else if (!json) io.err(`${e.time} ${e.peer} ${e.flags}`);
      },
    );
    if (!run.ok) return exit.set(run.code);
    const r = run.value;
    if (r.kind !== 'ok')
      return exit.set(
        printError(io, json, 'watch', `unavailable (${r.reason}): ${r.detail}${r.command ? ` — try: ${r.command}` : ''}`, {
          reason: r.reason,
          detail: r.detail,
          ...(r.command ? { command: r.command } : {}),
        }),
      );
    if (json) printJson(io, r.data);
    else io.out(formatWatchText(r.data));
    exit.set(r.data.peers.length > 0 && r.data.peers.every((p) => p.result === 'answered') ? EXIT_OK : EXIT_CAUSE_FOUND);
  });
}
