import { ANY, type Relation } from './relation';

const MAX_NODES = 200_000;

/**
 * The forbidden tuples (with ANY for "whatever follows") equivalent to an allowed relation:
 * every prefix no allowed tuple extends. Null when that takes more than `maxCount` tuples
 * or too much search. Forbidden tuples become plain clauses, with no auxiliary variables.
 */
export function complementOf(relation: Relation, sizes: number[], maxCount: number): Int32Array[] | null {
  const arity = relation.scope.length;
  const prefix = new Int32Array(arity).fill(ANY);
  const forbidden: Int32Array[] = [];
  let nodes = 0;
  const visit = (depth: number, tuples: Int32Array[]): boolean => {
    if ((nodes += 1) > MAX_NODES) return false;
    if (tuples.length === 0) {
      forbidden.push(prefix.slice());
      return forbidden.length <= maxCount;
    }
    if (depth === arity || tuples.some((tuple) => isOpenFrom(tuple, depth))) return true;
    for (let value = 0; value < sizes[depth]; value++) {
      prefix[depth] = value;
      const matching = tuples.filter((tuple) => tuple[depth] === ANY || tuple[depth] === value);
      if (!visit(depth + 1, matching)) return false;
    }
    prefix[depth] = ANY;
    return true;
  };
  return visit(0, relation.tuples) ? forbidden : null;
}

function isOpenFrom(tuple: Int32Array, depth: number): boolean {
  for (let position = depth; position < tuple.length; position++) if (tuple[position] !== ANY) return false;
  return true;
}
