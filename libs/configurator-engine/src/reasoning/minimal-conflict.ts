import type { ModelEncoding } from './model-encoding';

/**
 * Choices (option indexes) no valid configuration allows together, and the rules behind it.
 * Minimality is over the choices: dropping any one of them makes the rest possible under all
 * rules. The rules are a minimal set that, with these choices, cannot hold (the reason shown).
 */
export interface MinimalConflict {
  ruleIndexes: number[];
  optionIndexes: number[];
}

/**
 * A minimal conflict among the fixed choices, QuickXPlain (Junker 2004) over the encoding
 * with every rule in force: with `order` the choices in the customer's order, it is the
 * conflict that arises earliest in that order (its latest choice is the one whose addition
 * first made the earlier ones impossible). A `hypothesis` (a value being tried) is assumed
 * throughout and is not part of the answer; when it is impossible by itself, or a choice is,
 * the answer names no other choice. Null when the choices are possible.
 */
export function findMinimalConflict(
  encoding: ModelEncoding,
  guarded: () => ModelEncoding,
  fixed: ArrayLike<number>,
  order: readonly number[],
  hypothesis?: [number, number],
): MinimalConflict | null {
  const { solver, literals } = encoding;
  const background = hypothesis ? [literals[hypothesis[0]][hypothesis[1]]] : [];
  const choices = order.filter((option) => fixed[option] >= 0);
  const literalOf = (option: number) => literals[option][fixed[option]];
  const consistent = (options: readonly number[], extra: readonly number[] = []) =>
    solver.solve([...background, ...extra, ...options.map(literalOf)]);
  if (solver.solve([...background, ...choices.map(literalOf)], [], true)) return null;
  // The solver's core is a conflict already; the minimal one is sought inside it.
  const inCore = new Set(solver.core);
  const candidates = choices.filter((option) => inCore.has(literalOf(option)));
  const optionIndexes = consistent([]) ? quickXplain(consistent, [], false, candidates) : [];
  return {
    ruleIndexes: minimalRules(guarded(), [...background, ...optionIndexes.map(literalOf)]),
    optionIndexes: optionIndexes.sort((a, b) => a - b),
  };
}

/**
 * QuickXPlain's recursion: the part of `choices` that, with `background` (itself possible
 * unless `addedToBackground` and then nothing more is needed), is a minimal conflict.
 */
function quickXplain(
  consistent: (options: readonly number[]) => boolean,
  background: readonly number[],
  addedToBackground: boolean,
  choices: readonly number[],
): number[] {
  if (addedToBackground && !consistent(background)) return [];
  if (choices.length <= 1) return [...choices];
  const half = choices.length >> 1;
  const earlier = choices.slice(0, half);
  const later = choices.slice(half);
  const fromLater = quickXplain(consistent, [...background, ...earlier], earlier.length > 0, later);
  const fromEarlier = quickXplain(consistent, [...background, ...fromLater], fromLater.length > 0, earlier);
  return [...fromEarlier, ...fromLater];
}

/**
 * Deletion-based minimisation over rule guards with the given literals held: each rule found
 * necessary stays necessary in every subset, so one pass suffices, and each unsatisfiable
 * check shrinks the candidates to the solver's own core.
 */
function minimalRules(encoding: ModelEncoding, hard: number[]): number[] {
  const { solver, guards } = encoding;
  if (solver.solve([...hard, ...guards], [], true)) return [];
  let candidates = keepCore(guards, solver.core);
  const necessary: number[] = [];
  while (candidates.length > 0) {
    const guard = candidates.pop() as number;
    if (solver.solve([...hard, ...necessary, ...candidates], [], true)) necessary.push(guard);
    else candidates = keepCore(candidates, solver.core);
  }
  const ruleOfGuard = new Map(guards.map((guard, rule) => [guard, rule]));
  return necessary.map((guard) => ruleOfGuard.get(guard) as number).sort((a, b) => a - b);
}

function keepCore(items: number[], core: number[]): number[] {
  const inCore = new Set(core);
  return items.filter((item) => inCore.has(item));
}
