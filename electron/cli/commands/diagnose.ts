import { readFile, stat } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { z } from 'zod';
import { CheckReportSchema, ProbeReportSchema, WatchReportSchema } from '../../../shared/schemas/report';
import { cliLanguage, formatCheckText, langOption } from '../format-check';
import { EXIT_CAUSE_FOUND, EXIT_OK, printError, printJson } from '../output';
import type { CliIo } from '../output';
import { intArg, parseIpArg, parsePortArg } from '../parse-args';
import type { CommonOptions } from '../run-channel';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';
import { decodeOutput } from '../../system/decode';
import { runStreamChannel } from './watch';
import { withSsh } from '../ssh-connect';
import type { SshCliOptions } from '../ssh-connect';
import { runRemoteDiagnose } from './remote-commands';

/** Report files are untrusted input: read at most this much, then schema-validate. */
export const MAX_REPORT_BYTES = { probe: 1024 * 1024, watch: 8 * 1024 * 1024, check: 8 * 1024 * 1024 } as const;

/** Read a probe/watch report file: size-capped before reading, JSON-parsed, checked against its schema. */
export async function readReportFile<S extends z.ZodType>(
  path: string,
  schema: S,
  maxBytes: number,
  what: string,
): Promise<{ ok: true; value: z.output<S> } | { ok: false; error: string }> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, error: `${path} is not a file` };
    if (info.size > maxBytes) return { ok: false, error: `${path} is ${info.size} bytes; a ${what} is at most ${maxBytes} bytes` };
    // PowerShell 5.1 writes UTF-8 with a BOM (Out-File -Encoding utf8) or UTF-16 (`>`): a customer's file may be either.
    text = decodeOutput(await readFile(path));
  } catch (e) {
    return { ok: false, error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: `${path} is not JSON; expected a ${what}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const got =
      typeof json === 'object' && json !== null && 'schema' in json
        ? ` (its schema is ${JSON.stringify(String((json as { schema: unknown }).schema).slice(0, 60))})`
        : '';
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `${path} is not a valid ${what}${got}: ${issue ? `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}` : 'schema mismatch'}`,
    };
  }
  return { ok: true, value: parsed.data };
}

/** `--public-address` given several times: each one an IP address, kept in order. */
function collectIps(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), parseIpArg(value)];
}

type DiagnoseOptions = CommonOptions &
  SshCliOptions & {
    clientReport?: string;
    watchReport?: string;
    checkReport?: string;
    watch?: number;
    standIn?: boolean;
    source?: string;
    publicAddress?: string[];
    lang?: string;
    timeout?: number;
  };

/** `portdoctor diagnose <port>`: all five steps joined into one verdict. */
export function registerDiagnose(program: Command, io: CliIo, exit: ExitSink): void {
  withSsh(
    withCommon(
      program
        .command('diagnose')
        .description('on the server: all five steps, joined with a client probe report and a capture, into one verdict')
        .argument('<port>', 'the port clients cannot reach', parsePortArg)
        .addOption(new Option('--client-report <file>', 'the output of `portdoctor probe --json` run on the client'))
        .addOption(new Option('--watch-report <file>', 'the output of `portdoctor watch --json`').conflicts('watch'))
        .addOption(
          new Option(
            '--check-report <file>',
            'the output of `portdoctor check --json` for the same port and --source, made here (steps 1–3 are then not run again)',
          ),
        )
        .addOption(new Option('--watch <n>', 'capture for n seconds now').argParser(intArg(1, 600, 'seconds')))
        .addOption(new Option('--stand-in', 'with --watch: when nothing listens on the port, listen there ourselves while capturing'))
        .addOption(
          new Option('--source <ip>', "the client's address as this host sees it (default: the client report's source address)").argParser(
            parseIpArg,
          ),
        )
        .addOption(
          new Option(
            '--public-address <ip>',
            "an address in front of this host (NAT, load balancer, cloud public IP) that clients' names may rightly resolve to; repeatable",
          ).argParser(collectIps),
        )
        .addOption(
          new Option('--timeout <ms>', 'with --ssh: the connect budget of the probe from here').argParser(
            intArg(100, 60_000, 'milliseconds'),
          ),
        )
        .addOption(langOption()),
    ),
  ).action(async (port: number, opts: DiagnoseOptions) => {
    const json = opts.json === true;
    if (opts.ssh) {
      if (opts.clientReport || opts.watchReport || opts.checkReport || opts.watch !== undefined || opts.replay)
        return exit.set(
          printError(
            io,
            json,
            'diagnose',
            '--ssh probes from here and captures on the server itself: it takes no --client-report, --watch-report, --check-report, --watch or --replay',
          ),
        );
      return exit.set(await runRemoteDiagnose(io, port, opts));
    }
    const request: Record<string, unknown> = { port, protocol: 'tcp' };
    if (opts.clientReport) {
      const r = await readReportFile(
        opts.clientReport,
        ProbeReportSchema,
        MAX_REPORT_BYTES.probe,
        'PortDoctor probe report (portdoctor.probe/1)',
      );
      if (!r.ok) return exit.set(printError(io, json, 'diagnose', r.error));
      request.clientReport = r.value;
    }
    if (opts.watchReport) {
      const r = await readReportFile(
        opts.watchReport,
        WatchReportSchema,
        MAX_REPORT_BYTES.watch,
        'PortDoctor watch report (portdoctor.watch/1)',
      );
      if (!r.ok) return exit.set(printError(io, json, 'diagnose', r.error));
      request.watchReport = r.value;
    }
    if (opts.checkReport) {
      const r = await readReportFile(
        opts.checkReport,
        CheckReportSchema,
        MAX_REPORT_BYTES.check,
        'PortDoctor check report (portdoctor.check/1)',
      );
      if (!r.ok) return exit.set(printError(io, json, 'diagnose', r.error));
      request.checkReport = r.value;
    }
    if (opts.watch !== undefined) request.watchSeconds = opts.watch;
    if (opts.standIn) request.standIn = true;
    if (opts.source) request.source = opts.source;
    if (opts.publicAddress?.length) request.publicAddresses = opts.publicAddress;
    const run = await runStreamChannel(io, 'diagnose', 'diagnose:run', request, opts, (e) => {
      if (!json && e.type === 'step-started' && e.id === 'packets' && opts.watch) io.err(`capturing port ${port} for ${opts.watch} s…`);
    });
    if (!run.ok) return exit.set(run.code);
    const r = run.value;
    if (r.kind !== 'ok')
      return exit.set(printError(io, json, 'diagnose', `unavailable (${r.reason}): ${r.detail}`, { reason: r.reason, detail: r.detail }));
    if (json) printJson(io, r.data);
    else io.out(formatCheckText(r.data, cliLanguage(opts.lang, process.env)));
    exit.set(r.data.verdict.cause === 'ok' ? EXIT_OK : EXIT_CAUSE_FOUND);
  });
}
