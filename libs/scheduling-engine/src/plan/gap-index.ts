/** What the gap index needs of a booking. */
export interface Span {
  start: number;
  end: number;
}

/** Bookings per run of the index; a run that grows past twice this is split in two. */
const RUN_SIZE = 32;

/**
 * The largest gap in each run of consecutive bookings of a timeline, so that a search can pass
 * over a whole run whose gaps are all too short for an operation instead of looking at each.
 * The gap after booking i is the next booking's start minus its end (Infinity after the last);
 * it may be negative when bookings overlap. The caller's array stays the single record of the
 * bookings: the index only knows how many of them each run holds, and is told of every change.
 */
export class GapIndex {
  /** Bookings in each run, in order; no run is empty. */
  private readonly sizes: number[] = [];
  /** Largest gap after a booking of each run (the last one's gap reaches into the next run). */
  private readonly largest: number[] = [];
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
    if (this.sizes.length === 0) {
      this.sizes.push(1);
      this.largest.push(Number.POSITIVE_INFINITY);
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
    const [run, first] = this.locate(index);
    this.sizes[run]--;
    if (this.sizes[run] === 0) {
      this.sizes.splice(run, 1);
      this.largest.splice(run, 1);
    } else {
      this.measure(run, first);
    }
    // The gap after the booking before the removed one changed; it lies in the run before when the
    // removed booking was the first of its run.
    if (index === first && run > 0) this.measure(run - 1, first - this.sizes[run - 1]);
  }

  /**
   * The first booking at or after `from` whose gap is not shorter than `minGap`: every booking in
   * between is followed by a gap shorter than that. `from` itself when it is the one (or unknown).
   */
  firstGapNotShorter(from: number, minGap: number): number {
    let [run, first] = this.locate(from);
    let index = from;
    for (; run < this.sizes.length; run++) {
      const end = first + this.sizes[run];
      if (this.largest[run] < minGap) {
        index = first = end;
        continue;
      }
      for (; index < end; index++) {
        if (!(this.gapAfter(index) < minGap)) {
          this.cursorRun = run;
          this.cursorFirst = first;
          return index;
        }
      }
      first = end;
    }
    return from;
  }

  private gapAfter(index: number): number {
    const next = this.bookings[index + 1];
    return next ? next.start - this.bookings[index].end : Number.POSITIVE_INFINITY;
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
  }

  private split(run: number, first: number): void {
    const size = this.sizes[run];
    const head = size >> 1;
    this.sizes.splice(run, 1, head, size - head);
    this.largest.splice(run, 0, 0);
    this.measure(run, first);
    this.measure(run + 1, first + head);
  }
}
