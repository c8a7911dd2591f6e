import { Injectable } from '@nestjs/common';

/**
 * The time as the app's rules read it (deadlines, sweeps, the stuck-order watchdog). It is the
 * system clock; tests move it forward instead of waiting for time to pass.
 */
@Injectable()
export class Clock {
  private skewMs = 0;

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + this.skewMs;
  }

  /** Moves this app's time forward (tests, drills). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward');
    this.skewMs += ms;
  }
}
