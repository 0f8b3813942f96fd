/**
 * `engine.queue.*`: the accept queue judged over a short window of readings (issue 17 item 10).
 * Kept apart from engine-en.ts, which is already long; it is mounted there under `queue`.
 */
export const queueEn = {
  window:
    'ListenOverflows +{{overflows}}, ListenDrops +{{drops}} in {{ms}} ms ({{samples}} readings); the accept queue of {{endpoint}} was full in {{full}} of them (Recv-Q up to {{peak}}, backlog {{backlog}})',
  stuck:
    'the accept queue of {{endpoint}} was full in all {{samples}} readings over {{ms}} ms (Recv-Q {{peak}}, backlog {{backlog}}) while ListenOverflows rose by {{overflows}} (no client tried meanwhile): the process did not empty it, so the next connection attempts are dropped',
  unseen:
    'ListenOverflows rose by {{overflows}} in {{ms}} ms, but the accept queue of {{endpoint}} was never seen full (Recv-Q up to {{peak}}, backlog {{backlog}}, {{samples}} readings): the overflow may be this port’s between two readings, or another listener’s (the counter counts every port of this network namespace)',
  elsewhere:
    'ListenOverflows rose by {{overflows}} in {{ms}} ms while the accept queue of {{endpoint}} stayed empty in all {{samples}} readings: another listener of this network namespace overflows, not this one',
  brief:
    'the accept queue of {{endpoint}} reached its backlog in {{full}} of {{samples}} readings over {{ms}} ms (Recv-Q up to {{peak}}, backlog {{backlog}}), but ListenOverflows did not rise: nothing was dropped while watched',
  quiet:
    'accept queue of {{endpoint}}: Recv-Q up to {{peak}} of backlog {{backlog}} in {{samples}} readings over {{ms}} ms; ListenOverflows +{{overflows}}',
  summaryRising: 'the accept queue of {{endpoint}} overflows: ListenOverflows rose by {{overflows}} in {{ms}} ms while it was full',
  summaryStuck: 'the accept queue of {{endpoint}} stays full: the service is listening but does not accept connections',
  summaryUnseen:
    'not verified: ListenOverflows rose by {{overflows}} in {{ms}} ms, but the accept queue of {{endpoint}} was never seen full',
  summaryBrief: 'listening on port {{port}}; its accept queue reached its backlog, without a dropped connection while watched',
};
