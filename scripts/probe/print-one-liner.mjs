#!/usr/bin/env node
// Prints a client probe one-liner exactly as the app shows it: node scripts/probe/print-one-liner.mjs bash|powershell HOST PORT
// (for the Windows workflows, which paste the PowerShell one into Windows PowerShell 5.1). Needs `npm run build`'s esbuild only.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const [kind, host = 'SERVER', port = '0'] = process.argv.slice(2);
if (kind !== 'bash' && kind !== 'powershell') {
  process.stderr.write('usage: print-one-liner.mjs bash|powershell HOST PORT\n');
  process.exit(2);
}
const here = new URL('.', import.meta.url);
const out = await build({
  entryPoints: [new URL('../../shared/probe/one-liner.ts', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
const script = readFileSync(new URL(kind === 'bash' ? 'portdoctor-probe.sh' : 'portdoctor-probe.ps1', here), 'utf8');
const line = kind === 'bash' ? mod.bashOneLiner(script, host, Number(port)) : mod.powershellOneLiner(script, host, Number(port));
process.stdout.write(`${line}\n`);
