import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { dropNamespaceSchemas } from './namespace';

export const testNatsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Deletes the JetStream streams (and so their consumers) a test namespace created. */
export async function deleteNamespaceStreams(namespace: string, natsUrl = testNatsUrl): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `${namespace.toUpperCase().replace(/-/g, '_')}_`;
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(prefix)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.drain();
  }
}

/** Everything a test namespace left behind: schemas and streams. */
export async function cleanUpNamespace(namespace: string): Promise<void> {
  await Promise.all([dropNamespaceSchemas(namespace), deleteNamespaceStreams(namespace)]);
}
