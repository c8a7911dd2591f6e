import type { Expression } from '../expression/ast';
import { ExpressionSyntaxError } from '../expression/lexer';
import { parseExpression } from '../expression/parser';
import { ExpressionTypeError, typeOf, type TypeCheckContext, type ValueType } from '../expression/type-check';
import type { ModelError } from './model-error';

/** Parses and type-checks one expression of the document, recording errors at `path`. */
export function compileExpression(
  text: string | number,
  path: string,
  expected: ValueType,
  context: TypeCheckContext,
  errors: ModelError[],
): Expression | null {
  try {
    const expression = parseExpression(String(text));
    const actual = typeOf(expression, context);
    if (actual !== expected) {
      errors.push({ path, message: `must be a ${expected} expression, but "${text}" is a ${actual}` });
      return null;
    }
    return expression;
  } catch (error) {
    if (error instanceof ExpressionSyntaxError || error instanceof ExpressionTypeError) {
      errors.push({ path, message: `${error.message} in "${text}"` });
      return null;
    }
    throw error;
  }
}
