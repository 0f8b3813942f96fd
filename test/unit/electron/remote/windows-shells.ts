/**
 * Models of how a Windows OpenSSH server reads a command line, written from the documented rules, for the
 * quoting tests (no Windows here): cmd.exe's handling of `cmd.exe /c "<line>"` and the C runtime's split of a
 * program's command line ("Parsing C command-line arguments", Microsoft Learn), and PowerShell's single-quoted
 * literals with Windows PowerShell 5.1's rebuilding of a native program's command line.
 */

/** Whether cmd.exe would act on anything in `line`: `%`/`!` anywhere, or `& | < > ^ ( )` outside double quotes. */
export function cmdWouldInterpret(line: string): boolean {
  if (/[%!\r\n\0]/.test(line)) return true;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && '&|<>^()'.includes(c)) return true;
  }
  return quoted;
}

/** The C runtime's split of a command line into argv (argv[0] by its own rule: no backslash escapes). */
export function crtSplit(line: string): string[] {
  const argv: string[] = [];
  let i = 0;
  const ws = (c: string | undefined) => c === ' ' || c === '\t';
  while (ws(line[i])) i++;
  // argv[0]: up to the closing quote, or up to whitespace.
  let first = '';
  if (line[i] === '"') {
    i++;
    while (i < line.length && line[i] !== '"') first += line[i++];
    i++;
  } else while (i < line.length && !ws(line[i])) first += line[i++];
  argv.push(first);
  for (;;) {
    while (ws(line[i])) i++;
    if (i >= line.length) return argv;
    let arg = '';
    let quoted = false;
    while (i < line.length && (quoted || !ws(line[i]))) {
      if (line[i] === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(n);
      } else if (line[i] === '"') {
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else arg += line[i++];
    }
    argv.push(arg);
  }
}

/** What cmd.exe runs for sshd's `"cmd.exe" /c "<line>"`: more than two quotes, so the outer pair is stripped. */
export function cmdRuns(line: string): string[] {
  const wrapped = `"${line}"`;
  return crtSplit(wrapped.slice(1, -1));
}

/** PowerShell: `& 'prog' 'arg' …` back into its argument values (null when the line is not only such literals). */
export function powershellValues(line: string): string[] | null {
  if (!line.startsWith('& ')) return null;
  const values: string[] = [];
  let i = 2;
  while (i < line.length) {
    if (line[i] !== "'") return null;
    i++;
    let v = '';
    for (;;) {
      if (i >= line.length) return null;
      if (line[i] === "'" && line[i + 1] === "'") {
        v += "'";
        i += 2;
      } else if (line[i] === "'") break;
      else v += line[i++];
    }
    i++;
    values.push(v);
    if (i < line.length && line[i++] !== ' ') return null;
  }
  return values;
}

/** Windows PowerShell 5.1's command line for a native program: an argument with whitespace in double quotes, as is. */
export function powershellNativeLine(values: readonly string[]): string {
  return values.map((v) => (/\s/.test(v) ? `"${v}"` : v)).join(' ');
}
