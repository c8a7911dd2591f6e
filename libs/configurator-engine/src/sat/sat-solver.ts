import { VariableHeap } from './variable-heap';

const NO_REASON = -1;
/** Level 1 holds the assumptions, level 2 the probe; search decisions start above. */
const ASSUMPTION_LEVELS = 2;
const EMPTY = new Int32Array(0);

/**
 * A CDCL SAT solver: two watched literals (binary clauses on their own lists), 1-UIP
 * learning with basic minimisation, VSIDS, phase saving, Luby restarts and learnt-clause
 * reduction. Incremental under assumptions: all assumptions live on decision level 1, and
 * an unsatisfiable call leaves in `core` the assumptions its final conflict used.
 */
export class SatSolver {
  private readonly value: number[] = []; // per literal: 1 true, -1 false, 0 unassigned
  private readonly level: number[] = [];
  private readonly reason: number[] = [];
  private readonly activity: number[] = [];
  private readonly phase: boolean[] = [];
  private readonly seen: number[] = [];
  private readonly decision: boolean[] = [];
  private readonly heap = new VariableHeap(this.activity);
  private readonly clauses: Int32Array[] = [];
  private readonly learnt: boolean[] = [];
  private readonly clauseActivity: number[] = [];
  private readonly watches: number[][] = [];
  private readonly binaryWatches: number[][] = [];
  private readonly trail: number[] = [];
  private readonly trailLimits: number[] = [];
  private head = 0;
  private variableIncrement = 1;
  private clauseIncrement = 1;
  private learntCount = 0;
  private maxLearnts = 4000;
  private inconsistent = false;
  /** After a satisfiable call: the value of every variable. */
  model: boolean[] = [];
  /** After an unsatisfiable call: a subset of the assumptions that cannot hold together. */
  core: number[] = [];
  conflicts = 0;
  private wantCore = false;
  private retained: number[] | null = null;

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
    for (const literal of literals) {
      const current = this.value[literal];
      if (current === 1 || kept.includes(literal ^ 1)) return true;
      if (current === 0 && !kept.includes(literal)) kept.push(literal);
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
    this.cancelUntil(this.isRetained(assumptions) ? 1 : 0);
    if (this.learntCount > this.maxLearnts) this.reduceLearnts();
    let restarts = 0;
    let conflictsUntilRestart = 100 * luby(restarts);
    for (;;) {
      const conflict = this.propagate();
      if (conflict !== NO_REASON) {
        this.conflicts += 1;
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
        this.model = this.decision.map((_, variable) => this.value[variable << 1] === 1);
        return this.finish(true, 1);
      }
      this.trailLimits.push(this.trail.length);
      this.assign(decision, NO_REASON);
    }
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

  private assign(literal: number, reason: number): void {
    const variable = literal >> 1;
    this.value[literal] = 1;
    this.value[literal ^ 1] = -1;
    this.level[variable] = this.trailLimits.length;
    this.reason[variable] = reason;
    this.trail.push(literal);
  }

  private attach(literals: Int32Array, learnt: boolean): number {
    const index = this.clauses.length;
    this.clauses.push(literals);
    this.learnt.push(learnt);
    this.clauseActivity.push(0);
    if (literals.length === 2) {
      this.binaryWatches[literals[0]].push(literals[1], index);
      this.binaryWatches[literals[1]].push(literals[0], index);
    } else {
      this.watches[literals[0]].push(index);
      this.watches[literals[1]].push(index);
      if (learnt) this.learntCount += 1;
    }
    return index;
  }

  /** Unit propagation; returns a conflicting clause index or NO_REASON. */
  private propagate(): number {
    const { value, trail, clauses } = this;
    while (this.head < trail.length) {
      const falseLiteral = trail[this.head++] ^ 1;
      const binary = this.binaryWatches[falseLiteral];
      for (let i = 0; i < binary.length; i += 2) {
        const other = binary[i];
        const current = value[other];
        if (current === 1) continue;
        if (current === -1) return binary[i + 1];
        this.assign(other, binary[i + 1]);
      }
      const watching = this.watches[falseLiteral];
      let kept = 0;
      let i = 0;
      while (i < watching.length) {
        const index = watching[i++];
        const clause = clauses[index];
        if (clause.length === 0) continue;
        if (clause[0] === falseLiteral) {
          clause[0] = clause[1];
          clause[1] = falseLiteral;
        }
        const first = clause[0];
        if (value[first] === 1) {
          watching[kept++] = index;
          continue;
        }
        let moved = false;
        for (let k = 2; k < clause.length; k++) {
          if (value[clause[k]] !== -1) {
            clause[1] = clause[k];
            clause[k] = falseLiteral;
            this.watches[clause[1]].push(index);
            moved = true;
            break;
          }
        }
        if (moved) continue;
        watching[kept++] = index;
        if (value[first] === -1) {
          while (i < watching.length) watching[kept++] = watching[i++];
          watching.length = kept;
          this.head = trail.length;
          return index;
        }
        this.assign(first, index);
      }
      if (kept !== watching.length) watching.length = kept;
    }
    return NO_REASON;
  }

  /** 1-UIP conflict analysis, learning, and backjump. */
  private learnFrom(conflict: number): void {
    const { seen, level, reason, trail } = this;
    const currentLevel = this.trailLimits.length;
    const learnt: number[] = [0];
    let pending = 0;
    let literal = -1;
    let index = trail.length - 1;
    let clauseIndex = conflict;
    do {
      if (this.learnt[clauseIndex]) this.bumpClause(clauseIndex);
      for (const other of this.clauses[clauseIndex]) {
        const variable = other >> 1;
        if (other === literal || seen[variable] || level[variable] === 0) continue;
        seen[variable] = 1;
        this.bumpVariable(variable);
        if (level[variable] >= currentLevel) pending += 1;
        else learnt.push(other);
      }
      while (!seen[trail[index] >> 1]) index -= 1;
      literal = trail[index];
      index -= 1;
      clauseIndex = reason[literal >> 1];
      seen[literal >> 1] = 0;
      pending -= 1;
    } while (pending > 0);
    learnt[0] = literal ^ 1;
    const minimised = learnt.filter((other, position) => position === 0 || !this.redundant(other));
    for (const other of learnt) seen[other >> 1] = 0;
    let backjumpLevel = 0;
    for (let position = 1; position < minimised.length; position++) {
      if (level[minimised[position] >> 1] > level[minimised[1] >> 1]) {
        [minimised[1], minimised[position]] = [minimised[position], minimised[1]];
      }
    }
    if (minimised.length > 1) backjumpLevel = level[minimised[1] >> 1];
    this.cancelUntil(backjumpLevel);
    if (minimised.length === 1) this.assign(minimised[0], NO_REASON);
    else this.assign(minimised[0], this.attach(Int32Array.from(minimised), true));
    this.variableIncrement /= 0.95;
    this.clauseIncrement /= 0.999;
  }

  /** A literal is redundant when its reason's other literals are all in the clause already. */
  private redundant(literal: number): boolean {
    const reasonIndex = this.reason[literal >> 1];
    if (reasonIndex === NO_REASON) return false;
    for (const other of this.clauses[reasonIndex]) {
      const variable = other >> 1;
      if (variable !== literal >> 1 && !this.seen[variable] && this.level[variable] > 0) return false;
    }
    return true;
  }

  /** Sets `core` when wanted; an empty core means the formula itself is unsatisfiable. */
  private recordCore(literals: Int32Array, failed: number): void {
    if (!this.wantCore) return;
    this.core = this.finalConflict(literals, failed);
    if (this.core.length === 0) this.inconsistent = true;
  }

  /** The assumptions (level-1 decisions) behind a conflict on level 1. */
  private finalConflict(literals: Int32Array, failed: number): number[] {
    const { seen, trail, reason, level } = this;
    const core: number[] = failed >= 0 ? [failed] : [];
    for (const literal of literals) if (level[literal >> 1] > 0) seen[literal >> 1] = 1;
    const start = this.trailLimits[0] ?? trail.length;
    for (let index = trail.length - 1; index >= start; index--) {
      const variable = trail[index] >> 1;
      if (!seen[variable]) continue;
      seen[variable] = 0;
      if (reason[variable] === NO_REASON) {
        if (trail[index] !== failed) core.push(trail[index]);
      } else {
        for (const other of this.clauses[reason[variable]]) {
          if (level[other >> 1] > 0) seen[other >> 1] = 1;
        }
      }
    }
    for (const literal of literals) seen[literal >> 1] = 0;
    return core;
  }

  private cancelUntil(targetLevel: number): void {
    if (this.trailLimits.length <= targetLevel) return;
    const keep = this.trailLimits[targetLevel];
    for (let index = this.trail.length - 1; index >= keep; index--) {
      const literal = this.trail[index];
      const variable = literal >> 1;
      this.value[literal] = 0;
      this.value[literal ^ 1] = 0;
      this.reason[variable] = NO_REASON;
      this.phase[variable] = (literal & 1) === 0;
      if (this.decision[variable]) this.heap.insert(variable);
    }
    this.trail.length = keep;
    this.trailLimits.length = targetLevel;
    this.head = keep;
  }

  private pickBranchLiteral(): number {
    while (!this.heap.isEmpty()) {
      const variable = this.heap.removeMax();
      if (this.value[variable << 1] === 0) return this.phase[variable] ? variable << 1 : (variable << 1) | 1;
    }
    return -1;
  }

  private bumpVariable(variable: number): void {
    this.activity[variable] += this.variableIncrement;
    if (this.activity[variable] > 1e100) {
      for (let v = 0; v < this.activity.length; v++) this.activity[v] *= 1e-100;
      this.variableIncrement *= 1e-100;
    }
    this.heap.increased(variable);
  }

  private bumpClause(index: number): void {
    this.clauseActivity[index] += this.clauseIncrement;
    if (this.clauseActivity[index] > 1e20) {
      for (let c = 0; c < this.clauseActivity.length; c++) this.clauseActivity[c] *= 1e-20;
      this.clauseIncrement *= 1e-20;
    }
  }

  /** Forgets the less active half of the long learnt clauses (called on level 0). */
  private reduceLearnts(): void {
    const candidates: number[] = [];
    for (let index = 0; index < this.clauses.length; index++) {
      const clause = this.clauses[index];
      if (!this.learnt[index] || clause.length <= 2) continue;
      const locked = this.reason[clause[0] >> 1] === index && this.value[clause[0]] === 1;
      if (!locked) candidates.push(index);
    }
    candidates.sort((a, b) => this.clauseActivity[a] - this.clauseActivity[b]);
    for (const index of candidates.slice(0, candidates.length >> 1)) {
      this.clauses[index] = EMPTY;
      this.learnt[index] = false;
      this.learntCount -= 1;
    }
    this.maxLearnts = Math.floor(this.maxLearnts * 1.1);
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
