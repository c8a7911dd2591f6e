import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Namespace, type StreamName } from '@atelier/contracts';
import { natsServerOf } from '@atelier/testing';
import type { PostgresServer } from './servers';

/** Where every order may end up when the network has done all it can: anything else is stuck. */
export const settledStatuses = ['shipped', 'cancelled', 'rejected', 'on_hold'];

export async function orderStatuses(pg: PostgresServer, ns: Namespace): Promise<Map<string, { status: string; reason: string | null }>> {
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
export async function duplicatedEvents(natsUrl: string, ns: Namespace, streams: StreamName[]): Promise<{ events: number; duplicates: string[] }> {
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
