/**
 * `engine.note.*`: the firewall evaluators' notes (FirewallVerdict.notes), written as a key and its params (shared/i18n/note.ts)
 * and made English from these templates at the edge. `as const` so that the note keys and each one's params are types.
 * Mounted in engine-en.ts under `note`.
 */
export const noteEn = {
  noRules: 'No rules: nothing filters inbound traffic here.',
  noRulesBackend: '{{backend}}: No rules: nothing filters inbound traffic here.',
  forwardsOut: '{{backend}}: {{where}} forwards this packet to {{to}} out of {{oif}} ({{rule}}): the FORWARD path decides, not INPUT.',
  forwards: '{{backend}}: {{where}} forwards this packet to {{to}} ({{rule}}): the FORWARD path decides, not INPUT.',
  redirectsLocal: '{{backend}}: {{where}} redirects this packet to {{to}} on this host ({{rule}}).',
  noRuleset: 'No rules: no nftables or iptables ruleset was found.',
  noRulesLoaded: 'no firewall rules are loaded',
  firewalldZone: 'firewalld zone {{zone}} (target {{target}}): ports [{{ports}}], services [{{services}}]',
  firewalldZoneRich: 'firewalld zone {{zone}} (target {{target}}): ports [{{ports}}], services [{{services}}], {{rich}} rich rule(s)',
  ufwRules: 'ufw rules for port {{port}}: {{rules}}',
  ufwNoRule: 'ufw has no rule for port {{port}}; default incoming: {{policy}}',
  nftManaged: '{{backend}}: table {{table}} is managed by iptables-nft: judged from iptables-save, not here.',
  windowsInterface: 'Evaluated for interface {{interface}} ({{address}}), {{profile}} profile.',
  windowsInterfaceRep:
    'Evaluated for interface {{interface}} ({{address}}), {{profile}} profile, from {{representative}} standing for a client on another network.',
  windowsGpo:
    'Allow rule {{rule}} matches, but it is a local rule and Group Policy sets AllowLocalFirewallRules = False for the {{profile}} profile, so only Group Policy rules count.',
  windowsWrongProfile:
    'Allow rule {{rule}} matches, but only in the {{profiles}} profile(s); this interface is in the {{profile}} profile.',
  windowsBlockWins: 'Block rule {{block}} wins over allow rule(s) {{allow}}: in Windows Firewall a block rule beats any allow rule.',
  windowsSecureOnly:
    'Allow rule {{rule}} matches, but it allows only IPsec-authenticated peers ({{requires}}): a client without IPsec is not let in by it.',
  windowsDisabled: 'Allow rule {{rule}} would let this in, but it is disabled.',
  windowsLoopback: 'Windows Firewall does not filter loopback traffic.',
  windowsOff: 'Windows Firewall is off for the {{profile}} profile.',
  windowsBlockAll: 'The {{profile}} profile blocks all incoming connections, including allowed apps (AllowInboundRules = False).',
  windowsProfileUnknown: 'The interface profile is not known; all three profiles decide the same.',
  windowsRulesPowerShell: 'Rules read with PowerShell from the ActiveStore (every policy store the firewall enforces).',
  windowsRulesNetsh:
    'Rules read from netsh advfirewall firewall show rule name=all dir=in verbose, because PowerShell could not read them ({{reason}}).',
  wfpProducts: 'Security products registered with Windows Security Center: {{products}}.',
  wfpNoProducts: 'Windows Security Center lists no product; known third-party firewall/endpoint services running: {{services}}.',
  wfpNoSecurityCenter:
    'Windows Security Center could not be read ({{reason}}; Windows Server has none); known third-party firewall/endpoint services running: {{services}}.',
  wfpUnread: 'Filtering Platform drop events (5152/5157) could not be read: {{reason}}.',
  wfpNotElevated: 'Filtering Platform drop events (5152/5157) were not read: the Security log needs an elevated (administrator) check.',
  wfpAuditOff:
    'No Filtering Platform drop (events 5152/5157) was logged in the last hour, so another filter (antivirus, endpoint firewall) cannot be seen. If the client still gets no answer, turn drop auditing on for a few minutes ({{enable}}; {{show}} shows the setting before), retry from the client, check again, then turn it off if it was off ({{disable}}).',
  wfpAuditCommand:
    'PortDoctor can do this and undo it for you: {{command}} (previewed first, asks before changing anything; in the app: "Record blocked connections" in step 3).',
  wfpWindowsFilter:
    '{{count}} inbound {{proto}} {{port}} drop(s) logged by the Windows Filtering Platform (last at {{last}}) by {{who}}, although the rules read let it in.',
  wfpThirdParty:
    'Windows Firewall\'s rules let this in, but {{count}} inbound {{proto}} {{port}} drop(s) logged by the Windows Filtering Platform (last at {{last}}): filter {{id}} "{{name}}" belongs to {{provider}}, third-party software, which drops it.',

  // Notes of the nftables and iptables walks. A leading {{backend}} is the prefix slot: '' alone, 'nftables: ' when
  // several components are combined (fromBackend in shared/i18n/note.ts fills it).
  nftManagedPlain: 'table {{table}} is managed by iptables-nft: judged from iptables-save, not here.',
  ingressNoDevice:
    '{{backend}}{{family}} {{table}} chain {{chain}} is an ingress chain whose device the listing does not name: evaluated as if bound to the input interface.',
  ingressIifUnknown:
    '{{backend}}{{family}} {{table}} chain {{chain}} filters {{devices}}; the input interface is not known: evaluated as if it were one of them.',
  nftRateLimited: '{{backend}}rate-limited: "{{rule}}" (handle {{handle}}) matches only while the rate stays under {{limit}}.',
  iptRateLimited:
    '{{backend}}rate-limited: "{{rule}}" (rule {{position}} in {{chain}}) counts this packet against a rate limit; the verdict is for a client under it.',
  undecidedHandle:
    '{{backend}}{{where}} handle {{handle}}: "{{rule}}" cannot be judged statically ({{reason}}); it does not decide anything (no verdict).',
  undecidedPosition:
    '{{backend}}{{where}} rule {{position}}: "{{rule}}" cannot be judged statically ({{reason}}); it does not decide anything (no verdict).',
  eitherWayHandle:
    '{{backend}}{{where}} handle {{handle}}: "{{rule}}" cannot be judged statically ({{reason}}); the decision is {{decision}} either way.',
  eitherWayPosition:
    '{{backend}}{{where}} rule {{position}}: "{{rule}}" cannot be judged statically ({{reason}}); the decision is {{decision}} either way.',
  nftNatRedirects: '{{backend}}{{table}} {{chain}} handle {{handle}} redirects this packet ({{rule}}); where to is not followed.',
  nftNatMayRedirect: '{{backend}}{{table}} {{chain}} handle {{handle}} may redirect this packet ({{rule}}); where to is not followed.',
  iptNatRedirects:
    '{{backend}}nat {{chain}} rule {{position}} redirects this packet ({{rule}}); a DNATed packet is filtered in FORWARD, not INPUT.',
  iptNatMayRedirect:
    '{{backend}}nat {{chain}} rule {{position}} may redirect this packet ({{rule}}); a DNATed packet is filtered in FORWARD, not INPUT.',
  tie: '{{other}} also stops this packet at the same priority ({{decision}}); which of the two runs first depends on hook registration order.',
  tieRule:
    '{{other}} also stops this packet at the same priority ({{decision}}: {{rule}}); which of the two runs first depends on hook registration order.',
  windowsInterfaceNoProfile: 'Evaluated for interface {{interface}} ({{address}}), profile unknown.',
  windowsInterfaceNoProfileRep:
    'Evaluated for interface {{interface}} ({{address}}), profile unknown, from {{representative}} standing for a client on another network.',
  windowsProgram:
    'Allow rule {{rule}} is for program {{program}}, but the listener runs {{listener}}; a program rule matches only that exact path.',
  windowsProgramOther:
    'Allow rule {{rule}} is for program {{program}}, but the listener runs another program; a program rule matches only that exact path.',
  windowsProgramGo:
    'Allow rule {{rule}} is for program {{program}}, but the listener runs {{listener}}; a program rule matches only that exact path. `go run` builds to a new temporary path each time, so a rule for one build never matches the next: allow the port instead, or build to a fixed path.',
  windowsProgramGoOther:
    'Allow rule {{rule}} is for program {{program}}, but the listener runs another program; a program rule matches only that exact path. `go run` builds to a new temporary path each time, so a rule for one build never matches the next: allow the port instead, or build to a fixed path.',
  windowsRulesSkipped: '{{count}} rule(s) could not be read: {{rules}}',
} as const;
