import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  SchedulingRequests,
  type EventContract,
  type EventDataOf,
  type EventEnvelope,
  type FactoryData,
  type JobData,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
  type ScheduledOperationView,
} from '@atelier/contracts';
import { Clock, loadConfig, startInProcess } from '@atelier/platform';
import { cleanUpNamespace, EventRecorder, publishEvent, sendRequest, testNamespace, testServiceEnv } from '@atelier/testing';
import type { z } from 'zod';
import { AppModule } from '../app.module';
import type { SchedulingSettings } from '../plan/scheduling-config';

/** Tests see no background improvement unless they ask for it: it would move jobs under their feet. */
const quiet: SchedulingSettings = { improvementTimeLimitMs: 0, improvementDelayMs: 0, transferMinutesDefault: 240 };

/**
 * The scheduling app booted in-process against real PostgreSQL, NATS and Redis in a fresh
 * namespace; events are fed as other services would publish them and observed on its stream.
 */
export class SchedulingHarness {
  private app: INestApplication;
  private nc: NatsConnection;
  private recorder: EventRecorder;
  private readonly replicas: INestApplication[] = [];
  private readonly settings: SchedulingSettings;

  /** `env` overrides the app's environment, e.g. a REDIS_URL nobody answers on. */
  constructor(
    readonly namespace = testNamespace('scheduling'),
    settings: Partial<SchedulingSettings> = {},
    private readonly env: Record<string, string> = {},
    /** Replicas started by start(); tests about one replica's own runs ask for 1. */
    private readonly startReplicas = Number(process.env.SCHEDULING_TEST_REPLICAS ?? 2),
  ) {
    this.settings = { ...quiet, ...settings };
  }

  /** The app, and as many more replicas as SCHEDULING_TEST_REPLICAS says (2 by default: consumers shared, as in production). */
  async start(): Promise<void> {
    this.app = await this.boot();
    this.nc = await connect({ servers: this.config().natsUrl });
    this.recorder = await EventRecorder.start(this.nc, this.namespace, 'SCHEDULING');
    for (let i = 1; i < this.startReplicas; i++) await this.startReplica();
  }

  /** Another instance of the app in the same namespace: it shares the durable consumers and the plan. */
  async startReplica(): Promise<void> {
    this.replicas.push(await this.boot());
  }

  private config() {
    return loadConfig('scheduling', testServiceEnv(this.namespace, this.env));
  }

  private async boot(): Promise<INestApplication> {
    return startInProcess(AppModule.forConfig(this.config(), this.settings), { logger: ['error', 'warn'] });
  }

  /** Moves every replica's clock forward: what scheduling plans and promises is read from it. */
  advanceClock(ms: number): void {
    for (const app of [this.app, ...this.replicas]) app.get(Clock).advance(ms);
  }

  /** A provider of the (first) app, e.g. to look at its planning runs. */
  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  /** Leaves nothing behind: the apps, the namespace's streams, BullMQ keys and schemas. */
  async stop(): Promise<void> {
    await this.recorder?.stop();
    for (const replica of this.replicas) await replica.close();
    await this.app?.close();
    await this.nc?.drain();
    await cleanUpNamespace(this.namespace);
  }

  /** Publishes another service's event as its outbox relay would. Scheduling never reads its aggregate id: a placeholder. */
  publish<E extends EventContract<z.ZodType>>(
    event: E,
    data: EventDataOf<E>,
    options: { id?: string; msgID?: string } = {},
  ): Promise<EventEnvelope> {
    return publishEvent(this.nc, this.namespace, event, 'test', data, options);
  }

  async request<C extends RequestContract<z.ZodType, unknown>>(contract: C, payload: RequestOf<C>): Promise<ReplyOf<C>> {
    const reply = await sendRequest(this.nc, this.namespace, contract, payload);
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  }

  /** Every operation of the schedule matching the filter, read page by page as a client would. */
  async plan(
    filter: Omit<RequestOf<typeof SchedulingRequests.schedule>, 'cursor' | 'limit'> = {},
  ): Promise<ScheduledOperationView[]> {
    const operations: ScheduledOperationView[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.request(SchedulingRequests.schedule, { ...filter, limit: 100, ...(cursor ? { cursor } : {}) });
      operations.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return operations;
  }

  /** Every event seen so far on SCHEDULING, in stream order. */
  get allEvents(): EventEnvelope[] {
    return this.recorder.events;
  }

  /** The events of one type seen so far whose data match. */
  events<E extends EventContract<z.ZodType>>(
    event: E,
    match: (data: EventDataOf<E>) => boolean = () => true,
  ): Array<EventDataOf<E>> {
    return this.recorder.matching(event, (e) => match(e.data)).map((e) => e.data);
  }

  /** Waits until at least `count` events of the type match; returns them all. */
  async waitForEvents<E extends EventContract<z.ZodType>>(
    event: E,
    match: (data: EventDataOf<E>) => boolean,
    count = 1,
  ): Promise<Array<EventDataOf<E>>> {
    const found = await this.recorder.waitForEvents(event, (e) => match(e.data), count);
    return found.map((e) => e.data);
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
export function confirmedOrder(
  orderId: string,
  routings: Array<Array<[string, number]>>,
  quantity = 1,
  dueDate: string | null = null,
) {
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
