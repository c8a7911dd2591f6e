import { ConflictLearning } from './conflict-learning';
import { NO_REASON } from './propagation-core';
import type { SearchLimit } from './search-limit';

/** Level 1 holds the assumptions, level 2 the probe; search decisions start above. */
const ASSUMPTION_LEVELS = 2;
/** Clauses longer than this are checked for repeated literals through a set. */
const LONG_CLAUSE = 16;
/** Between conflicts, the budget is charged every so many decisions. */
const DECISIONS_PER_CHARGE = 256;

/**
 * A CDCL SAT solver (MiniSat's design, small): two watched literals, 1-UIP learning,
 * VSIDS, phase saving, Luby restarts and learnt-clause reduction. Incremental under
 * assumptions (decision level 1, kept between calls) and a probe (level 2); an
 * unsatisfiable call can leave in `core` the assumptions its final conflict used.
 * With a `limit`, a call that exceeds it throws ReasoningBudgetExceededError and leaves the
 * solver on level 0, ready for the next call (what it learnt so far stays true).
 */
export class SatSolver extends ConflictLearning {
  /** After a satisfiable call: 1 for each variable true in the model, else 0. */
  model = new Uint8Array(0);
  conflicts = 0;
  private limit: SearchLimit | null = null;
  private retained: number[] | null = null;
  private chargedPropagations = 0;
  private decisionsSinceCharge = 0;

  /** The budget of the operation in progress (shared with its other solvers); null = unlimited. */
  useLimit(limit: SearchLimit | null): void {
    this.limit = limit;
    this.chargedPropagations = this.propagations;
    this.decisionsSinceCharge = 0;
  }

  get variableCount(): number {
    return this.level.length;
  }

  /**
   * A non-decision variable is never branched on: it must be fixed by propagation once the
   * decision variables are (an auxiliary variable defined by its clauses). Left unassigned,
   * it reads false in the model.
   */
  newVariable(decision = true): number {
    const variable = this.level.length;
    this.value.push(0, 0);
    this.level.push(0);
    this.reason.push(NO_REASON);
    this.activity.push(0);
    this.phase.push(false);
    this.seen.push(0);
    this.watches.push([], []);
    this.binaryWatches.push([], []);
    this.decision.push(decision);
    if (decision) this.heap.insert(variable);
    return variable;
  }

  /** Preferred value when the solver decides this variable (until a conflict changes it). */
  setPhase(variable: number, preferred: boolean): void {
    this.phase[variable] = preferred;
  }

  /** Value of a literal fixed at level 0 (1 true, -1 false, 0 not fixed). */
  fixedValue(literal: number): number {
    return this.level[literal >> 1] === 0 ? this.value[literal] : 0;
  }

  /** Adds a clause (only between solve calls). Returns false once the formula is unsatisfiable. */
  addClause(literals: readonly number[]): boolean {
    if (this.inconsistent) return false;
    this.cancelUntil(0);
    this.retained = null;
    const kept: number[] = [];
    // Long clauses (an allowed table's selectors) are checked for repeats through a set.
    const keptSet = literals.length > LONG_CLAUSE ? new Set<number>() : null;
    const isKept = (literal: number) => (keptSet ? keptSet.has(literal) : kept.includes(literal));
    for (const literal of literals) {
      const current = this.value[literal];
      if (current === 1 || isKept(literal ^ 1)) return true;
      if (current === 0 && !isKept(literal)) {
        kept.push(literal);
        keptSet?.add(literal);
      }
    }
    if (kept.length === 0) {
      this.inconsistent = true;
      return false;
    }
    if (kept.length === 1) {
      this.assign(kept[0], NO_REASON);
      if (this.propagate() !== NO_REASON) this.inconsistent = true;
      return !this.inconsistent;
    }
    this.attach(Int32Array.from(kept), false);
    return true;
  }

