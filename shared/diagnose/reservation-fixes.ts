import type { CheckFacts, ReservationFacts } from './facts';
import type { Fix } from '../schemas/report';
import type { EngineParams } from '../i18n/engine-text';
import { proxiesFor, rangesFor } from './reservations';
import { say } from '../i18n/say';
import type { EngineKeyUnder } from '../i18n/engine-keys';

function title(key: EngineKeyUnder<'reservation'>, params: EngineParams): Pick<Fix, 'title' | 'titleKey' | 'titleParams'> {
  const t = say(`reservation.${key}`, params);
  return { title: t.text, titleKey: t.key, titleParams: params };
}

/**
 * Delete a portproxy entry from its own table (`v4tov6`…) with the listen port as stored. `listenaddress=`
 * is left out when netsh printed `*` (the entry was added without one; Microsoft's netsh portproxy reference
 * documents the address as optional).
 */
function removePortproxy(p: ReservationFacts['portproxy'][number]): Fix {
  const address = p.listenAddress === '*' ? '' : ` listenaddress=${p.listenAddress}`;
  const fix: Fix = {
    id: 'remove-portproxy',
    kind: 'guided',
    ...title('fixRemovePortproxy', { listen: `${p.listenAddress}:${p.listenPort}` }),
    commands: [],
  };
  if (p.kind) fix.commands = [`netsh interface portproxy delete ${p.kind} listenport=${p.listenPortText ?? p.listenPort}${address}`];
  else {
    // netsh did not name the families: show the tables rather than guess one.
    const d = say('reservation.fixRemovePortproxyUnknownKind');
    Object.assign(fix, { detail: d.text, detailKey: d.key, commands: ['netsh interface portproxy show all'] });
  }
  return fix;
}

function releaseWinnat(port: number, protocol: 'tcp' | 'udp'): Fix {
  const detail = say('reservation.fixReleaseWinnatDetail');
  return {
    id: 'release-winnat',
    kind: 'guided',
    ...title('fixReleaseWinnat', { port, protocol: protocol.toUpperCase() }),
    detail: detail.text,
    detailKey: detail.key,
    commands: [
      'net stop winnat',
      `netsh int ipv4 add excludedportrange protocol=${protocol} startport=${port} numberofports=1`,
      'net start winnat',
    ],
  };
}

/**
 * Guided fixes for `port-excluded`: remove the portproxy, release WinNAT's dynamic reservation and reserve the
 * port for the service, move a low dynamic range back. An administered exclusion is never deleted: it is what
 * keeps the port free for the service (and what the WinNAT fix itself creates).
 */
export function reservationFixes(facts: CheckFacts): Fix[] {
  const r = facts.reservations?.kind === 'ok' ? facts.reservations.data : null;
  const { port, protocol } = facts.target;
  if (!r) return [];
  const fixes: Fix[] = protocol === 'tcp' ? proxiesFor(r, port).map(removePortproxy) : [];
  if (rangesFor(r, port).some((x) => !x.administered)) fixes.push(releaseWinnat(port, protocol));
  if (r.dynamicRange && r.dynamicRange.start < 49152) {
    fixes.push({
      id: 'move-dynamic-range',
      kind: 'guided',
      ...title('fixMoveDynamic', { start: r.dynamicRange.start, protocol: protocol.toUpperCase() }),
      commands: [
        `netsh int ipv4 set dynamicport ${protocol} start=49152 num=16384`,
        `netsh int ipv6 set dynamicport ${protocol} start=49152 num=16384`,
      ],
    });
  }
  return fixes;
}
