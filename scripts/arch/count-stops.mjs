// How far a port travels from `portdoctor check` to the verdict (issue 15 item 1): a static call-graph walk with the
// TypeScript compiler. Usage: node scripts/arch/count-stops.mjs [--list]
//
// - Stops: the named functions on any call path from the CLI's `check` action to a function that makes a verdict
//   (evaluateNetfilter, evaluateWindowsFirewall: the firewall's; diagnoseCheck: the report's), both ends counted.
//   Calls inside inline callbacks count for the named function around them; a function passed as an argument counts
//   as called by the function it is handed to. The IPC dispatch (runChannel → dispatchCall → the handler table) is one edge to checkPortHandler.
// - Files: the files those stops are in.
// - A function handed to another as an argument is an edge from the receiver to it (the receiver calls it back).
// - Calls back up: a call that reads the system (reaches a Runner's run/readFile) with a value the same function got
//   from a judgement (a call that reaches a verdict) — reading after judging, the probe going back up for more. The
//   walk for these also starts at diagnose:run (runHandler), whose verdict is decideCombined's.
import path from 'node:path';
import ts from 'typescript';

const root = process.env.COUNT_ROOT ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cfg = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.node.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
);
const program = ts.createProgram(cfg.fileNames, cfg.options);
const checker = program.getTypeChecker();
const inRepo = (f) => !f.isDeclarationFile && /\/(electron|shared)\//.test(f.fileName) && !f.fileName.includes('node_modules');
const rel = (f) => path.relative(root, f);

