// `npm run -s events:tail -- [--stream ORDERS] [--from-start | --since 1h] [--order ID] [--type order.shipped] [--json]`
//
// Prints Atelier's events as they arrive, one line each (or one envelope per line with --json),
// through one ordered ephemeral JetStream consumer per stream: nothing durable is left on the
// server, each stream's events come in stream order, and a dropped connection resumes after the
// last event printed. Streams, subjects and the namespace come from libs/contracts (read from
// the build, which is made first when missing or older than the sources); NATS_URL and
// ATELIER_NAMESPACE are read as the apps read them.
//
// Exit codes: 0 after Ctrl-C / SIGTERM, 2 on a bad argument or configuration. While NATS does not
// answer it says so on stderr and keeps trying; events go to stdout, everything else to stderr.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { whyBuildIsNeeded } from './build-freshness.mjs';
import { repoRoot, serviceUrlDefaults } from './environment.mjs';
import { envelopeOf, eventLine, rawLine, wanted } from './events-tail/events.mjs';
import { readOptions, usage, UsageError } from './events-tail/options.mjs';

const RETRY_MS = 2_000;
const contractsEntry = join(repoRoot, 'dist', 'libs', 'contracts', 'src', 'index.js');

let stopping = false;
let connection;
const running = new Set();
const pauses = new Set();

function say(line) {
  process.stderr.write(`events:tail: ${line}\n`);
}

/** The contracts from the build (CommonJS), built first if the sources are newer; build output goes to stderr. */
function loadContracts() {
  const reason = whyBuildIsNeeded([contractsEntry]);
  if (reason) {
    say(`building first (${reason})`);
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) {
      say(`npm run build failed (exit code ${build.status ?? build.signal}); see its output above`);
      process.exit(1);
    }
  }
  return createRequire(import.meta.url)(contractsEntry);
}

/** Waits, unless a signal stops the tail first. */
function pause(ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      pauses.delete(done);
      resolve();
    }
    pauses.add(done);
  });
}

async function connectWithRetry(server) {
  const where = server.servers.join(',');
  for (let attempt = 1; !stopping; attempt++) {
    try {
      // Once connected, a lost connection is re-established for as long as the tail runs.
      const nc = await connect({ ...server, name: 'atelier-events-tail', maxReconnectAttempts: -1, reconnectTimeWait: RETRY_MS });
      if (attempt > 1) say(`connected to NATS at ${where}`);
      return nc;
    } catch (error) {
      // Said at once, then about every half minute, so a long outage does not flood the terminal.
      if (attempt % 15 === 1)
        say(`NATS at ${where} does not answer (${error.message}); trying again every ${RETRY_MS / 1000} s (Ctrl-C to stop)`);
      await pause(RETRY_MS);
    }
  }
  return undefined;
}

async function reportConnection(nc, where) {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect') say(`lost NATS at ${where}; reconnecting (events resume after the last one printed)`);
    if (status.type === 'reconnect') say(`reconnected to NATS at ${where}`);
  }
}

/** Where a stream's consumer starts: every event, a time, or after the last event stored now. */
async function startOf(jsm, streamName, start) {
  if (start.kind === 'first') return { deliver_policy: 'all' };
  if (start.kind === 'time') return { opt_start_time: start.time.toISOString() };
  // An explicit sequence rather than deliver_policy "new": an ordered consumer recreated before
  // its first event (a reconnect) resumes from it instead of from the stream's first event.
  const info = await jsm.streams.info(streamName).catch(() => null);
  return { opt_start_seq: info ? info.state.last_seq + 1 : 1 };
}

/** After the last sequence read; from the first when the stream was made again (its sequence began anew). */
async function resumeAfter(jsm, streamName, lastSeq) {
  const info = await jsm.streams.info(streamName);
  return { opt_start_seq: info.state.last_seq < lastSeq ? 1 : lastSeq + 1 };
}

function isStreamMissing(error) {
  return /stream not found/i.test(String(error?.message));
}

