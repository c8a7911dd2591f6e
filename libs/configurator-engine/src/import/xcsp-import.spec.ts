import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileModel, configure, countConfigurations, importXcsp, type CompiledModel, type Selections } from '../index';

const folder = path.resolve(process.cwd(), '../shared/benchmarks/configuration/renault_br4cp');

describe('Renault medium (XCSP 2.1)', () => {
  let model: CompiledModel;

  beforeAll(() => {
    const result = compileModel(importXcsp(readFileSync(path.join(folder, 'medium_domainsorted.xml'), 'utf8'), { id: 'renault-medium', name: 'Renault medium' }));
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
