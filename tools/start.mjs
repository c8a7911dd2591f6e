// `npm start`: brings the whole system up on this machine and keeps it running.
//   1. the build is fresh (npm run build when a source is newer than dist/)
//   2. NATS, Redis, PostgreSQL answer (started where missing: infra.mjs); a NATS or PostgreSQL
//      started here gets one user/role per app, allowed only what the app uses (app-credentials.mjs)
//   3. the five apps run as child processes (each applies its own migrations at start)
//   4. every app answers /health/ready
//   5. an empty system gets the demo network (seed.mjs)
//   6. where the API is, and the tokens to use it
// Once up, an app that exits is restarted with backoff (app-supervisor.mjs).
// Ctrl-C (SIGINT), SIGTERM or SIGHUP (a closed terminal): apps stop first, then the servers this run
// started; the same when whoever launched this process dies (launcher-watch.mjs). Should this process
// itself be SIGKILLed, each app notices and stops (exit-with-parent.mjs).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { appEnvironment, provisionDatabaseRoles } from './app-credentials.mjs';
import { atelierApps, readiness } from './app-processes.mjs';
import { superviseApp } from './app-supervisor.mjs';
import { whyBuildIsNeeded } from './build-freshness.mjs';
import {
  ConfigurationError,
  demoTokensFile,
  loadOrCreateAdminToken,
  readDemoTokens,
  readEnvironment,
  repoRoot,
  serviceUrlDefaults,
} from './environment.mjs';
import { ensureInfrastructure, InfrastructureError } from './infra.mjs';
import { watchLaunchers } from './launcher-watch.mjs';
import { seedDemoNetwork } from './seed.mjs';

const READY_DEADLINE_MS = 120_000;

const log = (message) => console.log(`[start] ${message}`);
const shout = (lines) => console.error(['', '!'.repeat(78), ...lines.map((l) => `!!! ${l}`), '!'.repeat(78), ''].join('\n'));

/** What this run owns, so a shutdown at any step stops exactly that. */
const running = { infrastructure: undefined, apps: [], shuttingDown: false, up: false };

async function main() {
  const env = readEnvironment();
  const admin = loadOrCreateAdminToken();
  const apps = atelierApps(env);
  handleSignals();

  await assertPortsFree(apps);
  // First: the NATS users and PostgreSQL roles are read from the build.
  await buildIfNeeded(apps);
  running.infrastructure = await ensureInfrastructure({ log });
  const { natsUrls } = running.infrastructure;
  if (natsUrls) log('NATS: each app connects as its own user, allowed only its own subjects');
  const startedPostgres = running.infrastructure.started.includes('PostgreSQL');
  const databaseUrls = await provisionDatabaseRoles({ databaseUrl: env.databaseUrl, startedPostgres, log });

  log(`starting ${apps.map((a) => a.name).join(', ')}`);
  const credentials = { base: applicationEnvironment(), adminToken: admin.token, natsUrls, databaseUrls };
  running.apps = apps.map((app, index) => superviseApp(app, { env: appEnvironment(app.name, credentials), index, log, shout }));
  await waitUntilAllReady(running.apps);
  running.up = true;
  for (const app of running.apps) app.keepRunning();

  const demoTokens = await seedIfEmpty(env, admin.token);
  printWelcome(env, admin, demoTokens);
}

// ---------------------------------------------------------------- steps

