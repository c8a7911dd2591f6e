import { Injectable } from '@nestjs/common';
import { ModelWorkers, type StoredVersion } from './workers/model-workers.service';

/**
 * Counts valid configurations on a model worker (automotive01 takes about a minute of CPU).
 * Requests for a version already being counted wait for that count instead of starting another.
 */
@Injectable()
export class ConfigurationCounter {
  private readonly inProgress = new Map<string, Promise<string>>();

  constructor(private readonly workers: ModelWorkers) {}

  count(stored: StoredVersion): Promise<string> {
    const key = `${stored.productId}@${stored.version}`;
    let counting = this.inProgress.get(key);
    if (!counting) {
      counting = this.workers.count(stored).finally(() => this.inProgress.delete(key));
      this.inProgress.set(key, counting);
    }
    return counting;
  }
}
