# PortDoctor's installer: add a folder to, or remove it from, the system PATH (HKLM ...\Session Manager\Environment).
# Called by build/installer.nsh as `powershell -File path-env.ps1 add|remove <folder>`. PowerShell, not NSIS strings,
# holds the PATH: NSIS strings stop at NSIS_MAX_STRLEN and would truncate a long PATH. The value is read unexpanded
# and written back with its own kind (REG_EXPAND_SZ stays REG_EXPAND_SZ), every other entry byte for byte.
# Exit codes: 0 changed, 3 nothing to do (already there / not there), 4 the new PATH would be too long, 1 error.
# The caller broadcasts WM_SETTINGCHANGE after a change.
param(
  [Parameter(Mandatory = $true)][ValidateSet('add', 'remove')][string]$Action,
  [Parameter(Mandatory = $true)][string]$Folder
)
$ErrorActionPreference = 'Stop'
try {
  $key = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\CurrentControlSet\Control\Session Manager\Environment', $true)
  $kind = [Microsoft.Win32.RegistryValueKind]::ExpandString
  if ($key.GetValueNames() -contains 'Path') { $kind = $key.GetValueKind('Path') }
  $old = [string]$key.GetValue('Path', '', [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
  $same = { param($entry) [Environment]::ExpandEnvironmentVariables($entry).Trim().TrimEnd('\') -ieq [Environment]::ExpandEnvironmentVariables($Folder).Trim().TrimEnd('\') }
  $entries = $old -split ';'
  $present = @($entries | Where-Object { $_ -ne '' -and (& $same $_) }).Count -gt 0
  if ($Action -eq 'add') {
    if ($present) { Write-Output "PATH already has $Folder"; exit 3 }
    if ($old -eq '') { $new = $Folder } elseif ($old.EndsWith(';')) { $new = $old + $Folder } else { $new = $old + ';' + $Folder }
  } else {
    if (-not $present) { Write-Output "PATH does not have $Folder"; exit 3 }
    $new = ($entries | Where-Object { $_ -eq '' -or -not (& $same $_) }) -join ';'
  }
  # 32,767 characters is the most an environment variable can hold; a longer PATH would break every process.
  if ($new.Length -gt 32767) { Write-Output "PATH would be $($new.Length) characters; not changed"; exit 4 }
  $key.SetValue('Path', $new, $kind)
  $key.Close()
  Write-Output "PATH: $Action $Folder"
  exit 0
} catch {
  Write-Output "PATH not changed: $($_.Exception.Message)"
  exit 1
}