/** Follows one stream until the tail stops; waits (and says so) while the stream does not exist. */
async function follow(js, jsm, ns, stream, options, onReady) {
  const streamName = ns.stream(stream.name);
  // One subject is filtered by the server (NATS 2.9 takes one filter subject per consumer); more, here.
  const filter = stream.subjects?.length === 1 ? { filter_subjects: ns.subject(stream.subjects[0]) } : {};
  let warnedMissing = false;
  let lastError = '';
  let start;
  // The last sequence read: a consumer that ends (its stream lost and made again) follows on from it.
  let lastSeq = 0;
  while (!stopping) {
    try {
      // Where it began, until an event is read: a restart before the first one loses none.
      start =
        lastSeq > 0 ? await resumeAfter(jsm, streamName, lastSeq) : (start ?? (await startOf(jsm, streamName, options.start)));
      const consumer = await js.consumers.get(streamName, { ...filter, ...start });
      const messages = await consumer.consume({ max_messages: 256, abort_on_missing_resource: true });
      running.add(messages);
      onReady(stream.name);
      for await (const msg of messages) {
        lastSeq = msg.seq;
        print(stream.name, msg, options);
      }
      running.delete(messages);
      if (!stopping) say(`${streamName}: the consumer ended; following it again`);
    } catch (error) {
      if (stopping) return;
      if (isStreamMissing(error)) {
        if (!warnedMissing) say(`stream ${streamName} does not exist yet (the apps create it at start); waiting for it`);
        warnedMissing = true;
      } else if (error.message !== lastError) {
        // Once per kind of failure: an outage gives one line, not one every retry.
        say(`${streamName}: ${error.message}; trying again`);
      }
      lastError = error.message;
      await pause(RETRY_MS);
    }
  }
}

function print(streamName, msg, options) {
  // A consumer recreated before its first event may start a little early with --since: skip what is older.
  if (options.start.kind === 'time' && new Date(msg.info.timestamp) < options.start.time) return;
  const payload = msg.string();
  const envelope = envelopeOf(payload);
  if (!envelope) {
    if (options.json || options.orderId !== undefined || options.types)
      say(`${streamName}#${msg.seq} on ${msg.subject} is not an event envelope; skipped`);
    else write(rawLine(streamName, msg.seq, msg.info.timestamp, msg.subject, payload));
    return;
  }
  if (!wanted(envelope, options)) return;
  write(options.json ? JSON.stringify(envelope) : eventLine(streamName, msg.seq, envelope));
}

function write(line) {
  process.stdout.write(`${line}\n`);
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  pauses.forEach((resume) => resume());
  running.forEach((messages) => messages.stop());
  // Ordered consumers are ephemeral; closing the connection lets the server drop them.
  await connection?.close().catch(() => undefined);
  process.exit(code);
}

function describeStart(start) {
  if (start.kind === 'first') return 'from the first event';
  if (start.kind === 'time') return `from ${start.time.toISOString()}`;
  return 'new events only';
}

async function main() {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  // The reader went away (`| head`): nothing more to print.
  process.stdout.on('error', (error) => stop(error.code === 'EPIPE' ? 0 : 1));

  const contracts = loadContracts();
  let options;
  let ns;
  let server;
  try {
    options = readOptions(process.argv.slice(2), contracts);
    ns = new contracts.Namespace(process.env.ATELIER_NAMESPACE ?? '');
    server = contracts.natsServerOf(process.env.NATS_URL || serviceUrlDefaults.NATS_URL);
  } catch (error) {
    const isUsage = error instanceof UsageError;
    process.stderr.write(`events:tail: ${error.message}\n${isUsage ? `\n${usage}\n` : ''}`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }

  const where = server.servers.join(',');
  connection = await connectWithRetry(server);
  if (!connection) return;
  void reportConnection(connection, where);
  const js = jetstream(connection);
  const jsm = await jetstreamManager(connection);

  const waitingFor = new Set(options.streams.map((s) => s.name));
  const onReady = (name) => {
    if (!waitingFor.delete(name) || waitingFor.size > 0) return;
    const names = options.streams.map((s) => s.name).join(', ');
    say(
      `watching ${names}${ns.prefix ? ` in namespace ${ns.prefix}` : ''} on ${where}, ${describeStart(options.start)} (Ctrl-C to stop)`,
    );
  };
  await Promise.all(options.streams.map((stream) => follow(js, jsm, ns, stream, options, onReady)));
}

main().catch((error) => {
  say(error.stack ?? String(error));
  process.exit(1);
});
