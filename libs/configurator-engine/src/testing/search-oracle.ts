import type { CompiledModel } from '../model/compiled-model';
import { SearchState } from '../network/search-state';

/**
 * A reference for `configure` on models too large to enumerate: plain backtracking search
 * with forward checking (no SAT, no learning) finds a solution for each value not yet seen
 * in an earlier solution. Slow but independent of the engine's reasoning.
 */
export function searchDomains(model: CompiledModel, fixed: Int32Array): Uint8Array[] | null {
  const feasible = model.finiteOptions.map((option) => new Uint8Array(option.size));
  const record = (solution: Int32Array) => solution.forEach((index, option) => (feasible[option][index] = 1));
  const first = findSolution(model, fixed);
  if (!first) return null;
  record(first);
  for (const option of model.finiteOptions) {
    if (fixed[option.index] >= 0) continue;
    for (let index = 0; index < option.size; index++) {
      if (feasible[option.index][index]) continue;
      const probe = fixed.slice();
      probe[option.index] = index;
      const solution = findSolution(model, probe);
      if (solution) record(solution);
    }
  }
  return feasible;
}

export function findSolution(model: CompiledModel, fixed: Int32Array): Int32Array | null {
  const state = new SearchState(model.finiteOptions, model.relations);
  if (!state.propagateAll()) return null;
  for (let option = 0; option < fixed.length; option++) {
    if (fixed[option] < 0) continue;
    if (!state.domainValues(option).includes(fixed[option]) || !state.assign(option, fixed[option])) return null;
  }
  const search = (): boolean => {
    let best = -1;
    for (let option = 0; option < fixed.length; option++) {
      if (!state.isAssigned(option) && (best < 0 || state.domainSize(option) < state.domainSize(best))) best = option;
    }
    if (best < 0) return true;
    for (const index of state.domainValues(best)) {
      const mark = state.mark();
      if (state.assign(best, index) && search()) return true;
      state.undo(mark);
    }
    return false;
  };
  return search() ? state.assignment() : null;
}
