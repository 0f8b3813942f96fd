/**
 * The one place a command line for a remote shell is built. SSH runs a command through the remote user's
 * shell (sh-family on Linux; on Windows OpenSSH cmd.exe by default, or the registry's DefaultShell, e.g.
 * PowerShell), so an argument array has to become one string there; every remote command PortDoctor runs goes
 * through `remoteCommandLine`.
 *
 * POSIX: each argument in single quotes, an embedded `'` as `'\''` — the shell then passes every byte
 * through literally (no expansion, no globbing, no word splitting).
 *
 * cmd.exe: Windows OpenSSH runs `"cmd.exe" /c "<line>"` (openssh-portable w32-doexec.c); cmd strips that outer
 * pair of quotes and parses the rest. Inside double quotes `& | < > ( ) ^` and spaces are literal, but `%VAR%`
 * still expands, `!VAR!` does when delayed expansion is on, and a `"` cannot be escaped: those are refused.
 * The program then splits its command line by the C runtime's rules (CommandLineToArgvW), where only
 * backslashes right before a `"` are special: trailing backslashes are doubled before the closing quote.
 *
 * PowerShell (DefaultShell set to powershell.exe or pwsh.exe): `& 'program' 'arg' …`, every argument in single
 * quotes (literal; `'` doubled). PowerShell then rebuilds a command line for the native program itself; Windows
 * PowerShell 5.1 drops empty arguments, does not escape `"` and quotes an argument with spaces without doubling
 * a trailing backslash, so those are refused too.
 *
 * Both Windows shells get printable ASCII only: on Windows a non-ASCII character can be "best fit" mapped to a
 * quote or backslash by a program that reads its command line in the ANSI code page.
 */

export type RemoteShell = 'posix' | 'cmd' | 'powershell';

/** Arguments cmd.exe gets bare (no character it or the C runtime reads specially; `@ , ; =` lead a line specially, so they are quoted). */
const CMD_BARE = /^[A-Za-z0-9_.:/\\+-]+$/;
/** Printable ASCII: what the Windows shells may be given at all. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function refuse(arg: string, shell: string, why: string): never {
  throw new Error(`refusing to pass ${JSON.stringify(arg.slice(0, 40))} to ${shell}: ${why}`);
}

/** Quote one argument for a POSIX shell. */
export function quotePosix(arg: string): string {
  if (arg.includes('\0')) throw new Error('an argument for a remote shell cannot contain a NUL byte');
  if (/^[A-Za-z0-9_./:=@,+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quote one argument for cmd.exe (and the C runtime's split after it), or throw when cmd.exe could interpret it. */
export function quoteCmd(arg: string): string {
  if (!PRINTABLE_ASCII.test(arg)) refuse(arg, 'cmd.exe', 'only printable ASCII is passed to a Windows shell');
  if (/["%!]/.test(arg)) refuse(arg, 'cmd.exe', '" % and ! cannot be made literal on a cmd.exe command line');
  if (CMD_BARE.test(arg)) return arg;
  // Inside the quotes everything left is literal to cmd.exe; backslashes before the closing quote are doubled
  // so the C runtime does not read `\"` as an escaped quote.
  return `"${arg.replace(/(\\+)$/, '$1$1')}"`;
}

/** Quote one argument for PowerShell (a single-quoted literal), or throw when it would not reach the program intact. */
export function quotePowerShell(arg: string): string {
  if (!PRINTABLE_ASCII.test(arg)) refuse(arg, 'PowerShell', 'only printable ASCII is passed to a Windows shell');
  if (arg === '') refuse(arg, 'PowerShell', 'Windows PowerShell drops empty arguments to programs');
  if (arg.includes('"')) refuse(arg, 'PowerShell', 'Windows PowerShell does not escape " for programs');
  if (/\s/.test(arg) && arg.endsWith('\\')) refuse(arg, 'PowerShell', 'a trailing backslash would escape the quote PowerShell adds');
  return `'${arg.replace(/'/g, "''")}'`;
}

/** One remote command line from an argument array, for the given remote shell. */
export function remoteCommandLine(shell: RemoteShell, argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('an empty remote command');
  if (shell === 'posix') return argv.map(quotePosix).join(' ');
  if (shell === 'cmd') return argv.map(quoteCmd).join(' ');
  // The call operator runs the quoted program; without it a quoted string is only a value.
  return `& ${argv.map(quotePowerShell).join(' ')}`;
}
