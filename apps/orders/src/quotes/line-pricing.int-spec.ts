import { OrdersRequests, type CompiledVersion, type QuoteLineRequest } from '@atelier/contracts';
import {
  compileModel,
  completeConfiguration,
  portableModel,
  portableModelText,
  quoteConfiguration,
  sampleModels,
  type CompiledModel,
} from '@atelier/configurator-engine';
import { failureOf, waitFor } from '@atelier/testing';
import { OrdersHarness } from '../testing/orders-harness';
import {
  ASK_AGAIN_AFTER_MS,
  EVICTED_REST_MS,
  HELD_MODELS_BUDGET_BYTES,
  LATEST_TRUSTED_MS,
  REFRESH_LATEST_AFTER_MS,
} from './held-models';

const bicycle = sampleModels.find((model) => model.id === 'bicycle')!;

/** What the configurator hands out for a version: the stored document and what compiling it found. */
function compiledVersionOf(version: number): { compiled: CompiledVersion; model: CompiledModel } {
  const result = compileModel(bicycle);
  if (!result.ok) throw new Error(`the bicycle sample does not compile: ${JSON.stringify(result.errors)}`);
  const portable = portableModel(result.model);
  return {
    model: result.model,
    compiled: { productId: 'bicycle', version, documentJson: JSON.stringify(bicycle), ...portableModelText(portable) },
  };
}

/**
 * Orders prices lines itself from versions it holds compiled, and leaves the rest to the
 * configurator (the pricing stand-in, whose prices are not the engine's: which one priced a
 * quote shows in its price and in the stand-in's count of calls).
 */
