import type { CheckFacts } from './facts';
import type { Cause } from '../schemas/common';
import type { Fix } from '../schemas/report';

/** Guided fixes (text and commands to run by hand) per cause; one-click firewall plans come from the fix planner. */
export function fixesFor(cause: Cause, facts: CheckFacts): Fix[] {
  const { port, protocol, source } = facts.target;
  const p = `${port}/${protocol}`;
  const linux = facts.platform === 'linux';
  const from = source ?? '<client-cidr>';
  switch (cause) {
    case 'not-listening':
      return [{ id: 'start-service', kind: 'guided', title: `Start the service that should listen on ${p}, and check its log for bind errors`, commands: linux ? ['systemctl status <service>', 'journalctl -u <service> -n 50'] : ['Get-Service <service>'] }];
    case 'loopback-only':
      return [{ id: 'bind-all', kind: 'guided', title: 'Make the service listen on all addresses (0.0.0.0 or ::) or on the address clients use, then restart it', detail: 'Look for a bind/listen/host setting such as `listen 127.0.0.1:PORT`, `bind 127.0.0.1`, or `--host localhost`.' }];
    case 'bound-other-address':
      return [{ id: 'bind-client-address', kind: 'guided', title: 'Bind the service to the address clients connect to (or to all addresses), then restart it' }];
    case 'address-family-mismatch':
      return [{ id: 'dual-stack', kind: 'guided', title: 'Listen on both IPv4 and IPv6 (`::` with IPV6_V6ONLY off, or a second listener on 0.0.0.0), or point clients at the family the service uses' }];
    case 'port-in-use':
      return [{ id: 'free-port', kind: 'guided', title: `Stop the process holding ${p}, or move one of the services to another port`, commands: linux ? [`ss -ltnp sport = :${port}`] : [`Get-NetTCPConnection -LocalPort ${port}`] }];
    case 'privileged-port':
      return [
        { id: 'cap-net-bind', kind: 'guided', title: 'Grant the service CAP_NET_BIND_SERVICE (systemd: AmbientCapabilities=CAP_NET_BIND_SERVICE), or run it on a port ≥ 1024 behind a redirect', commands: ['setcap cap_net_bind_service=+ep <binary>', 'sysctl net.ipv4.ip_unprivileged_port_start'] },
      ];
    case 'accept-queue-overflow':
      return [{ id: 'accept-queue', kind: 'guided', title: 'The service is not accepting connections fast enough: check it is not stuck, raise its listen backlog and net.core.somaxconn', commands: [`ss -ltn sport = :${port}`, 'nstat -az TcpExtListenOverflows', 'sysctl -w net.core.somaxconn=4096'] }];
    case 'host-firewall-drop':
    case 'host-firewall-reject':
      return [{ id: 'allow-port', kind: 'guided', title: `Allow ${p} from ${from} in the firewall in charge`, detail: 'PortDoctor can plan and apply this change: `portdoctor fix` (preview first).', commands: [`portdoctor fix ${port} --protocol ${protocol}${source ? ` --source ${source}` : ''} --dry-run`] }];
    case 'forwarding-disabled':
      return [{ id: 'ip-forward', kind: 'guided', title: 'Enable IPv4 forwarding so DNATed connections reach their target', commands: ['sysctl -w net.ipv4.ip_forward=1', "echo 'net.ipv4.ip_forward=1' > /etc/sysctl.d/60-portdoctor-forward.conf"] }];
    default:
      return [];
  }
}
