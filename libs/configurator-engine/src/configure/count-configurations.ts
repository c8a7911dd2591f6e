import type { CompiledModel } from '../model/compiled-model';
import { countSolutions } from '../network/solution-counter';

/**
 * The number of complete valid configurations (an optional option left unset counts as one
 * more value; free-text options are not counted). Throws CountBudgetExceededError when the
 * search needs more than `maxNodes` nodes, so a service never hangs on a huge model.
 */
export function countConfigurations(model: CompiledModel, options: { maxNodes?: number } = {}): bigint {
  return countSolutions(model.finiteOptions, model.relations, options.maxNodes);
}
