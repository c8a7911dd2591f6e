// The work the system has accepted but not yet done, read from outside the apps: outbox rows not
// yet published (per service schema), JetStream messages not yet handled (per durable consumer),
// BullMQ jobs waiting (per queue). Sampled every few seconds while the load runs.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { repoRoot } from '../environment.mjs';

/** The BullMQ queues and their key prefix, as the contracts name them (read from the build, so a renamed queue is followed). */
function queueContracts() {
  const require = createRequire(import.meta.url);
  return require(join(repoRoot, 'dist/libs/contracts/src/index.js'));
}

export async function openBacklogProbe({ ns, urls }) {
  const pool = new pg.Pool({ connectionString: urls.DATABASE_URL, max: 2 });
  const nc = await connect({ servers: urls.NATS_URL, name: `bench-e2e-probe-${ns.prefix}` });
  const jsm = await jetstreamManager(nc);
  const redis = new Redis(urls.REDIS_URL, { maxRetriesPerRequest: null });
  const { Queues, queuePrefix } = queueContracts();
  const queues = Object.values(Queues).map((name) => new Queue(name, { connection: redis, prefix: queuePrefix(ns.prefix) }));
  const streamPrefix = ns.stream('');

  async function outboxes() {
    const { rows } = await pool.query(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox' AND table_schema LIKE $1 ORDER BY 1`,
      [`${ns.schemaPrefix().replace(/_/g, '\\_')}%`],
    );
    const counts = {};
    for (const { table_schema: schema } of rows) {
      const {
        rows: [{ n }],
      } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE "published_at" IS NULL`);
      counts[schema.slice(ns.schemaPrefix().length)] = n;
    }
    return counts;
  }

  async function consumers() {
    const pending = {};
    const streamMessages = {};
    for await (const stream of jsm.streams.names()) {
      if (!stream.startsWith(streamPrefix)) continue;
      const short = stream.slice(streamPrefix.length);
      for await (const consumer of jsm.consumers.list(stream)) {
        pending[`${short}/${consumer.name}`] = consumer.num_pending + consumer.num_ack_pending;
      }
      streamMessages[short] = (await jsm.streams.info(stream)).state.messages;
    }
    return { pending, streamMessages };
  }

  async function queueDepths() {
    const depths = {};
    for (const queue of queues) {
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
      depths[queue.name] = counts;
    }
    return depths;
  }

  /** One sample: every figure at (about) the same moment. */
  async function sample() {
    const [outbox, { pending, streamMessages }, queueCounts] = await Promise.all([outboxes(), consumers(), queueDepths()]);
    return { outbox, consumerPending: pending, queues: queueCounts, streamMessages };
  }

  /** Waits until no outbox row, consumer message or queued job is left (delayed offer deadlines aside). */
  async function waitQuiet(deadlineMs) {
    const deadline = Date.now() + deadlineMs;
    let last;
    while (Date.now() < deadline) {
      last = await sample();
      if (backlogTotal(last) === 0) return { quiet: true, last };
      await delay(250);
    }
    return { quiet: false, last };
  }

  return {
    pool,
    nc,
    sample,
    waitQuiet,
    close: async () => {
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
      await nc.drain().catch(() => {});
      await pool.end();
    },
  };
}

/** Everything still to do in one sample: outbox rows, consumer messages, waiting and running queue jobs. */
export function backlogTotal(sample) {
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  const queued = Object.values(sample.queues).map((c) => (c.wait ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0));
  return sum(Object.values(sample.outbox)) + sum(Object.values(sample.consumerPending)) + sum(queued);
}
