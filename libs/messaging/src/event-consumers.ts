import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import {
  AppError,
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_STREAM,
  deadLetterReplayRequest,
  eventEnvelopeSchema,
  streams,
  type EventContract,
  type EventDataOf,
  type EventEnvelope,
  type StreamName,
  Namespace,
  issueText,
} from '@atelier/contracts';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { countDeadLetters } from './dead-letters';
import {
  consumerAckPending,
  consumerPending,
  consumerRedelivered,
  deadLetters,
  eventsFailed,
  eventsHandled,
} from './messaging-metrics';
import { RequestServer } from './request-server';
import { cachedFor, type GaugeSample } from './scraped-gauge';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';
import { Transaction } from './transaction';
import { isTransientInfrastructureError } from './infrastructure-errors';
import { eventLogContext, runInLogContext, type LogContext } from './log-context';
import { ensureStreams } from './streams';
import { OUTBOX_DEAD_LETTER_CONSUMER } from './outbox-relay';
import { UnitOfWork } from './unit-of-work';

/** The longest pause between two tries of an event while a dependency is down. */
const OUTAGE_RETRY_MAX_MS = 5_000;
/** How long a stopping app waits for the events it is handling. */
const SHUTDOWN_TIMEOUT_MS = 10_000;
/**
 * The most events handled in one transaction unless the options say otherwise. Events that arrive
 * while a transaction runs wait for it and are then handled together: one commit and one inbox
 * insert for all of them, instead of one per event. Idle, an event is handled alone, at once.
 */
const EVENTS_PER_TRANSACTION = 20;
/** Unacknowledged events JetStream hands a consumer at most (more for one with a larger batch). */
const MAX_ACK_PENDING = 100;

export interface EventContext {
  envelope: EventEnvelope;
  /** The handler's transaction: the inbox row, its state changes and the events it records commit together. */
  tx: Transaction;
}

type EventHandler = (data: never, context: EventContext) => Promise<void>;

/** One event of a run handed to a batch handler: its data, envelope and own transaction (causation). */
export interface BatchItem<D> extends EventContext {
  data: D;
}

/**
 * Handles a run of events of one type together (set-based queries instead of one round trip per
 * event). Same guarantees as a single handler: in stream order, in the consumer's transaction, each
 * event's own effects recorded through its own `tx`.
 */
type BatchHandler = (items: Array<BatchItem<never>>) => Promise<void>;

interface HandlerEntry {
  contract: EventContract<z.ZodType>;
  handle?: EventHandler;
  handleBatch?: BatchHandler;
}

interface Registration {
  name: string;
  stream: StreamName;
  handlers: Map<string, HandlerEntry>;
  messages?: ConsumerMessages;
  done?: Promise<void>;
  /** Events waiting behind the last one delivered here: on the server and in this replica's buffer, at that delivery. */
  waiting: number;
  /** How many events of different orders may be handled at once (1: strictly one after another). */
  concurrency: number;
  /** This consumer's own bound on events per transaction, over the app's (eventsPerTransaction). */
  eventsPerTransaction?: number;
}

/** A handled event's parts, checked against its contract. */
interface ParsedEvent {
  envelope: EventEnvelope;
  data: unknown;
  entry: HandlerEntry;
}

export class ConsumerBuilder {
  constructor(private readonly registration: Registration) {}

  on<E extends EventContract<z.ZodType>>(event: E, handle: (data: EventDataOf<E>, context: EventContext) => Promise<void>): this {
    return this.register(event, { contract: event, handle: handle as EventHandler });
  }

  /**
   * Like on(), for handlers that do a run of such events at once: events of this type that follow
   * one another in a transaction's batch are handed over together (a burst that finds the consumer
   * idle is gathered for one turn of the event loop first).
   */
  onBatch<E extends EventContract<z.ZodType>>(
    event: E,
    handle: (items: Array<BatchItem<EventDataOf<E>>>) => Promise<void>,
  ): this {
    return this.register(event, { contract: event, handleBatch: handle as BatchHandler });
  }

