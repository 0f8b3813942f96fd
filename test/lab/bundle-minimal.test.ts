import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundleText } from '../../shared/bundle/schema';
import type { Bundle, RecordedSource } from '../../shared/bundle/schema';
import { buildPrivateCli, cliArgv } from './harness/private-cli';

const root = process.getuid?.() === 0;
// Secrets a real host has: a token in another program's command line, a password in the service's environment.
const ARG_SECRET = 'hunter2-cmdline-secret';
const ENV_SECRET = 'env-secret-7f3a';
const NOBODY = 65534;

/** A python3 process started with `args` after its script (so they sit in its command line); prints its port or pid. */
function start(script: string, args: string[], uid?: number): Promise<{ child: ChildProcess; first: string }> {
  const child = spawn('python3', ['-c', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH ?? '', SERVICE_PASSWORD: ENV_SECRET },
    ...(uid ? { uid, gid: uid } : {}),
  });
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (d: Buffer) => resolve({ child, first: d.toString().trim() }));
    child.once('error', reject);
  });
}

const text = (s: RecordedSource | undefined): string => (s?.stdout?.encoding === 'utf8' ? s.stdout.data : '');

/** What each Linux source is for, as a check of its recorded text against the bundle it sits in. */
const PURPOSE: Record<string, (out: string, bundle: Bundle) => void> = {
  // The SYN-drop and listen-queue counters (before and after the check's own connect).
  'linux.proc.netstat.before': (out) =>
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((l) => /^\w+: [\w ]+$|^\w+: [\d -]+$/.test(l)),
    ).toBe(true),
  'linux.proc.netstat.after': (out) =>
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((l) => /^\w+: [\w ]+$|^\w+: [\d -]+$/.test(l)),
    ).toBe(true),
  // The same counters and the port's own listeners, read several times over the accept-queue window (`.window.<i>`).
  'linux.proc.netstat.window.N': (out) =>
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((l) => /^\w+: [\w ]+$|^\w+: [\d -]+$/.test(l)),
    ).toBe(true),
  'linux.ss.listeners.window.N': (out) =>
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((l) => /^LISTEN\s+\d+\s+\d+\s+\S+:\d+\s/.test(l)),
    ).toBe(true),
  'linux.etc.passwd': (out, bundle) => {
    // Only the uid → name pairs of the socket owners: no password field, gecos, home folder or shell, no other account.
    const lines = out.split('\n').filter(Boolean);
    expect(
      lines.every((l) => /^[^:\s]+:x:\d+$/.test(l)),
      out,
    ).toBe(true);
    expect(new Set(lines.map((l) => Number(l.split(':')[2])))).toEqual(ownerUids(bundle));
  },
  'linux.proc.socket-owners': (out, bundle) => {
    const sockets = new Set(
      out
        .split('\n')
        .filter((l) => l.startsWith('S '))
        .map((l) => l.split(' ')[1]),
    );
    const tables = ['tcp', 'tcp6', 'udp', 'udp6'].map((t) => text(bundle.sources[`linux.proc.net.${t}`])).join('\n');
    const inodes = new Set(tables.split('\n').map((l) => l.trim().split(/\s+/)[9]));
    // Every socket is one of this namespace's, every process holds one of them; cgroups only the unit/container lines.
    for (const inode of sockets) expect(inodes.has(inode)).toBe(true);
    const holders = new Set(
      out
        .split('\n')
        .filter((l) => l.startsWith('S '))
        .map((l) => l.split(' ')[2]),
    );
    for (const line of out.split('\n').filter((l) => l.startsWith('P '))) {
      expect(holders.has(line.split(' ')[1])).toBe(true);
      const cgroup = JSON.parse(/ ("(?:[^"\\]|\\.)*")$/.exec(line)?.[1] ?? '""') as string;
      for (const l of cgroup.split('\n').filter(Boolean)) expect(l).toMatch(/\.service|docker|libpod|containerd|crio|kubepods/);
    }
  },
  'linux.proc.processes': (out) => {
    // Name, uid, capabilities and the program words of each command line: no option values, no free-form arguments.
    for (const line of out.split('\n').slice(1).filter(Boolean)) {
      const command = JSON.parse(/ ("(?:[^"\\]|\\.)*")$/.exec(line)?.[1] ?? '""') as string;
      expect(
        command
          .split(' ')
          .slice(1)
          .every((w) => !w.startsWith('-') && !/[{}"=\s]/.test(w)),
        line,
      ).toBe(true);
    }
  },
  'linux.ip.addr': (out) => expect(Array.isArray(JSON.parse(out))).toBe(true),
  'linux.ip.route-get': (out) => expect(Array.isArray(JSON.parse(out))).toBe(true),
  'linux.ss.listeners': (out) =>
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((l) => /^LISTEN\s/.test(l)),
    ).toBe(true),
  // Containers' id, names and published ports only: no command, labels, mounts or image.
  'linux.docker.ps': (out) => {
    for (const line of out.split('\n').filter(Boolean))
      expect(Object.keys(JSON.parse(line) as object).sort()).toEqual(['ID', 'Names', 'Ports']);
  },
};
// Kernel values and tables whose whole text is the evidence: the socket tables, sysctls and the firewall rulesets.
const WHOLE =
  /^linux\.(proc\.net\.(tcp|udp)6?|sysctl\.[\w.-]+|nft\.[\w.-]+|ip6?tables\.[\w.-]+|ufw\.[\w.-]+|firewalld\.[\w.-]+|route\.[\w.-]+)$/;