describe('pricing in orders from held model versions (orders app, real NATS and PostgreSQL)', () => {
  let h: OrdersHarness;
  const { compiled, model } = compiledVersionOf(3);
  const selections = completeConfiguration(model, {})!;

  beforeAll(async () => {
    // One replica: each process learns the versions it holds on its own.
    h = await OrdersHarness.start('orders-held-models', 1);
    h.serveCompiledVersions({ 'bicycle@3': compiled, 'bicycle@4': null });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const quote = (lines: QuoteLineRequest[]) => h.client.request(OrdersRequests.quote, { customerId: 'cust-held', lines });

  /** Quotes until one is priced without the configurator (the version arrives in the background). */
  const quotedHere = (lines: QuoteLineRequest[]) =>
    waitFor('a quote priced in orders', async () => {
      const asked = h.pricingCalls;
      const quoted = await quote(lines);
      return h.pricingCalls === asked ? quoted : null;
    });

  it('prices a version it holds itself, exactly as the engine does, after the configurator priced it first', async () => {
    const line = { productId: 'bicycle', version: 3, selections, quantity: 2 };
    const asked = h.pricingCalls;
    const first = await quote([line]);
    expect(h.pricingCalls).toBe(asked + 1);
    expect(first.total).toEqual({ amount: '200.00', currency: 'EUR' });

    const here = await quotedHere([line]);
    const engine = quoteConfiguration(model, selections, 2);
    expect(here.total).toEqual(engine.lineTotal);
    expect(here.lines[0]).toMatchObject({
      productId: 'bicycle',
      version: 3,
      selections: engine.selections,
      quantity: 2,
      unitPrice: engine.unitPrice,
      lineTotal: engine.lineTotal,
      bom: engine.bom,
      routing: engine.routing,
    });
    expect(h.compiledAsked.filter((key) => key === 'bicycle@3')).toHaveLength(1);
  });

  it('leaves a configuration that is not complete and valid to the configurator, whose refusal the customer gets', async () => {
    await quotedHere([{ productId: 'bicycle', version: 3, selections, quantity: 1 }]);
    const asked = h.pricingCalls;
    const failure = await failureOf(
      quote([{ productId: 'bicycle', version: 3, selections: { ...selections, invalid: true }, quantity: 1 }]),
    );
    expect(failure.code).toBe('INVALID_CONFIGURATION');
    expect(h.pricingCalls).toBe(asked + 1);
  });

  it('prices a line that names no version here only while the latest version the configurator named is fresh', async () => {
    const open = { productId: 'bicycle', selections, quantity: 1 };
    // The stand-in prices an open line at version 3: from then on, "latest" is 3 for a while.
    await quote([open]);
    const here = await quotedHere([open]);
    expect(here.lines[0].version).toBe(3);

    h.advanceClock(LATEST_TRUSTED_MS);
    const asked = h.pricingCalls;
    await quote([open]);
    expect(h.pricingCalls).toBe(asked + 1);
  });

  it('keeps the latest versions fresh from the product list while open lines keep coming, and follows a new one', async () => {
    const open = { productId: 'bicycle', selections, quantity: 1 };
    h.serveLatestVersions({ bicycle: 3 });
    try {
      await quotedHere([open]);
      // Past the refresh age (not the trust): priced here, and the list is asked for again meanwhile.
      h.advanceClock(REFRESH_LATEST_AFTER_MS);
      const lists = h.listCalls;
      const asked = h.pricingCalls;
      await quote([open]);
      await waitFor('the product list to be asked for', async () => h.listCalls > lists);
      h.advanceClock(REFRESH_LATEST_AFTER_MS);
      const again = await quote([open]);
      expect(again.lines[0].version).toBe(3);
      expect(h.pricingCalls).toBe(asked);

      // Version 4 is published: once the list names it, open lines are the configurator's again (4 is not held).
      h.serveLatestVersions({ bicycle: 4 });
      h.advanceClock(REFRESH_LATEST_AFTER_MS);
      const listed = h.listCalls;
      await quote([open]);
      await waitFor('the product list to be asked for', async () => h.listCalls > listed);
      const before = h.pricingCalls;
      await quote([open]);
      expect(h.pricingCalls).toBe(before + 1);
    } finally {
      h.stopServingLatestVersions();
    }
  });

  it('keeps a version it cannot have with the configurator, and asks for it again only after a while', async () => {
    // bicycle@5 is unknown to the stand-in: the configurator is, as far as orders can tell, not able to send it now.
    const line = { productId: 'bicycle', version: 5, selections, quantity: 1 };
    const askedFor5 = () => h.compiledAsked.filter((key) => key === 'bicycle@5').length;
    await quote([line]);
    await waitFor('bicycle@5 to be asked for', async () => askedFor5() === 1);

    const asked = h.pricingCalls;
    await quote([line]);
    await quote([line]);
    expect(h.pricingCalls).toBe(asked + 2);
    expect(askedFor5()).toBe(1);

    h.advanceClock(ASK_AGAIN_AFTER_MS);
    await quote([line]);
    await waitFor('bicycle@5 to be asked for again', async () => askedFor5() === 2);
  });

  it('never asks again for a version too large to send, and the configurator goes on pricing it', async () => {
    const line = { productId: 'bicycle', version: 4, selections, quantity: 1 };
    const askedFor4 = () => h.compiledAsked.filter((key) => key === 'bicycle@4').length;
    await quote([line]);
    await waitFor('bicycle@4 to be asked for', async () => askedFor4() === 1);

    h.advanceClock(10 * ASK_AGAIN_AFTER_MS);
    const asked = h.pricingCalls;
    await quote([line]);
    await quote([line]);
    expect(h.pricingCalls).toBe(asked + 2);
    // A request for it would have been sent before the quotes were answered: fetching starts as pricing returns.
    expect(askedFor4()).toBe(1);
  });

  it('holds what its memory budget allows: the least recently used version goes, and is not fetched again for a while', async () => {
    const sent = compiled.documentJson.length + compiled.relations.length + compiled.feasibleAtStart.length;
    // Enough versions to outweigh the budget by two (the estimate is ten times what was sent).
    const count = Math.ceil(HELD_MODELS_BUDGET_BYTES / (10 * sent)) + 2;
    const versions = Array.from({ length: count }, (_, n) => 100 + n);
    h.serveCompiledVersions(Object.fromEntries(versions.map((version) => [`bicycle@${version}`, { ...compiled, version }])));
    const askedFor = (version: number) => h.compiledAsked.filter((key) => key === `bicycle@${version}`).length;
    const line = (version: number) => ({ productId: 'bicycle', version, selections, quantity: 1 });
    for (const version of versions) {
      await quote([line(version)]);
      await waitFor(`bicycle@${version} to be asked for`, async () => askedFor(version) === 1);
    }
    const newest = versions[versions.length - 1];
    await quotedHere([line(newest)]);

    // The first one made room: the configurator prices it, and it is not fetched again before its rest is over.
    const oldest = versions[0];
    const asked = h.pricingCalls;
    await quote([line(oldest)]);
    expect(h.pricingCalls).toBe(asked + 1);
    h.advanceClock(ASK_AGAIN_AFTER_MS);
    await quote([line(oldest)]);
    expect(askedFor(oldest)).toBe(1);
    h.advanceClock(EVICTED_REST_MS);
    await quote([line(oldest)]);
    await waitFor('the oldest version to be asked for again', async () => askedFor(oldest) === 2);
    h.serveCompiledVersions({ 'bicycle@3': compiled, 'bicycle@4': null });
  });

  it('goes on pricing the versions it holds while the configurator is away', async () => {
    const line = { productId: 'bicycle', version: 3, selections, quantity: 1 };
    await quotedHere([line]);
    h.stopPricing();
    try {
      const quoted = await quote([line]);
      expect(quoted.total).toEqual(quoteConfiguration(model, selections, 1).lineTotal);
      // What it does not hold is the configurator's: unavailable, clearly.
      const failure = await failureOf(quote([{ ...line, version: 6 }]));
      expect(failure.code).toBe('DEPENDENCY_UNAVAILABLE');
    } finally {
      h.resumePricing();
    }
  });
});
