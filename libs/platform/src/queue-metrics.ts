import { ScrapedGauge } from '@atelier/messaging';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

const queueJobs = new ScrapedGauge('atelier_queue_jobs', 'BullMQ jobs by queue and state (waiting, active, delayed, failed)', [
  'queue',
  'state',
]);

/** What a BullMQ queue is asked on a scrape (its type, without tying this library to BullMQ's). */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(...types: Array<(typeof STATES)[number]>): Promise<Record<string, number>>;
}

/** Reports the queue's depths on every scrape (one Redis round trip), until the returned function is called. */
export function reportQueueDepths(queue: CountableQueue): () => void {
  return queueJobs.readBy(async () => {
    const counts = await queue.getJobCounts(...STATES);
    return STATES.map((state) => ({ labels: { queue: queue.name, state }, value: counts[state] ?? 0 }));
  });
}
