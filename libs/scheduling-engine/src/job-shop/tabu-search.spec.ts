import { checkJobShopSolution } from './job-shop-to-engine';
import type { JobShopSolution } from './job-shop-instance';
import { parseFlexibleJobShop, parseJobShop } from './parse-instance';
import { FT06, KACEM_STYLE } from './job-shop.fixture';
import { solveFlexibleJobShop } from './tabu-search';

describe('solveFlexibleJobShop', () => {
  it('finds the optimum of ft06 (55) with a feasible schedule', () => {
    const instance = parseJobShop(FT06, 'ft06');
    const solution = solveFlexibleJobShop(instance, { timeLimitMs: 2000, seed: 7, target: 55 });
    expect(solution.makespan).toBe(55);
    expect(checkJobShopSolution(instance, solution)).toEqual([]);
  });

  it('finds the optimum of Kacem 1 (11) using machine flexibility', () => {
    const instance = parseFlexibleJobShop(KACEM_STYLE, 'kacem1');
    const solution = solveFlexibleJobShop(instance, { timeLimitMs: 2000, seed: 3, target: 11 });
    expect(solution.makespan).toBe(11);
    expect(checkJobShopSolution(instance, solution)).toEqual([]);
  });

  it('is repeatable for a seed and an iteration budget', () => {
    const instance = parseJobShop(FT06, 'ft06');
    const first = solveFlexibleJobShop(instance, { seed: 11, maxIterations: 300 });
    const second = solveFlexibleJobShop(instance, { seed: 11, maxIterations: 300 });
    expect(second.operations).toEqual(first.operations);
  });
});

describe('checkJobShopSolution', () => {
  const instance = parseFlexibleJobShop('2 2\n2 1 1 5 2 1 3 2 4\n1 1 2 7\n', 'tiny');
  const valid: JobShopSolution = {
    makespan: 11,
    iterations: 0,
    foundAfterMs: 0,
    operations: [
      { job: 0, step: 0, machine: 0, start: 0, end: 5 },
      { job: 0, step: 1, machine: 1, start: 7, end: 11 },
      { job: 1, step: 0, machine: 1, start: 0, end: 7 },
    ],
  };

  it('accepts a feasible schedule', () => {
    expect(checkJobShopSolution(instance, valid)).toEqual([]);
  });

  it('finds overlap, broken precedence, wrong machine or duration, missing work', () => {
    const broken: JobShopSolution = {
      ...valid,
      operations: [
        { job: 0, step: 0, machine: 1, start: 0, end: 5 },
        { job: 0, step: 1, machine: 1, start: 4, end: 8 },
      ],
    };
    const violations = checkJobShopSolution(instance, broken);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/J1-2: starts 1 min before J1-1/),
        expect.stringMatching(/J1-2: overlaps/),
        'job 1 step 1: machine M2 cannot do it',
        '1 operations missing',
        'makespan reported 11, actual 8',
      ]),
    );
  });
});
