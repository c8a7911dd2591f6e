import { withTimeout } from './timeout';

describe('withTimeout', () => {
  it('gives the answer that comes in time, or its failure', async () => {
    await expect(withTimeout(Promise.resolve(42), 1_000)).resolves.toBe(42);
    await expect(withTimeout(Promise.reject(new Error('refused')), 1_000)).rejects.toThrow('refused');
  });

  it('fails with its message when no answer comes', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withTimeout(never, 5)).rejects.toThrow('no answer in 5 ms');
    await expect(withTimeout(never, 5, 'Redis did not answer')).rejects.toThrow('Redis did not answer');
  });
});
