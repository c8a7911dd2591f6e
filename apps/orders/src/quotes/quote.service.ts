import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AppError, SchedulingRequests, type PricedLine, type QuoteLineRequest, type QuoteView } from '@atelier/contracts';
import { RequestClient } from '@atelier/messaging';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
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
  private readonly logger = new Logger(QuoteService.name);

  constructor(
    @InjectRepository(QuoteEntity) private readonly quotes: Repository<QuoteEntity>,
    private readonly pricing: LinePricing,
    private readonly requests: RequestClient,
  ) {}

  async quote(request: QuoteRequest, correlationId: string): Promise<QuoteView> {
    const priced = await this.pricing.price(request.lines, correlationId);
    const promise = await this.promise(priced.lines, request.requestedDate, correlationId);
    const now = new Date();
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
    const quote = /^[0-9a-f-]{36}$/i.test(quoteId) ? await this.quotes.findOne({ where: { id: quoteId, customerId } }) : null;
    if (!quote) throw new AppError('VALIDATION_FAILED', 'Unknown quote', [{ path: 'quoteId', message: 'no such quote' }]);
    if (quote.validUntil.getTime() <= Date.now()) {
      throw new AppError('VALIDATION_FAILED', 'The quote has expired', [
        { path: 'quoteId', message: `valid until ${quote.validUntil.toISOString()}` },
      ]);
    }
    return quote;
  }

  /** A quote without a date beats no quote: when scheduling cannot answer, say why and go on. */
  private async promise(lines: PricedLine[], requestedDate: string | undefined, correlationId: string) {
    try {
      return await this.requests.request(
        SchedulingRequests.quote,
        {
          lines: lines.map((line, index) => ({ lineId: `line-${index + 1}`, quantity: line.quantity, routing: line.routing })),
          ...(requestedDate ? { requestedDate } : {}),
        },
        { correlationId, timeoutMs: PROMISE_TIMEOUT_MS },
      );
    } catch (error) {
      this.logger.warn(`No promise for a quote: ${(error as Error).message}`);
      const code = error instanceof AppError ? error.code : 'INTERNAL';
      return { promisedDate: null, reason: `Scheduling could not promise a date now (${code})` };
    }
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
