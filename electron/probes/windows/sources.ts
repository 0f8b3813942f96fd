import type { CommandSpec } from '../../system/runner';
import type { SourceId } from '../../../shared/bundle/sources';

/**
 * Windows PowerShell 5.1 is on every supported Windows; no profile, no prompts. No `-ExecutionPolicy Bypass`:
 * the execution policy governs script files, not a `-Command` string (docs/windows.md), and the switch trips
 * endpoint-protection alerts.
 */
const POWERSHELL = ['-NoProfile', '-NonInteractive', '-Command'];

/**
 * Wrap a pipeline so even one result prints as a JSON array (`-InputObject @(…)`), enums as numbers.
 * Only cmdlets, Select-Object and hashtables: the scripts also run in ConstrainedLanguage mode.
 * No double quotes inside: Windows PowerShell's own command-line parsing mangles escaped ones.
 */
const json = (pipeline: string): string => `ConvertTo-Json -Depth 4 -Compress -InputObject @(${pipeline})`;

const ps = (source: SourceId, script: string, timeoutMs = 30_000): CommandSpec => ({
  source,
  file: 'powershell.exe',
  args: [...POWERSHELL, script],
  timeoutMs,
  localeC: false,
});
const tool = (source: SourceId, file: string, args: string[]): CommandSpec => ({ source, file, args, timeoutMs: 15_000, localeC: false });

/**
 * Inbound rules with their port, address, application, service, interface-type and security filters: one
 * enumeration per class, each put in a hashtable by InstanceID in a loop (no Group-Object, quadratic on Windows
 * PowerShell 5.1; no per-rule `Get-NetFirewall*Filter` call). The NetSecurity cmdlets are used rather than
 * `Get-CimInstance`: the policy store is a CIM operation option that only they pass, and without it the
 * provider reads the PersistentStore, which lacks every Group Policy rule (docs/windows.md). `-TracePolicyStore`
 * fills PolicyStoreSource/PolicyStoreSourceType. An InstanceID that occurs more than once (the same rule name in
 * two stores of the ActiveStore) gets every filter of that id; when they differ, the classes that differ are named
 * in `JoinAmbiguous` and the rule is judged `unknown` on them, never `Any`.
 * Variable names differ by more than case: PowerShell's are case-insensitive.
 */
const RULES_SCRIPT = [
  "$s='ActiveStore'",
  '$r=@(Get-NetFirewallRule -PolicyStore $s -TracePolicyStore -Direction Inbound)',
  'function J($l){$h=@{};foreach($f in $l){$k=$f.InstanceID;if($h.ContainsKey($k)){$h[$k]=@($h[$k])+$f}else{$h[$k]=@($f)}};$h}',
  "function A($l,$n,$p){if(@($l).Count -gt 1){$u=@(foreach($f in $l){@(foreach($x in $p){@($f.$x) -join ','}) -join ';'});if(@($u|Select-Object -Unique).Count -gt 1){$n}}}",
  '$hp=J @(Get-NetFirewallPortFilter -PolicyStore $s)',
  '$ha=J @(Get-NetFirewallAddressFilter -PolicyStore $s)',
  '$hx=J @(Get-NetFirewallApplicationFilter -PolicyStore $s)',
  '$hv=J @(Get-NetFirewallServiceFilter -PolicyStore $s)',
  '$hi=J @(Get-NetFirewallInterfaceTypeFilter -PolicyStore $s)',
  '$hs=J @(Get-NetFirewallSecurityFilter -PolicyStore $s)',
  '$o=foreach($q in $r){$k=$q.InstanceID;$lp=$hp[$k];$la=$ha[$k];$lx=$hx[$k];$lv=$hv[$k];$li=$hi[$k];$ls=$hs[$k];' +
    "$m=@(A $lp 'Port' @('Protocol','LocalPort'))+@(A $la 'Address' @('RemoteAddress','LocalAddress'))+@(A $lx 'Application' @('Program'))+" +
    "@(A $lv 'Service' @('Service'))+@(A $li 'InterfaceType' @('InterfaceType'))+@(A $ls 'Security' @('Authentication','Encryption','OverrideBlockRules','RemoteUser','RemoteMachine'));" +
    '$fp=@($lp)[0];$fa=@($la)[0];$fx=@($lx)[0];$fv=@($lv)[0];$fi=@($li)[0];$fs=@($ls)[0];' +
    '$q | Select-Object Name,DisplayName,DisplayGroup,Enabled,Direction,Action,Profile,PolicyStoreSource,PolicyStoreSourceType,Owner,' +
    "@{n='Protocol';e={$fp.Protocol}},@{n='LocalPort';e={$fp.LocalPort}}," +
    "@{n='RemoteAddress';e={$fa.RemoteAddress}},@{n='LocalAddress';e={$fa.LocalAddress}}," +
    "@{n='Program';e={$fx.Program}},@{n='Service';e={$fv.Service}},@{n='InterfaceType';e={$fi.InterfaceType}}," +
    "@{n='Authentication';e={$fs.Authentication}},@{n='Encryption';e={$fs.Encryption}},@{n='OverrideBlockRules';e={$fs.OverrideBlockRules}}," +
    "@{n='RemoteUser';e={$fs.RemoteUser}},@{n='RemoteMachine';e={$fs.RemoteMachine}},@{n='JoinAmbiguous';e={$m -join ','}}}",
  json('$o'),
].join('; ');

