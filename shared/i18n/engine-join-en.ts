/**
 * `engine.join.*`: what joining the client's report with the server's own view adds (issue 17 item 9: the client's
 * name resolves to an address that is none of this host's). Kept apart from engine-en.ts, which is already long.
 */
export const joinEn = {
  wrongAddressHosts:
    'the client’s hosts file maps {{name}} to {{used}}, which is none of this host’s addresses ({{own}}): correct that entry on the client (/etc/hosts; on Windows %SystemRoot%\\System32\\drivers\\etc\\hosts)',
  wrongAddressDns:
    'the client’s resolver gave {{used}} for {{name}}, which is none of this host’s addresses ({{own}}): correct the DNS record, or the resolver the client uses',
  wrongAddress:
    'the client resolved {{name}} to {{used}}, which is none of this host’s addresses ({{own}}): correct the name’s entry where the client looks it up (hosts file or DNS)',
  natLikely:
    'the client used {{used}} for {{name}}, none of this host’s addresses ({{own}}); as this host has only private addresses, {{used}} is probably the NAT or cloud public address in front of it (name it with --public-address {{used}}); if it is not, the name points elsewhere: correct it where the client looks it up',
  publishedToo: 'it is none of the public/NAT addresses named either ({{published}})',
  natHint:
    'if {{used}} is an address in front of this host (NAT, a load balancer, a cloud public IP), name it with --public-address {{used}} and diagnose again: then the name is right and the block is on the way',
};
