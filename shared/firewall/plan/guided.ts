import type { Cause } from '../../schemas/common';
import type { Guidance } from '../../schemas/firewall';
import type { Socket } from '../../schemas/ports';
import { guide, guideSaid } from './plan-base';

/** Causes a firewall rule cannot fix: PortDoctor shows what to change instead, and runs nothing. */
export const GUIDED_CAUSES: readonly Cause[] = [
  'loopback-only',
  'bound-other-address',
  'address-family-mismatch',
  'port-in-use',
  'port-excluded',
  'accept-queue-overflow',
  'not-listening',
  'privileged-port',
  'forwarding-disabled',
  'upstream-filtered',
];

interface GuideInput {
  port: number;
  protocol: 'tcp' | 'udp';
  platform: 'linux' | 'win32' | 'darwin';
  listeners: Socket[];
}

/** Listen on every address instead of loopback: the exact change for the servers people run most. */
function bindEverywhere(g: GuideInput): Guidance[] {
  const p = g.port;
  return [
    guide('node', 'Node.js / Express', {}, [`app.listen(${p}, '0.0.0.0')`, `server.listen({ port: ${p}, host: '::' })  // IPv6 and IPv4`]),
    guide('go', 'Go net/http', {}, [`http.ListenAndServe(":${p}", handler)  // not "127.0.0.1:${p}" or "localhost:${p}"`]),
    guide('flask', 'Flask / uvicorn', {}, [
      `flask run --host=0.0.0.0 --port=${p}`,
      `app.run(host="0.0.0.0", port=${p})`,
      `uvicorn main:app --host 0.0.0.0 --port ${p}`,
    ]),
    guide('spring', 'Spring Boot', {}, ['server.address=0.0.0.0', `server.port=${p}`]),
    guide('nginx', 'nginx', {}, [`listen ${p};`, `listen [::]:${p};`, 'nginx -t && nginx -s reload']),
    guide('dockerP', 'Docker -p', {}, [`docker run -p ${p}:${p} …   # not -p 127.0.0.1:${p}:${p}`]),
  ];
}

function holder(g: GuideInput, commands: string[]): Guidance {
  const owners = g.listeners.flatMap((s) =>
    s.owner
      ? [
          `${s.owner.name ?? 'process'} (PID ${s.owner.pid}${s.owner.unit ? `, unit ${s.owner.unit}` : ''}${s.owner.service ? `, service ${s.owner.service}` : ''})`,
        ]
      : [],
  );
  return owners.length > 0
    ? guideSaid('holder', { owners: [...new Set(owners)].join(', ') }, commands)
    : guideSaid('holderUnknown', {}, commands);
}

/** Find and stop the process that holds the port (or move one of the two services to another port). */
function portInUse(g: GuideInput): Guidance[] {
  const pid = g.listeners.find((s) => s.owner)?.owner?.pid;
  const pidText = pid !== undefined ? String(pid) : '<PID>';
  if (g.platform === 'win32') {
    return [
      holder(g, [
        `Get-NetTCPConnection -LocalPort ${g.port} -State Listen | Select-Object LocalAddress,OwningProcess`,
        `netstat -ano -p ${g.protocol}`,
        `tasklist /FI "PID eq ${pidText}"`,
      ]),
      guideSaid('stopWindows', {}, [`Get-CimInstance Win32_Service -Filter "ProcessId=${pidText}"`, `Stop-Process -Id ${pidText}`]),
    ];
  }
  const ssFlag = g.protocol === 'udp' ? '-lunp' : '-ltnp';
  return [
    holder(g, [`ss ${ssFlag} 'sport = :${g.port}'`, `ps -o pid,user,cmd -p ${pidText}`, `systemctl status ${pidText}`]),
    guideSaid('stopLinux', {}, ['systemctl stop <unit>', `kill ${pidText}`]),
  ];
}

function portExcluded(g: GuideInput): Guidance[] {
  return [
    guideSaid('excluded', {}, [
      `netsh int ipv4 show excludedportrange protocol=${g.protocol}`,
      `netsh int ipv6 show excludedportrange protocol=${g.protocol}`,
    ]),
    guideSaid('reserve', {}, [
      'net stop winnat',
      `netsh int ipv4 add excludedportrange protocol=${g.protocol} startport=${g.port} numberofports=1`,
      'net start winnat',
    ]),
    guideSaid('portproxy', {}, [
      'netsh interface portproxy show all',
      `netsh interface portproxy delete v4tov4 listenport=${g.port} listenaddress=<address>`,
    ]),
  ];
}

function acceptQueue(g: GuideInput): Guidance[] {
  return [
    guideSaid('backlog', {}, [
      'sysctl net.core.somaxconn net.ipv4.tcp_max_syn_backlog',
      'sysctl -w net.core.somaxconn=4096',
      `ss -ltn 'sport = :${g.port}'   # Recv-Q near Send-Q means full`,
      'nstat -az TcpExtListenOverflows TcpExtListenDrops',
    ]),
    guideSaid('backlogSettings', {}, [
      `listen ${g.port} backlog=4096;   # nginx`,
      `server.listen({ port: ${g.port}, backlog: 4096 })   // Node.js`,
      'server.tomcat.accept-count=1000   # Spring Boot',
    ]),
  ];
}

/** Guided fixes for a cause a firewall rule cannot fix; empty for causes that have none. */
export function planGuidance(cause: Cause, g: GuideInput): Guidance[] {
  switch (cause) {
    case 'loopback-only':
    case 'bound-other-address':
    case 'address-family-mismatch':
      return bindEverywhere(g);
    case 'port-in-use':
      return portInUse(g);
    case 'port-excluded':
      return portExcluded(g);
    case 'accept-queue-overflow':
      return acceptQueue(g);
    case 'not-listening':
      return [
        guideSaid(
          'start',
          {},
          g.platform === 'win32' ? ['Get-Service | Where-Object Status -ne Running'] : ['systemctl --failed', 'journalctl -u <unit> -n 50'],
        ),
      ];
    case 'privileged-port':
      return [
        guideSaid('privileged', {}, [
          'setcap cap_net_bind_service=+ep /path/to/binary',
          'AmbientCapabilities=CAP_NET_BIND_SERVICE   # in the systemd unit',
        ]),
      ];
    case 'forwarding-disabled':
      return [
        guideSaid('forwarding', {}, ['sysctl -w net.ipv4.ip_forward=1', 'echo net.ipv4.ip_forward=1 > /etc/sysctl.d/90-portdoctor.conf']),
      ];
    case 'upstream-filtered':
      return [guideSaid('upstream')];
    default:
      return [];
  }
}
