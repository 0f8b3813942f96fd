import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteCmd, quotePosix, quotePowerShell, remoteCommandLine } from '../../../../electron/remote/quote';
import { cmdRuns, cmdWouldInterpret, crtSplit, powershellNativeLine, powershellValues } from './windows-shells';

/** What a real POSIX shell makes of a command line: the argv it would run, one per line (NUL-separated). */
function shellArgv(line: string): string[] {
  const r = spawnSync('sh', ['-c', `set -- ${line}; printf '%s\\0' "$@"`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\0').slice(0, -1);
}

const HOSTILE = [
  "'; rm -rf / #",
  '$(touch /tmp/pwned)',
  '`id`',
  'a b\tc\nd',
  '"double" \'single\'',
  '\\',
  '*',
  '~root',
  '-rf',
  '',
  '${IFS}',
  'a;b&&c||d|e>f<g',
  '\u001b[2J\u001b]0;title\u0007',
  '中文 ünïcödé',
  "''''",
  '!event',
  '#comment',
];

describe('remote command lines (POSIX)', () => {
  it.each(HOSTILE)('a real sh passes %j through as one literal argument', (arg) => {
    expect(shellArgv(remoteCommandLine('posix', ['x', arg]))).toEqual(['x', arg]);
  });

  it('any string at all survives a real sh as itself (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', minLength: 0, maxLength: 40 }).filter((s) => !s.includes('\0')),
          { minLength: 1, maxLength: 5 },
        ),
        (argv) => {
          expect(shellArgv(remoteCommandLine('posix', argv))).toEqual(argv);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves plain words bare and refuses NUL', () => {
    expect(remoteCommandLine('posix', ['portdoctor', 'check', '8080', '--source', '10.0.0.1/32', '--json'])).toBe(
      'portdoctor check 8080 --source 10.0.0.1/32 --json',
    );
    expect(quotePosix("it's")).toBe("'it'\\''s'");
    expect(() => quotePosix('a\0b')).toThrow(/NUL/);
    expect(() => remoteCommandLine('posix', [])).toThrow(/empty/);
  });
});

/** Hostile strings for the Windows shells: each is either refused or reaches the program as itself. */
const WINDOWS_HOSTILE = [
  ...HOSTILE,
  '%PATH%',
  '!x!',
  'a & calc',
  'a|b',
  'x^y',
  '(x)',
  '"q"',
  'C:\\dir with space\\',
  'C:\\dir with space\\\\',
  '\\\\server\\share',
  "'; Remove-Item -Recurse C:\\ #",
  '$(calc)',
  '`calc`',
  '@args',
  '--%',
  ', ver',
  '\uff02 fullwidth quote',
  '\u2018smart\u2019',
  'tab\there',
  'a\r\nver',
];

