import type { CompiledModel } from '../model/compiled-model';
import { textProblem } from '../model/compile-options';
import { indexOfPlain } from '../model/finite-option';
import type { ReasoningBudget } from '../sat/search-limit';
import { checkSelections, fixedAssignment, selectionsOf, type Selections } from './selections';

/**
 * A complete valid configuration extending the selections, taking declared defaults where
 * they fit (in option order), leaving other optional options unset; null when none exists.
 */
export function completeConfiguration(model: CompiledModel, selections: Selections, budget?: ReasoningBudget): Selections | null {
  if (checkSelections(model, selections).length > 0) return null;
  const fixed = fixedAssignment(model, selections);
  const preferred = new Int32Array(model.finiteOptions.length).fill(-1);
  for (const option of model.options) {
    const fallback = option.definition.default;
    if (option.finite && fallback !== undefined) preferred[option.finite.index] = indexOfPlain(option.finite, fallback);
  }
  const assignment = model.reasoner.within(budget, () => model.reasoner.complete(fixed, preferred));
  if (!assignment) return null;
  const completed: Selections = {};
  for (const option of model.options) {
    const id = option.definition.id;
    if (option.finite) continue;
    const text = Object.hasOwn(selections, id) ? selections[id] : option.definition.default;
    if (text !== undefined) completed[id] = text;
    else if (!option.definition.optional) {
      if (textProblem(option, '')) return null;
      completed[id] = '';
    }
  }
  return { ...selectionsOf(model, assignment), ...completed };
}
