import { processingMs, WorkingTime, type Factory } from '@atelier/scheduling-engine';

export interface Placement {
  capability: string;
  durationMinutes: number;
  workCentre: number;
  start: number;
  end: number;
}

/**
 * Whether a planned operation still fits its factory as it is now: the capability and work
 * centre exist and [start, end) holds exactly the working time it needs, starting and ending
 * inside working time. False when a closure or new working hours cover it.
 */
export function stillFits(factory: Factory, placement: Placement, workingTime = new WorkingTime(factory.calendar)): boolean {
  const capacity = factory.capabilities.find((c) => c.capability === placement.capability);
  if (!capacity || placement.workCentre >= capacity.workCentres) return false;
  const needed = processingMs(placement.durationMinutes, capacity.speedFactor);
  if (needed === 0) return true;
  if (workingTime.workingMsBetween(placement.start, placement.end) !== needed) return false;
  return (
    workingTime.workingMsBetween(placement.start, placement.start + 1) > 0 &&
    workingTime.workingMsBetween(placement.end - 1, placement.end) > 0
  );
}
