import { describe, expect, it } from 'vitest';
import { COMMANDS, buildProgram, runCli } from '../../../../electron/cli/program';

const quiet = { out: () => undefined, err: () => undefined };
const sink = { set: () => undefined };

/** Run the CLI, keeping what it printed. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('the program registers the command it runs', () => {
  it('knows every command by the name it registers, in help order', () => {
    expect(buildProgram(quiet, sink).commands.map((c) => c.name())).toEqual(COMMANDS.map(([name]) => name));
  });

  it('registers only the named command for a run of it', () => {
    for (const [name] of COMMANDS) expect(buildProgram(quiet, sink, [name, '--help']).commands.map((c) => c.name())).toEqual([name]);
  });

  it('registers them all for --help, help, no command and a mistyped one (which gets its suggestion)', async () => {
    for (const argv of [['--help'], ['help'], [], ['chek', '8080']])
      expect(buildProgram(quiet, sink, argv).commands.map((c) => c.name())).toEqual(COMMANDS.map(([name]) => name));
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const [name] of COMMANDS) expect(help.out).toContain(`  ${name} `);
    const typo = await cli(['chek', '8080']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/Did you mean check\?/);
  });

  it("a command's own help and usage errors are as before", async () => {
    const help = await cli(['check', '--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^Usage: portdoctor check \[options\] <port>/);
    const bad = await cli(['check', '--sourc', '10.0.0.1', '8080']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown option '--sourc'.*Did you mean --source\?/);
  });
});
