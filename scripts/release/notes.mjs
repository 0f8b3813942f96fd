#!/usr/bin/env node
// The GitHub release text, written by .github/workflows/release.yml's publish job from what it can verify:
// SHA256SUMS over every published file, the Windows files' Authenticode status as Get-AuthenticodeSignature
// reported it on the Windows runner, and whether SHA256SUMS carries a GPG signature that `gpg --verify` accepted.
// Whatever is not verifiably signed is called unsigned, in the first line and per file.
// Usage: node scripts/release/notes.mjs --tag v1.2.3 --sums SHA256SUMS [--windows-signing status.json]
//          [--gpg-fingerprint <40 hex>] [--out notes.md]      (no --out: stdout)
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const Args = z.object({
  tag: z.string().regex(/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'a tag like v1.2.3'),
  sums: z.string(),
  'windows-signing': z.string().optional(),
  'gpg-fingerprint': z
    .string()
    .regex(/^[0-9A-F]{40}$/, 'a 40-digit upper-case key fingerprint')
    .optional(),
  out: z.string().optional(),
});
const Sums = z.array(z.string().regex(/^[0-9a-f]{64} [ *][A-Za-z0-9._+-]+$/, 'a `sha256  file` line')).min(1);
// Get-AuthenticodeSignature's Status per file name (Valid, NotSigned, HashMismatch, UnknownError, ...).
const WindowsSigning = z.record(z.string().regex(/^[A-Za-z0-9._+-]+$/), z.string().regex(/^[A-Za-z]+$/));

/** Who each published file is for, by its name. */
const KINDS = [
  [/^PortDoctor-Setup-.*\.exe$/, () => 'Windows installer (NSIS, per-machine): desktop app + `portdoctor.exe`, optional PATH entry'],
  [/^portdoctor-win-x64\.exe$/, () => 'Windows CLI, one file (Server Core too)'],
  [/^portdoctor-linux-(x64|arm64)$/, (m) => `Linux CLI, one file (${m[1]}), no Node needed`],
  [/\.deb$/, () => 'Debian/Ubuntu package: desktop app `portdoctor-app` + CLI `/usr/bin/portdoctor`'],
  [/\.rpm$/, () => 'Fedora/RHEL package: desktop app `portdoctor-app` + CLI `/usr/bin/portdoctor`'],
  [/\.AppImage$/, () => 'Linux desktop app, no install (the CLI is inside: docs/distribution.md)'],
];
const kindOf = (name) => {
  for (const [re, text] of KINDS) {
    const m = re.exec(name);
    if (m) return text(m);
  }
  return 'other';
};

/** The release text (Markdown) for the verified facts given. */
function releaseNotes({ tag, sums, windowsSigning, gpgFingerprint }) {
  const files = sums.map((l) => ({ hash: l.slice(0, 64), name: l.slice(66) }));
  const windows = files.filter((f) => f.name.endsWith('.exe'));
  const signedWin = windows.filter((f) => windowsSigning[f.name] === 'Valid');
  const unsigned = signedWin.length < windows.length || !gpgFingerprint;
  const lines = [`# PortDoctor ${tag}`, ''];
  lines.push(
    unsigned
      ? '**This release is unsigned** (in part or whole, see *Signing*): check every download against `SHA256SUMS`.'
      : 'Every Windows executable is Authenticode-signed and `SHA256SUMS` is GPG-signed.',
    '',
  );
  lines.push('| file | for |', '| --- | --- |');
  for (const f of files) {
    lines.push(`| \`${f.name}\` | ${kindOf(f.name)} |`);
  }
  lines.push('', '## Signing', '');
  for (const f of windows) {
    const status = windowsSigning[f.name] ?? 'NotSigned';
    lines.push(
      `- \`${f.name}\`: ${status === 'Valid' ? 'signed (Authenticode, verified on the runner)' : `**unsigned** (${status}): Windows SmartScreen will warn`}`,
    );
  }
  lines.push(
    gpgFingerprint
      ? `- \`SHA256SUMS\`: signed with GPG key \`${gpgFingerprint}\` (\`SHA256SUMS.asc\`): \`gpg --verify SHA256SUMS.asc SHA256SUMS\``
      : '- `SHA256SUMS`: **unsigned** (no GPG signature): it proves a download is intact, not who made it',
  );
  lines.push(
    '',
    '## SHA256SUMS',
    '',
    '```',
    ...sums,
    '```',
    '',
    'Check: `sha256sum -c --ignore-missing SHA256SUMS` (Linux), `Get-FileHash <file> -Algorithm SHA256` (Windows).',
    '',
  );
  return lines.join('\n');
}

const { values } = parseArgs({
  options: {
    tag: { type: 'string' },
    sums: { type: 'string' },
    'windows-signing': { type: 'string' },
    'gpg-fingerprint': { type: 'string' },
    out: { type: 'string' },
  },
});
const parsed = Args.safeParse(values);
if (!parsed.success) {
  process.stderr.write(`release notes: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ')}\n`);
  process.exit(2);
}
const a = parsed.data;
try {
  const sums = Sums.parse(
    readFileSync(a.sums, 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
  );
  const windowsSigning = a['windows-signing'] ? WindowsSigning.parse(JSON.parse(readFileSync(a['windows-signing'], 'utf8'))) : {};
  const text = releaseNotes({ tag: a.tag, sums, windowsSigning, gpgFingerprint: a['gpg-fingerprint'] });
  if (a.out) writeFileSync(a.out, text);
  else process.stdout.write(text);
} catch (e) {
  const msg = e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : e.message;
  process.stderr.write(`release notes: ${msg}\n`);
  process.exit(2);
}
