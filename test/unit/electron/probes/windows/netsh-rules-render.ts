/**
 * Renders `netsh advfirewall firewall show rule name=all dir=in verbose` output in a display language, in the
 * layout of the real outputs (test/fixtures/windows/SOURCES.md): a `label:` name line, the `----` line, then
 * `label: value` lines in netsh's order, padded to column 39, CRLF, `Ok.` at the end. Optional lines are left out
 * as netsh leaves them out (Description, ports for non-TCP/UDP, Program and Service when not set).
 * en-US labels and values are the real ones; zh-CN's are real for the lines of the non-verbose capture and our
 * own translation for the verbose-only lines; de-DE is entirely our own translation.
 */
/** One rule to render; unset fields take netsh's defaults. */
export interface NetshRule {
  name: string;
  description?: string;
  enabled?: boolean;
  profiles?: Array<0 | 1 | 2>;
  group?: string;
  localIp?: string;
  remoteIp?: string;
  protocol?: string;
  localPort?: string;
  icmp?: boolean;
  edge?: boolean;
  program?: string;
  service?: string;
  security?: 'plain' | 'auth';
  gpo?: string;
  action?: 'allow' | 'block';
}

type Key =
  | 'name'
  | 'description'
  | 'enabled'
  | 'direction'
  | 'profiles'
  | 'grouping'
  | 'localIp'
  | 'remoteIp'
  | 'protocol'
  | 'localPort'
  | 'remotePort'
  | 'edge'
  | 'program'
  | 'service'
  | 'interfaceTypes'
  | 'security'
  | 'source'
  | 'action';
/** A display language's labels and value words. */
export interface Locale {
  labels: Record<Key, string>;
  yes: string;
  no: string;
  any: string;
  in: string;
  profiles: [string, string, string];
  allow: string;
  block: string;
  notRequired: string;
  authenticate: string;
  local: string;
  ok: string;
}

export const LOCALES: Record<string, Locale> = {
  'en-US': {
    labels: {
      name: 'Rule Name',
      description: 'Description',
      enabled: 'Enabled',
      direction: 'Direction',
      profiles: 'Profiles',
      grouping: 'Grouping',
      localIp: 'LocalIP',
      remoteIp: 'RemoteIP',
      protocol: 'Protocol',
      localPort: 'LocalPort',
      remotePort: 'RemotePort',
      edge: 'Edge traversal',
      program: 'Program',
      service: 'Service',
      interfaceTypes: 'InterfaceTypes',
      security: 'Security',
      source: 'Rule source',
      action: 'Action',
    },
    yes: 'Yes',
    no: 'No',
    any: 'Any',
    in: 'In',
    profiles: ['Domain', 'Private', 'Public'],
    allow: 'Allow',
    block: 'Block',
    notRequired: 'NotRequired',
    authenticate: 'Authenticate',
    local: 'Local Setting',
    ok: 'Ok.',
  },
  'zh-CN': {
    labels: {
      name: '规则名称',
      description: '描述',
      enabled: '已启用',
      direction: '方向',
      profiles: '配置文件',
      grouping: '分组',
      localIp: '本地 IP',
      remoteIp: '远程 IP',
      protocol: '协议',
      localPort: '本地端口',
      remotePort: '远程端口',
      edge: '边缘遍历',
      program: '程序',
      service: '服务',
      interfaceTypes: '接口类型',
      security: '安全',
      source: '规则源',
      action: '操作',
    },
    yes: '是',
    no: '否',
    any: '任何',
    in: '入',
    profiles: ['域', '专用', '公用'],
    allow: '允许',
    block: '阻止',
    notRequired: '不需要',
    authenticate: '身份验证',
    local: '本地设置',
    ok: '确定。',
  },
  'de-DE': {
    labels: {
      name: 'Regelname',
      description: 'Beschreibung',
      enabled: 'Aktiviert',
      direction: 'Richtung',
      profiles: 'Profile',
      grouping: 'Gruppierung',
      localIp: 'Lokale IP',
      remoteIp: 'Remote-IP',
      protocol: 'Protokoll',
      localPort: 'Lokaler Port',
      remotePort: 'Remoteport',
      edge: 'Edgeausnahme',
      program: 'Programm',
      service: 'Dienst',
      interfaceTypes: 'Schnittstellentypen',
      security: 'Sicherheit',
      source: 'Regelquelle',
      action: 'Aktion',
    },
    yes: 'Ja',
    no: 'Nein',
    any: 'Beliebig',
    in: 'Eingehend',
    profiles: ['Domäne', 'Privat', 'Öffentlich'],
    allow: 'Zulassen',
    block: 'Blockieren',
    notRequired: 'Nicht erforderlich',
    authenticate: 'Authentifizieren',
    local: 'Lokale Einstellung',
    ok: 'OK.',
  },
};

