// The system under test, started the way `npm start` does (same build check, infrastructure,
// credentials and app entry points) but in the benchmark's own namespace and on free ports, so
// it shares NATS, PostgreSQL and Redis with whatever else runs on the machine without touching it.
// Every load phase gets a fresh stack: the pipeline of today's system drains far slower than it
// is fed, and a backlog left by one phase would be measured by the next.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { appEnvironment, provisionDatabaseRoles } from '../app-credentials.mjs';
import { atelierApps, stopApp } from '../app-processes.mjs';
import { whyBuildIsNeeded } from '../build-freshness.mjs';
import { appNodeFlags, appProcessEnvironment, repoRoot, serviceUrlDefaults } from '../environment.mjs';
import { ensureInfrastructure } from '../infra.mjs';

const READY_DEADLINE_MS = 120_000;
const RECENT_LINES = 30;
/** Apps whose replicas share the work through NATS queue groups and shared durables; the plan has one writer. */
export const stackApps = ['configurator', 'scheduling', 'suppliers', 'orders', 'gateway'];
const statelessApps = new Set(['gateway', 'orders', 'configurator', 'suppliers']);

export class BenchError extends Error {
  constructor(message, recentLines = []) {
    super(message);
    this.recentLines = recentLines;
  }
}

/** Builds when dist/ is older than the sources, as npm start does. */
export async function buildIfNeeded(log) {
  const entries = atelierApps().map((app) => app.entry);
  const reason = whyBuildIsNeeded(entries);
  if (!reason) return log('dist/ is newer than the sources: no build needed');
  log(`building (${reason})`);
  const code = await new Promise((resolve) => {
    const build = spawn('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    build.on('exit', (exitCode, signal) => resolve(signal ? 1 : exitCode));
    build.on('error', () => resolve(1));
  });
  if (code !== 0) throw new BenchError(`npm run build failed (exit code ${code})`);
}

/** What comes from the build: the namespace rules and the clean-up the tests use. */
export function fromBuild() {
  const require = createRequire(import.meta.url);
  return {
    contracts: require(join(repoRoot, 'dist/libs/contracts/src/index.js')),
    testing: require(join(repoRoot, 'dist/libs/testing/src/index.js')),
    engine: require(join(repoRoot, 'dist/libs/configurator-engine/src/index.js')),
  };
}

/**
 * NATS, Redis and PostgreSQL answering (started where missing, like npm start), and the URLs
 * the benchmark itself reads them at. The benchmark watches streams and consumers of every app,
 * so it needs a NATS without per-app users: a server that npm start's infra launched with users
 * is refused with the reason.
 */
export async function prepareInfrastructure({ namespace, log }) {
  process.env.ATELIER_NAMESPACE = namespace; // read by the role and NATS-user provisioning
  const infrastructure = await ensureInfrastructure({ log });
  const urls = Object.fromEntries(
    Object.entries(serviceUrlDefaults).map(([name, fallback]) => [name, process.env[name] || fallback]),
  );
  if (infrastructure.natsUrls) {
    await infrastructure.stop();
    throw new BenchError(
      'NATS was started with one user per app; the benchmark needs to watch every stream: run a nats-server without users (STACK.md)',
    );
  }
  return { infrastructure, urls };
}

/**
 * Starts every app (`replicas` processes of each stateless one) and waits until all are ready.
 * Returns { gatewayUrls, adminToken, processes, stop() }.
 */
export async function startStack({ namespace, urls, adminToken, replicas, logFile, cpuProfileDir, startedPostgres, log }) {
  const databaseUrls = await provisionDatabaseRoles({ databaseUrl: new URL(urls.DATABASE_URL), startedPostgres, log });
  const base = {
    ...appProcessEnvironment,
    ...process.env,
    ...urls,
    ATELIER_NAMESPACE: namespace,
    // The apps run with appNodeFlags, as under npm start; more V8 flags (not the benchmark's own NODE_OPTIONS): BENCH_NODE_OPTIONS.
    NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? '',
    // The apps' log level (their output goes to tmp/bench-e2e-<time>.log): BENCH_LOG_LEVEL, default warn.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
    // The gateway limits each token; the load generator is one client with a few tokens.
    RATE_LIMIT_PER_MINUTE: '100000000',
  };
  const output = createWriteStream(logFile, { flags: 'a' });
  const processes = [];
  for (const app of atelierApps()) {
    const copies = statelessApps.has(app.name) ? replicas : 1;
    for (let replica = 0; replica < copies; replica++) {
      const port = await freePort();
      const env = {
        ...appEnvironment(app.name, { base, adminToken, natsUrls: undefined, databaseUrls }),
        [app.portVariable]: String(port),
      };
      // Gateway replicas share the machine: each gets its own management port (metrics).
      if (app.name === 'gateway') env.MANAGEMENT_PORT = String(await freePort());
      processes.push(launch({ ...app, port, replica, env, output, cpuProfileDir }));
    }
  }
  const stop = async () => {
    await Promise.all(processes.map((p) => stopApp(p, log)));
    await new Promise((resolve) => output.end(resolve));
  };
  try {
    await waitUntilReady(processes);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrls: processes.filter((p) => p.name === 'gateway').map((p) => `http://127.0.0.1:${p.port}`),
    processes,
    stop,
    kill: () => processes.filter((p) => !p.exited).forEach((p) => p.child.kill('SIGKILL')),
  };
}

function launch({ name, entry, port, replica, env, output, cpuProfileDir }) {
  const profile = cpuProfileDir
    ? ['--cpu-prof', '--cpu-prof-dir', cpuProfileDir, '--cpu-prof-name', `${name}-${replica}-${port}.cpuprofile`]
    : [];
  // Own process group, as npm start does: a Ctrl-C reaches the benchmark, which stops the apps.
  const child = spawn(process.execPath, [...appNodeFlags(name), ...profile, entry], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const label = replica > 0 ? `${name}#${replica + 1}` : name;
  const app = { name, label, replica, port, child, pid: child.pid, recentLines: [], exited: undefined, stopping: false };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      app.recentLines.push(line);
      if (app.recentLines.length > RECENT_LINES) app.recentLines.shift();
      output.write(`${label} | ${line}\n`);
    });
  }
  child.on('error', (error) => (app.exited = error.message));
  child.on('exit', (code, signal) => (app.exited = signal ? `signal ${signal}` : `code ${code}`));
  return app;
}

async function waitUntilReady(processes) {
  const deadline = Date.now() + READY_DEADLINE_MS;
  const pending = new Set(processes);
  while (pending.size > 0) {
    const dead = processes.find((p) => p.exited);
    if (dead) throw new BenchError(`${dead.label} exited during start (${dead.exited})`, dead.recentLines);
    if (Date.now() > deadline)
      throw new BenchError(`not ready after ${READY_DEADLINE_MS / 1000} s: ${[...pending].map((p) => p.label).join(', ')}`);
    await Promise.all(
      [...pending].map(async (p) => {
        const ok = await fetch(`http://127.0.0.1:${p.port}/health/ready`, { signal: AbortSignal.timeout(2000) })
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) pending.delete(p);
      }),
    );
    if (pending.size > 0) await delay(300);
  }
}

/** Everything a stack left in the namespace: schemas (with the baseline's), streams, queues. */
export async function cleanNamespace({ namespace, urls, testing }) {
  await Promise.all([
    testing.dropNamespaceSchemas(namespace, urls.DATABASE_URL),
    testing.deleteNamespaceStreams(namespace, urls.NATS_URL),
    testing.deleteNamespaceQueues(namespace, urls.REDIS_URL),
  ]);
}

export { freePort } from '../free-port.mjs';
