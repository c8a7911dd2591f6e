import type { Expression } from '../expression/ast';
import { referencedOptions } from '../expression/ast';
import type { TypeCheckContext } from '../expression/type-check';
import { limitMessage, MODEL_LIMITS } from '../limits/model-limits';
import { ANY, type Relation } from '../network/relation';
import { RuleTooComplexError, tabulateExpression } from '../network/tabulate-expression';
import { compileExpression } from './compile-expression';
import type { CompiledOption, CompiledRule } from './compiled-model';
import { indexOfPlain, toValue, type FiniteOption } from './finite-option';
import type { ModelError } from './model-error';
import type { RuleDefinition } from './product-model.schema';

/** Allowed tuples cost a selector variable each; prefer forbidden ones unless far more. */
const FORBIDDEN_PREFERENCE = 3;

export function compileRules(
  definitions: RuleDefinition[],
  optionById: Map<string, CompiledOption>,
  context: TypeCheckContext,
  errors: ModelError[],
): { rules: CompiledRule[]; relations: Relation[] } {
  const rules: CompiledRule[] = [];
  const relations: Relation[] = [];
  const ids = new Set<string>();
  let tuples = 0;
  let cells = 0;
  for (const [ruleIndex, definition] of definitions.entries()) {
    const path = `rules[${ruleIndex}]`;
    if (ids.has(definition.id)) errors.push({ path: `${path}.id`, message: `duplicate rule id "${definition.id}"` });
    ids.add(definition.id);
    const errorCount = errors.length;
    const relation =
      definition.type === 'table'
        ? compileTable(definition, ruleIndex, optionById, path, errors)
        : compileExpressionRule(definition, ruleIndex, optionById, context, path, errors);
    rules.push({ id: definition.id, message: definition.message, scope: relation?.scope ?? [] });
    if (relation && errors.length === errorCount) relations.push(relation);
    // Expressions compile to combinations: bound them all, not only each rule's search.
    tuples += relation?.tuples.length ?? 0;
    cells += (relation?.tuples.length ?? 0) * (relation?.scope.length ?? 0);
    if (tuples > MODEL_LIMITS.tuples || cells > MODEL_LIMITS.tupleCells) {
      const what = `up to ${path} the rules compile to ${tuples.toLocaleString('en-US')} combinations of ${cells.toLocaleString('en-US')} values`;
      errors.push({ path, message: limitMessage(tuples > MODEL_LIMITS.tuples ? 'tuples' : 'tupleCells', what) });
      break;
    }
  }
  return { rules, relations };
}

function finiteOption(
  id: string,
  optionById: Map<string, CompiledOption>,
  path: string,
  errors: ModelError[],
): FiniteOption | null {
  const option = optionById.get(id);
  if (!option) errors.push({ path, message: `unknown option "${id}"` });
  else if (!option.finite) errors.push({ path, message: `free-text option "${id}" cannot be used in a rule` });
  return option?.finite ?? null;
}

function compileTable(
  definition: Extract<RuleDefinition, { type: 'table' }>,
  ruleIndex: number,
  optionById: Map<string, CompiledOption>,
  path: string,
  errors: ModelError[],
): Relation | null {
  const scope = definition.options.map((id, position) => finiteOption(id, optionById, `${path}.options[${position}]`, errors));
  if (scope.some((option) => option === null)) return null;
  const options = scope as FiniteOption[];
  const tuples = definition.tuples.map((row, rowIndex) => {
    const tuplePath = `${path}.tuples[${rowIndex}]`;
    if (row.length !== options.length)
      errors.push({ path: tuplePath, message: `has ${row.length} values for ${options.length} options` });
    return Int32Array.from(options, (option, position) => {
      const raw = row[position];
      if (raw === '*') return ANY;
      const index = indexOfPlain(option, raw ?? null);
      if (index < 0)
        errors.push({
          path: `${tuplePath}[${position}]`,
          message: `${JSON.stringify(raw)} is not a value of option "${option.id}"`,
        });
      return index;
    });
  });
  return { ruleIndex, scope: options.map((option) => option.index), kind: definition.kind, tuples };
}

function compileExpressionRule(
  definition: Exclude<RuleDefinition, { type: 'table' }>,
  ruleIndex: number,
  optionById: Map<string, CompiledOption>,
  context: TypeCheckContext,
  path: string,
  errors: ModelError[],
): Relation | null {
  const expression = ruleExpression(definition, optionById, context, path, errors);
  if (!expression) return null;
  const scope = referencedOptions(expression).map((id) => optionById.get(id)?.finite as FiniteOption);
  try {
    const { allowed, forbidden } = tabulateExpression(expression, scope);
    const useForbidden = forbidden.length <= FORBIDDEN_PREFERENCE * Math.max(allowed.length, 1);
    return {
      ruleIndex,
      scope: scope.map((option) => option.index),
      kind: useForbidden ? 'forbidden' : 'allowed',
      tuples: useForbidden ? forbidden : allowed,
    };
  } catch (error) {
    if (!(error instanceof RuleTooComplexError)) throw error;
    errors.push({ path, message: error.message });
    return null;
  }
}

/** Every non-table rule as one boolean expression. */
function ruleExpression(
  definition: Exclude<RuleDefinition, { type: 'table' }>,
  optionById: Map<string, CompiledOption>,
  context: TypeCheckContext,
  path: string,
  errors: ModelError[],
): Expression | null {
  switch (definition.type) {
    case 'constraint':
      return compileExpression(definition.expression, `${path}.expression`, 'boolean', context, errors);
    case 'conditional': {
      const when = compileExpression(definition.when, `${path}.when`, 'boolean', context, errors);
      const then = compileExpression(definition.then, `${path}.then`, 'boolean', context, errors);
      return when && then ? { kind: 'binary', operator: 'implies', left: when, right: then } : null;
    }
    default: {
      const condition = choiceExpression(definition.if.option, [definition.if.value], optionById, `${path}.if`, errors);
      const consequence = choiceExpression(definition.then.option, definition.then.values, optionById, `${path}.then`, errors);
      if (!condition || !consequence) return null;
      const right: Expression = definition.type === 'requires' ? consequence : { kind: 'not', operand: consequence };
      return { kind: 'binary', operator: 'implies', left: condition, right };
    }
  }
}

/** `option in [values]`, checking each value belongs to the option. */
function choiceExpression(
  id: string,
  values: Array<string | number | boolean>,
  optionById: Map<string, CompiledOption>,
  path: string,
  errors: ModelError[],
): Expression | null {
  const option = finiteOption(id, optionById, `${path}.option`, errors);
  if (!option) return null;
  const bad = values.findIndex((value) => indexOfPlain(option, value) < 0 || indexOfPlain(option, value) >= option.values.length);
  if (bad >= 0) {
    errors.push({
      path: `${path}.${values.length === 1 && path.endsWith('.if') ? 'value' : `values[${bad}]`}`,
      message: `${JSON.stringify(values[bad])} is not a value of option "${id}"`,
    });
    return null;
  }
  return {
    kind: 'in',
    subject: { kind: 'option', id },
    list: values.map((value) => ({ kind: 'literal', value: toValue(value) })),
  };
}
