import type { ServiceFacts } from './facts';
import type { Evidence, Finding, Step } from '../schemas/report';
import type { Socket } from '../schemas/ports';
import { isLoopback } from '../net/address';
import { endpoint } from '../net/address';
import { ipForwardOffEvidence, ownerText, socketEvidence, unavailableEvidence } from './evidence';
import { say, saySummary } from '../i18n/say';
import { judgeQueue } from './queue-step';

/** A step's outcome and the findings it raised (the engine picks one verdict cause from all findings). */
export interface Judged {
  step: Step;
  findings: Finding[];
}

function ownerMatches(s: Socket, expect: string): boolean | null {
  if (!s.owner) return null;
  const want = expect.toLowerCase();
  return [s.owner.name, s.owner.command, s.owner.unit, s.owner.service].some((v) => v?.toLowerCase().includes(want));
}

function connectEvidence(facts: ServiceFacts): Evidence[] {
  const lc = facts.localConnect;
  if (!lc) return [];
  if (lc.kind !== 'ok')
    return [
      {
        kind: 'connect',
        ...say('service.connectNotTried', { reason: lc.reason, detail: lc.detail }),
        ...(lc.command ? { command: lc.command } : {}),
        data: { reason: lc.reason },
      },
    ];
  return lc.data.map((c) => ({
    kind: 'connect',
    ...say(c.error ? 'service.connectError' : 'service.connect', {
      endpoint: endpoint(c.address, facts.target.port),
      outcome: c.outcome,
      ...(c.error ? { error: c.error } : {}),
      ms: c.elapsedMs,
    }),
    data: { ...c },
  }));
}

/** Windows: owners read from `netstat -ano` because the PowerShell source gave OwningProcess null/0. */
function ownerFallbackEvidence(facts: ServiceFacts): Evidence[] {
  const f = facts.ownerFallback;
  if (!f) return [];
  return [
    {
      kind: 'note',
      ...say('service.ownersFromNetstat', { sockets: f.sockets, found: f.found }),
      source: f.source,
      command: f.command,
      data: { ...f },
    },
  ];
}

function noListener(facts: ServiceFacts, evidence: Evidence[]): Judged {
  const { port, protocol } = facts.target;
  const fwd = facts.forwarding?.kind === 'ok' ? facts.forwarding.data : null;
  if (fwd && fwd.published.length > 0) {
    const pub: Evidence[] = fwd.published.map((p) => ({
      kind: 'published',
      ...say('service.published', { external: p.externalPort, address: p.internalAddress, port: p.internalPort, rule: p.text }),
      source: p.source,
      data: { ...p },
    }));
    const remote = fwd.published.some((p) => !isLoopback(p.internalAddress));
    if (fwd.ipForward === false && remote) {
      const e = ipForwardOffEvidence();
      return {
        step: { id: 'service', status: 'fail', ...saySummary('service.forwardingOff', { port }), evidence: [...evidence, ...pub, e] },
        findings: [{ cause: 'forwarding-disabled', severity: 'error', evidence: [...pub, e] }],
      };
    }
    return {
      step: { id: 'service', status: 'pass', ...saySummary('service.forwarded', { port }), evidence: [...evidence, ...pub] },
      findings: [],
    };
  }
  const expected = facts.expected;
  const unpriv = facts.kernel?.kind === 'ok' ? (facts.kernel.data.unprivilegedPortStart ?? 1024) : 1024;
  if (facts.target.expect && expected?.kind === 'ok' && expected.data.length > 0) {
    const procs: Evidence[] = expected.data.map((p) => ({
      kind: 'process',
      ...say(p.canBindPrivileged === false ? 'service.processNoCap' : 'service.process', {
        name: p.name,
        pid: p.pid,
        uid: p.uid ?? '?',
        protocol: protocol.toUpperCase(),
        port,
      }),
      source: facts.platform === 'linux' ? 'linux.proc.processes' : undefined,
      command: `ps -o pid,user,cmd -p ${p.pid}`,
      data: { ...p },
    }));
    if (port < unpriv && expected.data.every((p) => p.canBindPrivileged === false)) {
      const e: Evidence = {
        kind: 'sysctl',
        ...say('service.privilegedPorts', { start: unpriv }),
        source: 'linux.sysctl.net.ipv4.ip-unprivileged-port-start',
      };
      return {
        step: {
          id: 'service',
          status: 'fail',
          ...saySummary('service.privileged', { expect: facts.target.expect, port }),
          evidence: [...evidence, ...procs, e],
        },
        findings: [{ cause: 'privileged-port', severity: 'error', evidence: [...procs, e] }],
      };
    }
    evidence.push(...procs);
  }
  const closing = closingEvidence(facts);
  evidence.push(...closing);
  const summary =
    closing.length > 0
      ? saySummary('restart.summary', {
          protocol: protocol.toUpperCase(),
          port,
          total: facts.kernel?.kind === 'ok' ? (facts.kernel.data.closing?.total ?? 0) : 0,
        })
      : saySummary('service.notListening', { protocol: protocol.toUpperCase(), port });
  return {
    step: { id: 'service', status: 'fail', ...summary, evidence },
    findings: [{ cause: 'not-listening', severity: 'error', evidence: [...evidence] }],
  };
}

