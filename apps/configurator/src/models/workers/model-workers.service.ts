import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppError } from '@atelier/contracts';
import type { PortableModel } from '@atelier/configurator-engine';
import { CONFIGURATOR_SETTINGS, type ConfiguratorSettings } from '../../configurator-settings';
import { tooHardToCheck, type CheckedModel, type ModelSource, type ModelTask, type TaskOutcome } from './model-tasks';
import { WorkerFailedError, WorkerPool, WorkerTimeoutError } from './worker-pool';
import { spawnModelWorker } from './worker-script';

/** A stored version as the workers need it: the document stays JSON text on this thread. */
export interface StoredVersion {
  productId: string;
  version: number;
  documentJson: string;
}

/** A version that passed its check on a busy machine must still load on a replica. */
const LOAD_TIME_FACTOR = 3;

/** The search stops itself at the time limit; the worker is stopped only when something else overruns. */
const hardLimit = (timeLimitMs: number) => Math.ceil(timeLimitMs * 1.25) + 1_000;

/** A model worker idle this long is stopped (a started one costs a fraction of a second, and its heap stays otherwise). */
const MODEL_WORKER_IDLE_MS = 60_000;
/** Customers wait on a first load; an operator on a check; nobody in particular on a count. */
const PRIORITY: Record<ModelTask['kind'], number> = { compile: 2, check: 1, count: 0 };

/**
 * Checking, compiling and counting models on worker threads, so a hard or huge model never
 * stalls the requests of other customers. Refusals come back as INVALID_MODEL or TOO_HARD.
 */
@Injectable()
export class ModelWorkers implements OnModuleDestroy {
  private readonly pool: WorkerPool<ModelTask, TaskOutcome<unknown>>;

  constructor(@Inject(CONFIGURATOR_SETTINGS) private readonly settings: ConfiguratorSettings) {
    const size = settings.modelWorkers;
    this.pool = new WorkerPool({
      size,
      spawn: () => spawnModelWorker({ maxOldGenerationSizeMb: settings.modelWorkerMemoryMb }),
      laneLimits: { count: Math.max(1, size - 1) },
      // Models are published now and then: between publishes the workers' memory goes back.
      idleMs: MODEL_WORKER_IDLE_MS,
    });
  }

  /** Reads, validates and compiles a model to publish; it must have a valid configuration. */
  check(source: ModelSource): Promise<CheckedModel> {
    const timeLimitMs = this.settings.modelCheckTimeLimitMs;
    return this.run<CheckedModel>(
      { kind: 'check', source, timeLimitMs },
      undefined,
      () => new AppError('TOO_HARD', tooHardToCheck(timeLimitMs)),
    );
  }

  /** A stored version compiled off this thread, for restoreModel here. */
  async compile(stored: StoredVersion): Promise<PortableModel> {
    const timeLimitMs = this.settings.modelCheckTimeLimitMs * LOAD_TIME_FACTOR;
    try {
      return await this.run<PortableModel>(
        { kind: 'compile', documentJson: stored.documentJson, timeLimitMs },
        undefined,
        () =>
          new AppError(
            'TOO_HARD',
            `${stored.productId} version ${stored.version} could not be loaded within ${timeLimitMs / 1000} s`,
          ),
      );
    } catch (error) {
      // A stored version passed its check: failing now is our fault (500), not the caller's.
      if (error instanceof AppError && error.code === 'INVALID_MODEL')
        throw new Error(`${stored.productId} version ${stored.version}: ${error.message}`);
      throw error;
    }
  }

  count(stored: StoredVersion): Promise<string> {
    const timeLimitMs = this.settings.countTimeLimitMs;
    return this.run<string>(
      { kind: 'count', documentJson: stored.documentJson, timeLimitMs },
      'count',
      () =>
        new AppError(
          'TOO_HARD',
          `Counting ${stored.productId} version ${stored.version} takes more than ${timeLimitMs / 1000} s`,
        ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  private async run<T>(task: ModelTask, lane: string | undefined, tooSlow: () => AppError): Promise<T> {
    let outcome: TaskOutcome<unknown>;
    try {
      outcome = await this.pool.run(task, { hardLimitMs: hardLimit(task.timeLimitMs), lane, priority: PRIORITY[task.kind] });
    } catch (error) {
      if (error instanceof WorkerTimeoutError) throw tooSlow();
      if (error instanceof WorkerFailedError && error.outOfMemory) {
        throw new AppError(
          'TOO_HARD',
          `The model needs more than ${this.settings.modelWorkerMemoryMb} MB of memory to ${task.kind}`,
        );
      }
      throw error;
    }
    if (!outcome.ok) throw new AppError(outcome.refusal.code, outcome.refusal.message, outcome.refusal.details);
    return outcome.value as T;
  }
}
