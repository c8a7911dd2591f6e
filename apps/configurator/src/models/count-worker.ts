import { parentPort, workerData } from 'node:worker_threads';
import { compileModel, countConfigurations } from '@atelier/configurator-engine';

/** Counts a model's configurations off the main thread, so a long count never stalls configure requests. */
const { document } = workerData as { document: unknown };
const compiled = compileModel(document);
if (!compiled.ok) {
  parentPort!.postMessage({ error: 'the stored model no longer compiles' });
} else {
  try {
    parentPort!.postMessage({ count: countConfigurations(compiled.model, { timeoutMs: 300_000 }).toString() });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
}
