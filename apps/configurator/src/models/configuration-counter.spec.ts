import { ConfigurationCounter } from './configuration-counter';
import type { ModelWorkers, StoredVersion } from './workers/model-workers.service';

/** The workers' count, held open until the test answers it. */
class CountingWorkers {
  readonly asked: StoredVersion[] = [];
  private readonly answers: Array<(count: string) => void> = [];

  count(stored: StoredVersion): Promise<string> {
    this.asked.push(stored);
    return new Promise((resolve) => this.answers.push(resolve));
  }

  answer(index: number, count: string): void {
    this.answers[index](count);
  }
}

const version = (productId: string, number: number): StoredVersion => ({ productId, version: number, documentJson: '{}' });

describe('ConfigurationCounter', () => {
  it('lets requests for a version being counted wait for that count', async () => {
    const workers = new CountingWorkers();
    const counter = new ConfigurationCounter(workers as unknown as ModelWorkers);
    const first = counter.count(version('bicycle', 1));
    const second = counter.count(version('bicycle', 1));
    const other = counter.count(version('bicycle', 2));
    expect(workers.asked.map((stored) => stored.version)).toEqual([1, 2]);
    workers.answer(0, '42');
    workers.answer(1, '7');
    await expect(Promise.all([first, second, other])).resolves.toEqual(['42', '42', '7']);
    // Once done, a new request counts again (the catalog stores the count; this only shares work in progress).
    void counter.count(version('bicycle', 1));
    expect(workers.asked).toHaveLength(3);
  });
});