/** Whole seconds, rounded up: a port said to free "in 0 s" would still be held. */
const seconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * Nothing listens, but connections on the port are still closing (the last service closed them first): a restart
 * that binds without SO_REUSEADDR fails with EADDRINUSE until the kernel ends them. Say how many, in which states,
 * and when the TIME-WAIT timers run out.
 */
function closingEvidence(facts: ServiceFacts): Evidence[] {
  const c = facts.kernel?.kind === 'ok' ? facts.kernel.data.closing : undefined;
  if (!c || c.total === 0 || facts.target.protocol !== 'tcp') return [];
  const { port } = facts.target;
  const states = Object.entries(c.byState)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  const command = `ss -tano state all sport = :${port}`;
  const ev: Evidence[] = [
    { kind: 'closing', ...say('restart.closing', { total: c.total, port, states }), source: 'linux.proc.net.tcp', command, data: { ...c } },
  ];
  if (c.firstEndsInMs !== undefined && c.lastEndsInMs !== undefined) {
    ev.push({
      kind: 'closing',
      ...say('restart.frees', { first: seconds(c.firstEndsInMs), last: seconds(c.lastEndsInMs), port }),
      source: 'linux.proc.net.tcp',
      command,
      data: { firstEndsInMs: c.firstEndsInMs, lastEndsInMs: c.lastEndsInMs },
    });
  }
  if (c.untimed > 0)
    ev.push({
      kind: 'closing',
      ...say('restart.untimed', { count: c.untimed }),
      source: 'linux.proc.net.tcp',
      command,
      data: { untimed: c.untimed },
    });
  return ev;
}

/**
 * A loopback connect that succeeded proves a listener, whatever the socket table said (the probe reads the table
 * again after such a connect): never `not-listening` then, but `unknown` with the contradiction as its reason.
 */
function answeredUnseen(facts: ServiceFacts, evidence: Evidence[]): Judged | null {
  const lc = facts.localConnect?.kind === 'ok' ? facts.localConnect.data : [];
  const answered = lc.filter((c) => c.outcome === 'ok');
  // A DNATed (published) port answers on loopback without a local listener: noListener explains that.
  const published = facts.forwarding?.kind === 'ok' && facts.forwarding.data.published.length > 0;
  if (answered.length === 0 || facts.target.protocol !== 'tcp' || published) return null;
  const { port } = facts.target;
  const endpoints = answered.map((c) => endpoint(c.address, port)).join(', ');
  const e: Evidence = {
    kind: 'connect',
    ...say('service.answeredUnseenEvidence', { port }),
    command: `ss -ltnp sport = :${port}`,
    data: { answered: answered.map((c) => c.address) },
  };
  return {
    step: {
      id: 'service',
      status: 'unknown',
      reason: 'inconsistent',
      ...saySummary('service.answeredUnseen', { endpoints }),
      evidence: [...evidence, e],
    },
    findings: [],
  };
}

/** Step 1: is a process listening on the port, which one, does a loopback connect succeed, is its queue full? */
export function judgeService(facts: ServiceFacts): Judged {
  const { port, expect } = facts.target;
  if (facts.listeners.kind !== 'ok') {
    return {
      step: {
        id: 'service',
        status: 'unknown',
        reason: facts.listeners.reason,
        ...saySummary('service.unreadable'),
        evidence: [unavailableEvidence('The socket table', facts.listeners)],
      },
      findings: [],
    };
  }
  const listeners = facts.listeners.data;
  const evidence: Evidence[] = listeners.map((s) => socketEvidence(s, facts));
  evidence.push(...connectEvidence(facts), ...ownerFallbackEvidence(facts));
  if (listeners.length === 0) return answeredUnseen(facts, evidence) ?? noListener(facts, evidence);
  const findings: Finding[] = [];
  if (expect) {
    const others = listeners.filter((s) => ownerMatches(s, expect) === false);
    if (others.length > 0 && !listeners.some((s) => ownerMatches(s, expect) === true)) {
      const ev = others.map((s) => ({ kind: 'socket', ...say('service.heldBy', { port, owner: ownerText(s), expect }), data: { ...s } }));
      findings.push({ cause: 'port-in-use', severity: 'error', evidence: ev });
      return {
        step: { id: 'service', status: 'fail', ...saySummary('service.heldByOther', { port }), evidence: [...evidence, ...ev] },
        findings,
      };
    }
  }
  const queue = judgeQueue(facts, listeners, evidence);
  if (queue) return queue;
  const lc = facts.localConnect?.kind === 'ok' ? facts.localConnect.data : [];
  const loopListen = listeners.some((s) => s.state === 'LISTEN');
  const okConnect = lc.some((c) => c.outcome === 'ok');
  const status = !loopListen || okConnect || lc.length === 0 ? 'pass' : 'warn';
  const owners = [...new Set(listeners.map((s) => s.owner?.name).filter(Boolean))].join(', ');
  return {
    step: {
      id: 'service',
      status,
      ...saySummary(`service.listening${owners ? 'Owners' : ''}${status === 'warn' ? 'Warn' : ''}`, {
        port,
        ...(owners ? { owners } : {}),
      }),
      evidence,
    },
    findings,
  };
}
