import { NO_REASON, PropagationCore } from './propagation-core';

const EMPTY = new Int32Array(0);

/**
 * Conflict analysis (1-UIP with basic minimisation), final conflicts over assumptions,
 * VSIDS activities and the reduction of learnt clauses.
 */
export abstract class ConflictLearning extends PropagationCore {
  protected readonly seen: number[] = [];
  protected variableIncrement = 1;
  protected clauseIncrement = 1;
  protected maxLearnts = 4000;
  protected inconsistent = false;
  protected wantCore = false;
  /** After an unsatisfiable call: a subset of the assumptions that cannot hold together. */
  core: number[] = [];

  /** 1-UIP conflict analysis, learning, and backjump. */
  protected learnFrom(conflict: number): void {
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
  protected redundant(literal: number): boolean {
    const reasonIndex = this.reason[literal >> 1];
    if (reasonIndex === NO_REASON) return false;
    for (const other of this.clauses[reasonIndex]) {
      const variable = other >> 1;
      if (variable !== literal >> 1 && !this.seen[variable] && this.level[variable] > 0) return false;
    }
    return true;
  }

  /** Sets `core` when wanted; an empty core means the formula itself is unsatisfiable. */
  protected recordCore(literals: Int32Array, failed: number): void {
    if (!this.wantCore) return;
    this.core = this.finalConflict(literals, failed);
    if (this.core.length === 0) this.inconsistent = true;
  }

  /** The assumptions (level-1 decisions) behind a conflict on level 1. */
  protected finalConflict(literals: Int32Array, failed: number): number[] {
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
          if (other >> 1 !== variable && level[other >> 1] > 0) seen[other >> 1] = 1;
        }
      }
    }
    for (const literal of literals) seen[literal >> 1] = 0;
    return core;
  }

  protected bumpVariable(variable: number): void {
    this.activity[variable] += this.variableIncrement;
    if (this.activity[variable] > 1e100) {
      for (let v = 0; v < this.activity.length; v++) this.activity[v] *= 1e-100;
      this.variableIncrement *= 1e-100;
    }
    this.heap.increased(variable);
  }

  protected bumpClause(index: number): void {
    this.clauseActivity[index] += this.clauseIncrement;
    if (this.clauseActivity[index] > 1e20) {
      for (let c = 0; c < this.clauseActivity.length; c++) this.clauseActivity[c] *= 1e-20;
      this.clauseIncrement *= 1e-20;
    }
  }

  /** Forgets the less active half of the long learnt clauses (called on level 0). */
  protected reduceLearnts(): void {
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

  protected pickBranchLiteral(): number {
    while (!this.heap.isEmpty()) {
      const variable = this.heap.removeMax();
      if (this.value[variable << 1] === 0) return this.phase[variable] ? variable << 1 : (variable << 1) | 1;
    }
    return -1;
  }
}
