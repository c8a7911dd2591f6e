/** One way to do an operation: on this machine (0-based), taking this long. */
export interface MachineOption {
  machine: number;
  duration: number;
}

/**
 * A flexible job shop: each job is a chain of operations, each operation can be done on any
 * one of its machine options. A classic job shop has exactly one option per operation.
 */
export interface FlexibleJobShopInstance {
  name: string;
  machines: number;
  jobs: MachineOption[][][];
}

export interface JobShopOperationTime {
  job: number;
  /** Position of the operation in its job. */
  step: number;
  machine: number;
  start: number;
  end: number;
}

export interface JobShopSolution {
  makespan: number;
  operations: JobShopOperationTime[];
  iterations: number;
  /** Milliseconds after the start of the search when the best schedule was found. */
  foundAfterMs: number;
}

export function operationCount(instance: FlexibleJobShopInstance): number {
  return instance.jobs.reduce((total, job) => total + job.length, 0);
}