  private register(event: EventContract<z.ZodType>, entry: HandlerEntry): this {
    if (event.stream !== this.registration.stream)
      throw new Error(`${event.subject} is not on stream ${this.registration.stream}`);
    this.registration.handlers.set(event.subject, entry);
    return this;
  }

  /**
   * Handles events of different orders up to `concurrency` at a time (in as many lanes; an order's
   * events always go to the same one); the events of one order (its `orderId`, else the event's
   * aggregate) still one after another, in stream order. For handlers that lock what they change
   * and apply events by version, never for a single-writer plan.
   */
  perOrder(concurrency: number): this {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    this.registration.concurrency = concurrency;
    return this;
  }

  /**
   * Handles up to `count` waiting events in one transaction, whatever the app's setting: for a
   * single writer (the plan), whose throughput is one transaction at a time, a backlog goes through
   * in fewer, larger transactions. JetStream hands this consumer twice as many unacknowledged
   * events as that (never fewer than 100), so the next batch is waiting when one ends.
   */
  eventsPerTransaction(count: number): this {
    if (!Number.isInteger(count) || count < 1 || count > 1_000) throw new RangeError('eventsPerTransaction must be 1 to 1000');
    this.registration.eventsPerTransaction = count;
    return this;
  }
}

/**
 * Durable JetStream consumers with an inbox: each event is handled once per consumer, in the
 * same transaction as its effects, so a redelivery has no second effect. An event that keeps
 * failing goes to the dead-letter stream with its error and is acknowledged, so the ones after
 * it are not held up; the operator replays it once the cause is fixed.
 * One consumer reads its whole stream in order (NATS 2.9 has one filter subject per consumer)
 * and skips the event types it has no handler for, by their subject, without reading them.
 */
