import fc from 'fast-check';
import {
  compileModel,
  completeConfiguration,
  configure,
  countConfigurations,
  explainExclusion,
  type CompiledModel,
  type Conflict,
  type Domain,
  type ProductModelDocument,
  type Selections,
} from '../index';
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
  return (oracle.domains.find((domain) => domain.id === id)?.values ?? []).filter(
    (value) => value !== null && possible.has(value),
  ) as Array<string | number | boolean>;
}

/** The values a domain stands for, read as a client would: ranges walked by the answered step. */
function listed(domain: Domain): Array<string | number | boolean> {
  if (Array.isArray(domain)) return domain;
  if (!('ranges' in domain)) return [];
  const walked = domain.ranges.flatMap(([low, high]) =>
    Array.from({ length: Math.round((high - low) / domain.step) + 1 }, (_, index) =>
      Number((low + index * domain.step).toFixed(9)),
    ),
  );
  // Few values are also listed; then the list and the ranges must agree.
  if (domain.values) expect(domain.values).toEqual(walked);
  return walked;
}

/**
 * What a conflict must be (QuickXPlain's sense): choices the customer made (with `hypothesis`,
 * a value being tried, held too) that no valid configuration has under all rules, and dropping
 * any one choice makes the rest possible; the rules named cannot hold with those choices, and
 * dropping any one of them lets them. Null when it is, else what is wrong.
 */
function conflictProblem(
  oracle: BruteForceOracle,
  document: ProductModelDocument,
  conflict: Conflict,
  selections: Selections,
  hypothesis: Selections = {},
): string | null {
  const choices = (options: string[]) => ({ ...Object.fromEntries(options.map((id) => [id, selections[id]])), ...hypothesis });
  if (!conflict.options.every((id) => Object.hasOwn(selections, id)))
    return `names ${conflict.options} beyond the choices ${Object.keys(selections)}`;
  if (oracle.extensions(choices(conflict.options)).length > 0) return 'its choices are possible under all rules';
  const droppable = conflict.options.find(
    (option) => oracle.extensions(choices(conflict.options.filter((other) => other !== option))).length === 0,
  );
  if (droppable !== undefined) return `still impossible without ${droppable}`;
  const rules = conflict.ruleIds.map((id) => (document.rules ?? []).findIndex((rule) => rule.id === id));
  if (oracle.extensions(choices(conflict.options), rules).length > 0) return 'its rules allow its choices';
  if (
    !rules.every(
      (_, index) =>
        oracle.extensions(
          choices(conflict.options),
          rules.filter((__, other) => other !== index),
        ).length > 0,
    )
  )
    return 'a rule named is not needed';
  return null;
}

/** Selections of most options, so that they often clash (several clashes at once, too). */
function clashProneSelections(document: ProductModelDocument): fc.Arbitrary<Selections> {
  return randomSelections(document).chain((some) => randomSelections(document).map((more) => ({ ...more, ...some })));
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
        for (const option of document.options)
          expect(listed(result.domains[option.id])).toEqual(oracleDomain(oracle, option.id, selections));
        for (const id of Object.keys(selections)) {
          const others = { ...selections };
          delete others[id];
          expect(listed(result.alternatives?.[id] ?? [])).toEqual(oracleDomain(oracle, id, others));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reports each clash as a minimal set of the choices no valid configuration allows (QuickXPlain), a value impossible by itself alone', () => {
    const seen = { conflicts: 0, several: 0, alone: 0 };
    fc.assert(
      fc.property(
        randomModel.chain((document) => fc.tuple(fc.constant(document), clashProneSelections(document))),
        ([document, selections]) => {
          const model = compiled(document);
          fc.pre(model !== null);
          const oracle = new BruteForceOracle(document);
          const result = configure(model as CompiledModel, selections);
          expect(result.valid).toBe(oracle.extensions(selections).length > 0);
          for (const conflict of result.conflicts) {
            expect(conflictProblem(oracle, document, conflict, selections)).toBeNull();
            const impossible = conflict.options.filter((id) => oracle.extensions({ [id]: selections[id] }).length === 0);
            if (impossible.length > 0) expect(conflict.options).toEqual(impossible);
            seen.conflicts += 1;
            if (conflict.options.length > 1) seen.several += 1;
            if (impossible.length > 0) seen.alone += 1;
          }
          // What is left once each conflict's latest choice is set aside holds together.
          const kept = { ...selections };
          for (const conflict of result.conflicts)
            delete kept[
              Object.keys(selections)
                .filter((id) => conflict.options.includes(id))
                .pop() as string
            ];
          expect(oracle.extensions(kept).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000, seed: 20261202 },
    );
    // The seed gives clashes of every kind (figures of this seed: the property is what is tested).
    expect(seen.several).toBeGreaterThan(80);
    expect(seen.alone).toBeGreaterThan(200);
  });

  it('explains each excluded value by a minimal set of the other choices (none when the value is impossible by itself)', () => {
    fc.assert(
      fc.property(modelWithSelections, ([document, selections]) => {
        const model = compiled(document);
        fc.pre(model !== null);
        const oracle = new BruteForceOracle(document);
        const result = configure(model as CompiledModel, selections);
        if (!result.valid) return;
        for (const option of document.options) {
          const possible = listed(result.domains[option.id]);
          const others = { ...selections };
          delete others[option.id];
          for (const value of oracle.domains.find((domain) => domain.id === option.id)?.values ?? []) {
            if (value === null || oracleDomain(oracle, option.id, others).includes(value)) continue;
            const conflict = explainExclusion(model as CompiledModel, selections, option.id, value);
            expect(conflict).not.toBeNull();
            expect(conflictProblem(oracle, document, conflict as Conflict, others, { [option.id]: value })).toBeNull();
            if (oracle.extensions({ [option.id]: value }).length === 0) expect(conflict?.options).toEqual([]);
          }
          if (!option.optional) expect(possible.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS, seed: 20261203 },
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
