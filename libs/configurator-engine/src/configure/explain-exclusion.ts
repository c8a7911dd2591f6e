import type { CompiledModel } from '../model/compiled-model';
import { indexOfPlain } from '../model/finite-option';
import type { ReasoningBudget } from '../sat/search-limit';
import { describeConflict, type Conflict } from './conflict';
import { fixedAssignment, type Selections } from './selections';

/**
 * Why `option = value` is not possible with the other selections: a minimal set of those
 * selections that no valid configuration allows with it (none when the value is impossible
 * by itself), and the rules behind that. Null when the value is possible (or not finite).
 */
export function explainExclusion(
  model: CompiledModel,
  selections: Selections,
  option: string,
  value: string | number | boolean,
  budget?: ReasoningBudget,
): Conflict | null {
  const finite = model.optionById.get(option)?.finite;
  if (!finite) return null;
  const index = indexOfPlain(finite, value);
  if (index < 0) return null;
  const others: Selections = { ...selections };
  delete others[option];
  const order = Object.keys(others).flatMap((id) => model.optionById.get(id)?.finite?.index ?? []);
  const minimal = model.reasoner.within(budget, () =>
    model.reasoner.minimalConflict(fixedAssignment(model, others), order, [finite.index, index]),
  );
  return minimal ? describeConflict(model, minimal) : null;
}
