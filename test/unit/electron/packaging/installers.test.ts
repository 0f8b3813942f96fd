// The installers carry the CLI (issue 14 item 2): electron-builder.json checked against electron-builder's own
// schema and macro expansion, the NSIS include's PATH handling, and `npm run dist`'s guard for missing binaries.
// electron-builder itself cannot run here (no Electron runtime can be downloaded); the release workflow builds
// the installers on real runners.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const FileSet = z.object({ from: z.string(), to: z.string() });
const Config = z.object({
  productName: z.string(),
  win: z.object({
    target: z.array(z.object({ target: z.string(), arch: z.array(z.string()) })),
    requestedExecutionLevel: z.string(),
    artifactName: z.string(),
    extraFiles: z.array(FileSet),
    extraResources: z.array(FileSet),
  }),
  nsis: z.object({ perMachine: z.boolean(), oneClick: z.boolean(), include: z.string() }),
  linux: z.object({
    target: z.array(z.string()),
    executableName: z.string(),
    extraResources: z.array(FileSet),
    desktop: z.unknown().optional(),
  }),
  deb: z.object({ artifactName: z.string(), afterInstall: z.string(), afterRemove: z.string(), depends: z.array(z.string()) }),
  rpm: z.object({ artifactName: z.string(), afterInstall: z.string(), afterRemove: z.string(), depends: z.array(z.string()) }),
  appImage: z.object({ artifactName: z.string() }),
});
const raw: unknown = JSON.parse(readFileSync('electron-builder.json', 'utf8'));
const config = Config.parse(raw);
const pkg = z
  .object({ version: z.string(), scripts: z.record(z.string(), z.string()) })
  .parse(JSON.parse(readFileSync('package.json', 'utf8')));

// electron-builder's own modules (app-builder-lib comes with it), so the checks follow the version we build with.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const { validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration: (c: unknown, log: unknown) => Promise<void>;
};
const { expandMacro } = builderRequire('app-builder-lib/out/util/macroExpander.js') as {
  expandMacro: (p: string, arch: string | null, info: Record<string, string>) => string;
};
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const appInfo = {
  version: pkg.version,
  ext: '',
  productName: config.productName,
  sanitizedProductName: config.productName,
  name: 'portdoctor',
};
const expand = (pattern: string, arch: string | null, ext = '') => expandMacro(pattern, arch, { ...appInfo, ext });

describe('electron-builder.json', () => {
  // The schema validator (ajv compiling electron-builder's scheme.json) takes ~1 s idle and over 5 s at load ~20.
  it("passes electron-builder's own schema", { timeout: 30_000 }, async () => {
    await expect(validateConfiguration(structuredClone(raw), new DebugLogger(false))).resolves.toBeUndefined();
    // The same validator rejects an unknown option (it is not a check that accepts anything).
    await expect(
      validateConfiguration({ ...structuredClone(raw as object), nsis: { perMachine: true, addToPath: true } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration\.nsis/);
  });

  it('builds a per-machine, elevated NSIS installer for x64 and deb, rpm and AppImage', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.win.requestedExecutionLevel).toBe('requireAdministrator');
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, include: 'build/installer.nsh' });
    expect(config.linux.target).toEqual(['deb', 'rpm', 'AppImage']);
  });

  it('names every artifact distinctly, with the version', () => {
    const names = [
      expand(config.win.artifactName, 'x64', 'exe'),
      expand(config.deb.artifactName, 'amd64', 'deb'),
      expand(config.rpm.artifactName, 'x86_64', 'rpm'),
      expand(config.appImage.artifactName, 'x86_64', 'AppImage'),
    ];
    expect(names).toEqual([
      `PortDoctor-Setup-${pkg.version}.exe`,
      `portdoctor_${pkg.version}_amd64.deb`,
      `portdoctor-${pkg.version}.x86_64.rpm`,
      `PortDoctor-${pkg.version}-x86_64.AppImage`,
    ]);
    expect(new Set(names).size).toBe(4);
  });

  it('puts the Windows CLI alone in bin\\portdoctor.exe, and the PATH helper in resources', () => {
    expect(config.win.extraFiles).toEqual([{ from: 'release/portdoctor-win-x64.exe', to: 'bin/portdoctor.exe' }]);
    expect(config.win.extraResources).toEqual([{ from: 'build/windows/path-env.ps1', to: 'path-env.ps1' }]);
    const nsh = readFileSync(config.nsis.include, 'utf8');
    expect(nsh).toContain('$INSTDIR\\bin\\portdoctor.exe');
    expect(nsh).toContain('"$INSTDIR\\resources\\path-env.ps1" add "$INSTDIR\\bin"');
  });

  it("puts each Linux arch's own binary at resources/bin/portdoctor, the binary release:cli writes", () => {
    expect(config.linux.extraResources).toHaveLength(1);
    const cli = FileSet.parse(config.linux.extraResources[0]);
    expect(cli.to).toBe('bin/portdoctor');
    const releaseScript = readFileSync('scripts/release-cli.mjs', 'utf8');
    for (const arch of ['x64', 'arm64']) {
      const from = expand(cli.from, arch);
      expect(from).toBe(`release/portdoctor-linux-${arch}`);
      expect(releaseScript).toContain(`file: '${from.slice('release/'.length)}'`);
    }
    // The package scripts link /usr/bin/portdoctor to exactly there.
    expect(readFileSync(config.deb.afterInstall, 'utf8')).toContain('cli="$app/resources/bin/portdoctor"');
  });

  it('gives the desktop app its own launcher: /usr/bin/portdoctor is the CLI', () => {
    expect(config.linux.executableName).not.toBe('portdoctor');
    expect(config.linux.executableName).toMatch(/^portdoctor-[a-z]+$/);
    // electron-builder writes the desktop entry's Exec from executableName (and refuses a desktop.entry.Exec).
    expect(JSON.stringify(config.linux.desktop ?? {})).not.toContain('Exec');
    expect(config.deb.afterInstall).toBe(config.rpm.afterInstall);
    expect(config.deb.afterRemove).toBe(config.rpm.afterRemove);
    expect(config.deb.depends).toContain('nftables');
  });
});

