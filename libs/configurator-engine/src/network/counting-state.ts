import type { FiniteOption } from '../model/finite-option';
import { eliminationRanks } from './elimination-order';
import { ANY, type Relation } from './relation';
import { checkSearchBudget, type SearchBudget } from './search-state';

/** Open options linked by relations that still constrain them, counted on their own. */
export interface Component {
  /** ascending option indexes */
  variables: Int32Array;
  /** the relations that still constrain them (in no particular order) */
  relations: number[];
}

/**
 * The counter's search state: domains under branching with propagation, the open options
 * split into independent components, and each component named by a compact cache key.
 * Domains and the relations of each option sit in flat typed arrays, and propagation
 * allocates nothing per relation or value (a count visits every node's component). Changes are trailed so `undo` restores a `mark`.
 *
 * A relation with a single forbidden tuple is a clause ("not all of these values"), the bulk
 * of a feature model: it propagates in one pass over its scope, as unit propagation does.
 * Other relations filter an open option when it is the last one open (forward checking), and
 * allowed tables keep only supported values (as SearchState does).
 */
export class CountingState {
  /** values of option v are alive[offset[v] … offset[v + 1]) */
  private readonly offset: Int32Array;
  private readonly alive: Uint8Array;
  private readonly size: Int32Array;
  /** value index of an option reduced to one value, -1 while open */
  private readonly value: Int32Array;
  /** relations of option v are relationList[relationStart[v] … relationStart[v + 1]) */
  private readonly relationStart: Int32Array;
  private readonly relationList: Int32Array;
  private readonly clause: Uint8Array;
  private readonly removed: number[] = []; // pairs: option, value index
  private readonly fixed: number[] = [];
  private readonly queue: Int32Array;
  private readonly queued: Uint8Array;
  // Stamps renewed per call instead of clearing marks; also the per-value support marks.
  private stamp = 0;
  private readonly variableStamp: Int32Array;
  private readonly relationStamp: Int32Array;
  private readonly valueStamp: Int32Array;
  private nodes = 0;
  private rank: Int32Array;

  constructor(
    private readonly options: FiniteOption[],
    private readonly relations: Relation[],
    private readonly budget: SearchBudget,
  ) {
    const count = options.length;
    this.offset = new Int32Array(count + 1);
    for (let variable = 0; variable < count; variable++)
      this.offset[variable + 1] = this.offset[variable] + options[variable].size;
    this.alive = new Uint8Array(this.offset[count]).fill(1);
    this.valueStamp = new Int32Array(this.offset[count]);
    this.size = Int32Array.from(options, (option) => option.size);
    this.value = new Int32Array(count).fill(-1);
    this.relationStart = new Int32Array(count + 1);
    for (const relation of relations) for (const variable of relation.scope) this.relationStart[variable + 1] += 1;
    for (let variable = 0; variable < count; variable++) this.relationStart[variable + 1] += this.relationStart[variable];
    this.relationList = new Int32Array(this.relationStart[count]);
    const filled = this.relationStart.slice(0, count);
    relations.forEach((relation, index) => {
      for (const variable of relation.scope) this.relationList[filled[variable]++] = index;
    });
    this.clause = Uint8Array.from(relations, (relation) =>
      relation.kind === 'forbidden' && relation.tuples.length === 1 ? 1 : 0,
    );
    this.queue = new Int32Array(relations.length);
    this.queued = new Uint8Array(relations.length);
    this.variableStamp = new Int32Array(count);
    this.relationStamp = new Int32Array(relations.length);
    this.rank = Int32Array.from(options, (option) => -option.index);
  }

  domainSize(variable: number): number {
    return this.size[variable];
  }

  domainValues(variable: number): number[] {
    const values: number[] = [];
    for (let index = 0; index < this.options[variable].size; index++)
      if (this.alive[this.offset[variable] + index]) values.push(index);
    return values;
  }

  isOpen(variable: number): boolean {
    return this.value[variable] < 0;
  }

  mark(): [number, number] {
    return [this.removed.length, this.fixed.length];
  }

  undo([removals, fixes]: [number, number]): void {
    const { removed, fixed } = this;
    while (removed.length > removals) {
      const index = removed.pop() as number;
      const variable = removed.pop() as number;
      this.alive[this.offset[variable] + index] = 1;
      this.size[variable] += 1;
    }
    while (fixed.length > fixes) this.value[fixed.pop() as number] = -1;
  }

  /** Initial propagation of every relation; false when some domain empties. */
  propagateAll(): boolean {
    for (let variable = 0; variable < this.options.length; variable++) if (this.size[variable] === 1) this.fix(variable);
    for (let index = 0; index < this.relations.length; index++) this.enqueue(index);
    return this.propagate();
  }

