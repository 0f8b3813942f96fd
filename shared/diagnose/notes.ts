import type { Evidence } from '../schemas/report';
import { say } from '../i18n/say';
import type { EngineKey } from '../i18n/engine-keys';

// `-m recent` standings (shared/firewall/recent.ts recentNote), with the backend prefix netfilter.ts may add.
const RULE = String.raw`((?:\S+: )?)rate limit (?:not )?reached: "(.+)" \(rule (\d+) in (\S+)\) (?:does not match|matches): the recent list (\S+) holds (\d+) hit\(s\) from (\S+)`;
const RULE_NAMES = ['backend', 'rule', 'position', 'chain', 'list', 'hits', 'address'] as const;
const RATE_LIMIT_NOTES: readonly { re: RegExp; key: EngineKey; names: readonly string[] }[] = [
  {
    re: new RegExp(
      `^${RULE} within (\\d+) s \\(it matches from (\\d+)\\); it stops matching after (\\d+) s without a new connection attempt from that address \\(each attempt counts\\)\\.$`,
    ),
    key: 'ratelimit.reached',
    names: [...RULE_NAMES, 'seconds', 'threshold', 'clears'],
  },
  {
    re: new RegExp(`^${RULE} \\(it matches from (\\d+)\\); it keeps matching while the list remembers them\\.$`),
    key: 'ratelimit.reachedKept',
    names: [...RULE_NAMES, 'threshold'],
  },
  {
    re: new RegExp(`^${RULE} within (\\d+) s \\(it matches from (\\d+)\\)\\.$`),
    key: 'ratelimit.notReached',
    names: [...RULE_NAMES, 'seconds', 'threshold'],
  },
  { re: new RegExp(`^${RULE} \\(it matches from (\\d+)\\)\\.$`), key: 'ratelimit.notReachedAll', names: [...RULE_NAMES, 'threshold'] },
];

