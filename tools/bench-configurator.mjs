// Configurator benchmark (issue 3): compile time (a model worker's, in the service), the
// restore the request thread does with its result (issue 7), p50/p99 of `configure` over
// random interaction sequences, and the time to count the configurations, for Renault medium
// (XCSP), automotive01 (DIMACS), a generated 268-option catalogue (issue 12) and the sample
// models; plus validate+price+explode of a sample model. Latencies are wall time; the process's
// CPU time per call is written too (`cpuP50Ms`, `cpuP99Ms`), since on a shared machine waiting
// for a core shows in wall time only. Builds the engine with swc first, so it runs from a clean
// clone after `npm ci`. Writes bench-results/configurator.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchmarks = path.resolve(root, '../shared/benchmarks/configuration');
execFileSync('npx', ['swc', 'libs/configurator-engine', '-d', 'dist', '--config-file', '.swcrc.build', '-q'], {
  cwd: root,
  stdio: 'inherit',
});
const require = createRequire(import.meta.url);
const engine = require(path.join(root, 'dist/libs/configurator-engine/src/index.js'));
const { catalogueModel } = require(path.join(root, 'dist/libs/configurator-engine/src/testing/catalogue-model.js'));

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
  const timed = (samples, call) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = call();
    samples.wall.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    samples.cpu.push((used.user + used.system) / 1000);
    return result;
  };
  let selections = {};
  for (let step = 0; step <= maxSteps; step++) {
    const result = timed(latencies, () => engine.configure(model, selections));
    // What the API answers: a selected option's domain is what it could be changed to (API.md).
    timed(withAlternatives, () => engine.configure(model, selections, { alternatives: true, budget: serviceBudget() }));
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

function benchConfigure(name, load, sequences, maxSteps, count) {
  const { model, compileMs, restoreMs } = compile(load);
  const latencies = { wall: [], cpu: [] };
  const withAlternatives = { wall: [], cpu: [] };
  const finals = [];
  for (let run = 0; run < sequences; run++) finals.push(interact(model, maxSteps, latencies, withAlternatives));
  const countMs = count ? timeCount(model) : undefined;
  const entryOf = (label, { wall, cpu }) => {
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    return {
      model: label,
      variables: model.finiteOptions.length,
      compileMs: round(compileMs),
      restoreMs: round(restoreMs),
      p50Ms: round(percentile(wall, 50)),
      p99Ms: round(percentile(wall, 99)),
      cpuP50Ms: round(percentile(cpu, 50)),
      cpuP99Ms: round(percentile(cpu, 99)),
      samples: wall.length,
      ...(countMs === undefined ? {} : { countMs }),
    };
  };
  return { entry: entryOf(name, latencies), full: entryOf(`${name} with alternatives`, withAlternatives), model, finals };
}

/** Counting all configurations, as the service does once per version (null: past 120 s). */
function timeCount(model) {
  const start = performance.now();
  try {
    engine.countConfigurations(model, { timeoutMs: 120_000, maxNodes: Number.MAX_SAFE_INTEGER });
    return round(performance.now() - start);
  } catch (error) {
    if (error instanceof engine.CountBudgetExceededError) return null;
    throw error;
  }
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
  return {
    model: `${name} validate+price+explode`,
    variables: model.finiteOptions.length,
    compileMs: 0,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    samples: latencies.length,
  };
}

const read = (...parts) => readFileSync(path.join(benchmarks, ...parts), 'utf8');
const runs = [
  [
    'renault-medium',
    () => engine.importXcsp(read('renault_br4cp', 'medium_domainsorted.xml'), { id: 'renault-medium', name: 'Renault medium' }),
    40,
    200,
    true,
  ],
  [
    'automotive01',
    () =>
      engine.importDimacs(read('feature_models', 'automotive01', 'automotive01.dimacs'), {
        id: 'automotive01',
        name: 'automotive01',
      }),
    6,
    60,
    true,
  ],
  // Generated with the structure of Renault's 268-option model (testing/catalogue-model.ts): 268 options, two of 324 values.
  // Generated once, outside the compile time (the service receives a document).
  [
    'catalogue-268',
    (
      (document) => () =>
        document
    )(catalogueModel()),
    10,
    300,
    true,
  ],
  ...engine.sampleModels.map((document) => [document.id, () => document, 40, 40, false]),
];
// BENCH_MODELS=automotive01,renault-medium runs only those (and leaves the results file alone).
const only = process.env.BENCH_MODELS?.split(',').filter(Boolean);
// BENCH_COUNT=0 leaves counting out (it takes the longest).
const counting = process.env.BENCH_COUNT !== '0';
const results = [];
for (const [name, load, sequences, maxSteps, countable] of runs) {
  if (only && !only.includes(name)) continue;
  const count = countable && counting;
  const { entry, full, model, finals } = benchConfigure(name, load, sequences, maxSteps, count);
  for (const measured of [entry, full]) {
    results.push(measured);
    const counted =
      measured === entry && count
        ? `  count ${measured.countMs === null ? 'over 120 s' : `${(measured.countMs / 1000).toFixed(2)} s`}`
        : '';
    console.log(
      `${measured.model.padEnd(34)} ${String(measured.variables).padStart(5)} options  compile ${measured.compileMs.toFixed(1).padStart(7)} ms  restore ${measured.restoreMs.toFixed(1).padStart(6)} ms  configure p50 ${measured.p50Ms.toFixed(3).padStart(7)} ms  p99 ${measured.p99Ms.toFixed(3).padStart(8)} ms  (cpu ${measured.cpuP50Ms.toFixed(2)} / ${measured.cpuP99Ms.toFixed(2)} ms, ${measured.samples} calls)${counted}`,
    );
  }
  if (name === 'bicycle') {
    const quote = benchQuote(name, model, finals, 5000);
    results.push(quote);
    console.log(
      `${quote.model.padEnd(40)} ${String(quote.variables).padStart(5)} options  quote p50 ${quote.p50Ms.toFixed(3)} ms  p99 ${quote.p99Ms.toFixed(3)} ms  (${quote.samples} quotes)`,
    );
  }
}
if (only) {
  console.log('BENCH_MODELS set: bench-results/configurator.json left as it was');
} else {
  mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  writeFileSync(path.join(root, 'bench-results', 'configurator.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench-results/configurator.json');
}
