import type { Decimal } from '../decimal/decimal';

/** A value an expression works on; null is an optional option left unset. */
export type Value = Decimal | string | boolean;

export type BinaryOperator = 'or' | 'and' | 'implies' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';

export type FunctionName = 'min' | 'max' | 'abs' | 'round' | 'floor' | 'ceil' | 'isSet' | 'if';

export type Expression =
  | { kind: 'literal'; value: Value }
  | { kind: 'option'; id: string }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'not'; operand: Expression }
  | { kind: 'binary'; operator: BinaryOperator; left: Expression; right: Expression }
  | { kind: 'in'; subject: Expression; list: Expression[] }
  | { kind: 'call'; name: FunctionName; args: Expression[] };

/** The option ids an expression reads, in order of first appearance. */
export function referencedOptions(expression: Expression, into: string[] = []): string[] {
  switch (expression.kind) {
    case 'literal':
      break;
    case 'option':
      if (!into.includes(expression.id)) into.push(expression.id);
      break;
    case 'negate':
    case 'not':
      referencedOptions(expression.operand, into);
      break;
    case 'binary':
      referencedOptions(expression.left, into);
      referencedOptions(expression.right, into);
      break;
    case 'in':
      referencedOptions(expression.subject, into);
      expression.list.forEach((item) => referencedOptions(item, into));
      break;
    case 'call':
      expression.args.forEach((arg) => referencedOptions(arg, into));
      break;
  }
  return into;
}
