import {
  Namespace,
  OrderEvents,
  SchedulingEvents,
  streams,
  SupplierEvents,
  type EventContract,
  type EventDataOf,
  type EventEnvelope,
  type StreamName,
} from '@atelier/contracts';
import { cleanUpNamespace, publishEvent, testNamespace, testNatsUrl, waitFor } from '@atelier/testing';
import { jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';

/** `npm run events:tail` as a user runs it: a child process reading the test namespace's streams. */
interface Tail {
  lines: string[];
  stderr: string[];
  /** The envelopes printed with --json. */
  envelopes(): EventEnvelope[];
  exited: Promise<number | string>;
  child: ChildProcess;
}

function runTail(namespace: string, args: string[]): Tail {
  const child = spawn(process.execPath, [path.join(process.cwd(), 'tools/events-tail.mjs'), ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ATELIER_NAMESPACE: namespace, NATS_URL: testNatsUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop()!;
    lines.push(...complete);
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  return { lines, stderr, exited, child, envelopes: () => lines.map((line) => JSON.parse(line) as EventEnvelope) };
}

describe('npm run events:tail', () => {
  const namespace = testNamespace('tail');
  const ns = new Namespace(namespace);
  let nc: NatsConnection;
  const tails: Tail[] = [];
  const orderA = `order-a-${randomUUID()}`;
  const orderB = `order-b-${randomUUID()}`;
  const ref = (orderId: string) => ({ orderId, customerId: 'customer-1' });
  const job = (orderId: string) => ({
    jobId: `job-${randomUUID()}`,
    orderId,
    lineId: 'line-1',
    productId: 'bicycle',
    version: 1,
    operationId: 'frame',
    factoryId: 'factory-1',
    supplierId: 'supplier-1',
    isLastOperation: true,
  });
  const shipment = (...orderIds: string[]) => ({
    shipmentId: `shipment-${randomUUID()}`,
    supplierId: 'supplier-1',
    carrier: 'DHL',
    trackingNumber: 'T-1',
    jobs: orderIds.map((orderId) => ({ jobId: `job-${randomUUID()}`, orderId, lineId: 'line-1' })),
  });
  /** The history both orders have before any tail runs, with the events of A. */
  const history: EventEnvelope[] = [];
  const ofA: EventEnvelope[] = [];
  const streamOf = new Map<string, StreamName>();
  const publish = async <E extends EventContract<z.ZodType>>(event: E, aggregateId: string, data: EventDataOf<E>) => {
    const envelope = await publishEvent(nc, namespace, event, aggregateId, data);
    streamOf.set(envelope.id, event.stream);
    return envelope as EventEnvelope;
  };
  /** The ids of a list that are on one stream, in the list's order. */
  const onStream = (ids: string[], stream: StreamName) => ids.filter((id) => streamOf.get(id) === stream);
  const allStreams: StreamName[] = ['ORDERS', 'SCHEDULING', 'SUPPLIERS'];

  const tail = (args: string[]) => {
    const started = runTail(namespace, args);
    tails.push(started);
    return started;
  };
  const diagnostics = (t: Tail) => `stdout:\n${t.lines.join('\n')}\nstderr:\n${t.stderr.join('')}`;
  const printedIds = (t: Tail) => t.envelopes().map((e) => e.id);

  beforeAll(async () => {
    nc = await connect({ servers: testNatsUrl });
    const jsm = await jetstreamManager(nc);
    // The streams as the apps create them (libs/messaging ensureStreams), in the test namespace.
    for (const [name, subjects] of Object.entries(streams)) {
      await jsm.streams.add({
        name: ns.stream(name),
        subjects: [ns.subject(subjects)],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
      });
    }
    // Two orders' lives interleaved on three streams (true: an event of A); the last event of each stream is one of A's.
    const life: Array<[boolean, () => Promise<EventEnvelope>]> = [
      [true, () => publish(OrderEvents.scheduled, orderA, { ...ref(orderA), promisedDate: '2026-06-01' })],
      [false, () => publish(OrderEvents.scheduled, orderB, { ...ref(orderB), promisedDate: '2026-06-02' })],
      [false, () => publish(SchedulingEvents.orderPlanned, orderB, { orderId: orderB, promisedDate: '2026-06-02', jobIds: [] })],
      [true, () => publish(SchedulingEvents.orderPlanned, orderA, { orderId: orderA, promisedDate: '2026-06-01', jobIds: [] })],
      [true, () => publish(SupplierEvents.jobStarted, 'job-a', job(orderA))],
      [false, () => publish(SupplierEvents.jobStarted, 'job-b', job(orderB))],
      [false, () => publish(SupplierEvents.shipmentDispatched, 'shipment-b', shipment(orderB))],
      [false, () => publish(OrderEvents.inProduction, orderB, ref(orderB))],
      [
        true,
        () => publish(OrderEvents.shipped, orderA, { ...ref(orderA), shipments: [{ carrier: 'DHL', trackingNumber: 'T-1' }] }),
      ],
      [true, () => publish(SchedulingEvents.planChanged, 'plan', { orderIds: [orderB, orderA], factoryIds: ['factory-1'] })],
      [true, () => publish(SupplierEvents.shipmentDispatched, 'shipment-ab', shipment(orderB, orderA))],
    ];
    // One after the other, so the stream order is the order above.
    for (const [isOfA, step] of life) {
      const envelope = await step();
      history.push(envelope);
      if (isOfA) ofA.push(envelope);
    }
  });

  afterAll(async () => {
    for (const t of tails) if (t.child.exitCode === null && t.child.signalCode === null) t.child.kill('SIGKILL');
    await nc?.drain();
    await cleanUpNamespace(namespace);
  });

  it("--order ID --from-start prints exactly that order's events, each stream in its order, and stops cleanly on SIGTERM", async () => {
    const t = tail(['--order', orderA, '--from-start', '--json']);
    // The last event of every stream is one of A's: once all are printed, every event before them was read.
    await waitFor('every event of order A', () => printedIds(t).length >= ofA.length || null, { timeoutMs: 30_000 }).catch(
      (error) => {
        throw new Error(`${error.message}\n${diagnostics(t)}`);
      },
    );
    expect(new Set(printedIds(t))).toEqual(new Set(ofA.map((e) => e.id)));
    expect(printedIds(t)).toHaveLength(ofA.length);
    // Each stream's events come in stream order (streams are read side by side, so only per stream).
    for (const stream of allStreams)
      expect(onStream(printedIds(t), stream)).toEqual(
        onStream(
          ofA.map((e) => e.id),
          stream,
        ),
      );
    expect(t.envelopes().find((e) => e.type === 'order.shipped')).toEqual(history[8]);

    t.child.kill('SIGTERM');
    expect(await t.exited).toBe(0);
  });

  it('prints one line per event: time, stream and sequence, type, aggregate, correlation, data', async () => {
    const t = tail(['--order', orderA, '--from-start', '--stream', 'orders']);
    await waitFor('the two ORDERS events of A', () => t.lines.length >= 2 || null, { timeoutMs: 30_000 });
    const [scheduled, shipped] = [history[0], history[8]];
    expect(t.lines).toEqual([
      `${scheduled.occurredAt}  ORDERS#1  order.scheduled v1  order=${orderA}  correlation=${scheduled.correlationId}  ${JSON.stringify(scheduled.data)}`,
      `${shipped.occurredAt}  ORDERS#4  order.shipped v1  order=${orderA}  correlation=${shipped.correlationId}  ${JSON.stringify(shipped.data)}`,
    ]);
    t.child.kill('SIGINT');
    expect(await t.exited).toBe(0);
  });

  it('--type keeps the events of those types, by the server for one type and here for several', async () => {
    const one = tail(['--type', 'order.scheduled', '--from-start', '--json']);
    const several = tail([
      '--type',
      'orders.events.order.shipped,order.planned',
      '--type',
      'shipment.dispatched',
      '--from-start',
      '--json',
    ]);
    // A last event of each wanted type on each stream marks that everything before it was read.
    const markers = [
      await publish(OrderEvents.scheduled, 'order-c', { ...ref('order-c'), promisedDate: '2026-07-01' }),
      await publish(OrderEvents.shipped, 'order-c', { ...ref('order-c'), shipments: [] }),
      await publish(SchedulingEvents.orderPlanned, 'order-c', { orderId: 'order-c', promisedDate: '2026-07-01', jobIds: [] }),
      await publish(SupplierEvents.shipmentDispatched, 'shipment-c', shipment('order-c')),
    ];
    const expected = (types: string[]) => [...history, ...markers].filter((e) => types.includes(e.type)).map((e) => e.id);

    const wantOne = expected(['order.scheduled']);
    await waitFor('every order.scheduled', () => printedIds(one).length >= wantOne.length || null, { timeoutMs: 30_000 });
    expect(printedIds(one)).toEqual(wantOne);

    const wantSeveral = expected(['order.shipped', 'order.planned', 'shipment.dispatched']);
    await waitFor(
      'every order.shipped, order.planned and shipment.dispatched',
      () => printedIds(several).length >= wantSeveral.length || null,
      {
        timeoutMs: 30_000,
      },
    );
    expect(new Set(printedIds(several))).toEqual(new Set(wantSeveral));
    expect(printedIds(several)).toHaveLength(wantSeveral.length);
    for (const stream of allStreams) expect(onStream(printedIds(several), stream)).toEqual(onStream(wantSeveral, stream));
  });

  it('without --from-start prints only what arrives after it started; --since a time prints from that time', async () => {
    const sinceNow = new Date().toISOString();
    const t = tail(['--order', orderA, '--json']);
    await waitFor('the tail to be watching', () => t.stderr.join('').includes('watching') || null, { timeoutMs: 30_000 });
    const ofB = await publish(OrderEvents.onHold, orderB, { ...ref(orderB), reason: 'no capacity' });
    const fresh = await publish(OrderEvents.promiseChanged, orderA, {
      ...ref(orderA),
      previousPromisedDate: '2026-06-01',
      promisedDate: '2026-06-03',
    });
    await waitFor('the new event of A', () => printedIds(t).includes(fresh.id) || null, { timeoutMs: 30_000 });
    expect(printedIds(t)).toEqual([fresh.id]);

    // Everything stored from the time on, and nothing before: the same event, and B's is not A's.
    const since = tail(['--order', orderA, '--since', sinceNow, '--stream', 'ORDERS', '--json']);
    await waitFor('the event of A since the time', () => printedIds(since).includes(fresh.id) || null, { timeoutMs: 30_000 });
    expect(printedIds(since)).toEqual([fresh.id]);
    expect(printedIds(since)).not.toContain(ofB.id);
  });

  it.each([
    [['--stream', 'INVOICES'], 'unknown stream INVOICES'],
    [['--since', 'yesterday'], '--since: "yesterday" is neither a duration'],
    [['--from-start', '--since', '1h'], '--from-start and --since cannot be used together'],
    [['--type', 'order.teleported'], 'no event of type order.teleported'],
    [['--orders', 'x'], "Unknown option '--orders'"],
  ])('refuses %j with exit code 2 and says why', async (args, message) => {
    const t = tail(args);
    expect(await t.exited).toBe(2);
    expect(t.stderr.join('')).toContain(message);
    expect(t.lines).toEqual([]);
  });
});
