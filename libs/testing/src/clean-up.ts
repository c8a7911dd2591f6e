import { dropNamespaceSchemas } from './namespace';
import { deleteNamespaceQueues } from './queues';
import { deleteNamespaceStreams } from './streams';

/** Everything a test namespace left behind: schemas, streams and queues. Call it once the apps are closed. */
export async function cleanUpNamespace(namespace: string): Promise<void> {
  await Promise.all([dropNamespaceSchemas(namespace), deleteNamespaceStreams(namespace), deleteNamespaceQueues(namespace)]);
}
