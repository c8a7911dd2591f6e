import { Injectable } from '@nestjs/common';
import { AppError, ConfiguratorRequests, type Money, type PricedLine, type QuoteLineRequest } from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';

/**
 * Asks the configurator to validate, price and explode lines against their pinned versions
 * (the latest when a line names none). Orders never prices on its own.
 */
@Injectable()
export class LinePricing {
  constructor(private readonly requests: RequestClient) {}

  async price(lines: QuoteLineRequest[], correlationId: string): Promise<{ lines: PricedLine[]; total: Money }> {
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
