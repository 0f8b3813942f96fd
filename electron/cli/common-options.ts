import { Option } from 'commander';
import type { Command } from 'commander';

/** Collects the exit code that a command's action decides. */
export interface ExitSink {
  set(code: number): void;
}

/** Options every command takes: --json (one JSON document on stdout) and --replay (judge a recorded bundle). */
export function withCommon(command: Command): Command {
  return command
    .addOption(new Option('--json', 'print one JSON document on stdout and nothing else'))
    .addOption(new Option('--replay <file>', 'judge as on the machine that recorded this report bundle; runs nothing'));
}
