import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/program';
import { formatSummaryMarkdown } from '../../shared/report/format-summary';
import type { CheckReport } from '../../shared/schemas/report';

// ESC[2J clears the screen, ESC]0;…BEL sets the window title: 12 bytes, within comm's 15.
const HOSTILE = '\u001b[2J\u001b]0;pwn\u0007';
// eslint-disable-next-line no-control-regex -- finding raw control characters is the test
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** A real process renamed through prctl(PR_SET_NAME), listening on a loopback port, prints the port when ready. */
function hostileListener(): Promise<{ child: ChildProcess; port: number }> {
  const script = [
    'import ctypes, socket, sys',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()',
    `ctypes.CDLL(None).prctl(15, ctypes.c_char_p(${JSON.stringify(HOSTILE)}.encode()), 0, 0, 0)`,
    'print(s.getsockname()[1], flush=True)',
    'sys.stdin.read()',
  ].join('\n');
  const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve({ child, port: Number(d.toString().trim()) }));
    child.once('error', reject);
  });
}

describe('terminal escapes in text output (issue 11 item 6)', () => {
  let listener: { child: ChildProcess; port: number };
  beforeAll(async () => {
    listener = await hostileListener();
  });
  afterAll(() => listener?.child.kill());

  it('the process really carries the escape sequence as its name', async () => {
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(`/proc/${listener.child.pid}/comm`, 'utf8')).trimEnd()).toBe(HOSTILE);
  });

  it('`ports` and `check` print it escaped, never raw', async () => {
    for (const argv of [['ports'], ['check', String(listener.port)]]) {
      let out = '';
      let err = '';
      await runCli(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) });
      expect(out, argv.join(' ')).toContain('\\u001b[2J\\u001b]0;pwn\\u0007');
      expect(RAW_CONTROL.test(out + err), argv.join(' ')).toBe(false);
    }
  });

  it('a Markdown summary of a hostile report carries no raw control character', () => {
    const report = {
      schema: 'portdoctor.check/1',
      target: { port: 8080, protocol: 'tcp' },
      host: { hostname: `web${HOSTILE}` },
      verdict: { cause: 'ok', summary: `fine\r${HOSTILE}`, fixes: [] },
      steps: [],
      findings: [],
    } as unknown as CheckReport;
    const md = formatSummaryMarkdown(report);
    expect(md).toContain('\\\\u001b');
    expect(RAW_CONTROL.test(md)).toBe(false);
  });
});
