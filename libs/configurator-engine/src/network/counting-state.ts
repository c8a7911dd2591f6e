import type { FiniteOption } from '../model/finite-option';
import type { Relation } from './relation';
import { SearchState, type SearchBudget } from './search-state';

/**
 * The search state as the counter sees it: open options split into independent
 * components, each identified by its residual problem for caching.
 */
export class CountingState extends SearchState {
  // Visit marks for component search, renewed per call instead of cleared.
  private stamp = 0;
  private readonly variableStamp: Int32Array;
  private readonly relationStamp: Int32Array;
  // Whether a relation is active, cached until the domains change.
  private readonly activeVersion: Int32Array;
  private readonly activeCache: Uint8Array;

  constructor(options: FiniteOption[], relations: Relation[], budget?: SearchBudget) {
    super(options, relations, budget);
    this.variableStamp = new Int32Array(options.length);
    this.relationStamp = new Int32Array(relations.length);
    this.activeVersion = new Int32Array(relations.length);
    this.activeCache = new Uint8Array(relations.length);
  }

  /**
   * A relation still constrains the open options when two or more of them are open and,
   * for forbidden tuples, one of them can still match (a satisfied clause drops out).
   */
  private isActive(relationIndex: number): boolean {
    if (this.activeVersion[relationIndex] !== this.version) {
      this.activeVersion[relationIndex] = this.version;
      this.activeCache[relationIndex] = this.computeActive(relationIndex) ? 1 : 0;
    }
    return this.activeCache[relationIndex] === 1;
  }

  private computeActive(relationIndex: number): boolean {
    const relation = this.relations[relationIndex];
    if (this.openCount(relation) < 2) return false;
    return relation.kind === 'allowed' || relation.tuples.some((tuple) => this.compatible(relation, tuple));
  }

  activeRelationCount(variable: number): number {
    let count = 0;
    for (const index of this.relationsOf[variable]) if (this.isActive(index)) count += 1;
    return count;
  }

  private openCount(relation: Relation): number {
    let open = 0;
    for (const variable of relation.scope) if (this.value[variable] < 0) open += 1;
    return open;
  }

  /** Connected components of the open options, linked by active relations. */
  components(variables: number[]): number[][] {
    const stamp = this.nextStamp();
    const { variableStamp } = this;
    for (const variable of variables) variableStamp[variable] = -stamp; // member, not visited
    const result: number[][] = [];
    for (const start of variables) {
      if (variableStamp[start] === stamp) continue;
      const component = [start];
      variableStamp[start] = stamp;
      for (let at = 0; at < component.length; at++) {
        for (const index of this.relationsOf[component[at]]) {
          if (!this.isActive(index)) continue;
          for (const other of this.relations[index].scope) {
            if (variableStamp[other] === -stamp && this.value[other] < 0) {
              variableStamp[other] = stamp;
              component.push(other);
            }
          }
        }
      }
      result.push(component.sort((a, b) => a - b));
    }
    return result;
  }

  private nextStamp(): number {
    this.stamp += 1;
    return this.stamp;
  }

  /**
   * Identifies a component's residual problem: its options with their domains (when not
   * full), its active relations, and the values fixed in those (a one-tuple relation that
   * is still active has its fixed positions matching, so its index says it all).
   */
  componentKey(component: number[]): string {
    const stamp = this.nextStamp();
    const parts: string[] = [];
    const relationIndexes: number[] = [];
    for (const variable of component) {
      parts.push(
        this.size[variable] === this.alive[variable].length ? `${variable}` : `${variable}:${this.alive[variable].join('')}`,
      );
      for (const index of this.relationsOf[variable]) {
        if (this.relationStamp[index] === stamp) continue;
        this.relationStamp[index] = stamp;
        if (this.isActive(index)) relationIndexes.push(index);
      }
    }
    for (const index of relationIndexes.sort((a, b) => a - b)) {
      const relation = this.relations[index];
      parts.push(
        relation.tuples.length === 1 && relation.kind === 'forbidden'
          ? `r${index}`
          : `r${index}:${relation.scope.map((variable) => this.value[variable]).join(',')}`,
      );
    }
    return parts.join('|');
  }

  /** The open option with most active relations, smallest domain first on ties. */
  branchingVariable(component: number[]): number {
    let best = component[0];
    let bestScore = -Infinity;
    for (const variable of component) {
      const score = this.activeRelationCount(variable) * 1000 - this.size[variable];
      if (score > bestScore) {
        bestScore = score;
        best = variable;
      }
    }
    return best;
  }
}
