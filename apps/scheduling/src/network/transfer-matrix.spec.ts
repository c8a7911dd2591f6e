import { factoriesAffected, sortedPairs, toTransferMinutes } from './transfer-matrix';

const pair = (fromFactoryId: string, toFactoryId: string, minutes: number) => ({ fromFactoryId, toFactoryId, minutes });

describe('transfer matrix', () => {
  it('gives the engine the default and the pairs in a stable order', () => {
    expect(toTransferMinutes({ defaultMinutes: 240, pairs: [] })).toEqual({ default: 240 });
    const a = toTransferMinutes({ defaultMinutes: 60, pairs: [pair('b', 'a', 30), pair('a', 'c', 90), pair('a', 'b', 10)] });
    const b = toTransferMinutes({ defaultMinutes: 60, pairs: [pair('a', 'b', 10), pair('b', 'a', 30), pair('a', 'c', 90)] });
    expect(a).toEqual({ default: 60, between: { a: { b: 10, c: 90 }, b: { a: 30 } } });
    // The engine compares networks as JSON: the same matrix must not look changed.
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('sorts pairs by origin then destination', () => {
    expect(
      sortedPairs([pair('b', 'a', 1), pair('a', 'c', 2), pair('a', 'b', 3)]).map((p) => `${p.fromFactoryId}${p.toFactoryId}`),
    ).toEqual(['ab', 'ac', 'ba']);
  });

  it('names the factories a replacement may change', () => {
    const all = ['c', 'a', 'b'];
    const before = { defaultMinutes: 60, pairs: [pair('a', 'b', 10), pair('a', 'c', 20)] };
    expect(factoriesAffected(before, { ...before, defaultMinutes: 61 }, all)).toEqual(['a', 'b', 'c']);
    expect(factoriesAffected(before, before, all)).toEqual([]);
    expect(factoriesAffected(before, { defaultMinutes: 60, pairs: [pair('a', 'b', 15), pair('a', 'c', 20)] }, all)).toEqual([
      'a',
      'b',
    ]);
    expect(factoriesAffected(before, { defaultMinutes: 60, pairs: [pair('a', 'b', 10)] }, all)).toEqual(['a', 'c']);
  });
});
