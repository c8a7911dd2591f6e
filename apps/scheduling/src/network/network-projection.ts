import type { FactoryData } from '@atelier/contracts';
import { WorkingTime, type Factory, type Network, type WorkingHours } from '@atelier/scheduling-engine';
import type { EntityManager } from 'typeorm';
import { FactoryEntity } from './factory.entity';
import { loadTransferMatrix, toTransferMinutes, type TransferMatrix } from './transfer-matrix';

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

export function toNetwork(factories: FactoryEntity[], transfers: TransferMatrix): Network {
  const sorted = [...factories].sort((a, b) => a.id.localeCompare(b.id));
  return { factories: sorted.map(toEngineFactory), transferMinutes: toTransferMinutes(transfers) };
}

/** The network as this transaction sees it: the factories and the transfer-time matrix. */
export async function loadNetwork(manager: EntityManager): Promise<Network> {
  // One after the other: a transaction has one connection.
  const factories = await manager.find(FactoryEntity);
  return toNetwork(factories, await loadTransferMatrix(manager));
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
