import type { Command } from 'commander';
import { Option } from 'commander';
import { cliLanguage, formatCheckText, langOption } from '../format-check';
import { parseIpArg, parsePortArg, parseProtocolArg } from '../parse-args';
import { runChannel } from '../run-channel';
import type { CommonOptions } from '../run-channel';
import { EXIT_CAUSE_FOUND, EXIT_OK } from '../output';
import type { CliIo } from '../output';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';

/** `portdoctor check <port>`: steps 1–3 on this server. */
export function registerCheck(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('check')
      .description('on the server: is the service listening, bound where clients reach it, and let in by the host firewall (steps 1-3)')
      .argument('<port>', 'the port clients cannot reach', parsePortArg)
      .addOption(new Option('--source <ip>', "the client's address, for the firewall evaluation").argParser(parseIpArg))
      .addOption(new Option('--protocol <tcp|udp>', 'protocol').default('tcp').argParser(parseProtocolArg))
      .addOption(
        new Option(
          '--expect <name>',
          'the service that should hold the port (process name or unit): tells port-in-use and privileged-port apart',
        ),
      )
      .addOption(langOption()),
  ).action(async (port: number, opts: CommonOptions & { source?: string; protocol: 'tcp' | 'udp'; expect?: string; lang?: string }) => {
    const request = {
      port,
      protocol: opts.protocol,
      ...(opts.source ? { source: opts.source } : {}),
      ...(opts.expect ? { expect: opts.expect } : {}),
    };
    exit.set(
      await runChannel(io, 'check', 'diagnose:check-port', request, opts, (report) => ({
        text: formatCheckText(report, cliLanguage(opts.lang, process.env)),
        // A verdict that is only partial is not a pass: exit 1 so scripts do not read "not verified" as "ok".
        exitCode: report.verdict.cause === 'ok' && !report.verdict.partial ? EXIT_OK : EXIT_CAUSE_FOUND,
      })),
    );
  });
}
