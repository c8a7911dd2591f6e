import { Controller } from '@nestjs/common';
import { SchedulingRequests, type ReplyOf, type RequestOf } from '@atelier/contracts';
import { Handles } from '@atelier/messaging';
import { QuoteService } from './quote.service';
import { ScheduleView } from './schedule-view.service';

const { quote, schedule } = SchedulingRequests;

/** NATS requests that read the plan (quotes, the schedule): thin, one call each. */
@Controller()
export class QueryHandlers {
  constructor(
    private readonly quotes: QuoteService,
    private readonly view: ScheduleView,
  ) {}

  @Handles(quote)
  quote(request: RequestOf<typeof quote>): Promise<ReplyOf<typeof quote>> {
    return this.quotes.quote(request);
  }

  @Handles(schedule)
  schedule(request: RequestOf<typeof schedule>): Promise<ReplyOf<typeof schedule>> {
    return this.view.operations(request);
  }
}
