import type { WorkingTime } from '../calendar/working-time';
import { GapIndex } from './gap-index';

export interface Booking {
  operationId: string;
  start: number;
  end: number;
}

export interface Slot {
  start: number;
  end: number;
}

/**
 * The bookings of one work centre, sorted by start; a work centre does one operation at a time.
 * A gap index lets searches pass over runs of bookings whose gaps are all too short for an
 * operation, so that a work centre booked solid for months costs about as much as an empty one.
 */
export class WorkCentreTimeline {
  private readonly bookings: Booking[] = [];
  private readonly gaps = new GapIndex(this.bookings);
  /**
   * Set once two bookings overlap (a delay ran into firm work: a reported conflict). Searches
   * then scan from the first booking instead of trusting ends to be sorted, unless they still are.
   */
  private overlapping = false;
  /**
   * Neighbours whose ends are out of order (a booking ending after the next one ends: a booking
   * inside another, or a time that is not a number). At 0, ends are sorted like starts: binary
   * searches by end may be trusted even when bookings overlap, and searches may skip gaps.
   */
  private endsOutOfOrder = 0;

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
    this.endsOutOfOrder -= this.endsOutOfOrderAt(index - 1);
    this.bookings.splice(index, 0, booking);
    this.endsOutOfOrder += this.endsOutOfOrderAt(index - 1) + this.endsOutOfOrderAt(index);
    this.gaps.inserted(index);
  }

  /** Removes this very booking (by identity); false when it is not here. */
  release(booking: Booking): boolean {
    for (let i = this.firstEndingAfter(booking.start - 1); i < this.bookings.length; i++) {
      if (this.bookings[i] === booking) {
        this.removeAt(i);
        return true;
      }
      if (this.bookings[i].start > booking.start) break;
    }
    const index = this.bookings.indexOf(booking);
    if (index >= 0) this.removeAt(index);
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
      // The walk would go on from the end of the booking in the way, and from the end of every
      // booking after it whose gap has less than workMs of working time (or of wall clock, which
      // working time only stretches): none of those gaps can hold the operation. With ends sorted,
      // go straight to the first gap that can, or to where the search is over (see the property
      // tests against the plain walk).
      const blocking = this.endsOutOfOrder === 0 ? this.gaps.firstGapNotShorter(next, workMs, workingTime, latestStart) : next;
      candidate = this.bookings[blocking].end;
      next = blocking + 1;
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
    if (this.overlapping && this.endsOutOfOrder > 0) return 0;
    let low = 0;
    let high = this.bookings.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.bookings[middle].end > instant) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private removeAt(index: number): void {
    this.endsOutOfOrder -= this.endsOutOfOrderAt(index - 1) + this.endsOutOfOrderAt(index);
    this.bookings.splice(index, 1);
    this.endsOutOfOrder += this.endsOutOfOrderAt(index - 1);
    this.gaps.removed(index);
  }

  /** 1 when booking `index` does not end at or before the next one ends (NaN counts), else 0. */
  private endsOutOfOrderAt(index: number): number {
    const booking = this.bookings[index];
    const next = this.bookings[index + 1];
    return booking && next && !(booking.end <= next.end) ? 1 : 0;
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
