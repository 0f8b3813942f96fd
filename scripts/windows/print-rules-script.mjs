// Prints the exact PowerShell the Windows check runs to read the firewall rules (WINDOWS_SOURCES.firewallRules),
// so scripts/windows/time-firewall-read.ps1 times that script and not a copy of it.
// Run: node --experimental-strip-types scripts/windows/print-rules-script.mjs
const { WINDOWS_SOURCES } = await import('../../electron/probes/windows/sources.ts');
process.stdout.write(WINDOWS_SOURCES.firewallRules.args.at(-1));
