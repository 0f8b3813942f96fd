/**
 * Namespace lab harness: real network namespaces, veth pairs, processes and firewall rules, always
 * cleaned up. Root only. Reused by the server lab (prefix `pdl-`) and the client/capture lab (`pdc-`).
 *
 * API (all names are prefixed and unique per lab, so parallel test files never collide):
 *
 *   const lab = await createLab({ prefix: 'pdl-', name: 'drop' });   // registers cleanup on exit/signals
 *   const srv = await lab.namespace('srv');                           // → "pdl-<id>-srv" (lo is up)
 *   const cli = await lab.namespace('cli');
 *   await lab.link(cli, '10.231.1.2/24', srv, '10.231.1.1/24', { v6: ['fd00:231:1::2/64', 'fd00:231:1::1/64'] });
 *   await lab.route(cli, 'default', '10.231.1.1');                    // ip route add … inside cli
 *   await lab.sysctl(srv, 'net.ipv4.ip_forward', '1');
 *   await lab.exec(srv, ['nft', 'list', 'ruleset']);                  // → { code, stdout, stderr } (throws on timeout only)
 *   await lab.must(srv, ['ip', 'addr']);                              // like exec, throws on non-zero exit
 *   await lab.nft(srv, 'table inet t {\n chain input { type filter hook input priority 0; policy drop; }\n}\n');  // nft -f - inside srv
 *   await lab.iptables(srv, ['-A', 'INPUT', '-p', 'tcp', '--dport', '80', '-j', 'DROP'], { backend: 'legacy', v6: false });
 *   const svc = await lab.spawn(srv, ['node', '-e', script], { user: 'nobody', ready: /listening/ });
 *   svc.output(); await svc.exited; svc.kill();                        // a process inside the namespace
 *   await lab.listen(srv, { host: '0.0.0.0', port: 8080 });          // a real TCP listener (node), ready when bound
 *     // options: backlog, stall (never accept), user: 'nobody', retry (keep retrying a failed bind), label (argv word), ipv6Only
 *   await lab.connect(cli, '10.231.1.1', 8080, 1500);                 // → 'ok' | 'refused' | 'timeout' | 'unreachable' | 'error:<code>'
 *   const iso = await lab.isolate(srv, ['/etc/ufw', '/etc/default/ufw']); // private mount ns: tmpfs /run + private copies
 *   await iso.must(['ufw', '--force', 'enable']); await iso.spawn(['firewalld', '--nofork', …]);   // nsenter -t <holder> -m -n …
 *   await lab.cleanup();                                               // kills every process, deletes the namespaces; idempotent
 *
 *   await withLab({ prefix: 'pdl-', name: 'x' }, async (lab) => { … }); // cleanup guaranteed, even when fn throws
 *
 *   const before = await snapshotHostFirewall();                        // host nft/iptables/ip6tables/legacy + /etc/ufw, /etc/firewalld
 *     // (only the save tools' "# Generated/Completed … on <date>" lines are dropped; everything else must be byte-identical)
 *   … ; expect(diffHostFirewall(before, await snapshotHostFirewall())).toEqual([]);
 *
 * Addresses: use 10.2xx.y.z / fd00:2xx:… blocks that exist only inside the lab's namespaces; traffic
 * never leaves them. Every command is bounded in time (default 15 s).
 */
export { createLab, withLab, labAvailable } from './lab';
export type { Lab, LabOptions, ExecResult, LabProcess, ConnectOutcome, Isolated, ListenOptions, SpawnOptions } from './lab';
export { snapshotHostFirewall, diffHostFirewall } from './host-firewall';
export type { HostFirewallSnapshot } from './host-firewall';
export { exec } from './exec';
