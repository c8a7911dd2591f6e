import { Injectable } from '@nestjs/common';
import type { PricedLine } from '@atelier/contracts';
import { canonicalJson } from '@atelier/contracts';
import { CapableToPromise } from '../quotes/capable-to-promise';
import type { QuoteEntity } from '../quotes/quote.entity';

/** Short: placing an order waits for this at most, and never fails because of it. */
export const PLACEMENT_PROMISE_TIMEOUT_MS = 3_000;

/** The date an order is promised when placed, and what the customer's timeline says about it. */
export interface PlacementPromise {
  promisedDate: Date | null;
  note: string;
}

type QuotedLines = Pick<QuoteEntity, 'id' | 'lines' | 'promisedDate'>;

/**
 * The promise given at placement: the quote's date when the order is what was quoted (the
 * customer was told that date), otherwise scheduling's capable-to-promise. Without either the
 * order has no date until production is planned.
 */
@Injectable()
export class PlacementPromising {
  constructor(private readonly capableToPromise: CapableToPromise) {}

  async promiseFor(
    lines: PricedLine[],
    quote: QuotedLines | null,
    requestedDate: string | undefined,
    correlationId: string,
  ): Promise<PlacementPromise> {
    if (quote?.promisedDate && quoteCovers(quote, lines)) {
      return { promisedDate: quote.promisedDate, note: `Delivery promised for ${quote.promisedDate.toISOString()}, as quoted.` };
    }
    const answer = await this.capableToPromise.promise(lines, requestedDate, {
      correlationId,
      timeoutMs: PLACEMENT_PROMISE_TIMEOUT_MS,
    });
    const aside = quote ? ` (${quote.promisedDate ? 'the order differs from its quote' : 'its quote had no date'})` : '';
    if (answer.promisedDate) {
      const promisedDate = new Date(answer.promisedDate);
      return { promisedDate, note: `Delivery promised for ${promisedDate.toISOString()}${aside}.` };
    }
    const why = answer.reason ?? 'Scheduling could not promise a date now';
    return {
      promisedDate: null,
      note: `No delivery date promised yet${aside}: ${why}. The date is set when production is planned.`,
    };
  }
}

/**
 * The quote's date holds only for what was quoted: the same lines in the same order, each the
 * same product, version, selections and quantity. (A quote for one chair promises nothing for ten.)
 */
export function quoteCovers(quote: Pick<QuoteEntity, 'lines'>, lines: PricedLine[]): boolean {
  return (
    quote.lines.length === lines.length &&
    lines.every((line, index) => {
      const quoted = quote.lines[index];
      return (
        quoted.productId === line.productId &&
        quoted.version === line.version &&
        quoted.quantity === line.quantity &&
        canonicalJson(quoted.selections) === canonicalJson(line.selections)
      );
    })
  );
}
