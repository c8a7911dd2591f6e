import fc from 'fast-check';
import { GapIndex, type Span, type WorkingMeasure } from './gap-index';

/** Works the first 6 of every 10 units: [0, 6), [10, 16), … */
const shifts: WorkingMeasure = {
  workingMsBetween(from, to) {
    const workedBefore = (t: number): number => Math.floor(t / 10) * 6 + Math.min(6, t - Math.floor(t / 10) * 10);
    return to <= from ? 0 : workedBefore(to) - workedBefore(from);
  },
};

/** The first booking at or after `from` whose gap is not shorter than `minGap`, one by one. */
function firstGapNotShorter(spans: readonly Span[], from: number, minGap: number, working?: WorkingMeasure): number {
  for (let index = from; index < spans.length - 1; index++) {
    const gap = spans[index + 1].start - spans[index].end;
    const workingGap = working ? working.workingMsBetween(spans[index].end, spans[index + 1].start) : gap;
    if (!(gap < minGap) && !(workingGap < minGap)) return index;
  }
  return spans.length - 1;
}

type Step = { kind: 'insert'; at: number | 'sorted'; start: number; length: number } | { kind: 'remove'; at: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      // Mostly where the start sorts, as a timeline inserts; anywhere otherwise.
      at: fc.oneof({ weight: 3, arbitrary: fc.constant('sorted' as const) }, fc.nat()),
      start: fc.integer({ min: 0, max: 300 }),
      length: fc.integer({ min: 0, max: 20 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
);

describe('GapIndex', () => {
  it('finds the first gap not shorter than asked (wall clock, working time, up to a limit), as a scan does, through inserts, removals, splits and empty runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(stepArbitrary, { maxLength: 200 }),
        fc.array(
          fc.tuple(fc.nat(), fc.integer({ min: -5, max: 30 }), fc.option(fc.integer({ min: 0, max: 330 }), { nil: undefined })),
          { minLength: 1, maxLength: 10 },
        ),
        // Mostly one calendar for all the searches of a run, as a timeline has: what was measured is kept.
        fc.constantFrom('wall clock', 'working time', 'either'),
        (runSize, steps, queries, measure) => {
          // Spans in any order and overlapping: the index only compares neighbours' start and end.
          const spans: Span[] = [];
          const index = new GapIndex(spans, runSize);
          for (const step of steps) {
            if (step.kind === 'insert') {
              const sorted = spans.findIndex((span) => span.start > step.start);
              const at = step.at === 'sorted' ? (sorted < 0 ? spans.length : sorted) : step.at % (spans.length + 1);
              spans.splice(at, 0, { start: step.start, end: step.start + step.length });
              index.inserted(at);
            } else if (spans.length > 0) {
              const at = step.at % spans.length;
              spans.splice(at, 1);
              index.removed(at);
            }
            for (const [from, minGap, limit] of queries) {
              if (spans.length === 0) continue;
              const start = from % spans.length;
              const inWorkingTime = measure === 'either' ? from % 2 === 0 : measure === 'working time';
              const working = inWorkingTime ? shifts : undefined;
              const found = index.firstGapNotShorter(start, minGap, working, limit);
              const first = firstGapNotShorter(spans, start, minGap, working);
              // Never past the first gap that fits; before it only at a booking ending after the limit.
              if (limit === undefined) expect(found).toBe(first);
              else if (found !== first) expect([found < first, spans[found].end > limit]).toEqual([true, true]);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('measures working time only where the wall clock allows, and forgets it when the calendar changes', () => {
    const spans: Span[] = [];
    const index = new GapIndex(spans, 1);
    // Gaps: 4 (inside a shift: 4 working), 14 (over an off time: 6 working), 10 (from an off time: 6 working).
    [0, 10, 30, 50].forEach((start, i) => {
      spans.push({ start, end: start + (i === 2 ? 10 : 6) });
      index.inserted(i);
    });
    expect(index.firstGapNotShorter(0, 5)).toBe(1);
    expect(index.firstGapNotShorter(0, 5, shifts)).toBe(1);
    expect(index.firstGapNotShorter(0, 7, shifts)).toBe(3);
    const always: WorkingMeasure = { workingMsBetween: (from, to) => Math.max(0, to - from) };
    expect(index.firstGapNotShorter(0, 7, always)).toBe(1);
    expect(index.firstGapNotShorter(0, 7, shifts, 20)).toBe(2);
  });

  it('never passes over a gap that is not a number', () => {
    const spans: Span[] = [];
    const index = new GapIndex(spans, 1);
    [0, 10, Number.NaN, 30, 40].forEach((start, i) => {
      spans.push({ start, end: start + 5 });
      index.inserted(i);
    });
    expect(index.firstGapNotShorter(0, 100)).toBe(1);
  });
});
