import type { Interval } from '@atelier/calendar';

export type { Interval };

/** Sorted, non-overlapping intervals minus sorted, possibly overlapping holes. */
export function subtractIntervals(intervals: Interval[], holes: Interval[]): Interval[] {
  const result: Interval[] = [];
  let holeIndex = 0;
  for (const interval of intervals) {
    let cursor = interval.start;
    while (holeIndex < holes.length && holes[holeIndex].end <= cursor) holeIndex++;
    for (let h = holeIndex; h < holes.length && holes[h].start < interval.end; h++) {
      if (holes[h].start > cursor) result.push({ start: cursor, end: holes[h].start });
      cursor = Math.max(cursor, holes[h].end);
    }
    if (cursor < interval.end) result.push({ start: cursor, end: interval.end });
  }
  return result;
}

/** Sorts by start and merges overlapping or touching intervals. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}
