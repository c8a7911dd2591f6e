import type { ModelError } from '../model/model-error';
import { limitMessage, MODEL_LIMITS, type ModelLimit } from './model-limits';

type Loose = Record<string, unknown>;

const count = (value: number) => value.toLocaleString('en-US');
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

/**
 * The sizes of a native model document, checked on its raw shape before validation copies it
 * or compilation allocates per value: options, values per option and in all, rules, table rows.
 * Only counts are read; anything malformed is left to the schema.
 */
export function documentSizeErrors(document: unknown): ModelError[] {
  if (!isObject(document)) return [];
  const errors: ModelError[] = [];
  const exceeds = (limit: ModelLimit, amount: number, path: string, what: string) => {
    if (amount > MODEL_LIMITS[limit]) errors.push({ path, message: limitMessage(limit, what) });
    return amount > MODEL_LIMITS[limit];
  };
  const options = arrayOf(document.options);
  if (exceeds('options', options.length, 'options', `has ${count(options.length)} options`)) return errors;
  let values = 0;
  options.forEach((option, position) => {
    const size = isObject(option) ? optionSize(option) : 0;
    if (option && (option as Loose).type === 'enumeration') {
      exceeds('valuesPerOption', size, `options[${position}].values`, `has ${count(size)} values`);
    }
    values += Math.min(size, MODEL_LIMITS.valuesPerOption + 1);
  });
  exceeds('values', values, 'options', `the options have ${count(values)} values together`);
  const rules = arrayOf(document.rules);
  if (exceeds('rules', rules.length, 'rules', `has ${count(rules.length)} rules`)) return errors;
  let tuples = 0;
  let cells = 0;
  for (const rule of rules) {
    if (!isObject(rule)) continue;
    const rows = arrayOf(rule.tuples).length;
    tuples += rows;
    cells += rows * arrayOf(rule.options).length;
  }
  if (!exceeds('tuples', tuples, 'rules', `the tables have ${count(tuples)} rows`)) {
    exceeds('tupleCells', cells, 'rules', `the tables have ${count(cells)} values`);
  }
  return errors;
}

/** Values an option contributes (numeric ranges by their step; checked exactly at compile). */
function optionSize(option: Loose): number {
  switch (option.type) {
    case 'enumeration':
      return arrayOf(option.values).length;
    case 'boolean':
      return 2;
    case 'integer':
    case 'decimal': {
      const { min, max } = option;
      const step = option.step ?? 1;
      if (typeof min !== 'number' || typeof max !== 'number' || typeof step !== 'number' || !(step > 0)) return 0;
      const size = Math.floor((max - min) / step) + 1;
      return Number.isFinite(size) && size > 0 ? size : 0;
    }
    default:
      return 0;
  }
}
