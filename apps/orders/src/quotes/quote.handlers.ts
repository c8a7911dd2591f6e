import { Injectable, type OnModuleInit } from '@nestjs/common';
import { OrdersRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { QuoteService } from './quote.service';

@Injectable()
export class QuoteHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly quotes: QuoteService,
  ) {}

  onModuleInit(): void {
    this.requests.handle(OrdersRequests.quote, ({ customerId, lines, requestedDate }, ctx) =>
      this.quotes.quote({ customerId, lines, requestedDate }, ctx.correlationId),
    );
  }
}
