<#
.SYNOPSIS
  Times PortDoctor's firewall-rule read on a host with many rules (issue 16 item 10), then removes what it added.
.DESCRIPTION
  Creates -Count inbound rules in the group 'PortDoctor-test' (enabled allow rules for TCP 20000+i, scoped to the
  documentation address 192.0.2.1 so they let nothing real in), then alternates -Runs times between
    - the exact rules script the check runs (printed by print-rules-script.mjs), as the check runs it:
      powershell.exe -NoProfile -NonInteractive -Command <script>   (Windows PowerShell 5.1)
    - the fallback: netsh advfirewall firewall show rule name=all dir=in verbose
  and prints the medians, the rule counts each read, and how many rules Get-CimInstance sees without a policy
  store (the PersistentStore) next to the ActiveStore count. The rules are always removed (finally), and the
  script fails if any is left. Needs an elevated shell; meant for throwaway machines such as CI runners.
#>
param([int]$Count = 2000, [int]$Runs = 7)
$ErrorActionPreference = 'Stop'
$group = 'PortDoctor-test'
$script = (& node --experimental-strip-types (Join-Path $PSScriptRoot 'print-rules-script.mjs') 2>$null) -join "`n"
if (-not $script) { throw 'could not print the rules script' }

function Median([double[]]$xs) { $s = $xs | Sort-Object; $s[[int][math]::Floor(($s.Count - 1) / 2)] }

try {
  $created = [Diagnostics.Stopwatch]::StartNew()
  for ($i = 0; $i -lt $Count; $i++) {
    New-NetFirewallRule -Name "PortDoctor-test-$i" -DisplayName "PortDoctor test $i" -Group $group -Direction Inbound `
      -Action Allow -Protocol TCP -LocalPort (20000 + $i) -RemoteAddress 192.0.2.1 | Out-Null
  }
  Write-Host ('created {0} rules in {1:n1} s' -f $Count, $created.Elapsed.TotalSeconds)

  $ps = @(); $netsh = @(); $psRules = 0; $netshRules = 0
  for ($r = 0; $r -lt $Runs; $r++) {
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $out = & powershell.exe -NoProfile -NonInteractive -Command $script
    $ps += $sw.Elapsed.TotalSeconds
    if ($LASTEXITCODE -ne 0) { throw "the rules script exited with $LASTEXITCODE" }
    $psRules = @(($out -join '') | ConvertFrom-Json).Count
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $text = & netsh.exe advfirewall firewall show rule name=all dir=in verbose
    $netsh += $sw.Elapsed.TotalSeconds
    $netshRules = @($text | Where-Object { $_ -match '^-{10,}\s*$' }).Count
  }
  $persistent = @(Get-CimInstance -Namespace root/StandardCimv2 -ClassName MSFT_NetFirewallRule | Where-Object Direction -eq 1).Count
  $active = @(Get-NetFirewallRule -PolicyStore ActiveStore -Direction Inbound).Count
  $lines = @(
    ('Windows PowerShell {0}, {1}' -f (& powershell.exe -NoProfile -Command '$PSVersionTable.PSVersion.ToString()'), [Environment]::OSVersion.VersionString),
    ('rules script (PowerShell 5.1): median {0:n1} s over {1} runs ({2}); it read {3} inbound rules' -f (Median $ps), $Runs, (($ps | ForEach-Object { '{0:n1}' -f $_ }) -join ', '), $psRules),
    ('netsh fallback: median {0:n1} s ({1}); {2} rule blocks' -f (Median $netsh), (($netsh | ForEach-Object { '{0:n1}' -f $_ }) -join ', '), $netshRules),
    ('inbound rules: ActiveStore {0}, Get-CimInstance without a store (PersistentStore) {1}' -f $active, $persistent)
  )
  $lines | ForEach-Object { Write-Host $_ }
  if ($env:GITHUB_STEP_SUMMARY) { ('### Firewall read with {0} added rules' -f $Count), '', ($lines | ForEach-Object { "- $_" }) | Out-File -Append -Encoding utf8 $env:GITHUB_STEP_SUMMARY }
  if ($psRules -lt $Count) { throw "the rules script read $psRules rules, fewer than the $Count added" }
}
finally {
  Remove-NetFirewallRule -Group $group -ErrorAction SilentlyContinue
  $left = @(Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue).Count
  if ($left -gt 0) { throw "$left PortDoctor-test rules were left behind" }
  Write-Host 'removed the PortDoctor-test rules'
}
