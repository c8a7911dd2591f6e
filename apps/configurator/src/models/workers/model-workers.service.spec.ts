import { sampleModels } from '@atelier/configurator-engine';
import { readConfiguratorSettings } from '../../configurator-settings';
import { ModelWorkers } from './model-workers.service';

const bicycle = sampleModels.find((model) => model.id === 'bicycle')!;

/** Within every size limit (100,000 features, 200,000 clauses), but more than 64 MB once read. */
function wideDimacs(): string {
  const features = 100_000;
  const lines = [`p cnf ${features} 200000`];
  for (let clause = 0; clause < 200_000; clause++) lines.push(`${1 + (clause % features)} -${1 + ((clause * 7) % features)} 0`);
  return lines.join('\n');
}

describe('ModelWorkers', () => {
  const workers = new ModelWorkers({ ...readConfiguratorSettings({}), modelWorkers: 1, modelWorkerMemoryMb: 64 });

  afterAll(() => workers.onModuleDestroy());

  it('refuses a model that needs more memory than a worker has as TOO_HARD, and goes on with a fresh worker', async () => {
    await expect(
      workers.check({ format: 'dimacs', content: wideDimacs(), meta: { id: 'wide', name: 'Wide' } }),
    ).rejects.toMatchObject({
      code: 'TOO_HARD',
      message: 'The model needs more than 64 MB of memory to check',
    });
    await expect(workers.check({ format: 'native', document: bicycle })).resolves.toMatchObject({ id: 'bicycle' });
  });
});
