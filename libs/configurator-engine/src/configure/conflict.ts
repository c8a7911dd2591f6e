import type { CompiledModel } from '../model/compiled-model';
import type { MinimalConflict } from '../reasoning/minimal-conflict';

/**
 * Choices of the customer (`options`) that no valid configuration allows together under all
 * rules, minimal: dropping any one of them makes the rest possible. A value impossible by
 * itself is named alone. `ruleIds` are the rules behind it (a minimal set that cannot hold
 * with these choices); `message` is theirs.
 */
export interface Conflict {
  ruleIds: string[];
  options: string[];
  message: string;
}

export function describeConflict(model: CompiledModel, conflict: MinimalConflict): Conflict {
  const rules = conflict.ruleIndexes.map((index) => model.rules[index]);
  const options = conflict.optionIndexes.map((index) => model.finiteOptions[index].id);
  const message =
    rules.length > 0 ? rules.map((rule) => rule.message).join('; ') : `choices ${options.join(', ')} cannot be combined`;
  return { ruleIds: rules.map((rule) => rule.id), options, message };
}