describe('remote command lines (cmd.exe, as sshd runs them: "cmd.exe" /c "<line>")', () => {
  it('passes PortDoctor’s own arguments bare, and a profile folder with a space quoted', () => {
    expect(
      remoteCommandLine('cmd', [
        'C:\\Users\\admin\\.portdoctor-0a1b\\portdoctor.exe',
        'check',
        '3389',
        '--source',
        '10.0.0.0/24',
        '--json',
      ]),
    ).toBe('C:\\Users\\admin\\.portdoctor-0a1b\\portdoctor.exe check 3389 --source 10.0.0.0/24 --json');
    const argv = [
      'C:\\Users\\Jo Smith\\.portdoctor-0a1b\\portdoctor.exe',
      'diagnose',
      '8080',
      '--check-report',
      'C:\\Users\\Jo Smith\\.portdoctor-0a1b\\check.json',
    ];
    const line = remoteCommandLine('cmd', argv);
    expect(line).toBe(
      '"C:\\Users\\Jo Smith\\.portdoctor-0a1b\\portdoctor.exe" diagnose 8080 --check-report "C:\\Users\\Jo Smith\\.portdoctor-0a1b\\check.json"',
    );
    expect(cmdRuns(line)).toEqual(argv);
    expect(quoteCmd('')).toBe('""');
    expect(cmdRuns(remoteCommandLine('cmd', ['x', '']))).toEqual(['x', '']);
  });

  it('doubles trailing backslashes inside the quotes, so the C runtime does not read \\" as a quote', () => {
    expect(quoteCmd('C:\\a b\\')).toBe('"C:\\a b\\\\"');
    expect(cmdRuns(remoteCommandLine('cmd', ['x', 'C:\\a b\\', 'next']))).toEqual(['x', 'C:\\a b\\', 'next']);
  });

  it.each(['%PATH%', '!x!', '"q"', 'a\nb', 'a\r', '\0', '中文', '\uff02', "it's\u2019"])(
    'refuses %j: cmd.exe or the C runtime could read it',
    (arg) => {
      expect(() => remoteCommandLine('cmd', ['portdoctor.exe', arg])).toThrow(/refusing/);
    },
  );

  it.each(WINDOWS_HOSTILE)('%j is refused, or reaches the program as itself with nothing for cmd.exe to act on', (arg) => {
    let line: string;
    try {
      line = remoteCommandLine('cmd', ['portdoctor.exe', arg, 'last']);
    } catch (e) {
      expect((e as Error).message).toMatch(/refusing/);
      return;
    }
    expect(cmdWouldInterpret(line)).toBe(false);
    expect(cmdRuns(line)).toEqual(['portdoctor.exe', arg, 'last']);
  });

  it('any printable ASCII string is refused exactly when it holds " % or !, else survives (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom(...'ab \\"%!&|<>^()@,;=\'`$\t'.split('')), maxLength: 12 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (args) => {
          const argv = ['C:\\P D\\portdoctor.exe', ...args];
          const bad = args.some((a) => /["%!\t]/.test(a));
          if (bad) {
            expect(() => remoteCommandLine('cmd', argv)).toThrow(/refusing/);
            return;
          }
          const line = remoteCommandLine('cmd', argv);
          expect(cmdWouldInterpret(line)).toBe(false);
          expect(cmdRuns(line)).toEqual(argv);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('remote command lines (PowerShell as DefaultShell)', () => {
  it('calls the program with & and single-quoted literals', () => {
    const argv = ['C:\\Users\\Jo Smith\\.portdoctor-0a1b\\portdoctor.exe', 'check', '8080', '--source', '10.0.0.1', '--json'];
    const line = remoteCommandLine('powershell', argv);
    expect(line).toBe("& 'C:\\Users\\Jo Smith\\.portdoctor-0a1b\\portdoctor.exe' 'check' '8080' '--source' '10.0.0.1' '--json'");
    expect(powershellValues(line)).toEqual(argv);
    expect(quotePowerShell("it's")).toBe("'it''s'");
  });

  it.each(['', '"q"', 'C:\\a b\\', '中文', '\u2018smart\u2019', 'a\nb', '\0'])(
    'refuses %j: it would not reach the program as itself',
    (arg) => {
      expect(() => remoteCommandLine('powershell', ['portdoctor.exe', arg])).toThrow(/refusing/);
    },
  );

  it.each(WINDOWS_HOSTILE)('%j is refused, or is one literal that reaches the program as itself', (arg) => {
    let line: string;
    try {
      line = remoteCommandLine('powershell', ['portdoctor.exe', arg, 'last']);
    } catch (e) {
      expect((e as Error).message).toMatch(/refusing/);
      return;
    }
    const values = powershellValues(line);
    expect(values).toEqual(['portdoctor.exe', arg, 'last']);
    expect(crtSplit(powershellNativeLine(values ?? []))).toEqual(['portdoctor.exe', arg, 'last']);
  });

  it('any printable ASCII string is refused or survives PowerShell and the C runtime (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom(...'ab \\"\'`$@;&|(){}%!'.split('')), maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        (args) => {
          const argv = ['portdoctor.exe', ...args];
          let line: string;
          try {
            line = remoteCommandLine('powershell', argv);
          } catch {
            expect(args.some((a) => a === '' || a.includes('"') || (/\s/.test(a) && a.endsWith('\\')))).toBe(true);
            return;
          }
          expect(powershellValues(line)).toEqual(argv);
          expect(crtSplit(powershellNativeLine(argv))).toEqual(argv);
        },
      ),
      { numRuns: 500 },
    );
  });
});
