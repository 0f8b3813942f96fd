import { afterAll, beforeAll } from 'vitest';
import { withLab } from '../harness';
import type { Lab } from '../harness';
import { clientRouterServer, pdRunner } from '../harness/client-path';
import type { PdRunner } from '../harness/client-path';
import { buildPrivateCli } from '../harness/private-cli';
import { keepHostFirewallUnchanged } from './host-guard';

export type ClientNet = Awaited<ReturnType<typeof clientRouterServer>>;
export type Scenario = (name: string, fn: (lab: Lab, pd: PdRunner, net: ClientNet) => Promise<void>) => Promise<void>;

/** A CLI run's JSON document, or a failure that shows what it printed instead. */
export function json<T>(r: { code: number | null; stdout: string; stderr: string }): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`no JSON (exit ${r.code}): ${r.stdout.slice(0, 300)} ${r.stderr.slice(0, 300)}`);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * For a client-lab file (inside its describe): the host-firewall guard, a private CLI build for the file, and a
 * scenario runner that builds client → router → server namespaces (prefix pdc-) and always cleans them up.
 */
export function useClientLab(name: string): { scenario: Scenario; cliPath: () => string } {
  let cli: { path: string; remove: () => Promise<void> } | undefined;
  keepHostFirewallUnchanged();
  beforeAll(async () => {
    cli = await buildPrivateCli(name);
  });
  afterAll(async () => {
    await cli?.remove();
  });
  const cliPath = (): string => {
    if (!cli) throw new Error('the private CLI was not built');
    return cli.path;
  };
  const scenario: Scenario = async (scenarioName, fn) => {
    await withLab({ prefix: 'pdc-', name: scenarioName }, async (lab) => {
      const pd = await pdRunner(lab, cliPath());
      try {
        await fn(lab, pd, await clientRouterServer(lab));
      } finally {
        await pd.dispose();
      }
    });
  };
  return { scenario, cliPath };
}
