import type { CompiledModel } from '../model/compiled-model';
import { textProblem } from '../model/compile-options';
import { indexOfPlain, toPlain } from '../model/finite-option';

export type Selections = Record<string, string | number | boolean>;

/** A selection that cannot be taken at all: unknown option, or a value outside its domain. */
export interface SelectionError {
  option: string;
  message: string;
}

export function checkSelections(model: CompiledModel, selections: Selections): SelectionError[] {
  const errors: SelectionError[] = [];
  for (const [id, raw] of Object.entries(selections)) {
    const option = model.optionById.get(id);
    if (!option) {
      errors.push({ option: id, message: `unknown option "${id}"` });
      continue;
    }
    const finite = option.finite;
    if (finite) {
      const index = indexOfPlain(finite, raw);
      if (index < 0 || index >= finite.values.length) {
        errors.push({
          option: id,
          message: `${JSON.stringify(raw)} is not a value of "${option.definition.label}" (${describeDomain(model, id)})`,
        });
      }
    } else {
      const problem = textProblem(option, raw);
      if (problem) errors.push({ option: id, message: `"${option.definition.label}" ${problem}` });
    }
  }
  return errors;
}

function describeDomain(model: CompiledModel, id: string): string {
  const definition = model.optionById.get(id)?.definition;
  if (!definition) return '';
  switch (definition.type) {
    case 'boolean':
      return 'true or false';
    case 'enumeration': {
      const values = model.optionById.get(id)?.finite?.values.map((value) => JSON.stringify(toPlain(value))) ?? [];
      return `one of ${values.slice(0, 12).join(', ')}${values.length > 12 ? ', …' : ''}`;
    }
    case 'text':
      return 'text';
    default:
      return `${definition.type} from ${definition.min} to ${definition.max}${definition.step ? ` by ${definition.step}` : ''}`;
  }
}

/**
 * Value index per finite option for valid selections (-1 = undecided); options listed in
 * `unset` are fixed to "unset" (they must be optional).
 */
export function fixedAssignment(model: CompiledModel, selections: Selections, unset: readonly string[] = []): Int32Array {
  const fixed = new Int32Array(model.finiteOptions.length).fill(-1);
  for (const [id, raw] of Object.entries(selections)) {
    const finite = model.optionById.get(id)?.finite;
    if (!finite) continue;
    const index = indexOfPlain(finite, raw);
    if (index >= 0 && index < finite.values.length) fixed[finite.index] = index;
  }
  for (const id of unset) {
    const finite = model.optionById.get(id)?.finite;
    if (finite?.optional && !Object.hasOwn(selections, id)) fixed[finite.index] = finite.values.length;
  }
  return fixed;
}

/** Selections of every finite option from an assignment (unset options are left out). */
export function selectionsOf(model: CompiledModel, assignment: ArrayLike<number>): Selections {
  const selections: Selections = {};
  for (const option of model.finiteOptions) {
    const index = assignment[option.index];
    if (index >= 0 && index < option.values.length) selections[option.id] = toPlain(option.values[index]);
  }
  return selections;
}
