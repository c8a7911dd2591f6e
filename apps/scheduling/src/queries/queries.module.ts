import { Module } from '@nestjs/common';
import { QueryHandlers } from './query.handlers';
import { QuoteService } from './quote.service';
import { ScheduleView } from './schedule-view.service';

/** Reads of the plan: capable-to-promise quotes and the schedule view. They change nothing. */
@Module({
  controllers: [QueryHandlers],
  providers: [QuoteService, ScheduleView],
})
export class QueriesModule {}
