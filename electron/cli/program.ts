import { Command, CommanderError } from 'commander';
import type { ExitSink } from './common-options';
import { APP_VERSION } from '../app/version';
import { registerAuditWfp } from './commands/audit-wfp';
import { registerCheck } from './commands/check';
import { registerCollect } from './commands/collect';
import { registerDiagnose } from './commands/diagnose';
import { registerFix } from './commands/fix';
import { registerPorts } from './commands/ports';
import { registerProbe } from './commands/probe';
import { registerReport } from './commands/report';
import { registerWatch } from './commands/watch';
import { registerWeb } from './commands/web';
import { EXIT_OK, EXIT_USAGE, defusedIo } from './output';
import type { CliIo } from './output';
import { defuseField } from '../../shared/text/defuse';

type Register = (program: Command, io: CliIo, exit: ExitSink) => void;

/** Every command of DESIGN.md by name, in the order `--help` lists them (each `register*` names its own command). */
export const COMMANDS: readonly (readonly [string, Register])[] = [
  ['check', registerCheck],
  ['probe', registerProbe],
  ['watch', registerWatch],
  ['diagnose', registerDiagnose],
  ['ports', registerPorts],
  ['fix', registerFix],
  ['audit-wfp', registerAuditWfp],
  ['collect', registerCollect],
  ['web', registerWeb],
  ['report', registerReport],
];

/**
 * Build the `portdoctor` program. With the run's argv, only the command it names is registered (the ten
 * registrations build every option and help text: a few ms of each start); with none, or a first word that is no
 * command (`--help`, `help`, a typo that earns a suggestion), every command is.
 */
export function buildProgram(io: CliIo, exit: ExitSink, argv?: readonly string[]): Command {
  const program = new Command('portdoctor')
    .description("Finds why a running service's port cannot be reached, explains it, and fixes the firewall safely.")
    .version(APP_VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // One line: commander's own suggestion joins it, and a newline inside an echoed argument is shown as \u000a.
      outputError: (s, write) =>
        write(
          `portdoctor: ${defuseField(
            s
              .replace(/^error: /, '')
              .trim()
              .replace(/\n(?=\(Did you mean)/g, ' '),
          )}\n`,
        ),
    });
  const named = argv ? COMMANDS.find(([name]) => name === argv[0]) : undefined;
  for (const [, register] of named ? [named] : COMMANDS) register(program, io, exit);
  return program;
}

/** Run the CLI on argv (without node and script); resolves to the exit code (0 ok, 1 cause found, 2 usage/internal). */
export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  const io = defusedIo(rawIo);
  let code = EXIT_OK;
  const program = buildProgram(io, { set: (c) => (code = c) }, argv);
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    io.err(`portdoctor: internal error: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
  return code;
}
