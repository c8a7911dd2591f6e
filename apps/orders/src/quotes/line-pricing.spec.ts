import { jest } from '@jest/globals';
import type { PricedLine } from '@atelier/contracts';
import { compileModel, ReasoningBudgetExceededError, sampleModels, type CompiledModel } from '@atelier/configurator-engine';
import type { RequestClient } from '@atelier/messaging';
import type { HeldModel, HeldModels } from './held-models';
import { LinePricing } from './line-pricing';

const bicycle = sampleModels.find((model) => model.id === 'bicycle')!;

/** The bicycle, compiled, whose reasoning runs out of budget on every call (as a model too hard for orders' budget would). */
function tooHardModel(): CompiledModel {
  const compiled = compileModel(bicycle);
  if (!compiled.ok) throw new Error('the bicycle sample does not compile');
  const model = compiled.model;
  model.reasoner.within = () => {
    throw new ReasoningBudgetExceededError('time', { conflicts: 2_000, propagations: 0 });
  };
  return model;
}

describe('LinePricing', () => {
  it('leaves a version too hard to price within its budget to the configurator, and answers what the configurator prices', async () => {
    const held: HeldModel = { productId: 'bicycle', version: 3, model: tooHardModel(), weight: 1 };
    const models = { modelFor: jest.fn(() => held), learn: jest.fn(), leaveToConfigurator: jest.fn() };
    const answer: { lines: PricedLine[]; total: { amount: string; currency: string } } = {
      lines: [],
      total: { amount: '10.00', currency: 'EUR' },
    };
    const requests = { request: jest.fn(async () => answer) };
    const pricing = new LinePricing(requests as unknown as RequestClient, models as unknown as HeldModels);

    const priced = await pricing.price([{ productId: 'bicycle', version: 3, selections: {}, quantity: 1 }], 'corr-1');

    expect(priced).toBe(answer);
    expect(models.leaveToConfigurator).toHaveBeenCalledWith(held, expect.stringContaining('time budget'));
    expect(requests.request).toHaveBeenCalledTimes(1);
  });
});
