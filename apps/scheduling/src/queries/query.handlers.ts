import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SchedulingRequests } from '@atelier/contracts';
import { RequestServer } from '@atelier/messaging';
import { QuoteService } from './quote.service';
import { ScheduleView } from './schedule-view.service';

/** NATS requests that read the plan (quotes, the schedule): thin, one call each. */
@Injectable()
export class QueryHandlers implements OnModuleInit {
  constructor(
    private readonly requests: RequestServer,
    private readonly quotes: QuoteService,
    private readonly view: ScheduleView,
  ) {}

  onModuleInit(): void {
    this.requests.handle(SchedulingRequests.quote, (request) => this.quotes.quote(request));
    this.requests.handle(SchedulingRequests.schedule, (request) => this.view.operations(request));
  }
}
