// Benchmarks of the scheduling engine (issue 4), run from the repository root:
//
//   node tools/bench-scheduling.mjs [--dir DIR] [--time-limit S] [--seed N] [--only REGEX]
//   node tools/bench-scheduling.mjs --scale [--orders N] [--factories N]
//   node tools/bench-scheduling.mjs --backlog [--orders N] [--factories N]
//
// Without --scale: solves published job-shop instances (read from ../shared/benchmarks/scheduling,
// never copied here) under a time limit, checks every schedule with the engine's independent
// checker, prints makespan, best known and gap, and writes bench-results/scheduling.json.
// With --scale: plans N orders of 5 operations over a network of factories with calendars and
// transfer times, and measures insertion, quotes, a full re-plan, a calendar change and memory
// (bench-results/scheduling-scale.json).
// With --backlog: fills a plan with N orders (20,000 by default) on few factories (24 by default,
// each with 4 of 8 capabilities, as in the end-to-end benchmark's network) so that work centres are
// booked solid for months, and reports the latency of each insertion at the start and at the end
// of the fill, and of one more order on the full plan (bench-results/scheduling-backlog.json).
//
// The engine is TypeScript; it is compiled with swc into tmp/bench-scheduling first, so the
// bench works from a clean clone after `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';

const root = process.cwd();
const BENCHMARKS = path.resolve(root, '../shared/benchmarks/scheduling');
const DEFAULT_SET = [
  'fjsp/brandimarte',
  'fjsp/kacem',
  'fjsp/fattahi',
  'fjsp/hurink/edata',
  'fjsp/hurink/rdata',
  'fjsp/hurink/vdata',
  'fjsp/dauzere',
  ...['ft06', 'ft10', 'ft20', 'la01', 'la02', 'la03', 'la04', 'la05'].map((name) => `jssp/orlib/${name}.txt`),
];

function parseArguments(argv) {
  const options = { timeLimit: 10, seed: 1, scale: false, backlog: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--dir') options.dir = path.resolve(root, value());
    else if (flag === '--time-limit') options.timeLimit = Number(value());
    else if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--only') options.only = new RegExp(value(), 'i');
    else if (flag === '--scale') options.scale = true;
    else if (flag === '--backlog') options.backlog = true;
    else if (flag === '--orders') options.orders = Number(value());
    else if (flag === '--factories') options.factories = Number(value());
    else if (flag.startsWith('--')) throw new Error(`Unknown option ${flag}`);
  }
  if (!(options.timeLimit > 0)) throw new Error('--time-limit must be a positive number of seconds');
  options.orders ??= options.backlog ? 20_000 : 2000;
  options.factories ??= options.backlog ? 24 : 50;
  return options;
}

/** Compiles the engine to CommonJS and loads it. */
export function loadEngine() {
  const outDir = path.join(root, 'tmp', 'bench-scheduling');
  const swc = path.join(root, 'node_modules', '.bin', 'swc');
  const build = spawnSync(
    swc,
    ['libs/scheduling-engine/src', 'libs/calendar/src', '-d', outDir, '--config-file', '.swcrc.build', '-q'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error('Compiling libs/scheduling-engine failed');
  const require = createRequire(path.join(root, 'package.json'));
  return require(path.join(outDir, 'libs', 'scheduling-engine', 'src', 'index.js'));
}

function filesUnder(target) {
  if (!existsSync(target)) throw new Error(`${target} does not exist`);
  if (!target.endsWith('/') && /\.(fjs|txt)$/.test(target)) return [target];
  return readdirSync(target, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(target, entry.name)) : [path.join(target, entry.name)]))
    .filter((file) => /\.(fjs|txt)$/.test(file))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** OR-Library files have exactly two numbers per machine on every job line; the rest is .fjs format. */
function parseInstance(engine, file, name) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.fjs')) return engine.parseFlexibleJobShop(text, name);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() && !line.trim().startsWith('#'));
  const [jobs, machines] = lines[0].trim().split(/\s+/).map(Number);
  const classic = lines.slice(1, 1 + jobs).every((line) => line.trim().split(/\s+/).length === 2 * machines);
  return classic ? engine.parseJobShop(text, name) : engine.parseFlexibleJobShop(text, name);
}

