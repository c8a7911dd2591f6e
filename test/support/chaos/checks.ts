import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Namespace, natsServerOf, type StreamName } from '@atelier/contracts';
import type { PostgresServer } from './servers';

/** Where every order may end up when the network has done all it can: anything else is stuck. */
export const settledStatuses = ['shipped', 'cancelled', 'rejected', 'on_hold'];

export async function orderStatuses(
  pg: PostgresServer,
  ns: Namespace,
): Promise<Map<string, { status: string; reason: string | null }>> {
  const rows = await pg.query<{ id: string; status: string; status_reason: string | null }>(
    `SELECT "id", "status", "status_reason" FROM "${ns.schema('orders')}"."orders"`,
  );
  return new Map(rows.map((r) => [r.id, { status: r.status, reason: r.status_reason }]));
}

/** Operations with more than one job that is still alive: the same work planned twice. */
export async function operationsWithTwoLiveJobs(pg: PostgresServer, ns: Namespace): Promise<string[]> {
  const rows = await pg.query<{ key: string; n: number }>(
    `SELECT "order_id" || '/' || "line_id" || '/' || "operation_id" AS key, count(*)::int AS n
     FROM "${ns.schema('scheduling')}"."jobs"
     WHERE "status" IN ('planned', 'offered', 'accepted', 'in_progress')
     GROUP BY 1 HAVING count(*) > 1`,
  );
  return rows.map((r) => `${r.key} has ${r.n} live jobs`);
}

export async function unpublishedOutboxRows(pg: PostgresServer, ns: Namespace): Promise<number> {
  let total = 0;
  for (const service of ['orders', 'configurator', 'scheduling', 'suppliers']) {
    const [{ n }] = await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${ns.schema(service)}"."outbox" WHERE "published_at" IS NULL`,
    );
    total += n;
  }
  return total;
}

/**
 * State changes told twice: two events with different ids for the same aggregate, type and
 * aggregate version. Read from the first message of each stream, as an integrator would.
 */
export async function duplicatedEvents(
  natsUrl: string,
  ns: Namespace,
  streams: StreamName[],
): Promise<{ events: number; duplicates: string[] }> {
  const nc = await connect(natsServerOf(natsUrl));
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  let events = 0;
  try {
    for (const stream of streams) {
      const consumer = await jetstream(nc).consumers.get(ns.stream(stream));
      const info = await consumer.info();
      if (info.num_pending === 0) continue;
      const messages = await consumer.consume();
      for await (const msg of messages) {
        events++;
        const envelope = msg.json<{ id: string; type: string; aggregateId: string; aggregateVersion: number }>();
        const key = `${stream}:${envelope.type}:${envelope.aggregateId}@${envelope.aggregateVersion}`;
        const earlier = seen.get(key);
        if (earlier && earlier !== envelope.id) duplicates.push(`${key} told by ${earlier} and ${envelope.id}`);
        seen.set(key, envelope.id);
        if (msg.info.pending === 0) break;
      }
      messages.stop();
    }
  } finally {
    await nc.close();
  }
  return { events, duplicates };
}

/**
 * Events delivered again, late: `count` messages picked at random from what the streams hold so far,
 * published once more with their envelope unchanged (same event id) under another Nats-Msg-Id, so
 * JetStream keeps them and every consumer gets them a second time, after newer events. Nothing may
 * change twice: the duplicate check above reads them as the same event.
 */
export async function redeliverEvents(
  natsUrl: string,
  ns: Namespace,
  streams: StreamName[],
  count: number,
  random: () => number,
): Promise<number> {
  const nc = await connect(natsServerOf(natsUrl));
  let sent = 0;
  try {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    for (let i = 0; i < count; i++) {
      const stream = ns.stream(streams[Math.floor(random() * streams.length)]);
      const { state } = await jsm.streams.info(stream);
      if (state.last_seq < 1) continue;
      const seq = state.first_seq + Math.floor(random() * (state.last_seq - state.first_seq + 1));
      const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (!stored) continue;
      await js.publish(stored.subject, stored.data, { msgID: `redelivered-${seq}-${i}-${Math.floor(random() * 1e9)}` });
      sent++;
    }
  } finally {
    await nc.close();
  }
  return sent;
}
