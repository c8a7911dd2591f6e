import { Namespace } from '@atelier/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export const testNatsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Deletes the JetStream streams (and so their consumers) and object store buckets a test namespace created. */
export async function deleteNamespaceStreams(namespace: string, natsUrl = testNatsUrl): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = new Namespace(namespace).stream('');
    for await (const name of jsm.streams.names()) {
      // One deleted meanwhile (an app's own shutdown, another clean-up) is fine: none must be left.
      // An object store bucket's stream is `OBJ_<bucket>` (the uploads bucket, @atelier/messaging).
      const owned = name.startsWith(prefix) || name.startsWith(`OBJ_${prefix}`);
      if (owned) await jsm.streams.delete(name).catch(() => undefined);
    }
  } finally {
    await nc.drain();
  }
}
