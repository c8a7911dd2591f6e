import type { FiniteOption } from '../model/finite-option';
import { ANY, tupleMatches, type Relation } from '../network/relation';

/** Rules a repair may mend beyond those the wanted value breaks, before it gives up. */
const EXTRA_STEPS = 32;
/** A change that breaks more of its option's rules than this is not tried. */
const MAX_BROKEN = 3;
/** Configurations (the newest) a repair looks through for the one to mend from. */
const CLOSEST_SCAN = 256;
/** Table rows a repair may read before it gives up: a repair must cost less than a solver call. */
export const REPAIR_WORK = 4_000;
/** Tables with more rows than this are looked up through a set of row keys. */
const SCAN_LIMIT = 8;

/**
 * Finds complete valid configurations without the solver by mending a known one: the value
 * wanted is put in, and each rule it breaks is mended by changing one free option (the value
 * that leaves fewest of that option's rules broken), up to a few steps. What it returns has
 * been checked against every rule it touched, so it is a configuration; when it gives up, the
 * solver decides. A car's versions, a feature and its parent, a colour of another version:
 * most of what `configure` probes is one or two changes away from a configuration it has.
 */
export class ModelRepair {
  private readonly relationsOf: number[][];
  private readonly lookups: Array<Set<number> | null | undefined>;
  private readonly radix: number[][];
  private work = 0;

  constructor(
    private readonly options: FiniteOption[],
    private readonly relations: Relation[],
    private readonly possibleAtStart: () => Uint8Array[] | null,
  ) {
    this.relationsOf = options.map(() => []);
    relations.forEach((relation, index) => relation.scope.forEach((option) => this.relationsOf[option].push(index)));
    this.lookups = new Array(relations.length);
    this.radix = relations.map((relation) => {
      let weight = 1;
      return relation.scope.map((option) => {
        const current = weight;
        weight *= options[option].size;
        return current;
      });
    });
  }

  /**
   * A configuration agreeing with `base` on the `locked` options (value index, -1 = free),
   * with `option` = `value`; null when a few changes do not find one.
   */
  repair(base: Int32Array, locked: ArrayLike<number>, option: number, value: number, maxWork = REPAIR_WORK): Int32Array | null {
    this.work = 0;
    const assignment = base.slice();
    assignment[option] = value;
    const changed = new Set<number>([option]);
    const queue = this.broken(assignment, option, Infinity) as number[];
    const atStart = this.possibleAtStart();
    let maxSteps = 2 * queue.length + EXTRA_STEPS;
    let steps = 0;
    while (queue.length > 0) {
      const relation = queue.pop() as number;
      if (this.holds(relation, assignment)) continue;
      if (++steps > maxSteps || this.work > maxWork) return null;
      let best: { option: number; value: number; broken: number[] } | null = null;
      for (const candidate of this.relations[relation].scope) {
        if (changed.has(candidate) || locked[candidate] >= 0) continue;
        const old = assignment[candidate];
        for (let index = 0; index < this.options[candidate].size; index++) {
          if (index === old || (atStart && !atStart[candidate][index])) continue;
          assignment[candidate] = index;
          if (this.holds(relation, assignment)) {
            const broken = this.broken(assignment, candidate, best ? best.broken.length - 1 : MAX_BROKEN);
            if (broken) best = { option: candidate, value: index, broken };
          }
          assignment[candidate] = old;
          if (best?.broken.length === 0 || this.work > maxWork) break;
        }
        if (best?.broken.length === 0) break;
      }
      if (!best) return null;
      assignment[best.option] = best.value;
      changed.add(best.option);
      queue.push(...best.broken);
      maxSteps += 2 * best.broken.length;
    }
    for (const each of changed) if (this.broken(assignment, each, 0) === null) return null;
    return assignment;
  }

  /**
   * Of the newest CLOSEST_SCAN `bases`, the one where `option` = `value` breaks fewest of that
   * option's rules (none: it is a configuration with the value as it is); null if `bases` is empty.
   */
  closest(bases: Int32Array[], option: number, value: number): Int32Array | null {
    let best: Int32Array | null = null;
    let fewest = Infinity;
    for (let at = bases.length - 1; at >= Math.max(0, bases.length - CLOSEST_SCAN); at--) {
      const base = bases[at];
      const old = base[option];
      base[option] = value;
      const broken = this.broken(base, option, fewest - 1);
      base[option] = old;
      if (broken === null) continue;
      best = base;
      fewest = broken.length;
      if (fewest === 0) break;
    }
    return best;
  }

  /** The rules of `option` the assignment breaks, or null when more than `atMost`. */
  private broken(assignment: Int32Array, option: number, atMost: number): number[] | null {
    const broken: number[] = [];
    for (const relation of this.relationsOf[option]) {
      if (this.holds(relation, assignment)) continue;
      if (broken.length === atMost) return null;
      broken.push(relation);
    }
    return broken;
  }

  private holds(index: number, assignment: Int32Array): boolean {
    const relation = this.relations[index];
    const matched = this.matches(index, relation, assignment);
    return relation.kind === 'allowed' ? matched : !matched;
  }

  private matches(index: number, relation: Relation, assignment: Int32Array): boolean {
    let lookup = this.lookups[index];
    if (lookup === undefined) lookup = this.lookups[index] = this.buildLookup(index, relation);
    if (lookup === null) {
      this.work += relation.tuples.length;
      return relation.tuples.some((tuple) => tupleMatches(tuple, relation.scope, assignment));
    }
    this.work += 1;
    const radix = this.radix[index];
    let key = 0;
    for (let position = 0; position < relation.scope.length; position++)
      key += assignment[relation.scope[position]] * radix[position];
    return lookup.has(key);
  }

  /** Row keys of a table without wildcards (null: scan it). */
  private buildLookup(index: number, relation: Relation): Set<number> | null {
    if (relation.tuples.length <= SCAN_LIMIT) return null;
    const radix = this.radix[index];
    const last = relation.scope.length - 1;
    if (last >= 0 && radix[last] * this.options[relation.scope[last]].size > Number.MAX_SAFE_INTEGER) return null;
    const keys = new Set<number>();
    for (const tuple of relation.tuples) {
      let key = 0;
      for (let position = 0; position < tuple.length; position++) {
        if (tuple[position] === ANY) return null;
        key += tuple[position] * radix[position];
      }
      keys.add(key);
    }
    return keys;
  }
}
