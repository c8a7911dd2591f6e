// The pipeline figure (issue 9): orders placed at a steady rate for a while, each followed from
// its 201 to the moment every one of its jobs is an offer its supplier holds. Scheduling's
// `order.planned` event names the jobs of an order; suppliers' job rows (read from outside, as the
// chaos checks read tables) say when each offer was stored. The backlog is sampled meanwhile.
import { setTimeout as delay } from 'node:timers/promises';
import { backlogTotal } from './backlog.mjs';
import { drive, placementRequests } from './load.mjs';

const POLL_MS = 500;

/** Follows orders from placement to every job offered; call stop() to end the follow-up. */
async function followOrders({ ns, probe }) {
  const placedAt = new Map(); // orderId -> ms
  const plannedAt = new Map(); // orderId -> { at, jobIds }
  const offeredAt = new Map(); // jobId -> ms (stored by suppliers)
  const unplannable = new Set();
  const completedAt = new Map(); // orderId -> ms

  const subscriptions = [
    [
      ns.subject('scheduling.events.order.planned'),
      (envelope) => plannedAt.set(envelope.data.orderId, { at: Date.now(), jobIds: envelope.data.jobIds }),
    ],
    [ns.subject('scheduling.events.order.unplannable'), (envelope) => unplannable.add(envelope.data.orderId)],
  ].map(([subject, handle]) => {
    const subscription = probe.nc.subscribe(subject);
    (async () => {
      for await (const message of subscription) handle(message.json());
    })();
    return subscription;
  });
  await probe.nc.flush();

  const jobsTable = `"${ns.schema('suppliers')}"."jobs"`;
  // Only jobs offered from now on (a --history run starts with hundreds of thousands of done ones).
  const {
    rows: [{ max }],
  } = await probe.pool.query(`SELECT coalesce(max("seq"), 0)::text AS max FROM ${jobsTable}`);
  let lastSeq = Number(max);
  let polling = true;
  const poll = async () => {
    while (polling) {
      const { rows } = await probe.pool.query(
        `SELECT "job_id", "seq"::text AS seq, extract(epoch FROM "updated_at") * 1000 AS at FROM ${jobsTable} WHERE "seq" > $1 ORDER BY "seq" LIMIT 10000`,
        [lastSeq],
      );
      for (const row of rows) offeredAt.set(row.job_id, Number(row.at));
      if (rows.length > 0) lastSeq = Number(rows[rows.length - 1].seq);
      for (const [orderId, { jobIds }] of plannedAt) {
        if (completedAt.has(orderId) || !jobIds.every((id) => offeredAt.has(id))) continue;
        completedAt.set(orderId, Math.max(...jobIds.map((id) => offeredAt.get(id))));
      }
      if (rows.length < 10000) await delay(POLL_MS);
    }
  };
  const polled = poll();
  return {
    placedAt,
    plannedAt,
    completedAt,
    unplannable,
    async stop() {
      polling = false;
      await polled;
      subscriptions.forEach((s) => s.unsubscribe());
    },
  };
}

/**
 * Places at `rate` for `seconds`, then watches `drainSeconds` more. Returns the figures and the
 * backlog samples (every `sampleEveryMs`).
 */
export async function measurePipeline({
  ns,
  probe,
  urls,
  connections,
  bodies,
  customers,
  keyPrefix,
  rate,
  arrivals,
  seconds,
  drainSeconds,
  sampleEveryMs,
  log,
}) {
  const follow = await followOrders({ ns, probe });
  const samples = [];
  const started = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const at = Date.now();
      const backlog = await probe.sample();
      samples.push({
        t: round((at - started) / 1000),
        placed: follow.placedAt.size,
        planned: follow.plannedAt.size,
        offered: follow.completedAt.size,
        backlog: backlogTotal(backlog),
        ...backlog,
      });
      await delay(Math.max(0, sampleEveryMs - (Date.now() - at)));
    }
  })();

  log(`pipeline: placing at ${rate}/s for ${seconds} s`);
  const placement = await drive({
    urls,
    connections,
    seconds,
    rate,
    arrivals,
    requests: placementRequests({ bodies, customers, keyPrefix, onPlaced: (id, at) => follow.placedAt.set(id, at) }),
  });
  const placingEnded = Date.now();
  log(`pipeline: placed ${placement.ok} orders (${placement.achievedRps}/s); watching the backlog ${drainSeconds} s more`);
  await delay(drainSeconds * 1000);
  sampling = false;
  await sampler;
  await follow.stop();
  return summarise({ follow, samples, started, placingEnded, placement, rate, seconds, drainSeconds });
}

function summarise({ follow, samples, started, placingEnded, placement, rate, seconds, drainSeconds }) {
  const ours = [...follow.placedAt.keys()];
  const windowSeconds = (placingEnded - started) / 1000;
  const completedInWindow = ours.filter((id) => (follow.completedAt.get(id) ?? Infinity) <= placingEnded).length;
  const completedAll = ours.filter((id) => follow.completedAt.has(id)).length;
  const latencies = ours
    .filter((id) => follow.completedAt.has(id))
    .map((id) => follow.completedAt.get(id) - follow.placedAt.get(id))
    .sort((a, b) => a - b);
  const at = (p) =>
    latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]) : null;
  // Per 10 s of the placing window: did the pipeline keep its pace, or fall behind?
  const perTenSeconds = [];
  for (let from = started; from < placingEnded; from += 10_000) {
    const to = Math.min(from + 10_000, placingEnded);
    const done = [...follow.completedAt.values()].filter((t) => t >= from && t < to).length;
    perTenSeconds.push(round(done / ((to - from) / 1000)));
  }
  const inWindow = samples.filter((s) => s.t <= windowSeconds);
  const third = inWindow[Math.floor(inWindow.length / 3)];
  const last = inWindow[inWindow.length - 1];
  return {
    offeredRate: rate,
    seconds,
    drainSeconds,
    placement,
    placedPerSec: round(ours.length / windowSeconds),
    pipelineOrdersPerSec: round(completedInWindow / windowSeconds),
    completedPerTenSeconds: perTenSeconds,
    ordersPlaced: ours.length,
    ordersThroughInWindow: completedInWindow,
    ordersThroughAfterDrain: completedAll,
    ordersUnplannable: follow.unplannable.size,
    placedToOfferedMs: { p50: at(50), p99: at(99), max: latencies.length ? Math.round(latencies[latencies.length - 1]) : null },
    backlogGrowing: third && last ? last.backlog > third.backlog * 1.2 + 10 : null,
    backlogSamples: samples,
  };
}

const round = (value) => Math.round(value * 10) / 10;
