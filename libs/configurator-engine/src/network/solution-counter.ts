import type { FiniteOption } from '../model/finite-option';
import type { Relation } from './relation';
import { ComponentCache } from './component-cache';
import { CountingState, type Component } from './counting-state';
import type { SearchBudget } from './search-state';

const UNLIMITED: SearchBudget = { maxNodes: Number.MAX_SAFE_INTEGER, deadline: Number.POSITIVE_INFINITY };

/**
 * Counts complete valid assignments exactly: depth-first branching with propagation, the
 * problem split into independent components (their counts multiply), and each component's
 * count cached by its residual problem — the #CSP analogue of sharpSAT's component caching,
 * which follows the model's tree decomposition without computing one.
 */
export function countSolutions(
  options: FiniteOption[],
  relations: Relation[],
  budget: SearchBudget = UNLIMITED,
  cache = new ComponentCache(),
): bigint {
  const state = new CountingState(options, relations, budget);
  if (!state.propagateAll()) return 0n;
  state.orderBranching();
  const countComponents = (variables: ArrayLike<number>): bigint => {
    let product = 1n;
    for (const component of state.components(variables)) {
      const count = countComponent(component);
      if (count === 0n) return 0n;
      product *= count;
    }
    return product;
  };
  const countComponent = (component: Component): bigint => {
    if (component.relations.length === 0) return BigInt(state.domainSize(component.variables[0]));
    const key = state.componentKey(component);
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const variable = state.branchingVariable(component);
    let total = 0n;
    for (const value of state.domainValues(variable)) {
      const mark = state.mark();
      if (state.assign(variable, value)) total += countComponents(component.variables.filter((other) => state.isOpen(other)));
      state.undo(mark);
    }
    cache.set(key, total);
    return total;
  };
  const open: number[] = [];
  for (const option of options) if (state.isOpen(option.index)) open.push(option.index);
  return countComponents(open);
}
