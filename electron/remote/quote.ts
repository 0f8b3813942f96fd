/**
 * The one place a command line for a remote shell is built. SSH runs a command through the remote user's
 * shell (sh-family on Linux, cmd.exe by default on Windows OpenSSH), so an argument array has to become one
 * string there; every remote command PortDoctor runs goes through `remoteCommandLine`.
 *
 * POSIX: each argument in single quotes, an embedded `'` as `'\''` — the shell then passes every byte
 * through literally (no expansion, no globbing, no word splitting).
 * cmd.exe has no quoting that makes every byte literal (`%VAR%` expands even inside quotes, `^` and `!`
 * depend on settings), so for Windows we refuse instead of escaping: only a conservative alphabet is
 * allowed (what PortDoctor's own arguments use: ports, addresses, CIDRs, flags, ids, temp paths).
 */

export type RemoteShell = 'posix' | 'cmd';

/** Characters an argument may hold on a cmd.exe command line (each then double-quoted when needed). */
const CMD_SAFE = /^[A-Za-z0-9_.,:/\\=@+-]*$/;

/** Quote one argument for a POSIX shell. */
export function quotePosix(arg: string): string {
  if (arg.includes('\0')) throw new Error('an argument for a remote shell cannot contain a NUL byte');
  if (/^[A-Za-z0-9_./:=@,+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quote one argument for cmd.exe, or throw when it holds a character that cmd.exe could interpret. */
export function quoteCmd(arg: string): string {
  if (!CMD_SAFE.test(arg)) throw new Error(`refusing to pass ${JSON.stringify(arg.slice(0, 40))} to a Windows shell: only letters, digits and _ . , : / \\ = @ + - are allowed`);
  return arg === '' ? '""' : arg;
}

/** One remote command line from an argument array, for the given remote shell. */
export function remoteCommandLine(shell: RemoteShell, argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('an empty remote command');
  const quote = shell === 'posix' ? quotePosix : quoteCmd;
  return argv.map(quote).join(' ');
}