@Injectable()
export class EventConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly registrations = new Map<string, Registration>();
  private readonly ns: Namespace;
  private js: JetStreamClient;
  private stopped = false;
  private readonly wakeOnStop = new Set<() => void>();
  private readonly stopReporting: Array<() => void> = [];
  private readonly acks = new Acknowledgements();

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly requests: RequestServer,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.ns = new Namespace(options.namespace);
    this.requests.handle(deadLetterReplayRequest(options.serviceName), ({ sequence }) => this.replay(sequence));
  }

  /** `name` is the durable consumer's name within this service (e.g. "order-planning"). */
  consume(name: string, stream: StreamName): ConsumerBuilder {
    const durable = this.durableName(name);
    if (this.registrations.has(durable)) throw new Error(`Consumer ${durable} registered twice`);
    const registration: Registration = { name: durable, stream, handlers: new Map(), waiting: 0, concurrency: 1 };
    this.registrations.set(durable, registration);
    return new ConsumerBuilder(registration);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.js = jetstream(this.nc);
    for (const registration of this.registrations.values()) {
      // The first subscription is made before the app says it is up; later ones by the loop.
      await this.subscribe(registration);
      registration.done = this.keepConsuming(registration);
    }
    this.reportOnScrape();
  }

  /** Consumer backlogs and dead letters, asked of JetStream when Prometheus scrapes (one info request per durable). */
  private reportOnScrape(): void {
    const jsm = jetstreamManager(this.nc, { checkAPI: false });
    const states = cachedFor(1_000, () => jsm.then((manager) => this.consumerStates(manager)));
    const gauge = (field: 'num_pending' | 'num_ack_pending' | 'num_redelivered') => async () =>
      (await states()).map(({ consumer, info }): GaugeSample<'consumer'> => ({ labels: { consumer }, value: info[field] }));
    const service = this.options.serviceName;
    this.stopReporting.push(
      consumerPending.readBy(gauge('num_pending')),
      consumerAckPending.readBy(gauge('num_ack_pending')),
      consumerRedelivered.readBy(gauge('num_redelivered')),
      deadLetters.readBy(async () =>
        [...(await countDeadLetters(await jsm, this.ns, service))].map(([consumer, value]) => ({
          labels: { service, consumer },
          value,
        })),
      ),
    );
  }

  private async consumerStates(jsm: JetStreamManager) {
    const registrations = [...this.registrations.values()];
    const infos = await Promise.all(
      registrations.map((r) => jsm.consumers.info(this.ns.stream(r.stream), r.name).catch(() => null)),
    );
    return registrations.flatMap((r, index) => {
      const info = infos[index];
      return info ? [{ consumer: r.name, info }] : [];
    });
  }

  /** Makes sure the stream and the durable exist (they may not, after NATS lost its storage) and subscribes. */
  private async subscribe(registration: Registration): Promise<void> {
    const jsm = await ensureStreams(this.nc, this.ns, this.options.streamReplicas);
    const stream = this.ns.stream(registration.stream);
    const existing = await jsm.consumers.info(stream, registration.name).catch(() => null);
    const maxAckPending = this.maxAckPendingOf(registration);
    if (existing && existing.config.max_ack_pending !== maxAckPending) {
      // A durable made by an earlier version of the app: its bound follows this one's batch size.
      // Consuming goes on with the old bound should the update be refused.
      await jsm.consumers.update(stream, registration.name, { max_ack_pending: maxAckPending }).catch((error: unknown) => {
        this.logger.warn(`${registration.name}: could not set max_ack_pending to ${maxAckPending}: ${describe(error)}`);
      });
    }
    if (!existing) {
      await jsm.consumers.add(stream, {
        durable_name: registration.name,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: this.ns.subject(streams[registration.stream]),
        ack_wait: 30_000_000_000,
        max_ack_pending: maxAckPending,
        num_replicas: this.options.streamReplicas ?? 1,
      });
    }
    const consumer = await this.js.consumers.get(stream, registration.name);
    // Without the stream or the durable, the subscription ends, and keepConsuming makes them again.
    registration.messages = await consumer.consume({ max_messages: 50, abort_on_missing_resource: true });
  }

  /**
   * Drains the subscription for as long as the app runs. When it ends on its own (the stream or the
   * durable vanished, NATS restarted without its storage) the stream and durable are made again and
   * consuming resumes where the durable stands.
   */
  private async keepConsuming(registration: Registration): Promise<void> {
    for (let failures = 0; !this.stopped;) {
      try {
        if (!registration.messages) await this.subscribe(registration);
        await this.drain(registration);
        failures = 0;
      } catch (error) {
        failures++;
        if (!this.stopped) this.logger.warn(`${registration.name}: consuming stopped (${describe(error)}); subscribing again`);
      }
      registration.messages = undefined;
      if (!this.stopped) await this.pause(Math.min(OUTAGE_RETRY_MAX_MS, 200 * 2 ** failures));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopReporting.forEach((stop) => stop());
    this.stopped = true;
    for (const wake of [...this.wakeOnStop]) wake();
    for (const registration of this.registrations.values()) registration.messages?.stop();
    // A handler stuck on a dependency must not hold the shutdown forever: its event is redelivered.
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_TIMEOUT_MS)));
    await Promise.race([Promise.allSettled([...this.registrations.values()].map((r) => r.done)), deadline]);
    clearTimeout(timer);
    this.acks.send();
  }

  /**
   * How many events of this consumer (its name as given to consume()) were waiting behind the last
   * one this replica received: 0 once it caught up. Lets background work yield to a backlog.
   */
  waiting(name: string): number {
    return this.registrations.get(this.durableName(name))?.waiting ?? 0;
  }

  private batchSizeOf(registration: Registration): number {
    return registration.eventsPerTransaction ?? this.options.eventsPerTransaction ?? EVENTS_PER_TRANSACTION;
  }

  /** Unacknowledged events JetStream hands the consumer: room for the batches in hand and the next ones. */
  private maxAckPendingOf(registration: Registration): number {
    return Math.max(MAX_ACK_PENDING, 2 * this.batchSizeOf(registration));
  }

  private durableName(name: string): string {
    return `${this.options.serviceName}-${name}`;
  }

  /**
   * Hands the subscription's events to the consumer's lanes: one lane, or with perOrder(n), n lanes,
   * each order's events always to the same one. A lane handles its events in arrival order, those
   * that queued up meanwhile together in one transaction (eventsPerTransaction at most).
   */
  private async drain(registration: Registration): Promise<void> {
    const lanes: Lane[] = Array.from(
      { length: registration.concurrency },
      () => new Lane((batch) => this.deliver(registration, batch, lanes), this.batchSizeOf(registration)),
    );
    try {
      for await (const msg of registration.messages!) {
        if (this.stopped) {
          msg.nak();
          continue;
        }
        // An event type this consumer has no handler for (its subject says so) is passed over unread.
        if (!registration.handlers.has(this.ns.unprefixed(msg.subject))) {
          this.acks.add(msg);
          continue;
        }
        lanes[lanes.length === 1 ? 0 : laneOf(orderKeyOf(msg), lanes.length)].push(msg);
      }
    } finally {
      // deliver never rejects (it acks, naks or dead-letters); this waits for what was handed over.
      lanes.forEach((lane) => lane.close());
      await Promise.all(lanes.map((lane) => lane.done));
    }
  }

  /**
   * Handles a lane's batch in one transaction and acknowledges it. Should that fail (an event that
   * fails, an outage, a conflict), nothing of it was committed, and each event is handled again on
   * its own, with the retries, outage pauses and dead letters of a single event.
   */
  private async deliver(registration: Registration, batch: JsMsg[], lanes: Lane[]): Promise<void> {
    if (this.stopped) return batch.forEach((msg) => msg.nak());
    // Still on the server, pulled into this replica's buffer, and queued in its lanes.
    const queued = lanes.reduce((sum, lane) => sum + lane.size, 0);
    registration.waiting = batch[batch.length - 1].info.pending + (registration.messages?.getPending() ?? 0) + queued;
    if (batch.length > 1) {
      const together = await this.process(registration, batch).then(
        () => true,
        (error: unknown) => {
          this.logger.debug(`${registration.name}: ${batch.length} events handled one by one after: ${describe(error)}`);
          return false;
        },
      );
      if (together) return batch.forEach((msg) => this.acks.add(msg));
    }
    for (const msg of batch) await this.deliverOne(registration, msg);
  }

  private async deliverOne(registration: Registration, msg: JsMsg): Promise<void> {
    try {
      await this.processRetryingOutages(registration, msg);
      this.acks.add(msg);
    } catch (error) {
      await runInLogContext(logContextOf(msg.data), () => this.failed(registration, msg, error));
    }
  }

  /** An event that failed: tried again later, or dead-lettered. */
  private async failed(registration: Registration, msg: JsMsg, error: unknown): Promise<void> {
    if (this.stopped && isTransientInfrastructureError(error)) return msg.nak();
    const deliveries = msg.info.deliveryCount;
    const reason = describe(error);
    if (deliveries >= (this.options.maxDeliveries ?? 5) || error instanceof PoisonMessage || error instanceof UnapplicableEvent) {
      this.logger.error(`${registration.name}: ${msg.subject} dead-lettered after ${deliveries} deliveries: ${reason}`);
      await this.deadLetter(registration, msg, reason, deliveries).then(
        () => msg.ack(),
        () => msg.nak(5_000),
      );
      eventsFailed.inc({ consumer: registration.name, outcome: 'dead_lettered' });
    } else {
      this.logger.warn(`${registration.name}: ${msg.subject} failed (delivery ${deliveries}): ${reason}`);
      msg.nak(Math.min(30_000, 250 * 2 ** deliveries));
      eventsFailed.inc({ consumer: registration.name, outcome: 'retried' });
    }
  }

  /**
   * An outage (PostgreSQL restarting, a service not answering) is not the event's fault: the consumer
   * pauses on this event and tries it again with capped backoff until the outage ends, telling
   * JetStream it is still working so the event is neither redelivered elsewhere nor counted as failed.
   * Events behind it wait, so their order holds. Only a shutdown ends the wait.
   */
  private async processRetryingOutages(registration: Registration, msg: JsMsg): Promise<void> {
    let outageSince: number | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.process(registration, [msg]);
        if (outageSince !== null) {
          this.logger.log(`${registration.name}: resumed after an outage of ${Math.round((Date.now() - outageSince) / 1000)} s`);
        }
        return;
      } catch (error) {
        if (!isTransientInfrastructureError(error) || this.stopped) throw error;
        if (outageSince === null) {
          outageSince = Date.now();
          runInLogContext(logContextOf(msg.data), () =>
            this.logger.warn(
              `${registration.name}: paused on ${msg.subject} while a dependency is unavailable: ${describe(error)}`,
            ),
          );
        }
        msg.working();
        await this.pause(Math.min(OUTAGE_RETRY_MAX_MS, 200 * 2 ** attempt));
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeOnStop.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeOnStop.add(wake);
    });
  }

  /**
   * Handles events through the inbox in one transaction, in the order given; each handler gets its
   * own Transaction (its causation, its events) over that one. Events already handled, repeated in
   * the batch, or not of interest are skipped. A poison event throws before anything is done.
   */
  private async process(registration: Registration, delivered: Array<JsMsg | Uint8Array>): Promise<void> {
    const events = delivered
      .map((input) => this.parse(registration, input instanceof Uint8Array ? parseJson(input) : jsonOf(input)))
      .filter((event): event is ParsedEvent => event !== null);
    if (events.length === 0) return;
    const schema = this.unitOfWork.schema;
    const txs = await this.dataSource.transaction(async (manager) => {
      const inserted: Array<{ event_id: string }> = await manager.query(
        `INSERT INTO "${schema}"."inbox" ("consumer", "event_id") SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING "event_id"`,
        [registration.name, [...new Set(events.map((event) => event.envelope.id))]],
      );
      const fresh = new Set(inserted.map((row) => row.event_id));
      const handled: Array<{ tx: Transaction; context: LogContext }> = [];
      const wrap = ({ envelope, data }: ParsedEvent) => ({
        envelope,
        data: data as never,
        tx: this.unitOfWork.wrap(manager, { correlationId: envelope.correlationId, causationId: envelope.id }),
        // Each event's after-commit work is done under its own correlation id and order.
        context: eventLogContext(envelope),
      });
      const todo = events.filter((event) => fresh.delete(event.envelope.id));
      for (let i = 0; i < todo.length;) {
        const { entry } = todo[i];
        // A run: the events of one batch-handled type that follow one another here.
        let end = i + 1;
        if (entry.handleBatch) while (end < todo.length && todo[end].entry === entry) end++;
        const items = todo.slice(i, end).map(wrap);
        // An event is handled under its correlation id and order; a run under its first event's
        // correlation id, and its order when all its events are for the same one.
        await runInLogContext(runLogContext(items.map(({ context }) => context)), async () => {
          if (entry.handleBatch) await entry.handleBatch(items);
          else await entry.handle!(items[0].data, items[0]);
        });
        for (const { envelope, context } of items) {
          runInLogContext(context, () => this.logger.debug(`${registration.name}: handled ${envelope.type} ${envelope.id}`));
        }
        handled.push(...items);
        i = end;
      }
      // What the handlers published, in one INSERT.
      await Transaction.flushAll(handled.map(({ tx }) => tx));
      return handled;
    });
    if (txs.length > 0) eventsHandled.inc({ consumer: registration.name }, txs.length);
    // The handlers may have recorded events of their own.
    if (txs.some(({ tx }) => tx.published.length > 0)) this.unitOfWork.committed();
    txs.forEach(({ tx, context }) => runInLogContext(context, () => tx.runAfterCommit()));
  }

  /** The event and its handler; null for an event this consumer has no handler for. Throws PoisonMessage. */
  private parse(registration: Registration, json: unknown): ParsedEvent | null {
    // Events this consumer has no handler for are skipped before anything else is asked of them.
    const entry = registration.handlers.get(this.subjectOf(registration.stream, String((json as { type?: unknown })?.type)));
    if (!entry) return null;
    const envelope = parseEnvelope(json);
    const parsed = entry.contract.schema.safeParse(envelope.data);
    if (!parsed.success) {
      const problems = issueText(parsed.error, '(data)');
      throw new PoisonMessage(`data does not match ${entry.contract.subject} v${entry.contract.version}: ${problems}`);
    }
    return { envelope, data: parsed.data, entry };
  }

  private subjectOf(stream: StreamName, type: string): string {
    return `${streams[stream].replace('.>', '')}.${type}`;
  }

  private async deadLetter(registration: Registration, msg: JsMsg, error: string, deliveries: number): Promise<void> {
    const h = headers();
    h.set(DEAD_LETTER_HEADERS.service, this.options.serviceName);
    h.set(DEAD_LETTER_HEADERS.consumer, registration.name);
    h.set(DEAD_LETTER_HEADERS.subject, msg.subject);
    // A NATS header is one line: an error's own line breaks would make the publish fail.
    h.set(DEAD_LETTER_HEADERS.error, error.replace(/\s+/g, ' ').slice(0, 2000));
    h.set(DEAD_LETTER_HEADERS.deliveries, String(deliveries));
    h.set(DEAD_LETTER_HEADERS.failedAt, new Date().toISOString());
    await this.js.publish(this.ns.subject(`deadletters.${this.options.serviceName}.${registration.name}`), msg.data, {
      headers: h,
    });
  }

  /** Runs a dead letter through its consumer again; on success it leaves the dead-letter stream. */
  private async replay(sequence: number): Promise<{ replayed: true; id: string }> {
    const jsm = await jetstreamManager(this.nc);
    const stream = this.ns.stream(DEAD_LETTER_STREAM);
    const stored = await jsm.streams.getMessage(stream, { seq: sequence }).catch(() => null);
    if (!stored) throw AppError.notFound(`Dead letter ${sequence}`);
    const consumer = stored.header.get(DEAD_LETTER_HEADERS.consumer);
    if (consumer === OUTBOX_DEAD_LETTER_CONSUMER) {
      await this.republish(stored.header.get(DEAD_LETTER_HEADERS.subject), stored.data, sequence);
      await jsm.streams.deleteMessage(stream, sequence);
      return { replayed: true, id: String(sequence) };
    }
    const registration = this.registrations.get(consumer);
    if (!registration) throw AppError.notFound(`Dead letter ${sequence}`);
    try {
      await this.process(registration, [stored.data]);
    } catch (error) {
      if (isTransientInfrastructureError(error)) throw error;
      // The operator reads why in words; a database error's own text (tables, schemas) stays in the log.
      this.logger.warn(`Replay of dead letter ${sequence} failed again: ${describe(error)}`);
      const why =
        error instanceof AppError || error instanceof PoisonMessage || error instanceof UnapplicableEvent
          ? error.message
          : 'the handler failed (see the service log)';
      throw new AppError('CONFLICT', `Replay of dead letter ${sequence} failed again: ${why}`);
    }
    await jsm.streams.deleteMessage(stream, sequence);
    return { replayed: true, id: String(sequence) };
  }

  /** A parked outbox event goes back into the outbox, to be published again (or parked again). */
  private async republish(subject: string, data: Uint8Array, sequence: number): Promise<void> {
    const parked = parseJson(data) as { id?: unknown; dataOmitted?: boolean };
    const table = `"${this.unitOfWork.schema}"."outbox"`;
    const reset: [unknown[], number] = await this.dataSource.query(`UPDATE ${table} SET "published_at" = NULL WHERE "id" = $1`, [
      String(parked.id),
    ]);
    if (reset[1] === 0) {
      if (parked.dataOmitted)
        throw new AppError('CONFLICT', `Dead letter ${sequence} cannot be replayed: its event is no longer kept`);
      const envelope = parseEnvelope(parked);
      await this.dataSource.query(`INSERT INTO ${table} ("id", "subject", "envelope") VALUES ($1, $2, $3)`, [
        envelope.id,
        subject,
        JSON.stringify(envelope),
      ]);
    }
    this.unitOfWork.committed();
  }
}

