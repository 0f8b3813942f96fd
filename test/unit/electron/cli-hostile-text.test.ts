import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { clipLongWords, defuseDeep, defuseField, defuseText } from '../../../shared/text/defuse';

async function cli(argv: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { out, err, code };
}

describe('hostile text in CLI output (issue 11 items 6 and 11)', () => {
  it('cuts a rejected 100 kB argument instead of echoing it whole', async () => {
    const big = 'A'.repeat(100_000);
    for (const argv of [['check', `--${big}`], ['check', big], ['check', '80', '--source', big], [big], ['ports', '--replay', big]]) {
      const r = await cli(argv);
      expect(r.code, argv[0]).toBe(2);
      expect(r.err.length + r.out.length, argv[0]).toBeLessThan(1000);
      expect(r.err).toMatch(/… \(1000\d\d characters\)/);
    }
  });

  it('escapes control characters in an argument echoed back', async () => {
    const r = await cli(['check', '\u001b[2J\u001b]0;t\u0007']);
    expect(r.err).toContain('\\u001b[2J');
    // eslint-disable-next-line no-control-regex -- finding raw control characters is the test
    expect(/[\u0000-\u0008\u000b-\u001f]/.test(r.err)).toBe(false);
  });

  it('shows every control character as a JSON-style escape, keeping layout only in whole text', () => {
    expect(defuseText('a\tb\nc\rd\u001b\u009b\u202e')).toBe('a\tb\nc\\u000dd\\u001b\\u009b\\u202e');
    expect(defuseField('a\tb\nc')).toBe('a\\u0009b\\u000ac');
    expect(defuseDeep({ a: ['x\u0007'], n: 1 })).toEqual({ a: ['x\\u0007'], n: 1 });
    expect(JSON.parse(`"${defuseText('\u009b')}"`)).toBe('\u009b');
    expect(clipLongWords(`ok ${'B'.repeat(200)} end`)).toMatch(/^ok B{60}… \(200 characters\) end$/);
  });
});
