import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecResult, Lab } from './lab';
import { cliArgv } from './private-cli';

/**
 * The client/capture lab's topology (prefix `pdc-`): cli 10.232.1.2 — rtr 10.232.1.1 / 10.232.2.1 — srv 10.232.2.2
 * (and fd00:232:1::2 — fd00:232:1::1 / fd00:232:2::1 — fd00:232:2::2), routed both ways through rtr, so an
 * upstream filter sits on rtr's forward hook, away from both ends.
 */
export async function clientRouterServer(
  lab: Lab,
): Promise<{ cli: string; rtr: string; srv: string; srvAddress: string; srvAddress6: string }> {
  const cli = await lab.namespace('cli');
  const rtr = await lab.namespace('rtr');
  const srv = await lab.namespace('srv');
  await lab.link(cli, '10.232.1.2/24', rtr, '10.232.1.1/24', { v6: ['fd00:232:1::2/64', 'fd00:232:1::1/64'] });
  await lab.link(rtr, '10.232.2.1/24', srv, '10.232.2.2/24', { v6: ['fd00:232:2::1/64', 'fd00:232:2::2/64'] });
  await lab.route(cli, 'default', '10.232.1.1');
  await lab.route(srv, 'default', '10.232.2.1');
  await lab.must(cli, ['ip', '-6', 'route', 'add', 'default', 'via', 'fd00:232:1::1']);
  await lab.must(srv, ['ip', '-6', 'route', 'add', 'default', 'via', 'fd00:232:2::1']);
  await lab.sysctl(rtr, 'net.ipv4.ip_forward', '1');
  await lab.sysctl(rtr, 'net.ipv6.conf.all.forwarding', '1');
  return { cli, rtr, srv, srvAddress: '10.232.2.2', srvAddress6: 'fd00:232:2::2' };
}

/** Runs one CLI bundle inside a namespace: `node <bundle> …args`, bounded in time. */
export interface PdRunner {
  run(ns: string, args: readonly string[], timeoutMs?: number): Promise<ExecResult>;
  /** Save a JSON document where every namespace can read it (namespaces share the file system). */
  save(name: string, text: string): Promise<string>;
  dispose(): Promise<void>;
}

/** A CLI runner over `bundle` (see buildPrivateCli) with a temp folder for reports. */
export async function pdRunner(lab: Lab, bundle: string): Promise<PdRunner> {
  const dir = await mkdtemp(join(tmpdir(), 'pdc-reports-'));
  return {
    run: (ns, args, timeoutMs = 30_000) => lab.exec(ns, [...cliArgv(bundle), ...args], { timeoutMs }),
    async save(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
