import type { Lab } from '../harness';
import type { Comparison } from './compare';
import { compare, judge, packetFor } from './compare';
import { genIptables } from './gen-iptables';
import { genNft } from './gen-nft';
import type { Rng } from './random';
import { rng } from './random';
import type { Pair, PairNet, ProbeRequest } from './rig';
import { PORTS, createPair } from './rig';
import type { FrontendCase } from './gen-frontends';
import type { Listings, RulesetCase } from './truth';
import type { Tracer } from './trace';
import { withTraced, withoutTraceTable } from './trace';
import { applyCase, countersOf, readListings } from './truth';

/** One disagreement, with what is needed to replay it as a unit test (the kernel's own listings). */
export interface Finding {
  seed: number;
  index: number;
  ruleset: RulesetCase | FrontendCase;
  probe: ProbeRequest;
  listings: Listings;
  comparison: Comparison;
}

/** The run's figures: counts per class of agreement. */
export interface Figures {
  rulesets: number;
  invalid: number;
  probes: number;
  wrongOk: number;
  unknown: number;
  causeAgree: number;
  blocked: { judged: number; ruleAgree: number };
  accepted: { judged: number; ruleAgree: number };
  reject: { judged: number; agree: number };
  findings: Finding[];
  /** Cases abandoned because a tool failed (e.g. `iptables-nft-save -c` killed by a signal): kept to reproduce, never judged. */
  toolErrors: { seed: number; index: number; error: string }[];
}

const COMBOS: { w: number; parts: (keyof RulesetCase)[] }[] = [
  { w: 35, parts: ['nft'] },
  { w: 20, parts: ['iptablesNft'] },
  { w: 20, parts: ['iptablesLegacy'] },
  { w: 10, parts: ['nft', 'iptablesLegacy'] },
  { w: 10, parts: ['iptablesNft', 'iptablesLegacy'] },
  { w: 5, parts: ['nft', 'iptablesNft'] },
];

/** A random case for pair `net`. */
export function genCase(r: Rng, net: PairNet): RulesetCase {
  let x = r.int(0, 99);
  const combo = COMBOS.find((c) => (x -= c.w) < 0) ?? COMBOS[0]!;
  const c: RulesetCase = {};
  for (const p of combo.parts) c[p] = p === 'nft' ? genNft(r, net) : genIptables(r, net);
  return c;
}

const PROBES_PER_CASE = 4;
const FAST_MS = 600;
const SURE_MS = 2500;

/** One pair's running state: the pair, the shared figures, the run's seed and the next source port. */
export interface Ctx {
  lab: Lab;
  pair: Pair;
  figures: Figures;
  seed: number;
  sport: number;
  /** Ground truth from `nft monitor trace` too, for rules without counters (firewalld's). */
  tracer?: Tracer;
}

/** The server's listings as the product would read them (without the tracer's own table). */
async function listingsOf(ctx: Ctx): Promise<Listings> {
  const l = await readListings(ctx.lab, ctx.pair.srv);
  return ctx.tracer ? withoutTraceTable(l) : l;
}

async function loadSome(ctx: Ctx, r: Rng): Promise<RulesetCase | null> {
  for (let tries = 0; tries < 6; tries++) {
    const c = genCase(r, ctx.pair.net);
    try {
      await applyCase(ctx.lab, ctx.pair.srv, c);
      return c;
    } catch {
      // The generator may combine matches a hook refuses (fib in ingress): count it and draw again.
      ctx.figures.invalid += 1;
    }
  }
  return null;
}

function probeFor(r: Rng, ctx: Ctx): ProbeRequest {
  const net = ctx.pair.net;
  ctx.sport = ctx.sport >= 60999 ? 20000 : ctx.sport + 1;
  return { src: r.pick(net.cliAddrs), dst: r.chance(0.8) ? net.srvAddrs[0] : net.srvAddrs[1], dport: r.pick(PORTS), sport: ctx.sport };
}

