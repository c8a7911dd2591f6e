import { domainServices, Namespace, natsServerOf, OrderEvents } from '@atelier/contracts';
import { testNamespace, waitFor } from '@atelier/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Customers, ResilientClient, Suppliers } from './support/chaos/actors';
import {
  duplicatedEvents,
  operationsWithTwoLiveJobs,
  orderStatuses,
  redeliverEvents,
  settledStatuses,
  unpublishedOutboxRows,
} from './support/chaos/checks';
import { appNames, Fleet, type AppName } from './support/chaos/fleet';
import { NatsCluster, PostgresServer, provisionServiceRoles, RedisServer } from './support/chaos/servers';
import { ApiClient } from './support/http';
import { onboardNetwork } from './support/network';

/**
 * The fault-injection run (issue 7): its own three-node NATS cluster, Redis and PostgreSQL; two
 * replicas of every app as processes; customers and suppliers working through the API while apps
 * are killed, PostgreSQL and Redis are stopped, a NATS node dies and a poison message arrives.
 * Then: every order settled, nothing lost or told twice, no operation planned twice, outboxes
 * drained, dead letters only the poison. `npm run test:chaos` runs it at full size and writes the
 * figures; `npm test` runs a bounded version.
 */
const scale = {
  orders: Number(process.env.CHAOS_ORDERS ?? 30),
  /**
   * How long a fault lasts, in requests of the load that run into it: a server stays down (or a
   * process dead) until customers and suppliers have sent this many requests against it. An app
   * killed with a replica beside it is held for a sixth of that.
   */
  faultRequests: Number(process.env.CHAOS_FAULT_REQUESTS ?? 30),
  rounds: Number(process.env.CHAOS_ROUNDS ?? 1),
  settleMs: Number(process.env.CHAOS_SETTLE_SECONDS ?? 240) * 1_000,
  /** Events published again (same id) per round, picked at random from the streams. */
  redeliveries: Number(process.env.CHAOS_REDELIVERIES ?? 50),
  report: process.env.CHAOS_REPORT,
};
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const fleetLog = path.join(os.tmpdir(), `atelier-chaos-${seed}.log`);

interface FaultRecord {
  kind: string;
  target: string;
  outageMs: number;
  recoveryMs: number;
}

