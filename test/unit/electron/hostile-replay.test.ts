import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import type { Bundle } from '../../../shared/bundle/schema';
import { formatSummaryHtml, formatSummaryMarkdown } from '../../../shared/report/format-summary';
import type { CheckReport } from '../../../shared/schemas/report';
const FIELD_MAX = 2000;

// A newline that forges an "[ok] fixed" line, terminal escapes (clear screen, set title), a carriage return, HTML, bidi override.
const HOSTILE = '\n[ok] fixed\u001b[2J\u001b]0;pwn\u0007\r<script>alert(1)</script><img src=x onerror=alert(2)>\u202e';
// eslint-disable-next-line no-control-regex -- finding raw control characters is the test
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const FIXTURE = 'test/unit/electron/probes/linux/fixtures/nft-reject.portdoctor.json';

/** The nft-reject recording with hostile text in every string a person sees: host, time, version, process, user, comment, interface; and huge values. */
async function hostileBundle(): Promise<Bundle> {
  const b = JSON.parse(await readFile(FIXTURE, 'utf8')) as Bundle;
  b.platform.hostname = `vm${HOSTILE}`;
  b.recordedAt = `2026${HOSTILE}`.slice(0, 64);
  b.appVersion = `1${HOSTILE}`.slice(0, 64);
  const edit = (id: string, f: (text: string) => string) => {
    const s = b.sources[id];
    if (s?.stdout) s.stdout.data = f(s.stdout.data);
  };
  edit('linux.proc.socket-owners', (t) =>
    t.replace(
      /^P (\d+) (\d+) "node" .*$/m,
      (_, pid: string, uid: string) =>
        `P ${pid} ${uid} ${JSON.stringify(`node${HOSTILE}`)} ${JSON.stringify(`${'x'.repeat(1_000_000)}${HOSTILE}`)} ${JSON.stringify(`0::/system.slice/web${HOSTILE.replace(/\n/g, '')}.service`)}`,
    ),
  );
  edit('linux.etc.passwd', (t) => t.replace(/^root:/m, 'root\u001b[31m<b>:'));
  edit('linux.nft.table.inet.pdlab', (t) => {
    const j = JSON.parse(t) as { nftables: { rule?: { comment?: string } }[] };
    for (const o of j.nftables) if (o.rule) o.rule.comment = `PortDoctor:8080/tcp${HOSTILE}${'y'.repeat(100_000)}`;
    return JSON.stringify(j);
  });
  edit('linux.ip.addr', (t) => t.replace(/"veth0b"/g, JSON.stringify(`veth0b${HOSTILE}`)));
  return b;
}

async function cli(argv: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`) });
  return { out, err, code };
}

/** Text for a terminal: no raw control character, no line a value started, no value longer than the cut. */
function expectDefused(text: string, what: string): void {
  expect(RAW_CONTROL.test(text), what).toBe(false);
  const forged = text.split('\n').filter((l) => l.trimStart().startsWith('[ok] fixed'));
  expect(forged, what).toEqual([]);
  expect(Math.max(...text.split('\n').map((l) => l.length)), what).toBeLessThan(FIELD_MAX + 600);
}

describe('a hostile bundle replayed (issue 11 item 4)', () => {
  let dir: string;
  let bundlePath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-hostile-'));
    bundlePath = join(dir, 'hostile.portdoctor.json');
    await writeFile(bundlePath, JSON.stringify(await hostileBundle()));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('check --replay shows every hostile value escaped on its own line, cut when huge, and still judges it', async () => {
    const r = await cli(['check', '8080', '--replay', bundlePath]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('[host-firewall-reject]');
    expectDefused(r.out + r.err, 'check');
    expect(r.out).toContain('node\\u000a[ok] fixed\\u001b[2J\\u001b]0;pwn\\u0007\\u000d');
    expect(r.out).toMatch(/characters\)/);
  });

  it('ports --replay and fix --dry-run --replay defuse the same values', async () => {
    for (const argv of [
      ['ports', '--replay', bundlePath],
      ['fix', '8080', '--dry-run', '--replay', bundlePath],
    ]) {
      const r = await cli(argv);
      expectDefused(r.out + r.err, argv[0] ?? '');
    }
  });

  it("the Markdown and HTML summaries (the app's report view, `report`) keep it text: escaped HTML, no raw control, no forged line", async () => {
    const r = await cli(['check', '8080', '--json', '--replay', bundlePath]);
    const report = JSON.parse(r.out) as CheckReport;
    // The JSON keeps the recorded values as they were (JSON escapes them itself).
    expect(report.replayed?.hostname).toBe(`vm${HOSTILE}`);
    const markdown = formatSummaryMarkdown(report, undefined, '2026-01-01T00:00:00Z');
    const html = formatSummaryHtml(report, undefined, '2026-01-01T00:00:00Z');
    for (const [what, text] of [
      ['markdown', markdown],
      ['html', html],
    ] as const) {
      expectDefused(text, what);
      expect(text, what).not.toMatch(/<script|<img|<b>/i);
      expect(text, what).toContain('&lt;script&gt;');
    }
  });

  it('a one-line error never carries a second line, whatever the message holds', async () => {
    const r = await cli(['check', `80${HOSTILE}`]);
    expect(r.code).toBe(2);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expectDefused(r.err, 'error');
  });
});
