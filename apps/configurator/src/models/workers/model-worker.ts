import { parentPort } from 'node:worker_threads';
import { runModelTask, type ModelTask } from './model-tasks';

/**
 * A model worker thread: checks, compiles and counts models one task at a time, so the request
 * thread never runs a search it cannot bound. WorkerPool stops it past a task's hard limit.
 */
const port = parentPort;
if (!port) throw new Error('model-worker runs as a worker thread');
port.on('message', ({ id, task }: { id: number; task: ModelTask }) => {
  port.postMessage({ id, reply: runModelTask(task) });
});
port.postMessage({ ready: true });
