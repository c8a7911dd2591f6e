import type { Expression } from './ast';

export type ValueType = 'number' | 'string' | 'boolean';

/** What the checker knows of an option: its value type and whether rules may read it. */
export interface OptionTypeInfo {
  type: ValueType;
  freeText: boolean;
}

export interface TypeCheckContext {
  options: ReadonlyMap<string, OptionTypeInfo>;
  /** Rules are reasoned over exhaustively, so they may not read free text. */
  allowFreeText: boolean;
}

export class ExpressionTypeError extends Error {}

/** Returns the type of the expression or throws ExpressionTypeError saying why not. */
export function typeOf(expression: Expression, context: TypeCheckContext): ValueType {
  switch (expression.kind) {
    case 'literal':
      return typeof expression.value === 'string' ? 'string' : typeof expression.value === 'boolean' ? 'boolean' : 'number';
    case 'option': {
      const option = context.options.get(expression.id);
      if (!option) throw new ExpressionTypeError(`unknown option "${expression.id}"`);
      if (option.freeText && !context.allowFreeText) {
        throw new ExpressionTypeError(`free-text option "${expression.id}" cannot be used in a rule`);
      }
      return option.type;
    }
    case 'negate':
      expect(expression.operand, 'number', context, 'unary minus');
      return 'number';
    case 'not':
      expect(expression.operand, 'boolean', context, '"not"');
      return 'boolean';
    case 'in': {
      const subject = typeOf(expression.subject, context);
      expression.list.forEach((item) => expect(item, subject, context, '"in" list item'));
      return 'boolean';
    }
    case 'binary':
      return typeOfBinary(expression, context);
    case 'call':
      return typeOfCall(expression, context);
  }
}

function expect(expression: Expression, wanted: ValueType, context: TypeCheckContext, where: string): void {
  const actual = typeOf(expression, context);
  if (actual !== wanted) throw new ExpressionTypeError(`${where} needs a ${wanted}, got a ${actual}`);
}

function typeOfBinary(expression: Extract<Expression, { kind: 'binary' }>, context: TypeCheckContext): ValueType {
  const { operator, left, right } = expression;
  switch (operator) {
    case 'or':
    case 'and':
    case 'implies':
      expect(left, 'boolean', context, `"${operator}"`);
      expect(right, 'boolean', context, `"${operator}"`);
      return 'boolean';
    case '==':
    case '!=': {
      const leftType = typeOf(left, context);
      expect(right, leftType, context, `"${operator}" comparing with a ${leftType}`);
      return 'boolean';
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      expect(left, 'number', context, `"${operator}"`);
      expect(right, 'number', context, `"${operator}"`);
      return 'boolean';
    default:
      expect(left, 'number', context, `"${operator}"`);
      expect(right, 'number', context, `"${operator}"`);
      return 'number';
  }
}

function typeOfCall(expression: Extract<Expression, { kind: 'call' }>, context: TypeCheckContext): ValueType {
  const { name, args } = expression;
  const arity = (count: number) => {
    if (args.length !== count) throw new ExpressionTypeError(`${name}() takes ${count} argument(s), got ${args.length}`);
  };
  switch (name) {
    case 'isSet':
      arity(1);
      if (args[0].kind !== 'option') throw new ExpressionTypeError('isSet() takes an option name');
      typeOf(args[0], context);
      return 'boolean';
    case 'if': {
      arity(3);
      expect(args[0], 'boolean', context, 'if() condition');
      const thenType = typeOf(args[1], context);
      expect(args[2], thenType, context, 'if() else branch');
      return thenType;
    }
    case 'min':
    case 'max':
      if (args.length < 1) throw new ExpressionTypeError(`${name}() needs at least one argument`);
      args.forEach((arg) => expect(arg, 'number', context, `${name}() argument`));
      return 'number';
    default:
      arity(1);
      expect(args[0], 'number', context, `${name}() argument`);
      return 'number';
  }
}
