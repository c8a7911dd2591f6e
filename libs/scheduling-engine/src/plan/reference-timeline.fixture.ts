import type { WorkingTime } from '../calendar/working-time';

import type { Booking, Slot } from './work-centre-timeline';

/**
 * The work centre timeline as it was before the gap index (kept verbatim, for tests only): the
 * plain walk from booking to booking that the indexed search must match exactly.
 */
export class ReferenceTimeline {
  private readonly bookings: Booking[] = [];
  /**
   * Set once two bookings overlap (a delay ran into firm work: a reported conflict). Searches
   * then scan from the first booking instead of trusting ends to be sorted.
   */
  private overlapping = false;

  get size(): number {
    return this.bookings.length;
  }

  all(): readonly Booking[] {
    return this.bookings;
  }

  book(booking: Booking): void {
    const index = this.indexOfFirstStartingAfter(booking.start, booking.end);
    const before = this.bookings[index - 1];
    const after = this.bookings[index];
    if (
      (before && before.end > booking.start && booking.end > booking.start) ||
      (after && after.start < booking.end && after.end > after.start)
    ) {
      this.overlapping = true;
    }
    this.bookings.splice(index, 0, booking);
  }

  /** Removes this very booking (by identity); false when it is not here. */
  release(booking: Booking): boolean {
    for (let i = this.firstEndingAfter(booking.start - 1); i < this.bookings.length; i++) {
      if (this.bookings[i] === booking) {
        this.bookings.splice(i, 1);
        return true;
      }
      if (this.bookings[i].start > booking.start) break;
    }
    const index = this.bookings.indexOf(booking);
    if (index >= 0) this.bookings.splice(index, 1);
    return index >= 0;
  }

  /**
   * The earliest slot starting at or after `ready` with `workMs` of working time that does not
   * overlap a booking; undefined when none starts before `latestStart`.
   */
  earliestSlot(ready: number, workMs: number, workingTime: WorkingTime, latestStart: number): Slot | undefined {
    let next = this.firstEndingAfter(ready);
    let candidate = ready;
    for (;;) {
      const start = workingTime.nextWorkingInstant(candidate);
      if (start > latestStart) return undefined;
      while (next < this.bookings.length && this.bookings[next].end <= start) next++;
      const end = workingTime.addWorkingTime(start, workMs);
      if (!Number.isFinite(end)) return undefined;
      if (next >= this.bookings.length || end <= this.bookings[next].start) return { start, end };
      candidate = this.bookings[next].end;
      next++;
    }
  }

  /** True when [start, end) overlaps no booking other than the named ones. */
  isFree(start: number, end: number, ignoring?: ReadonlySet<string>): boolean {
    for (let i = this.firstEndingAfter(start); i < this.bookings.length && this.bookings[i].start < end; i++) {
      if (!ignoring?.has(this.bookings[i].operationId) && this.bookings[i].end > start) return false;
    }
    return true;
  }

  private firstEndingAfter(instant: number): number {
    if (this.overlapping) return 0;
    let low = 0;
    let high = this.bookings.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.bookings[middle].end > instant) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private indexOfFirstStartingAfter(start: number, end: number): number {
    let low = 0;
    let high = this.bookings.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const booking = this.bookings[middle];
      if (booking.start < start || (booking.start === start && booking.end <= end)) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
