import type { INestApplicationContext } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  Namespace,
  SchedulingEvents,
  type AppErrorPayload,
  type EventDataOf,
  type EventEnvelope,
  type ReplyOf,
  type RequestContract,
  queuePrefix,
  Queues,
  type RequestOf,
  type WireReply,
} from '@atelier/contracts';
import { Clock, loadConfig, startInProcess, type ServiceConfig } from '@atelier/platform';
import {
  cleanUpNamespace,
  EventRecorder,
  publishEnvelope,
  publishEvent,
  sendRequest,
  testNamespace,
  testServiceEnv,
  waitFor,
} from '@atelier/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppModule } from '../app.module';
import { readSuppliersSettings } from '../suppliers-settings';

export type JobOffered = EventDataOf<typeof SchedulingEvents.jobOffered>;

/** The suppliers specs name events by type and look into their data loosely. */
type DataFilter = (data: Record<string, unknown>) => boolean;

/**
 * The suppliers app booted in-process on a fresh namespace, driven only as other services drive
 * it: NATS requests, and scheduling's events published to JetStream. Records every event the
 * app publishes, in stream order.
 */
export class SuppliersHarness {
  private constructor(
    readonly config: ServiceConfig,
    private readonly app: INestApplicationContext,
    private readonly nc: NatsConnection,
    private readonly recorder: EventRecorder,
    /** The app's offer-deadline queue, seen from outside. */
    readonly deadlines: Queue,
    private readonly redis: Redis,
  ) {}

  static async start(label = 'suppliers', env: Record<string, string> = {}): Promise<SuppliersHarness> {
    const namespace = testNamespace(label);
    const environment = testServiceEnv(namespace, { OFFER_TIMEOUT_SECONDS: '2', LOG_LEVEL: 'warn', ...env });
    const config = loadConfig('suppliers', environment);
    const settings = readSuppliersSettings(environment);
    const nc = await connect({ servers: config.natsUrl });
    const app = await startInProcess(AppModule.forConfig(config, settings), { logger: ['fatal', 'error', 'warn'] });
    const recorder = await EventRecorder.start(nc, namespace, 'SUPPLIERS');
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    const deadlines = new Queue(Queues.offerDeadlines, { connection: redis, prefix: queuePrefix(config.namespace) });
    deadlines.on('error', () => undefined); // a test may point the app at a Redis that is not there
    const harness = new SuppliersHarness(config, app, nc, recorder, deadlines, redis);
    // More replicas share the durable consumers, the request queue group and the offer queue, as in production.
    const replicas = Number(env.SUPPLIERS_TEST_REPLICAS ?? process.env.SUPPLIERS_TEST_REPLICAS ?? 2);
    for (let i = 1; i < replicas; i++) {
      harness.replicas.push(await startInProcess(AppModule.forConfig(config, settings), { logger: ['fatal', 'error'] }));
    }
    return harness;
  }

  private readonly replicas: INestApplicationContext[] = [];

  /** Until every event published so far on SCHEDULING was handled and acknowledged by the app (any replica). */
  async schedulingEventsHandled(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    const stream = new Namespace(this.config.namespace).stream('SCHEDULING');
    await waitFor('scheduling events handled', async () => {
      const info = await jsm.consumers.info(stream, 'suppliers-job-offers');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  }

  /** Moves every replica's clock forward (offer deadlines, the sweep) instead of waiting. */
  advanceClock(ms: number): void {
    for (const app of [this.app, ...this.replicas]) app.get(Clock).advance(ms);
  }

  /** A provider of the app, e.g. its offer sweep. */
  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  /** Every event the app published, in stream order. */
  get events(): EventEnvelope[] {
    return this.recorder.events;
  }

  /** A raw NATS request in the wire format: the typed reply or the typed error. */
  request<C extends RequestContract<z.ZodType, unknown>>(contract: C, payload: RequestOf<C>): Promise<WireReply<ReplyOf<C>>> {
    return sendRequest(this.nc, this.config.namespace, contract, payload);
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
  publish(subject: string, envelope: EventEnvelope, options: { msgID?: string } = {}): Promise<void> {
    return publishEnvelope(this.nc, this.config.namespace, subject, envelope, options);
  }

  /** Scheduling offers a job: the envelope it would publish, published. */
  offer(job: JobOffered): Promise<EventEnvelope<JobOffered>> {
    return publishEvent(this.nc, this.config.namespace, SchedulingEvents.jobOffered, job.jobId, job);
  }

  async cancel(job: JobOffered, reason = 'order cancelled'): Promise<void> {
    const data = { jobId: job.jobId, orderId: job.orderId, supplierId: job.supplierId, reason };
    await publishEvent(this.nc, this.config.namespace, SchedulingEvents.jobCancelled, job.jobId, data);
  }

  eventsOf(type: string, where: DataFilter = () => true): EventEnvelope[] {
    return this.recorder.matching({ type }, (e) => where(e.data as Record<string, unknown>));
  }

  waitForEvent(type: string, where: DataFilter = () => true, timeoutMs = 15_000): Promise<EventEnvelope> {
    return this.recorder.waitForEvent({ type }, (e) => where(e.data as Record<string, unknown>), { timeoutMs });
  }

  async stop(): Promise<void> {
    for (const replica of this.replicas) await replica.close();
    await this.app.close();
    await this.recorder.stop();
    await this.deadlines.close();
    // A test may point the app at a Redis that is not there: QUIT would wait for it.
    if (this.redis.status === 'ready') await this.redis.quit();
    else this.redis.disconnect();
    await this.nc.drain();
    await cleanUpNamespace(this.config.namespace);
  }
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
    bom: [
      { item: 'oak-top-160', quantity: '1', unit: 'pc' },
      { item: 'leg', quantity: '4' },
    ],
    ...overrides,
  };
}