/** A message that can never succeed (malformed, or not matching its contract): no point in retrying. */
class PoisonMessage extends Error {}

/**
 * A handler's way to say that a well-formed event can never be applied (a calendar no rule can
 * read, say): it is dead-lettered at once with this message as its reason, for the operator to see
 * and replay once fixed, never dropped with a log line.
 */
export class UnapplicableEvent extends Error {
  override name = 'UnapplicableEvent';
}

/**
 * Acknowledgements sent together: those given in one turn of the event loop leave in one socket
 * write, not one each. The NATS client writes what it was given at the end of each microtask run,
 * and a consumer acknowledges from many (every event it skips, every lane's batch): in the pipeline
 * benchmark those writes were a tenth of orders' and suppliers' CPU. Held for one turn at most; one
 * lost with the process is delivered again, and the inbox knows it.
 */
class Acknowledgements {
  private readonly pending: JsMsg[] = [];

  add(msg: JsMsg): void {
    if (this.pending.push(msg) === 1) setImmediate(() => this.send());
  }

  send(): void {
    for (const msg of this.pending.splice(0)) msg.ack();
  }
}

/** Events waiting for one worker of a consumer: handled in arrival order, those queued meanwhile together. */
class Lane {
  private readonly queue: JsMsg[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  readonly done: Promise<void>;

  constructor(
    private readonly handle: (batch: JsMsg[]) => Promise<void>,
    private readonly batchSize: number,
  ) {
    this.done = this.run();
  }

  get size(): number {
    return this.queue.length;
  }

  push(msg: JsMsg): void {
    this.queue.push(msg);
    this.wake?.();
  }

  /** No more events come; done settles once the queued ones are handled. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        // Woken by the first of a burst (a plan change's jobs, a relay's batch): the rest arrived
        // in the same read of the socket and are pushed in this turn of the event loop. Waiting
        // for the next turn hands them over together, in one transaction, instead of the first alone.
        await nextTurn();
        continue;
      }
      await this.handle(this.queue.splice(0, this.batchSize));
    }
  }
}

/** A run's context: its first event's correlation id, and the order when every event of it is for that one. */
function runLogContext(contexts: LogContext[]): LogContext {
  const [first] = contexts;
  return contexts.every((context) => context.orderId === first.orderId) ? first : { correlationId: first.correlationId };
}

/** The lane of an order: the same for all its events. */
function laneOf(key: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}

/**
 * What serializes events in a per-order consumer: the order they concern (a shipment: its first
 * job's order, so a job's completion is handled before the shipment that follows it), else their aggregate.
 */
function orderKeyOf(msg: JsMsg): string {
  try {
    const envelope = jsonOf(msg) as {
      aggregateId?: unknown;
      data?: { orderId?: unknown; jobs?: Array<{ orderId?: unknown }> };
    };
    const key = envelope?.data?.orderId ?? envelope?.data?.jobs?.[0]?.orderId ?? envelope?.aggregateId;
    return typeof key === 'string' ? key : '';
  } catch {
    return ''; // unreadable: handled in turn with other unreadable ones, and dead-lettered
  }
}

/** The log context of a raw event (read again only when something is to be said about it). */
function logContextOf(raw: Uint8Array): LogContext {
  try {
    const parsed = eventEnvelopeSchema.safeParse(parseJson(raw));
    return parsed.success ? eventLogContext(parsed.data) : {};
  } catch {
    return {}; // not JSON: nothing to tell
  }
}

const utf8 = new TextDecoder();

/** Each delivered message's JSON, read once: a per-order consumer reads it to choose the lane, the handler again. */
const jsonOfMessage = new WeakMap<JsMsg, unknown>();

function jsonOf(msg: JsMsg): unknown {
  if (jsonOfMessage.has(msg)) return jsonOfMessage.get(msg);
  const json = parseJson(msg.data);
  jsonOfMessage.set(msg, json);
  return json;
}

function parseJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(raw));
  } catch {
    throw new PoisonMessage('not JSON');
  }
}

function parseEnvelope(json: unknown): EventEnvelope {
  const parsed = eventEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    throw new PoisonMessage(`not an event envelope: ${issueText(parsed.error)}`);
  }
  return parsed.data as EventEnvelope;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
