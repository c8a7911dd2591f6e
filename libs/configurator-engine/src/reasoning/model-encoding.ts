import { SatSolver } from '../sat/sat-solver';
import { negate, negative, positive } from '../sat/literal';
import type { FiniteOption } from '../model/finite-option';
import { complementOf } from '../network/complement';
import { ANY, type Relation } from '../network/relation';

const PAIRWISE_LIMIT = 8;
/** An allowed table is encoded by its complement unless that has many more tuples. */
const COMPLEMENT_PREFERENCE = 2;

/**
 * The CNF of a model: each option value is a literal (two-valued options share one
 * variable), exactly one value per option, and each relation as clauses. When `guarded`,
 * each rule's clauses carry a guard literal so a rule can be switched off by assumption,
 * which is how minimal conflicts name rules.
 */
export class ModelEncoding {
  readonly solver = new SatSolver();
  /** literals[option][valueIndex] */
  readonly literals: number[][] = [];
  /** guards[ruleIndex] is a positive literal meaning "the rule applies" (guarded only) */
  readonly guards: number[] = [];
  /** For each literal of a value: [option, valueIndex] */
  readonly valueOfLiteral = new Map<number, [number, number]>();

  constructor(options: FiniteOption[], relations: Relation[], ruleCount: number, guarded: boolean) {
    for (const option of options) this.literals.push(this.encodeDomain(option));
    if (guarded) for (let rule = 0; rule < ruleCount; rule++) this.guards.push(positive(this.solver.newVariable(false)));
    for (const relation of relations) this.encodeRelation(relation, guarded ? [negate(this.guards[relation.ruleIndex])] : []);
  }

  private encodeDomain(option: FiniteOption): number[] {
    const solver = this.solver;
    let literals: number[];
    if (option.size <= 2) {
      const variable = solver.newVariable();
      literals = option.size === 1 ? [positive(variable)] : [negative(variable), positive(variable)];
      if (option.size === 1) solver.addClause(literals);
    } else {
      literals = [];
      for (let index = 0; index < option.size; index++) literals.push(positive(solver.newVariable()));
      solver.addClause(literals);
      this.atMostOne(literals);
    }
    literals.forEach((literal, index) => this.valueOfLiteral.set(literal, [option.index, index]));
    return literals;
  }

  private atMostOne(literals: number[]): void {
    const solver = this.solver;
    if (literals.length <= PAIRWISE_LIMIT) {
      for (let i = 0; i < literals.length; i++) {
        for (let j = i + 1; j < literals.length; j++) solver.addClause([negate(literals[i]), negate(literals[j])]);
      }
      return;
    }
    // Sequential counter (Sinz 2005): prefix[i] means "some of the first i+1 values is chosen".
    let previous = -1;
    for (let i = 0; i < literals.length; i++) {
      const prefix = positive(solver.newVariable(false));
      solver.addClause([negate(literals[i]), prefix]);
      if (previous >= 0) {
        solver.addClause([negate(previous), prefix]);
        solver.addClause([negate(literals[i]), negate(previous)]);
      }
      previous = prefix;
    }
  }

  private encodeRelation(relation: Relation, guard: number[]): void {
    const { scope } = relation;
    const literal = (position: number, index: number) => this.literals[scope[position]][index];
    const sizes = scope.map((option) => this.literals[option].length);
    const forbidden =
      relation.kind === 'forbidden'
        ? relation.tuples
        : complementOf(relation, sizes, COMPLEMENT_PREFERENCE * relation.tuples.length);
    if (forbidden) {
      for (const tuple of forbidden) {
        const clause = [...guard];
        tuple.forEach((index, position) => index !== ANY && clause.push(negate(literal(position, index))));
        this.solver.addClause(clause);
      }
      return;
    }
    const tuples = relation.tuples;
    if (tuples.length <= 1) {
      if (tuples.length === 0) this.solver.addClause(guard);
      else tuples[0].forEach((index, position) => index !== ANY && this.solver.addClause([...guard, literal(position, index)]));
      return;
    }
    // A selector per tuple, defined as "this tuple matches" so propagation fixes it.
    const selectors = tuples.map(() => positive(this.solver.newVariable(false)));
    this.solver.addClause([...guard, ...selectors]);
    tuples.forEach((tuple, row) => {
      const matches = [selectors[row]];
      tuple.forEach((index, position) => {
        if (index === ANY) return;
        this.solver.addClause([negate(selectors[row]), literal(position, index)]);
        matches.push(negate(literal(position, index)));
      });
      this.solver.addClause(matches);
    });
    // Support clauses: a value with no remaining tuple is ruled out by propagation alone.
    scope.forEach((optionIndex, position) => {
      this.literals[optionIndex].forEach((valueLiteral, index) => {
        const supports = selectors.filter((_, row) => tuples[row][position] === ANY || tuples[row][position] === index);
        if (supports.length < tuples.length) this.solver.addClause([...guard, negate(valueLiteral), ...supports]);
      });
    });
  }

  /** Assumption literals for fixed values (value index per option, -1 = undecided). */
  assumptionsFor(fixed: ArrayLike<number>): number[] {
    const assumptions: number[] = [];
    for (let option = 0; option < fixed.length; option++) {
      if (fixed[option] >= 0) assumptions.push(this.literals[option][fixed[option]]);
    }
    return assumptions;
  }

  /** The value index of each option in the solver's last model. */
  modelValues(): Int32Array {
    const model = this.solver.model;
    const values = new Int32Array(this.literals.length);
    for (let option = 0; option < this.literals.length; option++) {
      const literals = this.literals[option];
      for (let index = 0; index < literals.length; index++) {
        const literal = literals[index];
        if (model[literal >> 1] === ((literal & 1) ^ 1)) {
          values[option] = index;
          break;
        }
      }
    }
    return values;
  }
}
