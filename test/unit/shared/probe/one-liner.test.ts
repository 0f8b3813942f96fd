import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bashOneLiner, cliProbeCommand, powershellOneLiner, scriptLines } from '../../../../shared/probe/one-liner';
import { ProbeReportSchema } from '../../../../shared/schemas/report';

const sh = readFileSync(new URL('../../../../scripts/probe/portdoctor-probe.sh', import.meta.url), 'utf8');
const ps1 = readFileSync(new URL('../../../../scripts/probe/portdoctor-probe.ps1', import.meta.url), 'utf8');
const run = promisify(execFile);

/** Run a command line in bash (as a customer pasting it would) and return what it wrote to probe.json's place. */
async function runOneLiner(line: string): Promise<{ code: number; doc: unknown; stderr: string }> {
  const viaStdout = line.replace(/ > probe\.json$/, '');
  expect(viaStdout).not.toBe(line);
  try {
    const r = await run('bash', ['-c', viaStdout], { timeout: 20_000 });
    return { code: 0, doc: JSON.parse(r.stdout), stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, doc: err.stdout ? JSON.parse(err.stdout) : null, stderr: err.stderr };
  }
}

describe('the bash one-liner is the script, line for line', () => {
  it('keeps every command of scripts/probe/portdoctor-probe.sh and nothing else', () => {
    const line = bashOneLiner(sh, 'srv.example.com', 8080);
    const body = scriptLines(sh).join('; ');
    expect(line).toBe(`bash -c '${body}' portdoctor-probe srv.example.com 8080 > probe.json`);
    expect(scriptLines(sh).some((l) => l.startsWith('#'))).toBe(false);
    expect(line).not.toMatch(/npx/);
  });

  it('parses as bash, both the file and the one-liner', async () => {
    await run('bash', ['-n', '-c', sh]);
    await run('bash', ['-n', '-c', bashOneLiner(sh, 'srv.example.com', 8080)]);
  });

  it('puts only a valid host or the placeholders in the command', () => {
    expect(bashOneLiner(sh, '  ', 22)).toMatch(/ portdoctor-probe SERVER 22 > probe\.json$/);
    expect(bashOneLiner(sh, 'x; rm -rf /', 22)).toMatch(/ portdoctor-probe SERVER 22 > probe\.json$/);
    expect(bashOneLiner(sh, "a'b", 0)).toMatch(/ portdoctor-probe SERVER PORT > probe\.json$/);
    expect(powershellOneLiner(ps1, '$(calc)', 70000)).toMatch(/^& \{ \$h = 'SERVER'; \$p = PORT; \$t = 3000; /);
    expect(cliProbeCommand('fd00::2', 443)).toBe('portdoctor probe [fd00::2]:443 --json > probe.json');
  });

  it('prints the same text for the Windows workflow (scripts/probe/print-one-liner.mjs)', async () => {
    const r = await run(process.execPath, ['scripts/probe/print-one-liner.mjs', 'powershell', 'srv.example.com', '8080']);
    expect(r.stdout).toBe(`${powershellOneLiner(ps1, 'srv.example.com', 8080)}\n`);
  });

  it('refuses a script with a single quote (it would end the quoting and run as shell text)', () => {
    expect(() => bashOneLiner(`${sh}\necho 'x'\n`, 'h', 1)).toThrow(/single quote/);
  });
});

describe('the bash one-liner prints a portdoctor.probe/1 document (loopback)', () => {
  let server: Server;
  let open: number;
  let closed: number;
  beforeAll(async () => {
    server = createServer((s) => s.end()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    open = (server.address() as AddressInfo).port;
    const probe = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => probe.once('listening', r));
    closed = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('ok on a listening port: schema-valid, the address, the route and source, exit 0', async () => {
    const r = await runOneLiner(bashOneLiner(sh, '127.0.0.1', open));
    const doc = ProbeReportSchema.parse(r.doc);
    expect(r.code).toBe(0);
    expect(doc).toMatchObject({
      outcome: 'ok',
      cause: 'ok',
      target: { host: '127.0.0.1', port: open },
      addresses: ['127.0.0.1'],
      remoteAddress: '127.0.0.1',
    });
    expect(doc.attempts).toEqual([expect.objectContaining({ address: '127.0.0.1', outcome: 'ok' })]);
    expect(doc.route?.text).toMatch(/^local 127\.0\.0\.1 dev lo/);
  });

  it('refused on a closed port: ECONNREFUSED, and no server-side cause claimed (exit 1)', async () => {
    const r = await runOneLiner(bashOneLiner(sh, 'localhost', closed));
    const doc = ProbeReportSchema.parse(r.doc);
    expect(r.code).toBe(1);
    expect(doc).toMatchObject({ outcome: 'refused', cause: 'unknown', error: 'ECONNREFUSED' });
  });

  it('refuses a bad port before anything runs (exit 2, nothing on stdout)', async () => {
    const r = await runOneLiner(`bash -c '${scriptLines(sh).join('; ')}' portdoctor-probe 127.0.0.1 99999 > probe.json`);
    expect(r).toMatchObject({ code: 2, doc: null });
    expect(r.stderr).toMatch(/PORT must be a number/);
  });
});

describe('the PowerShell one-liner is the script, and what it prints fits the schema', () => {
  const lines = scriptLines(ps1);

  it('replaces only the param line and writes UTF-8', () => {
    expect(lines[0]).toBe('param([string]$h, [int]$p, [int]$t = 3000)');
    expect(powershellOneLiner(ps1, 'srv.example.com', 8080)).toBe(
      `& { $h = 'srv.example.com'; $p = 8080; $t = 3000; ${lines.slice(1).join('; ')} } | Out-File -Encoding utf8 probe.json`,
    );
  });

  it('keeps every if/else, try/catch and block on one line (joined with "; " they must stay one statement)', () => {
    for (const l of lines) {
      expect(l, l).not.toMatch(/^(else|elseif|catch|finally)\b/);
      let depth = 0;
      for (const ch of l) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      expect(depth, l).toBe(0);
    }
  });

  // No PowerShell on these machines (none on the npm registry or in Debian): the script's JSON is checked by what it
  // assigns, and the Windows workflows run it for real and hand its file to `diagnose --client-report`.
  it('sets only fields of portdoctor.probe/1, with outcomes and error names the app knows', () => {
    const shape = ProbeReportSchema.shape;
    const top = new Set([...ps1.matchAll(/\$r\.(\w+)\s*=/g)].map((m) => m[1]));
    const literal = (/\$r = \[ordered\]@\{ (.*) \}$/m.exec(ps1)?.[1] ?? '').replace(/\[ordered\]@\{[^}]*\}/g, '');
    for (const m of literal.matchAll(/(?:^|; )(\w+) = /g)) top.add(m[1]);
    expect([...top].sort()).toEqual([
      'addresses',
      'attempts',
      'cause',
      'elapsedMs',
      'error',
      'localAddress',
      'outcome',
      'remoteAddress',
      'resolution',
      'route',
      'schema',
      'target',
    ]);
    for (const k of top) expect(shape, k).toHaveProperty(k as string);
    const attemptKeys = new Set([...ps1.matchAll(/\$a\.(\w+)\s*=/g)].map((m) => m[1]));
    const attemptShape = shape.attempts.unwrap().element.shape;
    for (const k of attemptKeys) expect(attemptShape, k).toHaveProperty(k as string);
    const outcomes = [...ps1.matchAll(/'(ok|refused|timeout|unreachable|dns-failure|source-exhausted|[a-z-]+)', 'E[A-Z_]+'/g)].map(
      (m) => m[1],
    );
    expect(outcomes.length).toBeGreaterThanOrEqual(10);
    for (const o of outcomes) expect(shape.outcome.options).toContain(o);
  });
});

describe('docs/client-probe.md shows exactly what the scripts give', () => {
  const doc = readFileSync(new URL('../../../../docs/client-probe.md', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/```(\w+)\n([^\n]*)\n```/g)].map((m) => [m[1], m[2]]);

  it('has the bash and the PowerShell one-liner for SERVER and PORT, equal to the generated text', () => {
    expect(blocks).toEqual([
      ['sh', bashOneLiner(sh, 'SERVER', 0)],
      ['powershell', powershellOneLiner(ps1, 'SERVER', 0)],
    ]);
  });
});
