// Configurator benchmark (issue 3): compile time (a model worker's, in the service), the
// restore the request thread does with its result (issue 7), and p50/p99 of `configure` over
// random interaction sequences, for Renault medium (XCSP), automotive01 (DIMACS) and the sample
// models; plus validate+price+explode of a sample model. Builds the engine with swc first,
// so it runs from a clean clone after `npm ci`. Writes bench-results/configurator.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchmarks = path.resolve(root, '../shared/benchmarks/configuration');
execFileSync('npx', ['swc', 'libs/configurator-engine', '-d', 'dist', '--config-file', '.swcrc.build', '-q'], { cwd: root, stdio: 'inherit' });
const engine = createRequire(import.meta.url)(path.join(root, 'dist/libs/configurator-engine/src/index.js'));

let seed = 20261128;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (items) => items[Math.floor(random() * items.length)];
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (value) => Math.round(value * 1000) / 1000;

function compile(load) {
  const start = performance.now();
  const result = engine.compileModel(load());
  const compileMs = performance.now() - start;
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  // The service compiles on a worker; the request thread parses the stored document and restores.
  const portable = structuredClone(engine.portableModel(result.model));
  const documentJson = JSON.stringify(result.model.document);
  const restoring = performance.now();
  engine.restoreModel(JSON.parse(documentJson), portable);
  return { model: result.model, compileMs, restoreMs: performance.now() - restoring };
}

/** As the service budgets a request (its time limit is far beyond what these calls need). */
const serviceBudget = () => ({ maxConflicts: 20_000, deadline: { at: Date.now() + 60_000, now: Date.now } });

/** A customer choosing, one option at a time, a value `configure` still offers. */
function interact(model, maxSteps, latencies, withAlternatives) {
  let selections = {};
  for (let step = 0; step <= maxSteps; step++) {
    const start = performance.now();
    const result = engine.configure(model, selections);
    latencies.push(performance.now() - start);
    // What the API answers: a selected option's domain is what it could be changed to (API.md).
    const full = performance.now();
    engine.configure(model, selections, { alternatives: true, budget: serviceBudget() });
    withAlternatives.push(performance.now() - full);
    if (!result.valid) throw new Error(`dead end after ${JSON.stringify(selections)}`);
    const open = Object.entries(result.domains).filter(([id, domain]) => !(id in selections) && choices(domain) > 1);
    if (open.length === 0) break;
    const [id, domain] = pick(open);
    selections = { ...selections, [id]: Array.isArray(domain) ? pick(domain) : pickInRanges(domain.ranges, domain.step) };
  }
  return selections;
}

function choices(domain) {
  if (Array.isArray(domain)) return domain.length;
  return 'ranges' in domain ? domain.ranges.reduce((sum, [low, high]) => sum + (high > low ? 2 : 1), 0) : 0;
}

function pickInRanges(ranges, step) {
  const [low, high] = pick(ranges);
  const count = Math.round((high - low) / step);
  return Number((low + Math.floor(random() * (count + 1)) * step).toFixed(6));
}

function benchConfigure(name, load, sequences, maxSteps) {
  const { model, compileMs, restoreMs } = compile(load);
  const latencies = [];
  const withAlternatives = [];
  const finals = [];
  for (let run = 0; run < sequences; run++) finals.push(interact(model, maxSteps, latencies, withAlternatives));
  const entryOf = (label, samples) => {
    samples.sort((a, b) => a - b);
    return { model: label, variables: model.finiteOptions.length, compileMs: round(compileMs), restoreMs: round(restoreMs), p50Ms: round(percentile(samples, 50)), p99Ms: round(percentile(samples, 99)), samples: samples.length };
  };
  return { entry: entryOf(name, latencies), full: entryOf(`${name} with alternatives`, withAlternatives), model, finals };
}

function benchQuote(name, model, finals, repetitions) {
  const configurations = finals.map((selections) => engine.completeConfiguration(model, selections)).filter(Boolean);
  const latencies = [];
  for (let run = 0; run < repetitions; run++) {
    const selections = configurations[run % configurations.length];
    const start = performance.now();
    engine.quoteConfiguration(model, selections, 1 + (run % 12));
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  return { model: `${name} validate+price+explode`, variables: model.finiteOptions.length, compileMs: 0, p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), samples: latencies.length };
}

const read = (...parts) => readFileSync(path.join(benchmarks, ...parts), 'utf8');
const runs = [
  ['renault-medium', () => engine.importXcsp(read('renault_br4cp', 'medium_domainsorted.xml'), { id: 'renault-medium', name: 'Renault medium' }), 40, 200],
  ['automotive01', () => engine.importDimacs(read('feature_models', 'automotive01', 'automotive01.dimacs'), { id: 'automotive01', name: 'automotive01' }), 6, 60],
  ...engine.sampleModels.map((document) => [document.id, () => document, 40, 40]),
];
const results = [];
for (const [name, load, sequences, maxSteps] of runs) {
  const { entry, full, model, finals } = benchConfigure(name, load, sequences, maxSteps);
  for (const measured of [entry, full]) {
    results.push(measured);
    console.log(`${measured.model.padEnd(40)} ${String(measured.variables).padStart(5)} options  compile ${measured.compileMs.toFixed(1).padStart(7)} ms  restore ${measured.restoreMs.toFixed(1).padStart(6)} ms  configure p50 ${measured.p50Ms.toFixed(3).padStart(7)} ms  p99 ${measured.p99Ms.toFixed(3).padStart(8)} ms  (${measured.samples} calls)`);
  }
  if (name === 'bicycle') {
    const quote = benchQuote(name, model, finals, 5000);
    results.push(quote);
    console.log(`${quote.model.padEnd(40)} ${String(quote.variables).padStart(5)} options  quote p50 ${quote.p50Ms.toFixed(3)} ms  p99 ${quote.p99Ms.toFixed(3)} ms  (${quote.samples} quotes)`);
  }
}
mkdirSync(path.join(root, 'bench-results'), { recursive: true });
writeFileSync(path.join(root, 'bench-results', 'configurator.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote bench-results/configurator.json');
