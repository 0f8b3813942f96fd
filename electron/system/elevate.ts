import * as sudoPrompt from '@vscode/sudo-prompt';
import type { CommandResult, CommandSpec, Runner } from './runner';
import { argvOf } from './runner';

/**
 * The one elevation module. `none`: already root/administrator (or Windows, where the installed app is
 * elevated by its manifest). `sudo-n`: the CLI prefixes `sudo -n`, which never prompts, and says how to
 * re-run when a password is needed. `prompt`: the GUI asks through @vscode/sudo-prompt (pkexec / UAC).
 */
export type ElevationMode = 'none' | 'sudo-n' | 'prompt';

/** Programs that may run elevated: the firewall tools the planners use, and the read-only save tools the probes read rules with. */
const ELEVATABLE =
  /^(nft|iptables-nft|ip6tables-nft|iptables-legacy|ip6tables-legacy|firewall-cmd|ufw|netfilter-persistent|service|ip6?tables-(nft|legacy)-save)$/;
/** The Ports actions' programs: `ss` (-K closes a connection) and `kill` (ends another user's process); never retried reads. */
const ACTION_PROGRAMS = /^(ss|kill)$/;
const PASSWORD_NEEDED = /a password is required|a terminal is required|no tty present/i;

/** Pick the mode for this process: nothing when privileged, a prompt under Electron, `sudo -n` on the command line. */
export function elevationModeFor(options: { elevated: boolean | null; platform: string; gui: boolean }): ElevationMode {
  if (options.elevated === true || options.platform === 'win32') return 'none';
  return options.gui ? 'prompt' : 'sudo-n';
}

/** Whether this process runs inside Electron (the GUI), where a graphical prompt can be shown. */
export function isGuiProcess(): boolean {
  return typeof process.versions.electron === 'string';
}

/** Why an argv may not be elevated, or null when it may: a fixed program list, no control characters. */
export function refuseElevation(spec: Pick<CommandSpec, 'file' | 'args'>): string | null {
  if (!ELEVATABLE.test(spec.file) && !ACTION_PROGRAMS.test(spec.file)) return `${spec.file} is not a program PortDoctor elevates`;
  if ([spec.file, ...spec.args].some((a) => /[\0\n\r]/.test(a) || a.length > 4096))
    return 'an argument holds a control character or is too long';
  return null;
}

function refused(spec: CommandSpec, detail: string): CommandResult {
  return { kind: 'error', source: spec.source, argv: argvOf(spec), error: { reason: 'needs-admin', detail } };
}

/** `sudo -n -- <argv>`: fails instead of prompting; a password prompt becomes a clear "re-run with sudo". */
function sudoRunner(runner: Runner): Runner['run'] {
  return async (spec) => {
    const why = refuseElevation(spec);
    if (why) return refused(spec, why);
    const result = await runner.run({ ...spec, file: 'sudo', args: ['-n', '--', spec.file, ...spec.args] });
    if (result.kind === 'ok') return { ...result, argv: argvOf(spec) };
    const stderr = result.error.output?.stderr.toString('utf8') ?? '';
    if (result.error.reason === 'not-installed' || PASSWORD_NEEDED.test(stderr)) {
      return refused(
        spec,
        `${spec.file} needs root, and sudo cannot run it without a password here. Re-run the same portdoctor command as root (sudo portdoctor …).`,
      );
    }
    return { ...result, argv: argvOf(spec) };
  };
}

/** Quote for the POSIX shell that pkexec/sudo-prompt run: every argument single-quoted, no exceptions. */
export function quoteForPrompt(argv: readonly string[]): string {
  return argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
}

type PromptExec = (
  command: string,
  options: { name: string },
  callback: (error?: Error, stdout?: string | Buffer, stderr?: string | Buffer) => void,
) => void;

/** The graphical prompt (@vscode/sudo-prompt: pkexec on Linux, the macOS dialog) for a validated argv. */
function promptRunner(exec: PromptExec): Runner['run'] {
  return (spec) => {
    // sudo-prompt wraps the command in `/bin/bash -c "…"` run by sh, escaping only double quotes: $, ` and \
    // would still be read by that outer shell, so an argv holding them is refused (no planner produces them).
    const why =
      refuseElevation(spec) ??
      (argvOf(spec).some((a) => /[$`\\]/.test(a)) ? "an argument holds $, ` or \\, which the prompt's shell would read" : null);
    if (why) return Promise.resolve(refused(spec, why));
    const argv = argvOf(spec);
    const started = Date.now();
    return new Promise((resolve) => {
      exec(quoteForPrompt(argv), { name: 'PortDoctor' }, (error, stdout, stderr) => {
        const output = {
          stdout: Buffer.from(stdout ?? ''),
          stderr: Buffer.from(stderr ?? ''),
          exitCode: error ? 1 : 0,
          elapsedMs: Date.now() - started,
        };
        if (!error) return resolve({ kind: 'ok', source: spec.source, argv, output });
        const denied = /did not grant permission|not authorized|authentication/i.test(error.message);
        resolve({
          kind: 'error',
          source: spec.source,
          argv,
          error: { reason: denied ? 'needs-admin' : 'exit-code', detail: error.message.slice(0, 500), output },
        });
      });
    });
  };
}

/** A runner whose commands run with privilege in the given mode; reads pass through unprivileged. */
export function elevatedRunner(runner: Runner, mode: ElevationMode, exec: PromptExec = sudoPrompt.exec as PromptExec): Runner {
  if (mode === 'none') return runner;
  const run = mode === 'sudo-n' ? sudoRunner(runner) : promptRunner(exec);
  return { ...runner, mode: runner.mode, run, readFile: (spec) => runner.readFile(spec) };
}

/**
 * For the CLI's reads: run unprivileged first, and only a firewall tool that says it needs root is run again
 * through `sudo -n` (so `portdoctor fix` can read the ruleset it plans from without running everything as root).
 */
export function elevateOnDenied(runner: Runner, mode: ElevationMode): Runner {
  if (mode !== 'sudo-n') return runner;
  const sudo = sudoRunner(runner);
  return {
    ...runner,
    run: async (spec) => {
      const first = await runner.run(spec);
      if (first.kind === 'ok' || first.error.reason !== 'needs-admin' || !ELEVATABLE.test(spec.file) || refuseElevation(spec) !== null)
        return first;
      return sudo(spec);
    },
  };
}
