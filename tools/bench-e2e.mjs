// `npm run bench:e2e` (issue 9): the whole system on this machine against the raw limit of the
// same machine. In its own namespace and on free ports, next to whatever else runs here:
//   single      one request at a time on an idle system, next to the engine's own time
//   baseline    a bare Node server inserting one row per order, under the same load settings
//   throughput  POST /v1/orders as fast as 50 connections go
//   rates       POST /v1/orders at fixed rates: latency p50/p99/max
//   knee        the highest rate whose p99 stays under --knee-p99-ms with the rate kept
//   pipeline    orders placed at a steady rate, followed until every job is offered
// Each system phase runs on a fresh stack (started as npm start does, seeded with 24 factories),
// so no phase measures the backlog of another; with --history N it starts with N shipped orders
// in the database. Peak RSS and CPU of every process throughout.
// Writes bench-results/e2e.json and prints a table. Every process it starts is stopped, and the
// namespace's schemas, streams and queues dropped, also on Ctrl-C or an error.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { repoRoot } from './environment.mjs';
import { openBacklogProbe } from './bench-e2e/backlog.mjs';
import { drive, placementRequests } from './bench-e2e/load.mjs';
import { machineAndCommit } from './bench-e2e/machine.mjs';
import { orderBodies, orderConfigurations, seededRandom, seedNetwork, warmUp } from './bench-e2e/network.mjs';
import { readOptions } from './bench-e2e/options.mjs';
import { measurePipeline } from './bench-e2e/pipeline.mjs';
import { seedHistory } from './bench-e2e/history.mjs';
import { processMonitor } from './bench-e2e/processes.mjs';
import { printReport } from './bench-e2e/report.mjs';
import { measureSingleRequests } from './bench-e2e/single-requests.mjs';
import {
  BenchError,
  buildIfNeeded,
  cleanNamespace,
  freePort,
  fromBuild,
  prepareInfrastructure,
  startStack,
} from './bench-e2e/stack.mjs';