/** Best known makespans from bounds/best_known_selected.csv: upper bound (best known) and lower bound. */
function sharedBounds() {
  const csv = path.join(BENCHMARKS, 'bounds', 'best_known_selected.csv');
  const bounds = new Map();
  if (!existsSync(csv)) return bounds;
  for (const line of readFileSync(csv, 'utf8').split(/\r?\n/).slice(1)) {
    const [files, , , lower, upper] = line.split(',');
    if (!files) continue;
    for (const file of files.split(';')) {
      bounds.set(path.join(BENCHMARKS, file.trim().replace(/\s*\(.*\)$/, '')), {
        bestKnown: Number(upper),
        lowerBound: Number(lower),
      });
    }
  }
  return bounds;
}

/** bounds.json beside the instances: { "name": 123 } or [{ "instance": "name", "bestKnown": 123 }] (upper_bound, optimum also read). */
function boundsBeside(dir) {
  const file = path.join(dir, 'bounds.json');
  const bounds = new Map();
  if (!existsSync(file)) return bounds;
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const entries = Array.isArray(json) ? json.map((entry) => [entry.instance ?? entry.name, entry]) : Object.entries(json);
  for (const [name, entry] of entries) {
    const value = typeof entry === 'number' ? entry : (entry.bestKnown ?? entry.upper_bound ?? entry.optimum ?? entry.upper);
    const lower = typeof entry === 'number' ? undefined : (entry.lowerBound ?? entry.lower_bound ?? entry.optimum ?? entry.lower);
    if (name && Number.isFinite(Number(value)))
      bounds.set(String(name).toLowerCase(), {
        bestKnown: Number(value),
        lowerBound: lower === undefined ? undefined : Number(lower),
      });
  }
  return bounds;
}

function runInstances(engine, options) {
  const base = options.dir ?? BENCHMARKS;
  const files = options.dir ? filesUnder(options.dir) : DEFAULT_SET.flatMap((entry) => filesUnder(path.join(BENCHMARKS, entry)));
  const shared = sharedBounds();
  const beside = options.dir ? boundsBeside(options.dir) : new Map();
  const results = [];
  console.log(`Solving ${files.length} instances, ${options.timeLimit} s each at most (stops early at a proven optimum)\n`);
  console.log(
    `${'instance'.padEnd(28)} ${'size'.padStart(7)} ${'makespan'.padStart(9)} ${'best'.padStart(6)} ${'gap %'.padStart(7)} feasible ${'seconds'.padStart(7)}`,
  );
  for (const file of files) {
    const name = path
      .relative(base, file)
      .replace(/\.(fjs|txt)$/, '')
      .replace(/^(fjsp|jssp)\//, '');
    if (options.only && !options.only.test(name)) continue;
    const instance = parseInstance(engine, file, name);
    const bound = shared.get(file) ?? beside.get(path.basename(name).toLowerCase()) ?? beside.get(name.toLowerCase());
    const started = process.hrtime.bigint();
    const solution = engine.solveFlexibleJobShop(instance, {
      timeLimitMs: options.timeLimit * 1000,
      seed: options.seed,
      target: bound?.lowerBound,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const violations = engine.checkJobShopSolution(instance, solution);
    const bestKnown = bound?.bestKnown ?? null;
    const gapPercent = bestKnown ? Math.round(((solution.makespan - bestKnown) / bestKnown) * 10000) / 100 : null;
    const row = {
      instance: name,
      jobs: instance.jobs.length,
      machines: instance.machines,
      makespan: solution.makespan,
      bestKnown,
      gapPercent,
      feasible: violations.length === 0,
      seconds: Math.round(seconds * 100) / 100,
    };
    results.push(row);
    const size = `${row.jobs}×${row.machines}`;
    console.log(
      `${name.padEnd(28)} ${size.padStart(7)} ${String(row.makespan).padStart(9)} ${String(bestKnown ?? '–').padStart(6)} ${(gapPercent === null ? '–' : gapPercent.toFixed(2)).padStart(7)} ${(row.feasible ? 'yes' : 'NO').padEnd(8)} ${row.seconds.toFixed(2).padStart(7)}`,
    );
    if (!row.feasible) console.log(`  violations: ${violations.slice(0, 5).join('; ')}`);
  }
  return results;
}

function printSummary(results) {
  const families = new Map();
  for (const row of results) {
    if (row.gapPercent === null) continue;
    const family = row.instance.split('/')[0];
    families.set(family, [...(families.get(family) ?? []), row.gapPercent]);
  }
  console.log('\nMean gap by family:');
  for (const [family, gaps] of families) {
    console.log(`  ${family.padEnd(14)} ${(gaps.reduce((a, b) => a + b, 0) / gaps.length).toFixed(2)} % over ${gaps.length}`);
  }
  const infeasible = results.filter((row) => !row.feasible).length;
  console.log(infeasible ? `\n${infeasible} INFEASIBLE schedule(s)` : '\nEvery schedule passed the independent checker.');
  return infeasible;
}

// ---- scale ---------------------------------------------------------------------------------

function exposeGc() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  return () => {
    gc();
    gc();
  };
}

const elapsedMs = (started) => Number(process.hrtime.bigint() - started) / 1e6;
const round = (value) => Math.round(value * 100) / 100;

function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

function timeEach(count, action) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    action(i);
    samples.push(elapsedMs(started));
  }
  return percentiles(samples);
}

