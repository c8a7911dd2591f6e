/** Splits expression text into tokens; positions are 0-based character offsets. */
export type Token =
  | { kind: 'number'; text: string; at: number }
  | { kind: 'string'; text: string; at: number }
  | { kind: 'identifier'; text: string; at: number }
  | { kind: 'symbol'; text: string; at: number }
  | { kind: 'end'; text: ''; at: number };

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} at column ${at + 1}`);
  }
}

const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '=>', '->', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', ',', '!'];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (/\s/.test(char)) {
      at += 1;
    } else if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[at + 1] ?? ''))) {
      const match = /^[0-9]*(\.[0-9]+)?/.exec(text.slice(at)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0], at });
      at += match[0].length;
    } else if (char === '"' || char === "'") {
      const end = text.indexOf(char, at + 1);
      if (end < 0) throw new ExpressionSyntaxError('unterminated string', at);
      tokens.push({ kind: 'string', text: text.slice(at + 1, end), at });
      at = end + 1;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at)) as RegExpExecArray;
      tokens.push({ kind: 'identifier', text: match[0], at });
      at += match[0].length;
    } else {
      const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, at));
      if (!symbol) throw new ExpressionSyntaxError(`unexpected character "${char}"`, at);
      tokens.push({ kind: 'symbol', text: symbol, at });
      at += symbol.length;
    }
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}
