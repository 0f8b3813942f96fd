/**
 * `engine.icmp.*`: who sent the ICMP error that ended a client's connect, and where that places the stop (issue 17
 * item 11). Kept apart from engine-en.ts, which is already long; it is mounted there under `icmp`.
 */
export const icmpEn = {
  fromTarget:
    'ICMP {{name}} (type {{type}}, code {{code}}) came from {{from}}, the target itself: a TCP stack answers a closed port with a reset, never with ICMP, so the firewall of {{target}} rejects the connection',
  fromHopFilter:
    'ICMP {{name}} (type {{type}}, code {{code}}) came from {{from}}, a hop before {{target}}: a filter on {{from}} rejects the connection, so the SYN never reached {{target}}',
  fromHopUnreachable:
    'ICMP {{name}} (type {{type}}, code {{code}}) came from {{from}}, a hop before {{target}}: {{from}} rejects the connection with a filter, or has no route (or neighbour) on to {{target}}; either way the SYN stopped there, not at {{target}}',
  other:
    'ICMP type {{type}}, code {{code}} came from {{from}} (not a destination-unreachable): it does not place where the connection to {{target}} stops',
  none: 'A second connect with the kernel’s error queue on got no ICMP error: the failure did not come as an ICMP message',
  noneRefused:
    'A second connect with the kernel’s error queue on got no ICMP error: the refusal is a TCP reset (from the target, or from a device answering in its place), not ICMP port-unreachable',
  unread: 'Who sent the error could not be read ({{why}}): the outcome alone decides',
};
