import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AppError, isUuid, type PricedLine, type QuoteLineRequest, type QuoteView } from '@atelier/contracts';
import { Clock } from '@atelier/platform';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { CapableToPromise } from './capable-to-promise';
import { LinePricing } from './line-pricing';
import { QuoteEntity } from './quote.entity';

const QUOTE_VALIDITY_MS = 24 * 60 * 60 * 1000;
const PROMISE_TIMEOUT_MS = 5_000;

export interface QuoteRequest {
  customerId: string;
  lines: QuoteLineRequest[];
  requestedDate?: string;
}

/** Quotes: a price from the configurator and a capable-to-promise date from scheduling, kept for a day. */
@Injectable()
export class QuoteService {
  constructor(
    @InjectRepository(QuoteEntity) private readonly quotes: Repository<QuoteEntity>,
    private readonly pricing: LinePricing,
    private readonly capableToPromise: CapableToPromise,
    private readonly clock: Clock,
  ) {}

  async quote(request: QuoteRequest, correlationId: string): Promise<QuoteView> {
    const priced = await this.pricing.price(request.lines, correlationId);
    // A quote without a date beats no quote: when scheduling cannot answer, the quote says why.
    const promise = await this.capableToPromise.promise(priced.lines, request.requestedDate, {
      correlationId,
      timeoutMs: PROMISE_TIMEOUT_MS,
    });
    const now = this.clock.now();
    const entity = this.quotes.create({
      id: randomUUID(),
      customerId: request.customerId,
      lines: priced.lines.map(withBomSummary),
      totalAmount: priced.total.amount,
      currency: priced.total.currency,
      requestedDate: request.requestedDate ? new Date(request.requestedDate) : null,
      promisedDate: promise.promisedDate ? new Date(promise.promisedDate) : null,
      promiseReason: promise.reason ?? null,
      validUntil: new Date(now.getTime() + QUOTE_VALIDITY_MS),
      createdAt: now,
    });
    await this.quotes.insert(entity);
    return toView(entity);
  }

  /** The quote an order refers to must be the customer's own and still valid. */
  async usableQuote(customerId: string, quoteId: string): Promise<QuoteEntity> {
    const quote = isUuid(quoteId) ? await this.quotes.findOne({ where: { id: quoteId, customerId } }) : null;
    if (!quote) throw new AppError('VALIDATION_FAILED', 'Unknown quote', [{ path: 'quoteId', message: 'no such quote' }]);
    if (quote.validUntil.getTime() <= this.clock.nowMs()) {
      throw new AppError('VALIDATION_FAILED', 'The quote has expired', [
        { path: 'quoteId', message: `valid until ${quote.validUntil.toISOString()}` },
      ]);
    }
    return quote;
  }
}

function withBomSummary(line: PricedLine): QuoteView['lines'][number] {
  return { ...line, bomSummary: { lines: line.bom.length, items: line.bom.map((b) => b.item) } };
}

function toView(quote: QuoteEntity): QuoteView {
  return {
    id: quote.id,
    lines: quote.lines,
    total: { amount: quote.totalAmount, currency: quote.currency },
    promisedDate: quote.promisedDate?.toISOString() ?? null,
    ...(quote.promiseReason ? { promiseReason: quote.promiseReason } : {}),
    validUntil: quote.validUntil.toISOString(),
  };
}
