import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import {
  AppError,
  Namespace,
  type EventContract,
  type EventDataOf,
  type CompiledVersion,
  type EventEnvelope,
  type QuoteLineRequest,
} from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';
import { Clock, loadConfig, startApp, startInProcess, type ServiceConfig } from '@atelier/platform';
import {
  answerRequests,
  cleanUpNamespace,
  EventRecorder,
  publishEvent,
  testNamespace,
  testServiceEnv,
  waitFor,
} from '@atelier/testing';
import type { z } from 'zod';
import { AppModule } from '../app.module';

/** What the scheduling stand-in promises unless a test says otherwise. */
export const STAND_IN_PROMISE = '2030-01-15T12:00:00.000Z';

/**
 * The orders app booted in-process on a fresh namespace, with stand-ins for the configurator's
 * pricing, suppliers' cancel decision and scheduling's capable-to-promise (plain NATS subscribers speaking the wire format),
 * a client for its requests, a publisher of other services' events and a recorder of its own.
 */
export class OrdersHarness {
  readonly client: RequestClient;
  /** What the scheduling stand-in promises; null makes it silent (nobody answers). */
  private promiseSubscription: Subscription | null = null;
  pricingCalls = 0;
  private readonly replicas: INestApplication[] = [];
  promiseCalls = 0;

  private constructor(
    readonly namespace: string,
    readonly config: ServiceConfig,
    readonly app: INestApplication,
    readonly nc: NatsConnection,
    private readonly recorder: EventRecorder,
  ) {
    this.client = new RequestClient(nc, { serviceName: 'orders-test', natsUrl: config.natsUrl, namespace });
  }

  static async start(label: string, replicas = Number(process.env.ORDERS_TEST_REPLICAS ?? 2)): Promise<OrdersHarness> {
    const namespace = testNamespace(label);
    const config = loadConfig('orders', testServiceEnv(namespace, { HTTP_PORT: '0', LOG_LEVEL: 'error' }));
    // The watchdog's own timer stays off: tests that move the clock would otherwise race a sweep; they sweep themselves.
    process.env.WATCHDOG_INTERVAL_SECONDS ??= '0';
    const nc = await connect({ servers: config.natsUrl });
    const app = await startApp(AppModule.forConfig(config), config);
    const recorder = await EventRecorder.start(nc, namespace, 'ORDERS');
    const harness = new OrdersHarness(namespace, config, app, nc, recorder);
    // More replicas share the durable consumers and the request queue group, as in production:
    // events of one order may then be handled by two processes at once, and requests land on either.
    for (let i = 1; i < replicas; i++)
      harness.replicas.push(await startInProcess(AppModule.forConfig(config), { logger: ['error'] }));
    harness.standInForPricing();
    harness.standInForClosing();
    harness.promiseDates(STAND_IN_PROMISE);
    return harness;
  }

  async stop(): Promise<void> {
    await this.recorder.stop();
    for (const replica of this.replicas) await replica.close();
    await this.app?.close();
    await this.nc.drain().catch(() => undefined);
    await cleanUpNamespace(this.namespace);
  }

  /** Moves every replica's clock forward (deadlines, quotes, the watchdog) instead of waiting. */
  advanceClock(ms: number): void {
    for (const app of [this.app, ...this.replicas]) app.get(Clock).advance(ms);
  }

  /** Every event the app published on ORDERS, in stream order. */
  get events(): EventEnvelope[] {
    return this.recorder.events;
  }

  /** The scheduling stand-in: answers every quote with this date, or nobody answers at all (null). */
  promiseDates(promisedDate: string | null): void {
    this.answerPromises(promisedDate === null ? null : () => ({ promisedDate }));
  }

  /** The scheduling stand-in answers, but cannot promise (no capable factory, no capacity). */
  refusePromises(reason: string): void {
    this.answerPromises(() => ({ promisedDate: null, reason }));
  }

  /** Scheduling is there but silent: it takes every quote request and never answers. */
  ignorePromiseRequests(): void {
    this.answerPromises(() => new Promise<never>(() => undefined));
  }

  private answerPromises(answer: (() => unknown) | null): void {
    this.promiseSubscription?.unsubscribe();
    this.promiseSubscription = null;
    if (answer === null) return;
    this.promiseSubscription = answerRequests(this.nc, this.namespace, 'scheduling.quote', () => {
      this.promiseCalls++;
      return answer();
    });
  }

  private pricingSubscription: Subscription | null = null;

  /** The configurator's pricing goes away: nobody answers it until resumePricing. */
  stopPricing(): void {
    this.pricingSubscription?.unsubscribe();
    this.pricingSubscription = null;
  }

  resumePricing(): void {
    if (!this.pricingSubscription) this.standInForPricing();
  }

  /** Product lists asked of the configurator stand-in. */
  listCalls = 0;
  private listSubscription: Subscription | null = null;

  /** The configurator stand-in's product list names these latest versions; without a call, nobody answers it. */
  serveLatestVersions(latest: Record<string, number>): void {
    this.listSubscription?.unsubscribe();
    this.listSubscription = answerRequests(this.nc, this.namespace, 'configurator.products.list', () => {
      this.listCalls++;
      return Object.entries(latest).map(([id, latestVersion]) => ({ id, name: id, latestVersion }));
    });
  }

  stopServingLatestVersions(): void {
    this.listSubscription?.unsubscribe();
    this.listSubscription = null;
  }

