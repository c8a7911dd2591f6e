/**
 * How large a model may be. Checked before anything proportional to the claimed size is
 * allocated, so a 20-byte DIMACS header announcing 200 million variables is refused at once.
 * The largest real models we know fit with room: automotive01 (2,513 features, 10,300 clauses,
 * 213 KB) and Renault medium (148 variables of at most 20 values, 174 tables, 9,532 tuples).
 * The bound is the request thread, which builds the SAT encoding of each version it serves:
 * at 200,000 three-literal clauses that takes about a second (automotive01: 50 ms).
 */
export const MODEL_LIMITS = {
  /** characters of an XCSP, DIMACS or YAML text */
  documentCharacters: 16 * 1024 * 1024,
  /** options (DIMACS and XCSP variables) */
  options: 100_000,
  /** values of one option (an enumeration, an XCSP domain, a numeric range by its step) */
  valuesPerOption: 5_000,
  /** values of all options together (each becomes a SAT literal) */
  values: 500_000,
  /** rules (DIMACS clauses, XCSP constraints) */
  rules: 200_000,
  /** table rows over all rules: tables as written, expressions once compiled to combinations */
  tuples: 500_000,
  /** values in all those rows (DIMACS literals) */
  tupleCells: 2_000_000,
} as const;

export type ModelLimit = keyof typeof MODEL_LIMITS;

const DESCRIPTIONS: Record<ModelLimit, string> = {
  documentCharacters: 'characters per document',
  options: 'options (variables) per model',
  valuesPerOption: 'values per option',
  values: 'option values per model',
  rules: 'rules (clauses, constraints) per model',
  tuples: 'table rows per model',
  tupleCells: 'values in table rows per model',
};

/** A model larger than a MODEL_LIMITS entry; the message names the limit. */
export class ModelLimitError extends Error {
  constructor(
    readonly limit: ModelLimit,
    what: string,
  ) {
    super(limitMessage(limit, what));
    this.name = 'ModelLimitError';
  }
}

/** "has 200,000,000 …; at most 200,000 options (variables) per model (MODEL_LIMITS.options)" */
export function limitMessage(limit: ModelLimit, what: string): string {
  return `${what}; at most ${MODEL_LIMITS[limit].toLocaleString('en-US')} ${DESCRIPTIONS[limit]} (limit "${limit}")`;
}

/** Throws past `limit`; `what` says what was counted, e.g. 'declares 200000000 variables'. */
export function enforceLimit(limit: ModelLimit, count: number, what: () => string): void {
  if (count > MODEL_LIMITS[limit]) throw new ModelLimitError(limit, what());
}

export function checkDocumentLength(text: string): void {
  enforceLimit('documentCharacters', text.length, () => `the document has ${text.length.toLocaleString('en-US')} characters`);
}
