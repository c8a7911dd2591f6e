import { Decimal } from '../decimal/decimal';
import type { Value } from '../expression/ast';
import { MODEL_LIMITS } from '../limits/model-limits';
import type { OptionDefinition } from './product-model.schema';

/** Numeric options are reasoned over exhaustively, so their value count is bounded. */
export const MAX_NUMERIC_VALUES = MODEL_LIMITS.valuesPerOption;

/**
 * An option reasoned over as a finite domain: value i is `values[i]`; an optional option
 * has one more index, `values.length`, meaning "left unset".
 */
export interface FiniteOption {
  id: string;
  index: number;
  values: Value[];
  optional: boolean;
  /** values.length (+1 when optional) */
  size: number;
  /**
   * integer and decimal options: their step (every value is min + k × step), and domains
   * answer ranges rather than value lists; null for the others
   */
  step: number | null;
  indexByKey: Map<string, number>;
}

export function valueKey(value: Value): string {
  if (value instanceof Decimal) return `n:${value.toString()}`;
  return typeof value === 'string' ? `s:${value}` : `b:${value}`;
}

/** A selection as plain JSON (string, number or boolean) turned into an expression value. */
export function toValue(raw: string | number | boolean): Value {
  return typeof raw === 'number' ? Decimal.fromNumber(raw) : raw;
}

export function toPlain(value: Value): string | number | boolean {
  return value instanceof Decimal ? value.toNumber() : value;
}

/** The value index of a plain selection, or -1 when it is not a value of the option. */
export function indexOfPlain(option: FiniteOption, raw: string | number | boolean | null): number {
  if (raw === null) return option.optional ? option.values.length : -1;
  if (typeof raw === 'number' && !Number.isFinite(raw)) return -1;
  return option.indexByKey.get(valueKey(toValue(raw))) ?? -1;
}

/** The finite values of an option; throws with a message for invalid numeric ranges. */
export function finiteValues(option: OptionDefinition): Value[] | null {
  switch (option.type) {
    case 'text':
      return null;
    case 'boolean':
      return [false, true];
    case 'enumeration':
      return option.values.map((entry) => {
        const raw = typeof entry === 'object' ? entry.value : entry;
        return toValue(raw);
      });
    default:
      return numericValues(option.type, option.min, option.max, option.step);
  }
}

function numericValues(type: 'integer' | 'decimal', min: number, max: number, step: number | undefined): Value[] {
  if (type === 'decimal' && step === undefined) throw new Error('a decimal option needs a step');
  const stepValue = Decimal.fromNumber(step ?? 1);
  const low = Decimal.fromNumber(min);
  const high = Decimal.fromNumber(max);
  if (type === 'integer' && !(low.isInteger() && high.isInteger() && stepValue.isInteger())) {
    throw new Error('an integer option needs integer min, max and step');
  }
  if (low.compare(high) > 0) throw new Error('min is greater than max');
  const count = (high.minus(low).dividedBy(stepValue) as Decimal).floor().toNumber() + 1;
  if (count > MAX_NUMERIC_VALUES) {
    throw new Error(`${count} values from min to max by step; at most ${MAX_NUMERIC_VALUES} (use a coarser step)`);
  }
  const values: Value[] = [];
  for (let i = 0; i < count; i++) values.push(low.plus(stepValue.times(Decimal.fromNumber(i))));
  return values;
}

export function makeFiniteOption(
  id: string,
  index: number,
  values: Value[],
  optional: boolean,
  step: number | null = null,
): FiniteOption {
  const indexByKey = new Map<string, number>();
  values.forEach((value, position) => indexByKey.set(valueKey(value), position));
  return {
    id,
    index,
    values,
    optional,
    size: values.length + (optional ? 1 : 0),
    step,
    indexByKey,
  };
}
