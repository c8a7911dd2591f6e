import type { FiniteOption } from '../model/finite-option';
import { toPlain } from '../model/finite-option';

/**
 * The values still possible for an option: a list (enumerations, booleans), feasible
 * ranges of an integer or decimal option ([low, high] over its steps, both included), or
 * free text.
 */
export type Domain = Array<string | number | boolean> | { ranges: Array<[number, number]> } | { text: true };

export function domainOf(option: FiniteOption, feasible: Uint8Array | null): Domain {
  const count = option.values.length;
  if (!option.ranged) {
    const values: Array<string | number | boolean> = [];
    for (let index = 0; index < count; index++) if (feasible?.[index]) values.push(toPlain(option.values[index]));
    return values;
  }
  const ranges: Array<[number, number]> = [];
  let start = -1;
  for (let index = 0; index <= count; index++) {
    const possible = index < count && feasible?.[index] === 1;
    if (possible && start < 0) start = index;
    if (!possible && start >= 0) {
      ranges.push([toPlain(option.values[start]) as number, toPlain(option.values[index - 1]) as number]);
      start = -1;
    }
  }
  return { ranges };
}