/**
 * A refusal as the scheduling app plans it (apps/scheduling/src/order-planning/open-operations.ts):
 * the refused operation under a new job id, the refusal counted, and the rest of its line (offered)
 * kept on its factory and work centre when the order fits so, all through Schedule.planOrder, which
 * applies the refusal policy. (The app gives released offers new ids; the bench keeps them.)
 */
function refuseAsScheduling(schedule, refused, line, now) {
  const later = line
    .filter((o) => o.sequence > refused.sequence)
    .map((o) => schedule.operation(o.operationId))
    .filter(Boolean);
  schedule.remove([refused.operationId, ...later.map((o) => o.operationId)]);
  const again = { ...refused, operationId: `${refused.operationId}:refused` };
  const operations = [again, ...later].map(({ operationId, orderId, lineId, sequence, capability, durationMinutes }) => ({
    operationId,
    orderId,
    lineId,
    sequence,
    capability,
    durationMinutes,
  }));
  const keepPlace = new Map(later.map((o) => [o.operationId, { factoryId: o.factoryId, workCentre: o.workCentre }]));
  const refusals = {
    [again.operationId]: { name: refused.operationId, refusedBy: [{ factoryId: refused.factoryId, times: 1 }] },
  };
  return schedule.planOrder(
    { orderId: refused.orderId, lines: [{ lineId: refused.lineId, operations }] },
    { now, refusals, keepPlace },
  );
}

