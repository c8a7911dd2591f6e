import { jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DEAD_LETTER_STREAM, DEAD_LETTER_SUBJECTS, streams, Namespace } from '@atelier/contracts';

/**
 * Creates every stream of the event catalog when missing. Each service calls it at start, so
 * a consumer never waits for the owner of a stream to have started first. Streams keep
 * everything (limits retention, no age limit) so a new subscriber can replay from the start.
 */
export async function ensureStreams(nc: NatsConnection, ns: Namespace, replicas = 1): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc);
  const wanted: Array<[string, string]> = [
    ...Object.entries(streams).map(([name, subjects]): [string, string] => [name, subjects]),
    [DEAD_LETTER_STREAM, DEAD_LETTER_SUBJECTS],
  ];
  for (const [name, subjects] of wanted) {
    const streamName = ns.stream(name);
    const exists = await jsm.streams.info(streamName).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    await jsm.streams
      .add({
        name: streamName,
        subjects: [ns.subject(subjects)],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        duplicate_window: 2 * 60 * 1_000_000_000,
        // 3 on a NATS cluster, so a stream survives the loss of a node.
        num_replicas: replicas,
      })
      .catch(async (error: unknown) => {
        // Another service created it between our check and our add: fine.
        const raced = await jsm.streams.info(streamName).then(
          () => true,
          () => false,
        );
        if (!raced) throw error;
      });
  }
  return jsm;
}
