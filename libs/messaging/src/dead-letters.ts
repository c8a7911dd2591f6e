import { jetstreamManager, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  decodeCursor,
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_STREAM,
  DEAD_LETTER_SUBJECTS,
  Namespace,
  toPage,
  type DeadLetterView,
  type Page,
  type PageQuery,
} from '@atelier/contracts';

/**
 * Reads the dead-letter stream for the operator, newest first, a page at a time. The cursor is the
 * stream sequence of the last letter shown; the next page holds the letters before it. Replayed
 * letters are deleted from the stream, so sequences have gaps: each window below the cursor is read
 * forward with next_by_subj, which skips the gaps server-side, and windows widen until the page is full.
 */
export async function listDeadLetters(nc: NatsConnection, ns: Namespace, page: PageQuery): Promise<Page<DeadLetterView>> {
  const jsm = await jetstreamManager(nc);
  const stream = ns.stream(DEAD_LETTER_STREAM);
  const { state } = await jsm.streams.info(stream);
  const before = page.cursor ? decodeCursor(page.cursor, parseSequence) : state.last_seq + 1;
  const wanted = page.limit + 1; // one more than the page: whether another page follows
  const newestFirst: StoredMsg[] = [];
  let high = Math.min(before, state.last_seq + 1);
  for (let width = wanted; newestFirst.length < wanted && high > state.first_seq && state.messages > 0; width *= 2) {
    const low = Math.max(state.first_seq, high - width);
    const window = await readForward(jsm, stream, ns.subject(DEAD_LETTER_SUBJECTS), low, high);
    newestFirst.push(...window.reverse());
    high = low;
  }
  return toPage(newestFirst.slice(0, wanted), page.limit, toView, (stored) => [stored.seq]);
}

/** The letters with low <= seq < high, oldest first: one request per letter, none per gap. */
async function readForward(
  jsm: JetStreamManager,
  stream: string,
  subjects: string,
  low: number,
  high: number,
): Promise<StoredMsg[]> {
  const letters: StoredMsg[] = [];
  for (let seq = low; seq < high;) {
    // next_by_subj is in the server's STREAM.MSG.GET API (2.9+); the client's type lists only seq and last_by_subj.
    const stored = await jsm.streams.getMessage(stream, { seq, next_by_subj: subjects } as unknown as { seq: number });
    if (!stored || stored.seq >= high) break;
    letters.push(stored);
    seq = stored.seq + 1;
  }
  return letters;
}

function toView(stored: StoredMsg): DeadLetterView {
  let eventId: string | null = null;
  let eventType: string | null = null;
  try {
    const envelope = JSON.parse(new TextDecoder().decode(stored.data));
    eventId = typeof envelope.id === 'string' ? envelope.id : null;
    eventType = typeof envelope.type === 'string' ? envelope.type : null;
  } catch {
    // A malformed message is dead-lettered as it came; the view says so by its nulls.
  }
  return {
    id: String(stored.seq),
    service: stored.header.get(DEAD_LETTER_HEADERS.service),
    consumer: stored.header.get(DEAD_LETTER_HEADERS.consumer),
    subject: stored.header.get(DEAD_LETTER_HEADERS.subject),
    eventId,
    eventType,
    error: stored.header.get(DEAD_LETTER_HEADERS.error),
    deliveries: Number(stored.header.get(DEAD_LETTER_HEADERS.deliveries)) || 0,
    failedAt: stored.header.get(DEAD_LETTER_HEADERS.failedAt),
  };
}

function parseSequence(parts: unknown[]): number | null {
  const [seq] = parts;
  return parts.length === 1 && Number.isSafeInteger(seq) && (seq as number) > 0 ? (seq as number) : null;
}

/** Which service owns a dead letter, to route its replay. */
export async function deadLetterService(nc: NatsConnection, ns: Namespace, sequence: number): Promise<string | null> {
  const jsm = await jetstreamManager(nc);
  const stored = await jsm.streams.getMessage(ns.stream(DEAD_LETTER_STREAM), { seq: sequence }).catch(() => null);
  return stored ? stored.header.get(DEAD_LETTER_HEADERS.service) || null : null;
}

/**
 * How many dead letters each consumer of a service has (the parked outbox events under "outbox"),
 * from the stream's per-subject counts: one request, no message read.
 */
export async function countDeadLetters(jsm: JetStreamManager, ns: Namespace, service: string): Promise<Map<string, number>> {
  const prefix = ns.subject(`deadletters.${service}.`);
  const info = await jsm.streams.info(ns.stream(DEAD_LETTER_STREAM), { subjects_filter: `${prefix}>` });
  const counts = new Map<string, number>();
  for (const [subject, count] of Object.entries(info.state.subjects ?? {})) counts.set(subject.slice(prefix.length), count);
  return counts;
}
