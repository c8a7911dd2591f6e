import { Injectable } from '@nestjs/common';
import { AppError, sumMoney, type ConfigureReply, type Money, type PricedLine, type QuoteLineRequest, type Selections } from '@atelier/contracts';
import { checkSelections, completeConfiguration, configure, explainExclusion, ConfigurationError, quoteConfiguration } from '@atelier/configurator-engine';
import { ModelCatalog, type LoadedModel } from '../models/model-catalog.service';

/** Configuring, validating, pricing and exploding configurations against a pinned model version. */
@Injectable()
export class ConfigurationService {
  constructor(private readonly catalog: ModelCatalog) {}

  async configure(
    productId: string,
    version: number | undefined,
    selections: Selections,
    complete = false,
  ): Promise<ConfigureReply> {
    const loaded = await this.catalog.load(productId, version);
    assertWellFormed(loaded, selections);
    // A selected option's domain answers what it could be changed to without touching the others (API.md).
    const { alternatives, ...result } = configure(loaded.model, selections, { alternatives: true });
    result.domains = { ...result.domains, ...alternatives };
    let price: Money | undefined;
    if (result.valid && result.complete) {
      price = quoteConfiguration(loaded.model, selections, 1).unitPrice;
    }
    const completion = complete ? { completion: completeConfiguration(loaded.model, selections) } : {};
    return { productId, version: loaded.version, ...result, ...(price ? { price } : {}), ...completion };
  }

  async validate(productId: string, version: number | undefined, selections: Selections) {
    const loaded = await this.catalog.load(productId, version);
    assertWellFormed(loaded, selections);
    const { valid, complete, conflicts } = configure(loaded.model, selections);
    return { productId, version: loaded.version, valid, complete, conflicts };
  }

  async explain(productId: string, version: number | undefined, selections: Selections, option: string, value: string | number | boolean) {
    const loaded = await this.catalog.load(productId, version);
    assertWellFormed(loaded, { ...selections, [option]: value });
    const conflict = explainExclusion(loaded.model, selections, option, value);
    return { productId, version: loaded.version, option, value, conflict };
  }

  /** Every line must be a complete, valid configuration; otherwise nothing is priced (422 with every line's conflicts). */
  async priceLines(lines: QuoteLineRequest[]): Promise<{ lines: PricedLine[]; total: Money }> {
    const priced: PricedLine[] = [];
    const problems: Array<{ line: number; productId: string; conflicts: unknown; errors: unknown }> = [];
    for (const [index, line] of lines.entries()) {
      const loaded = await this.catalog.load(line.productId, line.version);
      assertWellFormed(loaded, line.selections, index);
      try {
        const quote = quoteConfiguration(loaded.model, line.selections, line.quantity);
        priced.push({
          productId: loaded.productId,
          version: loaded.version,
          selections: quote.selections,
          quantity: line.quantity,
          unitPrice: quote.unitPrice,
          lineTotal: quote.lineTotal,
          bom: quote.bom,
          routing: quote.routing,
        });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        problems.push({ line: index, productId: line.productId, conflicts: error.conflicts, errors: error.errors });
      }
    }
    if (problems.length > 0) {
      throw new AppError('INVALID_CONFIGURATION', 'A configuration is not complete and valid', problems);
    }
    const currency = priced[0].lineTotal.currency;
    return { lines: priced, total: sumMoney(priced.map((l) => l.lineTotal), currency) };
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