describe('the NSIS include (PATH offer)', () => {
  const nsh = readFileSync('build/installer.nsh', 'utf8');
  const ps1 = readFileSync('build/windows/path-env.ps1', 'utf8');

  it('offers PATH with yes as the silent default and a /NOPATH switch', () => {
    expect(nsh).toMatch(/MessageBox MB_YESNO[^\n]*\/SD IDYES/);
    expect(nsh).toMatch(/\$\{GetOptions\} \$R0 "\/NOPATH"/);
    expect(nsh).toMatch(/SendMessage \$\{HWND_BROADCAST\} \$\{WM_SETTINGCHANGE\} 0 "STR:Environment"/);
  });

  it('records what it added and removes only that, never on an update', () => {
    expect(nsh).toMatch(/\$\{If\} \$R3 == 0\s+WriteRegStr HKLM "\$\{PD_KEY\}" "CliPathEntry" "\$INSTDIR\\bin"/);
    const uninstall = nsh.slice(nsh.indexOf('!macro customUnInstall'));
    expect(uninstall).toMatch(/\$\{IfNot\} \$\{isUpdated\}\s+ReadRegStr \$R0 HKLM "\$\{PD_KEY\}" "CliPathEntry"/);
    expect(uninstall).toContain('path-env.ps1" remove "$R0"');
  });

  it('never holds the PATH in an NSIS string (NSIS_MAX_STRLEN would truncate it)', () => {
    expect(nsh).not.toMatch(/Session Manager\\Environment/);
    expect(nsh).not.toMatch(/ReadEnvStr|EnvVarUpdate/);
    // PowerShell reads it unexpanded and writes it back with its own kind.
    expect(ps1).toContain('DoNotExpandEnvironmentNames');
    expect(ps1).toMatch(/SetValue\('Path', \$new, \$kind\)/);
    expect(ps1).toMatch(/ValidateSet\('add', 'remove'\)/);
  });

  it("is ASCII (makensis reads a file without a BOM in the build machine's code page)", () => {
    expect([...nsh].filter((c) => c !== '\t' && c !== '\n' && c !== '\r' && (c < ' ' || c > '~'))).toEqual([]);
  });
});

describe('npm run dist needs the CLI', () => {
  const binaries = ['portdoctor-linux-x64', 'portdoctor-linux-arm64', 'portdoctor-win-x64.exe'] as const;
  const run = (dir: string) => spawnSync(process.execPath, [resolve('scripts/need-cli.mjs'), dir], { encoding: 'utf8' });

  it('builds the binaries before electron-builder and checks them', () => {
    const steps = pkg.scripts.dist?.split(' && ') ?? [];
    const at = (s: string) => steps.findIndex((x) => x.startsWith(s));
    expect(at('npm run release:cli')).toBeGreaterThan(-1);
    expect(at('npm run release:cli')).toBeLessThan(at('node scripts/need-cli.mjs'));
    expect(at('node scripts/need-cli.mjs')).toBeLessThan(at('electron-builder'));
  });

  it('fails with one line when a binary is missing or does not match SHA256SUMS, passes when all match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-need-cli-'));
    try {
      let r = run(dir);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /^npm run dist: portdoctor-linux-x64, portdoctor-linux-arm64, portdoctor-win-x64\.exe missing .*npm run release:cli/,
      );
      const sums = binaries.map((b, i) => {
        writeFileSync(join(dir, b), `binary ${i}\n`);
        return `${createHash('sha256').update(`binary ${i}\n`).digest('hex')}  ${b}`;
      });
      writeFileSync(join(dir, 'SHA256SUMS'), `${sums.join('\n')}\n`);
      r = run(dir);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      copyFileSync(join(dir, binaries[0]), join(dir, binaries[2]));
      r = run(dir);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        'npm run dist: portdoctor-win-x64.exe does not match SHA256SUMS (a stale or changed binary): rebuild with npm run release:cli\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
