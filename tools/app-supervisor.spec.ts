import { RestartBackoff } from './app-supervisor.mjs';

describe('RestartBackoff (how long npm start waits before starting a crashed app again)', () => {
  const policy = { firstDelayMs: 1000, maxDelayMs: 30_000, resetAfterMs: 60_000 };

  it('doubles the pause for each crash in a row, up to the cap', () => {
    const backoff = new RestartBackoff(policy);
    const pauses = Array.from({ length: 8 }, () => backoff.next(500));
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.restartsInARow).toBe(8);
  });

  it('starts over from the first pause once the app has stayed up long enough', () => {
    const backoff = new RestartBackoff(policy);
    backoff.next(500);
    backoff.next(500);
    expect(backoff.next(59_999)).toBe(4000);
    expect(backoff.next(60_000)).toBe(1000);
    expect(backoff.restartsInARow).toBe(1);
  });
});
