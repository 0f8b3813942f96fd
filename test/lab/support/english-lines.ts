/**
 * Lines of a Chinese (zh-CN) output that still carry an English sentence (issue 13 item 5). What may stay as written is
 * removed first: command lines (`$ …`), text in backticks or quotes (rule texts, commands, comments), addresses,
 * paths, a cause id in brackets, rule locations (table/chain/handle), and the technical names a Chinese admin reads
 * as they are (TCP, nftables, LISTEN, SYN, errno names, …). What is left may hold no two English words in a row and no
 * lone English word of four letters or more that is not a known name.
 */
const KEEP = new Set(
  (
    'tcp udp ip ipv4 ipv6 icmp icmpv6 nftables nft iptables ip6tables ufw firewalld netfilter docker windows linux powershell ' +
    'listen established syn syn-ack ack rst fin dns http https tls ssh sshd pid uid root nobody localhost loopback ' +
    'inet ip6 arp bridge netdev nat filter mangle raw input output forward prerouting postrouting ' +
    'counter packets bytes handle table chain comment policy hook priority dport sport saddr daddr iif oif ct state ' +
    'portdoctor json html md probe check diagnose fix ports watch collect report undo ss nc eth0 lo veth wsl hyper-v ' +
    'sudo systemctl journalctl getent ephemeral backlog somaxconn sysctl nsenter namespace cidr nat64 etc ' +
    // Kernel counter and ss column names, read as they are (like somaxconn): nstat and ss print them so.
    'recv-q send-q listenoverflows listendrops ' +
    'iptables-nft iptables-legacy syn-ack time-wait close-wait debian fedora rhel ubuntu centos nginx apache node express ' +
    'spring boot java python python3 tomcat iis kestrel reset flask uvicorn gunicorn django go host'
  ).split(' '),
);

// Engine words that must be shown by their display name, even alone (`结论：ok`, `默认策略决定：drop`).
const ENGINE_WORDS = new Set(
  'ok none accept drop reject refused timeout unknown unreachable applied failed answered unanswered'.split(' '),
);

// Parts a Chinese sentence carries as they are.
const STRIP: RegExp[] = [
  /`[^`]*`/g, // commands, rule texts
  /<[^<>\s][^<>]*>/g, // placeholders the user fills in: <client-cidr>, <handle …>
  /(?:^|\s)--?[a-z][\w-]*/g, // command-line options
  /\bpid \d+, [^,，）)]+/g, // a process: pid and name
  /[^\s（(：:]+[（(]PID \d+[）)]/g, // a process: name (PID n), as the Ports actions say it
  /\b\d+\/[^\s(]+/g, // pid/name in the ports table
  /[（(][\w.@+-]+[）)]/g, // a lone name in brackets: （nginx）
  /\b(?:inet|ip|ip6|arp|bridge|netdev) [\w-]+(?:\/[\w-]+)?/g, // family and table (and chain) of a rule
  /"[^"]*"/g, // quoted names and comments
  /'[^']*'/g,
  /\[[a-z0-9-]+\]/g, // a cause id after the verdict
  /\b(?:table|chain|handle|comment|family|hook|priority|policy)\s+[^\s,，；;)）]+/gi, // a rule's location
  /\b[A-Z][A-Z0-9_]{2,}\b/g, // errno and Windows names: ECONNREFUSED, WSAE…, NODE_SEA_BLOB
  /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d+)?(?::\d+)?\b/g, // IPv4, CIDR, endpoint
  /\[?[0-9a-f]*:[0-9a-f:.]*:[0-9a-f:.]*\]?(?::\d+)?/gi, // IPv6
  /(?:^|[\s：:])\/[\w./-]+/g, // paths (also right after a colon: 已写入审计日志：/var/lib/…)
  /\b[\w.-]+\.(?:json|md|html|txt|conf|yml|service)\b/g,
  /\b[\w-]+(?:\.[\w-]+)+\b/g, // dotted names: linux.nft.table.inet.pd, server.address, Node.js
  /\b\w+\/\w+\b/g, // net/http, tcp/udp
];

// A line that is a command to run (a plan's steps, guidance): shown as it will run.
const COMMAND_LINE =
  /^(?:\d+\.\s+)?(?:sudo |nft |iptables|ip6tables|ufw |firewall-cmd |netsh |New-NetFirewallRule|Remove-NetFirewallRule|ss |ip |systemctl |portdoctor )/;

/** The English left in one line once the parts allowed to stay are removed; '' when the line is Chinese enough. */
export function englishLeft(line: string): string {
  const trimmed = line.trim();
  // A command on its own line, or after a short Chinese label (撤销：nft delete …).
  if (COMMAND_LINE.test(trimmed.replace(/^[\u4e00-\u9fff]{1,8}[：:]\s*/, ''))) return '';
  if (trimmed === '' || trimmed.startsWith('$ ') || (!/[\u4e00-\u9fff]/.test(line) && !/[A-Za-z]{2,}/.test(line))) return '';
  let rest = trimmed;
  for (const re of STRIP) rest = rest.replace(re, ' ');
  const words = rest.match(/[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]/g) ?? [];
  const foreign = words.filter((w) => !KEEP.has(w.toLowerCase()));
  // Two English words in a row (a phrase), or a lone long word that is no known name.
  const inRow =
    rest.match(/[A-Za-z][A-Za-z'-]+[ ,]+[A-Za-z][A-Za-z'-]+/g)?.filter((p) => p.split(/[ ,]+/).some((w) => !KEEP.has(w.toLowerCase()))) ??
    [];
  if (inRow.length > 0) return inRow.join(' | ');
  const long = foreign.filter((w) => w.length >= 4 || ENGINE_WORDS.has(w.toLowerCase()));
  return long.join(' ');
}

/** Every line of `text` with English left in it, with what was found; `commands` are lines shown as they run. */
export function englishLines(text: string, commands: ReadonlySet<string> = new Set()): { line: string; english: string }[] {
  return text
    .split('\n')
    .filter((line) => !commands.has(line.trim()))
    .map((line) => ({ line, english: englishLeft(line) }))
    .filter((x) => x.english !== '');
}