  /** Branches: one search node, counted against the budget. */
  assign(variable: number, index: number): boolean {
    this.nodes += 1;
    checkSearchBudget(this.nodes, this.budget);
    const start = this.offset[variable];
    for (let other = 0; other < this.options[variable].size; other++)
      if (other !== index && this.alive[start + other]) this.remove(variable, other);
    return this.propagate();
  }

  private remove(variable: number, index: number): void {
    this.alive[this.offset[variable] + index] = 0;
    this.size[variable] -= 1;
    this.removed.push(variable, index);
    if (this.size[variable] === 1) this.fix(variable);
    for (let at = this.relationStart[variable]; at < this.relationStart[variable + 1]; at++) this.enqueue(this.relationList[at]);
  }

  private fix(variable: number): void {
    const start = this.offset[variable];
    let index = 0;
    while (!this.alive[start + index]) index += 1;
    this.value[variable] = index;
    this.fixed.push(variable);
  }

  private enqueue(relation: number): void {
    if (this.queued[relation]) return;
    this.queued[relation] = 1;
    this.queue[this.queueLength++] = relation;
  }

  private queueLength = 0;

  private propagate(): boolean {
    while (this.queueLength > 0) {
      const relation = this.queue[--this.queueLength];
      this.queued[relation] = 0;
      if (!(this.clause[relation] ? this.reviseClause(relation) : this.revise(relation))) {
        while (this.queueLength > 0) this.queued[this.queue[--this.queueLength]] = 0;
        return false;
      }
    }
    return true;
  }

  /** A clause is satisfied once a value of its tuple is gone; with one option left open, that value goes. */
  private reviseClause(relationIndex: number): boolean {
    const { scope, tuples } = this.relations[relationIndex];
    const tuple = tuples[0];
    let open = -1;
    for (let position = 0; position < scope.length; position++) {
      const wanted = tuple[position];
      if (wanted === ANY) continue;
      const variable = scope[position];
      if (!this.alive[this.offset[variable] + wanted]) return true;
      if (this.value[variable] < 0) {
        if (open >= 0) return true;
        open = position;
      }
    }
    if (open < 0) return false;
    this.remove(scope[open], tuple[open]);
    return true;
  }

  /** As SearchState.revise, without allocating: support marks are value stamps. */
  private revise(relationIndex: number): boolean {
    const relation = this.relations[relationIndex];
    const { scope, tuples } = relation;
    const allowed = relation.kind === 'allowed';
    let openCount = 0;
    let lastOpen = -1;
    for (let position = 0; position < scope.length; position++)
      if (this.value[scope[position]] < 0) {
        openCount += 1;
        lastOpen = position;
      }
    if (!allowed && openCount > 1) return true;
    const stamp = ++this.stamp;
    let anyMatch = false;
    for (const tuple of tuples) {
      if (!this.compatible(scope, tuple)) continue;
      anyMatch = true;
      if (allowed) {
        for (let position = 0; position < scope.length; position++) {
          const variable = scope[position];
          if (this.value[variable] >= 0) continue;
          const wanted = tuple[position];
          if (wanted === ANY) this.valueStamp.fill(stamp, this.offset[variable], this.offset[variable + 1]);
          else this.valueStamp[this.offset[variable] + wanted] = stamp;
        }
      } else if (openCount === 1) {
        const wanted = tuple[lastOpen];
        if (wanted === ANY) return false;
        this.valueStamp[this.offset[scope[lastOpen]] + wanted] = stamp; // forbidden
      }
    }
    if (openCount === 0) return allowed === anyMatch;
    for (let position = 0; position < scope.length; position++) {
      const variable = scope[position];
      if (this.value[variable] >= 0) continue;
      const start = this.offset[variable];
      for (let index = 0; index < this.options[variable].size; index++) {
        if (!this.alive[start + index]) continue;
        const keep = allowed === (this.valueStamp[start + index] === stamp);
        if (!keep) {
          if (this.size[variable] === 1) return false;
          this.remove(variable, index);
        }
      }
    }
    return true;
  }

  private compatible(scope: number[], tuple: Int32Array): boolean {
    for (let position = 0; position < tuple.length; position++) {
      const wanted = tuple[position];
      if (wanted !== ANY && !this.alive[this.offset[scope[position]] + wanted]) return false;
    }
    return true;
  }