function tally(f: Figures, c: Comparison): void {
  f.probes += 1;
  if (c.wrongOk) f.wrongOk += 1;
  if (c.unknown) f.unknown += 1;
  if (c.causeAgrees) f.causeAgree += 1;
  if (c.ruleAgrees !== null) {
    const side = c.kernel.outcome === 'accept' ? f.accepted : f.blocked;
    side.judged += 1;
    if (c.ruleAgrees) side.ruleAgree += 1;
  }
  if (c.rejectAgrees !== null) {
    f.reject.judged += 1;
    if (c.rejectAgrees) f.reject.agree += 1;
  }
}

async function runCase(ctx: Ctx, index: number): Promise<void> {
  const r = rng(ctx.seed * 100_003 + index);
  const c = await loadSome(ctx, r);
  if (!c) return;
  await probeCase(ctx, r, index, c);
}

/** Probe a loaded case PROBES_PER_CASE times, comparing each verdict with what the kernel did and counted. */
export async function probeCase(ctx: Ctx, r: Rng, index: number, c: RulesetCase | FrontendCase): Promise<void> {
  ctx.figures.rulesets += 1;
  let listings = await listingsOf(ctx);
  let before = countersOf(listings).counted;
  for (let i = 0; i < PROBES_PER_CASE; i++) {
    const probe = probeFor(r, ctx);
    const said = judge(listings, packetFor(ctx.pair.net, probe));
    let kernel = await ctx.pair.probe(probe, FAST_MS);
    let now = await listingsOf(ctx);
    if (kernel.outcome === 'drop' && said.verdict.decision !== 'drop') {
      // A slow machine could delay a SYN-ACK past the fast timeout: ask again, patiently, before calling it a drop.
      before = countersOf(now).counted;
      probe.sport = ctx.sport = ctx.sport + 1;
      kernel = await ctx.pair.probe(probe, SURE_MS);
      now = await listingsOf(ctx);
    }
    const after = countersOf(now).counted;
    const truth = ctx.tracer ? withTraced(before, after, await ctx.tracer.take(probe.sport)) : { before, after };
    const cmp = compare(judge(now, packetFor(ctx.pair.net, probe)), kernel, truth.before, truth.after);
    tally(ctx.figures, cmp);
    if (cmp.wrongOk || !cmp.causeAgrees || cmp.ruleAgrees === false || cmp.rejectAgrees === false)
      ctx.figures.findings.push({ seed: ctx.seed, index, ruleset: c, probe: { ...probe }, listings: now, comparison: cmp });
    listings = now;
    before = after;
  }
}

/** Figures with nothing counted yet. */
export function emptyFigures(): Figures {
  return {
    rulesets: 0,
    invalid: 0,
    probes: 0,
    wrongOk: 0,
    unknown: 0,
    causeAgree: 0,
    blocked: { judged: 0, ruleAgree: 0 },
    accepted: { judged: 0, ruleAgree: 0 },
    reject: { judged: 0, agree: 0 },
    findings: [],
    toolErrors: [],
  };
}

/** Run `count` random cases over `pairs` namespace pairs in parallel (each pair probes one SYN at a time). */
export async function runDifferential(
  lab: Lab,
  opts: { seed: number; count: number; pairs: number; onProgress?: (f: Figures) => void },
): Promise<Figures> {
  const figures = emptyFigures();
  const pairs = await Promise.all(Array.from({ length: opts.pairs }, (_, i) => createPair(lab, i)));
  let next = 0;
  await Promise.all(
    pairs.map(async (pair, p) => {
      const ctx: Ctx = { lab, pair, figures, seed: opts.seed, sport: 20000 + p * 7 };
      for (let index = next++; index < opts.count; index = next++) {
        // A tool that dies on one ruleset (seen once in 750: iptables-nft-save -c exited by a signal) must not end a
        // long run: the case is set aside with its seed and index, counted, and reported next to the figures.
        await runCase(ctx, index).catch((e: unknown) =>
          figures.toolErrors.push({ seed: opts.seed, index, error: String((e as Error)?.message ?? e).slice(0, 300) }),
        );
        if (index % 25 === 0) opts.onProgress?.(figures);
      }
    }),
  );
  return figures;
}