const line = (label: string, value: string) => `${`${label}:`.padEnd(38)}${value === '' ? '' : ` ${value}`}`;

/** One rule block as netsh prints it with `verbose`. */
export function renderRule(r: NetshRule, loc: Locale): string[] {
  const L = loc.labels;
  const protocol = r.protocol ?? 'TCP';
  const out = ['', line(L.name, r.name), '-'.repeat(70)];
  if (r.description) out.push(line(L.description, r.description));
  out.push(line(L.enabled, r.enabled === false ? loc.no : loc.yes), line(L.direction, loc.in));
  out.push(line(L.profiles, (r.profiles ?? [0, 1, 2]).map((i) => loc.profiles[i]).join(',')), line(L.grouping, r.group ?? ''));
  out.push(
    line(L.localIp, r.localIp ?? loc.any),
    line(L.remoteIp, r.remoteIp ?? loc.any),
    line(L.protocol, protocol === 'Any' ? loc.any : protocol),
  );
  if (protocol === 'TCP' || protocol === 'UDP') out.push(line(L.localPort, r.localPort ?? loc.any), line(L.remotePort, loc.any));
  if (r.icmp) out.push(`${''.padEnd(38)} Type    Code`, `${''.padEnd(38)} 8       ${loc.any}`);
  out.push(line(L.edge, r.edge ? loc.yes : loc.no));
  if (r.program) out.push(line(L.program, r.program));
  if (r.service) out.push(line(L.service, r.service));
  out.push(line(L.interfaceTypes, loc.any), line(L.security, r.security === 'auth' ? loc.authenticate : loc.notRequired));
  out.push(line(L.source, r.gpo ?? loc.local), line(L.action, r.action === 'block' ? loc.block : loc.allow));
  return out;
}

/** A whole listing: every rule, then `Ok.`, CRLF line ends. */
export function renderListing(rules: NetshRule[], loc: Locale): string {
  return [...rules.flatMap((r) => renderRule(r, loc)), loc.ok, ''].join('\r\n');
}

/** A stock-looking inbound rule set around the rules a test cares about (most rules allow, RemotePort Any, no edge traversal). */
export function stockRules(): NetshRule[] {
  return [
    {
      name: 'Core Networking - Dynamic Host Configuration Protocol (DHCP-In)',
      description: 'Allows DHCP messages for stateful auto-configuration.',
      group: 'Core Networking',
      protocol: 'UDP',
      localPort: '68',
      program: '%SystemRoot%\\system32\\svchost.exe',
      service: 'dhcp',
    },
    {
      name: 'Core Networking - Destination Unreachable (ICMPv4-In)',
      group: 'Core Networking',
      protocol: 'ICMPv4',
      icmp: true,
      program: 'System',
    },
    {
      name: 'Remote Desktop - User Mode (TCP-In)',
      group: 'Remote Desktop',
      localPort: '3389',
      program: '%SystemRoot%\\system32\\svchost.exe',
      service: 'termservice',
      enabled: false,
    },
    {
      name: 'Windows Remote Management (HTTP-In)',
      group: 'Windows Remote Management',
      profiles: [0, 1],
      localPort: '5985',
      program: 'System',
    },
    { name: 'File and Printer Sharing (SMB-In)', group: 'File and Printer Sharing', localPort: '445', program: 'System', enabled: false },
    {
      name: 'Virtual Desktop Streamer',
      protocol: 'Any',
      edge: true,
      program: 'C:\\Program Files\\Virtual Desktop Streamer\\VirtualDesktop.Streamer.exe',
    },
    {
      name: 'Remote Service Management (RPC-EPMAP)',
      group: 'Remote Service Management',
      localPort: 'RPC-EPMap',
      program: '%SystemRoot%\\system32\\svchost.exe',
      service: 'rpcss',
    },
  ];
}
