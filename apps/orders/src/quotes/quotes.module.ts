import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CapableToPromise } from './capable-to-promise';
import { HeldModels } from './held-models';
import { LinePricing } from './line-pricing';
import { QuoteEntity } from './quote.entity';
import { QuoteHandlers } from './quote.handlers';
import { QuoteService } from './quote.service';

/** Quotes: their prices and promised dates. */
@Module({
  imports: [TypeOrmModule.forFeature([QuoteEntity])],
  controllers: [QuoteHandlers],
  providers: [HeldModels, LinePricing, CapableToPromise, QuoteService],
  exports: [LinePricing, CapableToPromise, QuoteService],
})
export class QuotesModule {}
