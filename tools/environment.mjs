// What the operational tools (start, infra, seed, demo) read from the environment, with
// the defaults the apps use too. Read once, here, so every tool agrees on them.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Local, gitignored state: admin token, demo tokens, data dirs of what we start.
 * ATELIER_STATE_DIR moves it (the supervision test runs npm start without touching yours).
 */
export const stateDir = process.env.ATELIER_STATE_DIR ? resolve(process.env.ATELIER_STATE_DIR) : join(repoRoot, '.atelier');

const adminTokenFile = join(stateDir, 'admin-token');
export const demoTokensFile = join(stateDir, 'demo-tokens.json');

export function ensureStateDir(...subdirs) {
  const dir = join(stateDir, ...subdirs);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A bad environment variable: the message names it. */
export class ConfigurationError extends Error {}

function urlVariable(name, fallback) {
  const value = process.env[name] || fallback;
  try {
    return new URL(value);
  } catch {
    throw new ConfigurationError(`${name} is not a valid URL: ${JSON.stringify(value)}`);
  }
}

function portVariable(name, fallback) {
  const raw = process.env[name] || String(fallback);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigurationError(`${name} is not a TCP port: ${JSON.stringify(raw)}`);
  }
  return port;
}

/**
 * V8 flags every app runs with (npm start, the benchmark, the end-to-end tests; the Docker image
 * and the compose files give the same). Node 24 sizes the young generation by the machine's
 * memory (32 MB semi-spaces on 24 GB): each app then held ~90 MB more under load than with 8 MB,
 * for no throughput we could measure. And V8 lets the old space grow to up to four times what was
 * alive at the last full collection before it collects again: under load scheduling's live heap
 * was ~70 MB (mostly code) while its RSS reached 490–700 MB. A growing factor of 1.5 keeps each
 * heap near what is alive, with no ceiling: a heap that really needs more still gets it (a hard
 * --max-old-space-size, which gateway, orders and suppliers had before, crashes the process there).
 * Same-machine runs at 40 orders/s showed no CPU cost beyond the run-to-run spread (docs/PERFORMANCE.md).
 */
const HEAP_GROWING_PERCENT = 50;

/** The V8 flags of an app: the same for every app (callers still name theirs). */
export function appNodeFlags() {
  return ['--max-semi-space-size=8', `--heap-growing-percent=${HEAP_GROWING_PERCENT}`];
}

/**
 * Environment every app process starts with (the Docker image sets the same). glibc gives each
 * thread that allocates its own malloc arena (V8's GC and compiler threads, libuv's pool), and
 * freed memory stays in them: two arenas took 10–20 MB off every app's peak RSS.
 */
export const appProcessEnvironment = { MALLOC_ARENA_MAX: '2' };

/** The apps' own defaults (libs/platform config), for what the environment leaves unset. */
export const serviceUrlDefaults = {
  NATS_URL: 'nats://127.0.0.1:4222',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/atelier',
};

export function readEnvironment() {
  return {
    natsUrl: urlVariable('NATS_URL', serviceUrlDefaults.NATS_URL),
    redisUrl: urlVariable('REDIS_URL', serviceUrlDefaults.REDIS_URL),
    databaseUrl: urlVariable('DATABASE_URL', serviceUrlDefaults.DATABASE_URL),
    gatewayPort: portVariable('PORT', 3000),
    // npm start only: the health port of each domain app (each reads it as HTTP_PORT).
    appPorts: {
      orders: portVariable('ORDERS_HTTP_PORT', 3101),
      configurator: portVariable('CONFIGURATOR_HTTP_PORT', 3102),
      scheduling: portVariable('SCHEDULING_HTTP_PORT', 3103),
      suppliers: portVariable('SUPPLIERS_HTTP_PORT', 3104),
    },
  };
}

/** Where the gateway answers; ATELIER_API_URL lets the demo drive a remote system. */
export function apiBaseUrl() {
  return process.env.ATELIER_API_URL || `http://127.0.0.1:${readEnvironment().gatewayPort}`;
}

/**
 * The operator token: ATELIER_ADMIN_TOKEN when set, else the one persisted in
 * .atelier/admin-token, else a new one (persisted so a restart keeps it valid).
 */
export function loadOrCreateAdminToken() {
  const existing = readAdminToken();
  if (existing) return existing;
  ensureStateDir();
  const token = `atl_admin_${randomBytes(24).toString('base64url')}`;
  writeFileSync(adminTokenFile, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated, saved in .atelier/admin-token' };
}

/** The operator token if one is known (environment or file), else undefined. */
export function readAdminToken() {
  if (process.env.ATELIER_ADMIN_TOKEN) {
    // The gateway refuses a shorter one; say so before anything starts.
    if (process.env.ATELIER_ADMIN_TOKEN.length < 16) {
      throw new ConfigurationError('ATELIER_ADMIN_TOKEN must be at least 16 characters long');
    }
    return { token: process.env.ATELIER_ADMIN_TOKEN, source: 'ATELIER_ADMIN_TOKEN' };
  }
  if (existsSync(adminTokenFile)) {
    const token = readFileSync(adminTokenFile, 'utf8').trim();
    if (token) return { token, source: '.atelier/admin-token' };
  }
  return undefined;
}

export function readDemoTokens() {
  if (!existsSync(demoTokensFile)) return undefined;
  return JSON.parse(readFileSync(demoTokensFile, 'utf8'));
}

export function writeDemoTokens(tokens) {
  ensureStateDir();
  writeFileSync(demoTokensFile, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
}

/** Hosts we may start a server for: a remote URL that does not answer is not ours to fix. */
export function isLocalHost(url) {
  return ['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0'].includes(url.hostname);
}

/** A URL without its password, fit to print. */
export function printable(url) {
  const copy = new URL(url);
  if (copy.password) copy.password = '***';
  return copy.toString();
}
