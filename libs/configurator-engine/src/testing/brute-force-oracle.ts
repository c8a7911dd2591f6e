import { Decimal } from '../decimal/decimal';
import { evaluate } from '../expression/evaluate';
import { parseExpression } from '../expression/parser';
import type { ProductModelDocument } from '../model/product-model.schema';

type Plain = string | number | boolean | null;
type Assignment = Record<string, Plain>;

/**
 * A slow, obviously-correct reference for tests: enumerates every assignment of a small
 * model and checks each rule straight from the document (no tabulation, no SAT).
 */
export class BruteForceOracle {
  readonly domains: Array<{ id: string; values: Plain[] }>;
  readonly solutions: Assignment[];

  constructor(private readonly document: ProductModelDocument) {
    this.domains = document.options.map((option) => ({ id: option.id, values: valuesOf(option) }));
    this.solutions = this.assignments().filter((assignment) => this.violated(assignment).length === 0);
  }

  /** Indexes of the rules an assignment breaks. */
  violated(assignment: Assignment, ruleIndexes?: number[]): number[] {
    const rules = this.document.rules ?? [];
    return (ruleIndexes ?? rules.map((_, index) => index)).filter((index) => !holds(rules[index], assignment));
  }

  /** Assignments agreeing with `fixed` that satisfy the given rules (all by default). */
  extensions(fixed: Assignment, ruleIndexes?: number[]): Assignment[] {
    const agrees = (assignment: Assignment) => Object.entries(fixed).every(([id, value]) => assignment[id] === value);
    if (!ruleIndexes) return this.solutions.filter(agrees);
    return this.assignments().filter((assignment) => agrees(assignment) && this.violated(assignment, ruleIndexes).length === 0);
  }

  private assignments(): Assignment[] {
    let partial: Assignment[] = [{}];
    for (const { id, values } of this.domains)
      partial = partial.flatMap((assignment) => values.map((value) => ({ ...assignment, [id]: value })));
    return partial;
  }
}

function valuesOf(option: ProductModelDocument['options'][number]): Plain[] {
  let values: Plain[];
  if (option.type === 'boolean') values = [false, true];
  else if (option.type === 'enumeration')
    values = option.values.map((entry) => (typeof entry === 'object' ? entry.value : entry));
  else if (option.type === 'integer' || option.type === 'decimal') {
    values = [];
    for (let value = option.min; value <= option.max; value += option.step ?? 1) values.push(value);
  } else throw new Error('the oracle does not enumerate free text');
  return option.optional ? [...values, null] : values;
}

function holds(rule: NonNullable<ProductModelDocument['rules']>[number], assignment: Assignment): boolean {
  const environment = (id: string) => {
    const value = assignment[id];
    return typeof value === 'number' ? Decimal.fromNumber(value) : (value ?? null);
  };
  switch (rule.type) {
    case 'requires':
      return assignment[rule.if.option] !== rule.if.value || rule.then.values.includes(assignment[rule.then.option] as never);
    case 'excludes':
      return assignment[rule.if.option] !== rule.if.value || !rule.then.values.includes(assignment[rule.then.option] as never);
    case 'table': {
      const matches = rule.tuples.some((tuple) =>
        tuple.every((value, position) => value === '*' || value === assignment[rule.options[position]]),
      );
      return rule.kind === 'allowed' ? matches : !matches;
    }
    case 'constraint':
      return evaluate(parseExpression(rule.expression), environment) === true;
    case 'conditional':
      return (
        evaluate(parseExpression(rule.when), environment) !== true || evaluate(parseExpression(rule.then), environment) === true
      );
  }
}