const QUIET_DEADLINE_MS = 60_000;
const log = (message) => console.log(`[bench:e2e ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** What is running now, so a stop at any point ends exactly that. */
const running = {
  stack: undefined,
  baseline: undefined,
  probe: undefined,
  infrastructure: undefined,
  clean: undefined,
  stopping: false,
};

async function main() {
  const options = readOptions();
  handleSignals();
  const runId = Date.now().toString(36);
  const namespace = `bench-e2e-${runId}`;
  await buildIfNeeded(log);
  const { contracts, testing, engine } = fromBuild();
  const ns = new contracts.Namespace(namespace);
  const { infrastructure, urls } = await prepareInfrastructure({ namespace, log });
  running.infrastructure = infrastructure;
  running.clean = () => cleanNamespace({ namespace, urls, testing });
  const startedPostgres = infrastructure.started.includes('PostgreSQL');
  const monitor = processMonitor();
  monitor.watch('bench (autocannon)', process.pid);
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const random = seededRandom(20261209);
  const bodies = orderBodies(orderConfigurations(engine, { random }), { random });
  const logFile = join(repoRoot, 'tmp', `bench-e2e-${runId}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  log(`namespace ${namespace}; the apps' output goes to ${logFile}`);

  const results = { ...machineAndCommit(), namespace, options: describeOptions(options), phases: {} };

  /** A fresh, seeded, quiet stack for one phase; stopped and its namespace dropped after. */
  async function withStack(phase, measure) {
    log(`${phase}: starting the stack (${options.replicas} replica(s) per stateless app)`);
    running.stack = await startStack({
      namespace,
      urls,
      adminToken,
      replicas: options.replicas,
      logFile,
      cpuProfileDir: options.cpuProfileDir,
      startedPostgres,
      log,
    });
    const { stack } = running;
    for (const p of stack.processes) monitor.watch(p.label, p.pid);
    try {
      running.probe = await openBacklogProbe({ ns, urls });
      const network = await seedNetwork({ baseUrl: stack.gatewayUrls[0], adminToken, engine, log });
      await warmUp({ baseUrl: stack.gatewayUrls[0], customer: network.customers[0], bodies, keyPrefix: `${runId}-${phase}` });
      if (options.history > 0) {
        log(`${phase}: seeding ${options.history} shipped orders`);
        results.history ??= {};
        results.history[phase] = await seedHistory({
          baseUrl: stack.gatewayUrls[0],
          network,
          bodies,
          probe: running.probe,
          ns,
          count: options.history,
          log,
        });
      }
      await waitQuiet(running.probe, `${phase}: the seeded network`);
      monitor.phase(phase);
      return await measure({ stack, network, probe: running.probe });
    } finally {
      monitor.endPhase();
      monitor.unwatch(stack.processes.map((p) => p.pid));
      await running.probe?.close();
      running.probe = undefined;
      await stack.stop();
      running.stack = undefined;
      await running.clean();
    }
  }
  const placeAt = (phase, rate, seconds) =>
    withStack(phase, ({ stack, network }) =>
      drive({
        urls: stack.gatewayUrls,
        connections: options.connections,
        seconds,
        rate,
        arrivals: options.arrivals,
        requests: placementRequests({ bodies, customers: network.customers, keyPrefix: `${runId}-${phase}` }),
      }),
    );

  if (options.phases.has('single')) {
    results.phases.single = await withStack('single', ({ stack, network, probe }) =>
      measureSingleRequests({
        baseUrl: stack.gatewayUrls[0],
        engine,
        customers: network.customers,
        suppliers: network.suppliers,
        bodies,
        random,
        count: options.sequentialRequests,
        keyPrefix: `${runId}-single`,
        waitQuiet: () => waitQuiet(probe, 'single: the first orders'),
        natsUrl: urls.NATS_URL,
        ns,
        log,
      }),
    );
  }
  if (options.phases.has('baseline'))
    results.phases.baseline = await measureBaseline({ ns, urls, options, bodies, monitor, runId });
  if (options.phases.has('throughput')) {
    log(`throughput: ${options.connections} connections, ${options.maxRateSeconds} s`);
    results.phases.throughput = await placeAt('throughput', undefined, options.maxRateSeconds);
  }
  if (options.phases.has('rates')) {
    results.phases.rates = {};
    for (const rate of options.rates) {
      log(`rates: ${rate}/s for ${options.fixedRateSeconds} s`);
      results.phases.rates[rate] = await placeAt(`rate-${rate}`, rate, options.fixedRateSeconds);
    }
  }
  if (options.phases.has('knee'))
    results.phases.knee = await findKnee({ options, measured: results.phases.rates ?? {}, placeAt });
  if (options.phases.has('pipeline')) {
    results.phases.pipeline = await withStack('pipeline', ({ stack, network, probe }) =>
      measurePipeline({
        ns,
        probe,
        urls: stack.gatewayUrls,
        connections: options.connections,
        bodies,
        customers: network.customers,
        keyPrefix: `${runId}-pipeline`,
        rate: options.pipelineRate,
        arrivals: options.arrivals,
        seconds: options.pipelineSeconds,
        drainSeconds: options.drainSeconds,
        sampleEveryMs: options.sampleEveryMs,
        log,
      }),
    );
  }
  monitor.stop();
  results.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  const figures = headlineFigures(results, monitor.report());
  // The samples are written once, at the top.
  if (results.phases.pipeline) delete results.phases.pipeline.backlogSamples;
  const out = resolve(repoRoot, options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...figures, ...results }, null, 2)}\n`);
  printReport({ ...figures, ...results });
  log(`wrote ${options.out}`);
  await shutDown('done', 0);
}

/** The raw limit: the same autocannon settings against a bare server inserting one row per order. */
async function measureBaseline({ ns, urls, options, bodies, monitor, runId }) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot, 'tools', 'bench-e2e', 'baseline-server.mjs')], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      BASELINE_PORT: String(port),
      BASELINE_SCHEMA: ns.schema('baseline'),
      DATABASE_URL: urls.DATABASE_URL,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.baseline = child;
  const exited = new Promise((done) => child.once('exit', done));
  try {
    await Promise.race([
      new Promise((ready) => createInterface({ input: child.stdout }).once('line', ready)),
      exited.then(() => {
        throw new BenchError('the baseline server exited during start');
      }),
    ]);
    monitor.watch('baseline server', child.pid);
    monitor.phase('baseline');
    // Tokens are not checked by the baseline; they are sent so the request is the same size.
    const customers = [{ token: 'atl_bench_baseline_token_of_the_same_length_as_a_customers_abcdef' }];
    const request = (phase) => placementRequests({ bodies, customers, keyPrefix: `${runId}-baseline-${phase}` });
    const urlsOf = [`http://127.0.0.1:${port}`];
    log(`baseline: ${options.connections} connections, ${options.maxRateSeconds} s`);
    const max = await drive({
      urls: urlsOf,
      connections: options.connections,
      seconds: options.maxRateSeconds,
      requests: request('max'),
    });
    monitor.phase('baseline-rates');
    const rates = {};
    for (const rate of options.rates) {
      log(`baseline: ${rate}/s for ${options.fixedRateSeconds} s`);
      rates[rate] = await drive({
        urls: urlsOf,
        connections: options.connections,
        seconds: options.fixedRateSeconds,
        rate,
        arrivals: options.arrivals,
        requests: request(rate),
      });
    }
    return { max, rates };
  } finally {
    monitor.endPhase();
    monitor.unwatch([child.pid]);
    child.kill('SIGTERM');
    await Promise.race([exited, delay(10_000).then(() => child.kill('SIGKILL'))]);
    running.baseline = undefined;
  }
}

