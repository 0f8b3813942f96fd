import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Isolated, Lab } from '../harness';
import { DBUS_CONFIG, waitForOutput } from '../support/isolated';
import type { FrontendCase } from './gen-frontends';
import { genFirewalld, genUfw } from './gen-frontends';
import { rng } from './random';
import type { Pair } from './rig';
import { createPair } from './rig';
import type { Tracer } from './trace';
import { startTracer } from './trace';
import type { Ctx, Figures } from './run';
import { emptyFigures, probeCase } from './run';
import { applyCase } from './truth';

/**
 * The differential test through the real front-ends (issue 17): ufw and firewalld run in the server namespace with
 * private /run and config copies (LAB.md), each case is typed as an admin would, and every SYN's verdict is compared
 * with what the kernel did and counted, exactly as for the generated nft/iptables rulesets.
 */

const SLOW = { timeoutMs: 60_000 };

/** A front-end in the server namespace: `reset` clears the previous case, `apply` types one case's commands. */
interface Frontend {
  reset(): Promise<void>;
  apply(c: FrontendCase): Promise<void>;
  stop(): Promise<void>;
}

async function ufwFrontend(lab: Lab, pair: Pair): Promise<Frontend> {
  const iso = await lab.isolate(pair.srv, ['/etc/ufw', '/etc/default/ufw']);
  return {
    reset: async () => {
      await iso.must(['ufw', '--force', 'reset'], SLOW);
      await applyCase(lab, pair.srv, {});
    },
    apply: async (c) => {
      for (const argv of c.commands) await iso.must(['ufw', ...argv], SLOW);
      await iso.must(['ufw', '--force', 'enable'], SLOW);
    },
    stop: async () => {
      await iso.exec(['ufw', '--force', 'reset'], SLOW);
    },
  };
}

async function firewalldFrontend(lab: Lab, pair: Pair, dir: string, tracer: Tracer): Promise<Frontend> {
  await applyCase(lab, pair.srv, {});
  const iso: Isolated = await lab.isolate(pair.srv, ['/etc/firewalld']);
  const config = join(dir, `dbus-${pair.srv}.conf`);
  await writeFile(config, DBUS_CONFIG);
  await iso.spawn(['dbus-daemon', `--config-file=${config}`, '--nofork', '--nopidfile']);
  await waitForOutput(iso, ['ls', '/run/dbus'], /system_bus_socket/, 10_000);
  await iso.spawn(['firewalld', '--nofork', '--nopid', '--log-target', 'console']);
  await waitForOutput(iso, ['firewall-cmd', '--state'], /^running/m, 60_000);
  const cmd = (argv: string[]) => iso.exec(['firewall-cmd', ...argv], SLOW);
  return {
    reset: async () => {
      // Runtime-only changes are dropped by a reload; an interface moved at runtime is put back in the default zone.
      await iso.must(['firewall-cmd', '--reload'], SLOW);
      const zone = (await cmd([`--get-zone-of-interface=${pair.net.srvIf}`])).stdout.trim();
      if (zone && zone !== 'no zone') await cmd([`--zone=${zone}`, `--remove-interface=${pair.net.srvIf}`]);
      // firewalld writes no counters: the kernel's trace says which of its rules took each SYN.
      await tracer.install();
    },
    apply: async (c) => {
      // A command firewalld refuses (a source already bound to another zone) is left out, as it would be on a host.
      for (const argv of c.commands) await cmd(argv);
    },
    stop: async () => {
      await cmd(['--reload']);
    },
  };
}

/** Run `count` cases of one front-end on one namespace pair (front-end commands are slow: ~0.5 s each). */
export async function runFrontends(
  lab: Lab,
  opts: { kind: FrontendCase['kind']; seed: number; count: number; pair: number },
): Promise<Figures> {
  const figures = emptyFigures();
  const pair = await createPair(lab, opts.pair);
  const dir = await mkdtemp(join(tmpdir(), 'pdl-fe-'));
  try {
    const tracer = opts.kind === 'firewalld' ? await startTracer(lab, pair.srv) : undefined;
    const fe = tracer ? await firewalldFrontend(lab, pair, dir, tracer) : await ufwFrontend(lab, pair);
    const ctx: Ctx = { lab, pair, figures, seed: opts.seed, sport: 20000 + opts.pair * 7, ...(tracer ? { tracer } : {}) };
    for (let index = 0; index < opts.count; index++) {
      const r = rng(opts.seed * 100_003 + index);
      const c = opts.kind === 'ufw' ? genUfw(r, pair.net) : genFirewalld(r, pair.net);
      try {
        await fe.reset();
        await fe.apply(c);
        await probeCase(ctx, r, index, c);
      } catch (e) {
        figures.toolErrors.push({ seed: opts.seed, index, error: `${c.kind}: ${String((e as Error)?.message ?? e).slice(0, 300)}` });
      }
    }
    await fe.stop();
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
