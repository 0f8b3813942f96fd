import type { Command } from 'commander';
import { Option } from 'commander';
import { printError } from '../output';
import type { CliIo } from '../output';
import { intArg, parsePortArg } from '../parse-args';
import type { CommonOptions } from '../run-channel';
import type { ExitSink } from '../common-options';
import { withCommon } from '../common-options';

/** `portdoctor diagnose <port>`: all five steps joined into one verdict. */
export function registerDiagnose(program: Command, io: CliIo, exit: ExitSink): void {
  withCommon(
    program
      .command('diagnose')
      .description('on the server: all five steps, joined with a client probe report and a capture, into one verdict')
      .argument('<port>', 'the port clients cannot reach', parsePortArg)
      .addOption(new Option('--client-report <file>', 'the output of `portdoctor probe --json` run on the client'))
      .addOption(new Option('--watch-report <file>', 'the output of `portdoctor watch --json`').conflicts('watch'))
      .addOption(new Option('--watch <n>', 'capture for n seconds now').argParser(intArg(1, 600, 'seconds'))),
  ).action(async (_port: number, opts: CommonOptions) => {
    exit.set(
      printError(io, opts.json === true, 'diagnose', 'not yet available: the combined five-step verdict is tracked in issue #4.', {
        reason: 'not-implemented',
      }),
    );
  });
}
