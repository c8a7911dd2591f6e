import { WorkingTime } from '../calendar/working-time';
import type { CapabilityCapacity, Factory, Network } from './network';
import { transferMs } from './transfer-time';

export interface CapableFactory {
  factory: Factory;
  capacity: CapabilityCapacity;
  workingTime: WorkingTime;
  /** Position in the network, used to break ties deterministically. */
  rank: number;
}

/** Look-ups over a network: who can do what, with which working time. Validates the network once. */
export class NetworkIndex {
  private readonly byCapability = new Map<string, CapableFactory[]>();
  private readonly factories = new Map<string, Factory>();
  private readonly workingTimes = new Map<string, WorkingTime>();

  /** A previous index lends its working times for calendars that did not change (they are costly to build). */
  /** A private copy: callers may mutate theirs, and changes are found by comparing with this one. */
  readonly network: Network;

  constructor(network: Network, previous?: NetworkIndex) {
    this.network = structuredClone(network);
    this.network.factories.forEach((factory, rank) => {
      if (this.factories.has(factory.id)) throw new RangeError(`Duplicate factory id "${factory.id}"`);
      this.factories.set(factory.id, factory);
      const before = previous?.factory(factory.id);
      const unchanged = before && JSON.stringify(before.calendar) === JSON.stringify(factory.calendar);
      const workingTime = unchanged ? previous!.workingTime(factory.id)! : new WorkingTime(factory.calendar);
      this.workingTimes.set(factory.id, workingTime);
      for (const capacity of factory.capabilities) {
        if (!Number.isInteger(capacity.workCentres) || capacity.workCentres < 0) {
          throw new RangeError(`Factory "${factory.id}": work centres of "${capacity.capability}" must be a whole number`);
        }
        if (!(capacity.speedFactor > 0)) {
          throw new RangeError(`Factory "${factory.id}": speed factor of "${capacity.capability}" must be positive`);
        }
        if (capacity.workCentres === 0) continue;
        const capable = this.byCapability.get(capacity.capability) ?? [];
        capable.push({ factory, capacity, workingTime, rank });
        this.byCapability.set(capacity.capability, capable);
      }
    });
  }

  capableFactories(capability: string): readonly CapableFactory[] {
    return this.byCapability.get(capability) ?? [];
  }

  factory(factoryId: string): Factory | undefined {
    return this.factories.get(factoryId);
  }

  workingTime(factoryId: string): WorkingTime | undefined {
    return this.workingTimes.get(factoryId);
  }

  capacity(factoryId: string, capability: string): CapabilityCapacity | undefined {
    return this.factories.get(factoryId)?.capabilities.find((c) => c.capability === capability);
  }

  transferMs(fromFactoryId: string, toFactoryId: string): number {
    return transferMs(this.network, fromFactoryId, toFactoryId);
  }
}