/**
 * Registered firewall and antivirus products (root/SecurityCenter2: client editions only; Windows Server has no
 * Security Center, so the query fails there and the known services stand in, docs/windows.md).
 */
const SECURITY_PRODUCTS_SCRIPT = json(
  "foreach($c in 'FirewallProduct','AntiVirusProduct'){Get-CimInstance -Namespace root/SecurityCenter2 -ClassName $c -ErrorAction Stop | Select-Object @{n='Class';e={$c}},displayName,productState,pathToSignedProductExe}",
);

/**
 * Windows Filtering Platform drops of the last hour from the Security log: 5152 (packet dropped) and 5157
 * (connection blocked), which name the filter (FilterRTID). The event fields come as values in their documented
 * order. Logged only while the "Filtering Platform Packet Drop" / "Filtering Platform Connection" audit subcategories
 * are on; reading the Security log needs elevation.
 */
const WFP_DROPS_SCRIPT = json(
  "Get-WinEvent -FilterHashtable @{LogName='Security';Id=5152,5157;StartTime=(Get-Date).AddHours(-1)} -MaxEvents 2000 -ErrorAction SilentlyContinue | Select-Object Id,@{n='Time';e={$_.TimeCreated.ToUniversalTime().ToString('o')}},@{n='Data';e={@($_.Properties | ForEach-Object {[string]$_.Value})}}",
);

/**
 * The WFP filters that do not simply permit, with their provider's name: `netsh wfp show filters` and
 * `netsh wfp show state` (providers) write XML files (into a temporary folder, removed after), reduced here to
 * one row per filter (`ChildNodes`, not `.item`, which could meet XmlNode's own Item indexer). Read only when the drop
 * events name a filter.
 */
const WFP_FILTERS_SCRIPT = [
  "$d=Join-Path $env:TEMP ('portdoctor-wfp-'+$PID)",
  '$null=New-Item -ItemType Directory -Force -Path $d',
  "$f=Join-Path $d 'filters.xml'",
  "$t=Join-Path $d 'state.xml'",
  'netsh.exe wfp show filters file=$f | Out-Null',
  'netsh.exe wfp show state file=$t | Out-Null',
  '[xml]$x=Get-Content -Raw -LiteralPath $f',
  '[xml]$y=Get-Content -Raw -LiteralPath $t',
  'Remove-Item -Recurse -Force -LiteralPath $d',
  '$p=@{}',
  'foreach($i in @($y.DocumentElement.providers.ChildNodes)){if($i){$p[[string]$i.providerKey]=[string]$i.displayData.name}}',
  "$o=foreach($i in @($x.DocumentElement.filters.ChildNodes)){if($i -and [string]$i.action.type -ne 'FWP_ACTION_PERMIT'){$i | Select-Object @{n='FilterId';e={[string]$i.filterId}},@{n='Name';e={[string]$i.displayData.name}},@{n='ProviderKey';e={[string]$i.providerKey}},@{n='Provider';e={$p[[string]$i.providerKey]}},@{n='Layer';e={[string]$i.layerKey}},@{n='Action';e={[string]$i.action.type}}}}",
  json('$o'),
].join('; ');

