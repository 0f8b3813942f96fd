// The deb/rpm maintainer scripts (build/linux/after-install.sh, after-remove.sh), rendered the way electron-builder
// renders them (its `${name}` macros; an unknown one is an error there) and run for real with /bin/sh against a
// temporary root (PORTDOCTOR_PKG_ROOT): /usr/bin/portdoctor is created, kept, refreshed and removed as it should be.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const config = z
  .object({
    productName: z.string(),
    linux: z.object({ executableName: z.string() }),
    deb: z.object({ afterInstall: z.string(), afterRemove: z.string() }),
  })
  .parse(JSON.parse(readFileSync('electron-builder.json', 'utf8')));
const launcher = config.linux.executableName;
const app = `/opt/${config.productName}`;
const CLI = `${app}/resources/bin/portdoctor`;

/** electron-builder's writeConfigFile: `${word}` macros from the options, any other one is an error. */
function render(file: string): string {
  const options: Record<string, string> = {
    executable: launcher,
    sanitizedProductName: config.productName,
    productFilename: config.productName,
  };
  return readFileSync(file, 'utf8').replace(/\${([a-zA-Z]+)}/g, (_m, name: string) => {
    if (!(name in options)) throw new Error(`Macro ${name} is not defined`);
    return options[name] as string;
  });
}

let root = '';
let scripts = { install: '', remove: '' };
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pd-pkg-root-'));
  scripts = { install: join(root, 'postinst'), remove: join(root, 'postrm') };
  writeFileSync(scripts.install, render(config.deb.afterInstall));
  writeFileSync(scripts.remove, render(config.deb.afterRemove));
  // What the package unpacks under /opt.
  for (const f of [CLI, `${app}/${launcher}`]) {
    mkdirSync(join(root, dirname(f)), { recursive: true });
    writeFileSync(join(root, f), '#!/bin/sh\n', { mode: 0o644 });
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sh = (script: string, ...args: string[]) =>
  spawnSync('/bin/sh', [script, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, PORTDOCTOR_PKG_ROOT: root } });
const link = (name: string) =>
  lstatSync(join(root, name), { throwIfNoEntry: false })?.isSymbolicLink() ? readlinkSync(join(root, name)) : null;
const place = (name: string, target: string) => {
  mkdirSync(join(root, dirname(name)), { recursive: true });
  symlinkSync(target, join(root, name));
};

describe('deb/rpm after-install', () => {
  it('renders with only the macros electron-builder defines, and parses as POSIX sh', () => {
    for (const f of [scripts.install, scripts.remove]) {
      const text = readFileSync(f, 'utf8');
      expect(text.startsWith('#!/bin/sh\n')).toBe(true);
      expect(text).not.toMatch(/\[\[|\bfunction\b|\blocal\b|\bsource\b|==/);
      expect(spawnSync('/bin/sh', ['-n', f]).status).toBe(0);
    }
    expect(readFileSync(scripts.install, 'utf8')).toContain(`gui="$app/${launcher}"`);
    expect(() => render('build/installer.nsh')).toThrow(/Macro \w+ is not defined/);
  });

  it('links /usr/bin/portdoctor to the CLI and the launcher to the app, makes the CLI executable, twice alike', () => {
    for (const arg of ['configure', 'configure', '1', '2']) {
      const r = sh(scripts.install, arg);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(link('/usr/bin/portdoctor')).toBe(CLI);
      expect(link(`/usr/bin/${launcher}`)).toBe(`${app}/${launcher}`);
    }
    expect(lstatSync(join(root, CLI)).mode & 0o777).toBe(0o755);
  });

  it('keeps a /usr/bin/portdoctor that is not ours (a file, or a link elsewhere) and says so', () => {
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    writeFileSync(join(root, 'usr/bin/portdoctor'), 'someone else\n');
    let r = sh(scripts.install, 'configure');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(`PortDoctor: /usr/bin/portdoctor exists and is not PortDoctor's; left as it is (run ${CLI} directly).\n`);
    expect(readFileSync(join(root, 'usr/bin/portdoctor'), 'utf8')).toBe('someone else\n');
    expect(link(`/usr/bin/${launcher}`)).toBe(`${app}/${launcher}`);
    rmSync(join(root, 'usr/bin/portdoctor'));
    place('/usr/bin/portdoctor', '/usr/local/lib/other/portdoctor');
    r = sh(scripts.install, 'configure');
    expect(r.status).toBe(0);
    expect(link('/usr/bin/portdoctor')).toBe('/usr/local/lib/other/portdoctor');
  });

  it("replaces an earlier build's link to the GUI (direct, or through update-alternatives)", () => {
    place('/usr/bin/portdoctor', `${app}/portdoctor`);
    expect(sh(scripts.install, 'configure').status).toBe(0);
    expect(link('/usr/bin/portdoctor')).toBe(CLI);
    rmSync(join(root, 'usr/bin/portdoctor'));
    place('/usr/bin/portdoctor', '/etc/alternatives/portdoctor');
    place('/etc/alternatives/portdoctor', `${app}/portdoctor`);
    expect(sh(scripts.install, 'configure').status).toBe(0);
    expect(link('/usr/bin/portdoctor')).toBe(CLI);
    // An alternatives link that leads somewhere else is not ours.
    rmSync(join(root, 'usr/bin/portdoctor'));
    rmSync(join(root, 'etc/alternatives/portdoctor'));
    place('/usr/bin/portdoctor', '/etc/alternatives/portdoctor');
    place('/etc/alternatives/portdoctor', '/usr/lib/elsewhere/portdoctor');
    expect(sh(scripts.install, 'configure').status).toBe(0);
    expect(link('/usr/bin/portdoctor')).toBe('/etc/alternatives/portdoctor');
  });
});

describe('deb/rpm after-remove', () => {
  it('keeps the links on an upgrade (deb upgrade / failed-upgrade, rpm $1 = 1)', () => {
    expect(sh(scripts.install, 'configure').status).toBe(0);
    for (const arg of ['upgrade', 'failed-upgrade', '1']) {
      expect(sh(scripts.remove, arg).status).toBe(0);
      expect(link('/usr/bin/portdoctor')).toBe(CLI);
      expect(link(`/usr/bin/${launcher}`)).toBe(`${app}/${launcher}`);
    }
  });

  it('removes its own links on remove / purge / rpm erase ($1 = 0), and is idempotent', () => {
    for (const arg of ['remove', 'purge', '0']) {
      expect(sh(scripts.install, 'configure').status).toBe(0);
      for (let i = 0; i < 2; i++) {
        const r = sh(scripts.remove, arg);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(existsSync(join(root, 'usr/bin/portdoctor'))).toBe(false);
        expect(link('/usr/bin/portdoctor')).toBeNull();
        expect(link(`/usr/bin/${launcher}`)).toBeNull();
      }
    }
  });

  it('does not remove a /usr/bin/portdoctor it did not create', () => {
    place('/usr/bin/portdoctor', '/usr/local/lib/other/portdoctor');
    writeFileSync(join(root, `usr/bin/${launcher}`), 'a file of someone else\n');
    expect(sh(scripts.remove, 'remove').status).toBe(0);
    expect(link('/usr/bin/portdoctor')).toBe('/usr/local/lib/other/portdoctor');
    expect(readFileSync(join(root, `usr/bin/${launcher}`), 'utf8')).toBe('a file of someone else\n');
  });
});
