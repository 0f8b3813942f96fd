import type { Command } from 'commander';
import { Option } from 'commander';
import { intArg, parseHostPortArg } from '../parse-args';
import { runChannel } from '../run-channel';
import type { CommonOptions } from '../run-channel';
import { EXIT_CAUSE_FOUND, EXIT_OK } from '../output';
import type { CliIo } from '../output';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';

/** `portdoctor probe <host>:<port>`: step 4, from the client. */
export function registerProbe(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('probe')
      .description('on the client: connect to host:port and say how it fails (step 4)')
      .argument('<target>', 'host:port, or [IPv6]:port', parseHostPortArg)
      .addOption(
        new Option('--timeout <ms>', 'connect budget in milliseconds').default(3000).argParser(intArg(100, 60_000, 'milliseconds')),
      ),
  ).action(async (target: { host: string; port: number }, opts: CommonOptions & { timeout: number }) => {
    exit.set(
      await runChannel(io, 'probe', 'diagnose:probe', { ...target, timeoutMs: opts.timeout }, opts, (report) => ({
        text: `${report.target.host}:${report.target.port} → ${report.outcome} (${report.cause}) in ${report.elapsedMs} ms${report.addresses.length ? ` [${report.addresses.join(', ')}]` : ''}`,
        exitCode: report.outcome === 'ok' ? EXIT_OK : EXIT_CAUSE_FOUND,
      })),
    );
  });
}
