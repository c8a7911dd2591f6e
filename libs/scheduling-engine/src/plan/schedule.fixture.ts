import type { Factory, Network, WorkingHours } from '../network/network';
import type { OrderToPlan } from './operation';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Monday 2 March 2026, 00:00 UTC. */
export const MONDAY = Date.parse('2026-03-02T00:00:00Z');

export const weekdays = (from: string, to: string): WorkingHours[] =>
  ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from, to }));

export function factory(
  id: string,
  capabilities: Array<[string, number, number?]>,
  calendar?: Partial<Factory['calendar']>,
): Factory {
  return {
    id,
    supplierId: `supplier-${id}`,
    calendar: { timeZone: 'UTC', workingHours: [], closures: [], ...calendar },
    capabilities: capabilities.map(([capability, workCentres, speedFactor]) => ({
      capability,
      workCentres,
      speedFactor: speedFactor ?? 1,
    })),
  };
}

export function network(factories: Factory[], transferDefault = 0, between?: Network['transferMinutes']['between']): Network {
  return { factories, transferMinutes: { default: transferDefault, between } };
}

/** One order with one line per routing; operation ids are `${orderId}-${line}-${step}`. */
export function order(orderId: string, routings: Array<Array<[string, number]>>, dueDate?: number): OrderToPlan {
  return {
    orderId,
    dueDate,
    lines: routings.map((routing, line) => ({
      lineId: `${orderId}-${line}`,
      operations: routing.map(([capability, durationMinutes], step) => ({
        operationId: `${orderId}-${line}-${step}`,
        orderId,
        lineId: `${orderId}-${line}`,
        sequence: step + 1,
        capability,
        durationMinutes,
      })),
    })),
  };
}
