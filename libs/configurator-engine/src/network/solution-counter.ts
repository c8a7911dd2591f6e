import type { FiniteOption } from '../model/finite-option';
import type { Relation } from './relation';
import { CountingState } from './counting-state';
import type { SearchBudget } from './search-state';

/**
 * Counts complete valid assignments exactly: depth-first branching with propagation, the
 * problem split into independent components (their counts multiply), and each component's
 * count cached by its residual problem — the #CSP analogue of sharpSAT's component caching,
 * which follows the model's tree decomposition without computing one.
 */
export function countSolutions(options: FiniteOption[], relations: Relation[], budget?: SearchBudget): bigint {
  const state = new CountingState(options, relations, budget);
  if (!state.propagateAll()) return 0n;
  const cache = new Map<string, bigint>();
  const countComponents = (variables: number[]): bigint => {
    let product = 1n;
    for (const component of state.components(variables)) {
      const count = countComponent(component);
      if (count === 0n) return 0n;
      product *= count;
    }
    return product;
  };
  const countComponent = (component: number[]): bigint => {
    if (component.length === 1 && state.activeRelationCount(component[0]) === 0) return BigInt(state.domainSize(component[0]));
    const key = state.componentKey(component);
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const variable = state.branchingVariable(component);
    const rest = component.filter((other) => other !== variable);
    let total = 0n;
    for (const value of state.domainValues(variable)) {
      const mark = state.mark();
      if (state.assign(variable, value)) total += countComponents(rest.filter((other) => !state.isAssigned(other)));
      state.undo(mark);
    }
    cache.set(key, total);
    return total;
  };
  return countComponents(options.map((option) => option.index).filter((variable) => !state.isAssigned(variable)));
}
