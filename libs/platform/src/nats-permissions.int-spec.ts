import { Injectable, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  deadLetterReplayRequest,
  Namespace,
  natsInboxPrefix,
  natsServerConfig,
  natsUserName,
  OrderEvents,
  SchedulingRequests,
  type AtelierService,
} from '@atelier/contracts';
import {
  EventConsumers,
  EventsModule,
  listDeadLetters,
  MessagingModule,
  messagingTablesSql,
  RequestClient,
  RequestServer,
  UnitOfWork,
  UploadStore,
} from '@atelier/messaging';
import { dropNamespaceSchemas, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../../tools/free-port.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropServiceRole, provisionServiceRoles, type ServiceRole } from './database-roles';

// Two services run as they do in production, each with its own NATS user (from the generated
// nats-server configuration, on a server of our own) and its own PostgreSQL role: what they need
// works, and what belongs to another service is refused.
const namespace = testNamespace('natsperm');
const ns = new Namespace(namespace);
const services = ['gateway', 'orders', 'configurator', 'scheduling', 'suppliers'] as const;
const passwords = Object.fromEntries(services.map((s) => [s, randomBytes(12).toString('hex')])) as Record<AtelierService, string>;
const seen = { orders: [] as string[], scheduling: [] as string[], failOnce: new Set<string>() };

let port = 0;
const urlOf = (service: AtelierService) => `nats://${natsUserName(service, ns)}:${passwords[service]}@127.0.0.1:${port}`;

/** A raw connection as one app's user, with that app's inbox prefix. */
const connectAs = (service: AtelierService) =>
  connect({
    servers: `127.0.0.1:${port}`,
    user: natsUserName(service, ns),
    pass: passwords[service],
    inboxPrefix: natsInboxPrefix(service, ns),
  });

@Injectable()
class OrdersProbe {
  constructor(consumers: EventConsumers) {
    consumers.consume('order-saga', 'ORDERS').on(OrderEvents.cancelled, async (data) => void seen.orders.push(data.orderId));
  }
}

@Injectable()
class SchedulingProbe {
  constructor(requests: RequestServer, consumers: EventConsumers) {
    requests.handle(SchedulingRequests.quote, async ({ lines }) => ({ promisedDate: null, reason: `${lines.length} lines` }));
    consumers.consume('order-planning', 'ORDERS').on(OrderEvents.cancelled, async (data) => {
      if (seen.failOnce.delete(data.orderId)) throw new Error('fails until replayed');
      seen.scheduling.push(data.orderId);
    });
  }
}

function probeModule(service: AtelierService, role: ServiceRole, probe: new (...args: never[]) => unknown): DynamicModule {
  @Module({})
  class ProbeModule {}
  return {
    module: ProbeModule,
    imports: [
      MessagingModule.forService({ serviceName: service, natsUrl: urlOf(service), namespace, maxDeliveries: 1 }),
      TypeOrmModule.forRoot({ type: 'postgres', url: role.databaseUrl, schema: role.schema, entities: [], synchronize: false }),
      EventsModule,
    ],
    providers: [probe],
  };
}

async function refused(attempt: Promise<unknown>): Promise<void> {
  await expect(attempt).rejects.toThrow(/Permissions Violation/);
}

