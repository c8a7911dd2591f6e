import type { FiniteOption } from '../model/finite-option';
import type { Relation } from '../network/relation';
import { negate } from '../sat/literal';
import { SearchLimit, type ReasoningBudget } from '../sat/search-limit';
import { ModelEncoding } from './model-encoding';
import { findMinimalConflict, type MinimalConflict } from './minimal-conflict';
import { ModelPool } from './model-pool';
import { ModelRepair } from './model-repair';

/** Table rows the first, brief repair from the newest configuration may read. */
const QUICK_REPAIR_WORK = 500;
/** Consecutive failed repairs on one option after which its other values go to the solver. */
const REPAIRS_FAILING = 3;

/** Value index per option; -1 = undecided. */
export type PartialAssignment = Int32Array;

/**
 * Complete reasoning over a model's finite options with a SAT solver: which values some
 * complete valid configuration still allows, why a set of choices cannot hold, and a
 * completion that prefers given values. Calls made inside `within` share one budget.
 */
export class Reasoner {
  private readonly encoding: ModelEncoding;
  private guardedEncoding: ModelEncoding | null = null;
  private limit: SearchLimit | null = null;
  private readonly models: ModelPool;
  private readonly repairs: ModelRepair;
  /** What feasibleValues answers with no choice made (found at compile or restored). */
  private atStart: Uint8Array[] | null = null;

  constructor(
    readonly options: FiniteOption[],
    private readonly relations: Relation[],
    private readonly ruleCount: number,
  ) {
    this.encoding = new ModelEncoding(options, relations, ruleCount, false);
    this.models = new ModelPool(options.length);
    this.repairs = new ModelRepair(options, relations, () => this.atStart);
  }

  /**
   * Runs one operation under a budget shared by all its solver calls; past it, the operation
   * throws ReasoningBudgetExceededError. A call nested in another keeps the outer budget.
   */
  within<T>(budget: ReasoningBudget | undefined, operation: () => T): T {
    if (!budget || this.limit) return operation();
    this.setLimit(new SearchLimit(budget));
    try {
      return operation();
    } finally {
      this.setLimit(null);
    }
  }

  private setLimit(limit: SearchLimit | null): void {
    this.limit = limit;
    this.encoding.solver.useLimit(limit);
    this.guardedEncoding?.solver.useLimit(limit);
  }

  /** Values no configuration can take become unit clauses (what a compilation found out). */
  excludeValues(feasible: Uint8Array[]): void {
    this.atStart = feasible;
    const { solver, literals } = this.encoding;
    feasible.forEach((possible, option) => {
      possible.forEach((isPossible, index) => {
        if (!isPossible) solver.addClause([negate(literals[option][index])]);
      });
    });
  }

  isConsistent(fixed: PartialAssignment): boolean {
    return this.encoding.solver.solve(this.encoding.assumptionsFor(fixed));
  }

  /**
   * feasible[option][valueIndex] = 1 iff some complete valid configuration extends `fixed`
   * with that value; null when `fixed` itself has none. Every satisfiable call marks all
   * values of its model, and the solver is steered towards values not seen yet, so most
   * values are confirmed without a call of their own.
   */
  feasibleValues(fixed: PartialAssignment): Uint8Array[] | null {
    const { solver, literals } = this.encoding;
    const assumptions = this.encoding.assumptionsFor(fixed);
    if (assumptions.length === 0 && this.atStart) return this.atStart.map((values) => values.slice());
    if (!solver.solve(assumptions)) return null;
    const feasible = this.options.map((option) => new Uint8Array(option.size));
    this.models.add(this.encoding.modelValues());
    // Configurations extending `fixed`: the pool's, then each one found; values are mended from them.
    const agreeing = this.models.markAgreeing(fixed, feasible);
    const mark = (model: Int32Array) => {
      this.models.add(model);
      agreeing.push(model);
      for (let option = 0; option < model.length; option++) feasible[option][model[option]] = 1;
    };
    const lessons: number[][] = [];
    for (const option of this.options) {
      if (fixed[option.index] >= 0) continue;
      // Repairs that keep failing on an option (values excluded by arithmetic, say) stop
      // until the solver finds a configuration again.
      let failedRepairs = 0;
      for (let index = 0; index < option.size; index++) {
        if (feasible[option.index][index]) continue;
        const literal = literals[option.index][index];
        if (solver.impliedValue(literal) === -1) continue;
        const repaired = failedRepairs < REPAIRS_FAILING ? this.repairFrom(agreeing, fixed, option.index, index) : null;
        if (repaired) {
          failedRepairs = 0;
          mark(repaired);
          continue;
        }
        failedRepairs += 1;
        this.preferUnseenValues(feasible, fixed);
        if (solver.solve(assumptions, [literal], true)) {
          // A new configuration may be the one the next values mend from.
          mark(this.encoding.modelValues());
          failedRepairs = 0;
        } else if (solver.core.length > 0 && solver.core.length <= 2) lessons.push(solver.core.map(negate));
      }
    }
    // A value excluded by at most one selection is worth remembering: the clause follows
    // from the model, and later calls then see it by propagation alone.
    for (const clause of lessons) solver.addClause(clause);
    if (assumptions.length === 0) this.atStart = feasible.map((values) => values.slice());
    return feasible;
  }

