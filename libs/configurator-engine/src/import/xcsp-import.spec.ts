import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixedAssignment } from '../configure/selections';
import { compileModel, configure, countConfigurations, importXcsp, type CompiledModel, type Selections } from '../index';
import { searchDomains } from '../testing/search-oracle';

const folder = path.resolve(process.cwd(), '../shared/benchmarks/configuration/renault_br4cp');

describe('Renault medium (XCSP 2.1)', () => {
  let model: CompiledModel;

  beforeAll(() => {
    const result = compileModel(
      importXcsp(readFileSync(path.join(folder, 'medium_domainsorted.xml'), 'utf8'), {
        id: 'renault-medium',
        name: 'Renault medium',
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
    model = result.model;
  });

  it('imports 148 options and 174 table rules', () => {
    expect(model.document.options).toHaveLength(148);
    expect(model.document.rules).toHaveLength(174);
  });

  it('counts exactly the 278,744 published configurations', () => {
    expect(countConfigurations(model)).toBe(278744n);
  });

  it('accepts every configuration of the one-year sales history', () => {
    const [header, ...rows] = readFileSync(path.join(folder, 'config_medium_filtered.txt'), 'utf8').trim().split('\n');
    const variables = header.trim().split(/\s+/);
    const distinct = [...new Set(rows.map((row) => row.trim()))];
    const rejected = distinct.filter((row) => {
      const selections: Selections = {};
      const unset: string[] = [];
      row.split(/\s+/).forEach((token, position) => {
        if (token === '-1') unset.push(variables[position]);
        else selections[variables[position]] = Number(token);
      });
      return !configure(model, selections, { unset }).valid;
    });
    expect(distinct.length).toBeGreaterThan(100);
    expect(rejected).toEqual([]);
  });
});

describe('Renault medium: configure against an independent search oracle', () => {
  it('agrees on random partial selections taken from real sales', () => {
    const result = compileModel(
      importXcsp(readFileSync(path.join(folder, 'medium_domainsorted.xml'), 'utf8'), {
        id: 'renault-medium',
        name: 'Renault medium',
      }),
    );
    if (!result.ok) throw new Error('compile failed');
    const model = result.model;
    const [header, ...rows] = readFileSync(path.join(folder, 'config_medium_filtered.txt'), 'utf8').trim().split('\n');
    const variables = header.trim().split(/\s+/);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 40; trial++) {
      const row = rows[Math.floor(random() * rows.length)].trim().split(/\s+/);
      const selections: Selections = {};
      // From a few choices (the search space wide open) to many (close to a complete car).
      const share = [0.1, 0.2, 0.4, 0.6][trial % 4];
      row.forEach((token, position) => {
        if (token !== '-1' && random() < share) selections[variables[position]] = Number(token);
      });
      // and one arbitrary choice, which may clash
      const option = model.finiteOptions[Math.floor(random() * model.finiteOptions.length)];
      selections[option.id] = Number(option.values[Math.floor(random() * option.values.length)].toString());
      const fixed = fixedAssignment(model, selections);
      const expected = searchDomains(model, fixed);
      const actual = configure(model, selections);
      expect(actual.valid).toBe(expected !== null);
      if (!expected) continue;
      for (const finite of model.finiteOptions) {
        const values = finite.values
          .map((value) => Number(value.toString()))
          .filter((_, index) => expected[finite.index][index] === 1);
        expect([finite.id, actual.domains[finite.id]]).toEqual([
          finite.id,
          fixed[finite.index] >= 0 ? [selections[finite.id]] : values,
        ]);
      }
    }
  });
});
