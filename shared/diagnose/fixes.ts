import { reservationFixes } from './reservation-fixes';
import type { CheckFacts } from './facts';
import type { Cause } from '../schemas/common';
import type { Fix } from '../schemas/report';
import { say } from '../i18n/say';
import type { EngineKey } from '../i18n/engine-keys';
import type { EngineParams } from '../i18n/engine-text';

function title(key: EngineKey, params?: EngineParams): Pick<Fix, 'title' | 'titleKey' | 'titleParams'> {
  const s = say(key, params);
  return s.params ? { title: s.text, titleKey: s.key, titleParams: s.params } : { title: s.text, titleKey: s.key };
}

function detail(key: EngineKey): Pick<Fix, 'detail' | 'detailKey'> {
  const s = say(key);
  return { detail: s.text, detailKey: s.key };
}

/** Connections still closing on a port nothing listens on: how to restart the service despite them. */
function restartFixes(facts: CheckFacts): Fix[] {
  const c = facts.kernel?.kind === 'ok' ? facts.kernel.data.closing : undefined;
  if (!c || c.total === 0 || facts.target.protocol !== 'tcp') return [];
  const { port } = facts.target;
  // Untimed ones (FIN-WAIT-1, LAST-ACK) may outlast the last TIME-WAIT timer: then no time can be promised.
  const timed =
    c.lastEndsInMs !== undefined && c.untimed === 0
      ? title('restart.fixTitle', { seconds: Math.ceil(c.lastEndsInMs / 1000) })
      : title('restart.fixTitleUntimed');
  return [
    { id: 'restart-closing', kind: 'guided', ...timed, ...detail('restart.fixDetail'), commands: [`ss -tano state all sport = :${port}`] },
  ];
}

/** A tripped rate limit (`ufw limit`): wait for it to clear, or replace the limit with an allow. */
function rateLimitFixes(facts: CheckFacts): Fix[] {
  const fw = facts.firewall.kind === 'ok' ? facts.firewall.data : null;
  const t = fw?.verdict?.rateLimit;
  if (!fw || !t) return [];
  const p = `${facts.target.port}/${facts.target.protocol}`;
  const wait =
    t.seconds !== undefined && t.clearsInSeconds !== undefined
      ? title('ratelimit.fixWait', { clears: t.clearsInSeconds, address: t.address, limit: t.threshold, seconds: t.seconds })
      : title('ratelimit.fixWaitKept', { address: t.address, limit: t.threshold });
  const d = say('ratelimit.fixDetail', { port: p });
  const commands = [`sudo cat /proc/net/xt_recent/${t.list}`, ...(fw.inCharge === 'ufw' ? [`sudo ufw allow ${p}`] : [])];
  return [
    {
      id: 'rate-limit',
      kind: 'guided',
      ...wait,
      detail: d.text,
      detailKey: d.key,
      ...(d.params ? { detailParams: d.params } : {}),
      commands,
    },
  ];
}

/** Guided fixes (text and commands to run by hand) per cause; one-click firewall plans come from the fix planner. */
export function fixesFor(cause: Cause, facts: CheckFacts): Fix[] {
  const { port, protocol, source } = facts.target;
  const p = `${port}/${protocol}`;
  const linux = facts.platform === 'linux';
  const from = source ?? '<client-cidr>';
  switch (cause) {
    case 'not-listening':
      return [
        ...restartFixes(facts),
        {
          id: 'start-service',
          kind: 'guided',
          ...title('fix.startService', { port: p }),
          commands: linux ? ['systemctl status <service>', 'journalctl -u <service> -n 50'] : ['Get-Service <service>'],
        },
      ];
    case 'loopback-only':
      return [{ id: 'bind-all', kind: 'guided', ...title('fix.bindAll'), ...detail('fix.bindAllDetail') }];
    case 'bound-other-address':
      return [{ id: 'bind-client-address', kind: 'guided', ...title('fix.bindClientAddress') }];
    case 'address-family-mismatch':
      return [{ id: 'dual-stack', kind: 'guided', ...title('fix.dualStack') }];
    case 'port-excluded':
      return reservationFixes(facts);
    case 'port-in-use':
      return [
        {
          id: 'free-port',
          kind: 'guided',
          ...title('fix.freePort', { port: p }),
          commands: linux ? [`ss -ltnp sport = :${port}`] : [`Get-NetTCPConnection -LocalPort ${port}`],
        },
      ];
    case 'privileged-port':
      return [
        {
          id: 'cap-net-bind',
          kind: 'guided',
          ...title('fix.capNetBind'),
          commands: ['setcap cap_net_bind_service=+ep <binary>', 'sysctl net.ipv4.ip_unprivileged_port_start'],
        },
      ];
    case 'accept-queue-overflow':
      return [
        {
          id: 'accept-queue',
          kind: 'guided',
          ...title('fix.acceptQueue'),
          commands: [`ss -ltn sport = :${port}`, 'nstat -az TcpExtListenOverflows', 'sysctl -w net.core.somaxconn=4096'],
        },
      ];
    case 'host-firewall-drop':
    case 'host-firewall-reject':
      return [
        ...rateLimitFixes(facts),
        {
          id: 'allow-port',
          kind: 'guided',
          ...title('fix.allowPort', { port: p, source: from }),
          ...detail('fix.allowPortDetail'),
          commands: [`portdoctor fix ${port} --protocol ${protocol}${source ? ` --source ${source}` : ''} --dry-run`],
        },
      ];
    case 'forwarding-disabled':
      return [
        {
          id: 'ip-forward',
          kind: 'guided',
          ...title('fix.ipForward'),
          commands: ['sysctl -w net.ipv4.ip_forward=1', "echo 'net.ipv4.ip_forward=1' > /etc/sysctl.d/60-portdoctor-forward.conf"],
        },
      ];
    default:
      return [];
  }
}