/**
 * The highest rate whose p99 stays under the bound with the rate kept: between the highest fixed
 * rate that passed and the lowest that failed, halved `kneeProbes` times, each on a fresh stack.
 */
async function findKnee({ options, measured, placeAt }) {
  const passes = (r) => r.keptUp && r.latencyMs.p99 <= options.kneeP99Ms;
  const rates = Object.keys(measured)
    .map(Number)
    .sort((a, b) => a - b);
  let low = Math.max(0, ...rates.filter((r) => passes(measured[r])));
  let high = rates.find((r) => r > low && !passes(measured[r])) ?? (rates.length === 0 ? options.rates[0] : null);
  const probes = {};
  for (let n = 0; n < options.kneeProbes; n++) {
    const candidate = high === null ? low * 2 : Math.round((low + high) / 2);
    if (high !== null && high - low <= Math.max(2, low * 0.1)) break;
    if (candidate < 1) break;
    log(`knee: ${candidate}/s for ${options.fixedRateSeconds} s`);
    probes[candidate] = await placeAt(`knee-${candidate}`, candidate, options.fixedRateSeconds);
    if (passes(probes[candidate])) low = candidate;
    else high = candidate;
  }
  return { p99BoundMs: options.kneeP99Ms, kneeRate: low, firstFailingRate: high, probes };
}

/** Waits until the system has done everything it was given; a timeout is noted, not fatal. */
async function waitQuiet(probe, what) {
  const { quiet, last } = await probe.waitQuiet(QUIET_DEADLINE_MS);
  if (!quiet)
    log(`${what}: still busy after ${QUIET_DEADLINE_MS / 1000} s (${JSON.stringify(last).slice(0, 300)}); measuring anyway`);
  return quiet;
}

