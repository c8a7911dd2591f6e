import type { INestApplication } from '@nestjs/common';
import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { EventContract, EventDataOf, EventEnvelope, QuoteLineRequest } from '@atelier/contracts';
import { decode, encode, Namespace, RequestClient, type WireReply } from '@atelier/messaging';
import { loadConfig, startApp, type ServiceConfig } from '@atelier/platform';
import { dropNamespaceSchemas, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppModule } from '../app.module';

/**
 * The orders app booted in-process on a fresh namespace, with stand-ins for the configurator's
 * pricing and scheduling's capable-to-promise (plain NATS subscribers speaking the wire format),
 * a client for its requests, a publisher of other services' events and a recorder of its own.
 */
export class OrdersHarness {
  readonly events: EventEnvelope[] = [];
  readonly client: RequestClient;
  /** What the scheduling stand-in promises; null makes it silent (nobody answers). */
  private promiseSubscription: Subscription | null = null;
  private readonly ns: Namespace;
  private readonly js: JetStreamClient;
  private recorder: ConsumerMessages | null = null;
  pricingCalls = 0;

  private constructor(
    readonly namespace: string,
    readonly config: ServiceConfig,
    readonly app: INestApplication,
    readonly nc: NatsConnection,
  ) {
    this.ns = new Namespace(namespace);
    this.js = jetstream(nc);
    this.client = new RequestClient(nc, { serviceName: 'orders-test', natsUrl: config.natsUrl, namespace });
  }

  static async start(label: string): Promise<OrdersHarness> {
    const namespace = testNamespace(label);
    const config = loadConfig('orders', {
      ...process.env,
      ATELIER_NAMESPACE: namespace,
      DATABASE_URL: testDatabaseUrl,
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
    });
    const nc = await connect({ servers: config.natsUrl });
    const app = await startApp(AppModule.forConfig(config), config);
    const harness = new OrdersHarness(namespace, config, app, nc);
    harness.standInForPricing();
    harness.promiseDates('2030-01-15T12:00:00.000Z');
    await harness.recordOrderEvents();
    return harness;
  }

  async stop(): Promise<void> {
    this.recorder?.stop();
    await this.app?.close();
    await this.dropNamespaceStreams();
    await this.nc.drain().catch(() => undefined);
    await dropNamespaceSchemas(this.namespace);
  }

  /** The namespace's streams (and their consumers) go with it, like its schemas. */
  private async dropNamespaceStreams(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const prefix = this.ns.stream('');
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name).catch(() => undefined);
    }
  }

  /** The scheduling stand-in: answers every quote with this date, or nobody answers at all (null). */
  promiseDates(promisedDate: string | null): void {
    this.promiseSubscription?.unsubscribe();
    this.promiseSubscription = null;
    if (promisedDate === null) return;
    this.promiseSubscription = this.answer('scheduling.quote', () => ({ promisedDate }));
  }

  /** Publishes another service's event the way its outbox relay would. `msgID` differs from `id` only to force a redelivery. */
  async publish<E extends EventContract<z.ZodType>>(
    event: E,
    aggregateId: string,
    data: EventDataOf<E>,
    options: { id?: string; msgID?: string } = {},
  ): Promise<EventEnvelope> {
    const envelope: EventEnvelope = {
      id: options.id ?? randomUUID(),
      type: event.type,
      version: event.version,
      occurredAt: new Date().toISOString(),
      aggregateId,
      aggregateVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      data,
    };
    await this.js.publish(this.ns.subject(event.subject), JSON.stringify(envelope), { msgID: options.msgID ?? envelope.id });
    return envelope;
  }

  /** Waits for one of our own events about an order. */
  waitForEvent<E extends EventContract<z.ZodType>>(event: E, orderId: string): Promise<EventEnvelope<EventDataOf<E>>> {
    return waitFor(
      `${event.type} of ${orderId}`,
      () =>
        this.events.find((e) => e.type === event.type && e.aggregateId === orderId) as EventEnvelope<EventDataOf<E>> | undefined,
    );
  }

  eventsOf(orderId: string): EventEnvelope[] {
    return this.events.filter((e) => e.aggregateId === orderId);
  }

  private async recordOrderEvents(): Promise<void> {
    const consumer = await this.js.consumers.get(this.ns.stream('ORDERS'));
    this.recorder = await consumer.consume();
    void (async () => {
      for await (const msg of this.recorder!) this.events.push(decode<EventEnvelope>(msg.data));
    })();
  }

  /**
   * The configurator stand-in. Every product prices 100.00 EUR (+25.50 for size "large"), has two
   * operations and one BOM line; "unknown" does not exist, `invalid: true` conflicts, and
   * "gift-card" needs no operation at all.
   */
  private standInForPricing(): void {
    this.answer('configurator.lines.price', (request: { lines: QuoteLineRequest[] }) => {
      this.pricingCalls++;
      if (request.lines.some((l) => l.productId === 'unknown')) {
        return { error: { code: 'NOT_FOUND', message: 'Product unknown not found' } };
      }
      if (request.lines.some((l) => l.selections.invalid === true)) {
        return { error: { code: 'INVALID_CONFIGURATION', message: 'A configuration is not complete and valid', details: [] } };
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
    });
  }

  private answer(subject: string, reply: (request: never) => unknown): Subscription {
    return this.nc.subscribe(this.ns.subject(subject), {
      callback: (_error, msg) => {
        const result = reply(decode<never>(msg.data)) as { error?: unknown };
        const wire = (
          result && 'error' in result ? { ok: false, error: result.error } : { ok: true, data: result }
        ) as WireReply<unknown>;
        msg.respond(encode(wire));
      },
    });
  }
}

function cents(units: number): string {
  return `${Math.floor(units / 100)}.${String(units % 100).padStart(2, '0')}`;
}
