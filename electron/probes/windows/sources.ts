import type { CommandSpec } from '../../system/runner';

/** Windows PowerShell 5.1 is on every supported Windows; no profile, no prompts, no script-policy surprises. */
const POWERSHELL = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command'];

/**
 * Wrap a pipeline so even one result prints as a JSON array (`-InputObject @(…)`), enums as numbers.
 * Only cmdlets, Select-Object and hashtables: the scripts also run in ConstrainedLanguage mode.
 * No double quotes inside: Windows PowerShell's own command-line parsing mangles escaped ones.
 */
const json = (pipeline: string): string => `ConvertTo-Json -Depth 4 -Compress -InputObject @(${pipeline})`;

const ps = (source: string, script: string, timeoutMs = 30_000): CommandSpec => ({ source, file: 'powershell.exe', args: [...POWERSHELL, script], timeoutMs, localeC: false });
const tool = (source: string, file: string, args: string[]): CommandSpec => ({ source, file, args, timeoutMs: 15_000, localeC: false });

/** Join each filter (port, address, application, service, interface type) to its rule by InstanceID, in one pass. */
const RULES_SCRIPT = [
  "$s='ActiveStore'",
  '$r=@(Get-NetFirewallRule -PolicyStore $s -Direction Inbound)',
  '$p=Get-NetFirewallPortFilter -PolicyStore $s | Group-Object -Property InstanceID -AsHashTable -AsString',
  '$a=Get-NetFirewallAddressFilter -PolicyStore $s | Group-Object -Property InstanceID -AsHashTable -AsString',
  '$x=Get-NetFirewallApplicationFilter -PolicyStore $s | Group-Object -Property InstanceID -AsHashTable -AsString',
  '$v=Get-NetFirewallServiceFilter -PolicyStore $s | Group-Object -Property InstanceID -AsHashTable -AsString',
  '$i=Get-NetFirewallInterfaceTypeFilter -PolicyStore $s | Group-Object -Property InstanceID -AsHashTable -AsString',
  json(
    '$r | Select-Object Name,DisplayName,DisplayGroup,Enabled,Direction,Action,Profile,PolicyStoreSource,PolicyStoreSourceType,Owner,' +
      "@{n='Protocol';e={$p[$_.InstanceID].Protocol}},@{n='LocalPort';e={$p[$_.InstanceID].LocalPort}}," +
      "@{n='RemoteAddress';e={$a[$_.InstanceID].RemoteAddress}},@{n='LocalAddress';e={$a[$_.InstanceID].LocalAddress}}," +
      "@{n='Program';e={$x[$_.InstanceID].Program}},@{n='Service';e={$v[$_.InstanceID].Service}}," +
      "@{n='InterfaceType';e={$i[$_.InstanceID].InterfaceType}}",
  ),
].join('; ');

/** Every Windows source: its report-bundle id and the exact argv (docs/windows.md lists them). */
export const WINDOWS_SOURCES = {
  oemCodePage: tool('windows.reg.oemcp', 'reg.exe', ['query', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage', '/v', 'OEMCP']),
  groups: tool('windows.whoami.groups', 'whoami.exe', ['/groups']),
  excludedTcp: tool('windows.netsh.excludedportrange.tcp', 'netsh.exe', ['interface', 'ipv4', 'show', 'excludedportrange', 'protocol=tcp']),
  excludedTcp6: tool('windows.netsh.excludedportrange.tcp6', 'netsh.exe', ['interface', 'ipv6', 'show', 'excludedportrange', 'protocol=tcp']),
  excludedUdp: tool('windows.netsh.excludedportrange.udp', 'netsh.exe', ['interface', 'ipv4', 'show', 'excludedportrange', 'protocol=udp']),
  dynamicTcp: tool('windows.netsh.dynamicport.tcp', 'netsh.exe', ['interface', 'ipv4', 'show', 'dynamicport', 'tcp']),
  dynamicUdp: tool('windows.netsh.dynamicport.udp', 'netsh.exe', ['interface', 'ipv4', 'show', 'dynamicport', 'udp']),
  portproxy: tool('windows.netsh.portproxy', 'netsh.exe', ['interface', 'portproxy', 'show', 'all']),
  advfirewallProfiles: tool('windows.netsh.advfirewall.allprofiles', 'netsh.exe', ['advfirewall', 'show', 'allprofiles']),
  netstat: tool('windows.netstat.ano', 'netstat.exe', ['-ano']),
  tasklist: tool('windows.tasklist.svc', 'tasklist.exe', ['/svc', '/fo', 'csv', '/nh']),
  httpServiceState: tool('windows.netsh.http.servicestate', 'netsh.exe', ['http', 'show', 'servicestate', 'view=requestq']),
  httpUrlAcl: tool('windows.netsh.http.urlacl', 'netsh.exe', ['http', 'show', 'urlacl']),
  tcpListeners: ps('windows.ps.tcp-listeners', json('Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue | Select-Object LocalAddress,LocalPort,RemoteAddress,RemotePort,State,OwningProcess')),
  tcpConnections: ps('windows.ps.tcp-connections', json('Get-NetTCPConnection -ErrorAction SilentlyContinue | Select-Object LocalAddress,LocalPort,RemoteAddress,RemotePort,State,OwningProcess')),
  udpEndpoints: ps('windows.ps.udp-endpoints', json('Get-NetUDPEndpoint -ErrorAction SilentlyContinue | Select-Object LocalAddress,LocalPort,OwningProcess')),
  processes: ps('windows.ps.processes', json('Get-CimInstance -ClassName Win32_Process | Select-Object ProcessId,Name,ExecutablePath,CommandLine')),
  services: ps('windows.ps.services', json("Get-CimInstance -ClassName Win32_Service | Where-Object State -eq 'Running' | Select-Object ProcessId,Name,DisplayName")),
  firewallProfiles: ps('windows.ps.firewall-profiles', json('Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object Name,Enabled,DefaultInboundAction,DefaultOutboundAction,AllowInboundRules,AllowLocalFirewallRules')),
  firewallRules: ps('windows.ps.firewall-rules', RULES_SCRIPT, 120_000),
  connectionProfiles: ps('windows.ps.connection-profiles', json('Get-NetConnectionProfile | Select-Object Name,InterfaceAlias,InterfaceIndex,NetworkCategory')),
  ipAddresses: ps('windows.ps.ip-addresses', json('Get-NetIPAddress | Select-Object InterfaceAlias,InterfaceIndex,IPAddress,AddressFamily,PrefixLength')),
  adapters: ps('windows.ps.adapters', json('Get-NetAdapter | Select-Object Name,InterfaceAlias,ifIndex,NdisPhysicalMedium,MediaType')),
} satisfies Record<string, CommandSpec>;

/** A Windows command line for display (never executed): what a user can paste into cmd or PowerShell. */
export function windowsCommandLine(spec: Pick<CommandSpec, 'file' | 'args'>): string {
  return [spec.file, ...spec.args].map((a) => (/^[A-Za-z0-9_@%+=:,./\\-]+$/.test(a) ? a : `"${a.replace(/"/g, '\\"')}"`)).join(' ');
}
