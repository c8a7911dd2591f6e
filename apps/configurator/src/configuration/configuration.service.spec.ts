import { AppError } from '@atelier/contracts';
import { compileModel, importDimacs, sampleModels, type CompiledModel } from '@atelier/configurator-engine';
import { readConfiguratorSettings } from '../configurator-settings';
import type { LoadedModel, ModelCatalog } from '../models/model-catalog.service';
import { ConfigurationService } from './configuration.service';

/**
 * PHP 10→9 behind two switches f1, f2: a clause may fail only when both are on. Any one choice
 * is easy, so it publishes; both on is the whole pigeonhole (about a minute of search).
 */
function switchedPigeonhole(): CompiledModel {
  const holes = 9;
  const inHole = (pigeon: number, hole: number) => 3 + pigeon * holes + hole;
  const clauses: number[][] = [];
  for (let pigeon = 0; pigeon < 10; pigeon++) clauses.push(Array.from({ length: holes }, (_, hole) => inHole(pigeon, hole)));
  for (let hole = 0; hole < holes; hole++)
    for (let a = 0; a < 10; a++) for (let b = a + 1; b < 10; b++) clauses.push([-inHole(a, hole), -inHole(b, hole)]);
  const cnf = [`p cnf 92 ${clauses.length}`, ...clauses.map((clause) => `-1 -2 ${clause.join(' ')} 0`)].join('\n');
  const result = compileModel(importDimacs(cnf, { id: 'switched', name: 'Switched pigeons' }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

function compiled(document: unknown): CompiledModel {
  const result = compileModel(document);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.model;
}

describe('ConfigurationService budgets', () => {
  const models = new Map<string, CompiledModel>();
  const catalog = {
    load: async (productId: string): Promise<LoadedModel> => ({ productId, version: 1, model: models.get(productId)! }),
  };
  const service = new ConfigurationService(catalog as unknown as ModelCatalog, {
    ...readConfiguratorSettings({}),
    configureTimeLimitMs: 200,
  });

  beforeAll(() => {
    models.set('switched', switchedPigeonhole());
    models.set('bicycle', compiled(sampleModels.find((model) => model.id === 'bicycle')));
  });

  it('answers TOO_HARD when the selections need more reasoning than one request may use', async () => {
    const refused = await service.configure('switched', undefined, { f1: true, f2: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: 'TOO_HARD',
      message: expect.stringContaining('too hard to answer on switched version 1'),
    });
    await expect(service.validate('switched', undefined, { f1: true, f2: true })).rejects.toMatchObject({ code: 'TOO_HARD' });
  });

  it('answers the next requests as usual', async () => {
    await expect(service.configure('switched', undefined, { f1: false })).resolves.toMatchObject({ valid: true, conflicts: [] });
    await expect(service.configure('bicycle', undefined, {})).resolves.toMatchObject({ valid: true });
  });
});
