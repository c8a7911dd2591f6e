import type { CompiledModel } from '../model/compiled-model';
import type { MinimalConflict } from '../reasoning/minimal-conflict';

/**
 * Rules and choices that cannot hold together; removing any one of them resolves it.
 * `options` are the customer's choices involved.
 */
export interface Conflict {
  ruleIds: string[];
  options: string[];
  message: string;
}

export function describeConflict(model: CompiledModel, conflict: MinimalConflict): Conflict {
  const rules = conflict.ruleIndexes.map((index) => model.rules[index]);
  const options = conflict.optionIndexes.map((index) => model.finiteOptions[index].id);
  const message = rules.length > 0 ? rules.map((rule) => rule.message).join('; ') : `choices ${options.join(', ')} cannot be combined`;
  return { ruleIds: rules.map((rule) => rule.id), options, message };
}
