// One question per service: does it answer, as the apps need it, at this URL?
// Each probe resolves to one of:
//   { up: true }
//   { up: false, reason }   nothing usable answers (yet): starting or waiting may help
//   { up: false, problem }  something answers but is wrong: starting another will not help
import { connect } from 'node:net';
import Redis from 'ioredis';
import pg from 'pg';

const PROBE_TIMEOUT_MS = 2000;

/** Errors that mean "nobody is listening there". */
const NOT_LISTENING = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EPIPE',
]);

function notAnswering(error) {
  return { up: false, reason: error.code ?? error.message };
}

/**
 * NATS greets every client with `INFO {json}`; that line tells whether JetStream is on,
 * which the apps need (their events are JetStream streams).
 */
export function probeNats(url) {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 4222) });
    let received = '';
    const finish = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish({ up: false, reason: `no answer in ${PROBE_TIMEOUT_MS / 1000} s` }));
    socket.on('error', (error) => finish(notAnswering(error)));
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      finish(readNatsGreeting(received.slice(0, end)));
    });
  });
}

function readNatsGreeting(line) {
  if (!line.startsWith('INFO ')) return { up: false, problem: `answers, but not like NATS (${line.slice(0, 60)})` };
  try {
    const info = JSON.parse(line.slice(5));
    if (!info.jetstream) return { up: false, problem: 'answers without JetStream: restart it with -js' };
    // A server with users (one npm start configured) asks each app for its own.
    return { up: true, authRequired: Boolean(info.auth_required) };
  } catch {
    return { up: false, problem: 'NATS sent an unreadable INFO greeting' };
  }
}

/** PING through the same client library family the apps use (handles AUTH, TLS, db). */
export async function probeRedis(url) {
  const client = new Redis(url.toString(), {
    lazyConnect: true,
    connectTimeout: PROBE_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // reported through the promise below
  try {
    await client.connect();
    const answer = await client.ping();
    return answer === 'PONG' ? { up: true } : { up: false, problem: `PING answered ${answer}` };
  } catch (error) {
    if (NOT_LISTENING.has(error.code) || /connect|closed/i.test(error.message)) return notAnswering(error);
    return { up: false, problem: error.message };
  } finally {
    client.disconnect();
  }
}

/** Connects and asks `SELECT 1`. A server that is still starting is worth waiting for. */
export async function probePostgres(url) {
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => {}); // reported through the promise below
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { up: true };
  } catch (error) {
    if (NOT_LISTENING.has(error.code) || /timeout/i.test(error.message)) return notAnswering(error);
    if (error.code === '57P03') return { up: false, reason: 'starting up' };
    // 3D000: the maintenance database is missing, yet the server answered.
    if (error.code === '3D000') return { up: true };
    return { up: false, problem: error.message };
  } finally {
    await client.end().catch(() => {});
  }
}
