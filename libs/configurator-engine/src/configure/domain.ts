import type { FiniteOption } from '../model/finite-option';
import { toPlain } from '../model/finite-option';

/** At most this many possible values of a numeric option are also listed one by one. */
export const LISTED_NUMBERS_LIMIT = 20;

/**
 * The possible values of an integer or decimal option: feasible `ranges` ([low, high], both
 * included); within each, the values are low, low + step, … up to high (every range starts on
 * the option's grid, so one step serves them all). When at most LISTED_NUMBERS_LIMIT values
 * are possible, `values` lists them too (ascending), so a client can show a short list as is.
 */
export interface NumericDomain {
  ranges: Array<[number, number]>;
  step: number;
  values?: number[];
}

/**
 * The values still possible for an option: a list (enumerations, booleans), a numeric
 * domain (integer and decimal options), or free text.
 */
export type Domain = Array<string | number | boolean> | NumericDomain | { text: true };

export function domainOf(option: FiniteOption, feasible: Uint8Array | null): Domain {
  const count = option.values.length;
  if (option.step === null) {
    const values: Array<string | number | boolean> = [];
    for (let index = 0; index < count; index++) if (feasible?.[index]) values.push(toPlain(option.values[index]));
    return values;
  }
  const ranges: Array<[number, number]> = [];
  let possible = 0;
  let start = -1;
  for (let index = 0; index <= count; index++) {
    const isPossible = index < count && feasible?.[index] === 1;
    if (isPossible) possible += 1;
    if (isPossible && start < 0) start = index;
    if (!isPossible && start >= 0) {
      ranges.push([toPlain(option.values[start]) as number, toPlain(option.values[index - 1]) as number]);
      start = -1;
    }
  }
  const domain: NumericDomain = { ranges, step: option.step };
  if (possible <= LISTED_NUMBERS_LIMIT) {
    domain.values = [];
    for (let index = 0; index < count; index++)
      if (feasible?.[index] === 1) domain.values.push(toPlain(option.values[index]) as number);
  }
  return domain;
}
