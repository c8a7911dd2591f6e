import { Namespace } from '@atelier/contracts';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventContract, EventDataOf, EventEnvelope } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';

export interface EnvelopeOptions {
  id?: string;
  aggregateVersion?: number;
}

/** The envelope another service's outbox would write for this event: a fresh id and correlation, no cause. */
export function eventEnvelope<E extends EventContract<z.ZodType>>(
  event: E,
  aggregateId: string,
  data: EventDataOf<E>,
  options: EnvelopeOptions = {},
): EventEnvelope<EventDataOf<E>> {
  return {
    id: options.id ?? randomUUID(),
    type: event.type,
    version: event.version,
    occurredAt: new Date().toISOString(),
    aggregateId,
    aggregateVersion: options.aggregateVersion ?? 1,
    correlationId: randomUUID(),
    causationId: null,
    data,
  };
}

/**
 * Publishes an envelope to JetStream on the namespaced subject. Without `msgID` the stream keeps
 * duplicates, which is how a test makes a consumer's inbox (not JetStream) catch a redelivery.
 */
export async function publishEnvelope(
  nc: NatsConnection,
  namespace: string,
  subject: string,
  envelope: EventEnvelope,
  options: { msgID?: string } = {},
): Promise<void> {
  const target = new Namespace(namespace).subject(subject);
  await jetstream(nc).publish(target, JSON.stringify(envelope), options.msgID ? { msgID: options.msgID } : {});
}

/**
 * Publishes another service's event the way its outbox relay would: the envelope id is the
 * Nats-Msg-Id. A `msgID` other than the id forces a redelivery past JetStream's deduplication.
 */
export async function publishEvent<E extends EventContract<z.ZodType>>(
  nc: NatsConnection,
  namespace: string,
  event: E,
  aggregateId: string,
  data: EventDataOf<E>,
  options: EnvelopeOptions & { msgID?: string } = {},
): Promise<EventEnvelope<EventDataOf<E>>> {
  const envelope = eventEnvelope(event, aggregateId, data, options);
  await publishEnvelope(nc, namespace, event.subject, envelope, { msgID: options.msgID ?? envelope.id });
  return envelope;
}
