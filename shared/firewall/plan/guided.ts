import type { Cause } from '../../schemas/common';
import type { Guidance } from '../../schemas/firewall';
import type { Socket } from '../../schemas/ports';

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
    { title: 'Node.js / Express', text: 'Pass the host to listen(); without it Node listens on every address, with "localhost" or "127.0.0.1" only on loopback.', commands: [`app.listen(${p}, '0.0.0.0')`, `server.listen({ port: ${p}, host: '::' })  // IPv6 and IPv4`] },
    { title: 'Go net/http', text: 'An address with an empty host listens on every address.', commands: [`http.ListenAndServe(":${p}", handler)  // not "127.0.0.1:${p}" or "localhost:${p}"`] },
    { title: 'Flask / uvicorn', text: 'Both default to 127.0.0.1.', commands: [`flask run --host=0.0.0.0 --port=${p}`, `app.run(host="0.0.0.0", port=${p})`, `uvicorn main:app --host 0.0.0.0 --port ${p}`] },
    { title: 'Spring Boot', text: 'In application.properties (or drop server.address to listen everywhere).', commands: ['server.address=0.0.0.0', `server.port=${p}`] },
    { title: 'nginx', text: 'A listen directive with an address binds only that address; reload after editing.', commands: [`listen ${p};`, `listen [::]:${p};`, 'nginx -t && nginx -s reload'] },
    { title: 'Docker -p', text: 'A published port with 127.0.0.1 in front is reachable only from this host; the service inside the container must listen on 0.0.0.0 too.', commands: [`docker run -p ${p}:${p} …   # not -p 127.0.0.1:${p}:${p}`] },
  ];
}

function holderText(g: GuideInput): string {
  const owners = g.listeners.flatMap((s) => (s.owner ? [`${s.owner.name ?? 'process'} (PID ${s.owner.pid}${s.owner.unit ? `, unit ${s.owner.unit}` : ''}${s.owner.service ? `, service ${s.owner.service}` : ''})`] : []));
  return owners.length > 0 ? `The port is held by ${[...new Set(owners)].join(', ')}.` : 'Find the process that holds the port first.';
}

/** Find and stop the process that holds the port (or move one of the two services to another port). */
function portInUse(g: GuideInput): Guidance[] {
  const pid = g.listeners.find((s) => s.owner)?.owner?.pid;
  const pidText = pid !== undefined ? String(pid) : '<PID>';
  if (g.platform === 'win32') {
    return [
      { title: 'Find the holder', text: holderText(g), commands: [`Get-NetTCPConnection -LocalPort ${g.port} -State Listen | Select-Object LocalAddress,OwningProcess`, `netstat -ano -p ${g.protocol}`, `tasklist /FI "PID eq ${pidText}"`] },
      { title: 'Stop it (or move your service to another port)', text: 'Stop the service properly if it is one; Stop-Process ends a plain process.', commands: [`Get-CimInstance Win32_Service -Filter "ProcessId=${pidText}"`, `Stop-Process -Id ${pidText}`] },
    ];
  }
  const ssFlag = g.protocol === 'udp' ? '-lunp' : '-ltnp';
  return [
    { title: 'Find the holder', text: holderText(g), commands: [`ss ${ssFlag} 'sport = :${g.port}'`, `ps -o pid,user,cmd -p ${pidText}`, `systemctl status ${pidText}`] },
    { title: 'Stop it (or move your service to another port)', text: 'Stop the unit if a service manager runs it, so it does not come back.', commands: ['systemctl stop <unit>', `kill ${pidText}`] },
  ];
}

function portExcluded(g: GuideInput): Guidance[] {
  return [
    { title: 'See the excluded ranges', text: 'Hyper-V, WSL and Docker Desktop reserve port ranges through winnat; a port inside one cannot be bound.', commands: [`netsh int ipv4 show excludedportrange protocol=${g.protocol}`, `netsh int ipv6 show excludedportrange protocol=${g.protocol}`] },
    { title: 'Reserve your port before winnat takes it', text: 'Run as administrator; winnat is restarted around the change.', commands: ['net stop winnat', `netsh int ipv4 add excludedportrange protocol=${g.protocol} startport=${g.port} numberofports=1`, 'net start winnat'] },
    { title: 'A portproxy holds it', text: 'If netsh interface portproxy lists the port, remove that entry (or use another port).', commands: ['netsh interface portproxy show all', `netsh interface portproxy delete v4tov4 listenport=${g.port} listenaddress=<address>`] },
  ];
}

function acceptQueue(g: GuideInput): Guidance[] {
  return [
    { title: 'The listen backlog is full', text: 'The application accepts connections too slowly, or its backlog is small. Raise the kernel ceiling and the server\'s backlog, then find why accept() lags.', commands: ['sysctl net.core.somaxconn net.ipv4.tcp_max_syn_backlog', 'sysctl -w net.core.somaxconn=4096', `ss -ltn 'sport = :${g.port}'   # Recv-Q near Send-Q means full`, 'nstat -az TcpExtListenOverflows TcpExtListenDrops'] },
    { title: 'Server backlog settings', text: 'The kernel caps each backlog at somaxconn.', commands: [`listen ${g.port} backlog=4096;   # nginx`, `server.listen({ port: ${g.port}, backlog: 4096 })   // Node.js`, 'server.tomcat.accept-count=1000   # Spring Boot'] },
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
      return [{ title: 'Start the service', text: 'Nothing listens on the port: start the service, or check its logs for why it stopped.', commands: g.platform === 'win32' ? ['Get-Service | Where-Object Status -ne Running'] : ['systemctl --failed', 'journalctl -u <unit> -n 50'] }];
    case 'privileged-port':
      return [{ title: 'Allow binding a port below 1024', text: 'Give the binary the capability, or let systemd pass the socket, or use a port ≥ 1024 behind a proxy.', commands: ['setcap cap_net_bind_service=+ep /path/to/binary', 'AmbientCapabilities=CAP_NET_BIND_SERVICE   # in the systemd unit'] }];
    case 'forwarding-disabled':
      return [{ title: 'Enable forwarding for published ports', text: 'Published (DNAT) ports need IP forwarding; Docker normally sets it.', commands: ['sysctl -w net.ipv4.ip_forward=1', 'echo net.ipv4.ip_forward=1 > /etc/sysctl.d/90-portdoctor.conf'] }];
    case 'upstream-filtered':
      return [{ title: 'Open the port upstream', text: 'The SYN never reached this host: allow the port in the cloud security group / network ACL / router in front of it. Nothing on this host can fix that.' }];
    default:
      return [];
  }
}
