import { Injectable } from '@nestjs/common';
import { AppError } from '@atelier/contracts';
import { countConfigurations, CountBudgetExceededError } from '@atelier/configurator-engine';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadedModel } from './model-catalog.service';

/**
 * Counts valid configurations. Counting a large feature model takes a minute of CPU, so the built
 * service counts in a worker thread; where the worker is not built (tests run the sources), it
 * counts in-process under a tighter budget.
 */
@Injectable()
export class ConfigurationCounter {
  private readonly workerFile = builtWorkerFile();

  async count(loaded: LoadedModel): Promise<string> {
    if (!this.workerFile) return this.countInProcess(loaded);
    const workerFile = this.workerFile;
    const answer = await new Promise<{ count?: string; error?: string }>((resolve, reject) => {
      const worker = new Worker(workerFile, { workerData: { document: loaded.model.document } });
      worker.once('message', (message) => {
        resolve(message);
        void worker.terminate();
      });
      worker.once('error', reject);
    });
    if (answer.error) throw new AppError('CONFLICT', `Counting ${loaded.productId} version ${loaded.version} failed: ${answer.error}`);
    return answer.count!;
  }

  private countInProcess(loaded: LoadedModel): string {
    try {
      return countConfigurations(loaded.model, { timeoutMs: 30_000 }).toString();
    } catch (error) {
      if (error instanceof CountBudgetExceededError) {
        throw new AppError('CONFLICT', `Counting ${loaded.productId} version ${loaded.version} exceeds the in-process budget`);
      }
      throw error;
    }
  }
}

/** The compiled worker beside this file, when running the build (CommonJS has __dirname; the test sources do not). */
function builtWorkerFile(): string | null {
  if (typeof __dirname === 'undefined') return null;
  const file = path.join(__dirname, 'count-worker.js');
  return existsSync(file) ? file : null;
}
