import { Decimal } from '../decimal/decimal';
import type { Expression, Value } from './ast';

/** A value not known yet (during exhaustive rule compilation); distinct from unset (null). */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Outcome = Value | null | typeof UNKNOWN;

/** Reads an option's value: null when unset, UNKNOWN when not decided yet. */
export type Environment = (optionId: string) => Outcome;

/**
 * Evaluates over a possibly partial assignment (Kleene three-valued logic). Unset options:
 * `x == v` is false, `x != v` true, orderings false, arithmetic unset, and as a boolean false.
 */
export function evaluate(expression: Expression, environment: Environment): Outcome {
  switch (expression.kind) {
    case 'literal':
      return expression.value;
    case 'option':
      return environment(expression.id);
    case 'negate': {
      const operand = evaluate(expression.operand, environment);
      return operand instanceof Decimal ? operand.negated() : operand === UNKNOWN ? UNKNOWN : null;
    }
    case 'not': {
      const operand = evaluate(expression.operand, environment);
      return operand === UNKNOWN ? UNKNOWN : operand !== true;
    }
    case 'in':
      return evaluateIn(expression, environment);
    case 'binary':
      return evaluateBinary(expression, environment);
    case 'call':
      return evaluateCall(expression, environment);
  }
}

function evaluateIn(expression: Extract<Expression, { kind: 'in' }>, environment: Environment): Outcome {
  const subject = evaluate(expression.subject, environment);
  if (subject === UNKNOWN) return UNKNOWN;
  if (subject === null) return false;
  let unknown = false;
  for (const item of expression.list) {
    const value = evaluate(item, environment);
    if (value === UNKNOWN) unknown = true;
    else if (value !== null && sameValue(subject, value)) return true;
  }
  return unknown ? UNKNOWN : false;
}

export function sameValue(a: Value, b: Value): boolean {
  if (a instanceof Decimal) return b instanceof Decimal && a.compare(b) === 0;
  return a === b;
}

function evaluateBinary(expression: Extract<Expression, { kind: 'binary' }>, environment: Environment): Outcome {
  const { operator } = expression;
  if (operator === 'and' || operator === 'or' || operator === 'implies') {
    return evaluateLogic(expression, environment);
  }
  const left = evaluate(expression.left, environment);
  const right = evaluate(expression.right, environment);
  if (left === UNKNOWN || right === UNKNOWN) return UNKNOWN;
  if (operator === '==' || operator === '!=') {
    const equal = left === null || right === null ? left === right : sameValue(left, right);
    return operator === '==' ? equal : !equal;
  }
  if (!(left instanceof Decimal) || !(right instanceof Decimal)) return ['<', '<=', '>', '>='].includes(operator) ? false : null;
  switch (operator) {
    case '<':
      return left.compare(right) < 0;
    case '<=':
      return left.compare(right) <= 0;
    case '>':
      return left.compare(right) > 0;
    case '>=':
      return left.compare(right) >= 0;
    case '+':
      return left.plus(right);
    case '-':
      return left.minus(right);
    case '*':
      return left.times(right);
    default:
      return left.dividedBy(right);
  }
}

function evaluateLogic(expression: Extract<Expression, { kind: 'binary' }>, environment: Environment): Outcome {
  const left = evaluate(expression.left, environment);
  const leftTruth = left === UNKNOWN ? UNKNOWN : left === true;
  if (expression.operator === 'and' && leftTruth === false) return false;
  if (expression.operator === 'or' && leftTruth === true) return true;
  if (expression.operator === 'implies' && leftTruth === false) return true;
  const right = evaluate(expression.right, environment);
  const rightTruth = right === UNKNOWN ? UNKNOWN : right === true;
  if (expression.operator === 'and')
    return rightTruth === false ? false : leftTruth === UNKNOWN || rightTruth === UNKNOWN ? UNKNOWN : true;
  if (expression.operator === 'or')
    return rightTruth === true ? true : leftTruth === UNKNOWN || rightTruth === UNKNOWN ? UNKNOWN : false;
  return rightTruth === true ? true : leftTruth === UNKNOWN || rightTruth === UNKNOWN ? UNKNOWN : false;
}

function evaluateCall(expression: Extract<Expression, { kind: 'call' }>, environment: Environment): Outcome {
  const { name, args } = expression;
  if (name === 'isSet') {
    const value = evaluate(args[0], environment);
    return value === UNKNOWN ? UNKNOWN : value !== null;
  }
  if (name === 'if') {
    const condition = evaluate(args[0], environment);
    if (condition === UNKNOWN) {
      const whenTrue = evaluate(args[1], environment);
      const whenFalse = evaluate(args[2], environment);
      const agree =
        whenTrue !== UNKNOWN &&
        whenFalse !== UNKNOWN &&
        (whenTrue === null ? whenFalse === null : whenFalse !== null && sameValue(whenTrue, whenFalse));
      return agree ? whenTrue : UNKNOWN;
    }
    return evaluate(condition === true ? args[1] : args[2], environment);
  }
  const values = args.map((arg) => evaluate(arg, environment));
  if (values.includes(UNKNOWN)) return UNKNOWN;
  if (values.some((value) => !(value instanceof Decimal))) return null;
  const numbers = values as Decimal[];
  switch (name) {
    case 'min':
      return numbers.reduce((a, b) => (b.compare(a) < 0 ? b : a));
    case 'max':
      return numbers.reduce((a, b) => (b.compare(a) > 0 ? b : a));
    case 'abs':
      return numbers[0].abs();
    case 'round':
      return numbers[0].round(0);
    case 'floor':
      return numbers[0].floor();
    default:
      return numbers[0].ceil();
  }
}
