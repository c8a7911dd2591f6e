import type { ThrottlerStorage } from '@nestjs/throttler';
import { LRUCache } from 'lru-cache';

type ThrottlerRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Rate-limit keys (token or address, route, throttler) remembered at once; the least recently
 * seen goes first, so invented tokens cannot grow the gateway's memory without end.
 */
export const RATE_WINDOW_KEYS = 200_000;

interface Window {
  /** When the current fixed window began (a multiple of the limit's ttl). */
  start: number;
  current: number;
  /** Requests counted in the window before, when it is the one just before. */
  previous: number;
  /** Refused until then (0: not blocked). */
  blockedUntil: number;
}

/**
 * The gateway's rate limits, counted in constant time and memory per key: a sliding window
 * estimated from the count of the current fixed window plus the previous one's, weighted by how
 * much of it the sliding window still covers. @nestjs/throttler's own storage keeps one
 * timestamp per request and filters them all on every request, so a request costs in proportion
 * to the requests of its key in the last minute: measured here, 0.25 ms each at 20,000 (an
 * address at its default limit of 12,000 a minute pays most of that), and 200,000 requests of
 * one key took 353 s of CPU. (Without a block duration it also spreads them into Math.min, which
 * throws past about 125,000.)
 *
 * Blocking is the library's: the request past the limit is refused and the key stays blocked for
 * the block duration (the ttl unless set), then starts afresh. One gateway replica counts its own
 * requests (as the library's storage did).
 */
export class RateWindows implements ThrottlerStorage {
  private readonly windows = new LRUCache<string, Window>({ max: RATE_WINDOW_KEYS });

  constructor(private readonly now: () => number = Date.now) {}

  increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerRecord> {
    return Promise.resolve(this.count(key, ttl, limit, blockDuration));
  }

  private count(key: string, ttl: number, limit: number, blockDuration: number): ThrottlerRecord {
    const now = this.now();
    const start = now - (now % ttl);
    let window = this.windows.get(key);
    if (!window) {
      window = { start, current: 0, previous: 0, blockedUntil: 0 };
      this.windows.set(key, window);
    } else if (window.start !== start) {
      window.previous = start - window.start === ttl ? window.current : 0;
      window.current = 0;
      window.start = start;
    }
    const timeToExpire = Math.ceil((window.start + ttl - now) / 1000);
    const estimate = () => Math.ceil(window.previous * (1 - (now - window.start) / ttl)) + window.current;
    if (window.blockedUntil > now) {
      const timeToBlockExpire = Math.ceil((window.blockedUntil - now) / 1000);
      return { totalHits: Math.max(estimate(), limit + 1), timeToExpire, isBlocked: true, timeToBlockExpire };
    }
    if (window.blockedUntil > 0) {
      // The block is over: the key starts afresh.
      Object.assign(window, { current: 0, previous: 0, blockedUntil: 0 });
    }
    window.current++;
    const totalHits = estimate();
    if (totalHits <= limit) return { totalHits, timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
    // Refused, so not counted.
    window.current--;
    if (blockDuration <= 0) return { totalHits, timeToExpire, isBlocked: true, timeToBlockExpire: timeToExpire };
    window.blockedUntil = now + blockDuration;
    return { totalHits, timeToExpire, isBlocked: true, timeToBlockExpire: Math.ceil(blockDuration / 1000) };
  }
}
