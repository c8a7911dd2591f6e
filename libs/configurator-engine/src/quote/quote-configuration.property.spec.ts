import fc from 'fast-check';
import { compileModel, ConfigurationError, quoteConfiguration, type Conflict } from '../index';
import { BruteForceOracle } from '../testing/brute-force-oracle';
import { randomModel } from '../testing/random-model';

/** Every assignment of a random model, valid or not, as selections (unset options left out). */
const modelWithAssignment = randomModel.chain((document) => {
  const oracle = new BruteForceOracle(document);
  const everything = oracle.domains.reduce<Array<Record<string, string | number | boolean | null>>>(
    (partial, { id, values }) => partial.flatMap((assignment) => values.map((value) => ({ ...assignment, [id]: value }))),
    [{}],
  );
  return fc.tuple(fc.constant(document), fc.constant(oracle), fc.constantFrom(...everything));
});

describe('quoteConfiguration against a brute-force oracle', () => {
  it('accepts exactly the valid complete configurations, and explains the others minimally', () => {
    fc.assert(
      fc.property(modelWithAssignment, ([document, oracle, assignment]) => {
        const result = compileModel(document);
        fc.pre(result.ok);
        if (!result.ok) return;
        const selections = Object.fromEntries(Object.entries(assignment).filter(([, value]) => value !== null)) as Record<
          string,
          string | number | boolean
        >;
        const broken = oracle.violated(assignment);
        let conflicts: Conflict[] | null = null;
        try {
          quoteConfiguration(result.model, selections, 1);
        } catch (error) {
          if (!(error instanceof ConfigurationError)) throw error;
          conflicts = error.conflicts;
        }
        expect(conflicts === null).toBe(broken.length === 0);
        for (const conflict of conflicts ?? []) {
          const rules = conflict.ruleIds.map((id) => (document.rules ?? []).findIndex((rule) => rule.id === id));
          // the conflict's rules are broken by this very assignment, and it names no more choices than needed
          const fixed = Object.fromEntries(conflict.options.map((id) => [id, assignment[id]]));
          expect(oracle.extensions(fixed, rules)).toEqual([]);
          for (const option of conflict.options) {
            const fewer = Object.fromEntries(
              conflict.options.filter((other) => other !== option).map((id) => [id, assignment[id]]),
            );
            expect(oracle.extensions(fewer, rules).length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
