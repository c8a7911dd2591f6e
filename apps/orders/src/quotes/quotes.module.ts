import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LinePricing } from './line-pricing';
import { QuoteEntity } from './quote.entity';
import { QuoteHandlers } from './quote.handlers';
import { QuoteService } from './quote.service';

@Module({
  imports: [TypeOrmModule.forFeature([QuoteEntity])],
  providers: [LinePricing, QuoteService, QuoteHandlers],
  exports: [LinePricing, QuoteService],
})
export class QuotesModule {}