  /**
   * A relation still constrains the open options when two or more of them are open and,
   * for forbidden tuples, one of them can still match (a satisfied clause drops out).
   * Propagation has run, so a relation with fewer open options holds whatever they take.
   */
  private isActive(relationIndex: number): boolean {
    const relation = this.relations[relationIndex];
    const { scope } = relation;
    let open = 0;
    for (const variable of scope) if (this.value[variable] < 0) open += 1;
    if (open < 2) return false;
    if (relation.kind === 'allowed') return true;
    for (const tuple of relation.tuples) if (this.compatible(scope, tuple)) return true;
    return false;
  }

  /** Connected components of the given open options, linked by active relations. */
  components(variables: ArrayLike<number>): Component[] {
    const stamp = ++this.stamp;
    const { variableStamp, relationStamp } = this;
    for (let at = 0; at < variables.length; at++) variableStamp[variables[at]] = -stamp; // member, not visited
    const result: Component[] = [];
    for (let first = 0; first < variables.length; first++) {
      const start = variables[first];
      if (variableStamp[start] === stamp) continue;
      const members = [start];
      const relations: number[] = [];
      variableStamp[start] = stamp;
      for (let at = 0; at < members.length; at++) {
        const variable = members[at];
        for (let next = this.relationStart[variable]; next < this.relationStart[variable + 1]; next++) {
          const index = this.relationList[next];
          if (relationStamp[index] === stamp) continue;
          relationStamp[index] = stamp;
          if (!this.isActive(index)) continue;
          relations.push(index);
          for (const other of this.relations[index].scope) {
            if (variableStamp[other] === -stamp && this.value[other] < 0) {
              variableStamp[other] = stamp;
              members.push(other);
            }
          }
        }
      }
      // A typed array sorts numerically without calling back into JavaScript.
      result.push({ variables: Int32Array.from(members).sort(), relations });
    }
    return result;
  }

  /**
   * Names a component's residual problem, as sharpSAT does: its options (with the alive
   * values of those whose domain shrank) and those of its relations that some assignment
   * has touched (with the values assigned, unless the relation is a clause, whose assigned
   * values are those of its tuple while it is active). A relation over open options only is
   * implied by the options and their domains, which keeps keys short. Packed as a string of
   * 14-bit digits (a flag bit continues a number; ascending numbers as gaps), so the cache
   * compares keys exactly: no hash collision can mix two components up.
   */
  componentKey(component: Component): string {
    const units: number[] = [];
    const pushNumber = (number: number) => {
      while (number >= 0x4000) {
        units.push(0x4000 | (number & 0x3fff));
        number >>>= 14;
      }
      units.push(number);
    };
    let previous = -1;
    for (const variable of component.variables) {
      pushNumber(variable - previous);
      previous = variable;
    }
    units.push(0);
    previous = -1;
    for (const variable of component.variables) {
      const full = this.options[variable].size;
      if (this.size[variable] === full) continue;
      pushNumber(variable - previous);
      previous = variable;
      const start = this.offset[variable];
      for (let chunk = 0; chunk < full; chunk += 14) {
        let bits = 0;
        for (let index = chunk; index < Math.min(full, chunk + 14); index++) bits |= this.alive[start + index] << (index - chunk);
        units.push(bits);
      }
    }
    units.push(0);
    previous = -1;
    for (const index of this.touchedRelations(component)) {
      const { scope } = this.relations[index];
      pushNumber(index - previous);
      previous = index;
      if (!this.clause[index]) for (const variable of scope) units.push(this.value[variable] + 1);
    }
    let key = '';
    for (let at = 0; at < units.length; at += 4096) key += String.fromCharCode(...units.slice(at, at + 4096));
    return key;
  }

  /** The component's relations with an assigned option, ascending. */
  private touchedRelations(component: Component): Int32Array {
    const touched: number[] = [];
    for (const index of component.relations) {
      for (const variable of this.relations[index].scope) {
        if (this.value[variable] >= 0) {
          touched.push(index);
          break;
        }
      }
    }
    return Int32Array.from(touched).sort();
  }

  /**
   * Fixes the branching order from the problem as propagation left it: a tree
   * decomposition's, root bag first (see eliminationRanks).
   */
  orderBranching(): void {
    const cliques: number[][] = [];
    for (let index = 0; index < this.relations.length; index++) {
      if (this.isActive(index)) cliques.push(this.relations[index].scope.filter((variable) => this.value[variable] < 0));
    }
    this.rank = eliminationRanks(this.options.length, cliques);
  }

  /** The component's open option that comes first in the branching order. */
  branchingVariable(component: Component): number {
    let best = -1;
    for (const variable of component.variables) {
      if (this.value[variable] < 0 && (best < 0 || this.rank[variable] > this.rank[best])) best = variable;
    }
    return best;
  }
}
