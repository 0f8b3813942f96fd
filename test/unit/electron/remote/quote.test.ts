import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteCmd, quotePosix, remoteCommandLine } from '../../../../electron/remote/quote';

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
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 0, maxLength: 40 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 5 }), (argv) => {
        expect(shellArgv(remoteCommandLine('posix', argv))).toEqual(argv);
      }),
      { numRuns: 200 },
    );
  });

  it('leaves plain words bare and refuses NUL', () => {
    expect(remoteCommandLine('posix', ['portdoctor', 'check', '8080', '--source', '10.0.0.1/32', '--json'])).toBe('portdoctor check 8080 --source 10.0.0.1/32 --json');
    expect(quotePosix("it's")).toBe("'it'\\''s'");
    expect(() => quotePosix('a\0b')).toThrow(/NUL/);
    expect(() => remoteCommandLine('posix', [])).toThrow(/empty/);
  });
});

describe('remote command lines (cmd.exe)', () => {
  it('passes PortDoctor’s own arguments', () => {
    expect(remoteCommandLine('cmd', ['C:\\Users\\admin\\.portdoctor-0a1b\\portdoctor.exe', 'check', '3389', '--source', '10.0.0.0/24', '--json'])).toBe(
      'C:\\Users\\admin\\.portdoctor-0a1b\\portdoctor.exe check 3389 --source 10.0.0.0/24 --json',
    );
    expect(quoteCmd('')).toBe('""');
  });

  it.each(['%PATH%', 'a&b', 'a|b', 'a^b', '!x!', 'a b', '"q"', 'a>b', '(x)', "'"])('refuses %j: cmd.exe could interpret it', (arg) => {
    expect(() => remoteCommandLine('cmd', ['portdoctor.exe', arg])).toThrow(/refusing/);
  });
});
