import fc from 'fast-check';
import { compileModel, completeConfiguration, configure, countConfigurations, explainExclusion, type CompiledModel, type Conflict, type Domain, type ProductModelDocument, type Selections } from '../index';
import { BruteForceOracle } from '../testing/brute-force-oracle';
import { randomModel, randomSelections } from '../testing/random-model';

const RUNS = 300;
const modelWithSelections = randomModel.chain((document) => fc.tuple(fc.constant(document), randomSelections(document)));

function compiled(document: ProductModelDocument): CompiledModel | null {
  const result = compileModel(document);
  return result.ok ? result.model : null;
}

function oracleDomain(oracle: BruteForceOracle, id: string, selections: Selections): Array<string | number | boolean> {
  const possible = new Set(oracle.extensions(selections).map((solution) => solution[id]));
  return (oracle.domains.find((domain) => domain.id === id)?.values ?? []).filter((value) => value !== null && possible.has(value)) as Array<string | number | boolean>;
}

/** The values a domain stands for, read as a client would: ranges walked by the answered step. */
function listed(domain: Domain): Array<string | number | boolean> {
  if (Array.isArray(domain)) return domain;
  if (!('ranges' in domain)) return [];
  const walked = domain.ranges.flatMap(([low, high]) => Array.from({ length: Math.round((high - low) / domain.step) + 1 }, (_, index) => Number((low + index * domain.step).toFixed(9))));
  // Few values are also listed; then the list and the ranges must agree.
  if (domain.values) expect(domain.values).toEqual(walked);
  return walked;
}

/** Irreducible: the conflict's rules and selections have no solution; dropping any one gives one. */
function isMinimal(oracle: BruteForceOracle, document: ProductModelDocument, conflict: Conflict, selections: Selections, hypothesis: Selections = {}): boolean {
  const rules = conflict.ruleIds.map((id) => (document.rules ?? []).findIndex((rule) => rule.id === id));
  const fixed = (options: string[]) => ({ ...Object.fromEntries(options.map((id) => [id, selections[id]])), ...hypothesis });
  if (oracle.extensions(fixed(conflict.options), rules).length > 0) return false;
  const withoutRule = rules.every((_, index) => oracle.extensions(fixed(conflict.options), rules.filter((__, other) => other !== index)).length > 0);
  const withoutOption = conflict.options.every((option) => oracle.extensions(fixed(conflict.options.filter((other) => other !== option)), rules).length > 0);
  return withoutRule && withoutOption;
}

describe('configure against a brute-force oracle (random small models)', () => {
  it('compiles exactly the models that have a valid configuration, and counts them', () => {
    fc.assert(
      fc.property(randomModel, (document) => {
        const oracle = new BruteForceOracle(document);
        const model = compiled(document);
        expect(model !== null).toBe(oracle.solutions.length > 0);
        if (model) expect(countConfigurations(model)).toBe(BigInt(oracle.solutions.length));
      }),
      { numRuns: RUNS },
    );
  });

  it('shows a value possible iff some complete valid configuration extends the selections with it', () => {
    fc.assert(
      fc.property(modelWithSelections, ([document, selections]) => {
        const model = compiled(document);
        fc.pre(model !== null);
        const oracle = new BruteForceOracle(document);
        const result = configure(model as CompiledModel, selections, { alternatives: true });
        const consistent = oracle.extensions(selections).length > 0;
        expect(result.valid).toBe(consistent);
        if (!consistent) return;
        for (const option of document.options) expect(listed(result.domains[option.id])).toEqual(oracleDomain(oracle, option.id, selections));
        for (const id of Object.keys(selections)) {
          const others = { ...selections };
          delete others[id];
          expect(listed(result.alternatives?.[id] ?? [])).toEqual(oracleDomain(oracle, id, others));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reports only minimal conflicts, for clashing selections and for excluded values', () => {
    fc.assert(
      fc.property(modelWithSelections, ([document, selections]) => {
        const model = compiled(document);
        fc.pre(model !== null);
        const oracle = new BruteForceOracle(document);
        const result = configure(model as CompiledModel, selections);
        for (const conflict of result.conflicts) expect(isMinimal(oracle, document, conflict, selections)).toBe(true);
        if (!result.valid) return;
        for (const option of document.options) {
          const possible = listed(result.domains[option.id]);
          const others = { ...selections };
          delete others[option.id];
          for (const value of oracle.domains.find((domain) => domain.id === option.id)?.values ?? []) {
            if (value === null || oracleDomain(oracle, option.id, others).includes(value)) continue;
            const conflict = explainExclusion(model as CompiledModel, selections, option.id, value);
            expect(conflict).not.toBeNull();
            expect(isMinimal(oracle, document, conflict as Conflict, others, { [option.id]: value })).toBe(true);
          }
          if (!option.optional) expect(possible.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('completes every consistent selection to a valid configuration, and no other', () => {
    fc.assert(
      fc.property(modelWithSelections, ([document, selections]) => {
        const model = compiled(document);
        fc.pre(model !== null);
        const oracle = new BruteForceOracle(document);
        const completion = completeConfiguration(model as CompiledModel, selections);
        if (oracle.extensions(selections).length === 0) {
          expect(completion).toBeNull();
          return;
        }
        expect(completion).not.toBeNull();
        const full = Object.fromEntries(document.options.map((option) => [option.id, completion?.[option.id] ?? null]));
        expect(full).toMatchObject(selections);
        expect(oracle.violated(full)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
