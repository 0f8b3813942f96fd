import { z } from 'zod';
import { isIp } from '../../../shared/net/address';
import type { IcmpError } from '../../../shared/diagnose/icmp';
import type { Runner } from '../../system/runner';

/**
 * Who sent the ICMP error that ended a connect, and its type and code. Node's `net` gives only the errno
 * (EHOSTUNREACH for an admin-prohibited filter on a router and on the target alike), so on Linux one more connect is
 * made by python3 with IP_RECVERR / IPV6_RECVERR set: the kernel then queues the ICMP error with its sender
 * (`struct sock_extended_err` + SO_EE_OFFENDER, read with MSG_ERRQUEUE; ip(7), ipv6(7)). Unprivileged. Without
 * python3 the report has no `icmp` and the probe keeps its candidates.
 */

// Only numbers and an address leave the script; the argv carries the address, port and timeout, never text to run.
export const RECVERR_SCRIPT = String.raw`
import json, socket, struct, sys
host, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) / 1000
v6 = ':' in host
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.IPPROTO_IPV6 if v6 else socket.IPPROTO_IP, 25 if v6 else 11, 1)
s.settimeout(timeout)
out = {}
try:
    s.connect((host, port))
    out['outcome'] = 'ok'
except socket.timeout:
    out['outcome'] = 'timeout'
except OSError as e:
    out['outcome'] = 'error'
    out['errno'] = e.errno
    try:
        s.setblocking(False)
        _, anc, _, _ = s.recvmsg(1, 512, 0x2000)
        for level, kind, data in anc:
            if len(data) < 18:
                continue
            err, origin, itype, code, _, info, _ = struct.unpack('=IBBBBII', data[:16])
            fam = struct.unpack('=H', data[16:18])[0]
            sender = None
            if fam == socket.AF_INET and len(data) >= 24:
                sender = socket.inet_ntop(socket.AF_INET, data[20:24])
            elif fam == socket.AF_INET6 and len(data) >= 40:
                sender = socket.inet_ntop(socket.AF_INET6, data[24:40])
            out['icmp'] = {'origin': origin, 'type': itype, 'code': code, 'from': sender}
    except OSError:
        out['queue'] = 'empty'
print(json.dumps(out))
`;

const Output = z.object({
  outcome: z.enum(['ok', 'timeout', 'error']),
  errno: z.number().int().optional(),
  icmp: z
    .object({
      origin: z.number().int(),
      type: z.number().int().min(0).max(255),
      code: z.number().int().min(0).max(255),
      from: z.string().max(64).nullable(),
    })
    .optional(),
  queue: z.literal('empty').optional(),
});

// SO_EE_ORIGIN_ICMP / SO_EE_ORIGIN_ICMP6 (linux/errqueue.h): the error came in an ICMP packet, not from this host.
const ICMP_ORIGINS = new Set([2, 3]);

/** What the second connect saw: an ICMP error with its sender, no ICMP (a reset, or nothing queued), or nothing to tell. */
export type IcmpReading = { kind: 'icmp'; icmp: IcmpError } | { kind: 'none' } | { kind: 'unread'; why: string };

/** Parse the script's one line of JSON. */
export function parseRecvErr(text: string, family: 4 | 6): IcmpReading {
  let raw: unknown;
  try {
    raw = JSON.parse(text.trim());
  } catch {
    return { kind: 'unread', why: 'the helper printed no JSON' };
  }
  const out = Output.safeParse(raw);
  if (!out.success) return { kind: 'unread', why: 'the helper printed an unexpected document' };
  const i = out.data.icmp;
  if (out.data.outcome !== 'error') return { kind: 'unread', why: `the second connect ended ${out.data.outcome}` };
  if (!i) return { kind: 'none' };
  if (!ICMP_ORIGINS.has(i.origin) || !i.from || !isIp(i.from)) return { kind: 'unread', why: 'the queued error names no ICMP sender' };
  return { kind: 'icmp', icmp: { family, type: i.type, code: i.code, from: i.from } };
}

/** Connect once more with the kernel's error queue on and read the ICMP error (Linux; source `client.icmp-error`). */
export async function readIcmpError(runner: Runner, address: string, port: number, timeoutMs: number): Promise<IcmpReading> {
  const family = address.includes(':') ? 6 : 4;
  const r = await runner.run({
    source: 'client.icmp-error',
    file: 'python3',
    args: ['-c', RECVERR_SCRIPT, address, String(port), String(Math.round(timeoutMs))],
    timeoutMs: timeoutMs + 3000,
    maxBytes: 4096,
  });
  if (r.kind !== 'ok') return { kind: 'unread', why: `python3: ${r.error.reason}` };
  return parseRecvErr(r.output.stdout.toString('utf8'), family);
}
