/**
 * `engine.ratelimit.*`: a `-m recent` rate limit (`ufw limit`) judged from the kernel's own lists (issue 17 item 8).
 * Kept apart from engine-en.ts, which is already long; it is mounted there under `ratelimit`.
 */
export const ratelimitEn = {
  reached:
    '{{backend}}rate limit reached: "{{rule}}" (rule {{position}} in {{chain}}) matches: the recent list {{list}} holds {{hits}} hit(s) from {{address}} within {{seconds}} s (it matches from {{threshold}}); it stops matching after {{clears}} s without a new connection attempt from that address (each attempt counts).',
  reachedKept:
    '{{backend}}rate limit reached: "{{rule}}" (rule {{position}} in {{chain}}) matches: the recent list {{list}} holds {{hits}} hit(s) from {{address}} (it matches from {{threshold}}); it keeps matching while the list remembers them.',
  notReached:
    '{{backend}}rate limit not reached: "{{rule}}" (rule {{position}} in {{chain}}) does not match: the recent list {{list}} holds {{hits}} hit(s) from {{address}} within {{seconds}} s (it matches from {{threshold}}).',
  notReachedAll:
    '{{backend}}rate limit not reached: "{{rule}}" (rule {{position}} in {{chain}}) does not match: the recent list {{list}} holds {{hits}} hit(s) from {{address}} (it matches from {{threshold}}).',
  tripped:
    'The rate limit tripped for {{address}}: the kernel’s recent list {{list}} holds {{hits}} connection attempt(s) from it within {{seconds}} s, and the rule turns a new one away once it holds {{threshold}}; new connections are let in again after {{clears}} s without any attempt from that address.',
  trippedKept:
    'The rate limit tripped for {{address}}: the kernel’s recent list {{list}} holds {{hits}} connection attempt(s) from it, and the rule turns a new one away once it holds {{threshold}}, for as long as the list remembers them.',
  fixWait:
    'Wait {{clears}} s without connecting from {{address}}, then connect again: the limit refuses bursts (more than {{limit}} new connections in {{seconds}} s from one address), not the port',
  fixWaitKept: 'Stop connecting from {{address}}: the limit refuses more than {{limit}} new connections from one address',
  fixDetail:
    'To stop limiting the port, replace the limit with an allow: for ufw, `ufw allow {{port}}` changes the existing limit rule into an allow rule. A client that opens many connections in a row (scripts, health checks, parallel downloads) should reuse one connection instead.',
} as const;
