import { Injectable } from '@nestjs/common';
import { AppError, ConfiguratorRequests, sumMoney, type Money, type PricedLine, type QuoteLineRequest } from '@atelier/contracts';
import { quoteLine, ReasoningBudgetExceededError, type ReasoningBudget } from '@atelier/configurator-engine';
import { RequestClient } from '@atelier/messaging';
import { Counter } from 'prom-client';
import { HeldModels, type HeldModel } from './held-models';

const linesPriced = new Counter({
  name: 'atelier_orders_pricing_total',
  help: 'Quotes and orders priced, by where: here (orders, from a held compiled version) or by the configurator',
  labelNames: ['where'],
});

/**
 * What pricing here may spend before it leaves the lines to the configurator (which has a whole
 * request's budget): a complete configuration needs a fraction of a millisecond on real models,
 * and this thread serves every other request of the process.
 */
const HERE_BUDGET: Pick<ReasoningBudget, 'maxConflicts'> & { ms: number } = { maxConflicts: 2_000, ms: 50 };

export interface PricedLines {
  lines: PricedLine[];
  total: Money;
}

/**
 * Validates, prices and explodes lines against their pinned versions (the latest when a line
 * names none). Lines whose versions this process holds compiled (HeldModels) are priced here with
 * the configurator's own engine; anything else, and anything that is not a complete, valid
 * configuration, is asked of the configurator, whose answer (or error) is the one the customer
 * gets. So a refusal always reads the same, wherever the lines would have been priced.
 */
@Injectable()
export class LinePricing {
  constructor(
    private readonly requests: RequestClient,
    private readonly models: HeldModels,
  ) {}

  async price(lines: QuoteLineRequest[], correlationId: string): Promise<PricedLines> {
    const here = this.priceHere(lines);
    if (here) {
      linesPriced.inc({ where: 'orders' });
      return here;
    }
    const priced = await this.askConfigurator(lines, correlationId);
    linesPriced.inc({ where: 'configurator' });
    this.models.learn(lines, priced.lines);
    return priced;
  }

  /** Priced here when every line's version is held and every configuration is complete and valid; otherwise null. */
  private priceHere(lines: QuoteLineRequest[]): PricedLines | null {
    const held = lines.map((line) => this.models.modelFor(line));
    if (held.some((model) => model === undefined)) return null;
    const budget: ReasoningBudget = {
      maxConflicts: HERE_BUDGET.maxConflicts,
      deadline: { at: Date.now() + HERE_BUDGET.ms, now: Date.now },
    };
    let pricing: HeldModel | undefined;
    try {
      const priced = lines.map((line, index): PricedLine => {
        pricing = held[index]!;
        const { productId, version, model } = pricing;
        return quoteLine(model, { ...line, productId, version }, budget);
      });
      return {
        lines: priced,
        total: sumMoney(
          priced.map((line) => line.lineTotal),
          priced[0].lineTotal.currency,
        ),
      };
    } catch (error) {
      // A version this hard to price here stays the configurator's for a while: this thread serves every other request.
      if (error instanceof ReasoningBudgetExceededError && pricing) this.models.leaveToConfigurator(pricing, error.message);
      // Not complete, not valid, too hard in this budget, another currency: the configurator says which, in its words.
      return null;
    }
  }

  private async askConfigurator(lines: QuoteLineRequest[], correlationId: string): Promise<PricedLines> {
    try {
      return await this.requests.request(ConfiguratorRequests.priceLines, { lines }, { correlationId });
    } catch (error) {
      // An unknown product or version is a mistake in what the customer sent, not a missing resource of this request.
      if (error instanceof AppError && error.code === 'NOT_FOUND') {
        throw new AppError('VALIDATION_FAILED', error.message, [{ path: 'lines', message: error.message }]);
      }
      throw error;
    }
  }
}
