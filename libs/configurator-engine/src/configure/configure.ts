import type { CompiledModel } from '../model/compiled-model';
import type { ReasoningBudget } from '../sat/search-limit';
import { describeConflict, type Conflict } from './conflict';
import { domainOf, type Domain } from './domain';
import { declaredDefaults } from './defaults';
import { checkSelections, fixedAssignment, type Selections } from './selections';

export interface ConfigureResult {
  /** the selections hold together (no conflicts) */
  valid: boolean;
  /** valid, every required option selected, and the optional ones may stay unset */
  complete: boolean;
  domains: Record<string, Domain>;
  conflicts: Conflict[];
  /** declared defaults of unselected options that remain possible (jointly) */
  defaults: Selections;
  /** with `alternatives`: for each selected option, the values possible with the other selections */
  alternatives?: Record<string, Domain>;
}

export interface ConfigureOptions {
  /** optional options the customer explicitly leaves unset */
  unset?: string[];
  /** also answer, for each selected option, what it could be changed to */
  alternatives?: boolean;
  /** past it, throws ReasoningBudgetExceededError (no partial answer) */
  budget?: ReasoningBudget;
}

/**
 * For every option, the values some complete valid configuration extending the selections
 * allows (a selected option's domain is its selected value). When the selections clash,
 * each clash is reported as a minimal conflict over the choices (the one arising earliest in
 * selection order) and its most recent selection is set aside until the rest hold; domains
 * then answer for the rest.
 */
export function configure(model: CompiledModel, selections: Selections, options: ConfigureOptions = {}): ConfigureResult {
  return model.reasoner.within(options.budget, () => configureWithin(model, selections, options));
}

function configureWithin(model: CompiledModel, selections: Selections, options: ConfigureOptions): ConfigureResult {
  const conflicts: Conflict[] = checkSelections(model, selections).map((error) => ({
    ruleIds: [],
    options: [error.option],
    message: error.message,
  }));
  const fixed = fixedAssignment(model, selections, options.unset);
  const order = choiceOrder(model, [...Object.keys(selections), ...(options.unset ?? [])]);
  let feasible = model.reasoner.feasibleValues(fixed);
  while (!feasible) {
    const minimal = model.reasoner.minimalConflict(fixed, order);
    if (!minimal || minimal.optionIndexes.length === 0) break;
    conflicts.push(describeConflict(model, minimal));
    const involved = new Set(minimal.optionIndexes);
    const latest = order.filter((index) => involved.has(index)).pop() as number;
    fixed[latest] = -1;
    feasible = model.reasoner.feasibleValues(fixed);
  }
  const domains: Record<string, Domain> = {};
  for (const option of model.options) {
    domains[option.definition.id] = option.finite
      ? domainOf(option.finite, feasible?.[option.finite.index] ?? null)
      : { text: true };
  }
  const valid = conflicts.length === 0;
  const result: ConfigureResult = {
    valid,
    complete: valid && isComplete(model, selections, fixed),
    domains,
    conflicts,
    defaults: {},
  };
  if (options.alternatives && feasible) result.alternatives = alternativesOf(model, fixed);
  if (valid) result.defaults = declaredDefaults(model, selections, fixed);
  return result;
}

/** Finite option indexes of the choices, in the customer's order (each once). */
function choiceOrder(model: CompiledModel, ids: string[]): number[] {
  const order: number[] = [];
  for (const id of ids) {
    const index = model.optionById.get(id)?.finite?.index;
    if (index !== undefined && !order.includes(index)) order.push(index);
  }
  return order;
}

function alternativesOf(model: CompiledModel, fixed: Int32Array): Record<string, Domain> {
  const alternatives: Record<string, Domain> = {};
  for (const option of model.finiteOptions) {
    if (fixed[option.index] < 0 || fixed[option.index] === option.values.length) continue;
    alternatives[option.id] = domainOf(option, model.reasoner.alternativeValues(fixed, option.index));
  }
  return alternatives;
}

function isComplete(model: CompiledModel, selections: Selections, fixed: Int32Array): boolean {
  const unsetRest = fixed.slice();
  for (const option of model.options) {
    if (Object.hasOwn(selections, option.definition.id)) continue;
    if (!option.definition.optional) return false;
    if (option.finite && unsetRest[option.finite.index] < 0) unsetRest[option.finite.index] = option.finite.values.length;
  }
  return model.reasoner.isConsistent(unsetRest);
}
