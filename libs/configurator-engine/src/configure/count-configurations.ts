import type { CompiledModel } from '../model/compiled-model';
import { countSolutions } from '../network/solution-counter';

export interface CountLimits {
  /** default 50,000,000 search nodes */
  maxNodes?: number;
  /** default 60,000 ms */
  timeoutMs?: number;
}

/**
 * The number of complete valid configurations (an optional option left unset counts as one
 * more value; free-text options are not counted). Exact, but exponential in the worst case
 * and synchronous: throws CountBudgetExceededError past the limits rather than hanging.
 */
export function countConfigurations(model: CompiledModel, limits: CountLimits = {}): bigint {
  return countSolutions(model.finiteOptions, model.relations, {
    maxNodes: limits.maxNodes ?? 50_000_000,
    deadline: Date.now() + (limits.timeoutMs ?? 60_000),
  });
}
