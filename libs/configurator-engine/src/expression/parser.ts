import { Decimal } from '../decimal/decimal';
import type { BinaryOperator, Expression, FunctionName } from './ast';
import { ExpressionSyntaxError, tokenize, type Token } from './lexer';

/**
 * Precedence climbing over the tokens, lowest first:
 * implies (right-assoc) < or < and < not < comparison / in < + - < * / < unary minus.
 */
const BINARY_LEVELS: Array<Record<string, BinaryOperator>> = [
  { or: 'or', '||': 'or' },
  { and: 'and', '&&': 'and' },
];
const COMPARISONS: Record<string, BinaryOperator> = { '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ADDITIVE: Record<string, BinaryOperator> = { '+': '+', '-': '-' };
const MULTIPLICATIVE: Record<string, BinaryOperator> = { '*': '*', '/': '/' };
const FUNCTIONS: FunctionName[] = ['min', 'max', 'abs', 'round', 'floor', 'ceil', 'isSet', 'if'];
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'implies', 'true', 'false']);

function lookup(table: Record<string, BinaryOperator>, key: string): BinaryOperator | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function parseExpression(text: string): Expression {
  return new Parser(tokenize(text)).parseAll();
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expression {
    const expression = this.implication();
    const next = this.peek();
    if (next.kind !== 'end') throw new ExpressionSyntaxError(`unexpected "${next.text}"`, next.at);
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private take(): Token {
    return this.tokens[this.position++];
  }

  private accept(text: string): boolean {
    const token = this.peek();
    if ((token.kind === 'symbol' || token.kind === 'identifier') && token.text === text) {
      this.position += 1;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    const token = this.peek();
    if (!this.accept(text)) throw new ExpressionSyntaxError(`expected "${text}" but found "${token.text || 'end'}"`, token.at);
  }

  private implication(): Expression {
    const left = this.binaryLevel(0);
    if (this.accept('implies') || this.accept('=>') || this.accept('->')) {
      return { kind: 'binary', operator: 'implies', left, right: this.implication() };
    }
    return left;
  }

  private binaryLevel(level: number): Expression {
    if (level === BINARY_LEVELS.length) return this.negation();
    let left = this.binaryLevel(level + 1);
    for (;;) {
      const operator = lookup(BINARY_LEVELS[level], this.peek().text);
      if (!operator || this.peek().kind === 'string') return left;
      this.take();
      left = { kind: 'binary', operator, left, right: this.binaryLevel(level + 1) };
    }
  }

  private negation(): Expression {
    if (this.accept('not') || this.accept('!')) return { kind: 'not', operand: this.negation() };
    return this.comparison();
  }

  private comparison(): Expression {
    const left = this.additive();
    const token = this.peek();
    if (token.kind === 'symbol' && lookup(COMPARISONS, token.text)) {
      this.take();
      return { kind: 'binary', operator: COMPARISONS[token.text] as BinaryOperator, left, right: this.additive() };
    }
    if (this.accept('in')) return { kind: 'in', subject: left, list: this.list() };
    if (token.kind === 'identifier' && token.text === 'not' && this.tokens[this.position + 1]?.text === 'in') {
      this.position += 2;
      return { kind: 'not', operand: { kind: 'in', subject: left, list: this.list() } };
    }
    return left;
  }

  private list(): Expression[] {
    this.expect('[');
    const items: Expression[] = [];
    if (!this.accept(']')) {
      do items.push(this.additive());
      while (this.accept(','));
      this.expect(']');
    }
    return items;
  }

  private additive(): Expression {
    let left = this.multiplicative();
    while (this.peek().kind === 'symbol' && lookup(ADDITIVE, this.peek().text)) {
      const operator = ADDITIVE[this.take().text];
      left = { kind: 'binary', operator, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Expression {
    let left = this.unary();
    while (this.peek().kind === 'symbol' && lookup(MULTIPLICATIVE, this.peek().text)) {
      const operator = MULTIPLICATIVE[this.take().text];
      left = { kind: 'binary', operator, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expression {
    if (this.accept('-')) return { kind: 'negate', operand: this.unary() };
    return this.primary();
  }

  private primary(): Expression {
    const token = this.take();
    if (token.kind === 'number') return { kind: 'literal', value: Decimal.parse(token.text) };
    if (token.kind === 'string') return { kind: 'literal', value: token.text };
    if (token.kind === 'symbol' && token.text === '(') {
      const inner = this.implication();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'identifier') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      if (this.peek().text === '(' && this.peek().kind === 'symbol') return this.call(token);
      if (KEYWORDS.has(token.text)) throw new ExpressionSyntaxError(`unexpected "${token.text}"`, token.at);
      return { kind: 'option', id: token.text };
    }
    throw new ExpressionSyntaxError(
      token.kind === 'end' ? 'unexpected end of expression' : `unexpected "${token.text}"`,
      token.at,
    );
  }

  private call(name: Token): Expression {
    if (!FUNCTIONS.includes(name.text as FunctionName)) {
      throw new ExpressionSyntaxError(`unknown function "${name.text}" (known: ${FUNCTIONS.join(', ')})`, name.at);
    }
    this.expect('(');
    const args: Expression[] = [];
    if (!this.accept(')')) {
      do args.push(this.implication());
      while (this.accept(','));
      this.expect(')');
    }
    return { kind: 'call', name: name.text as FunctionName, args };
  }
}
