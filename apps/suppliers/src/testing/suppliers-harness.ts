import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import {
  SchedulingEvents,
  type AppErrorPayload,
  type EventDataOf,
  type EventEnvelope,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
} from '@atelier/contracts';
import { decode, encode, Namespace, type WireReply } from '@atelier/messaging';
import { loadConfig, type ServiceConfig } from '@atelier/platform';
import { dropNamespaceSchemas, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppModule } from '../app.module';
import { OFFER_DEADLINES_QUEUE, queuePrefix } from '../jobs/offer-deadlines';

export type JobOffered = EventDataOf<typeof SchedulingEvents.jobOffered>;

/**
 * The suppliers app booted in-process on a fresh namespace, driven only as other services drive
 * it: NATS requests, and scheduling's events published to JetStream. Records every event the
 * app publishes, in the order NATS delivers them.
 */
export class SuppliersHarness {
  private readonly ns: Namespace;

  private constructor(
    /** Every event the app published, in delivery order. */
    readonly events: EventEnvelope[],
    readonly config: ServiceConfig,
    private readonly app: INestApplicationContext,
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly subscription: Subscription,
    /** The app's offer-deadline queue, seen from outside. */
    readonly deadlines: Queue,
    private readonly redis: Redis,
  ) {
    this.ns = new Namespace(config.namespace);
  }

  static async start(label = 'suppliers', env: Record<string, string> = {}): Promise<SuppliersHarness> {
    const namespace = testNamespace(label);
    const config = loadConfig('suppliers', {
      ...process.env,
      ATELIER_NAMESPACE: namespace,
      DATABASE_URL: testDatabaseUrl,
      OFFER_TIMEOUT_SECONDS: '2',
      LOG_LEVEL: 'warn',
      ...env,
    });
    const nc = await connect({ servers: config.natsUrl });
    const events: EventEnvelope[] = [];
    const subscription = nc.subscribe(`${namespace}.suppliers.events.>`, {
      callback: (error, msg) => {
        if (!error) events.push(decode<EventEnvelope>(msg.data));
      },
    });
    const app = await NestFactory.createApplicationContext(AppModule.forConfig(config), { logger: ['fatal', 'error', 'warn'] });
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    const deadlines = new Queue(OFFER_DEADLINES_QUEUE, { connection: redis, prefix: queuePrefix(config) });
    return new SuppliersHarness(events, config, app, nc, jetstream(nc), subscription, deadlines, redis);
  }

  /** A raw NATS request in the wire format: the typed reply or the typed error. */
  async request<C extends RequestContract<z.ZodType, unknown>>(contract: C, payload: RequestOf<C>): Promise<WireReply<ReplyOf<C>>> {
    const msg = await this.nc.request(this.ns.subject(contract.subject), encode(payload), { timeout: 10_000 });
    return decode<WireReply<ReplyOf<C>>>(msg.data);
  }

  async call<C extends RequestContract<z.ZodType, unknown>>(contract: C, payload: RequestOf<C>): Promise<ReplyOf<C>> {
    const reply = await this.request(contract, payload);
    if (!reply.ok) throw new Error(`${contract.subject} answered ${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }

  async failure<C extends RequestContract<z.ZodType, unknown>>(contract: C, payload: RequestOf<C>): Promise<AppErrorPayload> {
    const reply = await this.request(contract, payload);
    if (reply.ok) throw new Error(`${contract.subject} succeeded but should have failed: ${JSON.stringify(reply.data)}`);
    return reply.error;
  }

  /** Publishes an envelope to JetStream as the owning service would; without msgID the stream keeps duplicates. */
  async publish(subject: string, envelope: EventEnvelope, options: { msgID?: string } = {}): Promise<void> {
    await this.js.publish(this.ns.subject(subject), JSON.stringify(envelope), options.msgID ? { msgID: options.msgID } : {});
  }

  /** Scheduling offers a job: the envelope it would publish, published. */
  async offer(job: JobOffered): Promise<EventEnvelope<JobOffered>> {
    const envelope = envelopeOf(SchedulingEvents.jobOffered.type, job.jobId, job);
    await this.publish(SchedulingEvents.jobOffered.subject, envelope, { msgID: envelope.id });
    return envelope;
  }

  async cancel(job: JobOffered, reason = 'order cancelled'): Promise<void> {
    const data = { jobId: job.jobId, orderId: job.orderId, supplierId: job.supplierId, reason };
    const envelope = envelopeOf(SchedulingEvents.jobCancelled.type, job.jobId, data);
    await this.publish(SchedulingEvents.jobCancelled.subject, envelope, { msgID: envelope.id });
  }

  eventsOf(type: string, where: (data: Record<string, unknown>) => boolean = () => true): EventEnvelope[] {
    return this.events.filter((e) => e.type === type && where(e.data as Record<string, unknown>));
  }

  async waitForEvent(type: string, where: (data: Record<string, unknown>) => boolean = () => true, timeoutMs = 15_000) {
    return waitFor(`event ${type} (seen: ${this.events.map((e) => e.type).join(', ')})`, () => this.eventsOf(type, where)[0], {
      timeoutMs,
    });
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.subscription.drain().catch(() => undefined);
    await this.deadlines.obliterate({ force: true }).catch(() => undefined);
    await this.deadlines.close();
    await this.redis.quit();
    const jsm = await jetstreamManager(this.nc);
    const prefix = this.ns.stream('');
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(prefix)) await jsm.streams.delete(stream.config.name);
    }
    await this.nc.drain();
    await dropNamespaceSchemas(this.config.namespace);
  }
}

export function envelopeOf<T>(type: string, aggregateId: string, data: T): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    aggregateId,
    aggregateVersion: 1,
    correlationId: randomUUID(),
    causationId: null,
    data,
  };
}

/** A job as scheduling would offer it: the last operation of a line unless said otherwise. */
export function offeredJob(supplierId: string, factoryId: string, overrides: Partial<JobOffered> = {}): JobOffered {
  const start = new Date(Date.now() + 86_400_000);
  return {
    jobId: randomUUID(),
    orderId: randomUUID(),
    lineId: randomUUID(),
    productId: 'desk',
    version: 3,
    operationId: 'assemble',
    sequence: 20,
    capability: 'assembly',
    description: 'Assemble the desk',
    quantity: 2,
    durationMinutes: 90,
    factoryId,
    supplierId,
    workCentre: 0,
    plannedStart: start.toISOString(),
    plannedEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
    isLastOperation: true,
    selections: { top: 'oak', width: 160, cableTray: true },
    bom: [{ item: 'oak-top-160', quantity: '1', unit: 'pc' }, { item: 'leg', quantity: '4' }],
    ...overrides,
  };
}