function ownerUids(bundle: Bundle): Set<number> {
  const owners = text(bundle.sources['linux.proc.socket-owners']).split('\n');
  const holders = new Set(owners.filter((l) => l.startsWith('S ')).map((l) => l.split(' ')[2]));
  return new Set(owners.filter((l) => l.startsWith('P ') && holders.has(l.split(' ')[1])).map((l) => Number(l.split(' ')[2])));
}

describe.skipIf(!root)('a report bundle carries only what the diagnosis needs (issue 11 item 9)', () => {
  let built: { path: string; remove: () => Promise<void> };
  let service: { child: ChildProcess; first: string };
  let other: { child: ChildProcess; first: string };
  let bundle: Bundle;
  beforeAll(async () => {
    built = await buildPrivateCli('bundle-minimal');
    // The service: run as nobody, its password in its environment. Another program: a token on its command line.
    service = await start(
      'import socket,sys\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen()\nprint(s.getsockname()[1],flush=True)\nsys.stdin.read()',
      ['/srv/app/service.py'],
      NOBODY,
    );
    other = await start('import sys\nprint("up",flush=True)\nsys.stdin.read()', ['--token', ARG_SECRET, `{"API_KEY": "${ARG_SECRET}"}`]);
    const [file, ...pre] = cliArgv(built.path);
    const r = spawnSync(file ?? process.execPath, [...pre, 'collect', '--port', service.first], {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const parsed = parseBundleText(r.stdout);
    if (!parsed.ok) throw new Error(`collect gave no bundle: ${parsed.error}; ${r.stderr}`);
    bundle = parsed.bundle;
  });
  afterAll(async () => {
    service?.child.kill();
    other?.child.kill();
    await built?.remove();
  });

  it('/etc/passwd: only the uid → name pairs of the socket owners shown (here nobody), never the whole file', () => {
    const passwd = text(bundle.sources['linux.etc.passwd']);
    expect(ownerUids(bundle).has(NOBODY)).toBe(true);
    expect(passwd).toContain(`:x:${NOBODY}\n`);
    const whole = readFileSync('/etc/passwd', 'utf8');
    expect(whole.split('\n').filter(Boolean).length).toBeGreaterThan(passwd.split('\n').filter(Boolean).length);
    expect(passwd).not.toMatch(/\/bin\/|nologin|\/home\/|\/root/);
  });

  it("no source carries the environment, or another program's command-line secrets", () => {
    const all = JSON.stringify(bundle);
    expect(all.includes(ENV_SECRET), 'the service environment').toBe(false);
    expect(all.includes(ARG_SECRET), "another program's command line").toBe(false);
    // The service itself is still named with its program and script.
    expect(text(bundle.sources['linux.proc.processes'])).toContain('/srv/app/service.py');
  });

  it('every source is one whose purpose is known here, and carries no more than that purpose', () => {
    for (const [id, source] of Object.entries(bundle.sources)) {
      const check = PURPOSE[id] ?? PURPOSE[id.replace(/\.window\.\d+$/, '.window.N')];
      if (!check) {
        expect(WHOLE.test(id), `${id}: a new source needs its purpose checked in this test`).toBe(true);
        continue;
      }
      if (source.error && !source.stdout) continue;
      check(text(source), bundle);
    }
    // Files read are only these: no other /proc or /etc content (ufw's rules files are firewall rules, like iptables-save).
    const reads = Object.values(bundle.sources)
      .filter((s) => s.argv[0] === '<read>')
      .map((s) => s.argv[1] ?? '');
    for (const path of reads)
      expect(path, path).toMatch(
        /^\/proc\/net\/(tcp6?|udp6?|netstat)$|^\/proc\/sys\/net\/[\w/]+$|^\/etc\/passwd$|^\/etc\/ufw\/user6?\.rules$/,
      );
  });
});
