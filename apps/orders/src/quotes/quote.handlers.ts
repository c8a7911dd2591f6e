import { Controller } from '@nestjs/common';
import { OrdersRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles, type RequestContext } from '@atelier/messaging';
import { QuoteService } from './quote.service';

const { quote } = OrdersRequests;

/** NATS entry point of quotes. */
@Controller()
export class QuoteHandlers {
  constructor(private readonly quotes: QuoteService) {}

  @Handles(quote)
  quote({ customerId, lines, requestedDate }: RequestOf<typeof quote>, ctx: RequestContext): Promise<ReplyOf<typeof quote>> {
    return this.quotes.quote({ customerId, lines, requestedDate }, ctx.correlationId);
  }
}
