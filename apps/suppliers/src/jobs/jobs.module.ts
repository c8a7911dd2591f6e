import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Queues } from '@atelier/contracts';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobOffers } from './job-offers.service';
import { JobEntity } from './job.entity';
import { JobHandlers } from './job.handlers';
import { JobService } from './job.service';
import { OfferDeadlines } from './offer-deadlines';
import { OfferExpiryWorker } from './offer-expiry.worker';
import { OfferSweep } from './offer-sweep';
import { OrderClosures } from './order-closures.service';

@Module({
  imports: [TypeOrmModule.forFeature([JobEntity]), BullModule.registerQueue({ name: Queues.offerDeadlines })],
  controllers: [JobHandlers],
  providers: [JobService, JobOffers, OrderClosures, OfferDeadlines, OfferExpiryWorker, OfferSweep],
})
export class JobsModule {}
