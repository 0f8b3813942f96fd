/** A small seeded PRNG (mulberry32) and the picks the generators use: the same seed gives the same rulesets. */
export interface Rng {
  /** 0 ≤ x < 1 */
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /** true with probability p */
  chance(p: number): boolean;
  some<T>(items: readonly T[], min: number, max: number): T[];
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return {
    next,
    int,
    pick,
    chance: (p) => next() < p,
    some: (items, min, max) => {
      const pool = [...items];
      const n = Math.min(pool.length, int(min, max));
      const out: (typeof pool)[number][] = [];
      for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0] as (typeof pool)[number]);
      return out;
    },
  };
}
