import type { CompiledModel } from '../model/compiled-model';
import { textProblem } from '../model/compile-options';
import { indexOfPlain, toPlain } from '../model/finite-option';
import type { Selections } from './selections';

/**
 * The declared defaults of options not selected yet, taken in option order while they stay
 * jointly possible with the selections. `fixed` is updated with the defaults taken.
 */
export function declaredDefaults(model: CompiledModel, selections: Selections, fixed: Int32Array): Selections {
  const defaults: Selections = {};
  const candidates: Array<[number, number]> = [];
  for (const option of model.options) {
    const { id, default: fallback, optional } = option.definition;
    if (fallback === undefined || Object.hasOwn(selections, id)) continue;
    if (!option.finite) {
      if (!textProblem(option, fallback)) defaults[id] = fallback;
      continue;
    }
    if (optional && fixed[option.finite.index] === option.finite.values.length) continue;
    candidates.push([option.finite.index, indexOfPlain(option.finite, fallback)]);
  }
  if (candidates.length === 0) return defaults;
  const trial = fixed.slice();
  for (const [option, index] of candidates) trial[option] = index;
  const takeAll = model.reasoner.isConsistent(trial);
  for (const [option, index] of candidates) {
    if (!takeAll) {
      fixed[option] = index;
      if (!model.reasoner.isConsistent(fixed)) {
        fixed[option] = -1;
        continue;
      }
    } else {
      fixed[option] = index;
    }
    const finite = model.finiteOptions[option];
    defaults[finite.id] = toPlain(finite.values[index]);
  }
  return defaults;
}
