import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compileModel,
  importDimacs,
  importXcsp,
  MODEL_LIMITS,
  ModelLimitError,
  parseModelText,
  type ProductModelDocument,
} from '../index';

const meta = { id: 'big', name: 'Big' };
const folder = path.resolve(process.cwd(), '../shared/benchmarks/configuration');

function limitError(run: () => unknown): ModelLimitError {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelLimitError) return error;
    throw error;
  }
  throw new Error('no limit was exceeded');
}

const base: ProductModelDocument = {
  id: 'big',
  name: 'Big',
  currency: 'EUR',
  options: [{ id: 'colour', label: 'Colour', type: 'enumeration', values: ['red', 'blue'] }],
  pricing: { basePrice: '1.00', adders: [] },
};

describe('model size limits', () => {
  it('refuses a DIMACS header announcing 200 million variables at once, naming the limit', () => {
    const error = limitError(() => importDimacs('p cnf 200000000 1\n1 0\n', meta));
    expect(error.limit).toBe('options');
    expect(error.message).toBe(
      'the header declares 200000000 variables; at most 100,000 options (variables) per model (limit "options")',
    );
    expect(limitError(() => importDimacs('p cnf 10 900000000\n', meta)).limit).toBe('rules');
  });

  it('counts DIMACS clauses as they come, whatever the header says, and measures the text first', () => {
    const clauses = `p cnf 2 1\n${'1 -2 0\n'.repeat(MODEL_LIMITS.rules + 1)}`;
    expect(limitError(() => importDimacs(clauses, meta)).limit).toBe('rules');
    expect(limitError(() => importDimacs(`p cnf 1 1\n${' '.repeat(MODEL_LIMITS.documentCharacters)}1 0\n`, meta)).limit).toBe(
      'documentCharacters',
    );
    expect(limitError(() => parseModelText(`# ${'-'.repeat(MODEL_LIMITS.documentCharacters)}`)).limit).toBe('documentCharacters');
  });

  it('refuses an XCSP domain range before expanding it, and shared relations copied too often', () => {
    const wide = '<instance><domains><domain name="D" nbValues="2">0..200000000</domain></domains></instance>';
    expect(limitError(() => importXcsp(wide, meta)).message).toMatch(
      /domain D has 200000001 values; at most 5,000 values per option/,
    );
    const rows = Array.from({ length: 1_000 }, (_, row) => `${row % 2} ${row % 3}`).join('|');
    const constraints = Array.from(
      { length: 501 },
      (_, index) => `<constraint name="c${index}" arity="2" scope="a b" reference="R"/>`,
    ).join('');
    const shared = `<instance><domains><domain name="D">0..2</domain></domains><variables><variable name="a" domain="D"/><variable name="b" domain="D"/></variables>
      <relations><relation name="R" arity="2" semantics="supports">${rows}</relation></relations><constraints>${constraints}</constraints></instance>`;
    expect(limitError(() => importXcsp(shared, meta)).limit).toBe('tuples');
  });

  it('refuses native documents by their counts before validating them', () => {
    const option = { id: 'x', label: 'X', type: 'boolean' };
    const tooManyOptions = compileModel({ ...base, options: Array(MODEL_LIMITS.options + 1).fill(option) });
    expect(tooManyOptions).toEqual({
      ok: false,
      errors: [{ path: 'options', message: expect.stringContaining('has 100,001 options; at most 100,000') }],
    });
    const colours = Array.from({ length: MODEL_LIMITS.valuesPerOption + 1 }, (_, index) => `c${index}`);
    const wideEnumeration = compileModel({ ...base, options: [{ id: 'c', label: 'C', type: 'enumeration', values: colours }] });
    expect(wideEnumeration.ok || wideEnumeration.errors[0]).toMatchObject({
      path: 'options[0].values',
      message: expect.stringContaining('limit "valuesPerOption"'),
    });
    const rows = Array(MODEL_LIMITS.tuples + 1).fill(['red']);
    const bigTable = compileModel({
      ...base,
      rules: [{ id: 't', message: 'm', type: 'table', kind: 'allowed', options: ['colour'], tuples: rows }],
    });
    expect(bigTable.ok || bigTable.errors[0]).toMatchObject({
      path: 'rules',
      message: expect.stringContaining('limit "tuples"'),
    });
  });

  it('bounds what expression rules compile to over the whole model', () => {
    // Each rule compiles to 180,300 combinations of two 600-value options; three of them exceed 500,000.
    const options = [
      { id: 'a', label: 'A', type: 'integer' as const, min: 1, max: 600 },
      { id: 'b', label: 'B', type: 'integer' as const, min: 1, max: 600 },
    ];
    const rules = Array.from({ length: 3 }, (_, index) => ({
      id: `r${index}`,
      message: 'm',
      type: 'constraint' as const,
      expression: `a < b`,
    }));
    const result = compileModel({ ...base, options, rules });
    expect(result.ok || result.errors[0]).toMatchObject({ path: 'rules[2]', message: expect.stringContaining('limit "tuples"') });
  });

  it('still imports the largest real models', () => {
    const automotive = importDimacs(
      readFileSync(path.join(folder, 'feature_models/automotive01/automotive01.dimacs'), 'utf8'),
      meta,
    );
    expect(automotive.options).toHaveLength(2513);
    const renault = importXcsp(readFileSync(path.join(folder, 'renault_br4cp/medium_domainsorted.xml'), 'utf8'), meta);
    expect(renault.rules).toHaveLength(174);
  });
});