async function buildIfNeeded(apps) {
  const reason = whyBuildIsNeeded(apps.map((app) => app.entry));
  if (!reason) {
    log('dist/ is newer than the sources: no build needed');
    return;
  }
  log(`building (${reason})`);
  const code = await new Promise((resolve) => {
    const build = spawn('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    build.on('exit', (exitCode, signal) => resolve(signal ? 1 : exitCode));
    build.on('error', () => resolve(1));
  });
  if (code !== 0) throw new StartError(`npm run build failed (exit code ${code}); see its output above`);
  const stillMissing = whyBuildIsNeeded(apps.map((app) => app.entry));
  if (stillMissing?.endsWith('does not exist')) throw new StartError(`after npm run build, ${stillMissing}`);
}

/** An app cannot bind a taken port; say which one before starting anything. */
async function assertPortsFree(apps) {
  for (const app of apps) {
    if (await somethingListensOn(app.port)) {
      throw new StartError(
        `port ${app.port} (${app.name}) is already in use: is another npm start running? Stop it or free the port`,
      );
    }
  }
}

/** The variables every app reads, the URLs infra.mjs checked made explicit (ports and credentials are set per app). */
function applicationEnvironment() {
  const urls = Object.fromEntries(
    Object.entries(serviceUrlDefaults).map(([name, fallback]) => [name, process.env[name] || fallback]),
  );
  return { LOG_FORMAT: 'pretty', ...process.env, ...urls };
}

/** Polls every app's /health/ready; fails at the deadline naming who is not ready and why. */
async function waitUntilAllReady(apps) {
  const started = Date.now();
  const lastAnswer = new Map(apps.map((app) => [app.name, 'no answer yet']));
  const pending = new Set(apps);
  while (pending.size > 0) {
    if (running.shuttingDown) return new Promise(() => {}); // the signal handler ends the process
    const dead = apps.find((app) => app.exited);
    if (dead) throw new StartError(`${dead.name} exited during start (${dead.exited})`, dead.recentLines);
    if (Date.now() - started > READY_DEADLINE_MS) {
      const waiting = [...pending].map((app) => `${app.name} (${lastAnswer.get(app.name)})`);
      throw new StartError(`not ready after ${READY_DEADLINE_MS / 1000} s: ${waiting.join(', ')}`);
    }
    await Promise.all(
      [...pending].map(async (app) => {
        const answer = await readiness(app.port);
        lastAnswer.set(app.name, answer.description);
        if (answer.ready) {
          pending.delete(app);
          log(`${app.name} is ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        }
      }),
    );
    if (pending.size > 0) await delay(500);
  }
}

/** Seeds an empty system; a failure is loud but leaves the system running to look at. */
async function seedIfEmpty(env, adminToken) {
  try {
    const result = await seedDemoNetwork({ baseUrl: `http://127.0.0.1:${env.gatewayPort}`, adminToken, log });
    return result.tokens ?? readDemoTokens();
  } catch (error) {
    shout([
      `seeding the demo network failed: ${error.message}`,
      'The apps keep running; fix the cause, then: node tools/seed.mjs',
    ]);
    return readDemoTokens();
  }
}

function printWelcome(env, admin, demoTokens) {
  const api = `http://localhost:${env.gatewayPort}`;
  const lines = [
    '',
    'Atelier is up.',
    `  API       ${api}`,
    `  API docs  ${api}/docs`,
    '',
    `  operator  ${admin.token}   (${admin.source})`,
  ];
  if (demoTokens?.customer) {
    lines.push(`  customer  ${demoTokens.customer.token}   (${demoTokens.customer.name})`);
    for (const supplier of demoTokens.suppliers ?? []) {
      lines.push(`  supplier  ${supplier.token}   (${supplier.name}: ${supplier.factories.map((f) => f.name).join(', ')})`);
    }
    lines.push(
      '',
      `  Demo tokens are kept in ${demoTokensFile.startsWith(repoRoot) ? relative(repoRoot, demoTokensFile) : demoTokensFile}. Try: npm run demo`,
    );
  } else {
    lines.push(
      '',
      '  No demo tokens: .atelier/demo-tokens.json is missing (the API shows a token only once).',
      '  Issue new ones as operator: POST /v1/admin/customers, POST /v1/admin/suppliers/{id}/tokens.',
    );
  }
  lines.push(`  Stop: Ctrl-C (or kill ${process.pid}). An app that exits is restarted.`, '');
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------- failure and shutdown

class StartError extends Error {
  constructor(message, recentLines = []) {
    super(message);
    this.recentLines = recentLines;
  }
}

function handleSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (running.shuttingDown) {
        log(`${signal} again: killing everything now`);
        killEverything();
        process.exit(130);
      }
      shutDown(`${signal} received`, 0);
    });
  }
  // A SIGKILL of npm (or of the shell running it) reaches no one else: notice it.
  watchLaunchers((reason) => {
    if (!running.shuttingDown) shutDown(reason, 1);
  });
  // Last resort when start.mjs ends some other way: nothing it started outlives it.
  process.on('exit', () => {
    killEverything();
    running.infrastructure?.signalStop();
  });
  // A closed terminal or pipe must not crash the shutdown half-way (EPIPE on a log line).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
}

async function shutDown(reason, exitCode) {
  running.shuttingDown = true;
  log(`stopping (${reason})`);
  await Promise.all(running.apps.map((app) => app.stop(log)));
  if (running.apps.length > 0) log('apps stopped');
  await running.infrastructure?.stop();
  process.exit(exitCode);
}

function killEverything() {
  for (const app of running.apps) app.kill();
}

function somethingListensOn(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

try {
  await main();
} catch (error) {
  if (running.shuttingDown) await new Promise(() => {}); // a signal stopped the start: shutDown ends the process
  const expected = error instanceof StartError || error instanceof InfrastructureError || error instanceof ConfigurationError;
  shout([
    expected ? error.message : error.stack,
    ...(error.recentLines?.length ? ['Its last lines:', ...error.recentLines.map((l) => `  ${l}`)] : []),
  ]);
  if (!running.shuttingDown) await shutDown('start failed', 1);
}
