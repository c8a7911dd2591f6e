import { Namespace } from '@atelier/contracts';
import { jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventDataOf, EventEnvelope, StreamName } from '@atelier/contracts';
import { waitFor } from './wait-for';

/** Which events to look for: a contract (typed data), or just `{ type }` when a test names events by type. */
export type EventKind = { readonly type: string };

type Recorded<E extends EventKind> = EventEnvelope<EventDataOf<E>>;

/**
 * Records every event of one namespaced stream, from its first message, in stream order. An
 * ordered (ephemeral) consumer: it leaves no durable state behind and cannot steal the app's messages.
 */
export class EventRecorder {
  readonly events: EventEnvelope[] = [];

  private constructor(private readonly messages: ConsumerMessages) {
    void (async () => {
      for await (const msg of messages) this.events.push(msg.json<EventEnvelope>());
    })();
  }

  /** The stream must exist: start the recorder after the app that creates it. */
  static async start(nc: NatsConnection, namespace: string, stream: StreamName): Promise<EventRecorder> {
    const consumer = await jetstream(nc).consumers.get(new Namespace(namespace).stream(stream));
    return new EventRecorder(await consumer.consume());
  }

  /** The events of one kind recorded so far that match. */
  matching<E extends EventKind>(event: E, match: (envelope: Recorded<E>) => boolean = () => true): Array<Recorded<E>> {
    return this.events.filter((e): e is Recorded<E> => e.type === event.type && match(e as Recorded<E>));
  }

  /** Waits until at least `count` events of the kind match; returns them all. */
  async waitForEvents<E extends EventKind>(
    event: E,
    match: (envelope: Recorded<E>) => boolean,
    count: number,
    options: { timeoutMs?: number } = {},
  ): Promise<Array<Recorded<E>>> {
    try {
      const enough = () => {
        const found = this.matching(event, match);
        return found.length >= count ? found : undefined;
      };
      return await waitFor(`${count} × ${event.type}`, enough, options);
    } catch (error) {
      // What did arrive is usually the clue: an event of another type, or one for another aggregate.
      const seen =
        this.events
          .slice(-30)
          .map((e) => `${e.type}(${e.aggregateId})`)
          .join(', ') || 'nothing';
      throw new Error(`${(error as Error).message}; recorded: ${seen}`);
    }
  }

  async waitForEvent<E extends EventKind>(
    event: E,
    match: (envelope: Recorded<E>) => boolean = () => true,
    options: { timeoutMs?: number } = {},
  ): Promise<Recorded<E>> {
    const [first] = await this.waitForEvents(event, match, 1, options);
    return first;
  }

  async stop(): Promise<void> {
    await this.messages.close();
  }
}
