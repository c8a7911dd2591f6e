import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '@atelier/platform';
import { CapableToPromise } from './capable-to-promise';
import { LinePricing } from './line-pricing';
import { QuoteEntity } from './quote.entity';
import { QuoteHandlers } from './quote.handlers';
import { QuoteService } from './quote.service';

/** Quotes, and the app's one Clock (the orders module reads the same one). */
@Module({
  imports: [TypeOrmModule.forFeature([QuoteEntity])],
  providers: [Clock, LinePricing, CapableToPromise, QuoteService, QuoteHandlers],
  exports: [Clock, LinePricing, CapableToPromise, QuoteService],
})
export class QuotesModule {}
