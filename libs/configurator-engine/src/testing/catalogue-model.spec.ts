import { fixedAssignment } from '../configure/selections';
import { compileModel, configure, type CompiledModel, type Selections } from '../index';
import { catalogueModel } from './catalogue-model';
import { searchDomains } from './search-oracle';

/** The values of an enumeration domain as the oracle marks them. */
function oracleValues(model: CompiledModel, expected: Uint8Array[], option: number): Array<string | number | boolean> {
  const finite = model.finiteOptions[option];
  return finite.values.filter((_, index) => expected[option][index] === 1) as string[];
}

describe('the generated catalogue (the benchmark’s 268-option model)', () => {
  let model: CompiledModel;

  beforeAll(() => {
    const result = compileModel(catalogueModel());
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
    model = result.model;
  });

  it('has the size of the real one: 268 options, two of 324 values, and is the same for the same seed', () => {
    expect(model.finiteOptions).toHaveLength(268);
    expect(model.finiteOptions.filter((option) => option.values.length === 324).map((option) => option.id)).toEqual([
      'version',
      'colour',
    ]);
    const again = catalogueModel();
    expect(again.rules?.length).toBe(model.document.rules.length);
    expect(JSON.stringify(again) === JSON.stringify(catalogueModel())).toBe(true);
  });

  it('configure agrees with a backtracking search along a customer’s choices (mended and pooled models included)', () => {
    // The same structure with fewer equipment options, so that the search stays quick.
    const small = compileModel(catalogueModel({ equipment: 40 }));
    if (!small.ok) throw new Error(JSON.stringify(small.errors.slice(0, 3)));
    const model = small.model;
    let selections: Selections = {};
    const path: Selections[] = [];
    for (const [id, pickAt] of [
      ['e011', 1],
      ['colour', 0.37],
      ['e033', 0],
      ['version', 0.5],
    ] as const) {
      const open = configure(model, selections).domains[id] as string[];
      selections = { ...selections, [id]: open[Math.floor(pickAt * (open.length - 1))] };
      path.push(selections);
    }
    for (const chosen of path) {
      const fixed = fixedAssignment(model, chosen);
      const expected = searchDomains(model, fixed);
      const actual = configure(model, chosen, { alternatives: true });
      expect(actual.valid).toBe(expected !== null);
      if (!expected) continue;
      for (const finite of model.finiteOptions) {
        if (fixed[finite.index] >= 0) continue;
        expect([finite.id, actual.domains[finite.id]]).toEqual([finite.id, oracleValues(model, expected, finite.index)]);
      }
    }
  });
});
