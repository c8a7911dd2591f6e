import type { FiniteOption } from '../model/finite-option';
import { ANY, type Relation } from './relation';

export class CountBudgetExceededError extends Error {}

/** Limits of one search: nodes, and a wall-clock deadline (Date.now() value). */
export interface SearchBudget {
  maxNodes: number;
  deadline: number;
}

/**
 * Domains under branching, with forward checking (a relation with one open option filters
 * it) and support filtering for allowed tables; a domain reduced to one value counts as
 * assigned. Changes are trailed so `undo` restores an earlier `mark`.
 */
/** Throws CountBudgetExceededError once a search's `nodes` exceed the budget or its deadline passed (read every 256 nodes). */
export function checkSearchBudget(nodes: number, budget: SearchBudget): void {
  if (nodes > budget.maxNodes) throw new CountBudgetExceededError(`the search needs more than ${budget.maxNodes} nodes`);
  if ((nodes & 255) === 0 && Date.now() > budget.deadline)
    throw new CountBudgetExceededError(`the search ran out of time after ${nodes} nodes`);
}

export class SearchState {
  protected readonly alive: Uint8Array[];
  protected readonly size: Int32Array;
  protected readonly value: Int32Array;
  protected readonly relationsOf: number[][];
  private readonly trail: number[] = []; // pairs: variable, removed value
  private readonly assignedTrail: number[] = [];
  private nodes = 0;
  /** Grows whenever a domain changes, so derived facts can be cached per version. */
  protected version = 1;

  constructor(
    protected readonly options: FiniteOption[],
    protected readonly relations: Relation[],
    private readonly budget: SearchBudget = { maxNodes: Number.MAX_SAFE_INTEGER, deadline: Number.POSITIVE_INFINITY },
  ) {
    this.alive = options.map((option) => new Uint8Array(option.size).fill(1));
    this.size = Int32Array.from(options, (option) => option.size);
    this.value = new Int32Array(options.length).fill(-1);
    this.relationsOf = options.map(() => []);
    relations.forEach((relation, index) => new Set(relation.scope).forEach((variable) => this.relationsOf[variable].push(index)));
  }

  isAssigned(variable: number): boolean {
    return this.value[variable] >= 0;
  }

  domainSize(variable: number): number {
    return this.size[variable];
  }

  domainValues(variable: number): number[] {
    const values: number[] = [];
    this.alive[variable].forEach((alive, index) => alive && values.push(index));
    return values;
  }

  /** Value index per option (-1 while open). */
  assignment(): Int32Array {
    return this.value.slice();
  }

  mark(): [number, number] {
    return [this.trail.length, this.assignedTrail.length];
  }

  undo([removals, assignments]: [number, number]): void {
    this.version += 1;
    while (this.trail.length > removals) {
      const index = this.trail.pop() as number;
      const variable = this.trail.pop() as number;
      this.alive[variable][index] = 1;
      this.size[variable] += 1;
    }
    while (this.assignedTrail.length > assignments) this.value[this.assignedTrail.pop() as number] = -1;
  }

  /** Initial propagation of every relation; false when some domain empties. */
  propagateAll(): boolean {
    const queue = this.relations.map((_, index) => index);
    this.options.forEach((option) => this.size[option.index] === 1 && this.fix(option.index));
    return this.run(queue);
  }

  assign(variable: number, index: number): boolean {
    this.nodes += 1;
    checkSearchBudget(this.nodes, this.budget);
    for (let other = 0; other < this.alive[variable].length; other++)
      if (other !== index && this.alive[variable][other]) this.remove(variable, other);
    this.fix(variable);
    return this.run([...this.relationsOf[variable]]);
  }

  private fix(variable: number): void {
    this.version += 1;
    this.value[variable] = this.alive[variable].indexOf(1);
    this.assignedTrail.push(variable);
  }

  private remove(variable: number, index: number): void {
    this.version += 1;
    this.alive[variable][index] = 0;
    this.size[variable] -= 1;
    this.trail.push(variable, index);
  }

  private run(queue: number[]): boolean {
    const queued = new Set(queue);
    while (queue.length > 0) {
      const relationIndex = queue.pop() as number;
      queued.delete(relationIndex);
      const changed = this.revise(this.relations[relationIndex]);
      if (changed === null) return false;
      for (const variable of changed) {
        if (this.size[variable] === 1 && this.value[variable] < 0) this.fix(variable);
        for (const next of this.relationsOf[variable])
          if (!queued.has(next)) {
            queued.add(next);
            queue.push(next);
          }
      }
    }
    return true;
  }

  /** Filters the open options of a relation; returns those whose domain shrank, or null on a wipe-out. */
  private revise(relation: Relation): number[] | null {
    const open = relation.scope.filter((variable) => this.value[variable] < 0);
    if (relation.kind === 'forbidden' && open.length > 1) return [];
    const supported = open.map((variable) => new Uint8Array(this.alive[variable].length));
    let anyMatch = false;
    for (const tuple of relation.tuples) {
      if (!this.compatible(relation, tuple)) continue;
      anyMatch = true;
      if (relation.kind === 'allowed') {
        open.forEach((variable, position) => {
          const wanted = tuple[relation.scope.indexOf(variable)];
          if (wanted === ANY) supported[position].fill(1);
          else supported[position][wanted] = 1;
        });
      } else if (open.length === 1) {
        const wanted = tuple[relation.scope.indexOf(open[0])];
        if (wanted === ANY) return null;
        supported[0][wanted] = 2; // 2 = forbidden
      }
    }
    if (open.length === 0) return (relation.kind === 'allowed') === anyMatch ? [] : null;
    const changed: number[] = [];
    open.forEach((variable, position) => {
      const alive = this.alive[variable];
      for (let index = 0; index < alive.length; index++) {
        const keep = relation.kind === 'allowed' ? supported[position][index] === 1 : supported[position][index] !== 2;
        if (alive[index] && !keep) {
          this.remove(variable, index);
          if (!changed.includes(variable)) changed.push(variable);
        }
      }
    });
    return changed.some((variable) => this.size[variable] === 0) ? null : changed;
  }

  protected compatible(relation: Relation, tuple: Int32Array): boolean {
    for (let position = 0; position < tuple.length; position++) {
      const wanted = tuple[position];
      if (wanted !== ANY && !this.alive[relation.scope[position]][wanted]) return false;
    }
    return true;
  }
}
