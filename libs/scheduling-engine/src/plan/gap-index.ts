/** What the gap index needs of a booking. */
export interface Span {
  start: number;
  end: number;
}

/** Working time between two instants (a factory's WorkingTime). */
export interface WorkingMeasure {
  workingMsBetween(from: number, to: number): number;
}

/** Bookings per run of the index; a run that grows past twice this is split in two. */
const RUN_SIZE = 32;

/**
 * The largest gap in each run of consecutive bookings of a timeline, so that a search can pass
 * over a whole run whose gaps are all too short for an operation instead of looking at each.
 * The gap after booking i is the next booking's start minus its end (Infinity after the last);
 * it may be negative when bookings overlap. The caller's array stays the single record of the
 * bookings: the index only knows how many of them each run holds, and is told of every change.
 *
 * A gap longer than the operation on the wall clock may still not hold it: a night or a weekend
 * has no working time. So the index also keeps, for the calendar it was last searched with, the
 * working time of each gap and the largest per run, measured when first needed and forgotten
 * when the gap changes.
 */
export class GapIndex {
  /** Bookings in each run, in order; no run is empty. */
  private readonly sizes: number[] = [];
  /** Largest gap after a booking of each run (the last one's gap reaches into the next run). */
  private readonly largest: number[] = [];
  /** Largest working time in a gap of each run, by `measuredWith`; NaN until measured. */
  private readonly largestWorking: number[] = [];
  /** Working time in the gap after each booking, by `measuredWith`; NaN until measured. */
  private readonly workingGaps: number[] = [];
  private measuredWith: WorkingMeasure | undefined;
  /** The run where the last search stopped and its first booking: searches go forwards. */
  private cursorRun = 0;
  private cursorFirst = 0;

  /** `runSize` is for tests, which use tiny runs to see them split and empty. */
  constructor(
    private readonly bookings: readonly Span[],
    private readonly runSize = RUN_SIZE,
  ) {}

  /** The booking now at `index` was just inserted; it joins the run of the booking before it. */
  inserted(index: number): void {
    this.resetCursor();
    this.workingGaps.splice(index, 0, Number.NaN);
    if (index > 0) this.workingGaps[index - 1] = Number.NaN;
    if (this.sizes.length === 0) {
      this.sizes.push(1);
      this.largest.push(Number.POSITIVE_INFINITY);
      this.largestWorking.push(Number.NaN);
      return;
    }
    const [run, first] = this.locate(Math.max(0, index - 1));
    this.sizes[run]++;
    // The gaps that changed (before and after the new booking) both lie in this run.
    if (this.sizes[run] > 2 * this.runSize) this.split(run, first);
    else this.measure(run, first);
  }

  /** The booking that was at `index` was just removed. */
  removed(index: number): void {
    this.resetCursor();
    this.workingGaps.splice(index, 1);
    if (index > 0) this.workingGaps[index - 1] = Number.NaN;
    const [run, first] = this.locate(index);
    this.sizes[run]--;
    if (this.sizes[run] === 0) {
      this.sizes.splice(run, 1);
      this.largest.splice(run, 1);
      this.largestWorking.splice(run, 1);
    } else {
      this.measure(run, first);
    }
    // The gap after the booking before the removed one changed; it lies in the run before when the
    // removed booking was the first of its run.
    if (index === first && run > 0) this.measure(run - 1, first - this.sizes[run - 1]);
  }

  /**
   * The first booking at or after `from` whose gap is not shorter than `minGap`, on the wall clock
   * and, with `working`, in working time: every booking in between is followed by a gap too short.
   * A booking ending after `limit` may be returned instead, never one past that gap: a search that
   * got there is over, and runs beyond it need not be measured. `from` when its gap is unknown.
   */
  firstGapNotShorter(from: number, minGap: number, working?: WorkingMeasure, limit = Number.POSITIVE_INFINITY): number {
    if (working !== this.measuredWith) {
      this.largestWorking.fill(Number.NaN);
      this.workingGaps.fill(Number.NaN);
      this.measuredWith = working;
    }
    let [run, first] = this.locate(from);
    let index = from;
    for (; run < this.sizes.length; run++) {
      const end = first + this.sizes[run];
      if (this.bookings[index].end > limit) break;
      if (this.largest[run] < minGap || (working && this.workingLargest(run, first, working) < minGap)) {
        index = first = end;
        continue;
      }
      for (; index < end; index++) {
        if (this.bookings[index].end > limit) break;
        if (!(this.gapAfter(index) < minGap) && !(working && this.workingGapAfter(index, working) < minGap)) break;
      }
      if (index < end) break;
      first = end;
    }
    if (run >= this.sizes.length) return from;
    this.cursorRun = run;
    this.cursorFirst = first;
    return index;
  }

  private gapAfter(index: number): number {
    const next = this.bookings[index + 1];
    return next ? next.start - this.bookings[index].end : Number.POSITIVE_INFINITY;
  }

  private workingGapAfter(index: number, working: WorkingMeasure): number {
    if (Number.isNaN(this.workingGaps[index])) {
      const next = this.bookings[index + 1];
      this.workingGaps[index] = next ? working.workingMsBetween(this.bookings[index].end, next.start) : Number.POSITIVE_INFINITY;
    }
    return this.workingGaps[index];
  }

  private workingLargest(run: number, first: number, working: WorkingMeasure): number {
    if (Number.isNaN(this.largestWorking[run])) {
      let largest = Number.NEGATIVE_INFINITY;
      for (let index = first; index < first + this.sizes[run]; index++) {
        const gap = this.workingGapAfter(index, working);
        if (gap > largest || Number.isNaN(gap)) largest = gap;
      }
      this.largestWorking[run] = largest;
    }
    return this.largestWorking[run];
  }

  /** The run holding the booking at `index`, and that run's first booking. */
  private locate(index: number): [number, number] {
    let run = 0;
    let first = 0;
    if (index >= this.cursorFirst && this.cursorRun < this.sizes.length) {
      run = this.cursorRun;
      first = this.cursorFirst;
    }
    while (run < this.sizes.length - 1 && first + this.sizes[run] <= index) first += this.sizes[run++];
    return [run, first];
  }

  private resetCursor(): void {
    this.cursorRun = 0;
    this.cursorFirst = 0;
  }

  private measure(run: number, first: number): void {
    let largest = Number.NEGATIVE_INFINITY;
    for (let index = first; index < first + this.sizes[run]; index++) {
      const gap = this.gapAfter(index);
      // NaN (a booking without a real time) sticks: such a run is never passed over.
      if (gap > largest || Number.isNaN(gap)) largest = gap;
    }
    this.largest[run] = largest;
    this.largestWorking[run] = Number.NaN;
  }

  private split(run: number, first: number): void {
    const size = this.sizes[run];
    const head = size >> 1;
    this.sizes.splice(run, 1, head, size - head);
    this.largest.splice(run, 0, 0);
    this.largestWorking.splice(run, 0, Number.NaN);
    this.measure(run, first);
    this.measure(run + 1, first + head);
  }
}
