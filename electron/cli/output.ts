import type { Unavailable } from '../../shared/schemas/common';
import { clipLongWords, defuseField, defuseText } from '../../shared/text/defuse';

/** Exit codes of the CLI contract. */
export const EXIT_OK = 0;
export const EXIT_CAUSE_FOUND = 1;
export const EXIT_USAGE = 2;

/** Where the CLI writes: injected so tests capture it without touching the real process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/**
 * The one place CLI text leaves the process: control characters (terminal escapes from a process name, a rule
 * comment, a replayed report) are shown as `\uXXXX`, never sent raw; errors also cut overlong words, so a
 * rejected 100 kB argument is not echoed whole. JSON is unchanged in meaning (`\uXXXX` is its own escape).
 */
export function defusedIo(io: CliIo): CliIo {
  return { out: (text) => io.out(defuseText(text)), err: (text) => io.err(clipLongWords(defuseText(text))) };
}

/** With --json exactly one JSON document goes to stdout; everything else goes to stderr. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** An error as the CLI reports it: one line on stderr (a newline inside the message is shown as `\u000a`), and with --json an error document on stdout. */
export function printError(io: CliIo, json: boolean, command: string, message: string, extra: Partial<Unavailable> = {}): number {
  io.err(`portdoctor ${command}: ${defuseField(message)}`);
  if (json) printJson(io, { schema: 'portdoctor.error/1', command, error: message, ...extra });
  return EXIT_USAGE;
}