describe('orders survive crashes, outages and poison (fault injection)', () => {
  const ns = new Namespace(testNamespace('chaos'));
  const random = mulberry32(seed);
  let nats: NatsCluster;
  let redis: RedisServer;
  let postgres: PostgresServer;
  let fleet: Fleet;
  const adminToken = `chaos-admin-${randomBytes(16).toString('hex')}`;

  beforeAll(async () => {
    // One by one, so whatever started is stopped by afterAll even when a later one fails.
    nats = await NatsCluster.start(ns, 3);
    redis = await RedisServer.start();
    postgres = await PostgresServer.start();
    // Each app with data logs in as its own PostgreSQL role, owning only its schema.
    const roles = await provisionServiceRoles(
      postgres.url,
      ns.prefix,
      Object.fromEntries(domainServices.map((service) => [service, randomBytes(12).toString('hex')])),
    );
    const databaseUrlOf = (app: AppName) => roles.find((r) => r.service === app)?.databaseUrl ?? postgres.url;
    fleet = await Fleet.start(2, (app, port) => ({
      ...process.env,
      NODE_OPTIONS: '',
      ATELIER_NAMESPACE: ns.prefix,
      // Each app as its own NATS user, allowed only its subjects (least privilege, as in production).
      NATS_URL: nats.urlFor(app),
      NATS_STREAM_REPLICAS: '3',
      REDIS_URL: redis.url,
      DATABASE_URL: databaseUrlOf(app),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      // Two gateways on one machine: each its own management port, whichever is free.
      ...(app === 'gateway'
        ? { PORT: String(port), MANAGEMENT_PORT: '0', ATELIER_ADMIN_TOKEN: adminToken }
        : { HTTP_PORT: String(port) }),
    }));
  }, 300_000);

  afterAll(async () => {
    // Every line the apps wrote, for the failure that needs it (the report names the file).
    if (fleet) writeFileSync(fleetLog, `${fleet.output.join('\n')}\n`);
    await fleet?.stop();
    await Promise.all([nats?.close(), redis?.close(), postgres?.close()]);
  }, 120_000);

  it(
    `settles every order with nothing lost or duplicated (seed ${seed})`,
    async () => {
      const started = Date.now();
      const api = new ApiClient(fleet.gatewayUrls[0]);
      const { suppliers, customers } = await onboardNetwork(api, api.as(adminToken));
      const client = new ResilientClient(fleet.gatewayUrls);
      const buyers = new Customers(client, customers, random);
      const makers = new Suppliers(client, suppliers, random);
      const playing = makers.play();
      const faults: FaultRecord[] = [];

      const healthy = async () => {
        await waitFor(
          'the API to answer again',
          async () => (await client.call('GET', '/v1/products', adminToken)).status === 200,
          {
            timeoutMs: 120_000,
            intervalMs: 250,
          },
        );
      };
      const inject = async (
        kind: string,
        target: string,
        breakIt: () => Promise<void>,
        repair: () => Promise<void>,
        requests: number,
      ) => {
        const broken = Date.now();
        await breakIt();
        // The fault lasts until the load has run into it: so many requests sent while it holds.
        const before = client.attempts;
        await waitFor(`${requests} requests against ${kind} of ${target}`, () => client.attempts - before >= requests, {
          timeoutMs: 300_000,
          intervalMs: 100,
        });
        await repair();
        const repaired = Date.now();
        await healthy();
        faults.push({ kind, target, outageMs: repaired - broken, recoveryMs: Date.now() - repaired });
      };

      const poisonId = randomUUID();
      const placing = buyers.place(scale.orders, Math.max(1, scale.orders / (20 + scale.rounds * 40)), 0.1);
      const faulting = (async () => {
        await publishPoison(nats.url, ns, poisonId);
        faults.push({ kind: 'poison message', target: 'ORDERS', outageMs: 0, recoveryMs: 0 });
        for (let round = 0; round < scale.rounds; round++) {
          for (const app of shuffle([...appNames], random) as AppName[]) {
            const index = Math.floor(random() * 2);
            await inject(
              'SIGKILL',
              `${app}#${index}`,
              () => fleet.kill(app, index),
              () => fleet.restart(app, index),
              Math.ceil(scale.faultRequests / 6),
            );
          }
          await inject(
            'outage',
            'postgresql',
            () => postgres.server.stop(),
            () => postgres.server.start(),
            scale.faultRequests,
          );
          await inject(
            'outage',
            'redis',
            () => redis.server.stop(),
            () => redis.server.start(),
            scale.faultRequests,
          );
          const redelivered = await redeliverEvents(
            nats.url,
            ns,
            ['ORDERS', 'SCHEDULING', 'SUPPLIERS'],
            scale.redeliveries,
            random,
          );
          faults.push({ kind: 'events delivered again, late', target: `${redelivered} events`, outageMs: 0, recoveryMs: 0 });
          const node = Math.floor(random() * nats.nodes.length);
          await inject(
            'SIGKILL',
            `nats-${node + 1}`,
            () => nats.nodes[node].kill(),
            () => nats.nodes[node].start(),
            scale.faultRequests,
          );
        }
      })();
      await Promise.all([placing, faulting]);

      const settled = await waitFor(
        'every order to settle',
        async () => {
          const statuses = await orderStatuses(postgres, ns);
          const open = buyers.placed.filter((id) => !settledStatuses.includes(statuses.get(id)?.status ?? 'missing'));
          return open.length === 0 ? statuses : null;
        },
        { timeoutMs: scale.settleMs, intervalMs: 1_000 },
      ).catch(async (error: Error) => {
        const statuses = await orderStatuses(postgres, ns);
        const open = buyers.placed.filter((id) => !settledStatuses.includes(statuses.get(id)?.status ?? 'missing'));
        throw new Error(
          `${error.message}: ${open.length} open, e.g. ${open
            .slice(0, 5)
            .map((id) => `${id} ${statuses.get(id)?.status}`)
            .join(', ')}\n${fleet.output.slice(-40).join('\n')}`,
        );
      });
      makers.stop();
      await playing;
      await waitFor('every outbox to drain', async () => (await unpublishedOutboxRows(postgres, ns)) === 0, {
        timeoutMs: 60_000,
      });

      const lost = buyers.placed.filter((id) => !settled.has(id));
      const onHoldWithoutReason = buyers.placed.filter((id) => settled.get(id)?.status === 'on_hold' && !settled.get(id)?.reason);
      const twoLiveJobs = await operationsWithTwoLiveJobs(postgres, ns);
      const told = await duplicatedEvents(nats.url, ns, ['ORDERS', 'SCHEDULING', 'SUPPLIERS']);
      const deadLetters = await client.call('GET', '/v1/admin/dead-letters?limit=100', adminToken);
      const strayLetters = (deadLetters.body.items as Array<{ eventId: string | null; error: string }>).filter(
        (l) => l.eventId !== poisonId,
      );
      const statusCounts: Record<string, number> = {};
      for (const id of buyers.placed) statusCounts[settled.get(id)!.status] = (statusCounts[settled.get(id)!.status] ?? 0) + 1;

      const figures = {
        seed,
        scale,
        durationSeconds: Math.round((Date.now() - started) / 1000),
        orders: { placed: buyers.placed.length, refused: buyers.refused.length, byStatus: statusCounts },
        suppliers: makers.counts,
        faults,
        lost: lost.length,
        onHoldWithoutReason: onHoldWithoutReason.length,
        duplicatedEvents: told.duplicates.length,
        eventsRead: told.events,
        operationsWithTwoLiveJobs: twoLiveJobs.length,
        strayDeadLetters: strayLetters.length,
        serverErrors: client.serverErrors.length,
        unexpectedExits: fleet.unexpectedExits,
      };
      if (scale.report) {
        mkdirSync(path.dirname(scale.report), { recursive: true });
        writeFileSync(scale.report, `${JSON.stringify(figures, null, 2)}\n`);
      }
      console.log(`chaos run figures (the apps' output is in ${fleetLog}):\n${JSON.stringify(figures, null, 2)}`);

      expect(buyers.refused).toEqual([]);
      expect(lost).toEqual([]);
      expect(onHoldWithoutReason).toEqual([]);
      expect(twoLiveJobs).toEqual([]);
      expect(told.duplicates).toEqual([]);
      expect(strayLetters).toEqual([]);
      expect(deadLetters.body.items.length).toBeGreaterThan(0);
      expect(client.serverErrors).toEqual([]);
      expect(fleet.unexpectedExits).toEqual([]);
    },
    30 * 60_000,
  );
});

/** An order.placed whose data no handler can accept: it must end as a dead letter, and only it. */
async function publishPoison(natsUrl: string, ns: Namespace, id: string): Promise<void> {
  const nc = await connect(natsServerOf(natsUrl));
  try {
    const envelope = {
      id,
      type: 'order.placed',
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: id,
      aggregateVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      data: { poison: true },
    };
    await jetstream(nc).publish(ns.subject(OrderEvents.placed.subject), JSON.stringify(envelope), { msgID: id });
  } finally {
    await nc.close();
  }
}

function mulberry32(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
