import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileModel, importXcsp } from '../index';
import { ComponentCache } from './component-cache';
import { eliminationRanks } from './elimination-order';
import { countSolutions } from './solution-counter';

describe('component cache', () => {
  it('forgets its oldest counts past its size, keeping the newest', () => {
    const cache = new ComponentCache(10);
    cache.set('aaaa', 1n);
    cache.set('bbbb', 0n);
    expect(cache.get('bbbb')).toBe(0n); // zero counts are kept too
    cache.set('cccc', 3n); // 12 characters: down to at most 5
    expect(cache.get('aaaa')).toBeUndefined();
    expect(cache.get('bbbb')).toBeUndefined();
    expect(cache.get('cccc')).toBe(3n);
    expect(cache.size).toBe(1);
  });

  it('a count is the same when the cache keeps almost nothing (Renault medium)', () => {
    const file = path.resolve(process.cwd(), '../shared/benchmarks/configuration/renault_br4cp/medium_domainsorted.xml');
    const result = compileModel(importXcsp(readFileSync(file, 'utf8'), { id: 'renault-medium', name: 'Renault medium' }));
    if (!result.ok) throw new Error('Renault medium compiles');
    const { finiteOptions, relations } = result.model;
    expect(countSolutions(finiteOptions, relations, undefined, new ComponentCache(200))).toBe(278744n);
  });
});

describe('elimination order', () => {
  it('branches on the hub of a star first and on the ends of a path last', () => {
    const star = eliminationRanks(5, [
      [0, 1],
      [0, 2],
      [0, 3],
      [0, 4],
    ]);
    expect(Math.max(...star)).toBe(star[0]);
    // 0 - 1 - 2 - 3 - 4: the ends are eliminated first (so branched on last).
    const path = eliminationRanks(5, [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(Math.max(path[0], path[4])).toBe(1);
    expect(new Set(path).size).toBe(5);
  });

  it('finishes by degree alone when out of work, still ranking every option once', () => {
    const clique = [0, 1, 2, 3, 4, 5];
    const ranks = eliminationRanks(8, [clique, [6, 7]], 0);
    expect([...ranks].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Math.min(...clique.map((option) => ranks[option]))).toBeGreaterThan(Math.max(ranks[6], ranks[7]));
  });
});