  /**
   * The values of one option some complete valid configuration allows with `fixed` (whose
   * own entry for that option is ignored): the alternatives to a choice already made.
   */
  alternativeValues(fixed: PartialAssignment, option: number): Uint8Array {
    const { solver, literals } = this.encoding;
    const others = fixed.slice();
    others[option] = -1;
    const assumptions = this.encoding.assumptionsFor(others);
    const values = new Uint8Array(this.options[option].size);
    this.models.markOption(others, option, values);
    const base = this.models.findAgreeing(fixed);
    let failedRepairs = 0;
    for (let index = 0; index < values.length; index++) {
      if (values[index]) continue;
      const repaired = base && failedRepairs < REPAIRS_FAILING ? this.repairs.repair(base, others, option, index) : null;
      if (repaired) {
        failedRepairs = 0;
        this.models.add(repaired);
        values[index] = 1;
        continue;
      }
      failedRepairs += 1;
      if (!solver.solve(assumptions, [literals[option][index]])) continue;
      const model = this.encoding.modelValues();
      this.models.add(model);
      values[model[option]] = 1;
    }
    return values;
  }

  /**
   * A configuration with `option` = `value` mended from `bases` (each extends the choices):
   * briefly from the newest, else from the one the value fits best; null when neither mends.
   */
  private repairFrom(bases: Int32Array[], locked: PartialAssignment, option: number, value: number): Int32Array | null {
    const newest = bases[bases.length - 1];
    const quick = this.repairs.repair(newest, locked, option, value, QUICK_REPAIR_WORK);
    if (quick) return quick;
    const closest = this.repairs.closest(bases, option, value);
    return closest && closest !== newest ? this.repairs.repair(closest, locked, option, value) : null;
  }

  private preferUnseenValues(feasible: Uint8Array[], fixed: PartialAssignment): void {
    const { solver, literals } = this.encoding;
    for (const option of this.options) {
      if (fixed[option.index] >= 0) continue;
      const seen = feasible[option.index];
      const unseen = seen.indexOf(0);
      if (unseen < 0) continue;
      const literal = literals[option.index][unseen];
      solver.setPhase(literal >> 1, (literal & 1) === 0);
    }
  }

  /**
   * A minimal set of the fixed choices no valid configuration allows (with `hypothesis`, an
   * option value being tried, always assumed), and the rules behind it; null when they are
   * possible. `order` lists the choices in the customer's order (default: option order).
   */
  minimalConflict(fixed: PartialAssignment, order?: readonly number[], hypothesis?: [number, number]): MinimalConflict | null {
    const choiceOrder = order ?? this.options.map((option) => option.index);
    return findMinimalConflict(this.encoding, () => this.guarded(), fixed, choiceOrder, hypothesis);
  }

  /** The encoding whose rules can be switched off, built on the first conflict. */
  private guarded(): ModelEncoding {
    if (!this.guardedEncoding) {
      this.guardedEncoding = new ModelEncoding(this.options, this.relations, this.ruleCount, true);
      this.guardedEncoding.solver.useLimit(this.limit);
    }
    return this.guardedEncoding;
  }

  /**
   * A complete valid assignment extending `fixed`, taking each preferred value (in option
   * order) when that keeps it completable; null when `fixed` has no completion.
   */
  complete(fixed: PartialAssignment, preferred: Int32Array): Int32Array | null {
    const { solver, literals } = this.encoding;
    const assumptions = this.encoding.assumptionsFor(fixed);
    if (!solver.solve(assumptions)) return null;
    const wanted: number[] = [];
    preferred.forEach((index, option) => {
      if (index >= 0 && fixed[option] < 0) wanted.push(literals[option][index]);
    });
    if (!solver.solve(assumptions, wanted)) {
      for (const literal of wanted) {
        if (solver.solve(assumptions, [literal])) assumptions.push(literal);
      }
    } else {
      assumptions.push(...wanted);
    }
    for (const option of this.options) {
      // Remaining choices: leave optional options unset, otherwise take the first value.
      const first = literals[option.index][option.optional ? option.size - 1 : 0];
      solver.setPhase(first >> 1, (first & 1) === 0);
    }
    solver.solve(assumptions);
    return this.encoding.modelValues();
  }
}
