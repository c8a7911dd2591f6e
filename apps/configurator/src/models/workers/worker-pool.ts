import type { Worker } from 'node:worker_threads';

/** The task ran past its hard time limit; its worker was terminated. */
export class WorkerTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the task ran longer than ${limitMs} ms and its worker was stopped`);
    this.name = 'WorkerTimeoutError';
  }
}

/** The worker died under the task (out of memory, or an uncaught error). */
export class WorkerFailedError extends Error {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    super(message);
    this.name = 'WorkerFailedError';
  }
}

export interface WorkerPoolOptions {
  /** workers at most; they start when work arrives and are replaced when one dies or is stopped */
  size: number;
  /** a worker that posts `{ ready: true }` once loaded, then answers each `{ id, task }` with `{ id, reply }` */
  spawn: () => Worker;
  /** at most this many workers per lane at once (so long counts never take every worker) */
  laneLimits?: Record<string, number>;
  /** a worker with nothing to do for this long is stopped (its memory given back); the next task starts one */
  idleMs?: number;
}

export interface JobOptions {
  /** past it the worker is terminated: the only way to stop a thread that is busy computing */
  hardLimitMs: number;
  lane?: string;
  /** waiting jobs start highest priority first (default 0), in arrival order within one */
  priority?: number;
}

interface Job {
  id: number;
  task: unknown;
  options: JobOptions;
  resolve: (reply: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  retired: boolean;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  /** Runs out when the worker has been idle for idleMs. */
  idleTimer: NodeJS.Timeout | null;
}

/**
 * A few worker threads for work that must not run on the request thread. One task per worker
 * at a time; a task past its hard limit, or a worker that dies (out of memory, crash), fails
 * that task alone and the worker is replaced for the next one.
 */
export class WorkerPool<Task, Reply> {
  private readonly slots = new Set<Slot>();
  private readonly pending: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  run(task: Task, options: JobOptions): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Reply>((resolve, reject) => {
      this.pending.push({ id: this.nextId++, task, options, resolve: resolve as (reply: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Live workers (started or starting). */
  get workerCount(): number {
    return this.slots.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.pending.splice(0)) job.reject(new Error('the worker pool is closing'));
    const workers = [...this.slots].map((slot) => slot.worker);
    for (const slot of [...this.slots]) this.retire(slot, new Error('the worker pool is closing'));
    await Promise.all(workers.map((worker) => worker.terminate().catch(() => undefined)));
  }

  private dispatch(): void {
    if (this.closed) return;
    for (;;) {
      const index = this.nextRunnable();
      const slot = [...this.slots].find((candidate) => candidate.ready && !candidate.job);
      if (index < 0 || !slot) break;
      this.assign(slot, this.pending.splice(index, 1)[0]);
    }
    const waiting = this.pending.filter((job) => this.laneHasRoom(job.options.lane)).length;
    let starting = [...this.slots].filter((slot) => !slot.ready).length;
    while (this.slots.size < this.options.size && starting < waiting) {
      this.start();
      starting += 1;
    }
  }

  private nextRunnable(): number {
    let best = -1;
    this.pending.forEach((job, index) => {
      if (!this.laneHasRoom(job.options.lane)) return;
      if (best < 0 || (job.options.priority ?? 0) > (this.pending[best].options.priority ?? 0)) best = index;
    });
    return best;
  }

  private laneHasRoom(lane: string | undefined): boolean {
    const limit = lane === undefined ? undefined : this.options.laneLimits?.[lane];
    if (limit === undefined) return true;
    return [...this.slots].filter((slot) => slot.job?.options.lane === lane).length < limit;
  }

  private start(): void {
    const worker = this.options.spawn();
    worker.unref();
    const slot: Slot = { worker, ready: false, retired: false, job: null, timer: null, idleTimer: null };
    this.slots.add(slot);
    worker.on('message', (message: { ready?: boolean; id?: number; reply?: unknown }) => {
      if (message.ready) {
        slot.ready = true;
        this.dispatch();
        this.idleFrom(slot);
      } else if (slot.job && message.id === slot.job.id) {
        this.finish(slot, message.reply);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(slot, new WorkerFailedError(`the worker failed: ${error.message}`, outOfMemory));
    });
    worker.on('exit', (code) => this.retire(slot, new WorkerFailedError(`the worker exited with code ${code}`, false)));
  }

  private assign(slot: Slot, job: Job): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    slot.job = job;
    slot.timer = setTimeout(() => this.retire(slot, new WorkerTimeoutError(job.options.hardLimitMs)), job.options.hardLimitMs);
    slot.worker.postMessage({ id: job.id, task: job.task });
  }

  private finish(slot: Slot, reply: unknown): void {
    const job = slot.job as Job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    job.resolve(reply);
    this.dispatch();
    this.idleFrom(slot);
  }

  /** A worker left without a task is stopped once it has stayed so for idleMs. */
  private idleFrom(slot: Slot): void {
    if (this.options.idleMs === undefined || slot.job || slot.retired || slot.idleTimer) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (!slot.job) this.retire(slot, new Error('idle'));
    }, this.options.idleMs);
    slot.idleTimer.unref();
  }

  /** Takes a worker out of service, failing its task; the next dispatch starts a fresh one. */
  private retire(slot: Slot, error: Error): void {
    if (slot.retired) return;
    slot.retired = true;
    this.slots.delete(slot);
    if (slot.timer) clearTimeout(slot.timer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.job?.reject(error);
    void slot.worker.terminate().catch(() => undefined);
    // A worker that dies before it is ready would die again: fail the waiting work instead of looping.
    if (!slot.ready) for (const job of this.pending.splice(0)) job.reject(error);
    this.dispatch();
  }
}