/** Named function-like declarations: key "file#name". */
const nodes = new Map();
function nameOf(n) {
  if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) return n.name.getText();
  if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent)) return n.parent.name.getText();
  return null;
}
for (const sf of program.getSourceFiles()) {
  if (!inRepo(sf)) continue;
  const visit = (n) => {
    const name = nameOf(n);
    if (name) nodes.set(n, { key: `${rel(sf.fileName)}#${name}`, file: rel(sf.fileName), fn: n, calls: [], runner: false });
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
function declOf(expr) {
  let s = checker.getSymbolAtLocation(expr);
  if (!s) return null;
  if (s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  const d = s.declarations?.[0];
  if (!d) return null;
  if (nodes.has(d)) return d;
  if (ts.isVariableDeclaration(d) && d.initializer && nodes.has(d.initializer)) return d.initializer;
  return null;
}
const handed = [];
for (const [fnNode, info] of nodes) {
  const visit = (n) => {
    if (n !== fnNode && nodes.has(n)) return; // a nested named function is its own node
    if (ts.isCallExpression(n)) {
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name : n.expression;
      const d = declOf(ts.isPropertyAccessExpression(n.expression) ? n.expression : n.expression);
      if (d) info.calls.push({ to: d, call: n });
      if (ts.isPropertyAccessExpression(n.expression) && /^(run|readFile)$/.test(callee.getText())) {
        const t = checker.getTypeAtLocation(n.expression.expression);
        if (/\bRunner\b/.test(checker.typeToString(t))) info.runner = true;
      }
      // A function handed to the callee is called by the callee: an edge from it (and a judgement made at this call).
      for (const a of n.arguments)
        if (ts.isIdentifier(a)) {
          const ad = declOf(a);
          if (ad && d) handed.push([d, ad, n]);
        }
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(fnNode, visit);
}
for (const [callee, fn, call] of handed) nodes.get(callee).calls.push({ to: fn, call, handed: true });
const handedAt = new Map(handed.map(([, fn, call]) => [call, fn]));
const byKey = new Map([...nodes.values()].map((i) => [i.key, i]));
const find = (file, name) => {
  const i = byKey.get(`${file}#${name}`);
  if (!i) throw new Error(`no ${file}#${name}`);
  return i.fn;
};
const VERDICTS = [
  ['shared/firewall/netfilter.ts', 'evaluateNetfilter'],
  ['shared/firewall/windows/evaluate-windows-firewall.ts', 'evaluateWindowsFirewall'],
  ['shared/diagnose/diagnose-check.ts', 'diagnoseCheck'],
].map(([f, n]) => find(f, n));
const targets = new Set(VERDICTS);
const checkEntry = find('electron/cli/commands/check.ts', 'registerCheck');
const dispatchEdges = new Map([
  [find('electron/cli/run-channel.ts', 'runChannel'), [find('electron/handlers/check-port.ts', 'checkPortHandler')]],
]);
const edges = (n) => [...nodes.get(n).calls.map((c) => c.to), ...(dispatchEdges.get(n) ?? [])];

function reach(from, stopAt) {
  const seen = new Set([from]);
  const todo = [from];
  while (todo.length) {
    const n = todo.pop();
    if (stopAt.has(n)) continue;
    for (const m of edges(n))
      if (!seen.has(m)) {
        seen.add(m);
        todo.push(m);
      }
  }
  return seen;
}
// Nodes that reach a target (reverse closure), not going through a target.
const reachesTarget = new Set(targets);
for (let changed = true; changed;) {
  changed = false;
  for (const n of nodes.keys())
    if (!reachesTarget.has(n) && edges(n).some((m) => reachesTarget.has(m) && (targets.has(m) || !targets.has(n)))) {
      reachesTarget.add(n);
      changed = true;
    }
}
const reachable = reach(checkEntry, targets);
const stops = [...reachable].filter((n) => reachesTarget.has(n));
const files = new Set(stops.map((n) => nodes.get(n).file));

// Reading after judging.
const memo = new Map();
function readsSystem(n, seen = new Set()) {
  if (memo.has(n)) return memo.get(n);
  if (seen.has(n)) return false;
  seen.add(n);
  const r = nodes.get(n).runner || nodes.get(n).calls.some((c) => readsSystem(c.to, seen));
  memo.set(n, r);
  return r;
}
const JUDGES = new Set([...targets, find('shared/diagnose/decide-combined.ts', 'decideCombined')]);
const judges = new Set(JUDGES);
for (let changed = true; changed;) {
  changed = false;
  for (const n of nodes.keys())
    if (!judges.has(n) && nodes.get(n).calls.some((c) => judges.has(c.to))) {
      judges.add(n);
      changed = true;
    }
}
const runEntry = find('electron/handlers/run.ts', 'runHandler');
const walked = new Set([...reach(checkEntry, new Set()), ...reach(runEntry, new Set())]);
const backUp = [];
for (const n of walked) {
  const info = nodes.get(n);
  const judged = new Set();
  const calls = info.calls.filter((c) => !c.handed).sort((a, b) => a.call.getStart() - b.call.getStart());
  for (const c of calls) {
    const argText = c.call.arguments.map((a) => a.getText()).join(' ');
    if (readsSystem(c.to) && [...judged].some((v) => new RegExp(`\\b${v}\\b`).test(argText)))
      backUp.push(`${info.key} → ${nodes.get(c.to).key} (${argText.replace(/\s+/g, ' ').slice(0, 80)})`);
    if ((judges.has(c.to) || judges.has(handedAt.get(c.call))) && !JUDGES.has(n)) {
      // the variable(s) the judgement is assigned to
      for (let p = c.call.parent; p && p !== n; p = p.parent)
        if (ts.isVariableDeclaration(p)) {
          const names = ts.isIdentifier(p.name) ? [p.name.getText()] : (p.name.elements?.map((e) => e.name.getText()) ?? []);
          names.forEach((x) => judged.add(x));
          break;
        }
    }
  }
}
const layer = (f) => (f.startsWith('shared/') ? 'shared' : (/^electron\/(cli|handlers|probes)\//.exec(f)?.[1] ?? 'electron'));
const perLayer = {};
for (const n of stops) perLayer[layer(nodes.get(n).file)] = (perLayer[layer(nodes.get(n).file)] ?? 0) + 1;
console.log(`stops ${stops.length} in ${files.size} files; calls back up a layer (reading after judging): ${backUp.length}`);
console.log(`stops by layer: ${['cli', 'handlers', 'probes', 'shared'].map((l) => `${l} ${perLayer[l] ?? 0}`).join(', ')}`);
if (process.argv.includes('--list')) {
  for (const f of [...files].sort())
    console.log(
      `  ${f}: ${stops
        .filter((n) => nodes.get(n).file === f)
        .map((n) => nodes.get(n).key.split('#')[1])
        .join(', ')}`,
    );
  for (const b of backUp) console.log(`  back up: ${b}`);
}
