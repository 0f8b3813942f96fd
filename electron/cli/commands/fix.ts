import type { Command } from 'commander';
import { Option } from 'commander';
import { printError } from '../output';
import type { CliIo } from '../output';
import { parseCidrArg, parsePortArg } from '../parse-args';
import type { CommonOptions } from '../run-channel';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';

/** `portdoctor fix <port>`: plan (and with --yes apply) the firewall change; `--undo <id>` reverts. */
export function registerFix(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('fix')
      .description('plan the firewall change that lets clients in; apply it with --yes; revert with --undo <id>')
      .argument('[port]', 'the port to open', parsePortArg)
      .addOption(
        new Option('--source <cidr>', 'who may connect (default: the narrowest scope that lets the client in)').argParser(parseCidrArg),
      )
      .addOption(new Option('--profile <profiles...>', 'Windows firewall profiles').choices(['domain', 'private', 'public']))
      .addOption(new Option('--dry-run', 'print the plan only'))
      .addOption(new Option('--yes', 'apply the plan without asking'))
      .addOption(new Option('--undo <id>', 'remove exactly what fix <id> added')),
  ).action(async (_port: number | undefined, opts: CommonOptions) => {
    exit.set(
      printError(io, opts.json === true, 'fix', 'not yet available: firewall fixes are tracked in issue #6.', {
        reason: 'not-implemented',
      }),
    );
  });
}
