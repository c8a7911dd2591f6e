import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  sumMoney,
  type ConfigureReply,
  type Money,
  type PricedLine,
  type QuoteLineRequest,
  type Selections,
} from '@atelier/contracts';
import {
  checkSelections,
  completeConfiguration,
  configure,
  explainExclusion,
  ConfigurationError,
  quoteConfiguration,
  quoteLine,
  ReasoningBudgetExceededError,
  type ReasoningBudget,
} from '@atelier/configurator-engine';
import { CONFIGURATOR_SETTINGS, type ConfiguratorSettings } from '../configurator-settings';
import { ModelCatalog, type LoadedModel } from '../models/model-catalog.service';

/**
 * Conflicts one engine call of a request may meet. Real models need a few dozen (the benchmark's
 * sequences on Renault and automotive01 meet at most 19); the time limit is the usual stop.
 */
const REQUEST_MAX_CONFLICTS = 20_000;

/**
 * Configuring, validating, pricing and exploding configurations against a pinned model version.
 * The engine runs on this (the request) thread, so every request has a reasoning budget: past
 * it, the request is answered TOO_HARD and the thread is free for the others.
 */
@Injectable()
export class ConfigurationService {
  constructor(
    private readonly catalog: ModelCatalog,
    @Inject(CONFIGURATOR_SETTINGS) private readonly settings: ConfiguratorSettings,
  ) {}

  async configure(
    productId: string,
    version: number | undefined,
    selections: Selections,
    complete = false,
  ): Promise<ConfigureReply> {
    const loaded = await this.catalog.load(productId, version);
    assertWellFormed(loaded, selections);
    return this.withinBudget(loaded, (budget) => {
      // A selected option's domain answers what it could be changed to without touching the others (API.md).
      const { alternatives, ...result } = configure(loaded.model, selections, { alternatives: true, budget });
      result.domains = { ...result.domains, ...alternatives };
      let price: Money | undefined;
      if (result.valid && result.complete) {
        price = quoteConfiguration(loaded.model, selections, 1, budget).unitPrice;
      }
      const completion = complete ? { completion: completeConfiguration(loaded.model, selections, budget) } : {};
      return { productId, version: loaded.version, ...result, ...(price ? { price } : {}), ...completion };
    });
  }

  async validate(productId: string, version: number | undefined, selections: Selections) {
    const loaded = await this.catalog.load(productId, version);
    assertWellFormed(loaded, selections);
    const { valid, complete, conflicts } = this.withinBudget(loaded, (budget) => configure(loaded.model, selections, { budget }));
    return { productId, version: loaded.version, valid, complete, conflicts };
  }

  async explain(
    productId: string,
    version: number | undefined,
    selections: Selections,
    option: string,
    value: string | number | boolean,
  ) {
    const loaded = await this.catalog.load(productId, version);
    assertWellFormed(loaded, { ...selections, [option]: value });
    const conflict = this.withinBudget(loaded, (budget) => explainExclusion(loaded.model, selections, option, value, budget));
    return { productId, version: loaded.version, option, value, conflict };
  }

  /** Every line must be a complete, valid configuration; otherwise nothing is priced (422 with every line's conflicts). */
  async priceLines(lines: QuoteLineRequest[]): Promise<{ lines: PricedLine[]; total: Money }> {
    const priced: PricedLine[] = [];
    const problems: Array<{ line: number; productId: string; conflicts: unknown; errors: unknown }> = [];
    const deadline = this.deadline();
    for (const [index, line] of lines.entries()) {
      const loaded = await this.catalog.load(line.productId, line.version);
      assertWellFormed(loaded, line.selections, index);
      try {
        const pinned = { ...line, productId: loaded.productId, version: loaded.version };
        priced.push(this.withinBudget(loaded, (budget) => quoteLine(loaded.model, pinned, budget), deadline));
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        problems.push({ line: index, productId: line.productId, conflicts: error.conflicts, errors: error.errors });
      }
    }
    if (problems.length > 0) {
      throw new AppError('INVALID_CONFIGURATION', 'A configuration is not complete and valid', problems);
    }
    const currency = priced[0].lineTotal.currency;
    return {
      lines: priced,
      total: sumMoney(
        priced.map((l) => l.lineTotal),
        currency,
      ),
    };
  }

  /** One request's deadline: every engine call of the request shares it. */
  private deadline(): ReasoningBudget['deadline'] {
    return { at: Date.now() + this.settings.configureTimeLimitMs, now: Date.now };
  }

  private withinBudget<T>(loaded: LoadedModel, work: (budget: ReasoningBudget) => T, deadline = this.deadline()): T {
    try {
      return work({ maxConflicts: REQUEST_MAX_CONFLICTS, deadline });
    } catch (error) {
      if (!(error instanceof ReasoningBudgetExceededError)) throw error;
      throw new AppError(
        'TOO_HARD',
        `These selections are too hard to answer on ${loaded.productId} version ${loaded.version} within one request's budget (${this.settings.configureTimeLimitMs} ms, ${REQUEST_MAX_CONFLICTS} conflicts): ${error.message}`,
      );
    }
  }
}

/** Unknown options and values of the wrong type are malformed input (400), not conflicts. */
function assertWellFormed(loaded: LoadedModel, selections: Selections, line?: number): void {
  const errors = checkSelections(loaded.model, selections);
  if (errors.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Selections do not fit ${loaded.productId} version ${loaded.version}`,
      errors.map((e) => ({ ...(line === undefined ? {} : { line }), path: `selections.${e.option}`, message: e.message })),
    );
  }
}
