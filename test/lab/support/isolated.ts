import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Isolated, Lab } from '../harness';

/** A system-bus config for a private dbus-daemon inside an isolated mount namespace (firewalld, polkit: LAB.md). */
export const DBUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=/run/dbus/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;

/** Run `argv` in the isolated namespace until its output matches `pattern` (a daemon coming up), or fail after `ms`. */
export async function waitForOutput(iso: Isolated, argv: string[], pattern: RegExp, ms: number): Promise<string> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    const r = await iso.exec(argv, { timeoutMs: 10_000 }).catch((e: unknown) => ({ code: -1, stdout: '', stderr: String(e) }));
    last = `${r.stdout}${r.stderr}`;
    if (pattern.test(last)) return last;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${argv.join(' ')} never printed ${pattern}: ${last}`);
}

/**
 * firewalld running in a private mount namespace of `ns` (LAB.md): tmpfs /run, a private copy of /etc/firewalld,
 * its own system bus (config written to `dir`). Resolves when `firewall-cmd --state` says running.
 */
export async function startFirewalld(lab: Lab, ns: string, dir: string): Promise<Isolated> {
  await writeFile(join(dir, 'system.conf'), DBUS_CONFIG);
  const iso = await lab.isolate(ns, ['/etc/firewalld']);
  await iso.spawn(['dbus-daemon', `--config-file=${join(dir, 'system.conf')}`, '--nofork', '--nopidfile']);
  await waitForOutput(iso, ['ls', '/run/dbus'], /system_bus_socket/, 10_000);
  await iso.spawn(['firewalld', '--nofork', '--nopid', '--log-target', 'console']);
  await waitForOutput(iso, ['firewall-cmd', '--state'], /^running/m, 30_000);
  return iso;
}
