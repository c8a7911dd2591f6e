import type { Network } from '../network/network';
import { checkSchedule } from '../plan/check-schedule';
import type { PlannedOperation } from '../plan/operation';
import type { FlexibleJobShopInstance, JobShopSolution } from './job-shop-instance';

const MINUTE = 60_000;

const machineName = (machine: number): string => `M${machine + 1}`;

/** Each machine becomes an always-open factory with one work centre; time units are minutes from epoch 0. */
export function jobShopNetwork(instance: FlexibleJobShopInstance): Network {
  return {
    factories: Array.from({ length: instance.machines }, (_, machine) => ({
      id: machineName(machine),
      supplierId: machineName(machine),
      calendar: { timeZone: 'UTC', workingHours: [], closures: [] },
      capabilities: [{ capability: machineName(machine), workCentres: 1, speedFactor: 1 }],
    })),
    transferMinutes: { default: 0 },
  };
}

/** Each job becomes an order line, each of its operations planned on the machine the solution chose. */
export function jobShopPlan(instance: FlexibleJobShopInstance, solution: JobShopSolution): PlannedOperation[] {
  return solution.operations.map((operation) => ({
    operationId: `J${operation.job + 1}-${operation.step + 1}`,
    orderId: instance.name,
    lineId: `J${operation.job + 1}`,
    sequence: operation.step + 1,
    capability: machineName(operation.machine),
    durationMinutes: operation.end - operation.start,
    factoryId: machineName(operation.machine),
    workCentre: 0,
    start: operation.start * MINUTE,
    end: operation.end * MINUTE,
    firm: false,
  }));
}

/**
 * Checks a job-shop solution with the engine's independent checker (routing order, one
 * operation at a time per machine, durations), plus what only the instance knows: every
 * operation planned once, on a machine it allows, for the duration it takes there, and
 * the reported makespan.
 */
export function checkJobShopSolution(instance: FlexibleJobShopInstance, solution: JobShopSolution): string[] {
  const violations = checkSchedule(jobShopNetwork(instance), jobShopPlan(instance, solution));
  const planned = new Set<string>();
  for (const operation of solution.operations) {
    const options = instance.jobs[operation.job]?.[operation.step];
    const label = `job ${operation.job + 1} step ${operation.step + 1}`;
    if (!options) {
      violations.push(`${label}: not in the instance`);
      continue;
    }
    planned.add(`${operation.job}/${operation.step}`);
    const option = options.find((o) => o.machine === operation.machine);
    if (!option) violations.push(`${label}: machine ${machineName(operation.machine)} cannot do it`);
    else if (operation.end - operation.start !== option.duration) {
      violations.push(
        `${label}: takes ${operation.end - operation.start}, needs ${option.duration} on ${machineName(operation.machine)}`,
      );
    }
  }
  const expected = instance.jobs.reduce((total, job) => total + job.length, 0);
  if (planned.size !== expected) violations.push(`${expected - planned.size} operations missing`);
  const makespan = solution.operations.reduce((latest, o) => Math.max(latest, o.end), 0);
  if (makespan !== solution.makespan) violations.push(`makespan reported ${solution.makespan}, actual ${makespan}`);
  return violations;
}
