import type { BindingFacts } from './facts';
import type { Evidence, Finding } from '../schemas/report';
import type { Socket } from '../schemas/ports';
import { ipFamily, isLoopback, isWildcard } from '../net/address';
import { endpoint } from '../net/address';
import { unavailableEvidence } from './evidence';
import { say, saySummary } from '../i18n/say';
import type { EngineParams } from '../i18n/engine-text';
import type { Judged } from './service-step';

type Reach = 'yes' | 'no' | 'unknown';

/** The client's family: that of --source, else IPv4 (what "a client from another network" uses by default). */
export function clientFamily(facts: BindingFacts): 4 | 6 {
  return facts.target.source ? (ipFamily(facts.target.source.split('/')[0] ?? '') ?? 4) : 4;
}

/** The local address the client connects to, when the route back to it tells. */
function clientDestination(facts: BindingFacts): string | undefined {
  return facts.route?.kind === 'ok' && facts.target.source ? facts.route.data.localAddress : undefined;
}

function reaches(s: Socket, family: 4 | 6, dest: string | undefined, local: Set<string> | null): Reach {
  const a = s.localAddress;
  if (isLoopback(a)) return 'no';
  if (a === '0.0.0.0') return family === 4 ? 'yes' : 'no';
  if (isWildcard(a)) return family === 6 ? 'yes' : s.v6Only === false ? 'yes' : s.v6Only === true ? 'no' : 'unknown';
  const fam = ipFamily(a.replace(/^::ffff:/, ''));
  if (fam !== family && !(family === 4 && a.startsWith('::ffff:'))) return 'no';
  if (dest !== undefined) return a.replace(/^::ffff:/, '') === dest ? 'yes' : 'no';
  return local === null ? 'unknown' : local.has(a) ? 'yes' : 'no';
}

function classify(listeners: Socket[], family: 4 | 6): Finding['cause'] {
  if (listeners.every((s) => isLoopback(s.localAddress))) return 'loopback-only';
  const sameFamily = listeners.filter(
    (s) => !isLoopback(s.localAddress) && (ipFamily(s.localAddress) === family || (isWildcard(s.localAddress) && s.v6Only === false)),
  );
  if (sameFamily.length === 0) return 'address-family-mismatch';
  return 'bound-other-address';
}

/** Step 2: is the service bound where the client can reach it (all addresses, loopback, one address, one family)? */
export function judgeBinding(facts: BindingFacts): Judged {
  if (facts.listeners.kind !== 'ok' || facts.listeners.data.length === 0) {
    return { step: { id: 'binding', status: 'skipped', ...saySummary('binding.noListener'), evidence: [] }, findings: [] };
  }
  const listeners = facts.listeners.data;
  const family = clientFamily(facts);
  const dest = clientDestination(facts);
  const local = facts.addresses.kind === 'ok' ? new Set(facts.addresses.data.map((a) => a.address)) : null;
  const evidence: Evidence[] = [];
  if (facts.addresses.kind !== 'ok') evidence.push(unavailableEvidence('The local addresses', facts.addresses));
  if (facts.addresses.kind === 'ok') {
    const usable = facts.addresses.data.filter((a) => !isLoopback(a.address) && !a.address.startsWith('fe80'));
    const list = usable.map((a) => `${a.address} (${a.interface})`).join(', ');
    evidence.push({
      kind: 'address',
      ...(list ? say('binding.addresses', { addresses: list }) : say('binding.addressesNone')),
      source: facts.platform === 'linux' ? 'linux.ip.addr' : undefined,
      command: facts.platform === 'linux' ? 'ip addr' : 'ipconfig',
    });
  }
  const device = facts.route?.kind === 'ok' ? facts.route.data.interface : undefined;
  if (dest)
    evidence.push({
      kind: 'route',
      ...say(device ? 'binding.routeDevice' : 'binding.route', {
        source: facts.target.source ?? '',
        destination: dest,
        ...(device ? { device } : {}),
      }),
      source: 'linux.ip.route-get',
      command: `ip route get ${facts.target.source}`,
    });
  const verdicts = listeners.map((s) => ({ s, r: reaches(s, family, dest, local) }));
  const bound = listeners.map((s) => endpoint(s.localAddress, s.localPort)).join(', ');
  const whoKey = facts.target.source ? 'Source' : 'Network';
  const whoParams: EngineParams = facts.target.source ? { bound, source: facts.target.source } : { bound, family };
  if (verdicts.some((v) => v.r === 'yes')) {
    const specific = listeners.every((s) => !isWildcard(s.localAddress));
    return {
      step: { id: 'binding', status: 'pass', ...saySummary(`binding.pass${whoKey}${specific ? 'Only' : ''}`, whoParams), evidence },
      findings: [],
    };
  }
  if (verdicts.some((v) => v.r === 'unknown')) {
    return {
      step: { id: 'binding', status: 'unknown', reason: 'unparseable', ...saySummary(`binding.unknown${whoKey}`, whoParams), evidence },
      findings: [],
    };
  }
  const cause = classify(listeners, family);
  const why =
    cause === 'loopback-only'
      ? say('binding.loopbackOnly', { bound })
      : cause === 'address-family-mismatch'
        ? say(`binding.family${whoKey}`, { ...whoParams, other: family === 4 ? 6 : 4, family })
        : dest
          ? say('binding.otherAddress', { bound, destination: dest })
          : say('binding.otherAddressAny', { bound });
  const e: Evidence = {
    kind: 'binding',
    ...why,
    data: { listeners: listeners.map((s) => s.localAddress), family, destination: dest ?? null },
  };
  return {
    step: {
      id: 'binding',
      status: 'fail',
      summary: why.text,
      summaryKey: why.key,
      ...(why.params ? { summaryParams: why.params } : {}),
      evidence: [...evidence, e],
    },
    findings: [{ cause, severity: 'error', evidence: [e] }],
  };
}
