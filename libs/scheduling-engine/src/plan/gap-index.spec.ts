import fc from 'fast-check';
import { GapIndex, type Span } from './gap-index';

/** The first booking at or after `from` whose gap is not shorter than `minGap`, one by one. */
function firstGapNotShorter(spans: readonly Span[], from: number, minGap: number): number {
  for (let index = from; index < spans.length - 1; index++) {
    if (!(spans[index + 1].start - spans[index].end < minGap)) return index;
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
  it('finds the first gap not shorter than asked, as a scan does, through inserts, removals, splits and empty runs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(stepArbitrary, { maxLength: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: -5, max: 30 })), { minLength: 1, maxLength: 10 }),
        (runSize, steps, queries) => {
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
            for (const [from, minGap] of queries) {
              if (spans.length === 0) continue;
              const start = from % spans.length;
              expect(index.firstGapNotShorter(start, minGap)).toBe(firstGapNotShorter(spans, start, minGap));
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
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
