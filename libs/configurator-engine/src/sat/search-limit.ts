/**
 * What one reasoning operation (a compile, a configure, an explanation) may spend. Conflicts
 * and propagations are counted by the solver, so the same budget stops at the same point on
 * every machine; the deadline is read from the caller's clock (the engine never reads time
 * on its own).
 */
export interface ReasoningBudget {
  /** SAT conflicts over the whole operation (every solver call it makes). */
  maxConflicts?: number;
  /** Literals propagated over the whole operation. */
  maxPropagations?: number;
  /** Stop once `now()` passes `at` (same unit as the clock, e.g. Date.now milliseconds). */
  deadline?: { at: number; now: () => number };
}

export type BudgetLimit = 'conflicts' | 'propagations' | 'time';

/** The search stopped on its budget: the question is unanswered, never answered wrongly. */
export class ReasoningBudgetExceededError extends Error {
  constructor(
    readonly limit: BudgetLimit,
    readonly spent: { conflicts: number; propagations: number },
  ) {
    super(`the search exceeded its ${limit} budget after ${spent.conflicts} conflicts and ${spent.propagations} propagations`);
    this.name = 'ReasoningBudgetExceededError';
  }
}

/** Reading the clock on every conflict would cost more than the search step itself. */
const CLOCK_EVERY = 64;

/** The running account of one budget, shared by every solver the operation uses. */
export class SearchLimit {
  conflicts = 0;
  propagations = 0;
  private ticks = 0;

  constructor(private readonly budget: ReasoningBudget) {}

  /** Charges work done; returns the limit crossed, or null while within budget. */
  charge(conflicts: number, propagations: number): BudgetLimit | null {
    this.conflicts += conflicts;
    this.propagations += propagations;
    const { maxConflicts, maxPropagations, deadline } = this.budget;
    if (maxConflicts !== undefined && this.conflicts > maxConflicts) return 'conflicts';
    if (maxPropagations !== undefined && this.propagations > maxPropagations) return 'propagations';
    if (deadline && ++this.ticks % CLOCK_EVERY === 0 && deadline.now() > deadline.at) return 'time';
    return null;
  }

  /** Checks the clock now (between solver calls that each spend little). */
  expired(): boolean {
    return this.budget.deadline !== undefined && this.budget.deadline.now() > this.budget.deadline.at;
  }

  error(limit: BudgetLimit): ReasoningBudgetExceededError {
    return new ReasoningBudgetExceededError(limit, { conflicts: this.conflicts, propagations: this.propagations });
  }
}
