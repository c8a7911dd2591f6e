import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { EventContract, EventDataOf, EventEnvelope, FactoryData, JobData, ReplyOf, RequestContract, RequestOf } from '@atelier/contracts';
import { decode, encode, Namespace, type WireReply } from '@atelier/messaging';
import { loadConfig } from '@atelier/platform';
import { dropNamespaceSchemas, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppModule } from '../app.module';
import type { SchedulingSettings } from '../planning/scheduling-config';

/** Tests see no background improvement unless they ask for it: it would move jobs under their feet. */
const quiet: SchedulingSettings = { improvementTimeLimitMs: 0, improvementDelayMs: 0 };

/**
 * The scheduling app booted in-process against real PostgreSQL, NATS and Redis in a fresh
 * namespace; events are fed as other services would publish them and observed on its stream.
 */
export class SchedulingHarness {
  readonly seen: EventEnvelope[] = [];
  private app: INestApplication;
  private nc: NatsConnection;
  private js: JetStreamClient;
  private messages: ConsumerMessages;
  private readonly ns: Namespace;

  constructor(
    readonly namespace = testNamespace('scheduling'),
    private readonly settings: SchedulingSettings = quiet,
  ) {
    this.ns = new Namespace(namespace);
  }

  private readonly replicas: INestApplication[] = [];

  async start(): Promise<void> {
    const config = loadConfig('scheduling', { ...process.env, ATELIER_NAMESPACE: this.namespace, DATABASE_URL: testDatabaseUrl });
    this.app = await this.boot();
    this.nc = await connect({ servers: config.natsUrl });
    this.js = jetstream(this.nc);
    const consumer = await this.js.consumers.get(this.ns.stream('SCHEDULING'));
    this.messages = await consumer.consume();
    void (async () => {
      for await (const msg of this.messages) this.seen.push(msg.json<EventEnvelope>());
    })();
  }

  /** Another instance of the app in the same namespace: it shares the durable consumers and the plan. */
  async startReplica(): Promise<void> {
    this.replicas.push(await this.boot());
  }

  private async boot(): Promise<INestApplication> {
    const config = loadConfig('scheduling', { ...process.env, ATELIER_NAMESPACE: this.namespace, DATABASE_URL: testDatabaseUrl });
    const app = await NestFactory.create(AppModule.forConfig(config, this.settings), { logger: ['error', 'warn'] });
    await app.init();
    return app;
  }

  /** A provider of the (first) app, e.g. to look at its planning runs. */
  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  /** Leaves nothing behind: the apps, the namespace's streams, BullMQ keys and schemas. */
  async stop(): Promise<void> {
    await this.messages?.close();
    for (const replica of this.replicas) await replica.close();
    await this.app?.close();
    if (this.nc) {
      const jsm = await jetstreamManager(this.nc);
      for await (const stream of jsm.streams.list()) {
        if (stream.config.name.startsWith(this.ns.stream(''))) await jsm.streams.delete(stream.config.name);
      }
      await this.nc.drain();
    }
    await this.deleteQueueKeys();
    await dropNamespaceSchemas(this.namespace);
  }

  /** BullMQ's keys all start with the queue prefix, which is the namespace. */
  private async deleteQueueKeys(): Promise<void> {
    const config = loadConfig('scheduling', { ...process.env, ATELIER_NAMESPACE: this.namespace, DATABASE_URL: testDatabaseUrl });
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${this.namespace}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  async publish<E extends EventContract<z.ZodType>>(event: E, data: EventDataOf<E>, options: { id?: string; msgId?: string } = {}): Promise<EventEnvelope> {
    const envelope: EventEnvelope = {
      id: options.id ?? randomUUID(),
      type: event.type,
      version: event.version,
      occurredAt: new Date().toISOString(),
      aggregateId: 'test',
      aggregateVersion: 1,
      correlationId: randomUUID(),
      causationId: null,
      data,
    };
    await this.js.publish(this.ns.subject(event.subject), JSON.stringify(envelope), { msgID: options.msgId ?? envelope.id });
    return envelope;
  }

  async request<C extends RequestContract<z.ZodType, unknown>>(contract: C, payload: RequestOf<C>): Promise<ReplyOf<C>> {
    const msg = await this.nc.request(this.ns.subject(contract.subject), encode(payload), { timeout: 10_000 });
    const reply = decode<WireReply<ReplyOf<C>>>(msg.data);
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }

  /** The events of one type seen so far whose data match. */
  events<E extends EventContract<z.ZodType>>(event: E, match: (data: EventDataOf<E>) => boolean = () => true): Array<EventDataOf<E>> {
    return this.seen.filter((e) => e.type === event.type).map((e) => e.data as EventDataOf<E>).filter(match);
  }

  /** Waits until at least `count` events of the type match; returns them all. */
  async waitForEvents<E extends EventContract<z.ZodType>>(
    event: E,
    match: (data: EventDataOf<E>) => boolean,
    count = 1,
  ): Promise<Array<EventDataOf<E>>> {
    return waitFor(`${count} × ${event.type}`, () => {
      const found = this.events(event, match);
      return found.length >= count ? found : undefined;
    });
  }
}

const alwaysOpen: FactoryData['calendar'] = { workingHours: [], closures: [] };

export function factory(id: string, capabilities: Array<[string, number?, number?]>, calendar = alwaysOpen): FactoryData {
  return {
    id,
    supplierId: `supplier-${id}`,
    name: `Factory ${id}`,
    timeZone: 'UTC',
    calendar,
    capabilities: capabilities.map(([capability, workCentres, speedFactor]) => ({
      capability,
      workCentres: workCentres ?? 1,
      speedFactor: speedFactor ?? 1,
    })),
  };
}

/** An order.confirmed with one line per routing (capability, minutes per unit). */
export function confirmedOrder(orderId: string, routings: Array<Array<[string, number]>>, quantity = 1, dueDate: string | null = null) {
  return {
    orderId,
    customerId: 'customer-1',
    dueDate,
    lines: routings.map((routing, line) => ({
      lineId: `${orderId}-line-${line}`,
      productId: 'chair',
      version: 1,
      selections: { colour: 'red' },
      quantity,
      lineTotal: { amount: '100.00', currency: 'EUR' },
      routing: routing.map(([capability, durationMinutes], step) => ({
        operationId: `op-${step + 1}`,
        sequence: (step + 1) * 10,
        capability,
        durationMinutes,
      })),
      bom: [{ item: 'wood', quantity: '2', unit: 'm' }],
    })),
  };
}

/** The reference to a job that suppliers' events carry. */
export function jobRef(job: JobData) {
  const { jobId, orderId, lineId, productId, version, operationId, factoryId, supplierId, isLastOperation } = job;
  return { jobId, orderId, lineId, productId, version, operationId, factoryId, supplierId, isLastOperation };
}
