import { FT06, KACEM_STYLE } from './job-shop.fixture';
import { parseFlexibleJobShop, parseJobShop } from './parse-instance';

describe('parseFlexibleJobShop', () => {
  it('reads jobs, operations and machine options, machines renumbered from 0', () => {
    const instance = parseFlexibleJobShop(KACEM_STYLE, 'kacem1');
    expect(instance.machines).toBe(5);
    expect(instance.jobs.map((job) => job.length)).toEqual([3, 3, 4, 2]);
    expect(instance.jobs[0][0]).toEqual([
      { machine: 0, duration: 2 },
      { machine: 1, duration: 5 },
      { machine: 2, duration: 4 },
      { machine: 3, duration: 1 },
      { machine: 4, duration: 2 },
    ]);
    expect(instance.jobs[1][2][3]).toEqual({ machine: 3, duration: 54 });
  });

  it('recognises files whose machines are numbered from 0', () => {
    const instance = parseFlexibleJobShop('2 2\n2 1 0 5 2 0 3 1 4\n1 1 1 7\n', 'tiny');
    expect(instance.jobs).toEqual([
      [
        [{ machine: 0, duration: 5 }],
        [
          { machine: 0, duration: 3 },
          { machine: 1, duration: 4 },
        ],
      ],
      [[{ machine: 1, duration: 7 }]],
    ]);
  });

  it('rejects a job that is cut short or a machine out of range', () => {
    expect(() => parseFlexibleJobShop('1 2\n2 1 1 5\n', 'short')).toThrow(/job 1 is cut short/);
    expect(() => parseFlexibleJobShop('1 2\n1 1 3 5\n', 'range')).toThrow(/machine 3 outside/);
    expect(() => parseFlexibleJobShop('2 2\n1 1 1 5\n', 'missing')).toThrow(/2 jobs announced, 1 found/);
  });
});

describe('parseJobShop', () => {
  it('reads the OR-Library format, skipping comments', () => {
    const instance = parseJobShop(FT06, 'ft06');
    expect(instance.machines).toBe(6);
    expect(instance.jobs).toHaveLength(6);
    expect(instance.jobs[0].slice(0, 2)).toEqual([[{ machine: 2, duration: 1 }], [{ machine: 0, duration: 3 }]]);
    expect(instance.jobs[5][5]).toEqual([{ machine: 2, duration: 1 }]);
  });

  it('rejects a truncated instance', () => {
    expect(() => parseJobShop('2 2\n0 1 1 2\n', 'cut')).toThrow(/expected 2×2/);
  });
});