  /**
   * Solves under `assumptions` (decision level 1) and `probe` (level 2). The level-1 state
   * is kept after the call, so a series of probes against the same assumptions propagates
   * them once. With `wantCore`, an unsatisfiable call computes `core`.
   */
  solve(assumptions: readonly number[] = [], probe: readonly number[] = [], wantCore = false): boolean {
    this.core = [];
    this.wantCore = wantCore;
    if (this.inconsistent) return false;
    this.charge(0);
    this.cancelUntil(this.isRetained(assumptions) ? 1 : 0);
    if (this.learntCount > this.maxLearnts) this.reduceLearnts();
    let restarts = 0;
    let conflictsUntilRestart = 100 * luby(restarts);
    for (;;) {
      const conflict = this.propagate();
      if (conflict !== NO_REASON) {
        this.conflicts += 1;
        this.charge(1);
        conflictsUntilRestart -= 1;
        const level = this.trailLimits.length;
        if (level <= ASSUMPTION_LEVELS) {
          if (level === 0) this.inconsistent = true;
          else this.recordCore(this.clauses[conflict], -1);
          return this.finish(false, level === 2 ? 1 : 0);
        }
        this.learnFrom(conflict);
        continue;
      }
      if (conflictsUntilRestart <= 0) {
        restarts += 1;
        conflictsUntilRestart = 100 * luby(restarts);
        this.cancelUntil(Math.min(this.trailLimits.length, 1));
        if (this.learntCount > this.maxLearnts) this.reduceLearnts();
        continue;
      }
      if (this.trailLimits.length === 0) {
        this.retained = null;
        if (!this.assume(assumptions)) return this.finish(false, 0);
        this.retained = assumptions.slice();
        continue;
      }
      if (this.trailLimits.length === 1) {
        if (!this.assume(probe)) return this.finish(false, 1);
        continue;
      }
      const decision = this.pickBranchLiteral();
      if (decision < 0) {
        if (this.model.length !== this.level.length) this.model = new Uint8Array(this.level.length);
        for (let variable = 0; variable < this.model.length; variable++)
          this.model[variable] = this.value[variable << 1] === 1 ? 1 : 0;
        return this.finish(true, 1);
      }
      if (++this.decisionsSinceCharge === DECISIONS_PER_CHARGE) this.charge(0);
      this.trailLimits.push(this.trail.length);
      this.assign(decision, NO_REASON);
    }
  }

  /** Reports work to the limit; past it, backs out to level 0 and throws. */
  private charge(conflicts: number): void {
    const limit = this.limit;
    if (!limit) return;
    this.decisionsSinceCharge = 0;
    const crossed = limit.charge(conflicts, this.propagations - this.chargedPropagations);
    this.chargedPropagations = this.propagations;
    if (!crossed) return;
    this.retained = null;
    this.cancelUntil(0);
    throw limit.error(crossed);
  }

  /** After a call: 1 / -1 when the assumptions alone imply the literal true / false, else 0. */
  impliedValue(literal: number): number {
    return this.trailLimits.length >= 1 && this.level[literal >> 1] <= 1 ? this.value[literal] : 0;
  }

  private isRetained(assumptions: readonly number[]): boolean {
    const retained = this.retained;
    if (!retained || retained.length !== assumptions.length || this.trailLimits.length < 1) return false;
    for (let index = 0; index < retained.length; index++) if (retained[index] !== assumptions[index]) return false;
    return true;
  }

  private finish(satisfiable: boolean, keepLevel: number): boolean {
    if (keepLevel === 0) this.retained = null;
    this.cancelUntil(keepLevel);
    return satisfiable;
  }

  /** Opens a decision level holding the given assumptions; false (with a core) if they clash. */
  private assume(assumptions: readonly number[]): boolean {
    this.trailLimits.push(this.trail.length);
    for (const literal of assumptions) {
      const current = this.value[literal];
      if (current === 1) continue;
      if (current === -1) {
        this.recordCore(Int32Array.of(literal), literal);
        return false;
      }
      this.assign(literal, NO_REASON);
      const conflict = this.propagate();
      if (conflict !== NO_REASON) {
        this.recordCore(this.clauses[conflict], -1);
        return false;
      }
    }
    return true;
  }
}

/** The Luby restart sequence 1 1 2 1 1 2 4 … */
function luby(index: number): number {
  let size = 1;
  let sequence = 0;
  while (size < index + 1) {
    sequence += 1;
    size = 2 * size + 1;
  }
  let x = index;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    sequence -= 1;
    x = x % size;
  }
  return 2 ** sequence;
}
