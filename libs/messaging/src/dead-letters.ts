import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_STREAM, type DeadLetterView, Namespace } from '@atelier/contracts';

/** Reads the dead-letter stream for the operator, newest first. */
export async function listDeadLetters(nc: NatsConnection, ns: Namespace, limit = 100): Promise<DeadLetterView[]> {
  const jsm = await jetstreamManager(nc);
  const stream = ns.stream(DEAD_LETTER_STREAM);
  const info = await jsm.streams.info(stream);
  const views: DeadLetterView[] = [];
  for (let seq = info.state.last_seq; seq >= info.state.first_seq && views.length < limit && seq > 0; seq--) {
    const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (!stored) continue; // replayed and deleted
    let eventId: string | null = null;
    let eventType: string | null = null;
    try {
      const envelope = JSON.parse(new TextDecoder().decode(stored.data));
      eventId = typeof envelope.id === 'string' ? envelope.id : null;
      eventType = typeof envelope.type === 'string' ? envelope.type : null;
    } catch {
      // A malformed message is dead-lettered as it came; the view says so by its nulls.
    }
    views.push({
      id: String(seq),
      service: stored.header.get(DEAD_LETTER_HEADERS.service),
      consumer: stored.header.get(DEAD_LETTER_HEADERS.consumer),
      subject: stored.header.get(DEAD_LETTER_HEADERS.subject),
      eventId,
      eventType,
      error: stored.header.get(DEAD_LETTER_HEADERS.error),
      deliveries: Number(stored.header.get(DEAD_LETTER_HEADERS.deliveries)) || 0,
      failedAt: stored.header.get(DEAD_LETTER_HEADERS.failedAt),
    });
  }
  return views;
}

/** Which service owns a dead letter, to route its replay. */
export async function deadLetterService(nc: NatsConnection, ns: Namespace, sequence: number): Promise<string | null> {
  const jsm = await jetstreamManager(nc);
  const stored = await jsm.streams.getMessage(ns.stream(DEAD_LETTER_STREAM), { seq: sequence }).catch(() => null);
  return stored ? stored.header.get(DEAD_LETTER_HEADERS.service) || null : null;
}
