import type { engineEn } from './engine-en';

/** The dotted paths of the string leaves of a message table (`{ a: { b: 'x' } }` → `'a.b'`). */
export type LeafKeys<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : LeafKeys<T[K], `${P}${K}.`>;
}[keyof T & string];

/** An engine sentence's key without its `engine.` prefix (what `say()` takes): a key not in engine-en.ts fails typecheck. */
export type EngineKey = LeafKeys<typeof engineEn>;

/** The keys under a prefix, without it: `EngineKeyUnder<'fixCheck.presence'>` is `'saysAbsent' | 'notAsked' | …`. */
export type EngineKeyUnder<P extends string> = EngineKey extends infer K ? (K extends `${P}.${infer R}` ? R : never) : never;
