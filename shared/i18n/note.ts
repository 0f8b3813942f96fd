import { noteEn } from './engine-note-en';
import { ratelimitEn } from './engine-ratelimit-en';
import { interpolate } from './engine-text';
import type { EngineParams } from './engine-text';

/**
 * A firewall evaluator's note (FirewallVerdict.notes) as data: an `engine.*` key and its params. The English is made
 * from the key at the edge (`noteText`, and `say()` for a report's evidence), so nothing parses English back. The keys
 * are the `engine.note.*` table and the `-m recent` standings of `engine.ratelimit.*`: a key that is not there, or a
 * param its template does not have or lacks, fails the typecheck.
 */
export interface Note {
  key: NoteKey;
  params?: EngineParams;
}

// The `engine.ratelimit.*` texts that are notes (the others are the rate limit's evidence and fix).
type RecentNoteName = 'reached' | 'reachedKept' | 'notReached' | 'notReachedAll';

type Templates = { [K in keyof typeof noteEn as `note.${K}`]: (typeof noteEn)[K] } & {
  [K in RecentNoteName as `ratelimit.${K}`]: (typeof ratelimitEn)[K];
};

/** Every note key, as `say()` takes it (without the `engine.` prefix). */
export type NoteKey = keyof Templates;

/** The `{{name}}` placeholders of a template literal type. */
type Slots<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | Slots<Rest> : never;

/**
 * A template that starts with `{{backend}}` directly (not `{{backend}}: `) has a prefix slot: empty for a note of one
 * component, `nftables: ` when netfilter.ts combines several (`fromBackend`). The evaluators leave it out.
 */
type PrefixSlot<T extends string> = T extends `{{backend}}: ${string}` ? never : T extends `{{backend}}${string}` ? 'backend' : never;

type ParamsOf<K extends NoteKey> = { [P in Exclude<Slots<Templates[K]>, PrefixSlot<Templates[K]>>]: string | number };

const TEMPLATES: Record<NoteKey, string> = {
  ...(Object.fromEntries(Object.entries(noteEn).map(([k, v]) => [`note.${k}`, v])) as Record<`note.${keyof typeof noteEn}`, string>),
  'ratelimit.reached': ratelimitEn.reached,
  'ratelimit.reachedKept': ratelimitEn.reachedKept,
  'ratelimit.notReached': ratelimitEn.notReached,
  'ratelimit.notReachedAll': ratelimitEn.notReachedAll,
};

/** Every note key (for the tests that hold each one to both languages). */
export const NOTE_KEYS = Object.keys(TEMPLATES) as NoteKey[];

const hasPrefixSlot = (key: NoteKey): boolean => TEMPLATES[key].startsWith('{{backend}}') && !TEMPLATES[key].startsWith('{{backend}}: ');

/** Build a note: its key, and exactly the params its English template names (the prefix slot starts empty). */
export function note<K extends NoteKey>(key: K, ...params: keyof ParamsOf<K> extends never ? [] : [ParamsOf<K>]): Note {
  const given = params[0] as EngineParams | undefined;
  const all = hasPrefixSlot(key) ? { backend: '', ...given } : given;
  return all ? { key, params: all } : { key };
}

/** The note in English, as the report's `text` and the CLI show it. */
export function noteText(n: Note): string {
  return interpolate(TEMPLATES[n.key], n.params);
}

// Notes with no prefix slot whose wording has a form for one of several components: the bare form → the prefixed one.
const WITH_BACKEND: Partial<Record<NoteKey, NoteKey>> = {
  'note.noRules': 'note.noRulesBackend',
  'note.nftManagedPlain': 'note.nftManaged',
};

/** Notes that are never given a backend (Windows, the front-ends, netfilter's own): `fromBackend` leaves them as they are. */
export function takesBackend(key: NoteKey): boolean {
  return hasPrefixSlot(key) || WITH_BACKEND[key] !== undefined;
}

/**
 * The note of one component among several, said with its name first (`iptables-nft: …`), as netfilter.ts combines
 * nftables, iptables-nft and iptables-legacy.
 */
export function fromBackend(backend: string, n: Note): Note {
  const paired = WITH_BACKEND[n.key];
  if (paired) return { key: paired, params: { ...n.params, backend } };
  if (!hasPrefixSlot(n.key)) return n;
  return { key: n.key, params: { ...n.params, backend: `${backend}: ${n.params?.backend ?? ''}` } };
}
