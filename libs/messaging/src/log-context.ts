import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEnvelope } from '@atelier/contracts';

/** What every log line written while doing a piece of work carries (the platform's logger reads it). */
export interface LogContext {
  correlationId?: string;
  /** The order the work is for, once known. */
  orderId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Identifiers longer than this (from a header, say) are not taken: an id is short. */
const MAX_ID_LENGTH = 128;

/**
 * The context of the work in progress: a NATS request, a JetStream event, a BullMQ job. Each entry
 * point opens one with `runInLogContext`; the logger adds its fields to every line written inside.
 * (HTTP requests on the gateway have their own, from pino-http.)
 */
export function runInLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...context }, work);
}

export function currentLogContext(): Readonly<LogContext> | undefined {
  return storage.getStore();
}

/** The work in progress turned out to be for this order (an order being placed gets its id midway). */
export function bindOrderToLogContext(orderId: string): void {
  const context = storage.getStore();
  if (context) context.orderId = orderId;
}

/** A short, printable id from somewhere we do not control (a header), or undefined. */
export function acceptableId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH && /^[\x21-\x7e]+$/.test(value)
    ? value
    : undefined;
}

/**
 * An event's context: its correlation id, and the order it concerns (its `orderId`, a shipment's
 * first job's order, or the aggregate of an `order.*` event).
 */
export function eventLogContext(envelope: Pick<EventEnvelope, 'type' | 'aggregateId' | 'correlationId' | 'data'>): LogContext {
  return { correlationId: envelope.correlationId, orderId: orderIdOf(envelope) };
}

function orderIdOf(envelope: Pick<EventEnvelope, 'type' | 'aggregateId' | 'data'>): string | undefined {
  const data = envelope.data as { orderId?: unknown; jobs?: Array<{ orderId?: unknown }> } | null | undefined;
  const orderId = data?.orderId ?? (Array.isArray(data?.jobs) ? data.jobs[0]?.orderId : undefined);
  if (typeof orderId === 'string') return orderId;
  return envelope.type.startsWith('order.') ? envelope.aggregateId : undefined;
}
