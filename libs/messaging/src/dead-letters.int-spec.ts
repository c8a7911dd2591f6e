import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { AppError, DEAD_LETTER_HEADERS, DEAD_LETTER_STREAM, encodeCursor, Namespace } from '@atelier/contracts';
import { cleanUpNamespace, testNamespace } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { listDeadLetters } from './dead-letters';
import { ensureStreams } from './streams';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** The operator's list of dead letters, paged by stream sequence, on a real JetStream. */
describe('dead letters, page by page', () => {
  const ns = new Namespace(testNamespace('deadpages'));
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connect({ servers: natsUrl });
    await ensureStreams(nc, ns);
  });

  afterAll(async () => {
    await nc?.drain();
    await cleanUpNamespace(ns.prefix);
  });

  /** A letter as a consumer dead-letters it; answers its stream sequence. */
  async function deadLetter(eventId = randomUUID()): Promise<number> {
    const h = headers();
    h.set(DEAD_LETTER_HEADERS.service, 'scheduling');
    h.set(DEAD_LETTER_HEADERS.consumer, 'order-events');
    h.set(DEAD_LETTER_HEADERS.subject, 'orders.events.order.confirmed');
    h.set(DEAD_LETTER_HEADERS.error, 'does not match its contract');
    h.set(DEAD_LETTER_HEADERS.deliveries, '5');
    h.set(DEAD_LETTER_HEADERS.failedAt, new Date().toISOString());
    const ack = await jetstream(nc).publish(
      ns.subject('deadletters.scheduling.order-events'),
      JSON.stringify({ id: eventId, type: 'order.confirmed' }),
      {
        headers: h,
      },
    );
    return ack.seq;
  }

  it('walks every letter exactly once, newest first, across replayed (deleted) letters and letters arriving meanwhile', async () => {
    const sequences: number[] = [];
    for (let i = 0; i < 40; i++) sequences.push(await deadLetter());
    // Replays delete letters: a long run of gaps, and scattered ones.
    const jsm = await jetstreamManager(nc);
    const deleted = new Set([...sequences.slice(5, 30), sequences[33], sequences[36]]);
    for (const seq of deleted) await jsm.streams.deleteMessage(ns.stream(DEAD_LETTER_STREAM), seq);
    const remaining = sequences.filter((seq) => !deleted.has(seq));

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDeadLetters(nc, ns, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((letter) => Number(letter.id)));
      cursor = page.nextCursor ?? undefined;
      await deadLetter(); // newer than every page still to come
    } while (cursor);
    expect(seen).toEqual([...remaining].reverse());

    const [newest] = (await listDeadLetters(nc, ns, { limit: 1 })).items;
    expect(newest).toMatchObject({
      service: 'scheduling',
      consumer: 'order-events',
      eventType: 'order.confirmed',
      deliveries: 5,
    });
  });

  it('refuses a cursor it did not issue as VALIDATION_FAILED', async () => {
    for (const cursor of ['garbage', encodeCursor([0]), encodeCursor(['12']), encodeCursor([1.5]), encodeCursor([1, 2])]) {
      await expect(listDeadLetters(nc, ns, { limit: 5, cursor })).rejects.toMatchObject(
        new AppError('VALIDATION_FAILED', 'The cursor is not valid'),
      );
    }
  });
});
