import { VariableHeap } from './variable-heap';

export const NO_REASON = -1;

/**
 * The solver's state and unit propagation: assignments per literal, the trail with its
 * decision levels, clauses with two watched literals (binary clauses on their own lists).
 */
export abstract class PropagationCore {
  protected readonly value: number[] = []; // per literal: 1 true, -1 false, 0 unassigned
  protected readonly level: number[] = [];
  protected readonly reason: number[] = [];
  protected readonly activity: number[] = [];
  protected readonly phase: boolean[] = [];
  protected readonly decision: boolean[] = [];
  protected readonly heap = new VariableHeap(this.activity);
  protected readonly clauses: Int32Array[] = [];
  protected readonly learnt: boolean[] = [];
  protected readonly clauseActivity: number[] = [];
  protected readonly watches: number[][] = [];
  protected readonly binaryWatches: number[][] = [];
  protected readonly trail: number[] = [];
  protected readonly trailLimits: number[] = [];
  protected head = 0;
  protected learntCount = 0;
  /** Literals propagated so far (the work a budget counts). */
  propagations = 0;

  protected assign(literal: number, reason: number): void {
    const variable = literal >> 1;
    this.value[literal] = 1;
    this.value[literal ^ 1] = -1;
    this.level[variable] = this.trailLimits.length;
    this.reason[variable] = reason;
    this.trail.push(literal);
  }

  protected attach(literals: Int32Array, learnt: boolean): number {
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
  protected propagate(): number {
    const { value, trail, clauses } = this;
    while (this.head < trail.length) {
      const falseLiteral = trail[this.head++] ^ 1;
      this.propagations += 1;
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

  protected cancelUntil(targetLevel: number): void {
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
}