// The firewall evaluators write their notes as English strings (FirewallVerdict.notes); rather than change their
// contract, the notes whose wording is fixed are recognised here and given a key. A note not listed stays English.
const NOTES: readonly { re: RegExp; key: EngineKey; names: readonly string[] }[] = [
  { re: /^No rules: nothing filters inbound traffic here\.$/, key: 'note.noRules', names: [] },
  { re: /^(\S+): No rules: nothing filters inbound traffic here\.$/, key: 'note.noRulesBackend', names: ['backend'] },
  { re: /^No rules: no nftables or iptables ruleset was found\.$/, key: 'note.noRuleset', names: [] },
  {
    re: /^(\S+): (.+?) forwards this packet to (\S+) out of (\S+) \((.+)\): the FORWARD path decides, not INPUT\.$/,
    key: 'note.forwardsOut',
    names: ['backend', 'where', 'to', 'oif', 'rule'],
  },
  {
    re: /^(\S+): (.+?) forwards this packet to (\S+) \((.+)\): the FORWARD path decides, not INPUT\.$/,
    key: 'note.forwards',
    names: ['backend', 'where', 'to', 'rule'],
  },
  {
    re: /^(\S+): (.+?) redirects this packet to (\S+) on this host \((.+)\)\.$/,
    key: 'note.redirectsLocal',
    names: ['backend', 'where', 'to', 'rule'],
  },
  ...RATE_LIMIT_NOTES,
  { re: /^no firewall rules are loaded$/, key: 'note.noRulesLoaded', names: [] },
  {
    re: /^firewalld zone (\S+) \(target (\S+)\): ports \[([^\]]*)\], services \[([^\]]*)\]$/,
    key: 'note.firewalldZone',
    names: ['zone', 'target', 'ports', 'services'],
  },
  {
    re: /^firewalld zone (\S+) \(target (\S+)\): ports \[([^\]]*)\], services \[([^\]]*)\], (\d+) rich rule\(s\)$/,
    key: 'note.firewalldZoneRich',
    names: ['zone', 'target', 'ports', 'services', 'rich'],
  },
  { re: /^ufw rules for port (\d+): (.+)$/, key: 'note.ufwRules', names: ['port', 'rules'] },
  { re: /^ufw has no rule for port (\d+); default incoming: (\S+)$/, key: 'note.ufwNoRule', names: ['port', 'policy'] },
  {
    re: /^(\S+): table (\S+ \S+) is managed by iptables-nft: judged from iptables-save, not here\.$/,
    key: 'note.nftManaged',
    names: ['backend', 'table'],
  },
  {
    re: /^Evaluated for interface (.+) \(([^()]+)\), (\w+) profile\.$/,
    key: 'note.windowsInterface',
    names: ['interface', 'address', 'profile'],
  },
  {
    re: /^Evaluated for interface (.+) \(([^()]+)\), (\w+) profile, from (\S+) standing for a client on another network\.$/,
    key: 'note.windowsInterfaceRep',
    names: ['interface', 'address', 'profile', 'representative'],
  },
  {
    re: /^Allow rule (.+) matches, but it is a local rule and Group Policy sets AllowLocalFirewallRules = False for the (\w+) profile, so only Group Policy rules count\.$/,
    key: 'note.windowsGpo',
    names: ['rule', 'profile'],
  },
  {
    re: /^Allow rule (.+) matches, but only in the (.+) profile\(s\); this interface is in the (\w+) profile\.$/,
    key: 'note.windowsWrongProfile',
    names: ['rule', 'profiles', 'profile'],
  },
  {
    re: /^Block rule (.+) wins over allow rule\(s\) (.+): in Windows Firewall a block rule beats any allow rule\.$/,
    key: 'note.windowsBlockWins',
    names: ['block', 'allow'],
  },
  { re: /^Allow rule (.+) would let this in, but it is disabled\.$/, key: 'note.windowsDisabled', names: ['rule'] },
  {
    re: /^Allow rule (.+) matches, but it allows only IPsec-authenticated peers \((.+)\): a client without IPsec is not let in by it\.$/,
    key: 'note.windowsSecureOnly',
    names: ['rule', 'requires'],
  },
  { re: /^Windows Firewall does not filter loopback traffic\.$/, key: 'note.windowsLoopback', names: [] },
  { re: /^Windows Firewall is off for the (\w+) profile\.$/, key: 'note.windowsOff', names: ['profile'] },
  {
    re: /^The (\w+) profile blocks all incoming connections, including allowed apps \(AllowInboundRules = False\)\.$/,
    key: 'note.windowsBlockAll',
    names: ['profile'],
  },
  { re: /^The interface profile is not known; all three profiles decide the same\.$/, key: 'note.windowsProfileUnknown', names: [] },
  {
    re: /^Rules read with PowerShell from the ActiveStore \(every policy store the firewall enforces\)\.$/,
    key: 'note.windowsRulesPowerShell',
    names: [],
  },
  {
    re: /^Rules read from netsh advfirewall firewall show rule name=all dir=in verbose, because PowerShell could not read them \((.+)\)\.$/,
    key: 'note.windowsRulesNetsh',
    names: ['reason'],
  },
  { re: /^Security products registered with Windows Security Center: (.+)\.$/, key: 'note.wfpProducts', names: ['products'] },
  {
    re: /^Windows Security Center lists no product; known third-party firewall\/endpoint services running: (.+)\.$/,
    key: 'note.wfpNoProducts',
    names: ['services'],
  },
  {
    re: /^Windows Security Center could not be read \((.+); Windows Server has none\); known third-party firewall\/endpoint services running: (.+)\.$/,
    key: 'note.wfpNoSecurityCenter',
    names: ['reason', 'services'],
  },
  { re: /^Filtering Platform drop events \(5152\/5157\) could not be read: (.+)\.$/, key: 'note.wfpUnread', names: ['reason'] },
  {
    re: /^Filtering Platform drop events \(5152\/5157\) were not read: the Security log needs an elevated \(administrator\) check\.$/,
    key: 'note.wfpNotElevated',
    names: [],
  },
  {
    re: /^No Filtering Platform drop \(events 5152\/5157\) was logged in the last hour, so another filter \(antivirus, endpoint firewall\) cannot be seen\. If the client still gets no answer, turn drop auditing on for a few minutes \((.+); (auditpol \/get \S+) shows the setting before\), retry from the client, check again, then turn it off if it was off \((.+)\)\.$/,
    key: 'note.wfpAuditOff',
    names: ['enable', 'show', 'disable'],
  },
  {
    re: /^PortDoctor can do this and undo it for you: (portdoctor audit-wfp \d+(?: --protocol udp)?) \(previewed first, asks before changing anything; in the app: "Record blocked connections" in step 3\)\.$/,
    key: 'note.wfpAuditCommand',
    names: ['command'],
  },
  {
    re: /^(\d+) inbound (TCP|UDP) (\d+) drop\(s\) logged by the Windows Filtering Platform \(last at (.*)\) by (.+), although the rules read let it in\.$/,
    key: 'note.wfpWindowsFilter',
    names: ['count', 'proto', 'port', 'last', 'who'],
  },
  {
    re: /^Windows Firewall's rules let this in, but (\d+) inbound (TCP|UDP) (\d+) drop\(s\) logged by the Windows Filtering Platform \(last at (.*)\): filter (\d+) "(.*)" belongs to (.+), third-party software, which drops it\.$/,
    key: 'note.wfpThirdParty',
    names: ['count', 'proto', 'port', 'last', 'id', 'name', 'provider'],
  },
];

/** A firewall evaluator's note as evidence: keyed when its wording is known (and the English comes out the same), else as written. */
export function noteEvidence(note: string): Evidence {
  for (const n of NOTES) {
    const m = n.re.exec(note);
    if (!m) continue;
    const params = Object.fromEntries(n.names.map((name, i) => [name, m[i + 1] ?? '']));
    const said = n.names.length ? say(n.key, params) : say(n.key);
    // Only when the template gives back the very same English (a note reworded upstream stays unkeyed, not wrong).
    if (said.text === note) return { kind: 'note', ...said };
  }
  return { kind: 'note', text: note };
}
