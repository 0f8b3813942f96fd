import type { Lab } from '../harness';
import type { ConnectedNetwork, SynHeaders } from '../../../shared/firewall/types';
import { synHeaders, tcpdumpBytes } from '../../../shared/firewall/syn-headers';
import { parseIpAddr } from '../../../electron/probes/linux/addresses';
import type { PairNet, ProbeRequest, KernelAnswer } from './rig';

/**
 * What the evaluator may know of a pair's SYNs beyond addresses and ports: the header fields of a SYN the client's
 * kernel really sent (captured once with tcpdump on the server's interface), and the server's interfaces with their
 * link types and groups (`ip -j addr`, read as the product reads them).
 */

/** Capture one SYN of the client on the server's interface while `send` makes it: tcpdump's text and the headers (null when none was seen). */
export async function captureSyn(
  lab: Lab,
  srv: string,
  net: PairNet,
  send: () => Promise<KernelAnswer>,
): Promise<{ text: string; headers: SynHeaders | null }> {
  const dump = await lab.spawn(srv, ['tcpdump', '-i', net.srvIf, '-c', '1', '-x', '-n', '-l', '-Q', 'in', 'tcp[tcpflags] & tcp-syn != 0'], {
    ready: /listening on/,
  });
  await send();
  const ended = await Promise.race([dump.exited, new Promise<'late'>((r) => setTimeout(() => r('late'), 3000))]);
  if (ended === 'late') dump.kill();
  const text = dump.output();
  return { text, headers: synHeaders(tcpdumpBytes(text)) };
}

/** The server's connected networks with each interface's link type and group. */
export async function serverLinks(lab: Lab, srv: string): Promise<ConnectedNetwork[]> {
  const r = await lab.must(srv, ['ip', '-j', 'addr', 'show']);
  const parsed = parseIpAddr(r.stdout);
  if (parsed.kind !== 'ok') throw new Error(`ip -j addr in the lab: ${parsed.detail}`);
  return parsed.data.flatMap((a) =>
    a.prefixLength === undefined
      ? []
      : [
          {
            iface: a.interface,
            address: a.address,
            prefixLength: a.prefixLength,
            ...(a.linkType ? { linkType: a.linkType } : {}),
            ...(a.group ? { group: a.group } : {}),
          },
        ],
  );
}

/** A probe request for the capture: a port the server listens on, a source port no probe uses. */
export function captureRequest(net: PairNet): ProbeRequest {
  return { src: net.cliAddrs[0] ?? '', dst: net.srvAddrs[0], dport: 22, sport: 39999 };
}