/** The keys issue 9 names, at the top of e2e.json. */
function headlineFigures(results, processes) {
  const { single, baseline, throughput, rates, knee, pipeline } = results.phases;
  const baselineRps = baseline?.max.achievedRps ?? null;
  const placementRps = throughput?.achievedRps ?? null;
  return {
    baselineRps,
    placementRps,
    ratio: baselineRps && placementRps !== null ? Math.round((placementRps / baselineRps) * 10_000) / 10_000 : null,
    latencyMs: rates
      ? Object.fromEntries(
          Object.entries(rates).map(([rate, r]) => [rate, { ...r.latencyMs, achievedRps: r.achievedRps, keptUp: r.keptUp }]),
        )
      : null,
    kneeRate: knee?.kneeRate ?? null,
    pipelineOrdersPerSec: pipeline?.pipelineOrdersPerSec ?? null,
    singleRequestMs: single?.http ?? null,
    engineMs: single?.engineMs ?? null,
    serviceMs: single?.serviceMs ?? null,
    rssMb: processes.rssMb,
    rssMbUnderLoad: underLoad(processes.rssMbByPhase),
    rssMbByPhase: processes.rssMbByPhase,
    cpu: processes.cpu,
    cpuMsPerOrder: cpuPerOrder(pipeline, processes),
    backlogSamples: pipeline?.backlogSamples ?? null,
    backlogGrowing: pipeline?.backlogGrowing ?? null,
  };
}

/**
 * What one order costs the machine, per process: the pipeline phase's CPU (placing and the drain
 * after it) over the orders it placed. Steadier than throughput on a shared machine, and what
 * bounds it: 2 cores give at most 2,000 ms of CPU a second. Exact only when every order got
 * through before the phase ended (`drained`); otherwise the rest of their work is not counted.
 */
function cpuPerOrder(pipeline, processes) {
  const seconds = processes.phaseSeconds?.pipeline;
  const cores = processes.cpu?.pipeline;
  if (!pipeline || !seconds || !cores || pipeline.ordersPlaced === 0) return null;
  const perOrder = Object.fromEntries(
    Object.entries(cores).map(([label, used]) => [
      label,
      Math.round(((used * seconds * 1000) / pipeline.ordersPlaced) * 10) / 10,
    ]),
  );
  return {
    drained: pipeline.ordersThroughAfterDrain >= pipeline.ordersPlaced,
    ordersPlaced: pipeline.ordersPlaced,
    perProcess: perOrder,
  };
}

/** Peak RSS per app while the system was placing orders (throughput, rates, knee probes, pipeline): issue 9's "under that load". */
function underLoad(byPhase) {
  const peaks = {};
  for (const [phase, labels] of Object.entries(byPhase)) {
    if (phase === 'single' || phase.startsWith('baseline')) continue;
    for (const [label, mb] of Object.entries(labels)) peaks[label] = Math.max(peaks[label] ?? 0, mb);
  }
  return peaks;
}

function describeOptions(options) {
  const { phases, ...rest } = options;
  return { ...rest, phases: [...phases] };
}

// ---------------------------------------------------------------- stopping

function handleSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (running.stopping) {
        killEverything();
        process.exit(130);
      }
      shutDown(`${signal} received`, 130);
    });
  }
  // Last resort when the benchmark ends some other way: nothing it started outlives it.
  process.on('exit', () => {
    killEverything();
    running.infrastructure?.signalStop();
  });
}

async function shutDown(reason, exitCode) {
  running.stopping = true;
  if (exitCode !== 0) log(`stopping (${reason})`);
  running.baseline?.kill('SIGTERM');
  await running.probe?.close().catch(() => {});
  await running.stack?.stop();
  await running.clean?.().catch((error) => log(`could not drop the namespace: ${error.message}`));
  await running.infrastructure?.stop();
  process.exit(exitCode);
}

function killEverything() {
  running.stack?.kill();
  running.baseline?.kill('SIGKILL');
}

try {
  await main();
} catch (error) {
  if (running.stopping) await new Promise(() => {}); // a signal is stopping everything: shutDown exits
  console.error(`\n[bench:e2e] FAILED: ${error instanceof BenchError ? error.message : error.stack}`);
  for (const line of error.recentLines ?? []) console.error(`  ${line}`);
  await shutDown('failed', 1);
}
