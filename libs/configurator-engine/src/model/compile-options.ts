import type { OptionTypeInfo } from '../expression/type-check';
import type { CompiledOption } from './compiled-model';
import { finiteValues, indexOfPlain, makeFiniteOption, toValue, valueKey, type FiniteOption } from './finite-option';
import type { ModelError } from './model-error';
import type { OptionDefinition } from './product-model.schema';

export interface CompiledOptions {
  options: CompiledOption[];
  finiteOptions: FiniteOption[];
  types: Map<string, OptionTypeInfo>;
}

export function compileOptions(definitions: OptionDefinition[], errors: ModelError[]): CompiledOptions {
  const options: CompiledOption[] = [];
  const finiteOptions: FiniteOption[] = [];
  const types = new Map<string, OptionTypeInfo>();
  definitions.forEach((definition, position) => {
    const path = `options[${position}]`;
    if (types.has(definition.id)) errors.push({ path: `${path}.id`, message: `duplicate option id "${definition.id}"` });
    types.set(definition.id, { type: valueTypeOf(definition), freeText: definition.type === 'text' });
    let finite: FiniteOption | null = null;
    try {
      const values = finiteValues(definition);
      if (values) {
        checkEnumeration(definition, path, errors);
        const step = definition.type === 'integer' || definition.type === 'decimal' ? (definition.step ?? 1) : null;
        finite = makeFiniteOption(definition.id, finiteOptions.length, values, definition.optional === true, step);
        finiteOptions.push(finite);
      }
    } catch (error) {
      errors.push({ path, message: (error as Error).message });
    }
    const pattern = definition.type === 'text' ? compilePattern(definition.pattern, `${path}.pattern`, errors) : null;
    options.push({ definition, finite, pattern });
    checkDefault(options[options.length - 1], path, errors);
  });
  return { options, finiteOptions, types };
}

function valueTypeOf(definition: OptionDefinition): OptionTypeInfo['type'] {
  switch (definition.type) {
    case 'enumeration': {
      const first = definition.values[0];
      const raw = typeof first === 'object' ? first.value : first;
      return typeof raw === 'number' ? 'number' : 'string';
    }
    case 'boolean':
      return 'boolean';
    case 'text':
      return 'string';
    default:
      return 'number';
  }
}

function checkEnumeration(definition: OptionDefinition, path: string, errors: ModelError[]): void {
  if (definition.type !== 'enumeration') return;
  const raws = definition.values.map((entry) => (typeof entry === 'object' ? entry.value : entry));
  const kinds = new Set(raws.map((raw) => typeof raw));
  if (kinds.size > 1) errors.push({ path: `${path}.values`, message: 'values must be all strings or all numbers' });
  const keys = new Set<string>();
  raws.forEach((raw, index) => {
    const key = valueKey(toValue(raw));
    if (keys.has(key)) errors.push({ path: `${path}.values[${index}]`, message: `duplicate value ${JSON.stringify(raw)}` });
    keys.add(key);
  });
}

function compilePattern(pattern: string | undefined, path: string, errors: ModelError[]): RegExp | null {
  if (pattern === undefined) return null;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (error) {
    errors.push({ path, message: `invalid pattern: ${(error as Error).message}` });
    return null;
  }
}

function checkDefault(option: CompiledOption, path: string, errors: ModelError[]): void {
  const fallback = option.definition.default;
  if (fallback === undefined) return;
  const problem = option.finite
    ? indexOfPlain(option.finite, fallback) < 0
      ? 'is not a value of the option'
      : null
    : textProblem(option, fallback);
  if (problem) errors.push({ path: `${path}.default`, message: `default ${JSON.stringify(fallback)} ${problem}` });
}

/** Why a free-text value is not acceptable, or null. */
export function textProblem(option: CompiledOption, value: unknown): string | null {
  const definition = option.definition;
  if (definition.type !== 'text') return null;
  if (typeof value !== 'string') return 'must be a string';
  const length = [...value].length;
  if (definition.minLength !== undefined && length < definition.minLength)
    return `must be at least ${definition.minLength} characters`;
  if (definition.maxLength !== undefined && length > definition.maxLength)
    return `must be at most ${definition.maxLength} characters`;
  if (option.pattern && !option.pattern.test(value)) return `must match the pattern ${definition.pattern}`;
  return null;
}