function runScaleBenchmark(engine, options) {
  const gc = exposeGc();
  const scenario = engine.scaleScenario({ orders: options.orders, factories: options.factories, seed: options.seed });
  const { network, orders, now } = scenario;
  const operationCount = orders.reduce(
    (total, order) => total + order.lines.reduce((n, line) => n + line.operations.length, 0),
    0,
  );
  console.log(`Scale: ${orders.length} orders, ${operationCount} operations, ${network.factories.length} factories\n`);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let started = process.hrtime.bigint();
  const schedule = new engine.Schedule(network);
  let onHold = 0;
  // Schedule.planOrder is the call the scheduling app makes for a confirmed order (and any re-plan of an order's open work).
  const build = timeEach(orders.length, (i) => {
    if (!schedule.planOrder(orders[i], { now }).ok) onHold++;
  });
  const buildMs = elapsedMs(started);
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  const insertOne = timeEach(300, (i) => {
    const result = schedule.planOrder(scenario.extraOrder(i), { now });
    if (result.ok) schedule.remove(result.operations.map((o) => o.operationId));
  });
  const quote = timeEach(300, (i) => schedule.quote(scenario.extraOrder(i), { now }));

  const planned = schedule.operations();
  const lines = new Map();
  for (const operation of planned) {
    const key = `${operation.orderId}\u0000${operation.lineId}`;
    lines.set(key, [...(lines.get(key) ?? []), operation]);
  }
  const refuse = timeEach(50, (i) => {
    const operation = planned[(i * 197) % planned.length];
    if (schedule.operation(operation.operationId))
      refuseAsScheduling(schedule, operation, lines.get(`${operation.orderId}\u0000${operation.lineId}`), now);
  });

  const closedFactory = network.factories[0].id;
  const closure = {
    from: new Date(now + 14 * 86_400_000).toISOString().slice(0, 10),
    to: new Date(now + 20 * 86_400_000).toISOString().slice(0, 10),
    reason: 'bench closure',
  };
  const changed = {
    ...network,
    factories: network.factories.map((f) =>
      f.id === closedFactory ? { ...f, calendar: { ...f.calendar, closures: [...f.calendar.closures, closure] } } : f,
    ),
  };
  started = process.hrtime.bigint();
  const calendarChange = schedule.changeNetwork(changed, { now });
  const calendarChangeMs = elapsedMs(started);

  const improveBudgetMs = 2000;
  // The background pass works on the live plan (orders inserted as they came, then disrupted).
  const improvement = schedule.improve({ now, timeLimitMs: improveBudgetMs, seed: options.seed });

  started = process.hrtime.bigint();
  const fullReplan = schedule.replanAll({ now });
  const fullReplanMs = elapsedMs(started);

  const violations = [...engine.checkSchedule(changed, schedule.operations())];
  const objective = (o) => ({
    weightedLatenessMinutes: Math.round(o.weightedLatenessMinutes),
    lateOrders: o.lateOrders,
    makespan: new Date(o.makespan).toISOString(),
    transfers: o.transfers,
  });
  const report = {
    orders: orders.length,
    operations: operationCount,
    factories: network.factories.length,
    build: { totalMs: round(buildMs), perOrderMs: build, onHold },
    insertOneMoreOrderMs: insertOne,
    quoteMs: quote,
    refuseAndReplanMs: refuse,
    calendarChange: {
      ms: round(calendarChangeMs),
      moved: calendarChange.moved.length,
      promisesChanged: calendarChange.promises.length,
      conflicts: calendarChange.conflicts.length,
    },
    fullReplan: {
      ms: round(fullReplanMs),
      kept: fullReplan.kept,
      moved: fullReplan.moved.length,
      before: objective(fullReplan.before),
      after: objective(fullReplan.after),
    },
    improvement: {
      budgetMs: improveBudgetMs,
      rounds: improvement.rounds,
      accepted: improvement.accepted,
      before: objective(improvement.before),
      after: objective(improvement.after),
    },
    heapMb: round(heapMb),
    violations: violations.length,
    feasible: violations.length === 0,
  };
  console.log(
    `build (insert ${orders.length} orders)  ${report.build.totalMs} ms, per order p50 ${build.p50} / p99 ${build.p99} ms, on hold ${onHold}`,
  );
  console.log(
    `insert one more order           p50 ${insertOne.p50} ms, p99 ${insertOne.p99} ms, max ${insertOne.max} ms (target p99 <= 20 ms)`,
  );
  console.log(`quote (capable-to-promise)      p50 ${quote.p50} ms, p99 ${quote.p99} ms`);
  console.log(`refusal + re-plan of its line   p50 ${refuse.p50} ms, p99 ${refuse.p99} ms`);
  console.log(
    `calendar change (7-day closure) ${report.calendarChange.ms} ms, ${report.calendarChange.moved} operations moved, ${report.calendarChange.promisesChanged} promises changed`,
  );
  console.log(
    `improvement pass (${improveBudgetMs} ms)        ${improvement.rounds} rounds, ${improvement.accepted} accepted, weighted lateness ${report.improvement.before.weightedLatenessMinutes} -> ${report.improvement.after.weightedLatenessMinutes} min`,
  );
  console.log(
    `full re-plan of movable work    ${report.fullReplan.ms} ms, ${report.fullReplan.moved} moved, weighted lateness ${report.fullReplan.before.weightedLatenessMinutes} -> ${report.fullReplan.after.weightedLatenessMinutes} min`,
  );
  console.log(`heap for the plan               ${report.heapMb} MB`);
  console.log(
    violations.length ? `${violations.length} VIOLATIONS, e.g. ${violations[0]}` : 'Every plan passed the independent checker.',
  );
  return report;
}

/**
 * Insertion into a plan that is already full: N orders on few factories (4 of 8 capabilities
 * each), planned one after the other with the same `now`, so that the work centres end up booked
 * solid for months. Each insertion is timed; the first and the last tenth of the fill are compared.
 */
