import type { Evidence } from '../schemas/report';
import type { Note } from '../i18n/note';
import { say } from '../i18n/say';

/**
 * A firewall evaluator's note as evidence: its English `text` made from the key's template, with the key and params
 * for presenters to translate. Nothing is parsed back from English; a report of an older version whose note has no key
 * (or a key that does not fit its text) is shown as its text (`reportText`, `engineText`).
 */
export function noteEvidence(n: Note): Evidence {
  return { kind: 'note', ...say(n.key, n.params) };
}
