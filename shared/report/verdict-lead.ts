import type { CheckReport, Evidence, Fix } from '../schemas/report';

/** What a person reads first about a verdict: the proof of its cause and the one action to take. */
export interface VerdictLead {
  /** The evidence that proves the cause, strongest first (the deciding rule and its counter, the capture, the client). */
  proof: Evidence[];
  /** The one thing to do (the first fix), when there is one. */
  action: Fix | undefined;
  /** True when the verdict's summary says more than the cause's own sentence (a decision row), so it is worth showing. */
  summaryAdds: boolean;
}

// Lower ranks are stronger proof; kinds not listed (the decision row, the step roll-ups, sysctl context) are not proof.
const RANK: Record<string, number> = {
  rule: 0,
  policy: 0,
  packets: 1,
  packet: 1,
  counter: 1,
  queue: 1,
  'stand-in': 1,
  // Connections still closing on a port nothing listens on: what will stop the restart (issue 17 item 15).
  closing: 1,
  client: 2,
  connect: 2,
  socket: 3,
  process: 3,
  reservation: 3,
  published: 3,
  sysctl: 3,
  route: 4,
  binding: 4,
  address: 4,
};
// Combined-evidence lines that say something was not seen prove nothing.
const NOT_PROOF = new Set(['engine.combined.noCapture', 'engine.combined.noClient', 'engine.combined.noSyn']);

/** The lead of a verdict: up to three proof lines from the findings of its cause, and the first fix. */
export function verdictLead(report: CheckReport): VerdictLead {
  const { verdict } = report;
  const seen = new Set<string>();
  const proof =
    verdict.cause === 'ok'
      ? []
      : report.findings
          .filter((f) => f.cause === verdict.cause)
          .flatMap((f) => f.evidence)
          .filter((e) => RANK[e.kind] !== undefined && !(e.key && NOT_PROOF.has(e.key)))
          .sort((a, b) => (RANK[a.kind] ?? 9) - (RANK[b.kind] ?? 9))
          .filter((e) => !seen.has(e.text) && seen.add(e.text) !== undefined)
          .slice(0, 3);
  return { proof, action: verdict.fixes[0], summaryAdds: verdict.summaryKey !== `engine.verdict.${verdict.cause}` };
}
