/** A tuple position that matches any value (including unset). */
export const ANY = -1;

/**
 * A rule compiled to a finite relation over option indices: `allowed` tuples (the rule
 * holds iff one matches) or `forbidden` tuples (the rule holds iff none matches). Tuples
 * hold value indices per scope position, or ANY.
 */
export interface Relation {
  ruleIndex: number;
  scope: number[];
  kind: 'allowed' | 'forbidden';
  tuples: Int32Array[];
}

export function tupleMatches(tuple: Int32Array, scope: number[], assignment: ArrayLike<number>): boolean {
  for (let position = 0; position < scope.length; position++) {
    const wanted = tuple[position];
    if (wanted !== ANY && wanted !== assignment[scope[position]]) return false;
  }
  return true;
}

/** Whether the relation holds for a complete assignment (value index per option). */
export function relationHolds(relation: Relation, assignment: ArrayLike<number>): boolean {
  const matched = relation.tuples.some((tuple) => tupleMatches(tuple, relation.scope, assignment));
  return relation.kind === 'allowed' ? matched : !matched;
}
