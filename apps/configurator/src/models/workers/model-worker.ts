import { parentPort } from 'node:worker_threads';
import { runModelTask, type ModelTask, type TaskOutcome } from './model-tasks';

/**
 * A model worker thread: checks, compiles and counts models one task at a time, so the request
 * thread never runs a search it cannot bound. WorkerPool stops it past a task's hard limit.
 */
const port = parentPort;
if (!port) throw new Error('model-worker runs as a worker thread');
port.on('message', ({ id, task }: { id: number; task: ModelTask }) => {
  const reply = runModelTask(task);
  port.postMessage({ id, reply }, transferables(reply));
});

/** A compiled model's typed arrays move to the request thread without a copy. */
function transferables(reply: TaskOutcome<unknown>): ArrayBuffer[] {
  if (!reply.ok || typeof reply.value !== 'object' || reply.value === null) return [];
  return Object.values(reply.value).flatMap((part) => (ArrayBuffer.isView(part) ? [part.buffer as ArrayBuffer] : []));
}
port.postMessage({ ready: true });
