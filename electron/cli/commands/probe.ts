import { Option } from 'commander';
import type { Command } from 'commander';
import type { ProbeReport } from '../../../shared/schemas/report';
import { dispatchCall } from '../../ipc/dispatch';
import { createCliContext } from '../context';
import { intArg, parseHostPortArg } from '../parse-args';
import { runChannel } from '../run-channel';
import type { CommonOptions } from '../run-channel';
import { EXIT_CAUSE_FOUND, EXIT_OK, printError, printJson } from '../output';
import { defuseDeep, FIELD_MAX } from '../../../shared/text/defuse';
import type { CliIo } from '../output';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';
import { cliLanguage, evidenceText, langOption } from '../format-check';
import { engineT } from '../../../shared/i18n/engine-text';
import type { EngineLanguage } from '../../../shared/i18n/engine-text';

type ProbeOptions = CommonOptions & { timeout: number; tls?: boolean; http?: boolean; udp?: boolean; lang?: string };

/** A probe report as text for people: the outcome first, then its evidence. */
export function formatProbeText(untrusted: ProbeReport, lang: EngineLanguage = 'en'): string {
  const report = defuseDeep(untrusted, FIELD_MAX);
  const params = {
    target: `${report.target.host}:${report.target.port}${report.target.protocol === 'udp' ? '/udp' : ''}`,
    outcome: report.outcome,
    cause: report.cause,
    ms: report.elapsedMs,
  };
  const said = engineT(lang, 'engine.cli.probeHead', params, '');
  const head = `${said}${report.addresses.length ? ` [${report.addresses.join(', ')}]` : ''}`;
  return [head, ...(report.evidence ?? []).map((e) => `  ${evidenceText(e, lang)}${e.command ? `\n    $ ${e.command}` : ''}`)].join('\n');
}

async function probeSeveral(io: CliIo, targets: { host: string; port: number }[], opts: ProbeOptions): Promise<number> {
  const json = opts.json === true;
  const made = await createCliContext(opts.replay);
  if (!made.ok) return printError(io, json, 'probe', made.error);
  const { table, services } = made.ctx;
  const signal = new AbortController().signal;
  const extra = {
    timeoutMs: opts.timeout,
    ...(opts.tls ? { tls: true } : {}),
    ...(opts.http ? { http: true } : {}),
    ...(opts.udp ? { protocol: 'udp' } : {}),
  };
  // Every target starts at once and shares the one budget.
  const answers = await Promise.all(
    targets.map((t) =>
      dispatchCall(table, services, 'diagnose:probe', { ...t, ...extra }, signal, (_c, why) => io.err(`portdoctor probe: ${why}`)),
    ),
  );
  const reports: ProbeReport[] = [];
  for (const a of answers) {
    if (!a.ok) return printError(io, json, 'probe', a.error);
    const r = a.value as { kind: 'ok'; data: ProbeReport } | { kind: 'unavailable'; detail: string };
    if (r.kind !== 'ok') return printError(io, json, 'probe', r.detail);
    reports.push(r.data);
  }
  if (json) printJson(io, { schema: 'portdoctor.probes/1', reports });
  else io.out(reports.map((r) => formatProbeText(r, cliLanguage(opts.lang, process.env))).join('\n\n'));
  return reports.every((r) => r.outcome === 'ok') ? EXIT_OK : EXIT_CAUSE_FOUND;
}

/** `portdoctor probe <host>:<port>…`: step 4, from the client. */
export function registerProbe(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('probe')
      .description('on the client: connect to host:port and say how it fails (step 4); several targets run in parallel within one budget')
      .argument('<targets...>', 'host:port, or [IPv6]:port (several allowed)')
      .addOption(
        new Option('--timeout <ms>', 'connect budget in milliseconds').default(3000).argParser(intArg(100, 60_000, 'milliseconds')),
      )
      .addOption(new Option('--tls', 'when the port answers, also try a TLS handshake and summarise the certificate'))
      .addOption(new Option('--http', 'when the port answers, send HEAD / and show the status line'))
      .addOption(
        new Option('--udp', 'probe a UDP port: a DNS query on 53, an NTP request on 123, an empty datagram elsewhere').conflicts([
          'tls',
          'http',
        ]),
      )
      .addOption(langOption()),
  ).action(async (raw: string[], opts: ProbeOptions) => {
    let targets: { host: string; port: number }[];
    try {
      if (raw.length > 1000) throw new Error(`at most 1000 targets at once (got ${raw.length})`);
      targets = raw.map(parseHostPortArg);
    } catch (e) {
      return exit.set(printError(io, opts.json === true, 'probe', (e as Error).message));
    }
    if (targets.length > 1) return exit.set(await probeSeveral(io, targets, opts));
    const request = {
      ...targets[0],
      timeoutMs: opts.timeout,
      ...(opts.tls ? { tls: true } : {}),
      ...(opts.http ? { http: true } : {}),
      ...(opts.udp ? { protocol: 'udp' as const } : {}),
    };
    exit.set(
      await runChannel(io, 'probe', 'diagnose:probe', request, opts, (report) => ({
        text: formatProbeText(report, cliLanguage(opts.lang, process.env)),
        exitCode: report.outcome === 'ok' ? EXIT_OK : EXIT_CAUSE_FOUND,
      })),
    );
  });
}