describe('one NATS user per app, allowed only its own subjects', () => {
  let dir: string;
  let server: ChildProcess;
  let roles: ServiceRole[];
  let orders: INestApplicationContext;
  let scheduling: INestApplicationContext;
  const raw: NatsConnection[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-nats-'));
    port = await freePort();
    const config = natsServerConfig(ns, { passwords, host: '127.0.0.1', port, storeDir: join(dir, 'js') });
    writeFileSync(join(dir, 'nats.conf'), JSON.stringify(config, null, 2));
    server = spawn('nats-server', ['-c', join(dir, 'nats.conf'), '-l', join(dir, 'nats.log')], { stdio: 'ignore' });
    await waitFor('our nats-server to accept the gateway user', async () => {
      const nc = await connectAs('gateway');
      await nc.close();
      return true;
    });

    roles = await provisionServiceRoles(testDatabaseUrl, namespace, { orders: 'o', scheduling: 's' });
    for (const role of roles) {
      const db = new Client({ connectionString: role.databaseUrl });
      await db.connect();
      for (const sql of messagingTablesSql(role.schema)) await db.query(sql);
      await db.end();
    }
    scheduling = await NestFactory.createApplicationContext(probeModule('scheduling', roles[1], SchedulingProbe), {
      logger: ['error'],
    });
    await scheduling.init();
    orders = await NestFactory.createApplicationContext(probeModule('orders', roles[0], OrdersProbe), { logger: ['error'] });
    await orders.init();
  });

  afterAll(async () => {
    await orders?.close();
    await scheduling?.close();
    await Promise.all(raw.map((nc) => nc.close()));
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (process.env.KEEP_NATS_LOG) console.log(readFileSync(join(dir, 'nats.log'), 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    await dropNamespaceSchemas(namespace);
    for (const role of roles ?? []) await dropServiceRole(testDatabaseUrl, role.role);
  });

  async function cancel(orderId: string): Promise<void> {
    await orders.get(UnitOfWork).run({ correlationId: 'c' }, (tx) =>
      tx.publish(OrderEvents.cancelled, {
        aggregateId: orderId,
        aggregateVersion: 1,
        data: { orderId, customerId: 'c', reason: null },
      }),
    );
  }

  async function as(service: AtelierService): Promise<NatsConnection> {
    const nc = await connectAs(service);
    raw.push(nc);
    return nc;
  }

  it('lets orders ask scheduling, and scheduling answer', async () => {
    const reply = await orders.get(RequestClient).request(SchedulingRequests.quote, {
      lines: [
        { lineId: 'line-1', quantity: 1, routing: [{ operationId: 'op', sequence: 1, capability: 'weld', durationMinutes: 5 }] },
      ],
    });
    expect(reply).toEqual({ promisedDate: null, reason: '1 lines' });
  });

  it("publishes orders' events through its outbox, and both services' durables consume them", async () => {
    const orderId = randomUUID();
    await cancel(orderId);
    await waitFor(
      'orders and scheduling to handle the event',
      () => seen.orders.includes(orderId) && seen.scheduling.includes(orderId),
    );
    // Each acknowledged it, on its own durable, as its own user.
    for (const [service, durable] of [
      ['orders', 'orders-order-saga'],
      ['scheduling', 'scheduling-order-planning'],
    ] as const) {
      const jsm = await jetstreamManager(await as(service));
      await waitFor(`${durable} to have acknowledged`, async () => {
        const info = await jsm.consumers.info(ns.stream('ORDERS'), durable);
        return info.num_ack_pending === 0 && info.ack_floor.stream_seq >= 1;
      });
    }
  });

  it('lets a consumer dead-letter an event, the gateway list it and have it replayed', async () => {
    const orderId = `replayed-${randomUUID()}`;
    seen.failOnce.add(orderId);
    await cancel(orderId);
    const gateway = await as('gateway');
    const letter = await waitFor('the dead letter', async () =>
      (await listDeadLetters(gateway, ns, { limit: 10 })).items.find((item) => item.consumer === 'scheduling-order-planning'),
    );
    const client = new RequestClient(gateway, { serviceName: 'gateway', natsUrl: '', namespace });
    await expect(client.request(deadLetterReplayRequest('scheduling'), { sequence: Number(letter.id) })).resolves.toEqual({
      replayed: true,
      id: letter.id,
    });
    expect(seen.scheduling).toContain(orderId);
    expect((await listDeadLetters(gateway, ns, { limit: 10 })).items).toEqual([]);
  });

  it('lets the gateway store an upload in the object store and the configurator read it, and nobody else', async () => {
    const text = 'x'.repeat(300_000);
    const gateway = new UploadStore(await as('gateway'), { namespace });
    const configurator = new UploadStore(await as('configurator'), { namespace });
    const read = await gateway.with(text, (upload) => configurator.read(upload));
    expect(read).toBe(text);
    const upload = await gateway.put('for the configurator only');
    await expect(new UploadStore(await as('orders'), { namespace }).read(upload)).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
    });
    await gateway.remove(upload);
  });

  it('refused the apps nothing they did', async () => {
    // Acknowledgements and the JetStream API calls made at start are checked here: a refusal there
    // would only show as a redelivery or a retry, not as a failure of the tests above.
    const log = readFileSync(join(dir, 'nats.log'), 'utf8');
    // (orders' attempt at the uploads bucket, just above, is the one refusal expected)
    const refusals = log
      .split('\n')
      .filter(
        (line) => /Violation/.test(line) && !line.includes(`User "${natsUserName('orders', ns)}", Subject "$JS.API.STREAM.`),
      );
    expect(refusals).toEqual([]);
  });

  it("refuses a subscription to another service's requests, or to its own outside its queue group", async () => {
    const nc = await as('orders');
    const theirs = nc.subscribe(ns.subject(SchedulingRequests.quote.subject), { queue: ns.subject('scheduling') });
    await expect(theirs.closed).resolves.toThrow(/Permissions Violation for Subscription/);
    const eavesdrop = nc.subscribe(ns.subject(SchedulingRequests.quote.subject));
    await expect(eavesdrop.closed).resolves.toThrow(/Permissions Violation for Subscription/);
    const outsideQueue = nc.subscribe(ns.subject('orders.place'));
    await expect(outsideQueue.closed).resolves.toThrow(/Permissions Violation for Subscription/);
  });

  it("refuses reading another app's replies", async () => {
    const nc = await as('orders');
    for (const subject of ['_INBOX.>', `${natsInboxPrefix('scheduling', ns)}.>`, `${natsInboxPrefix('gateway', ns)}.*`]) {
      await expect(nc.subscribe(subject).closed).resolves.toThrow(/Permissions Violation for Subscription/);
    }
  });

  it("refuses publishing another service's events and requests it does not make", async () => {
    const nc = await as('orders');
    const js = jetstream(nc);
    await refused(js.publish(ns.subject('scheduling.events.job.planned'), '{}'));
    await refused(nc.request(ns.subject('suppliers.jobs.list'), '{}', { timeout: 2000 }));
    const gateway = await as('gateway');
    await refused(jetstream(gateway).publish(ns.subject('orders.events.order.cancelled'), '{}'));
    await expect(gateway.subscribe(ns.subject('orders.place'), { queue: ns.subject('orders') }).closed).resolves.toThrow(
      /Permissions Violation/,
    );
  });

  it("refuses reading another service's durable, making one in its name, or changing a stream", async () => {
    const nc = await as('orders');
    const jsm = await jetstreamManager(nc);
    const stream = ns.stream('ORDERS');
    await refused(jsm.consumers.info(stream, 'scheduling-order-planning'));
    await refused(
      nc.request(`$JS.API.CONSUMER.MSG.NEXT.${stream}.scheduling-order-planning`, JSON.stringify({ batch: 1 }), {
        timeout: 2000,
      }),
    );
    await refused(jsm.consumers.add(stream, { durable_name: 'scheduling-sneaky' }));
    await refused(jsm.streams.delete(ns.stream('SCHEDULING')));
    await refused(jsm.streams.purge(stream));
    // Its own durable it may read.
    await expect(jsm.consumers.info(stream, 'orders-order-saga')).resolves.toMatchObject({ name: 'orders-order-saga' });
  });

  it('refuses a connection without a known user', async () => {
    await expect(
      connect({ servers: `127.0.0.1:${port}`, user: 'orders', pass: 'wrong', maxReconnectAttempts: 0 }),
    ).rejects.toThrow(/Authorization Violation/i);
  });
});