function runBacklogBenchmark(engine, options) {
  const scenario = engine.scaleScenario({
    orders: options.orders,
    factories: options.factories,
    capabilities: 8,
    seed: options.seed,
  });
  const { network, orders, now } = scenario;
  console.log(`Backlog: ${orders.length} orders planned into ${network.factories.length} factories (4 of 8 capabilities each)\n`);
  // A throw-away plan first, so that the first insertions measured are not the compiler's warm-up.
  const warmUp = new engine.Schedule(network);
  for (let i = 0; i < 300; i++) warmUp.planOrder(scenario.extraOrder(10_000 + i), { now });
  const schedule = new engine.Schedule(network);
  const samples = [];
  const held = [];
  const started = process.hrtime.bigint();
  for (let i = 0; i < orders.length; i++) {
    const at = process.hrtime.bigint();
    if (!schedule.planOrder(orders[i], { now }).ok) held.push(i);
    samples.push(elapsedMs(at));
  }
  const fillMs = elapsedMs(started);
  const onHold = held.length;
  const tenth = Math.max(1, Math.floor(orders.length / 10));
  const byTenth = Array.from({ length: Math.ceil(orders.length / tenth) }, (_, t) => ({
    ...percentiles(samples.slice(t * tenth, (t + 1) * tenth)),
    onHold: held.filter((i) => Math.floor(i / tenth) === t).length,
  }));
  const first = byTenth[0];
  const last = percentiles(samples.slice(-tenth));
  const oneMore = timeEach(300, (i) => {
    const result = schedule.planOrder(scenario.extraOrder(i), { now });
    if (result.ok) schedule.remove(result.operations.map((o) => o.operationId));
  });
  const operations = schedule.operations();
  const bookedUntil = operations.reduce((latest, o) => Math.max(latest, o.end), now);
  const violations = [...engine.checkSchedule(network, operations)];
  const report = {
    orders: orders.length,
    factories: network.factories.length,
    operations: operations.length,
    onHold,
    bookedDays: round((bookedUntil - now) / 86_400_000),
    fillMs: round(fillMs),
    firstTenthMs: first,
    lastTenthMs: last,
    byTenthMs: byTenth,
    oneMoreOrderMs: oneMore,
    violations: violations.length,
    feasible: violations.length === 0,
  };
  console.log(
    `fill (${orders.length} orders)            ${report.fillMs} ms, ${operations.length} operations booked up to ${report.bookedDays} days ahead, on hold ${onHold}`,
  );
  console.log(`insertion, first tenth of the fill  p50 ${first.p50} ms, p99 ${first.p99} ms, max ${first.max} ms`);
  console.log(`  p50 by tenth of the fill (on hold) ${byTenth.map((t) => `${t.p50} (${t.onHold})`).join(', ')}`);
  console.log(`insertion, last tenth of the fill   p50 ${last.p50} ms, p99 ${last.p99} ms, max ${last.max} ms`);
  console.log(`one more order on the full plan     p50 ${oneMore.p50} ms, p99 ${oneMore.p99} ms, max ${oneMore.max} ms`);
  console.log(
    violations.length ? `${violations.length} VIOLATIONS, e.g. ${violations[0]}` : 'Every plan passed the independent checker.',
  );
  return report;
}

export async function main(argv = process.argv.slice(2)) {
  const options = parseArguments(argv.filter((arg) => arg !== 'scheduling'));
  const engine = loadEngine();
  mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  if (options.backlog) {
    const report = runBacklogBenchmark(engine, options);
    writeFileSync(path.join(root, 'bench-results', 'scheduling-backlog.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('\nWrote bench-results/scheduling-backlog.json');
    return report.feasible ? 0 : 1;
  }
  if (options.scale) {
    const report = runScaleBenchmark(engine, options);
    writeFileSync(path.join(root, 'bench-results', 'scheduling-scale.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log('\nWrote bench-results/scheduling-scale.json');
    return report.feasible ? 0 : 1;
  }
  const results = runInstances(engine, options);
  const infeasible = printSummary(results);
  writeFileSync(path.join(root, 'bench-results', 'scheduling.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('Wrote bench-results/scheduling.json');
  return infeasible ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error.message);
      process.exitCode = 2;
    },
  );
}
