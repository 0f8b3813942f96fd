import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../../electron/app/services';
import { checkPort, checkPortHandler } from '../../../../electron/handlers/check-port';
import { runHandler } from '../../../../electron/handlers/run';
import type { Services } from '../../../../electron/handlers/types';
import type { Runner } from '../../../../electron/system/runner';
import { parseBundleText } from '../../../../shared/bundle/schema';
import { ProbeReportSchema } from '../../../../shared/schemas/report';
import type { Step } from '../../../../shared/schemas/report';
import { loadBundle } from '../probes/linux/load-fixture';

const signal = new AbortController().signal;

/** A replaying runner whose read of `source` (part of step 3's gathering only: ufw's saved rules) waits until `open()`. */
function gated(
  services: Services,
  source = 'linux.ufw.user-rules',
): { services: Services; reads: string[]; reached: Promise<void>; open: () => void } {
  const reads: string[] = [];
  let open = () => undefined as void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reach = () => undefined as void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const inner = services.runner;
  const runner: Runner = {
    mode: inner.mode,
    run: async (spec) => {
      reads.push(spec.source);
      if (spec.source === source) {
        reach();
        await gate;
      }
      return inner.run(spec);
    },
    readFile: async (spec) => {
      reads.push(spec.source);
      if (spec.source === source) {
        reach();
        await gate;
      }
      return inner.readFile(spec);
    },
  };
  return { services: { ...services, runner }, reads, reached, open };
}

describe('steps 1–3 stream as they finish (issue 15 item 1)', () => {
  it.each([
    ['nft-reject', 8080],
    ['ufw-deny', 8080],
    ['firewalld-public', 8080],
    ['policy-drop-allowlist', 8080],
    ['privileged-port', 80],
  ])('%s: each streamed step is the report’s own, and the report is the one the plain call gives', async (name, port) => {
    const services = createServices({ replay: loadBundle(name), dataDir: '/nonexistent' });
    const streamed: Step[] = [];
    const r = await checkPort({ port, protocol: 'tcp' }, services, (s) => streamed.push(s));
    const plain = await checkPortHandler({ port, protocol: 'tcp' }, { services, signal });
    if (r.kind !== 'ok' || plain.kind !== 'ok') throw new Error('check failed');
    expect(streamed.map((s) => s.id).sort()).toEqual(['binding', 'firewall', 'service']);
    for (const step of r.data.steps) expect(streamed.find((s) => s.id === step.id)).toEqual(step);
    expect(r.data).toEqual(plain.data);
  });

  it('service and binding are handed over while step 3 is still reading (the saved firewall configuration)', async () => {
    const g = gated(createServices({ replay: loadBundle('ufw-deny'), dataDir: '/nonexistent' }));
    const streamed: string[] = [];
    let two = () => undefined as void;
    const bothEarly = new Promise<void>((resolve) => (two = resolve));
    const running = checkPort({ port: 8080, protocol: 'tcp' }, g.services, (s) => {
      streamed.push(s.id);
      if (streamed.length === 2) two();
    });
    await g.reached;
    await bothEarly;
    expect(streamed.sort()).toEqual(['binding', 'service']);
    g.open();
    const r = await running;
    expect(streamed).toContain('firewall');
    expect(r.kind === 'ok' && r.data.steps.map((s) => s.id)).toEqual(['service', 'binding', 'firewall']);
  });
});

describe('Windows: steps 1 and 2 before the firewall rules are read', () => {
  const windowsBundle = (name: string) => {
    const parsed = parseBundleText(
      readFileSync(new URL(`../../../fixtures/windows-bundles/${name}.portdoctor.json`, import.meta.url), 'utf8'),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.bundle;
  };

  it.each(['firewall-default-block', 'port-in-use-iis', 'ok'])('%s: the streamed steps are the report’s', async (name) => {
    const bundle = windowsBundle(name);
    const services = createServices({ replay: bundle, dataDir: '/nonexistent' });
    const streamed: Step[] = [];
    const request = { port: bundle.target?.port ?? 8080, protocol: 'tcp' as const };
    const r = await checkPort(request, services, (s) => streamed.push(s));
    const plain = await checkPortHandler(request, { services, signal });
    if (r.kind !== 'ok' || plain.kind !== 'ok') throw new Error('check failed');
    expect(streamed.map((s) => s.id).sort()).toEqual(['binding', 'firewall', 'service']);
    for (const step of r.data.steps) expect(streamed.find((s) => s.id === step.id)).toEqual(step);
    expect(r.data).toEqual(plain.data);
  });

  it('binding and service are handed over while the firewall rules are still being read', async () => {
    const bundle = windowsBundle('firewall-default-block');
    const g = gated(createServices({ replay: bundle, dataDir: '/nonexistent' }), 'windows.ps.firewall-rules');
    const streamed: string[] = [];
    let two = () => undefined as void;
    const bothEarly = new Promise<void>((resolve) => (two = resolve));
    const running = checkPort({ port: bundle.target?.port ?? 8080, protocol: 'tcp' }, g.services, (s) => {
      streamed.push(s.id);
      if (streamed.length === 2) two();
    });
    await g.reached;
    await bothEarly;
    expect(streamed.sort()).toEqual(['binding', 'service']);
    g.open();
    const r = await running;
    expect(r.kind).toBe('ok');
    expect(streamed).toContain('firewall');
  });
});

describe('diagnose:run gathers the platform identity beside the check, never after the verdict', () => {
  const probe = ProbeReportSchema.parse(
    JSON.parse(readFileSync(new URL('../../../fixtures/capture/reports/upstream-drop.probe.json', import.meta.url), 'utf8')),
  );

  it('with a client report: the DMI files are read while step 3 is still gathering', async () => {
    const g = gated(createServices({ replay: loadBundle('ufw-deny'), dataDir: '/nonexistent' }));
    const running = runHandler(
      { port: probe.target.port, protocol: 'tcp', clientReport: probe },
      { services: g.services, signal, emit: () => undefined },
    );
    await g.reached;
    const before = [...g.reads];
    g.open();
    const r = await running;
    expect(before).toEqual(expect.arrayContaining(['linux.dmi.sys-vendor', 'linux.dmi.product-name', 'linux.dmi.chassis-asset-tag']));
    expect(r.kind).toBe('ok');
  });

  it('without a client report (no row can say upstream-filtered): no identity is read', async () => {
    const g = gated(createServices({ replay: loadBundle('ufw-deny'), dataDir: '/nonexistent' }));
    g.open();
    const events: string[] = [];
    const r = await runHandler(
      { port: 8080, protocol: 'tcp' },
      { services: g.services, signal, emit: (e) => events.push(e.type === 'step-started' ? `start:${e.id}` : `done:${e.step.id}`) },
    );
    expect(r.kind).toBe('ok');
    expect(g.reads.filter((s) => s.startsWith('linux.dmi.'))).toEqual([]);
    // Each of steps 1–3 is started first, and finished exactly once.
    expect(events.slice(0, 3)).toEqual(['start:service', 'start:binding', 'start:firewall']);
    for (const id of ['service', 'binding', 'firewall', 'client', 'packets'])
      expect(events.filter((e) => e === `done:${id}`)).toHaveLength(1);
  });
});
