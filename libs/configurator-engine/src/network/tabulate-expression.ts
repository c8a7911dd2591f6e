import type { Expression } from '../expression/ast';
import { evaluate, UNKNOWN } from '../expression/evaluate';
import type { FiniteOption } from '../model/finite-option';
import { ANY } from './relation';

/** Exhaustive compilation is bounded: a rule needing more search nodes is rejected. */
export const MAX_TABULATION_NODES = 1_000_000;

export class RuleTooComplexError extends Error {}

/**
 * Enumerates the assignments of a boolean expression's options depth-first, evaluating the
 * expression on each partial assignment: once its value is decided, the remaining options
 * become ANY. So `a or b or … z` yields one forbidden tuple, not 2^26 rows.
 */
export function tabulateExpression(
  expression: Expression,
  scope: FiniteOption[],
): { allowed: Int32Array[]; forbidden: Int32Array[] } {
  const assignment = new Int32Array(scope.length).fill(ANY);
  const positionById = new Map(scope.map((option, position) => [option.id, position]));
  const environment = (id: string) => {
    const position = positionById.get(id) as number;
    const index = assignment[position];
    if (index === ANY) return UNKNOWN;
    const option = scope[position];
    return index === option.values.length ? null : option.values[index];
  };
  const allowed: Int32Array[] = [];
  const forbidden: Int32Array[] = [];
  let nodes = 0;
  const visit = (depth: number): void => {
    nodes += 1;
    if (nodes > MAX_TABULATION_NODES) {
      throw new RuleTooComplexError(
        `needs more than ${MAX_TABULATION_NODES} cases to compile; split it or narrow the option domains`,
      );
    }
    const outcome = evaluate(expression, environment);
    if (outcome !== UNKNOWN || depth === scope.length) {
      (outcome === true ? allowed : forbidden).push(assignment.slice());
      return;
    }
    for (let index = 0; index < scope[depth].size; index++) {
      assignment[depth] = index;
      visit(depth + 1);
    }
    assignment[depth] = ANY;
  };
  visit(0);
  return { allowed, forbidden };
}