  /** Compiled versions asked of the configurator stand-in, as `productId@version`. */
  readonly compiledAsked: string[] = [];
  private compiledSubscription: Subscription | null = null;

  /**
   * The configurator stand-in hands out these compiled versions (by `productId@version`; null
   * for one too large to send). Without a call, nobody answers, and orders leaves every line to
   * the pricing stand-in.
   */
  serveCompiledVersions(versions: Record<string, CompiledVersion | null>): void {
    this.compiledSubscription?.unsubscribe();
    this.compiledSubscription = answerRequests(
      this.nc,
      this.namespace,
      'configurator.models.compiled',
      (request: { productId: string; version: number }) => {
        const key = `${request.productId}@${request.version}`;
        this.compiledAsked.push(key);
        if (!(key in versions)) throw AppError.notFound(`Product ${request.productId} version ${request.version}`);
        return versions[key];
      },
    );
  }

  /** Orders suppliers refuses to close (a job has started there): cancelling them answers INVALID_TRANSITION. */
  readonly startedAtSuppliers = new Set<string>();
  closeCalls = 0;

  /** The suppliers stand-in deciding cancels: granted unless the order is in startedAtSuppliers. */
  private standInForClosing(): void {
    answerRequests(this.nc, this.namespace, 'suppliers.orders.close', (request: { orderId: string }) => {
      this.closeCalls++;
      if (this.startedAtSuppliers.has(request.orderId)) {
        throw new AppError('INVALID_TRANSITION', 'Production has started: the order can no longer be cancelled');
      }
      return { orderId: request.orderId, closed: true };
    });
  }

  /** The last aggregateVersion published per aggregate: each new event of one is numbered after it, as its owner would. */
  private readonly versions = new Map<string, number>();

  /**
   * Publishes another service's event the way its outbox relay would, numbered after the aggregate's
   * previous event unless `aggregateVersion` says otherwise. `msgID` differs from `id` only to force a redelivery.
   */
  publish<E extends EventContract<z.ZodType>>(
    event: E,
    aggregateId: string,
    data: EventDataOf<E>,
    options: { id?: string; msgID?: string; aggregateVersion?: number } = {},
  ): Promise<EventEnvelope> {
    const aggregateVersion = options.aggregateVersion ?? (this.versions.get(aggregateId) ?? 0) + 1;
    this.versions.set(aggregateId, Math.max(aggregateVersion, this.versions.get(aggregateId) ?? 0));
    return publishEvent(this.nc, this.namespace, event, aggregateId, data, { ...options, aggregateVersion });
  }

  /** Waits for one of our own events about an order. */
  waitForEvent<E extends EventContract<z.ZodType>>(event: E, orderId: string): Promise<EventEnvelope<EventDataOf<E>>> {
    return this.recorder.waitForEvent(event, (e) => e.aggregateId === orderId);
  }

  /** Until every event published so far on SCHEDULING and SUPPLIERS was handled and acknowledged by the app (any replica). */
  async otherServicesEventsHandled(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const ns = new Namespace(this.namespace);
    await waitFor('scheduling and supplier events handled', async () => {
      for (const [stream, durable] of [
        ['SCHEDULING', 'orders-scheduling-events'],
        ['SUPPLIERS', 'orders-supplier-events'],
      ]) {
        const info = await jsm.consumers.info(ns.stream(stream), durable);
        if (info.num_pending > 0 || info.num_ack_pending > 0) return false;
      }
      return true;
    });
  }

  eventsOf(orderId: string): EventEnvelope[] {
    return this.events.filter((e) => e.aggregateId === orderId);
  }

  /**
   * The configurator stand-in. Every product prices 100.00 EUR (+25.50 for size "large"), has two
   * operations and one BOM line; "unknown" does not exist, `invalid: true` conflicts, and
   * "gift-card" needs no operation at all.
   */
  private standInForPricing(): void {
    this.pricingSubscription = answerRequests(
      this.nc,
      this.namespace,
      'configurator.lines.price',
      (request: { lines: QuoteLineRequest[] }) => {
        this.pricingCalls++;
        if (request.lines.some((l) => l.productId === 'unknown')) throw AppError.notFound('Product unknown');
        if (request.lines.some((l) => l.selections.invalid === true)) {
          throw new AppError('INVALID_CONFIGURATION', 'A configuration is not complete and valid', []);
        }
        const lines = request.lines.map((line) => {
          const unitCents = 10_000 + (line.selections.size === 'large' ? 2_550 : 0);
          return {
            productId: line.productId,
            version: line.version ?? 3,
            selections: line.selections,
            quantity: line.quantity,
            unitPrice: { amount: cents(unitCents), currency: 'EUR' },
            lineTotal: { amount: cents(unitCents * line.quantity), currency: 'EUR' },
            bom: [{ item: 'steel-tube', quantity: String(2 * line.quantity), unit: 'pcs' }],
            routing:
              line.productId === 'gift-card'
                ? []
                : [
                    { operationId: 'cut', sequence: 1, capability: 'cutting', durationMinutes: 30 },
                    { operationId: 'weld', sequence: 2, capability: 'welding', durationMinutes: 45 },
                  ],
          };
        });
        const total = lines.reduce((sum, l) => sum + Math.round(Number(l.lineTotal.amount) * 100), 0);
        return { lines, total: { amount: cents(total), currency: 'EUR' } };
      },
    );
  }
}

function cents(units: number): string {
  return `${Math.floor(units / 100)}.${String(units % 100).padStart(2, '0')}`;
}
