import type { FactoryData } from '@atelier/contracts';
import { WorkingTime, type Factory, type Network, type WorkingHours } from '@atelier/scheduling-engine';
import type { FactoryEntity } from './factory.entity';

/** Elapsed minutes to move work between two different factories (none within one). */
export const DEFAULT_TRANSFER_MINUTES = 240;

export function toEngineFactory(factory: FactoryEntity): Factory {
  return {
    id: factory.id,
    supplierId: factory.supplierId,
    calendar: {
      timeZone: factory.timeZone,
      workingHours: factory.workingHours.map((hours) => ({ ...hours, day: hours.day as WorkingHours['day'] })),
      closures: factory.closures,
    },
    capabilities: factory.capabilities,
  };
}

export function toNetwork(factories: FactoryEntity[]): Network {
  const sorted = [...factories].sort((a, b) => a.id.localeCompare(b.id));
  return { factories: sorted.map(toEngineFactory), transferMinutes: { default: DEFAULT_TRANSFER_MINUTES } };
}

/** The projection row of a factory as suppliers announced it. */
export function factoryRow(data: FactoryData): Omit<FactoryEntity, 'updatedAt'> {
  return {
    id: data.id,
    supplierId: data.supplierId,
    name: data.name,
    timeZone: data.timeZone,
    workingHours: data.calendar.workingHours,
    closures: data.calendar.closures,
    capabilities: data.capabilities,
  };
}

/** Why the engine could not use this calendar (e.g. an unknown time zone), or null when it can. */
export function calendarProblem(factory: Omit<FactoryEntity, 'updatedAt'>): string | null {
  try {
    new WorkingTime(toEngineFactory({ ...factory, updatedAt: new Date() }).calendar).nextWorkingInstant(Date.now());
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
