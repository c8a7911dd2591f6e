import { checkDocumentLength, enforceLimit } from '../limits/model-limits';
import type { ProductModelDocument } from '../model/product-model.schema';

/**
 * A DIMACS CNF feature model as a native model: one boolean option per variable (labelled
 * by its `c <n> <name>` comment), one forbidden-combination table per clause (the clause
 * fails exactly when all its literals are false). Sizes are checked against MODEL_LIMITS as
 * they are read (the header's counts before anything is allocated for them); past one,
 * throws ModelLimitError.
 */
export function importDimacs(cnf: string, meta: { id: string; name: string }): ProductModelDocument {
  checkDocumentLength(cnf);
  const labels = new Map<number, string>();
  const clauses: number[][] = [];
  let variableCount = -1;
  let literalCount = 0;
  let pending: number[] = [];
  for (const rawLine of cnf.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('%')) continue;
    if (line.startsWith('c')) {
      const match = /^c\s+(\d+)\s+(.+)$/.exec(line);
      if (match) labels.set(Number(match[1]), match[2].trim());
      continue;
    }
    if (line.startsWith('p')) {
      const match = /^p\s+cnf\s+(\d+)\s+(\d+)$/.exec(line);
      if (!match) throw new Error(`invalid problem line "${line}"`);
      variableCount = Number(match[1]);
      enforceLimit('options', variableCount, () => `the header declares ${match[1]} variables`);
      enforceLimit('rules', Number(match[2]), () => `the header declares ${match[2]} clauses`);
      continue;
    }
    for (const token of line.split(/\s+/)) {
      const literal = Number(token);
      if (!Number.isInteger(literal)) throw new Error(`invalid literal "${token}"`);
      if (literal === 0) {
        clauses.push(pending);
        pending = [];
        enforceLimit('rules', clauses.length, () => `the document has more than ${clauses.length - 1} clauses`);
      } else {
        literalCount += 1;
        enforceLimit('tupleCells', literalCount, () => `the clauses have more than ${literalCount - 1} literals`);
        if (variableCount < 0 || Math.abs(literal) > variableCount)
          throw new Error(`literal ${literal} outside the declared ${variableCount} variables`);
        pending.push(literal);
      }
    }
  }
  if (variableCount < 0) throw new Error('missing "p cnf" line');
  if (pending.length > 0) clauses.push(pending);
  const options = Array.from({ length: variableCount }, (_, position) => ({
    id: `f${position + 1}`,
    label: labels.get(position + 1) ?? `Feature ${position + 1}`,
    type: 'boolean' as const,
  }));
  const rules = clauses.flatMap((literals, position) => {
    const unique = [...new Set(literals)];
    if (unique.some((literal) => unique.includes(-literal))) return [];
    const text = unique.map((literal) => `${literal < 0 ? 'not ' : ''}${options[Math.abs(literal) - 1].label}`).join(' or ');
    return [
      {
        id: `clause-${position + 1}`,
        type: 'table' as const,
        kind: 'forbidden' as const,
        message: `Feature constraint: ${text}`,
        options: unique.map((literal) => `f${Math.abs(literal)}`),
        tuples: [unique.map((literal) => literal < 0)],
      },
    ];
  });
  return {
    id: meta.id,
    name: meta.name,
    currency: 'EUR',
    options,
    rules,
    pricing: { basePrice: '0.00', adders: [] },
    bom: [],
    routing: [],
  };
}