/** Every Windows source: its report-bundle id and the exact argv (docs/windows.md lists them). */
export const WINDOWS_SOURCES = {
  oemCodePage: tool('windows.reg.oemcp', 'reg.exe', ['query', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage', '/v', 'OEMCP']),
  groups: tool('windows.whoami.groups', 'whoami.exe', ['/groups']),
  excludedTcp: tool('windows.netsh.excludedportrange.tcp', 'netsh.exe', ['interface', 'ipv4', 'show', 'excludedportrange', 'protocol=tcp']),
  excludedTcp6: tool('windows.netsh.excludedportrange.tcp6', 'netsh.exe', [
    'interface',
    'ipv6',
    'show',
    'excludedportrange',
    'protocol=tcp',
  ]),
  excludedUdp: tool('windows.netsh.excludedportrange.udp', 'netsh.exe', ['interface', 'ipv4', 'show', 'excludedportrange', 'protocol=udp']),
  dynamicTcp: tool('windows.netsh.dynamicport.tcp', 'netsh.exe', ['interface', 'ipv4', 'show', 'dynamicport', 'tcp']),
  dynamicUdp: tool('windows.netsh.dynamicport.udp', 'netsh.exe', ['interface', 'ipv4', 'show', 'dynamicport', 'udp']),
  portproxy: tool('windows.netsh.portproxy', 'netsh.exe', ['interface', 'portproxy', 'show', 'all']),
  advfirewallProfiles: tool('windows.netsh.advfirewall.allprofiles', 'netsh.exe', ['advfirewall', 'show', 'allprofiles']),
  // Fallback for the rules when PowerShell is slow, restricted or missing (docs/windows.md); ~1 kB per rule.
  advfirewallRules: {
    ...tool('windows.netsh.advfirewall.rules', 'netsh.exe', ['advfirewall', 'firewall', 'show', 'rule', 'name=all', 'dir=in', 'verbose']),
    timeoutMs: 60_000,
    maxBytes: 32 * 1024 * 1024,
  },
  netstat: tool('windows.netstat.ano', 'netstat.exe', ['-ano']),
  tasklist: tool('windows.tasklist.svc', 'tasklist.exe', ['/svc', '/fo', 'csv', '/nh']),
  httpServiceState: tool('windows.netsh.http.servicestate', 'netsh.exe', ['http', 'show', 'servicestate', 'view=requestq']),
  httpUrlAcl: tool('windows.netsh.http.urlacl', 'netsh.exe', ['http', 'show', 'urlacl']),
  tcpListeners: ps(
    'windows.ps.tcp-listeners',
    json(
      'Get-NetTCPConnection -State Listen -ErrorAction SilentlyContinue | Select-Object LocalAddress,LocalPort,RemoteAddress,RemotePort,State,OwningProcess',
    ),
  ),
  tcpConnections: ps(
    'windows.ps.tcp-connections',
    json(
      'Get-NetTCPConnection -ErrorAction SilentlyContinue | Select-Object LocalAddress,LocalPort,RemoteAddress,RemotePort,State,OwningProcess',
    ),
  ),
  udpEndpoints: ps(
    'windows.ps.udp-endpoints',
    json('Get-NetUDPEndpoint -ErrorAction SilentlyContinue | Select-Object LocalAddress,LocalPort,OwningProcess'),
  ),
  processes: ps(
    'windows.ps.processes',
    json('Get-CimInstance -ClassName Win32_Process | Select-Object ProcessId,Name,ExecutablePath,CommandLine'),
  ),
  services: ps(
    'windows.ps.services',
    json("Get-CimInstance -ClassName Win32_Service | Where-Object State -eq 'Running' | Select-Object ProcessId,Name,DisplayName"),
  ),
  firewallProfiles: ps(
    'windows.ps.firewall-profiles',
    json(
      'Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object Name,Enabled,DefaultInboundAction,DefaultOutboundAction,AllowInboundRules,AllowLocalFirewallRules',
    ),
  ),
  firewallRules: ps('windows.ps.firewall-rules', RULES_SCRIPT, 60_000),
  connectionProfiles: ps(
    'windows.ps.connection-profiles',
    json('Get-NetConnectionProfile | Select-Object Name,InterfaceAlias,InterfaceIndex,NetworkCategory'),
  ),
  ipAddresses: ps(
    'windows.ps.ip-addresses',
    json('Get-NetIPAddress | Select-Object InterfaceAlias,InterfaceIndex,IPAddress,AddressFamily,PrefixLength'),
  ),
  securityProducts: ps('windows.ps.security-products', SECURITY_PRODUCTS_SCRIPT),
  wfpDrops: ps('windows.ps.wfp-drops', WFP_DROPS_SCRIPT),
  wfpFilters: ps('windows.ps.wfp-filters', WFP_FILTERS_SCRIPT, 120_000),
  adapters: ps('windows.ps.adapters', json('Get-NetAdapter | Select-Object Name,InterfaceAlias,ifIndex,NdisPhysicalMedium,MediaType')),
} satisfies Record<string, CommandSpec>;

/** A Windows command line for display (never executed): what a user can paste into cmd or PowerShell. */
export function windowsCommandLine(spec: Pick<CommandSpec, 'file' | 'args'>): string {
  return [spec.file, ...spec.args].map((a) => (/^[A-Za-z0-9_@%+=:,./\\-]+$/.test(a) ? a : `"${a.replace(/"/g, '\\"')}"`)).join(' ');
}
