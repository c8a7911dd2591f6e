import { waitFor } from '@atelier/testing';
import { Worker } from 'node:worker_threads';
import { WorkerFailedError, WorkerPool, WorkerTimeoutError } from './worker-pool';

/** A stand-in worker: echoes, spins forever, eats memory, or blocks until its gate opens. */
const TEST_WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, task }) => {
  if (task.kind === 'echo') parentPort.postMessage({ id, reply: task.value });
  if (task.kind === 'spin') for (;;) {}
  if (task.kind === 'hog') { const kept = []; for (;;) kept.push(new Array(100000).fill(Math.random())); }
  if (task.kind === 'block') {
    Atomics.add(task.started, 0, 1);
    Atomics.wait(task.gate, 0, 0);
    parentPort.postMessage({ id, reply: 'released' });
  }
});
parentPort.postMessage({ ready: true });
`;

type Task =
  { kind: 'echo'; value: string } | { kind: 'spin' } | { kind: 'hog' } | { kind: 'block'; started: Int32Array; gate: Int32Array };

const pools: Array<WorkerPool<Task, string>> = [];

function pool(
  size: number,
  laneLimits?: Record<string, number>,
  spawn = () => new Worker(TEST_WORKER, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 32 } }),
  idleMs?: number,
) {
  const created = new WorkerPool<Task, string>({ size, spawn, laneLimits, idleMs });
  pools.push(created);
  return created;
}

const shared = () => new Int32Array(new SharedArrayBuffer(4));
const generous = { hardLimitMs: 30_000 };

afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()));
});

describe('WorkerPool', () => {
  it('runs tasks on at most its size of workers, queueing the rest', async () => {
    const workers = pool(2);
    const replies = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((value) => workers.run({ kind: 'echo', value }, generous)));
    expect(replies).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(workers.workerCount).toBeLessThanOrEqual(2);
  });

  it('stops a worker that stays idle, and starts one again for the next task', async () => {
    const workers = pool(2, undefined, undefined, 100);
    await Promise.all(['a', 'b'].map((value) => workers.run({ kind: 'echo', value }, generous)));
    expect(workers.workerCount).toBeGreaterThan(0);
    await waitFor('the idle workers to be stopped', () => workers.workerCount === 0, { timeoutMs: 10_000 });
    await expect(workers.run({ kind: 'echo', value: 'again' }, generous)).resolves.toBe('again');
    expect(workers.workerCount).toBe(1);
  });

  it('stops a task past its hard limit and replaces the worker for the next one', async () => {
    const workers = pool(1);
    await expect(workers.run({ kind: 'spin' }, { hardLimitMs: 200 })).rejects.toBeInstanceOf(WorkerTimeoutError);
    await expect(workers.run({ kind: 'echo', value: 'after' }, generous)).resolves.toBe('after');
    expect(workers.workerCount).toBe(1);
  });

  it('fails a task whose worker runs out of memory, and replaces the worker', async () => {
    const workers = pool(1);
    const failure = await workers.run({ kind: 'hog' }, generous).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkerFailedError);
    expect((failure as WorkerFailedError).outOfMemory).toBe(true);
    await expect(workers.run({ kind: 'echo', value: 'recovered' }, generous)).resolves.toBe('recovered');
  });

  it('keeps a lane within its limit while other work goes on', async () => {
    const workers = pool(2, { count: 1 });
    const started = shared();
    const gate = shared();
    const first = workers.run({ kind: 'block', started, gate }, { ...generous, lane: 'count' });
    const second = workers.run({ kind: 'block', started, gate }, { ...generous, lane: 'count' });
    // The other worker answers while the first count blocks; the second count has not started.
    await waitFor('the first count to start', () => Atomics.load(started, 0) === 1);
    await expect(workers.run({ kind: 'echo', value: 'meanwhile' }, generous)).resolves.toBe('meanwhile');
    await expect(workers.run({ kind: 'echo', value: 'and again' }, generous)).resolves.toBe('and again');
    expect(Atomics.load(started, 0)).toBe(1);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await expect(Promise.all([first, second])).resolves.toEqual(['released', 'released']);
    expect(Atomics.load(started, 0)).toBe(2);
  });

  it('starts waiting work highest priority first', async () => {
    const workers = pool(1);
    const started = shared();
    const gate = shared();
    const order: string[] = [];
    const blocking = workers.run({ kind: 'block', started, gate }, generous);
    await waitFor('the worker to be busy', () => Atomics.load(started, 0) === 1);
    const low = workers.run({ kind: 'echo', value: 'low' }, generous).then((reply) => order.push(reply));
    const high = workers.run({ kind: 'echo', value: 'high' }, { ...generous, priority: 2 }).then((reply) => order.push(reply));
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    await Promise.all([blocking, low, high]);
    expect(order).toEqual(['high', 'low']);
  });

  it('fails waiting work when a worker cannot start, instead of starting it again and again', async () => {
    const broken = pool(1, undefined, () => new Worker('throw new Error("cannot load")', { eval: true }));
    await expect(broken.run({ kind: 'echo', value: 'x' }, generous)).rejects.toThrow(/cannot load/);
    expect(broken.workerCount).toBe(0);
  });
});
