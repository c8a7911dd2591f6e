import { withTimeout } from '@atelier/contracts';
import { Gauge } from 'prom-client';

/** How long one reader may take on a scrape: a slow dependency leaves its series out of that scrape instead of holding it. */
const READ_TIMEOUT_MS = 1_000;

export interface GaugeSample<L extends string> {
  labels: Partial<Record<L, string>>;
  value: number;
}

type Reader<L extends string> = () => Promise<Array<GaugeSample<L>>>;

/**
 * A gauge read when Prometheus scrapes, never on a request's path: whoever can read some of its
 * series (a relay, a consumer set, a store) adds a reader while it runs. Several readers may share a
 * process (tests run several apps in one); each adds its own labelled series.
 */
export class ScrapedGauge<L extends string> {
  private readonly readers = new Set<Reader<L>>();

  constructor(name: string, help: string, labelNames: readonly L[]) {
    const readers = this.readers;
    new Gauge<L>({
      name,
      help,
      labelNames,
      async collect() {
        const read = await Promise.allSettled([...readers].map((reader) => withTimeout(reader(), READ_TIMEOUT_MS)));
        this.reset();
        for (const outcome of read) {
          if (outcome.status === 'fulfilled') for (const { labels, value } of outcome.value) this.set(labels, value);
        }
      },
    });
  }

  /** Reads these series on every scrape until the returned function is called. */
  readBy(reader: Reader<L>): () => void {
    this.readers.add(reader);
    return () => this.readers.delete(reader);
  }
}

/**
 * The same answer for `ms` after it was asked: one query serves the gauges that share it, and a
 * burst of scrapes (several Prometheus servers) costs one. A failure is not kept.
 */
export function cachedFor<T>(ms: number, read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (cached && Date.now() - cached.at < ms) return cached.value;
    const value = read();
    const entry = { at: Date.now(), value };
    cached = entry;
    value.catch(() => {
      if (cached === entry) cached = null;
    });
    return value;
  };
}
