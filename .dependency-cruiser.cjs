// The intended architecture as one declarative table (issue 15 item 5), checked by `npm run lint` and so by CI.
//
//   electron/probes  → facts      (read the system; never the renderer, never the app layers above them)
//   shared/          → the engine (judges facts into a verdict; runs in a browser and in Node)
//   renderer/        → presenters (shared/ and itself only; talks to the app through the typed API)
//   electron/system/ → the bottom (runs commands; imports shared/ and itself only)
//
// Each rule is one row. A row's `known-violations` list names the imports that break it today, each with the
// issue item that removes it; the rule holds for every other file, so new code cannot add to them.

/** Node built-ins and Node-only packages: nothing in shared/ may need Node. */
const nodeOnlyPackages = ['systeminformation', 'ssh2', '@vscode/sudo-prompt', 'commander', 'iconv-lite', 'electron'];
/** DOM-only packages: nothing in shared/ may need a browser. (DOM globals are caught by tsconfig.node.json: no DOM lib.) */
const domOnlyPackages = [
  'react',
  'react-dom',
  'react-i18next',
  '@fluentui/react-components',
  '@fluentui/react-icons',
  '@tanstack/react-virtual',
  'recharts',
  'zustand',
];
/** The npm packages shared/ may use: they run in a browser and in Node alike. */
const sharedPackages = ['zod', 'ipaddr.js', 'i18next'];

const inNodeModules = (names) => `(^|/)node_modules/(${names.map((n) => n.replace(/[.]/g, '\\.')).join('|')})/`;

/** Not code: the renderer shows the probe scripts as text (`?raw`), exactly as the lab and the Windows workflow run them. */
const rendererAssets = '^scripts/probe/portdoctor-probe\\.(sh|ps1)$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles (issue 15 item 4): a cycle means two modules are one module in two files.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves (a moved module leaves no import behind).',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'shared-no-node',
      severity: 'error',
      comment: 'shared/ runs in a browser and in Node: no node: or bare Node built-ins (fs/promises too).',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-node-only-package',
      severity: 'error',
      comment: 'shared/ runs in a browser: no Electron and no Node-only package (systeminformation, ssh2, …).',
      from: { path: '^shared/' },
      to: { path: inNodeModules(nodeOnlyPackages) },
    },
    {
      name: 'shared-no-dom',
      severity: 'error',
      comment: 'shared/ runs in Node: no DOM-only package (React, Fluent UI, charts, zustand).',
      from: { path: '^shared/' },
      to: { path: inNodeModules(domOnlyPackages) },
    },
    {
      name: 'shared-only-portable-packages',
      severity: 'error',
      comment: `shared/ uses only npm packages that run everywhere: ${sharedPackages.join(', ')}. Add one here after checking it needs neither Node nor a DOM.`,
      from: { path: '^shared/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: inNodeModules(sharedPackages),
      },
    },
    {
      name: 'shared-no-app-layers',
      severity: 'error',
      comment: 'shared/ is below electron/ and renderer/: it imports neither.',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer)/' },
    },
    {
      name: 'shared-firewall-below-diagnose',
      severity: 'error',
      comment:
        'shared/firewall/ judges the firewall; shared/diagnose/ builds the steps from its verdict, so never the reverse (issue 15 item 4).',
      from: { path: '^shared/firewall/' },
      to: { path: '^shared/diagnose/' },
    },
    {
      name: 'shared-base-below-engine',
      severity: 'error',
      comment: 'The base of shared/ (i18n incl. say(), net, text, schemas) imports no engine folder: the engine builds on it.',
      from: { path: '^shared/(i18n|net|text|schemas)/' },
      to: { path: '^shared/(diagnose|firewall|cloud|report|ipc|bundle|ports|probe)/' },
    },
    {
      name: 'renderer-only-shared',
      severity: 'error',
      comment: 'renderer/ imports only shared/ and itself (and browser packages); it talks to the app through renderer/api.',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['local'], pathNot: ['^(renderer|shared)/', rendererAssets] },
    },
    {
      name: 'renderer-no-node',
      severity: 'error',
      comment: 'renderer/ runs in the sandboxed browser: no Node built-ins.',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-no-node-only-package',
      severity: 'error',
      comment: 'renderer/ runs in the sandboxed browser: no Electron, no Node-only package.',
      from: { path: '^renderer/' },
      to: { path: inNodeModules(nodeOnlyPackages) },
    },
    {
      name: 'features-no-cross-import',
      severity: 'error',
      comment:
        'A renderer feature (a page) does not import another feature (issue 15 item 8): what two pages share lives below them, in renderer/state/ (the session) or renderer/components/.',
      from: { path: '^renderer/features/([^/]+)/' },
      to: { path: '^renderer/features/', pathNot: '^renderer/features/$1/' },
    },
    {
      name: 'renderer-shell-on-top',
      severity: 'error',
      comment: 'renderer/shell/ composes the pages: only the app root (renderer/app.tsx) imports it, never a page or a layer below.',
      from: { path: '^renderer/', pathNot: ['^renderer/shell/', '^renderer/app\\.tsx$'] },
      to: { path: '^renderer/shell/' },
    },
    {
      name: 'renderer-components-below-features',
      severity: 'error',
      comment: 'renderer/components/ is UI several pages show: it imports no page (features/) and not the shell.',
      from: { path: '^renderer/components/' },
      to: { path: '^renderer/(features|shell)/' },
    },
    {
      name: 'renderer-state-below-ui',
      severity: 'error',
      comment:
        'renderer/state/ is the app layer the pages read from (the session: stores and flows several pages share): it imports no UI (features/, components/, shell/).',
      from: { path: '^renderer/state/' },
      to: { path: '^renderer/(features|components|shell)/' },
    },
    {
      name: 'renderer-api-i18n-at-the-bottom',
      severity: 'error',
      comment: 'renderer/api/ (the typed API) and renderer/i18n/ are the bottom of renderer/: they import shared/ and themselves only.',
      from: { path: '^renderer/(api|i18n)/' },
      to: { path: '^renderer/(features|components|shell|state)/' },
    },
    {
      name: 'renderer-no-folder-cycles',
      severity: 'error',
      comment:
        'No cycle between folders of renderer/ either (issue 15 item 8: diagnose ↔ firewall, ports ↔ charts, shell ↔ every page): a folder cycle is two folders that are one.',
      scope: 'folder',
      from: { path: '^renderer/' },
      to: { circular: true },
    },
    {
      name: 'electron-no-renderer',
      severity: 'error',
      comment: 'Probes, handlers and the rest of electron/ never import renderer/: the renderer presents, it holds no facts.',
      from: { path: '^electron/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'probes-no-app-layers',
      severity: 'error',
      comment: 'Probes read the system and return facts: they import shared/, electron/system/ and other probes only.',
      from: { path: '^electron/probes/' },
      to: { dependencyTypes: ['local'], pathNot: '^(shared|electron/system|electron/probes)/' },
    },
    {
      name: 'system-is-the-bottom',
      severity: 'error',
      comment: 'electron/system/ is the bottom of electron/: it imports shared/ and itself only.',
      from: { path: '^electron/system/' },
      to: { dependencyTypes: ['local'], pathNot: '^(shared|electron/system)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.vite|out|release|test-results|bench-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
