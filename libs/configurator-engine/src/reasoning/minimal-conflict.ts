import type { ModelEncoding } from './model-encoding';

export interface MinimalConflict {
  ruleIndexes: number[];
  optionIndexes: number[];
}

/**
 * Deletion-based minimisation of an unsatisfiable core over rule guards and fixed values:
 * the result is irreducible (dropping any one rule or choice makes the rest satisfiable).
 * Each element found necessary stays necessary in every subset, so one pass suffices, and
 * each unsatisfiable check shrinks the candidates to the solver's own core.
 */
export function findMinimalConflict(
  encoding: ModelEncoding,
  fixed: ArrayLike<number>,
  hypothesis?: [number, number],
): MinimalConflict | null {
  const { solver, literals, guards } = encoding;
  const hard = hypothesis ? [literals[hypothesis[0]][hypothesis[1]]] : [];
  const items = [...guards, ...encoding.assumptionsFor(fixed)];
  if (solver.solve([...hard, ...items], [], true)) return null;
  let candidates = keepCore(items, solver.core);
  const necessary: number[] = [];
  while (candidates.length > 0) {
    const item = candidates.pop() as number;
    if (solver.solve([...hard, ...necessary, ...candidates], [], true)) necessary.push(item);
    else candidates = keepCore(candidates, solver.core);
  }
  const guardSet = new Map(guards.map((guard, rule) => [guard, rule]));
  const ruleIndexes: number[] = [];
  const optionIndexes: number[] = [];
  for (const item of necessary) {
    const rule = guardSet.get(item);
    if (rule !== undefined) ruleIndexes.push(rule);
    else optionIndexes.push((encoding.valueOfLiteral.get(item) as [number, number])[0]);
  }
  return { ruleIndexes: ruleIndexes.sort((a, b) => a - b), optionIndexes: optionIndexes.sort((a, b) => a - b) };
}

function keepCore(items: number[], core: number[]): number[] {
  const inCore = new Set(core);
  return items.filter((item) => inCore.has(item));
}
