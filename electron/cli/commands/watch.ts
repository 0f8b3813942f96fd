import type { Command } from 'commander';
import { Option } from 'commander';
import { printError } from '../output';
import type { CliIo } from '../output';
import { intArg, parsePortArg } from '../parse-args';
import type { CommonOptions } from '../run-channel';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';

/** `portdoctor watch <port> --seconds <n>`: step 5, capture on the server. */
export function registerWatch(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('watch')
      .description('on the server: capture SYNs to the port and what the host answered, per peer (step 5)')
      .argument('<port>', 'port to watch', parsePortArg)
      .addOption(new Option('--seconds <n>', 'how long to capture').makeOptionMandatory().argParser(intArg(1, 600, 'seconds'))),
  ).action(async (_port: number, opts: CommonOptions) => {
    exit.set(
      printError(io, opts.json === true, 'watch', 'not yet available: packet capture (step 5) is tracked in issue #4.', {
        reason: 'not-implemented',
      }),
    );
  });
}
